"""HttpFetcher against a real loopback server: retries, backoff, Retry-After, per-host delay,
robots.txt, size limit, conditional requests, --resolve routing."""

from __future__ import annotations

import time

import pytest

from tistory_migrate.errors import FetchError, RobotsBlocked, UsageError
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.fetch.http import HttpFetcher, parse_resolve, parse_retry_after
from tistory_migrate.settings import FetchSettings

BLOG = "https://blog.example.tistory.com"


def fast(**kw) -> FetchSettings:
    base = dict(page_delay=0.0, media_delay=0.0, retries=3, backoff_base=0.01, backoff_max=0.05, jitter=0.0,
                read_timeout=2.0, connect_timeout=2.0)
    base.update(kw)
    return FetchSettings(**base)


class Faults:
    """A server hook answering the first ``n`` attempts of a path with ``status``."""

    def __init__(self, path: str, status: int, n: int, headers: dict | None = None):
        self.path, self.status, self.n, self.headers = path, status, n, headers or {}
        self.seen = 0

    def __call__(self, handler, url, entry):
        if handler.path != self.path or self.seen >= self.n:
            return False
        self.seen += 1
        handler.send_body(self.status, {"Content-Type": "text/plain", **self.headers}, b"busy")
        return True


def serve(tiny_site, entries, hook=None):
    folder = tiny_site(entries)
    return FixtureServer([folder], hook=hook)


def test_resolve_routes_to_loopback_and_keeps_real_url(tiny_site):
    with serve(tiny_site, [(BLOG + "/1", "<p>one</p>", 200, {"Content-Type": "text/html; charset=utf-8"})]) as srv:
        f = HttpFetcher(fast(), resolve=srv.resolve_map())
        resp = f.get(BLOG + "/1")
        assert resp.status == 200 and resp.text == "<p>one</p>"
        assert resp.url == BLOG + "/1" and resp.final_url == BLOG + "/1"
        assert srv.log[-1] == BLOG + "/1"  # the server saw the real host and scheme


def test_retries_5xx_then_succeeds(tiny_site):
    hook = Faults("/2", 503, 2)
    sleeps = []
    with serve(tiny_site, [(BLOG + "/2", "ok")], hook) as srv:
        f = HttpFetcher(fast(), resolve=srv.resolve_map(), sleep=sleeps.append)
        assert f.get(BLOG + "/2").body == b"ok"
    assert hook.seen == 2
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0]  # exponential backoff
    assert f.stats.retries == 2


def test_gives_up_after_retry_budget(tiny_site):
    hook = Faults("/3", 500, 99)
    with serve(tiny_site, [(BLOG + "/3", "ok")], hook) as srv:
        f = HttpFetcher(fast(retries=2), resolve=srv.resolve_map(), sleep=lambda s: None)
        with pytest.raises(FetchError) as info:
            f.get(BLOG + "/3")
    assert hook.seen == 3 and "HTTP 500" in info.value.reason and info.value.status == 500


def test_retry_after_seconds_is_honoured(tiny_site):
    hook = Faults("/4", 429, 1, {"Retry-After": "7"})
    sleeps = []
    with serve(tiny_site, [(BLOG + "/4", "ok")], hook) as srv:
        f = HttpFetcher(fast(backoff_max=30), resolve=srv.resolve_map(), sleep=sleeps.append)
        assert f.get(BLOG + "/4").ok
    assert sleeps == [7.0]


def test_retry_after_http_date():
    now = 1_700_000_000.0
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:30 GMT", now=now) == pytest.approx(10.0)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None


def test_404_is_returned_not_raised(tiny_site):
    with serve(tiny_site, [(BLOG + "/5", "ok")]) as srv:
        f = HttpFetcher(fast(), resolve=srv.resolve_map())
        assert f.get(BLOG + "/nope").status == 404


def test_per_host_delay_spaces_requests(tiny_site):
    entries = [(BLOG + f"/{i}", "x") for i in range(4)] + [("https://img.example.net/a.png", "x")]
    with serve(tiny_site, entries) as srv:
        f = HttpFetcher(fast(page_delay=0.15, media_delay=0.0), resolve=srv.resolve_map())
        t0 = time.monotonic()
        for i in range(4):
            f.get(BLOG + f"/{i}")
        spent = time.monotonic() - t0
        t1 = time.monotonic()
        f.get("https://img.example.net/a.png", kind="media")
        media_spent = time.monotonic() - t1
    assert spent >= 0.45  # three waits of 0.15 s between four page requests
    assert media_spent < 0.15  # another host, media delay 0


