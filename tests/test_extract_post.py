"""parse_post_page over self-describing snippets (fixtures/snippets/extract/) and real pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tistory_migrate.extract.post import parse_post_page
from tistory_migrate.extract.pagemeta import is_tistory

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "fixtures" / "snippets" / "extract"
REAL = ROOT.parent / "shared" / "real-pages"


def snippet(name: str) -> str:
    return (SNIPPETS / f"{name}.html").read_text(encoding="utf-8")


# name, url, expected PageResult.kind, expected Post fields (subset), must_contain, must_not_contain
CASES = [
    ("magazine-2025-post", "https://devnote.tistory.com/637", "post",
     {"id": "637", "url": "https://devnote.tistory.com/637", "title": "[AI] Spec-kit 사용 후기",
      "published": "2025-11-13T17:09:01+09:00", "updated": "2025-12-30T21:27:58+09:00",
      "category": "Tools/개발 환경", "tags": ["spec-kit", "vibe coding"], "author": "tired_i",
      "kind": "post", "status": "public", "blog_id": "5257724", "slug_url": None, "warnings": []},
     ["1. Speck-kit이란?", "중첩된 div 안의 문단", "END-OF-BODY"],
     ["revenue_unit", "another_category", "postbtn_like", "SIDEBAR-TAG", "관련 글"]),
    ("minimal-pasted-document", "https://bomgil.tistory.com/220", "post",
     {"id": "220", "title": "KR Merit x KR reading material", "category": "설정 (System Lab)/작가로드맵",
      "published": "2025-12-12T14:13:34+09:00", "author": "봄길", "cover_image": None},
     ['<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>Reading list</title>',
      "<style>.card{border:1px solid #ccc}</style></head><body>", "PASTED-DOC-END</p></body></html>"],
     ["SIDEBAR-TEXT", "post-meta"]),
    ("classic-2020-entry-slug",
     "https://chakeun.tistory.com/entry/%EB%8D%B0%EC%8A%A4%EB%B0%B8%EB%A6%AC-%ED%8D%BC%EB%8B%88%EC%8A%A4%ED%81%AC%EB%A6%AD",
     "post",
     {"id": "1060", "url": "https://chakeun.tistory.com/1060",
      "slug_url": "https://chakeun.tistory.com/entry/%EB%8D%B0%EC%8A%A4%EB%B0%B8%EB%A6%AC-%ED%8D%BC%EB%8B%88%EC%8A%A4%ED%81%AC%EB%A6%AD",
      "category": "국립공원 여행기/데스밸리", "tags": ["국립공원", "데스밸리"], "author": "위기주부",
      "published": "2020-11-30T02:01:47+09:00"},
     ["BODY-START", "imageblock", "BODY-END", "tt_adsense_top"], ["tagTrail", "another_category"]),
    ("article-view-only", "https://x.tistory.com/15", "post",
     {"id": "15", "category": "일상", "extra": {"body_container": "article-view", "body_method": "raw", "category_source": "entryInfo"}},
     ["BODY-ONLY", "<div><p>안쪽</p></div>"], ["CHROME-AFTER", "another_category", "postbtn"]),
    ("notice-post", "https://blog.example.kr/notice/12", "post",
     {"id": "12", "kind": "notice", "url": "https://blog.example.kr/notice/12"}, ["운영을 종료"], []),
    ("old-2016-fallbacks", "https://old.tistory.com/17", "post",
     {"id": "17", "title": "옛날 글 제목", "published": "2013-10-26T23:21:37+09:00",
      "updated": "2013-10-27T08:00:00+09:00", "tags": ["옛날", "태그"], "author": "옛작가", "category": "일상"},
     ["옛날 본문"], []),
    ("odyssey-date-only", "https://0314625.tistory.com/98", "post",
     {"id": "98", "published": "2018-01-19T00:00:00+09:00", "author": "예르체",
      "category": "Survival/다잉라이트 서브퀘스트"}, ["본문"], ["another_category"]),
    ("broken-div-in-attribute", "https://x.tistory.com/5", "post",
     {"id": "5", "extra": {"body_container": "tt_article_useless_p_margin", "body_method": "lxml"}},
     ["BODY-TEXT"], ["AFTER-CONTAINER"]),
    ("protected-post", "https://diary.tistory.com/77", "protected",
     {"id": "77", "status": "protected", "title": "비밀 일기", "published": "2022-05-06T07:08:09+09:00",
      "body_raw": ""}, [], []),
]


@pytest.mark.parametrize(("name", "url", "kind", "fields", "must", "must_not"), CASES, ids=[c[0] for c in CASES])
def test_snippet(name, url, kind, fields, must, must_not):
    result = parse_post_page(snippet(name), url)
    assert result.kind == kind, result.reason
    post = result.post
    assert post is not None
    for key, value in fields.items():
        assert getattr(post, key) == value, key
    for text in must:
        assert text in post.body_raw
    for text in must_not:
        assert text not in post.body_raw
    assert post.images == [] and post.attachments == [] and post.embeds == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [("kakao-login-block", "blocked"), ("tistory-404", "not_post")],
)
def test_pages_that_are_not_posts(name, kind):
    result = parse_post_page(snippet(name), "https://x.tistory.com/3")
    assert result.kind == kind
    assert result.post is None and result.reason


@pytest.mark.parametrize(
    ("warning_start", "name"),
    [
        ("published: the page shows the day only", "odyssey-date-only"),
        ("published: taken from the odyssey-like skin header", "odyssey-date-only"),
        ("title: taken from JSON-LD", "old-2016-fallbacks"),
        ("tags: taken from window.tiara", "old-2016-fallbacks"),
        ("category: taken from the classic skin header", "classic-2020-entry-slug"),
        ("body: could not cut the raw HTML", "broken-div-in-attribute"),
        ("protected:", "protected-post"),
    ],
)
def test_fallbacks_leave_warnings(warning_start, name):
    post = parse_post_page(snippet(name), "https://x.tistory.com/1").post
    assert any(w.startswith(warning_start) for w in post.warnings), post.warnings


def test_og_regdate_is_never_used():
    # og:regDate says 05:09:01 (12-hour clock); only article:published_time's 17:09:01 is right.
    post = parse_post_page(snippet("magazine-2025-post"), "https://devnote.tistory.com/637").post
    assert post.published.startswith("2025-11-13T17:09")
    html = snippet("magazine-2025-post").replace('<meta property="article:published_time" content="2025-11-13T17:09:01+09:00">', "")
    html = html.replace('"datePublished":"2025-11-13T17:09:01+09:00",', "")
    post = parse_post_page(html, "https://devnote.tistory.com/637").post
    assert post.published == "2025-11-13T17:09:00+09:00"  # the skin's visible time, not og:regDate


def test_article_section_is_not_the_category():
    html = snippet("classic-2020-entry-slug")
    post = parse_post_page(html, "https://chakeun.tistory.com/1060").post
    assert post.category != "해외여행"


def test_missing_title_is_not_a_post():
    html = snippet("article-view-only").replace('<meta property="og:title" content="아티클 뷰만 있는 글">', "")
    result = parse_post_page(html, "https://x.tistory.com/15")
    assert result.kind == "not_post" and "title" in result.reason.english()


def test_blog_info():
    result = parse_post_page(snippet("magazine-2025-post"), "http://devnote.tistory.com/637")
    blog = result.blog
    assert (blog.base_url, blog.title, blog.blog_id, blog.name, blog.author, blog.custom_domain) == (
        "https://devnote.tistory.com", "개발 노트", "5257724", "devnote", "tired_i", False)
    custom = parse_post_page(snippet("notice-post"), "https://blog.example.kr/notice/12").blog
    assert custom.custom_domain and custom.tistory_host == "example.tistory.com"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", False), ("<html><body>plain</body></html>", False), ('<meta property="article:txid" content="1_2">', True),
     ("<script>window.T.config = {}</script>", True), ('<script src="//t1.daumcdn.net/tiara/js/v1/tiara.min.js">', True)],
)
def test_is_tistory(text, expected):
    assert is_tistory(text) is expected


@pytest.mark.parametrize("garbage", ["", "   ", "<", "<?xml version='1.0' encoding='utf-8'?><x/>", "\x00\x01", "<html>"])
def test_garbage_never_raises(garbage):
    assert parse_post_page(garbage, "https://x.tistory.com/1").kind in ("not_post", "post", "blocked", "protected")


# --- real pages (shared/real-pages, optional): structure only, their % signs were stripped ---

REAL_CASES = [
    ("2009-classic-skin-post-dom-dump.html", "https://leeesann.tistory.com/1023",
     {"id": "1023", "title": "옛정이 그리워지는 농촌마을의 전원풍경", "published": "2009-07-19T06:22:22+09:00",
      "updated": "2009-07-19T17:08:15+09:00", "category": "국내여행후기", "author": "pennpenn", "blog_id": "121128"},
     "contents_style", "무더위에 장마가 계속되는 여름입니다",
     ["카테고리의 다른 글", "google_ad_client", "tt-share-entry-with-sns", "daumSearchBox"]),
    ("2018-odyssey-like-post-dom-dump.html", "https://0314625.tistory.com/98",
     {"id": "98", "title": "(dying light)다잉라이트 서브퀘스트 공략 - 정지 명령", "published": "2018-01-19T00:45:26+09:00",
      "category": "Survival/다잉라이트 서브퀘스트", "author": "예르체", "blog_id": "2665627"},
     "tt_article_useless_p_margin", "정지 명령 서브퀘 정보 입니다",
     ["카테고리의 다른 글", "related-articles", "revenue_unit_wrap", "t_menu_tag"]),
]


@pytest.mark.skipif(not REAL.is_dir(), reason="shared/real-pages not available")
@pytest.mark.parametrize(("name", "url", "fields", "container", "text", "absent"), REAL_CASES, ids=["1023", "98"])
def test_real_page(name, url, fields, container, text, absent):
    result = parse_post_page((REAL / name).read_text(encoding="utf-8"), url)
    assert result.kind == "post", result.reason
    post = result.post
    for key, value in fields.items():
        assert getattr(post, key) == value, key
    assert post.extra["body_container"] == container and post.extra["body_method"] == "raw"
    assert text in post.body_raw
    for chrome in absent:
        assert chrome not in post.body_raw
    assert len(post.body_raw) > 5000


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' divpclassarticle-viewtt_article_useless_p_margin!-")), max_size=200))
def test_tag_soup_never_raises(text):
    html = '<meta property="og:type" content="article"><meta property="og:title" content="t">' + text
    assert parse_post_page(html, "https://x.tistory.com/1").kind in ("post", "not_post", "protected", "blocked")
