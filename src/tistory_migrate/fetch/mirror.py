"""Saved-site folders described by ``urls.tsv``, and the offline fetcher that reads them.

``urls.tsv`` lines: ``URL<TAB>PATH[<TAB>STATUS[<TAB>HEADERS]]``; ``#`` starts a comment.
PATH is relative to the folder, or ``-`` for no body. STATUS defaults to 200. HEADERS are
``Name: value`` pairs joined by `` | ``. A URL that is not listed is a 404. URLs match after
lower-casing scheme and host, dropping the fragment and normalizing percent-encoding
(upper-case hex, non-ASCII encoded); queries must match exactly.

``--mirror DIR`` uses :class:`MirrorFetcher` (no HTTP at all); tests and the demo serve the
same folders over loopback HTTP with ``fixture_server``.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from tistory_migrate.errors import FetchError, UsageError
from tistory_migrate.fetch.response import Response
from tistory_migrate.fetch import FetchStats
from tistory_migrate.i18n import _, msg
from tistory_migrate.settings import FetchSettings

MAX_INDEX_BYTES = 256 * 1024 * 1024  # urls.tsv of a blog of 10,000 posts and their media: a few MB

_PCT = re.compile(r"%[0-9a-fA-F]{2}")
# Characters left as they are in a path/query; everything else (including non-ASCII) is
# percent-encoded so that "/tag/원탁회의" and "/tag/%EC%9B%90…" are the same key.
_SAFE_PATH = "/:@!$&'()*+,;=-._~"
_SAFE_QUERY = "/:@!$&'()*+,;=-._~?"


def _normalize_part(part: str, safe: str) -> str:
    # Decode to bytes once, then re-encode canonically: upper-case hex, non-ASCII encoded.
    # An encoded reserved char (%2F, %26, %3D, %2B) must stay encoded, so only unreserved
    # bytes and non-ASCII are decoded.
    out = []
    i = 0
    while i < len(part):
        ch = part[i]
        if ch == "%" and _PCT.fullmatch(part[i : i + 3]):
            byte = int(part[i + 1 : i + 3], 16)
            char = chr(byte)
            if byte < 0x80 and (char.isalnum() or char in "-._~"):
                out.append(char)
            else:
                out.append(f"%{byte:02X}")
            i += 3
            continue
        if ord(ch) >= 0x80 or ch in " \"<>\\^`{|}" or (ch not in safe and not ch.isalnum()):
            out.append(quote(ch, safe=""))
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def url_key(url: str) -> str:
    """The canonical form two URLs are compared in."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and not ((scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    path = _normalize_part(parts.path or "/", _SAFE_PATH)
    query = _normalize_part(parts.query, _SAFE_QUERY)
    return urlunsplit((scheme, host, path, query, ""))


def path_key(url: str) -> str:
    """Host + path + query without the scheme (a loopback server cannot see the scheme)."""
    key = url_key(url)
    return key.split("://", 1)[1] if "://" in key else key


