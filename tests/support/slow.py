"""Slow servers on loopback: hooks for ``fixture_server.FixtureServer`` that hold answers.

* :class:`RequestClock` records when each request reaches the server (``time.monotonic``) and,
  for the URLs it is told to, holds the answer for ``stall`` seconds (then answers normally, or
  drops the connection when ``then_reset``): the interruption suite and
  ``bench/interrupt_latency.py`` use it to check that no request arrives after a signal.
* :class:`Drip` answers the URLs it is given one small piece at a time (``piece`` bytes every
  ``every`` seconds, with a correct ``Content-Length``), like a server or a line that is
  technically alive but never finishes: the page deadline and the media rate floor.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from typing import Any, Callable


def _reset(handler: Any) -> None:
    """Drop the connection with an RST (SO_LINGER 0), nothing written."""
    try:
        handler.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass


def _entry_body(handler: Any, entry: Any) -> bytes:
    if entry is None or entry.status != 200:
        return b"<html><body>" + b"x" * 4096 + b"</body></html>"
    return handler.server.site.body(entry)


class RequestClock:
    """``hook(handler, url, entry)``: logs ``(monotonic time, url)`` of every request; holds the
    answer of each URL for which ``stall_if(url)`` is true for ``stall`` seconds."""

    def __init__(self, *, stall: float = 0.0, stall_if: Callable[[str], bool] | None = None,
                 then_reset: bool = False):
        self.stall = stall
        self.stall_if = stall_if or (lambda url: False)
        self.then_reset = then_reset
        self.times: list[tuple[float, str]] = []
        self._lock = threading.Lock()

    def __call__(self, handler: Any, url: str, entry: Any) -> bool:
        with self._lock:
            self.times.append((time.monotonic(), url))
        if self.stall > 0 and self.stall_if(url):
            time.sleep(self.stall)
            if self.then_reset:
                handler.close_connection = True
                _reset(handler)
                return True
        return False

    def after(self, moment: float) -> list[tuple[float, str]]:
        """The requests that reached the server after ``moment``."""
        with self._lock:
            return [(t, u) for t, u in self.times if t > moment]


class Drip:
    """``hook``: the URLs for which ``drip_if(url)`` is true answer 200 with their body (or
    ``size`` bytes of filler) sent ``piece`` bytes every ``every`` seconds."""

    def __init__(self, drip_if: Callable[[str], bool], *, piece: int = 1, every: float = 0.05,
                 size: int | None = None, content_type: str | None = None):
        self.drip_if = drip_if
        self.piece = piece
        self.every = every
        self.size = size
        self.content_type = content_type
        self.started: list[str] = []

    def __call__(self, handler: Any, url: str, entry: Any) -> bool:
        if not self.drip_if(url):
            return False
        self.started.append(url)
        body = _entry_body(handler, entry) if self.size is None else b"\x00" * self.size
        ctype = self.content_type or ((entry.headers.get("content-type") if entry else None) or "text/html")
        handler.close_connection = True
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.flush()
            for start in range(0, len(body), self.piece):
                handler.wfile.write(body[start:start + self.piece])
                handler.wfile.flush()
                time.sleep(self.every)
        except OSError:  # the client gave up: what the tests want
            pass
        return True
