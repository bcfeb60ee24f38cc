"""Discovery from Tistory's JSON post and notice lists (issue 15): the parser, the page size found
with at most two requests, the same posts with and without the endpoints, and the HTML front list
read only to its first page when the JSON list holds the blog's own count."""

from __future__ import annotations

import json

import pytest

from support.loopback import scrape_loopback
from support.paths import DEMO_BLOG, FIXTURES
from tistory_migrate.archive import Archive
from tistory_migrate.extract.api_lists import ApiShapeError, parse_category_tree, parse_entry_list
from tistory_migrate.settings import Settings

LISTS = FIXTURES / "api" / "seodaemun-lists"
FAST = Settings().with_overrides("fetch", page_delay=0.0, media_delay=0.0, retries=1, backoff_base=0.01)
DEMO = "https://seodaemun.tistory.com"


def scrape(folders, archive, settings=FAST):
    return scrape_loopback(folders, DEMO, archive, settings)


def test_parse_entry_list():
    body = json.dumps({"data": {"items": [{"title": "가", "path": "/12"}, {"id": 7, "title": "나", "path": "/entry/slug"}],
                                "nextPage": 1, "totalCount": 30}}).encode()
    page = parse_entry_list(body, "application/json", "https://a.tistory.com")
    assert [(r.id, r.url, r.title) for r in page.refs] == [("12", "https://a.tistory.com/12", "가"),
                                                           ("7", "https://a.tistory.com/entry/slug", "나")]
    assert (page.next_page, page.total) == (1, 30)
    last = parse_entry_list(b'{"data": {"items": [{"path": "/3"}], "nextPage": 2, "isLast": true}}', "", "https://a")
    assert last.next_page is None


@pytest.mark.parametrize("body", [b'{"data": {"items": [{"title": "no path"}]}}', b'{"data": {"items": [{"path": "//evil.example/1"}]}}',
                                  b'{"data": []}', b"<html>login</html>", b"[" * 100_000])
def test_entry_lists_that_do_not_match_are_refused(body):
    with pytest.raises(ApiShapeError):
        parse_entry_list(body, "application/json", "https://a.tistory.com")


def test_same_posts_with_and_without_the_json_lists_and_fewer_list_pages(tmp_path):
    html_report, html_log = scrape([DEMO_BLOG], tmp_path / "html")
    json_report, json_log = scrape([LISTS, DEMO_BLOG], tmp_path / "json")
    assert html_report.exit_code == json_report.exit_code == 0
    with Archive.open(tmp_path / "html", readonly=True) as a, Archive.open(tmp_path / "json", readonly=True) as b:
        assert a.post_statuses() == b.post_statuses()
        assert {p.id: p.title for p in a.iter_posts()} == {p.id: p.title for p in b.iter_posts()}
    assert set(html_report.sources) == set(json_report.sources)  # the same report lines per source
    assert json_report.sources["list"] == html_report.sources["list"] + 1  # the JSON list also names the deleted 133
    assert f"{DEMO}/?page=2" in html_log and f"{DEMO}/?page=2" not in json_log  # front list: its first page only
    api = [u for u in json_log if "/m/api/entry/" in u]
    assert api == [f"{DEMO}/m/api/entry/0/POST?page=0&size=100", f"{DEMO}/m/api/entry/0/POST?page=0&size=20",
                   f"{DEMO}/m/api/entry/0/NOTICE?page=0&size=20"]  # the size found with two requests
    blog_host = lambda log: [u for u in log if u.startswith(DEMO)]  # noqa: E731
    assert len(blog_host(json_log)) < len(blog_host(html_log))  # even on a 14-post blog (the 404s of the lists included)
    # the size is remembered: the next run asks at 20 at once
    _report, again = scrape([LISTS, DEMO_BLOG], tmp_path / "json")
    assert [u for u in again if "/m/api/entry/" in u][0].endswith("size=20")


def test_the_category_tree_gives_full_paths_and_counts(tmp_path):
    scrape([LISTS, DEMO_BLOG], tmp_path / "a")
    with Archive.open(tmp_path / "a", readonly=True) as a:
        tree = dict(map(tuple, a.get_meta("category_tree")))
    assert tree["협치/원탁회의"] <= tree["협치"] and sum(v for k, v in tree.items() if "/" not in k) == 13


def test_parse_category_tree_and_its_bounds():
    tree, total = parse_category_tree(json.dumps({"data": [{"name": "여행", "entries": 5, "children": [
        {"name": "국내", "entries": 3}, {"name": "해외", "count": 2}]}, {"name": "일상", "entries": 4}]}).encode())
    assert [(c.path, c.count) for c in tree] == [("여행", 5), ("여행/국내", 3), ("여행/해외", 2), ("일상", 4)]
    assert total is None
    deep: dict = {"name": "0"}
    node = deep
    for n in range(1, 14):
        node["children"] = [{"name": str(n)}]
        node = node["children"][0]
    assert parse_category_tree(json.dumps({"data": [deep]}).encode())[0][-1].path.count("/") == 13
    for bad in (b'{"data": {"categories": [{"entries": 1}]}}', b'{"data": "x"}', b"[" * 100_000):
        with pytest.raises(ApiShapeError):
            parse_category_tree(bad)


def test_html_only_blog_asks_the_lists_once_per_later_run(tmp_path):
    scrape([DEMO_BLOG], tmp_path / "a")
    _report, log = scrape([DEMO_BLOG], tmp_path / "a")
    assert [u for u in log if "/m/api/entry/" in u] == [f"{DEMO}/m/api/entry/0/POST?page=0&size=20"]


def test_a_json_list_short_of_the_blog_count_walks_the_html_lists(tmp_path):
    short = tmp_path / "short"
    short.mkdir()
    data = json.loads((LISTS / "lists" / "post-0.json").read_text(encoding="utf-8"))
    data["data"]["items"] = data["data"]["items"][:5]
    (short / "post.json").write_text(json.dumps(data), encoding="utf-8")
    (short / "urls.tsv").write_text(f"{DEMO}/m/api/entry/0/POST?page=0&size=100\tpost.json\t200\t"
                                    "Content-Type: application/json\n", encoding="utf-8")
    report, log = scrape([short, DEMO_BLOG], tmp_path / "a")
    assert f"{DEMO}/?page=2" in log and report.exit_code == 0
    with Archive.open(tmp_path / "a", readonly=True) as a:
        assert len(a.post_ids()) == 15
