"""A hostile network on loopback: a fault-injecting hook for ``fixture_server.FixtureServer``.

Used by the fault suite (``tests/test_faults.py``) and the benchmarks to prove that a scrape
through a flaky network ends with the same archive as a clean one. Two modes:

* **transient** (``rate``): each *attempt* at a URL is faulty with probability ``rate``, chosen by
  a RNG seeded from ``(seed, url, attempt number)`` so a run is reproducible whatever the thread
  order. A URL never gets more than ``budget`` faulty attempts in a row (set it to the client's
  ``fetch.retries``), so every fetch succeeds within the client's retry budget;
* **permanent** (``permanent={url: kind}``): those URLs fail on every attempt, to check that each
  give-up is reported per URL with its reason.

Fault kinds (``KINDS``): ``500``/``502``/``503``; ``429`` with ``Retry-After``; ``reset`` (the
connection is dropped with an RST and no answer); ``truncate`` (``Content-Length`` longer than the
bytes sent, then the connection closes); ``stall`` (nothing sent for longer than the client's read
timeout); ``garbage`` (an image URL answers 200 with bytes that are no image; only applied to
entries whose Content-Type is ``image/*``, other URLs get a 503 instead so the rate holds);
``drip`` (200 and the right ``Content-Length``, then the body a byte every ``drip_every`` seconds:
each read is in time, the whole never is; permanent faults only);
``tls`` (a TLS handshake-failure alert instead of an HTTP answer, then the connection closes:
the client's failed TLS handshake, simulated on an ``https`` URL).

``DependencyFault`` is the same idea one level down: a library function that raises for one
post's data (the export's per-post isolation is tested with it).
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from tistory_migrate.fetch.serve import FixtureServer, _Handler

KINDS = ("500", "502", "503", "429", "reset", "truncate", "stall", "garbage", "drip", "tls")
# "drip" ends in the client's page deadline or media rate floor, which are not retried, and "tls"
# (a TLS alert where an HTTP answer should be: what a client sees when a host's https is broken)
# is for https URLs: permanent faults only, transient runs leave both out.
DEFAULT_KINDS = tuple(k for k in KINDS if k not in ("drip", "tls"))


@dataclass
class FaultRecord:
    url: str
    attempt: int  # 1-based attempt number at this URL (all attempts, faulty or not)
    kind: str


@dataclass
class FaultStats:
    attempts: int = 0
    faults: int = 0
    by_kind: Counter = field(default_factory=Counter)
    max_streak: int = 0  # longest run of faulty attempts at one URL

    @property
    def rate(self) -> float:
        return self.faults / self.attempts if self.attempts else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"attempts": self.attempts, "faults": self.faults, "rate": round(self.rate, 4),
                "by_kind": dict(sorted(self.by_kind.items())), "max_streak": self.max_streak}


class FaultInjector:
    """``hook(handler, url, entry) -> bool`` for :class:`FixtureServer`; True when it answered."""

    def __init__(self, *, seed: int = 0, rate: float = 0.0, kinds: Iterable[str] = DEFAULT_KINDS,
                 budget: int = 3, stall_seconds: float = 1.0, retry_after: str = "1",
                 permanent: dict[str, str] | None = None, only_hosts: Iterable[str] | None = None,
                 drip_every: float = 0.05):
        self.seed = seed
        self.rate = rate
        self.kinds = tuple(kinds)
        unknown = [k for k in self.kinds + tuple((permanent or {}).values()) if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown fault kind(s): {unknown}; known: {KINDS}")
        self.budget = budget
        self.stall_seconds = stall_seconds
        self.drip_every = drip_every
        self.retry_after = retry_after
        self.permanent = dict(permanent or {})
        self.only_hosts = {h.lower() for h in only_hosts} if only_hosts else None
        self.stats = FaultStats()
        self.log: list[FaultRecord] = []
        self._attempts: Counter = Counter()
        self._streak: Counter = Counter()
        self._lock = threading.Lock()

    # -- deciding -----------------------------------------------------------------------------
    def _decide(self, url: str, entry: Any) -> tuple[int, str | None]:
        with self._lock:
            self._attempts[url] += 1
            attempt = self._attempts[url]
            self.stats.attempts += 1
            kind = self.permanent.get(url)
            if kind is None and self.rate > 0 and self._eligible(url):
                # Seeded per (url, attempt): the same run faults the same attempts whatever the
                # order the threads reach the server in.
                rng = random.Random(f"{self.seed}|{url}|{attempt}")
                if rng.random() < self.rate and self._streak[url] < self.budget:
                    kind = rng.choice(self.kinds)
            if kind == "garbage" and not _is_image(entry):
                kind = "503"  # keep the fault rate: non-images get a plain server error instead
            if kind is None:
                self._streak[url] = 0
                return attempt, None
            self._streak[url] += 1
            self.stats.faults += 1
            self.stats.by_kind[kind] += 1
            self.stats.max_streak = max(self.stats.max_streak, self._streak[url])
            self.log.append(FaultRecord(url, attempt, kind))
            return attempt, kind

    def _eligible(self, url: str) -> bool:
        if self.only_hosts is None:
            return True
        from urllib.parse import urlsplit

        return (urlsplit(url).hostname or "").lower() in self.only_hosts

    # -- answering ----------------------------------------------------------------------------
    def __call__(self, handler: _Handler, url: str, entry: Any) -> bool:
        _attempt, kind = self._decide(url, entry)
        if kind is None:
            return False
        handler.close_connection = True  # every fault ends the connection: the client reconnects
        if kind in ("500", "502", "503"):
            handler.send_body(int(kind), {"Content-Type": "text/html; charset=utf-8"},
                              b"<html><body>server error</body></html>")
        elif kind == "429":
            handler.send_body(429, {"Content-Type": "text/plain", "Retry-After": self.retry_after}, b"slow down")
        elif kind == "reset":
            _reset(handler)
        elif kind == "truncate":
            body = _entry_body(handler, entry) or b"<html><body>" + b"x" * 2048 + b"</body></html>"
            handler.send_response(200)
            handler.send_header("Content-Type", (entry.headers.get("content-type") if entry else None) or "text/html")
            handler.send_header("Content-Length", str(len(body) + 1024))
            handler.end_headers()
            handler.wfile.write(body[: max(1, len(body) // 2)])
            handler.wfile.flush()
        elif kind == "stall":
            time.sleep(self.stall_seconds)  # the client's read timeout fires first
            _reset(handler)
        elif kind == "drip":
            body = _entry_body(handler, entry) or b"<html><body>" + b"x" * 2048 + b"</body></html>"
            handler.send_response(200)
            handler.send_header("Content-Type", (entry.headers.get("content-type") if entry else None) or "text/html")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            try:
                for i in range(len(body)):
                    handler.wfile.write(body[i:i + 1])
                    handler.wfile.flush()
                    time.sleep(self.drip_every)
            except OSError:
                pass  # the client gave up: what a deadline is for
        elif kind == "tls":
            handler.wfile.write(b"\x15\x03\x03\x00\x02\x02\x28")  # alert: fatal, handshake_failure
            handler.wfile.flush()
            _reset(handler)
        elif kind == "garbage":
            rng = random.Random(f"{self.seed}|garbage|{url}")
            junk = bytes(rng.getrandbits(8) for _ in range(512))
            handler.send_body(200, {"Content-Type": entry.headers.get("content-type", "image/jpeg")}, b"\x00GARBAGE" + junk)
        return True

    def faults_for(self, url: str) -> list[str]:
        return [r.kind for r in self.log if r.url == url]


def _is_image(entry: Any) -> bool:
    return bool(entry is not None and entry.status == 200
                and (entry.headers.get("content-type") or "").lower().startswith("image/"))


def _entry_body(handler: _Handler, entry: Any) -> bytes:
    if entry is None or entry.status != 200:
        return b""
    return handler.server.site.body(entry)


def _reset(handler: _Handler) -> None:
    """Abort the connection: SO_LINGER 0 makes the server's close send an RST, and nothing is
    written, so the client sees a dropped connection instead of an answer."""
    try:
        handler.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass


def make_server(folders: list[Path], *, hook: Any = None, port: int = 0) -> FixtureServer:
    """A :class:`FixtureServer` (not started) answering through ``hook``."""
    return FixtureServer([Path(f) for f in folders], port=port, hook=hook)


class DependencyFault:
    """A fault in a library the code calls (never in the code under test): ``module.name`` is
    replaced by a wrapper that raises ``exc`` whenever ``when`` appears in its arguments (their
    ``repr``), and calls the real function otherwise. ``calls`` counts the faults raised. It
    stands for a defect one post's data meets deep in a dependency (a RecursionError in a
    parser, a ValueError on a strange number) without depending on which defect exists today.
    Installed with pytest's ``monkeypatch`` (undone after the test)."""

    def __init__(self, module: Any, name: str, *, when: str, exc: BaseException | None = None):
        self.module, self.name, self.when = module, name, when
        self.exc = exc if exc is not None else RecursionError("maximum recursion depth exceeded")
        self.real = getattr(module, name)
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.when in repr(args) or self.when in repr(kwargs):
            self.calls += 1
            raise self.exc
        return self.real(*args, **kwargs)

    def install(self, monkeypatch: Any) -> "DependencyFault":
        monkeypatch.setattr(self.module, self.name, self)
        return self


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - used by bench/run
    """``python -m support.faults DIR… --port P [--rate R --seed S --budget B]``: serve
    folders on loopback with optional transient faults, in its own process."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rate", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget", type=int, default=3)
    args = parser.parse_args(argv)
    hook = FaultInjector(seed=args.seed, rate=args.rate, budget=args.budget) if args.rate > 0 else None
    server = make_server(args.folders, hook=hook, port=args.port)
    print(f"serving on {server.address}", flush=True)
    try:
        server._server.serve_forever()  # noqa: SLF001
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
