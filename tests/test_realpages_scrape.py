"""Issue 14 end to end, through the loopback server (the real requests path): old image hosts
answer on the scheme the page used (https first, the page's http:// when https fails with a
TLS error, a dropped connection or an HTTP error), and a post whose page is gone keeps the
feed's body (status missing, body_source "rss") and is exported where non-public posts are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.cli import run_cli
from support.faults import FaultInjector
from support.paths import DEMO_BLOG
from tistory_migrate.archive import Archive
from tistory_migrate.fetch.http import HttpFetcher
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.pipeline import Scraper, ScrapeOptions
from tistory_migrate.settings import Settings

FAST = Settings().with_overrides("fetch", page_delay=0.0, media_delay=0.0, retries=1, backoff_base=0.001,
                                 backoff_max=0.002, jitter=0.0)
BLOG = "https://seodaemun.tistory.com"
# Post 112 (2016 old editor) names both pictures as http://cfileN.uf.tistory.com/image/… (docs §4.1 D).
UF5 = "cfile5.uf.tistory.com/original/2466A34F577B0C2A1E9D3C"
UF24 = "cfile24.uf.tistory.com/original/21540E3D577B0C3B2C8F11"
T1 = "t1.daumcdn.net/cfile/tistory/99A1C2445919A3B20E?original"  # written https:// by its page


def scrape(tmp_path: Path, hook=None, name: str = "a"):
    with FixtureServer([DEMO_BLOG], hook=hook) as srv:
        fetcher = HttpFetcher(FAST.fetch, resolve=srv.resolve_map())
        try:
            report = Scraper(fetcher, FAST, ScrapeOptions(url=BLOG, archive=tmp_path / name)).run()
        finally:
            fetcher.close()
        return report, list(srv.log)


class Answer:
    """Answer some URLs (scheme included) with a status; everything else as the folder says."""

    def __init__(self, answers: dict[str, int]):
        self.answers = answers

    def __call__(self, handler, url, entry):
        status = self.answers.get(url)
        if status is None:
            return False
        handler.send_body(status, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>no</body></html>")
        return True


def _logged(log, fragment: str) -> list[str]:
    return [str(entry) for entry in log if fragment in str(entry)]


def test_https_failures_fall_back_to_the_pages_own_http_url(tmp_path):
    faults = FaultInjector(permanent={f"https://{UF5}": "tls", f"https://{UF24}": "reset", f"https://{T1}": "reset"})
    report, _log = scrape(tmp_path, faults)
    assert faults.faults_for(f"https://{UF5}") and faults.faults_for(f"https://{UF24}")
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        post = ar.get_post("112")
        by_identity = {m.identity: m for m in post.images}
        for identity in (UF5, UF24):
            media = ar.get_media(identity)
            assert media.status == "ok", media
            assert media.original_url == f"http://{identity}"  # the URL that worked
            assert by_identity[identity].original_url == f"https://{identity}"  # the identity URL, as before
        # A picture the page itself wrote as https:// has no http:// to fall back to.
        t1 = ar.get_media("t1.daumcdn.net/cfile/tistory/99A1C2445919A3B20E")
        assert t1.status == "failed" and t1.original_url == f"https://{T1}"
    assert not faults.faults_for(f"http://{T1}")
    assert report.exit_code == 1 and any(f.url == f"https://{T1}" for f in report.media_failures)


def test_an_https_http_error_falls_back_too_and_jsonl_keeps_the_identity_url(tmp_path):
    report, _log = scrape(tmp_path, Answer({f"https://{UF5}": 403, f"https://{UF24}": 404}))
    assert report.exit_code == 0, report.media_failures
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        assert ar.get_media(UF5).original_url == f"http://{UF5}"
        assert ar.get_media(UF24).original_url == f"http://{UF24}"
    out = tmp_path / "out"
    assert run_cli(["export", tmp_path / "a", "--format", "jsonl", "-o", out, "-q"]).code == 0
    rec = next(json.loads(line) for line in (out / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
               if json.loads(line)["id"] == "112")
    urls = [i["original_url"] for i in rec["images"]]
    assert f"https://{UF5}" in urls and f"https://{UF24}" in urls


def test_a_clean_run_asks_https_only(tmp_path):
    report, log = scrape(tmp_path)
    assert report.exit_code == 0
    assert not _logged(log, f"http://{UF5}")
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        assert ar.get_media(UF5).original_url == f"https://{UF5}"


def test_a_gone_page_keeps_the_feeds_body_and_is_exported_where_non_public_posts_are(tmp_path):
    report, _log = scrape(tmp_path, Answer({f"{BLOG}/156": 404}))
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        post = ar.get_post("156")
        assert post.status == "missing" and post.body_source == "rss" and post.body_raw.strip()
        assert post.title and post.published and post.tags
        # the feed names the leaf "원탁회의"; the sidebar's category tree completes it
        assert post.category == "협치/원탁회의" and post.extra["category_source"] == "tree"
        assert any("RSS feed carries it" in w for w in post.warnings)
        assert len(post.images) == 4 and all(ar.get_media(m.identity).status == "ok" for m in post.images)
    assert [p.id for p in report.rescued] == ["156"]
    assert report.to_dict()["rescued"][0]["id"] == "156"
    out = tmp_path / "out"
    result = run_cli(["export", tmp_path / "a", "--format", "jsonl", "--format", "wxr", "--format", "redirects",
                      "--format", "naver", "-o", out, "-q"])
    assert result.code == 0, result.err
    records = {json.loads(line)["id"]: json.loads(line) for line in
               (out / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines()}
    assert records["156"]["status"] == "missing" and records["156"]["body_source"] == "rss"
    wxr = next((out / "wxr").glob("*.xml")).read_text(encoding="utf-8")
    item = wxr.split("<wp:post_id>156</wp:post_id>")[1].split("</item>")[0]
    assert "<wp:status><![CDATA[private]]></wp:status>" in item
    assert "/156" in (out / "redirects" / "redirects.csv").read_text(encoding="utf-8")
    plan = (out / "naver" / "plan.csv").read_text(encoding="utf-8-sig")
    row = next(line for line in plan.splitlines() if ",156," in line)
    assert "missing" in row
    # --include-private bundles it for Naver
    out2 = tmp_path / "out2"
    assert run_cli(["export", tmp_path / "a", "--format", "naver", "--include-private", "-o", out2, "-q"]).code == 0
    assert any("156" in p.name for p in (out2 / "naver" / "posts").iterdir())


def test_report_prints_the_rescued_list_and_category_sources(tmp_path):
    scrape(tmp_path, Answer({f"{BLOG}/156": 404}))
    result = run_cli(["report", tmp_path / "a"])
    assert result.code in (0, 1), result.err
    assert "Rescued from the feed" in result.out and "156" in result.out
    assert "Category taken from:" in result.out


class Page:
    """Answer one URL with a page of the given status and body."""

    def __init__(self, url: str, status: int, body: bytes):
        self.url, self.status, self.body = url, status, body

    def __call__(self, handler, url, entry):
        if url != self.url:
            return False
        handler.send_body(self.status, {"Content-Type": "text/html; charset=utf-8"}, self.body)
        return True


NOT_A_POST = (Path(__file__).resolve().parents[1] / "fixtures" / "snippets" / "extract" / "tistory-404.html").read_bytes()


@pytest.mark.parametrize(("status", "body"), [(410, b"<html><body>gone</body></html>"), (200, NOT_A_POST)],
                         ids=["410", "a Tistory error page answering 200"])
def test_every_kind_of_gone_page_keeps_the_feeds_copy(tmp_path, status, body):
    report, _log = scrape(tmp_path, Page(f"{BLOG}/156", status, body))
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        post = ar.get_post("156")
        assert (post.status, post.body_source) == ("missing", "rss") and post.rescued()
    assert [p.id for p in report.rescued] == ["156"]
