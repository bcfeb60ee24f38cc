"""A hostile network: a scrape through the fault-injecting server ends with the same archive as a
clean scrape (transient faults within the retry budget), and permanent failures are each reported
per URL with a reason and exit code 1. Loopback only; seeded; a few seconds per run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.archive_dump import canonical_dump, diff, integrity_problems
from support.cli import run_cli
from support.faults import DEFAULT_KINDS, FaultInjector, make_server
from tistory_migrate.errors import ExitCode
from tistory_migrate.fetch.http import HttpFetcher
from tistory_migrate.pipeline import Scraper, ScrapeOptions
from tistory_migrate.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "tistory_migrate" / "demo" / "seodaemun"
BLOG = "https://seodaemun.tistory.com"
RETRIES = 3
READ_TIMEOUT = 0.3

SETTINGS = Settings().with_overrides("fetch", page_delay=0.0, media_delay=0.0, retries=RETRIES, backoff_base=0.002,
                                     backoff_max=0.01, jitter=0.0, read_timeout=READ_TIMEOUT, connect_timeout=1.0)


def scrape(out: Path, hook=None, settings: Settings = SETTINGS):
    server = make_server([DEMO], hook=hook).start()
    try:
        fetcher = HttpFetcher(settings.fetch, resolve=server.resolve_map(), page_hosts={"seodaemun.tistory.com"})
        try:
            return Scraper(fetcher, settings, ScrapeOptions(url=BLOG, archive=out)).run()
        finally:
            fetcher.close()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean") / "archive"
    report = scrape(out)
    assert report.exit_code == 0, report.failed
    dump = canonical_dump(out)
    assert integrity_problems(out, dump) == []
    assert dump["counts"]["posts"] >= 10 and dump["counts"]["media"] >= 10
    return dump


@pytest.mark.parametrize("seed", [1, 7])
def test_transient_faults_end_with_the_clean_archive(tmp_path, clean, seed):
    faults = FaultInjector(seed=seed, rate=0.25, budget=RETRIES, stall_seconds=READ_TIMEOUT + 0.3)
    out = tmp_path / "archive"
    report = scrape(out, faults)
    stats = faults.stats
    assert stats.rate >= 0.10, stats.to_dict()
    assert stats.max_streak <= RETRIES
    assert len(stats.by_kind) >= 5, stats.to_dict()  # most kinds were exercised in this run
    assert report.exit_code == 0, (report.failed, report.media_failures, stats.to_dict())
    dump = canonical_dump(out)
    assert integrity_problems(out, dump) == []
    assert diff(clean, dump) == []


def test_every_kind_is_survived_alone(tmp_path, clean):
    """One kind at a time at a high rate: a failure names the kind the client mishandles."""
    for kind in DEFAULT_KINDS:
        faults = FaultInjector(seed=3, rate=0.3, kinds=[kind], budget=RETRIES, stall_seconds=READ_TIMEOUT + 0.3,
                               only_hosts=None if kind != "stall" else {"blog.kakaocdn.net"})
        out = tmp_path / kind
        report = scrape(out, faults)
        assert faults.stats.by_kind[kind] > 0, kind
        assert report.exit_code == 0, (kind, report.failed, report.media_failures)
        assert diff(clean, canonical_dump(out)) == [], kind


def test_undecodable_image_bytes_are_retried(tmp_path, clean):
    faults = FaultInjector(seed=5, rate=0.5, kinds=["garbage"], budget=RETRIES, only_hosts={"blog.kakaocdn.net"})
    out = tmp_path / "archive"
    report = scrape(out, faults)
    assert faults.stats.by_kind["garbage"] > 0
    assert report.exit_code == 0, report.media_failures
    assert diff(clean, canonical_dump(out)) == []


def test_transient_faults_while_reading_comments_end_with_the_clean_comments(tmp_path):
    comments = SETTINGS.with_overrides("scrape", comments=True)
    report = scrape(tmp_path / "clean", settings=comments)
    assert report.exit_code == 0, report.failed
    clean_comments = canonical_dump(tmp_path / "clean")["comments"]
    assert len(clean_comments["156"]) == 5
    faults = FaultInjector(seed=13, rate=0.3, budget=RETRIES, stall_seconds=READ_TIMEOUT + 0.3)
    report = scrape(tmp_path / "faulty", faults, settings=comments)
    assert any("/m/api/" in r.url for r in faults.log), faults.stats.to_dict()
    assert report.exit_code == 0, (report.failed, report.media_failures, faults.stats.to_dict())
    assert canonical_dump(tmp_path / "faulty")["comments"] == clean_comments


def test_a_comment_page_that_keeps_failing_is_reported_and_the_post_kept(tmp_path):
    page2 = BLOG + "/m/api/156/comment?startId=9004"
    faults = FaultInjector(permanent={page2: "503"})
    report = scrape(tmp_path / "a", faults, settings=SETTINGS.with_overrides("scrape", comments=True))
    assert report.exit_code == ExitCode.PARTIAL
    assert [(f.id, f.url, f.what) for f in report.failed] == [("156", page2, "comments")]
    assert "HTTP 503" in report.failed[0].reason.english()
    dump = canonical_dump(tmp_path / "a")
    assert "156" not in dump["comments"] and dump["posts"]["156"]["_row_status"] == "public"
    assert len(dump["comments"]) == 13


# -- the injector itself --------------------------------------------------------------------------
class _Entry:
    status = 200
    headers = {"content-type": "image/jpeg"}


def _decisions(inj: FaultInjector, url: str, n: int) -> list[str | None]:
    return [inj._decide(url, _Entry())[1] for _ in range(n)]


def test_injector_never_faults_more_in_a_row_than_the_budget():
    inj = FaultInjector(seed=0, rate=1.0, budget=2)
    got = _decisions(inj, "https://x/1", 9)
    assert [k is not None for k in got] == [True, True, False] * 3


def test_injector_is_seeded_per_url_and_attempt():
    a = _decisions(FaultInjector(seed=11, rate=0.4, kinds=list(DEFAULT_KINDS) + ["garbage"]), "https://x/a", 40)
    b = _decisions(FaultInjector(seed=11, rate=0.4, kinds=list(DEFAULT_KINDS) + ["garbage"]), "https://x/a", 40)
    c = _decisions(FaultInjector(seed=12, rate=0.4, kinds=list(DEFAULT_KINDS) + ["garbage"]), "https://x/a", 40)
    assert a == b and a != c
    assert any(a) and not all(a)


def test_garbage_only_hits_images():
    class Page:
        status = 200
        headers = {"content-type": "text/html"}

    inj = FaultInjector(seed=0, rate=1.0, kinds=["garbage"], budget=1)
    assert inj._decide("https://x/p", Page())[1] == "503"
    assert inj._decide("https://x/i", _Entry())[1] == "garbage"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        FaultInjector(kinds=["teapot"])


# -- permanent failures through the command line --------------------------------------------------
def test_permanent_failures_are_reported_per_url_with_exit_1(tmp_path):
    post = BLOG + "/112"  # not in the RSS feed, so no fallback body exists
    image = "https://blog.kakaocdn.net/dn/Hk2mZx/btqIa8Rk0Pw/Lw3qY8tZrN5vB0cXe7KsJ1/img.jpg"
    listing = BLOG + "/?page=2"
    permanent = {post: "503", image: "reset", listing: "500"}
    cfg = tmp_path / "fast.toml"
    cfg.write_text(f"[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = {RETRIES}\nbackoff_base = 0.01\n"
                   f"backoff_max = 0.05\nread_timeout = {READ_TIMEOUT}\n", encoding="utf-8")
    faults = FaultInjector(permanent=permanent)
    with make_server([DEMO], hook=faults) as server:
        result = run_cli(["scrape", BLOG, "-o", tmp_path / "a", *server.resolve_args(), "--config", cfg, "--json"])
    assert result.code == ExitCode.PARTIAL, result.text
    assert "Traceback" not in result.text
    report = json.loads(result.out)
    failed = {f["url"]: f["reason"] for f in report["failed"]}
    media = {f["url"]: f["reason"] for f in report["media_failures"]}
    assert "HTTP 503" in failed[post] and f"gave up after {RETRIES + 1} attempts" in failed[post]
    assert "HTTP 500" in failed[listing]
    assert image in media and "gave up" in media[image]
    # each permanent URL was tried exactly the retry budget + 1 times, not more, not less
    for url in (post, image):
        assert faults.faults_for(url).count(permanent[url]) == RETRIES + 1, url


def test_a_page_and_a_picture_that_drip_are_given_up_once_each_with_the_setting_named(tmp_path):
    """A server that sends one byte at a time (each read in time, the whole never) holds a page
    until ``fetch.page_deadline`` and a picture until it falls below ``fetch.media_min_rate``:
    each is reported per URL with its reason, asked for once (not retried), and the run ends."""
    post = BLOG + "/112"
    image = "https://blog.kakaocdn.net/dn/Hk2mZx/btqIa8Rk0Pw/Lw3qY8tZrN5vB0cXe7KsJ1/img.jpg"
    cfg = tmp_path / "drip.toml"
    cfg.write_text(f"[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = {RETRIES}\nbackoff_base = 0.01\n"
                   "read_timeout = 5.0\npage_deadline = 1.0\nmedia_min_rate = 1000\nmedia_rate_window = 1.0\n",
                   encoding="utf-8")
    faults = FaultInjector(permanent={post: "drip", image: "drip"})
    with make_server([DEMO], hook=faults) as server:
        result = run_cli(["scrape", BLOG, "-o", tmp_path / "a", *server.resolve_args(), "--config", cfg, "--json"])
    assert result.code == ExitCode.PARTIAL, result.text
    report = json.loads(result.out)
    failed = {f["url"]: f["reason"] for f in report["failed"]}
    media = {f["url"]: f["reason"] for f in report["media_failures"]}
    assert "did not arrive within 1 seconds (setting fetch.page_deadline)" in failed[post]
    assert "slower than 1000 bytes a second over 1 seconds (setting fetch.media_min_rate)" in media[image]
    assert faults.faults_for(post) == ["drip"]
    assert faults.faults_for(image) == ["drip"]

