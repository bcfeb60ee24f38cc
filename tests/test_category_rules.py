"""Issue 14, category rules, table-driven over fixtures/snippets/category/ (several skins and
eras): the full path before leaf-only sources, leaves completed from the sidebar tree when
unique, a warning naming the source, "no category" placeholders as null on every path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tistory_migrate.backup.merge import merge_posts
from tistory_migrate.discover.rss import parse_rss
from tistory_migrate.extract.post import parse_post_page
from tistory_migrate.models import Post, PostRef, category_path
from tistory_migrate.scrape.outcomes import rss_copy
from tistory_migrate.scrape.posts import merge_ref

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "fixtures" / "snippets" / "category"

# snippet, URL, category, source, a warning that starts with this (None: no category warning)
CASES = [
    ("classic-2009-link-href", "https://leesan.tistory.com/1023", "여행/국내", "skin",
     "category: taken from the old-classic skin header"),
    ("odyssey-2018-leaf-tree", "https://survival.tistory.com/98", "게임/다잉라이트", "tree",
     "category: 다잉라이트 from skin completed to 게임/다잉라이트"),
    ("custom-2013-another-category", "https://photo2013.tistory.com/412", "사진/계절/봄", "another_category",
     "category: taken from the 'other posts in this category' box"),
    ("classic-2020-tiara-ambiguous", "https://chakeun.tistory.com/1061", "기타", "tiara",
     "category: taken from tiara, which names the last level only"),
    ("custom-2013-unknown-skin-link", "https://photo2013.tistory.com/420", "사진/여름", "skin",
     "category: taken from the category link skin header"),
    ("magazine-2025-uncategorised", "https://devnote.tistory.com/640", None, "entryInfo", None),
    ("classic-2020-placeholder-text", "https://memo2020.tistory.com/55", None, "skin",
     "category: taken from the classic skin header"),
    ("classic-2020-real-named-placeholder", "https://memo2020.tistory.com/56", "분류없음", "skin",
     "category: taken from the classic skin header"),
]


@pytest.mark.parametrize(("name", "url", "category", "source", "warning"), CASES, ids=[c[0] for c in CASES])
def test_category_from_each_skin(name, url, category, source, warning):
    result = parse_post_page((SNIPPETS / f"{name}.html").read_text(encoding="utf-8"), url)
    assert result.kind == "post", result.reason
    post = result.post
    assert post.category == category
    assert post.extra.get("category_source") == source
    cat_warnings = [w for w in post.warnings if w.startswith("category")]
    if warning is None:
        assert cat_warnings == []
    else:
        assert any(w.startswith(warning) for w in cat_warnings), cat_warnings
    assert "category: not found" not in post.warnings


@pytest.mark.parametrize("value", ["카테고리 없음", " 분류없음 ", "분류없음", "\u1107\u116e\u11ab\u1105\u1172\u110b\u1165\u11b9\u110b\u1173\u11b7"])
def test_placeholders_are_none(value):
    assert category_path(value) is None
    assert category_path(value, frozenset({"분류없음", "카테고리 없음"})) is not None


@pytest.mark.parametrize("value", ["분류없음/메모", "메모/분류없음", "분류 없음 모음", "카테고리"])
def test_real_categories_keep_their_name(value):
    assert category_path(value) == value


def test_rss_placeholder_is_none_and_the_leaf_warns():
    xml = ("<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>t</title><link>https://b.tistory.com/</link>"
           "<item><title>a</title><link>https://b.tistory.com/7</link><description>&lt;p&gt;x&lt;/p&gt;</description>"
           "<category>분류없음</category><guid>https://b.tistory.com/7</guid><pubDate>Mon, 30 Nov 2020 02:01:47 +0900</pubDate></item>"
           "<item><title>b</title><link>https://b.tistory.com/8</link><description>&lt;p&gt;y&lt;/p&gt;</description>"
           "<category>데스밸리</category><guid>https://b.tistory.com/8</guid><pubDate>Mon, 30 Nov 2020 02:01:47 +0900</pubDate></item>"
           "</channel></rss>")
    first, second = parse_rss(xml, "https://b.tistory.com/rss")
    none = rss_copy(first, PostRef(id="7", url=first.url), first.url, "HTTP 500")
    assert none.category is None and "category_source" not in none.extra
    leaf = rss_copy(second, PostRef(id="8", url=second.url), second.url, "HTTP 500")
    assert leaf.category == "데스밸리" and leaf.extra["category_source"] == "rss"
    assert "category from RSS is the leaf name only" in leaf.warnings


def test_list_hint_never_overrides_a_page_that_said_no_category():
    page = parse_post_page((SNIPPETS / "magazine-2025-uncategorised.html").read_text(encoding="utf-8"),
                           "https://devnote.tistory.com/640").post
    merge_ref(page, PostRef(id="640", url=page.url, category_hint="일상", sources={"list"}))
    assert page.category is None
    blank = Post(id="9", url="https://x.tistory.com/9")
    merge_ref(blank, PostRef(id="9", url=blank.url, category_hint="분류없음", sources={"list"}))
    assert blank.category is None


def test_merge_drops_a_backup_placeholder():
    backup = Post(id="5", url="https://x.tistory.com/5", category="카테고리 없음", body_source="backup", status="public",
                  sources=["backup"])
    public = Post(id="5", url="https://x.tistory.com/5", category=None, status="public")
    merged = merge_posts(backup, public, public_status="public")
    assert merged.category is None


REAL = ROOT.parent / "shared" / "real-pages"


@pytest.mark.skipif(not REAL.is_dir(), reason="shared/real-pages not available")
@pytest.mark.parametrize(("name", "url", "category", "source"), [
    # the crawler stripped every %: the link's href no longer names its text, the box does
    ("2009-classic-skin-post-dom-dump.html", "https://leeesann.tistory.com/1023", "국내여행후기", "another_category"),
    ("2018-odyssey-like-post-dom-dump.html", "https://0314625.tistory.com/98", "Survival/다잉라이트 서브퀘스트", "skin"),
], ids=["2009", "2018"])
def test_real_pages(name, url, category, source):
    post = parse_post_page((REAL / name).read_text(encoding="utf-8"), url).post
    assert (post.category, post.extra["category_source"]) == (category, source)


def test_a_placeholder_stored_by_an_older_version_is_exported_as_none(tmp_path):
    """An archive written before issue 14 kept "분류없음" as a category (and no category_source):
    it opens as it is, and every reader (exports, reports) sees no category."""
    from support.cli import run_cli
    from tistory_migrate.archive import Archive
    from tistory_migrate.models import BlogInfo

    with Archive.open(tmp_path / "a", create=True) as ar:
        ar.set_blog(BlogInfo(base_url="https://old.tistory.com", host="old.tistory.com", title="옛 블로그"))
        for pid, cat in (("1", "분류없음"), ("2", "일상")):
            ar.put_post(Post(id=pid, url=f"https://old.tistory.com/{pid}", title=f"글 {pid}", category=cat,
                             published="2015-01-0%sT10:00:00+09:00" % pid, body_raw="<p>본문</p>", sources=["list"]))
    # what an older version's row holds: the placeholder itself
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        assert [s.category for s in ar.post_summaries()] == ["분류없음", "일상"]
        assert ar.get_post("1").category is None and ar.get_post("2").category == "일상"
    out = tmp_path / "out"
    assert run_cli(["export", tmp_path / "a", "--format", "jsonl", "--format", "wxr", "-o", out, "-q"]).code == 0
    import json
    cats = {json.loads(l)["id"]: json.loads(l)["category"]
            for l in (out / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines()}
    assert cats == {"1": None, "2": "일상"}
    assert "분류없음" not in next((out / "wxr").glob("*.xml")).read_text(encoding="utf-8")
