"""Deadlines and stopping in the network seam, against loopback servers that drip or hold.

A page must arrive whole within ``fetch.page_deadline`` (the read timeout alone lets a server
that sends a byte now and then hold it for ever); a download slower than ``fetch.media_min_rate``
over ``fetch.media_rate_window`` is given up, a slow one above the floor arrives; neither is
tried again. ``HttpFetcher.stop()`` ends a request in flight at once and sends no new one. The
settings are small here so that each test takes about a second."""

from __future__ import annotations

import threading
import time

import pytest

from support.slow import Drip, RequestClock
from tistory_migrate.errors import FetchError
from tistory_migrate.fetch.http import HttpFetcher
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.settings import FetchSettings

BLOG = "https://drip.tistory.com"
CDN = "https://blog.kakaocdn.net"
PAGE = BLOG + "/1"
PICTURE = CDN + "/dn/a/img.png"


def settings(**kw) -> FetchSettings:
    base = dict(page_delay=0.0, media_delay=0.0, retries=3, backoff_base=0.01, backoff_max=0.05, jitter=0.0,
                read_timeout=5.0, connect_timeout=2.0, respect_robots=False)
    base.update(kw)
    return FetchSettings(**base)


@pytest.fixture
def site(tiny_site):
    return tiny_site([(PAGE, "<html><body>" + "가" * 3000 + "</body></html>", 200,
                       {"Content-Type": "text/html; charset=utf-8"}),
                      (PICTURE, b"\x89PNG" + b"\x00" * 60_000, 200, {"Content-Type": "image/png"})])


def test_a_page_that_drips_ends_at_its_deadline_and_is_not_retried(site):
    drip = Drip(lambda url: url == PAGE, piece=1, every=0.05)  # 20 bytes a second: each read is in time
    with FixtureServer([site], hook=drip) as srv:
        fetcher = HttpFetcher(settings(page_deadline=1.0), resolve=srv.resolve_map())
        started = time.monotonic()
        with pytest.raises(FetchError) as info:
            fetcher.get(PAGE)
        took = time.monotonic() - started
        fetcher.close()
    assert "did not arrive within 1 seconds" in info.value.reason and "fetch.page_deadline" in info.value.reason
    assert took < 3.0, took
    assert drip.started == [PAGE]  # one attempt: a page that late is not asked for again


def test_a_page_that_arrives_in_time_is_whole(site):
    drip = Drip(lambda url: url == PAGE, piece=2000, every=0.05)
    with FixtureServer([site], hook=drip) as srv:
        fetcher = HttpFetcher(settings(page_deadline=5.0), resolve=srv.resolve_map())
        resp = fetcher.get(PAGE)
        fetcher.close()
    assert resp.status == 200 and resp.text.count("가") == 3000


def test_a_download_below_the_rate_floor_is_given_up(site):
    drip = Drip(lambda url: url == PICTURE, piece=10, every=0.1)  # 100 bytes a second
    with FixtureServer([site], hook=drip) as srv:
        fetcher = HttpFetcher(settings(media_min_rate=2000, media_rate_window=1.0), resolve=srv.resolve_map())
        started = time.monotonic()
        with pytest.raises(FetchError) as info:
            fetcher.get(PICTURE, kind="media")
        took = time.monotonic() - started
        fetcher.close()
    assert "slower than 2000 bytes a second over 1 seconds" in info.value.reason
    assert "fetch.media_min_rate" in info.value.reason
    assert took < 3.0, took
    assert drip.started == [PICTURE]


def test_a_slow_download_above_the_floor_arrives_whole_however_long_it_takes(site):
    # 20 KB a second for three seconds: longer than the window, faster than the floor.
    drip = Drip(lambda url: url == PICTURE, piece=2000, every=0.1)
    with FixtureServer([site], hook=drip) as srv:
        fetcher = HttpFetcher(settings(media_min_rate=2000, media_rate_window=1.0, page_deadline=1.0),
                              resolve=srv.resolve_map())
        resp = fetcher.get(PICTURE, kind="media")  # the page deadline does not apply to media
        fetcher.close()
    assert resp.status == 200 and len(resp.body) == 60_004


