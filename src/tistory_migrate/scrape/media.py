"""Download one image or attachment original through the fetcher (runs in worker threads).

No archive access here: a worker returns a :class:`Download` and the pipeline's main thread
stores it, so all database writes stay in one thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tistory_migrate.errors import FetchError
from tistory_migrate.models import MediaRef
from tistory_migrate.fetch.response import Response


@dataclass
class Download:
    ref: MediaRef
    status: str  # ok | missing | failed
    data: bytes | None = None
    sniffed: Any = None  # normalize.images.Sniffed
    reason: str | None = None
    retryable: bool = False  # worth another attempt (garbage bytes, empty body)
    stored: tuple[str, str] | None = None  # (sha256, relative path) once written by the worker
    size: int | None = None


@dataclass
class _Guess:
    ext: str
    mime: str | None = None
    width: int | None = None
    height: int | None = None


def _attachment_guess(ref: MediaRef, resp: Response) -> _Guess:
    name = ref.filename or ref.original_url.split("?")[0].rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[1].lower() if "." in name else "bin"
    if not ext.isalnum() or len(ext) > 8:
        ext = "bin"
    return _Guess(ext=ext, mime=resp.headers.get("content-type"))


def download(fetcher: Any, ref: MediaRef, *, max_bytes: int | None = None, attempts: int = 3) -> Download:
    """Fetch an original. Bytes that are not an image are retried like a network error: a
    proxy error page or a cut transfer looks exactly like that, and a later attempt often works."""
    if ref.original_url.startswith("backup:"):
        return Download(ref, "missing", reason="not in the backup")
    result = Download(ref, "failed", reason="not tried")
    for _ in range(max(1, attempts)):
        result = _attempt(fetcher, ref, max_bytes)
        if result.status != "failed" or not result.retryable:
            return result
    return result


def _attempt(fetcher: Any, ref: MediaRef, max_bytes: int | None) -> Download:
    from tistory_migrate.normalize.images import sniff

    try:
        resp = fetcher.get(ref.original_url, kind="media", max_bytes=max_bytes)
    except FetchError as exc:
        return Download(ref, "failed", reason=exc.reason)  # the fetcher already retried
    if resp.status in (404, 410):
        return Download(ref, "missing", reason=f"HTTP {resp.status}: the file is gone from Tistory's servers")
    if resp.status == 403 and ref.expires:
        return Download(ref, "failed", reason="HTTP 403: the signed image link has expired; scrape the post again to get a fresh link")
    if not resp.ok:
        return Download(ref, "failed", reason=f"HTTP {resp.status}")
    if not resp.body:
        return Download(ref, "failed", reason="empty response", retryable=True)
    sniffed = sniff(resp.body)
    if sniffed is None:
        if ref.kind == "attachment":
            return Download(ref, "ok", data=resp.body, sniffed=_attachment_guess(ref, resp))
        ctype = resp.headers.get("content-type", "unknown type")
        return Download(ref, "failed", reason=f"the bytes are not an image ({ctype})", retryable=True)
    return Download(ref, "ok", data=resp.body, sniffed=sniffed)


def write_file(archive: Any, result: Download) -> Download:
    """In the worker thread: put the bytes on disk (atomic rename) so the main thread only
    records the row; the bytes are then dropped from memory."""
    if result.status == "ok" and result.data is not None:
        result.stored = archive.store_bytes(result.data, getattr(result.sniffed, "ext", None) or "bin")
        result.size = len(result.data)
        result.data = None
    return result


def store(archive: Any, result: Download) -> None:
    ref = result.ref
    if result.status == "ok" and result.stored is not None:
        archive.put_media(ref.identity, ref.original_url, None, sniffed=result.sniffed, stored=result.stored,
                          size=result.size)
    elif result.status == "ok" and result.data is not None:
        archive.put_media(ref.identity, ref.original_url, result.data, sniffed=result.sniffed)
    else:
        archive.put_media_failure(ref.identity, ref.original_url, result.status, result.reason or "unknown")
