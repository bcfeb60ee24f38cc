"""``tistory-migrate helper``: the Naver export served on 127.0.0.1, so the helper page can put
pictures on the clipboard (a ``file://`` page cannot: its canvas is tainted, docs/naver-paste.md).

What it answers, and nothing else:

* only requests whose ``Host`` is ``127.0.0.1:PORT`` or ``localhost:PORT`` (another name that
  resolves here, the DNS-rebinding trick, gets 403), and none a browser marks as coming from
  another site or another port (``Sec-Fetch-Site`` other than ``same-origin``/``none``),
  except the one below;
* ``GET`` of files inside the export folder only: no ``..``, no hidden names (``.staging``),
  nothing a symlink leads outside; ``index.html`` gets this run's token in a ``<meta>``;
* ``GET /__tm/progress?token=T`` (the saved progress) and ``POST /__tm/progress?token=T`` (an
  update, JSON, at most ``MAX_BODY`` bytes) with the per-run token, compared in constant time.
  The ``file://`` page may post its earlier ticks too (a browser sends ``Origin: null`` and
  ``cross-site`` for it): it reads the token from ``data/helper.js``, which the server writes
  while it runs and puts back to ``null`` when it stops.

The standard library's ``ThreadingHTTPServer``; nothing here prints (the command does).
"""

from __future__ import annotations

import hmac
import html
import json
import mimetypes
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from tistory_migrate.exporters.naver.page import DATA_DIR, HELPER_JS, NO_HELPER
from tistory_migrate.exporters.naver.progress import ProgressError, ProgressStore, is_union, parse_update

API = "/__tm/progress"
MAX_BODY = 4 * 1024 * 1024  # bytes of one progress update (10,000 posts is ~400 KB)
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".md": "text/plain; charset=utf-8", ".json": "application/json", ".csv": "text/csv; charset=utf-8",
         ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp"}


def find_export(path: Path) -> Path | None:
    """The Naver export folder ``path`` names: ``OUT`` (as given to ``export -o``) or ``OUT/naver``."""
    for folder in (path / "naver", path):
        if (folder / "index.html").is_file() and (folder / "plan.csv").is_file():
            return folder
    return None


class HelperServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # two helpers on one port must not both think they serve it

    def __init__(self, folder: Path, port: int = 0, token: str | None = None):
        self.folder = folder.resolve()
        self.token = token or secrets.token_urlsafe(24)
        self.progress = ProgressStore(self.folder)
        super().__init__(("127.0.0.1", port), Handler)
        self.port = self.server_address[1]
        self.hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def announce(self) -> None:
        """Tell the ``file://`` page where the helper is (``data/helper.js``), while it runs."""
        data = self.folder / DATA_DIR
        if data.is_dir():
            text = "window.__TM_HELPER = " + json.dumps({"port": self.port, "token": self.token}) + ";\n"
            (data / HELPER_JS).write_text(text, encoding="utf-8", newline="\n")

    def withdraw(self) -> None:
        try:
            target = self.folder / DATA_DIR / HELPER_JS
            if target.is_file():
                target.write_text(NO_HELPER, encoding="utf-8", newline="\n")
        except OSError:
            pass

    def start_thread(self) -> threading.Thread:
        """Serve in a thread (tests); ``shutdown()`` then ``server_close()`` stop it."""
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread


class Handler(BaseHTTPRequestHandler):
    server: HelperServer
    server_version = "tistory-migrate-helper"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a connection may sit idle (a stalled client holds one thread, not the server)

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet: the command says what matters
        pass

    # -- answers ---------------------------------------------------------------------------
    def _send(self, status: int, body: bytes = b"", ctype: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, status: int, why: str) -> None:
        self.close_connection = True
        self._send(status, (why + "\n").encode("utf-8"))

    def _allowed(self, *, from_file_page: bool = False) -> bool:
        if self.headers.get("Host", "").lower() not in self.server.hosts:
            self._refuse(403, "wrong host")
            return False
        site = self.headers.get("Sec-Fetch-Site", "")
        if site not in ("", "same-origin", "none") and not (from_file_page and site == "cross-site"
                                                            and self.headers.get("Origin") == "null"):
            self._refuse(403, "request from another site")  # another web site, or another port of this computer
            return False
        return True

    def _token_ok(self, query: str) -> bool:
        given = parse_qs(query).get("token", [""])[0]
        return hmac.compare_digest(given.encode("utf-8", "replace"), self.server.token.encode("utf-8"))

    # -- methods ---------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if not self._allowed():
            return
        parts = urlsplit(self.path)
        if parts.path == API:
            if not self._token_ok(parts.query):
                return self._refuse(403, "bad token")
            return self._send(200, json.dumps(self.server.progress.snapshot()).encode("utf-8"), "application/json")
        target = self._file(parts.path)
        if target is None:
            return self._refuse(404, "not found")
        if target.is_dir():
            return self._listing(target, parts.path)
        try:
            data = target.read_bytes()
        except OSError:
            return self._refuse(404, "not found")
        if target == self.server.folder / "index.html":
            data = data.replace(b"<head>", b'<head>\n<meta name="tm-token" content="'
                                + html.escape(self.server.token).encode("ascii") + b'">', 1)
        self._send(200, data, TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0]
                   or "application/octet-stream")

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        if not self._allowed(from_file_page=True):
            return
        parts = urlsplit(self.path)
        if parts.path != API:
            return self._refuse(405, "method not allowed")
        if not self._token_ok(parts.query):
            return self._refuse(403, "bad token")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._refuse(411, "length required")
        if length < 0 or length > MAX_BODY:
            return self._refuse(413, "too large")
        raw = self.rfile.read(length)
        try:
            update = parse_update(raw)
            self.server.progress.merge(update, union=is_union(raw))
        except ProgressError as exc:
            return self._refuse(400, str(exc))
        except OSError:
            return self._refuse(500, "cannot write progress.json")
        self._send(204)

    def do_PUT(self) -> None:  # noqa: N802
        self._refuse(405, "method not allowed")

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT

    # -- files -------------------------------------------------------------------------------
    def _file(self, path: str) -> Path | None:
        """The file under the export folder that ``path`` names, or None (outside, hidden, odd)."""
        try:
            rel = unquote(path, errors="strict")
        except UnicodeDecodeError:
            return None
        if "\x00" in rel or "\\" in rel or ":" in rel:
            return None
        segments = [s for s in rel.split("/") if s]
        if any(s in (".", "..") or s.startswith(".") for s in segments):
            return None
        if not segments:
            segments = ["index.html"]
        root = self.server.folder
        target = root.joinpath(*segments)
        try:
            real = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real != root and root not in real.parents:
            return None  # a symlink (or junction) that leads outside
        return real if real.is_file() or real.is_dir() else None

    def _listing(self, folder: Path, path: str) -> None:
        """A plain list of a folder's files (the page's "사진 폴더" link)."""
        if not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir() if not p.name.startswith("."))
        items = "".join(f'<li><a href="{html.escape(n, quote=True)}">{html.escape(n)}</a></li>' for n in names)
        body = (f'<!DOCTYPE html><meta charset="utf-8"><title>{html.escape(folder.name)}</title>'
                f"<ul>{items}</ul>").encode("utf-8")
        self._send(200, body, "text/html; charset=utf-8")


def run(server: HelperServer) -> None:
    """Serve until Ctrl-C (KeyboardInterrupt reaches the caller); ``data/helper.js`` says where
    the helper is meanwhile and is put back when it stops, however it stops."""
    server.announce()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.withdraw()
        server.server_close()