def test_robots_txt_blocks_pages_not_media(tiny_site):
    robots = "User-agent: *\nDisallow: /manage\n"
    entries = [(BLOG + "/robots.txt", robots), (BLOG + "/manage/x", "secret"), (BLOG + "/1", "ok")]
    with serve(tiny_site, entries) as srv:
        f = HttpFetcher(fast(), resolve=srv.resolve_map())
        assert f.get(BLOG + "/1").ok
        with pytest.raises(RobotsBlocked) as info:
            f.get(BLOG + "/manage/x")
        assert "--ignore-robots" in info.value.reason
        assert f.get(BLOG + "/manage/x", kind="media").ok
        g = HttpFetcher(fast(respect_robots=False), resolve=srv.resolve_map())
        assert g.get(BLOG + "/manage/x").ok


def test_response_size_limit(tiny_site):
    with serve(tiny_site, [(BLOG + "/big", b"x" * 50_000)]) as srv:
        f = HttpFetcher(fast(max_page_bytes=10_000), resolve=srv.resolve_map())
        with pytest.raises(FetchError) as info:
            f.get(BLOG + "/big")
        assert "larger than the limit" in info.value.reason
        assert f.get(BLOG + "/big", max_bytes=60_000).ok


def test_conditional_request_gets_304(tiny_site):
    with serve(tiny_site, [(BLOG + "/rss", "<rss/>", 200, {"ETag": '"v1"'})]) as srv:
        f = HttpFetcher(fast(), resolve=srv.resolve_map())
        first = f.get(BLOG + "/rss")
        assert first.validators == {"etag": '"v1"'}
        again = f.get(BLOG + "/rss", validators=first.validators)
        assert again.status == 304 and again.body == b""


def test_redirects_are_followed_through_resolve(tiny_site):
    entries = [(BLOG + "/m/7", None, 301, {"Location": BLOG + "/7"}), (BLOG + "/7", "seven")]
    with serve(tiny_site, entries) as srv:
        f = HttpFetcher(fast(), resolve=srv.resolve_map())
        resp = f.get(BLOG + "/m/7")
        assert resp.body == b"seven" and resp.final_url == BLOG + "/7" and resp.url == BLOG + "/m/7"


def test_redirect_loop_is_an_error(tiny_site):
    entries = [(BLOG + "/a", None, 302, {"Location": BLOG + "/b"}), (BLOG + "/b", None, 302, {"Location": BLOG + "/a"})]
    with serve(tiny_site, entries) as srv:
        f = HttpFetcher(fast(), resolve=srv.resolve_map())
        with pytest.raises(FetchError, match="redirect loop"):
            f.get(BLOG + "/a")


def test_unreachable_port_fails_after_retries():
    f = HttpFetcher(fast(retries=1), resolve={"blog.example.tistory.com": "127.0.0.1:9"}, sleep=lambda s: None)
    with pytest.raises(FetchError) as info:
        f.get(BLOG + "/1")
    assert "gave up after 2 attempts" in info.value.reason


def test_truncated_body_is_retried(tiny_site):
    class Truncate:
        seen = 0

        def __call__(self, handler, url, entry):
            if handler.path != "/t" or self.seen:
                return False
            self.seen += 1
            handler.send_response(200)
            handler.send_header("Content-Length", "100")
            handler.end_headers()
            handler.wfile.write(b"short")
            handler.close_connection = True
            return True

    hook = Truncate()
    with serve(tiny_site, [(BLOG + "/t", "complete")], hook) as srv:
        f = HttpFetcher(fast(), resolve=srv.resolve_map(), sleep=lambda s: None)
        assert f.get(BLOG + "/t").body == b"complete"
    assert hook.seen == 1


def test_only_http_schemes():
    f = HttpFetcher(fast())
    with pytest.raises(FetchError, match="only http and https"):
        f.get("file:///etc/passwd")


def test_parse_resolve_rejects_non_loopback():
    assert parse_resolve(["a.tistory.com=127.0.0.1:80"]) == {"a.tistory.com": "127.0.0.1:80"}
    with pytest.raises(UsageError):
        parse_resolve(["a.tistory.com=10.0.0.1:80"])
    with pytest.raises(UsageError):
        parse_resolve(["nonsense"])


def test_user_agent_names_tool(tiny_site):
    seen = {}

    def hook(handler, url, entry):
        seen["ua"] = handler.headers.get("User-Agent")
        return False

    with serve(tiny_site, [(BLOG + "/1", "x")], hook) as srv:
        HttpFetcher(fast(), resolve=srv.resolve_map()).get(BLOG + "/1")
    assert seen["ua"].startswith("tistory-migrate/") and "+http" in seen["ua"]
