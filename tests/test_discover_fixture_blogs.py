"""Discovery parsers over the full fixture blogs: walking every list path page by page with
``next_url`` must visit the expected number of pages and find the expected ids; /rss and
/sitemap.xml must give the expected ids. Skips while fixtures/blogs/*/expected.json is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tistory_migrate.discover.listing import parse_list_page
from tistory_migrate.discover.rss import parse_rss
from tistory_migrate.discover.sitemap import parse_sitemap
from tistory_migrate.urls import classify

BLOGS = Path(__file__).resolve().parents[1] / "fixtures" / "blogs"
FOLDERS = [p.parent for p in sorted(BLOGS.glob("*/expected.json")) if (p.parent / "urls.tsv").is_file()]


def _pages(folder: Path) -> dict[str, Path]:
    from tistory_migrate.fetch.mirror import url_key

    table = {}
    for line in (folder / "urls.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and not line.startswith("#") and cols[1] != "-" and (len(cols) < 3 or cols[2] in ("", "200")):
            table[url_key(cols[0])] = folder / cols[1]
    return table


def _get(pages, url):
    from tistory_migrate.fetch.mirror import url_key

    path = pages.get(url_key(url))
    return path.read_text(encoding="utf-8") if path else None


def _slug_ids(expected) -> dict[str, str]:
    """/entry/ URL -> id: list pages of text-permalink blogs only show slugs (the id comes from
    the post page), so the expectation is mapped through the posts' slug_url."""
    from tistory_migrate.fetch.mirror import url_key

    posts = expected.get("posts", {})
    items = posts.items() if isinstance(posts, dict) else ((p.get("id"), p) for p in posts)
    return {url_key(p["slug_url"]): str(pid) for pid, p in items if p.get("slug_url")}


def _ids(refs_or_urls, slug_ids):
    from tistory_migrate.fetch.mirror import url_key

    return [slug_ids.get(url_key(u), u) if not i else i for i, u in refs_or_urls]


def _walk(pages, url):
    ids, count, seen = [], 0, set()
    while url and url not in seen and count < 50:
        seen.add(url)
        html = _get(pages, url)
        if html is None:
            break
        count += 1
        result = parse_list_page(html, url)
        ids += [(r.id, r.url) for r in result.refs]
        url = result.next_url
    return ids, count


@pytest.mark.parametrize("folder", FOLDERS or [None], ids=[f.name for f in FOLDERS] or ["none"])
def test_list_paths(folder):
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    pages = _pages(folder)
    base = expected["base_url"]
    found_on_lists = set()
    for path, page_count in expected.get("list_pages", {}).items():
        pairs, count = _walk(pages, base + path)
        assert count == page_count, path
        found_on_lists.update(_ids(pairs, _slug_ids(expected)))
    want = set(expected.get("source_ids", {}).get("list", []))
    assert want <= found_on_lists


@pytest.mark.parametrize("folder", FOLDERS or [None], ids=[f.name for f in FOLDERS] or ["none"])
def test_feeds(folder):
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    pages = _pages(folder)
    base = expected["base_url"]
    want = expected.get("source_ids", {})
    rss = _get(pages, base + "/rss")
    if rss is not None and "rss" in want:
        assert sorted(i.id for i in parse_rss(rss, base + "/rss")) == sorted(want["rss"])
    sitemap = _get(pages, base + "/sitemap.xml")
    if sitemap is not None and "sitemap" in want:
        result = parse_sitemap(sitemap, base + "/sitemap.xml")
        urls = list(result.post_urls)
        for nested in result.sitemap_urls:
            urls += parse_sitemap(_get(pages, nested) or "", nested).post_urls
        ids = _ids([(classify(u).id, u) for u in urls], _slug_ids(expected))
        assert sorted(ids) == sorted(want["sitemap"])