@dataclass
class MirrorEntry:
    url: str
    path: Path | None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class MirrorSite:
    """The entries of one or more ``urls.tsv`` folders, looked up by normalized URL."""

    def __init__(self, folders: list[Path]):
        self.entries: dict[str, MirrorEntry] = {}
        self.by_path: dict[str, MirrorEntry] = {}
        for folder in folders:
            self._load(Path(folder))

    def _load(self, folder: Path) -> None:
        tsv = folder / "urls.tsv"
        if not tsv.is_file():
            raise UsageError(
                _("{folder} has no urls.tsv, so it cannot be used as a mirror.").format(folder=folder),
                hint=_("A mirror folder lists its pages in urls.tsv: URL<TAB>PATH[<TAB>STATUS[<TAB>HEADERS]]."),
            )
        if tsv.stat().st_size > MAX_INDEX_BYTES:
            raise UsageError(_("{file} is larger than {limit} bytes: not a mirror's list of pages.")
                             .format(file=tsv, limit=MAX_INDEX_BYTES))
        root = folder.resolve()
        for lineno, raw in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                raise UsageError(_("{file}:{line}: expected URL<TAB>PATH, got {text}.").format(file=tsv, line=lineno,
                                                                                              text=repr(line)))
            url, rel = cols[0].strip(), cols[1].strip()
            status = 200
            if len(cols) > 2 and cols[2].strip():
                try:
                    status = int(cols[2].strip())
                except ValueError:
                    raise UsageError(_("{file}:{line}: status {status} is not a number.")
                                     .format(file=tsv, line=lineno, status=repr(cols[2]))) from None
            headers: dict[str, str] = {}
            if len(cols) > 3 and cols[3].strip():
                for pair in cols[3].split(" | "):
                    if ":" in pair:
                        name, value = pair.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
            path = None
            if rel != "-":
                path = (root / rel).resolve()
                if root not in path.parents and path != root:
                    raise UsageError(_("{file}:{line}: path {path} points outside the mirror folder.")
                                     .format(file=tsv, line=lineno, path=repr(rel)))
            entry = MirrorEntry(url=url, path=path, status=status, headers=headers)
            self.entries[url_key(url)] = entry
            self.by_path.setdefault(path_key(url), entry)

    def lookup(self, url: str) -> MirrorEntry | None:
        return self.entries.get(url_key(url))

    def lookup_any_scheme(self, url: str) -> MirrorEntry | None:
        return self.entries.get(url_key(url)) or self.by_path.get(path_key(url))

    def body(self, entry: MirrorEntry, limit: int | None = None) -> bytes:
        """The entry's file, checked before reading: only a regular file (a FIFO would wait
        forever, a device never end) of at most ``limit`` bytes if given (a sparse file of gigabytes
        takes no disk but would take that much memory). The file is opened without blocking
        and checked on the open handle, so what is read is what was checked."""
        if entry.path is None:
            return b""
        url = entry.url
        try:
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            # TRANSLATORS: {error} is the system's own words (e.g. "No such file or directory").
            raise FetchError(url, msg("the mirror file cannot be read ({error})", error=exc.strerror or str(exc))) from None
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise FetchError(url, msg("the mirror file is not a regular file"))
            if limit is not None and info.st_size > limit:
                raise FetchError(url, msg("response is larger than the limit of {limit} bytes", limit=limit))
            data = fh.read() if limit is None else fh.read(limit + 1)  # a file that grew since: still at most the limit
        if limit is not None and len(data) > limit:
            raise FetchError(url, msg("response is larger than the limit of {limit} bytes", limit=limit))
        return data


class MirrorFetcher:
    """Answers from saved folders; nothing touches the network; no politeness delay."""

    def __init__(self, folders: list[Path], *, max_redirects: int = 10, settings: FetchSettings | None = None):
        self.site = MirrorSite(folders)
        self.max_redirects = max_redirects
        self.settings = settings or FetchSettings()  # the same size limits as over HTTP
        self.stats = FetchStats()

    def get(self, url: str, *, kind: str = "page", validators: dict[str, str] | None = None,
            max_bytes: int | None = None) -> Response:
        current = url
        for _hop in range(self.max_redirects + 1):
            self.stats.count((urlsplit(current).hostname or "").lower(), 0)
            entry = self.site.lookup(current)
            if entry is None:
                return Response(url=url, final_url=current, status=404, headers={}, body=b"")
            if entry.status in (301, 302, 303, 307, 308) and "location" in entry.headers:

                current = urljoin(current, entry.headers["location"])
                continue
            if validators:
                etag = entry.headers.get("etag")
                if etag and validators.get("etag") == etag:
                    return Response(url=url, final_url=current, status=304, headers=dict(entry.headers), body=b"")
            limit = max_bytes if max_bytes is not None else (
                self.settings.max_media_bytes if kind == "media" else self.settings.max_page_bytes)
            body = self.site.body(entry, limit)
            return Response(url=url, final_url=current, status=entry.status, headers=dict(entry.headers), body=body)
        raise FetchError(url, msg("too many redirects"))

    def close(self) -> None:
        pass


