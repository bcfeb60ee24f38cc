"""Issue 14: ``scrape --reparse`` applies the new rules to the pages an archive already holds and
the report lists the posts whose category, body or pictures changed (``reparse_changed``, its
own list). The archive is the one the code before issue 14 left: the same tables (no schema
change), posts stored with the old rules' values (a leaf-only category and no
``category_source``, no picture for an original named only in ``onclick``)."""

from __future__ import annotations

from pathlib import Path

from support.cli import run_cli
from tistory_migrate.archive import Archive
from tistory_migrate.extract.post import parse_post_page
from tistory_migrate.models import BlogInfo
from tistory_migrate.normalize.images import find_media
from tistory_migrate.pipeline import Scraper, ScrapeOptions
from tistory_migrate.settings import Settings

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "snippets"
PAGES = {
    # url: (snippet, what the code before issue 14 stored differently)
    "https://survival.tistory.com/98": ("category/odyssey-2018-leaf-tree.html", {"category": "다잉라이트"}),
    "https://survival.tistory.com/99": ("pictures/odyssey-2018-http-hosts.html", {}),
    "https://survival.tistory.com/1024": ("pictures/classic-2009-open-img.html", {"images": "none"}),
}


def old_archive(root: Path) -> None:
    with Archive.open(root, create=True) as ar:
        ar.set_blog(BlogInfo(base_url="https://survival.tistory.com", host="survival.tistory.com", title="옛 블로그"))
        for url, (snippet, old) in PAGES.items():
            html = (FIX / snippet).read_text(encoding="utf-8")
            ar.put_page(url, 200, {"content-type": "text/html; charset=utf-8"}, html.encode("utf-8"), "post")
            post = parse_post_page(html, url).post
            post.images, post.attachments = find_media(post.body_raw, post.url)
            post.extra.pop("category_source", None)  # not stored before issue 14
            post.warnings = [w for w in post.warnings if not w.startswith("category")]
            post.warning_codes = []
            if "category" in old:
                post.category = old["category"]
            if old.get("images") == "none":
                post.images = []
            post.sources = ["list"]
            ar.put_post(post)


def test_reparse_lists_what_the_new_rules_changed(tmp_path):
    old_archive(tmp_path / "a")
    with Archive.open(tmp_path / "a", readonly=True) as ar:  # the old archive opens as it is
        assert {s.id: s.category_source for s in ar.post_summaries()} == {"98": None, "99": None, "1024": None}
    report = Scraper(None, Settings(), ScrapeOptions(archive=tmp_path / "a", reparse=True)).run()
    changed = {c.id: c.changed for c in report.reparse_changed}
    assert changed == {"98": ["category"], "1024": ["pictures"]}
    assert report.to_dict()["reparse_changed"][0]["changed"]
    assert report.category_sources == {"skin": 2, "tree": 1}
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        assert ar.get_post("98").category == "게임/다잉라이트"
        assert len(ar.get_post("1024").images) == 2
    shown = run_cli(["report", tmp_path / "a"])
    assert "Changed by the new rules" in shown.out and "1024" in shown.out
    assert "Category taken from:" in shown.out
