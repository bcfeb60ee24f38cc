"""Step 7: originals of images and attachments, downloaded in worker threads.

:class:`MediaQueue` keeps the per-run bookkeeping (what is downloading now, so nothing is
fetched twice) and records finished downloads in the main thread: a worker fetches and writes
the file (atomic rename) and returns a :class:`Download`; only the main thread writes rows, so
all database writes stay in one thread and a crash never leaves half a record.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tistory_migrate.errors import FetchError, is_disk_full
from tistory_migrate.fetch.response import Response
from tistory_migrate.i18n import Message, msg
from tistory_migrate.models import MediaRef
from tistory_migrate.normalize.families import http_fallback
from tistory_migrate.normalize.sniff import sniff
from tistory_migrate.scrape import ScrapeContext

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.archive import Archive
    from tistory_migrate.fetch import Fetcher


@dataclass
class Download:
    ref: MediaRef
    status: str  # ok | missing | failed
    data: bytes | None = None
    sniffed: Any = None  # normalize.images.Sniffed
    reason: Message | None = None  # shown in the reader's language; the media row keeps its English
    retryable: bool = False  # worth another attempt (garbage bytes, empty body)
    stored: tuple[str, str] | None = None  # (sha256, relative path) once written by the worker
    size: int | None = None
    url: str | None = None  # the URL that answered (the page's own http:// one after an https failure)


@dataclass
class FileGuess:
    """What a file that is not a picture is taken to be (from its name and headers)."""

    ext: str
    mime: str | None = None
    width: int | None = None
    height: int | None = None


def _attachment_guess(ref: MediaRef, resp: Response) -> FileGuess:
    name = ref.filename or ref.original_url.split("?")[0].rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[1].lower() if "." in name else "bin"
    if not ext.isalnum() or len(ext) > 8:
        ext = "bin"
    return FileGuess(ext=ext, mime=resp.headers.get("content-type"))


def download(fetcher: "Fetcher", ref: MediaRef, *, max_bytes: int | None = None, attempts: int = 3) -> Download:
    """Fetch an original. Bytes that are not an image are retried like a network error: a
    proxy error page or a cut transfer looks exactly like that, and a later attempt often works."""
    if ref.original_url.startswith("backup:"):
        return Download(ref, "missing", reason=msg("not in the backup"))
    result = _attempts(fetcher, ref, ref.original_url, max_bytes, attempts)
    fallback = http_fallback(ref.src, ref.original_url) if result.status != "ok" else None
    if fallback:
        # The page said http://; the https request failed (TLS, connection, 4xx/5xx): ask the
        # way the page did. The media row records the URL that answered.
        second = _attempts(fetcher, ref, fallback, max_bytes, attempts)
        if second.status == "ok":
            return second
    return result


def _attempts(fetcher: "Fetcher", ref: MediaRef, url: str, max_bytes: int | None, attempts: int) -> Download:
    result = Download(ref, "failed", reason=msg("not tried"))
    for _ in range(max(1, attempts)):
        result = _attempt(fetcher, ref, max_bytes, url)
        result.url = url
        if result.status != "failed" or not result.retryable:
            return result
    return result


def _attempt(fetcher: "Fetcher", ref: MediaRef, max_bytes: int | None, url: str | None = None) -> Download:
    try:
        resp = fetcher.get(url or ref.original_url, kind="media", max_bytes=max_bytes)
    except FetchError as exc:
        return Download(ref, "failed", reason=exc.reason_message)  # the fetcher already retried
    if resp.status in (404, 410):
        return Download(ref, "missing", reason=msg("HTTP {status}: the file is gone from Tistory's servers", status=resp.status))
    if resp.status == 403 and ref.expires:
        return Download(ref, "failed", reason=msg("HTTP 403: the signed image link has expired; "
                                                  "scrape the post again to get a fresh link"))
    if not resp.ok:
        return Download(ref, "failed", reason=msg("HTTP {status}", status=resp.status))
    if not resp.body:
        return Download(ref, "failed", reason=msg("empty response"), retryable=True)
    sniffed = sniff(resp.body)
    if sniffed is None:
        if ref.kind == "attachment":
            return Download(ref, "ok", data=resp.body, sniffed=_attachment_guess(ref, resp))
        ctype = resp.headers.get("content-type")
        return Download(ref, "failed", reason=msg("the bytes are not an image ({type})",
                                                  type=ctype if ctype is not None else msg("unknown type")), retryable=True)
    return Download(ref, "ok", data=resp.body, sniffed=sniffed)


def write_file(archive: "Archive", result: Download) -> Download:
    """In the worker thread: put the bytes on disk (atomic rename) so the main thread only
    records the row; the bytes are then dropped from memory."""
    if result.status == "ok" and result.data is not None:
        result.stored = archive.store_bytes(result.data, getattr(result.sniffed, "ext", None) or "bin")
        result.size = len(result.data)
        result.data = None
    return result


def store(archive: "Archive", result: Download) -> None:
    ref = result.ref
    if result.status == "ok" and result.stored is not None:
        archive.put_media(ref.identity, result.url or ref.original_url, None, sniffed=result.sniffed, stored=result.stored,
                          size=result.size)
    elif result.status == "ok" and result.data is not None:
        archive.put_media(ref.identity, result.url or ref.original_url, result.data, sniffed=result.sniffed)
    else:
        archive.put_media_failure(ref.identity, ref.original_url, result.status, result.reason or msg("unknown"))


def _download_and_write(archive: "Archive", fetcher: "Fetcher", ref: MediaRef, limit: int, attempts: int) -> Download:
    """Worker thread: fetch the original and write its file; the main thread records the row."""
    return write_file(archive, download(fetcher, ref, max_bytes=limit, attempts=attempts))


class MediaQueue:
    """Downloads of originals for one scrape: :meth:`submit` queues one, :meth:`drain` records
    the finished ones (in one transaction), :meth:`close` stops the workers."""

    def __init__(self, ctx: ScrapeContext, archive: "Archive"):
        self.ctx = ctx
        self.archive = archive
        self._pool: ThreadPoolExecutor | None = None
        self._pending: dict[Future, MediaRef] = {}
        self._inflight: set[str] = set()  # media identities being downloaded right now
        self._submitted = 0

    def open(self) -> None:
        """Start the workers (a dry run never does)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=max(1, self.ctx.settings.fetch.media_workers),
                                            thread_name_prefix="media")

    def submit(self, ref: MediaRef) -> None:
        """Queue the download of one original, unless it is downloading already."""
        if ref.identity in self._inflight or self._pool is None:
            return
        if ref.original_url.startswith("backup:"):
            return
        fetch = self.ctx.settings.fetch
        self._inflight.add(ref.identity)
        self._submitted += 1
        fut = self._pool.submit(_download_and_write, self.archive, self.ctx.fetcher, ref, fetch.max_media_bytes,
                                fetch.retries + 1)
        self._pending[fut] = ref
        self.ctx.progress.total("media", self._submitted)

    def drain(self, *, block: bool) -> None:
        """Record finished downloads (their files are already written), in one transaction;
        ``block`` waits for all of them."""
        archive = self.archive
        while self._pending:
            # A blocking wait in short slices: Ctrl-C reaches the main thread on Windows too.
            done, _ = wait(list(self._pending), timeout=0.2 if block else 0, return_when=FIRST_COMPLETED)
            if not done:
                if block:
                    continue
                return
            with archive.batch():
                for fut in done:
                    ref = self._pending.pop(fut)
                    try:
                        result = fut.result()
                    except Exception as exc:  # a bug in one download must not lose the others
                        if is_disk_full(exc):  # but a full disk stops the run: every later file would fail too
                            raise
                        result = Download(ref, "failed", reason=msg("internal error: {error}", error=str(exc)))
                    store(archive, result)
                    self._inflight.discard(ref.identity)
                    self.ctx.progress.advance("media")

    def close(self) -> None:
        """Stop the workers; downloads not recorded yet are fetched again by the next run.
        A run that stops early (``ctx.stopped``: its fetcher stopped) does not wait for the
        downloads in flight: they end on their own, and nothing they return is recorded."""
        if self._pool is not None:
            for fut in self._pending:
                fut.cancel()
            self._pool.shutdown(wait=not self.ctx.stopped, cancel_futures=True)
            self._pool = None
