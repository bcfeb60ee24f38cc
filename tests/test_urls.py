"""Tistory URL rules, table-driven (shared/docs/tistory-markup.md §1)."""

from __future__ import annotations

import pytest

from tistory_migrate.urls import URL_KINDS, blog_base, classify, pc_url, post_link_id, post_url, same_blog, strip_noise

BASE = "https://name.tistory.com"

# (url, kind, id, slug, mobile)
CLASSIFY = [
    ("https://name.tistory.com/123", "post", "123", None, False),
    ("https://NAME.Tistory.com/123/", "post", "123", None, False),
    ("/123", "post", "123", None, False),
    ("/123?category=1038140", "post", "123", None, False),
    ("/623#comment22430197", "post", "623", None, False),
    ("/entry/%ED%8B%B0%EC%8A%A4%ED%86%A0%EB%A6%AC-%EA%B8%80", "entry", None, "티스토리-글", False),
    ("/entry/티스토리-글", "entry", None, "티스토리-글", False),
    ("/entry/티스토리-글/", "entry", None, "티스토리-글", False),
    # NFD Hangul (typed on macOS) comes out NFC
    ("/entry/\u1110\u1175\u1109\u1173", "entry", None, "티스", False),
    ("/entry/C%2B%2B-%EA%B3%B5%EB%B6%80", "entry", None, "C++-공부", False),
    ("/m/637", "mobile", "637", None, True),
    ("/m/entry/hello-world", "mobile", None, "hello-world", True),
    ("/notice/12", "notice", "12", None, False),
    ("/m/notice/12", "notice", "12", None, True),
    ("/pages/about", "page", None, "about", False),
    ("/pages/%EC%86%8C%EA%B0%9C", "page", None, "소개", False),
    ("/category", "category", None, None, False),
    ("/category/Frontend/Web%20clone", "category", None, "Frontend/Web clone", False),
    ("/category/%EC%86%8C/Algorithm%20with%20C%2B%2B", "category", None, "소/Algorithm with C++", False),
    ("/category/ETC/%EB%8B%A8%20%26%20%28x%29", "category", None, "ETC/단 & (x)", False),
    ("/category/Tools/?page=3", "category", None, "Tools", False),
    ("/tag/vibe%20coding", "tag", None, "vibe coding", False),
    ("/tag/c%2B%2B", "tag", None, "c++", False),
    ("/tag", "tag", None, None, False),
    ("/archive/202511", "archive", None, "202511", False),
    ("/search/%ED%98%91%EC%B9%98", "search", None, "협치", False),
    ("/guestbook", "guestbook", None, None, False),
    ("/", "root", None, None, False),
    ("https://name.tistory.com", "root", None, None, False),
    ("/?page=2", "root", None, None, False),
    ("/rss", "rss", None, None, False),
    ("/sitemap.xml", "sitemap", None, None, False),
    ("https://blog.kakaocdn.net/dn/a/b/c/img.jpg", "media", None, None, False),
    ("https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B", "media", None, None, False),
    ("https://other.tistory.com/5", "other", None, None, False),
    ("https://example.com/5", "other", None, None, False),
    ("/manage/post/5", "other", None, None, False),
    ("/1234abc", "other", None, None, False),
]


@pytest.mark.parametrize(("url", "kind", "post_id", "slug", "mobile"), CLASSIFY)
def test_classify(url, kind, post_id, slug, mobile):
    info = classify(url, BASE)
    assert (info.kind, info.id, info.slug, info.mobile) == (kind, post_id, slug, mobile)