def test_stop_ends_a_request_in_flight_and_sends_no_more(site):
    clock = RequestClock(stall=8.0, stall_if=lambda url: url == PAGE)
    with FixtureServer([site], hook=clock) as srv:
        fetcher = HttpFetcher(settings(read_timeout=30.0, retries=4), resolve=srv.resolve_map())
        outcome: list = []

        def fetch() -> None:
            try:
                outcome.append(fetcher.get(PAGE))
            except FetchError as exc:
                outcome.append(exc)

        worker = threading.Thread(target=fetch)
        worker.start()
        while not clock.times:
            time.sleep(0.01)
        time.sleep(0.2)
        stopped = time.monotonic()
        fetcher.stop()
        worker.join(timeout=5)
        took = time.monotonic() - stopped
        assert not worker.is_alive()
        with pytest.raises(FetchError) as later:
            fetcher.get(PICTURE, kind="media")
        fetcher.close()
    assert took < 1.0, took
    assert isinstance(outcome[0], FetchError) and "interrupted" in outcome[0].reason
    assert "interrupted" in later.value.reason
    assert [u for _t, u in clock.times] == [PAGE]  # no retry, and nothing after the stop


def test_stop_ends_a_backoff_wait_at_once(site):
    always_busy = RequestClock()

    def busy(handler, url, entry):
        always_busy(handler, url, entry)
        handler.send_body(503, {"Content-Type": "text/plain"}, b"busy")
        return True

    with FixtureServer([site], hook=busy) as srv:
        fetcher = HttpFetcher(settings(retries=3, backoff_base=30.0, backoff_max=60.0), resolve=srv.resolve_map())
        worker = threading.Thread(target=lambda: pytest.raises(FetchError, fetcher.get, PAGE))
        worker.start()
        while not always_busy.times:
            time.sleep(0.01)
        time.sleep(0.2)  # in its first 30 s wait now
        stopped = time.monotonic()
        fetcher.stop()
        worker.join(timeout=5)
        assert time.monotonic() - stopped < 1.0
        fetcher.close()
    assert len(always_busy.times) == 1


def test_the_rate_is_the_average_over_the_last_window_only():
    """A fast start does not excuse a stall later: only the last 30 s count (the default window
    and floor, on a clock the test moves)."""
    from tistory_migrate.fetch.deadline import Watch

    now = [0.0]
    watch = Watch(clock=lambda: now[0], min_rate=4096, window=30.0)
    for _ in range(600):  # 60 s at 50 KB/s
        now[0] += 0.1
        watch.got(5_000)
    assert watch.due(now[0]) is None
    for _ in range(250):  # then 25 s at 1 KB/s: the last 30 s still hold 5 fast seconds (9 KB/s)
        now[0] += 0.1
        watch.got(100)
    assert watch.due(now[0]) is None
    for _ in range(60):  # 31 s at 1 KB/s: below the floor
        now[0] += 0.1
        watch.got(100)
    assert watch.due(now[0]) is not None
    slow_start = Watch(clock=lambda: now[0], min_rate=4096, window=30.0)
    now[0] += 29.0  # nothing for 29 s: not judged before a whole window has passed
    assert slow_start.due(now[0]) is None
    now[0] += 1.5
    assert "slower than 4096 bytes a second over 30 seconds" in slow_start.due(now[0]).english()


def test_ctrl_c_reaches_a_request_of_the_main_thread_at_once_even_as_windows_delivers_it(site):
    """``_thread.interrupt_main()`` is Ctrl-C as Windows delivers it: a flag the main thread sees
    only when it runs Python code, never while it is blocked in a socket read. The main thread's
    requests are made by a helper thread while it waits in short slices: the interrupt arrives
    within a slice, the request in flight ends, and nothing more is sent."""
    import _thread

    clock = RequestClock(stall=8.0, stall_if=lambda url: url == PAGE)
    with FixtureServer([site], hook=clock) as srv:
        fetcher = HttpFetcher(settings(read_timeout=30.0), resolve=srv.resolve_map())
        timer = threading.Timer(0.5, _thread.interrupt_main)
        timer.start()
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            fetcher.get(PAGE)
        took = time.monotonic() - started
        with pytest.raises(FetchError) as later:
            fetcher.get(PICTURE, kind="media")
        fetcher.close()
    assert took < 1.5, took
    assert "interrupted" in later.value.reason
    assert [u for _t, u in clock.times] == [PAGE]
