"""Every JSON the tool reads is read within bounds (``tistory_migrate.jsonbound``): 100,000
nested arrays are a clear refusal, never a RecursionError, wherever they come from (Naver's
post list, a page's script or JSON-LD, a body's placeholder, a received archive)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from support.cli import run_cli
from support.fixture_blog import build_archive
from tistory_migrate import jsonbound
from tistory_migrate.extract.pagemeta import js_object, read_meta
from tistory_migrate.markup import parse_document
from tistory_migrate.fetch.http import HttpFetcher
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.normalize import normalize_body
from tistory_migrate.redirects import naver_pages as nl
from tistory_migrate.redirects.resolve import resolve
from tistory_migrate.settings import FetchSettings

DEEP = "[" * 100_000 + "]" * 100_000


def test_deep_json_is_refused_with_a_reason():
    with pytest.raises(jsonbound.JsonRefused) as info:
        jsonbound.loads(DEEP)
    assert str(info.value) == "the JSON is nested more than 200 levels deep"
    assert isinstance(info.value, ValueError)
    with pytest.raises(jsonbound.JsonRefused):
        jsonbound.loads(DEEP.encode())
    with pytest.raises(jsonbound.JsonRefused):
        jsonbound.raw_decode("x = " + DEEP, 4)


def test_the_size_is_checked_before_anything_is_parsed():
    with pytest.raises(jsonbound.JsonRefused) as info:
        jsonbound.loads(b'"' + b"a" * 2000 + b'"', max_bytes=1000)
    assert str(info.value) == "the JSON is 2002 bytes, more than the limit of 1000"


@pytest.mark.parametrize("text, depth", [
    ("1", 0), ("[]", 1), ('{"a": [1, {"b": []}]}', 4),
    ('["[[[[", "\\"[[", {"k": "]]]{{{"}]', 2),  # brackets inside strings, escaped quotes
    ("[" * 200 + "]" * 200, 200), ("[" * 201 + "]" * 201, 201),
])
def test_nesting_depth_counts_brackets_outside_strings(text, depth):
    assert jsonbound.nesting_depth(text) == depth
    assert jsonbound.nesting_depth(text.encode()) == depth


def test_json_within_the_bounds_reads_as_json_does():
    value = {"a": [1, 2, {"b": "[{"}], "c": "한글", "d": None}
    text = json.dumps(value, ensure_ascii=False)
    assert jsonbound.loads(text) == value == jsonbound.loads(text.encode("utf-8"))
    assert jsonbound.loads("[" * 200 + "]" * 200) is not None
    assert jsonbound.raw_decode('x = {"a": 1}; y', 4) == ({"a": 1}, 12)
    with pytest.raises(json.JSONDecodeError):
        jsonbound.loads("{not json")


def test_naver_post_list_of_deep_arrays_is_a_clear_refusal():
    with pytest.raises(ValueError) as info:
        nl.parse_post_list(DEEP, "someone")
    assert str(info.value.args[0].english()) == "the post list was not read: the JSON is nested more than 200 levels deep"


def test_resolve_goes_on_when_the_post_list_is_deep(tmp_path: Path):
    site = tmp_path / "naver"
    site.mkdir()
    (site / "deep.json").write_text(DEEP, encoding="utf-8")
    (site / "urls.tsv").write_text(
        "https://blog.naver.com/PostTitleListAsync.naver?blogId=deep&currentPage=1&countPerPage=3\tdeep.json\t200\t"
        "Content-Type: application/json\n"
        "https://rss.blog.naver.com/deep.xml\t-\t404\n", encoding="utf-8")
    with FixtureServer([site]) as srv:
        hosts = {"blog.naver.com": srv.address, "rss.blog.naver.com": srv.address}
        fetcher = HttpFetcher(FetchSettings(page_delay=0, media_delay=0, respect_robots=False, retries=0), resolve=hosts)
        try:
            with build_archive(tmp_path / "ar") as ar:
                listed = tmp_path / "naver-urls.txt"
                listed.write_text("https://blog.naver.com/deep/223100000001\n", encoding="utf-8")
                report = resolve(ar, fetcher, naver_blog="deep", page_size=3, naver_urls_file=listed)
        finally:
            fetcher.close()
    assert report.sources["list"].english() == ("failed on page 1: the post list was not read: "
                                                "the JSON is nested more than 200 levels deep")


def test_page_scripts_json_ld_and_placeholders_are_bounded():
    page = ("<html><head><script type='application/ld+json'>" + DEEP + "</script>"
            "<script>window.T.config = " + "{\"a\":" * 50_000 + "1" + "}" * 50_000 + ";</script></head><body></body></html>")
    meta = read_meta(parse_document(page))
    assert meta.json_ld == [] and meta.t_config is None
    assert js_object("x = " + DEEP, "x") is None
    body = "<p>[##_Image|kage@a/b/c/img.png|CDM|1.3|" + "{\"x\":" * 50_000 + "1" + "}" * 50_000 + "_##]</p><p>글</p>"
    assert "글" in normalize_body(body, page_url="https://x.tistory.com/1", blog_hosts={"x.tistory.com"}).text


def test_a_received_archive_with_deep_records_is_damaged_not_a_crash(tmp_path: Path):
    build_archive(tmp_path / "A").close()
    with sqlite3.connect(tmp_path / "A" / "archive.sqlite3") as conn:
        conn.execute("UPDATE posts SET data=? WHERE id='101'", (DEEP,))
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('report', ?)", (DEEP,))
    result = run_cli(["report", str(tmp_path / "A")])
    assert result.code == 5 and "is damaged: the stored report is not readable" in result.text, result.text
    result = run_cli(["export", str(tmp_path / "A"), "-f", "jsonl", "-o", str(tmp_path / "out"), "--quiet"])
    assert result.code == 5 and "the record of post 101 is not readable" in result.text, result.text
    assert "Traceback" not in result.text