def test_classify_keeps_list_page_number_and_host():
    info = classify("https://Name.tistory.com/category/Tools?page=7")
    assert (info.kind, info.page, info.host) == ("category", 7, "name.tistory.com")


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("https://www.myblog.kr/77", "https://myblog.kr"),
        ("https://myblog.kr/77", "http://www.myblog.kr"),
        ("http://name.tistory.com/77", BASE),
    ],
)
def test_custom_domain_and_www_are_the_same_blog(url, base):
    assert classify(url, base).kind == "post"
    assert same_blog(url, base)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://x.tistory.com/123", "https://x.tistory.com"),
        ("https://X.TISTORY.COM/entry/a", "https://x.tistory.com"),
        ("http://www.custom.kr/1", "http://www.custom.kr"),
        ("https://custom.kr:443/1", "https://custom.kr"),
        ("x.tistory.com", "https://x.tistory.com"),
    ],
)
def test_blog_base(url, expected):
    assert blog_base(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.tistory.com/631?category=1038140", "https://x.tistory.com/631"),
        ("https://x.tistory.com/623#comment22430197", "https://x.tistory.com/623"),
        ("https://X.tistory.com/123/", "https://x.tistory.com/123"),
        ("http://x.tistory.com/123", "https://x.tistory.com/123"),
        ("https://x.tistory.com/?page=2", "https://x.tistory.com/?page=2"),
        ("https://x.tistory.com/category/A%20B?page=3&x=1", "https://x.tistory.com/category/A%20B?page=3"),
        ("https://x.tistory.com/123?page=2", "https://x.tistory.com/123"),
        ("https://x.tistory.com/entry/%ED%8B%B0?category=3", "https://x.tistory.com/entry/%ED%8B%B0"),
        ("http://custom.kr/5#entry5comment", "http://custom.kr/5"),
    ],
)
def test_strip_noise(url, expected):
    assert strip_noise(url) == expected


@pytest.mark.parametrize(
    ("post_id", "kind", "expected"),
    [
        ("123", "post", "https://x.tistory.com/123"),
        ("12", "notice", "https://x.tistory.com/notice/12"),
        ("소개", "page", "https://x.tistory.com/pages/%EC%86%8C%EA%B0%9C"),
    ],
)
def test_post_url(post_id, kind, expected):
    assert post_url("http://x.tistory.com/", post_id, kind) == expected


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/m/637", "https://x.tistory.com/637"),
        ("/m/notice/3", "https://x.tistory.com/notice/3"),
        ("/entry/티스토리", "https://x.tistory.com/entry/%ED%8B%B0%EC%8A%A4%ED%86%A0%EB%A6%AC"),
        ("/entry/%ED%8B%B0%EC%8A%A4%ED%86%A0%EB%A6%AC", "https://x.tistory.com/entry/%ED%8B%B0%EC%8A%A4%ED%86%A0%EB%A6%AC"),
        ("/category/a", None),
    ],
)
def test_pc_url_merges_spellings(href, expected):
    assert pc_url(href, "https://x.tistory.com") == expected


HOSTS = {"name.tistory.com", "blog.example.com"}


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://name.tistory.com/123", "123"),
        ("https://NAME.tistory.com/123/", "123"),
        ("https://name.tistory.com/m/123", "123"),
        ("https://name.tistory.com/notice/4", "4"),
        ("https://name.tistory.com/m/notice/4", "4"),
        ("http://blog.example.com/123?category=5#comment", "123"),
        ("https://name.tistory.com/entry/abc", "entry/abc"),
        ("https://name.tistory.com/m/entry/%ED%95%9C%EA%B8%80%E2%80%8B", "entry/한글"),
        ("https://name.tistory.com/entry/%E1%84%92%E1%85%A1%E1%86%AB", "entry/한"),  # NFD typed on a Mac
        ("https://name.tistory.com/pages/about", None),  # known by name, not by id
        ("https://name.tistory.com/category/x", None),
        ("https://name.tistory.com/tag/x", None),
        ("https://name.tistory.com/entry/a/b", None),
        ("https://other.tistory.com/123", None),
        ("https://www.blog.example.com/123", None),  # hosts are matched exactly
        ("/123", None),  # the normalizer resolves links against the page first
        ("mailto:a@b.c", None),
        ("", None),
    ],
)
def test_post_link_id(href, expected):
    assert post_link_id(href, HOSTS) == expected


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(max_size=60))
def test_classify_never_raises(text):
    info = classify(text, BASE)
    assert info.kind in URL_KINDS
    strip_noise(text)


@pytest.mark.parametrize("bad", ["http://[", "//[x", "https://[::1"])
def test_broken_urls_are_other_not_errors(bad):
    assert classify(bad, BASE).kind == "other"
    assert post_link_id(bad, HOSTS) is None
    strip_noise(bad)
