"""How long one request may take, how slowly it may arrive, and stopping every request at once.

The read timeout bounds one socket read: a server that sends one byte a second would hold a
page for ever. Each attempt ``http.py`` makes is a :class:`Watch`: a page must arrive whole
within ``fetch.page_deadline`` seconds (connecting, headers and body), and a download is given
up when its average rate over the last ``fetch.media_rate_window`` seconds falls below
``fetch.media_min_rate`` bytes a second (a large file on a slow line still arrives; one that has
all but stopped does not hold a worker). One :class:`Watchdog` per fetcher looks at every watch
a few times a second and ends one that is late or too slow by shutting its socket down, which
wakes the thread blocked on it at once, on every platform.

:meth:`Watchdog.stop` (Ctrl-C, SIGTERM) ends every request in flight the same way and refuses
every later one: the connections below (:class:`Watched`, mixed into urllib3's) attach their
socket to the thread's current watch when they connect and check it again before sending.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from tistory_migrate.fetch import guard, result_of
from tistory_migrate.i18n import Message, msg

INTERVAL = 0.05  # seconds between two looks of the watchdog
STOPPED = msg("stopped: the run was interrupted")

_current = threading.local()
T = TypeVar("T")


class Ended(Exception):
    """An attempt ended by its watch while its body arrived (``reason``: why)."""

    def __init__(self, reason: Message):
        self.reason = reason
        super().__init__(reason.english())


class Watch:
    """One attempt at one URL: when it must have ended, how fast it must arrive, its socket."""

    def __init__(self, *, clock: Callable[[], float], deadline: float | None = None, min_rate: float = 0.0,
                 window: float = 30.0):
        self.clock = clock
        self.started = started = clock()
        self.deadline = deadline
        self.min_rate = min_rate
        self.window = window
        self.received = 0
        self.reason: Message | None = None  # why it was ended (None: it runs)
        self._samples: deque[tuple[float, int]] = deque([(started, 0)])
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()

    def got(self, nbytes: int) -> None:
        """``nbytes`` more arrived (the reading thread)."""
        now = self.clock()
        with self._lock:
            self.received += nbytes
            # A sample every 1/50 of the window at most: memory stays flat on a fast line, and
            # the rate is measured to within 2 %.
            if now - self._samples[-1][0] >= self.window / 50:
                self._samples.append((now, self.received))
                self._prune(now)

    def _prune(self, now: float) -> None:
        # Keep the last sample at or before the window's start (what had arrived by then).
        edge = now - self.window
        while len(self._samples) > 1 and self._samples[1][0] <= edge:
            self._samples.popleft()

    def due(self, now: float) -> Message | None:
        """Why this attempt must end now, if it must."""
        if self.deadline is not None and now - self.started > self.deadline:
            return msg("the page did not arrive within {seconds} seconds (setting fetch.page_deadline)",
                       seconds=_num(self.deadline))
        if self.min_rate > 0 and now - self.started >= self.window:
            with self._lock:
                self._prune(now)
                before = self._samples[0][1] if self._samples[0][0] <= now - self.window else 0
                rate = (self.received - before) / self.window
            if rate < self.min_rate:
                return msg("the download was slower than {rate} bytes a second over {seconds} seconds "
                           "(setting fetch.media_min_rate)", rate=_num(self.min_rate), seconds=_num(self.window))
        return None

    def attach(self, sock: socket.socket | None) -> None:
        """The socket this attempt uses (a connection's, when it connects or is reused)."""
        with self._lock:
            self._sock = sock
            ended = self.reason is not None
        if ended:
            _shut(sock)

    def end(self, reason: Message) -> None:
        """End this attempt: its socket is shut down, so the blocked read returns at once."""
        with self._lock:
            if self.reason is None:
                self.reason = reason
            sock = self._sock
        _shut(sock)


def _num(value: float) -> str:
    return f"{value:g}"


def _shut(sock: socket.socket | None) -> None:
    if sock is None:
        return
    try:  # the plain socket's shutdown, also under TLS: wakes a read blocked in another thread
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, ValueError):
        pass


def current() -> Watch | None:
    """The watch of the request this thread is making."""
    return getattr(_current, "watch", None)


