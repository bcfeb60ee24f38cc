"""Phase 1 of the redirect map: every old URL form of the fixture blog's posts
(``support.fixture_blog``) in the redirects export."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import quote

from tistory_migrate.models import BlogInfo

from support.exporters import run_exporter
from support.fixture_blog import OLD, SLUG_101, SLUG_103, build_archive


# -- phase 1: every old URL form ---------------------------------------------------------------


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read Hangul"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_redirects_export_lists_every_old_url_form(tmp_path):
    with build_archive(tmp_path / "ar") as ar:
        summary = run_exporter(ar, "redirects", tmp_path / "out")
    rows = _csv(tmp_path / "out" / "redirects" / "redirects.csv")
    urls = {r["old_url"]: r for r in rows}
    enc = quote(SLUG_101, safe="")
    for form in (f"{OLD}/101", "http://seodaemun.tistory.com/101", f"{OLD}/m/101", f"{OLD}/entry/{SLUG_101}",
                 f"{OLD}/entry/{enc}", f"{OLD}/m/entry/{SLUG_101}", f"{OLD}/m/entry/{enc}", f"http://seodaemun.tistory.com/entry/{enc}"):
        assert urls[form]["post_id"] == "101", form
        assert urls[form]["new_url"] == ""
        assert urls[form]["title"] == "협치란? 서대문구, 협치 어떻게 할까요?"
        assert urls[form]["date"] == "2016-07-05"
    assert urls[f"{OLD}/notice/106"]["post_id"] == "106"
    assert f"{OLD}/106" not in urls  # a notice only lives under /notice/
    assert urls[f"{OLD}/m/notice/106"]["form"] == "mobile-notice"
    assert {r["post_id"] for r in rows} == {"101", "102", "103", "104", "105", "106", "107", "108"}
    # 104 has no slug: numeric + mobile, over https and http, on one host
    assert len([r for r in rows if r["post_id"] == "104"]) == 4
    assert summary.posts == 8 and summary.warnings  # nothing resolved yet: says what to run next


def test_redirects_export_covers_custom_domain_and_fills_resolved(tmp_path):
    custom = BlogInfo(base_url="https://blog.seodaemun.go.kr", host="blog.seodaemun.go.kr", name="seodaemun",
                      custom_domain=True, tistory_host="seodaemun.tistory.com", title="서대문구청")
    with build_archive(tmp_path / "ar", blog=custom) as ar:
        ar.set_meta("redirects", {"103": {"new_url": "https://blog.naver.com/tm_fixture/223100000003", "method": "original-url"}})
        run_exporter(ar, "redirects", tmp_path / "out")
    rows = _csv(tmp_path / "out" / "redirects" / "redirects.csv")
    urls = {r["old_url"]: r for r in rows}
    assert urls["https://blog.seodaemun.go.kr/103"]["new_url"] == "https://blog.naver.com/tm_fixture/223100000003"
    assert urls["http://blog.seodaemun.go.kr/m/entry/" + SLUG_103]["post_id"] == "103"
    assert urls["https://seodaemun.tistory.com/103"]["post_id"] == "103"
    assert urls["https://blog.seodaemun.go.kr/104"]["new_url"] == ""
