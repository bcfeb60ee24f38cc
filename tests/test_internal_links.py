"""Links between posts of the old blog follow the posts to Naver once their new URLs are known."""

from __future__ import annotations

from datetime import date

from tistory_migrate.archive import Archive
from tistory_migrate.exporters.base import ExportOptions
from tistory_migrate.pipeline import export as run_export
from tistory_migrate.fetch.mirror import MirrorFetcher
from tistory_migrate.pipeline import Scraper, ScrapeOptions
from tistory_migrate.redirects import RedirectEntry, add_entries
from tistory_migrate.settings import Settings

from support.paths import DEMO_BLOG

NEW_156 = "https://blog.naver.com/seodaemun_gu/223100000156"


def test_naver_and_wxr_rewrite_links_to_resolved_posts(tmp_path):
    Scraper(MirrorFetcher([DEMO_BLOG]), Settings(), ScrapeOptions(url="https://seodaemun.tistory.com",
                                                                   archive=tmp_path / "a", offline=True)).run()
    with Archive.open(tmp_path / "a") as ar:
        run_export(ar, ["naver"], tmp_path / "before", Settings(), ExportOptions(start_date=date(2026, 1, 5)))
        add_entries(ar, {"156": RedirectEntry(NEW_156, "original-url")})
        run_export(ar, ["naver", "wxr"], tmp_path / "after", Settings(), ExportOptions(start_date=date(2026, 1, 5)))
    before = next((tmp_path / "before" / "naver" / "posts").glob("*-161")) / "body.html"
    after = next((tmp_path / "after" / "naver" / "posts").glob("*-161")) / "body.html"
    assert "seodaemun.tistory.com/156" in before.read_text(encoding="utf-8")
    text = after.read_text(encoding="utf-8")
    assert NEW_156 in text and "seodaemun.tistory.com/156\"" not in text
    assert "seodaemun.tistory.com/142" in text  # not resolved yet: left pointing at the old post
    assert "data-tm-" not in text
    wxr = next((tmp_path / "after" / "wxr").glob("*.xml")).read_text(encoding="utf-8")
    assert NEW_156 in wxr


def test_backup_body_links_resolve_against_the_blog_and_pictures_against_the_backup():
    from tistory_migrate.normalize import normalize_body

    body = normalize_body('<p><a href="/133">앞의 글</a></p><p><img src="./img/a.png"></p>',
                          page_url="backup:142/", blog_hosts={"seodaemun.tistory.com"},
                          link_base="https://seodaemun.tistory.com/142")
    assert body.internal_links == ["133"]
    assert 'href="https://seodaemun.tistory.com/133"' in body.html
    assert [m.original_url for m in body.images] == ["backup:142/img/a.png"]
    assert body.attachments == []