class Watchdog:
    """Every watch of one fetcher; a thread that ends late or slow ones; :meth:`stop`."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        self.now = monotonic
        self.stopped = threading.Event()
        self._active: set[Watch] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = threading.Event()

    @contextmanager
    def watch(self, **limits) -> Iterator[Watch]:
        """The watch of one attempt, current in this thread while it runs."""
        w = Watch(clock=self.now, **limits)
        if self.stopped.is_set():
            w.reason = STOPPED
        with self._lock:
            self._active.add(w)
            if self._thread is None and (w.deadline is not None or w.min_rate > 0):
                self._thread = threading.Thread(target=self._run, name="fetch-watchdog", daemon=True)
                self._thread.start()
        previous, _current.watch = current(), w
        try:
            yield w
        finally:
            _current.watch = previous
            with self._lock:
                self._active.discard(w)

    def _run(self) -> None:
        while not self._closed.wait(INTERVAL):
            now = self.now()
            with self._lock:
                active = list(self._active)
            for w in active:
                if w.reason is None:
                    reason = w.due(now)
                    if reason is not None:
                        w.end(reason)

    def stop(self) -> None:
        """End every request in flight and refuse every later one (Ctrl-C, SIGTERM)."""
        self.stopped.set()
        with self._lock:
            active = list(self._active)
        for w in active:
            w.end(STOPPED)

    def pause(self, seconds: float) -> None:
        """Sleep, in short slices (Ctrl-C must reach the main thread on Windows too), until
        ``seconds`` have passed or :meth:`stop` is called."""
        end = time.monotonic() + seconds
        while not self.stopped.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return
            self.stopped.wait(min(left, 0.2))

    def close(self) -> None:
        self._closed.set()


class HostClock:
    """Minimum spacing between request starts to one host, shared by all threads."""

    def __init__(self, sleep: Callable[[float], None], monotonic: Callable[[], float]):
        self._sleep = sleep
        self._now = monotonic
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, delay: float) -> None:
        if delay <= 0:
            return
        with self._lock:
            now = self._now()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + delay
        if start > now:
            self._sleep(start - now)


class Relay:
    """The main thread's requests, made by one helper thread while the main thread waits in
    short slices: on Windows a socket read blocked in the main thread is not interrupted by
    Ctrl-C, a short wait is. An interrupt while waiting calls ``on_interrupt`` (the fetcher's
    ``stop``): the request in flight ends at once."""

    def __init__(self, on_interrupt: Callable[[], None]):
        self._on_interrupt = on_interrupt
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def run(self, fn: Callable[..., T], *args) -> T:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fetch-main")
            fut = self._pool.submit(fn, *args)
        try:
            return result_of(fut)
        except BaseException:
            if not fut.done():  # interrupted while the request runs
                self._on_interrupt()
            raise

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class Watched:
    """urllib3 connection mixin: the socket goes to the thread's current watch; nothing is
    sent for a watch already ended (a stopped run sends no new request)."""

    def connect(self) -> None:
        w = current()
        if w is not None and w.reason is not None:
            raise ConnectionAbortedError(w.reason.english())
        super().connect()  # type: ignore[misc]
        if w is not None:
            w.attach(self.sock)  # type: ignore[attr-defined]

    def request(self, *args, **kwargs):
        w = current()
        if w is not None:
            if w.reason is not None:
                raise ConnectionAbortedError(w.reason.english())
            if self.sock is not None:  # type: ignore[attr-defined]  # a kept-alive connection
                w.attach(self.sock)  # type: ignore[attr-defined]
        return super().request(*args, **kwargs)  # type: ignore[misc]


def _pools(http_conn: type, https_conn: type) -> dict[str, type]:
    conn = type("WatchedHTTPConnection", (Watched, http_conn), {})
    sconn = type("WatchedHTTPSConnection", (Watched, https_conn), {})
    return {"http": type("WatchedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": conn}),
            "https": type("WatchedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": sconn})}


# The pool classes by scheme: guard's checked connections, and plain ones for --resolve routes.
CHECKED_POOLS = _pools(guard.CheckedHTTPConnection, guard.CheckedHTTPSConnection)
ROUTED_POOLS = _pools(HTTPConnection, HTTPSConnection)


def read_body(raw, watch: Watch, limit: int, too_large: Callable[[], Exception]) -> bytes:
    """The body of a streamed urllib3 response, counted as it arrives (``read1``: whatever the
    socket has, not a fixed-size block), refused past ``limit`` bytes."""
    chunks = []
    total = 0
    while True:
        chunk = raw.read1(64 * 1024, decode_content=True)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise too_large()
        watch.got(len(chunk))
        chunks.append(chunk)
    return b"".join(chunks)
