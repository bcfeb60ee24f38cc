"""parse_list_page over list-page snippets (fixtures/snippets/extract/list-*.html)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tistory_migrate.discover.listing import parse_list_page

SNIPPETS = Path(__file__).resolve().parents[1] / "fixtures" / "snippets" / "extract"


def page(name: str, url: str):
    return parse_list_page((SNIPPETS / f"{name}.html").read_text(encoding="utf-8"), url)


def test_magazine_front_page_refs():
    result = page("list-magazine-front", "https://devnote.tistory.com/?page=2")
    got = [(r.id, r.url, r.kind, r.title, r.summary, r.date_hint) for r in result.refs]
    assert got == [
        ("637", "https://devnote.tistory.com/637", "post", "[AI] Spec-kit 사용 후기", "1. Speck-kit이란? … 우리의 ..", "2025-11-13"),
        ("636", "https://devnote.tistory.com/636", "post", "두 번째 글", "둘째 요약..", "2025-11-02"),
        ("", "https://devnote.tistory.com/entry/%ED%8B%B0%EC%8A%A4%ED%86%A0%EB%A6%AC-%EC%9D%B4%EC%82%AC", "post", "티스토리 이사", None, "2025-10-30"),
        ("12", "https://devnote.tistory.com/notice/12", "notice", "공지", None, "2025-01-01"),
    ]
    assert all(r.sources == {"list"} for r in result.refs)
    assert result.is_tistory and result.title == "개발 노트"


def test_sidebar_comment_related_and_paging_links_are_ignored():
    result = page("list-magazine-front", "https://devnote.tistory.com/?page=2")
    ids = {r.id for r in result.refs}
    assert not ids & {"623", "401", "500"}


def test_next_page_and_category_tree():
    result = page("list-magazine-front", "https://devnote.tistory.com/?page=2")
    assert result.next_url == "https://devnote.tistory.com/?page=3"
    assert result.category_urls == [
        "https://devnote.tistory.com/category/Tools",
        "https://devnote.tistory.com/category/Tools/%EA%B0%9C%EB%B0%9C%20%ED%99%98%EA%B2%BD",
        "https://devnote.tistory.com/category/%EC%86%8C%EA%B0%9C/Algorithm%20with%20C%2B%2B",
    ]
    assert result.tag_urls == ["https://devnote.tistory.com/tag/spec-kit", "https://devnote.tistory.com/tag/vibe%20coding"]


def test_classic_last_page():
    result = page("list-classic-last-page", "https://seodaemun.tistory.com/category/%ED%98%91%EC%B9%98?page=4")
    got = [(r.id, r.title, r.summary, r.date_hint, r.category_hint, r.sources) for r in result.refs]
    assert got == [
        ("1200", "민과 관이 함께하는 협치 성과 공유파티", "따뜻한 사회, 모두가 행복한 서대문으로..", "2019-12-13", "협치/원탁회의", {"category"}),
        ("1100", '"민과 관이 함께 가다" 서대문 협치 일취월장!', '"협치가 뭐예요?"..', "2018-07-04", "협치", {"category"}),
    ]
    assert result.next_url is None
    assert not result.is_tistory


# (paging html, current url, expected next)
PAGING = [
    ('<a href="/?page=3" class="link_page link_next">다음</a>', "https://b.tistory.com/?page=2", "https://b.tistory.com/?page=3"),
    ('<a class="link_page link_next no-more-next">다음</a>', "https://b.tistory.com/?page=9", None),
    ('<a href="/?page=9" class="next no-more-next">다음</a>', "https://b.tistory.com/?page=9", None),
    ('<a class="next">다음</a>', "https://b.tistory.com/", None),
    ('<div class="paging"><a href="/tag/x?page=1">1</a><a href="/tag/x?page=2">2</a></div>', "https://b.tistory.com/tag/x", "https://b.tistory.com/tag/x?page=2"),
    ('<div class="paging"><a href="/tag/x?page=1">1</a><a href="/tag/x?page=7">7</a></div>', "https://b.tistory.com/tag/x?page=3", "https://b.tistory.com/tag/x?page=4"),
    ('<div class="paging"><a href="/tag/x?page=1">1</a><a href="/tag/x?page=2">2</a></div>', "https://b.tistory.com/tag/x?page=2", None),
    ("", "https://b.tistory.com/", None),
]


@pytest.mark.parametrize(("paging", "url", "expected"), PAGING)
def test_next_url(paging, url, expected):
    html = f"<html><body><main><ul><li><a href='/1'>one</a></li></ul>{paging}</main></body></html>"
    assert parse_list_page(html, url).next_url == expected


def test_absolute_same_host_and_foreign_links():
    html = """<html><body><div id="content">
      <a href="https://www.myblog.kr/5">five</a><a href="https://other.tistory.com/6">other</a>
      <a href="https://myblog.kr/m/7">seven</a><a href="/entry/%EA%B8%80?category=3">slug</a></div></body></html>"""
    refs = parse_list_page(html, "https://myblog.kr/").refs
    assert [(r.id, r.url) for r in refs] == [
        ("5", "https://myblog.kr/5"), ("7", "https://myblog.kr/7"), ("", "https://myblog.kr/entry/%EA%B8%80")]


@pytest.mark.parametrize("garbage", ["", "<", "<html></html>", "\x00"])
def test_garbage(garbage):
    assert parse_list_page(garbage, "https://b.tistory.com/").refs == []


def test_broken_hrefs_are_skipped():
    html = '<html><body><main><a href="http://[">x</a><a href="/3">three</a><a class="next" href="//[">n</a></main></body></html>'
    result = parse_list_page(html, "https://b.tistory.com/")
    assert [r.id for r in result.refs] == ["3"] and result.next_url is None
