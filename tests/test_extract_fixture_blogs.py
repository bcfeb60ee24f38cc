"""Extraction over the full fixture blogs (fixtures/blogs/<name>/urls.tsv + expected.json).

Every post page listed in ``urls.tsv`` whose expectation is in ``expected.json`` goes through
``parse_post_page``; the fields the fixture states are compared exactly, ``must_contain`` /
``must_not_contain`` are checked on the raw body. Skips cleanly while the fixtures are absent.
"""

from __future__ import annotations

import html as html_lib
import json
from pathlib import Path

import pytest

from tistory_migrate.extract.post import parse_post_page
from tistory_migrate.urls import classify

BLOGS = Path(__file__).resolve().parents[1] / "fixtures" / "blogs"
# must_not_contain in expected.json describes the *normalized* body; ads and more/less buttons
# inside the body container are the normalizer's to remove (the raw body keeps them on
# purpose). What the extractor itself must keep out is the chrome around the container:
RAW_CHROME = ("another_category", "카테고리의 다른 글", "구독하기", "공감", "container_postbtn", "area_related")
FIELDS = ("title", "published", "updated", "category", "tags", "author", "kind", "status", "url", "slug_url")


def _url_map(folder: Path) -> dict[str, Path]:
    from tistory_migrate.fetch.mirror import url_key  # the integrator's URL matching, shared with the fetcher

    table: dict[str, Path] = {}
    for line in (folder / "urls.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or cols[1] == "-":
            continue
        status = int(cols[2]) if len(cols) > 2 and cols[2].strip().isdigit() else 200
        if status == 200:
            table[url_key(cols[0])] = folder / cols[1]
    return table


def _expected_posts(data) -> list[dict]:
    posts = data.get("posts", data) if isinstance(data, dict) else data
    if isinstance(posts, dict):
        posts = [dict(v, id=v.get("id", k)) for k, v in posts.items()]
    return [p for p in posts if isinstance(p, dict)]


def _cases():
    cases = []
    for expected_file in sorted(BLOGS.glob("*/expected.json")):
        folder = expected_file.parent
        if not (folder / "urls.tsv").is_file():
            continue
        data = json.loads(expected_file.read_text(encoding="utf-8"))
        for post in _expected_posts(data):
            if post.get("status", "public") not in ("public", "protected") or not post.get("url"):
                continue
            cases.append(pytest.param(folder, post, id=f"{folder.name}-{post.get('id')}"))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("folder", "expected"), CASES or [pytest.param(None, None, id="none")])
def test_fixture_post(folder, expected):
    from tistory_migrate.fetch.mirror import url_key

    pages = _url_map(folder)
    page_url = next((u for u in (expected.get("url"), expected.get("slug_url")) if u and url_key(u) in pages), None)
    if page_url is None:
        pytest.skip(f"{expected.get('url')} is not served by urls.tsv")
    html = pages[url_key(page_url)].read_text(encoding="utf-8")
    result = parse_post_page(html, page_url)
    want_kind = "protected" if expected.get("status") == "protected" else "post"
    assert result.kind == want_kind, result.reason
    post = result.post
    assert post.id == str(expected.get("id", classify(expected["url"]).id))
    for name in FIELDS:
        if name in expected:
            assert getattr(post, name) == expected[name], name
    if "category_source" in expected:  # issue 14: where the category came from, and the warning naming it
        assert post.extra.get("category_source") == expected["category_source"]
    for text in expected.get("warnings_contain", []):
        assert text in post.warnings, (text, post.warnings)
    unescaped = html_lib.unescape(post.body_raw)  # "<int>" in a code block is "&lt;int&gt;" raw
    for text in expected.get("must_contain", []):
        assert text in post.body_raw or text in unescaped, text
    for text in expected.get("must_not_contain", []):
        if text in RAW_CHROME:
            assert text not in post.body_raw, text
    for marker in ("another_category", "container_postbtn", "area_related"):  # markup, never text
        assert marker not in post.body_raw, marker
