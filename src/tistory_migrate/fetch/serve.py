"""A loopback HTTP server that serves saved-site folders (``urls.tsv``).

Tests, the demo and the benchmarks start it on a free 127.0.0.1 port and reach it through
``--resolve HOST=127.0.0.1:PORT``, so they exercise the real requests path. The server finds
the entry by the ``Host`` header and path (``X-Forwarded-Proto`` tells it the original scheme),
answers ``If-None-Match`` with 304, and logs every request so tests can count them.

Run by hand: ``python -m tistory_migrate.fetch.serve FOLDER [FOLDER…] --port 8080``.
"""

from __future__ import annotations

import argparse
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from tistory_migrate.fetch.mirror import MirrorEntry, MirrorSite

# A hook may answer a request itself (fault injection): return True when it has.
Hook = Callable[["_Handler", str, MirrorEntry | None], bool]


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without TCP_NODELAY, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every response on loopback.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def _url(self) -> str:
        scheme = self.headers.get("X-Forwarded-Proto", "https")
        host = self.headers.get("Host", "localhost")
        return f"{scheme}://{host}{self.path}"

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def send_body(self, status: int, headers: dict[str, str], body: bytes, *, head: bool = False) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() in ("content-length", "connection"):
                continue
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def _serve(self, *, head: bool) -> None:
        url = self._url()
        site = self.server.site
        entry = site.lookup(url) or site.lookup_any_scheme(url)
        with self.server.log_lock:
            self.server.log.append(url)
        if self.server.hook and self.server.hook(self, url, entry):
            return
        if entry is None:
            self.send_body(404, {"Content-Type": "text/html; charset=utf-8"},
                           b"<html><body><h1>404 Not Found</h1></body></html>", head=head)
            return
        etag = entry.headers.get("etag")
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_body(304, {"ETag": etag}, b"", head=True)
            return
        lm = entry.headers.get("last-modified")
        if lm and not etag and self.headers.get("If-Modified-Since") == lm:
            self.send_body(304, {"Last-Modified": lm}, b"", head=True)
            return
        headers = {_title(k): v for k, v in entry.headers.items()}
        self.send_body(entry.status, headers, site.body(entry), head=head)


def _title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    site: MirrorSite
    hook: Hook | None
    log: list[str]
    log_lock: threading.Lock

    def handle_error(self, request, client_address) -> None:
        """A client that gave up (Ctrl-C, a deadline, a reset) is no error of the server's: quiet."""
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class FixtureServer:
    """Context manager: ``with FixtureServer([folder]) as srv: srv.port, srv.resolve_args(hosts)``."""

    def __init__(self, folders: list[Path], *, port: int = 0, hook: Hook | None = None):
        self.site = MirrorSite([Path(f) for f in folders])
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.site = self.site
        self._server.hook = hook
        self._server.log = []
        self._server.log_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log(self) -> list[str]:
        return self._server.log

    def hosts(self) -> list[str]:
        """Every host named in the served ``urls.tsv`` files."""
        from urllib.parse import urlsplit

        return sorted({(urlsplit(e.url).hostname or "").lower() for e in self.site.entries.values()})

    def resolve_map(self) -> dict[str, str]:
        return {host: self.address for host in self.hosts()}

    def resolve_args(self) -> list[str]:
        args: list[str] = []
        for host in self.hosts():
            args += ["--resolve", f"{host}={self.address}"]
        return args

    def start(self) -> "FixtureServer":
        self._thread = threading.Thread(target=self._server.serve_forever, name="fixture-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FixtureServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - manual use and bench
    parser = argparse.ArgumentParser(description="Serve urls.tsv folders on 127.0.0.1.")
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    server = FixtureServer(args.folders, port=args.port)
    print(f"serving on {server.address}", flush=True)
    try:
        server._server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
