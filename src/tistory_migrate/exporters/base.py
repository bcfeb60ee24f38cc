"""The exporter lifecycle (``Exporter``, ``ExportContext``, ``ExportOptions``) and the helpers
every format shares: readable media names, copying media files, stripping the markers.
The registry every ``--format`` comes from is ``exporters.EXPORTERS``.

An exporter gets ``start()``, then ``export_post(post, body)`` for every post in the archive
(oldest first, the body already normalized once for all formats), then ``finish()``. It writes
only under ``ctx.out_dir`` (``OUT/<format>/``) and is deterministic: same archive and options,
same bytes (no "now" unless the user asked for it, e.g. the plan's start date).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, ClassVar, Iterable, Iterator

from tistory_migrate.i18n import Message, msg
from tistory_migrate.models import BlogInfo, MediaFile, MediaRef, Post
from tistory_migrate.report import ExportSummary
from tistory_migrate.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.archive import Archive
    from tistory_migrate.normalize import NormalizedBody


@dataclass
class ExportOptions:
    """What ``export``'s flags ask of the exporters (None: the settings file decides). Each
    exporter names the fields it reads in ``Exporter.options_read``."""

    start_date: date | None = None  # naver plan; None = today
    per_day: int | None = None  # naver plan; None = settings.naver.per_day
    include_private: bool = False  # bundle protected/private/unknown posts too
    ids: list[str] | None = None  # only these post ids
    plan_file: Path | None = None  # an edited plan.csv read back
    naver_images: str | None = None  # markers | remote
    media_base_url: str | None = None  # wxr
    max_items: int | None = None  # wxr split
    redirect_style: str = "csv"  # redirects: a key of redirects.styles.STYLES
    home_url: str | None = None  # redirects: where category and tag pages go
    wordpress_url: str | None = None  # wxr, redirects: the WordPress site the blog moves to
    wordpress_permalinks: str | None = None  # wxr, redirects: its permalink structure (default /%post_id%/)


class Copies:
    """The media copies of one exporter, done by two worker threads while the export goes on
    (a copy waits on the disk, the export on the CPU: a first export of a big blog writes
    gigabytes). ``wait()`` returns when every copy is done and raises the first error one met
    (a file open in another program); exporters call it in ``finish`` and, ignoring errors,
    in ``abort``, before anything moves or removes the folders the copies write into."""

    WORKERS = 2
    MAX_PENDING = 256  # then the export waits for the oldest: memory stays flat, errors show early

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._pending: deque[Future] = deque()

    def submit(self, fn, *args) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.WORKERS, thread_name_prefix="tm-copy")
        self._pending.append(self._pool.submit(fn, *args))
        while len(self._pending) > self.MAX_PENDING:
            self._pending.popleft().result()

    def wait(self, *, raise_errors: bool = True) -> None:
        first: BaseException | None = None
        while self._pending:
            exc = self._pending.popleft().exception()  # waits for it
            first = first or exc
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if first is not None and raise_errors:
            raise first


@dataclass
class ExportContext:
    """What one exporter works with: the archive it reads, its own folder, settings, options."""

    archive: "Archive"
    out_dir: Path  # OUT/<format>
    settings: Settings
    options: ExportOptions
    blog: BlogInfo | None
    copies: Copies = field(default_factory=Copies)  # media copies still being written

    def media(self, ref: MediaRef) -> MediaFile | None:
        return self.archive.get_media(ref.identity)

    def media_path(self, media: MediaFile) -> Path | None:
        return self.archive.media_file_path(media)


@dataclass
class NamedMedia:
    """One image or attachment of a post with the readable name every export uses."""

    index: int  # 1-based, body order
    ref: MediaRef
    media: MediaFile | None  # None: never downloaded (e.g. --mirror without the file)
    name: str  # NN-original-name.ext (ext from the bytes when known)

    @property
    def svg(self) -> bool:
        """An SVG (by its bytes, or by the name it would be written under): it stays in the
        archive but no export writes it, since an SVG can hold scripts (``<script>``,
        ``onload``) that run when a person opens the file."""
        m = self.media
        return bool(m and ((m.ext or "").lower() in SVG_EXTS or "svg" in (m.mime or "").lower())) \
            or self.name.lower().rsplit(".", 1)[-1] in SVG_EXTS

    @property
    def ok(self) -> bool:
        return self.media is not None and self.media.status == "ok" and bool(self.media.path) and not self.svg

    @property
    def status(self) -> str:
        if self.svg:
            return "failed"
        return self.media.status if self.media else "missing"

    @property
    def reason(self) -> str | None:
        if self.svg:
            return SVG_LEFT_OUT
        if self.media is None:
            return "not downloaded"
        return self.media.reason


SVG_EXTS = ("svg", "svgz")
SVG_LEFT_OUT = "SVG left out: it can run scripts"  # jsonl's reason (English, as every jsonl field)


def name_media(ctx: ExportContext, refs: list[MediaRef], *, default_hint: str,
               used: set[str] | None = None) -> list[NamedMedia]:
    """Readable names, in body order, unique within one folder (normalize.names.readable_name);
    ``used``: the names already in that folder (a format that puts pictures and files together)."""
    # Imported here: the exporters load with every command (--format's help), normalize only
    # when an export runs.
    from tistory_migrate.normalize.names import readable_name

    used = set() if used is None else used
    out = []
    total = len(refs)
    for i, ref in enumerate(refs, 1):
        media = ctx.media(ref)
        ext = (media.ext if media and media.ext else None) or _ext_from_hint(ref.filename) or ("jpg" if ref.kind == "image" else "bin")
        hint = ref.filename or default_hint
        name = readable_name(i, total, hint, ext, used)
        out.append(NamedMedia(index=i, ref=ref, media=media, name=name))
    return out


def file_name(name: str, *, extra: int = 0) -> str:
    """``name`` as one file or folder name valid on every OS (``normalize.names``, the one rule:
    no reserved or forbidden names, no trailing dot, short enough for Windows paths);
    ``extra`` units more than a readable name for a name built around one (``123-01-x.jpg``)."""
    from tistory_migrate.normalize.names import MAX_NAME_BYTES, MAX_NAME_UNITS, safe_component

    return safe_component(name, max_units=MAX_NAME_UNITS + extra, max_bytes=MAX_NAME_BYTES + extra)


def _ext_from_hint(hint: str | None) -> str | None:
    if hint and "." in hint:
        ext = hint.rsplit(".", 1)[1].lower()
        if ext.isalnum() and len(ext) <= 5:
            return ext
    return None


def copy_media(ctx: ExportContext, item: NamedMedia, dest_dir: Path) -> Path | None:
    """Copy the archived file to dest_dir/item.name. Always a copy, never a link: a person who
    edits an exported picture must not change the archive's only copy. A file already there
    with the same size and the same content (same modification time as the archive's file,
    which the copy keeps, or else the same sha256) is left as it is, so a re-export is fast.
    The copy itself runs in ``ctx.copies``: the file is there once ``ctx.copies.wait()`` returns."""
    if not item.ok:
        return None
    src = ctx.media_path(item.media)  # type: ignore[arg-type]
    if src is None:
        return None
    try:
        src_stat = os.stat(src)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(src_stat.st_mode):
        return None
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / item.name
    try:
        dest_stat = os.stat(dest)
    except FileNotFoundError:
        dest_stat = None
    if dest_stat is not None and _same_content(src_stat, dest, dest_stat, item.media.sha256):  # type: ignore[union-attr]
        return dest
    ctx.copies.submit(_copy, src, dest, dest_stat is not None, src_stat)
    return dest


def _copy(src: Path, dest: Path, replace: bool, src_stat: os.stat_result) -> None:
    if replace:
        # Removed, not written over: it may be a hard link to the archive's file (exports of
        # older versions linked), and writing into it would change the archive.
        dest.unlink()
    shutil.copyfile(src, dest)
    # The archive file's time goes with the copy (what copy2 does, without its permission and
    # extended-attribute calls, a third of the time per file): the next export knows the file.
    os.utime(dest, ns=(src_stat.st_atime_ns, src_stat.st_mtime_ns))


def _same_content(src: os.stat_result, dest: Path, have: os.stat_result, sha256: str | None) -> bool:
    if src.st_ino and (have.st_ino, have.st_dev) == (src.st_ino, src.st_dev):
        return False  # the archive's own file under another name: replace it by a copy
    if have.st_size != src.st_size:
        return False
    if have.st_mtime_ns == src.st_mtime_ns:
        return True
    if not sha256:
        return False
    digest = hashlib.sha256()
    with open(dest, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest() == sha256


# Why a post with this archive status is left out of an export (``ExportSummary.skip``): the
# English text is the key ``export --json`` prints.
# TRANSLATORS: a reason posts were left out of an export, followed by how many: the post's
# page is gone from the blog.
STATUS_MISSING = msg("status missing")
# TRANSLATORS: a reason posts were left out of an export, followed by how many: the post's
# page could not be read.
STATUS_FAILED = msg("status failed")


def status_reason(status: str) -> Message:
    """The reason a post with ``status`` (one of ``models.SKIP_STATUSES``) is left out."""
    known = {"missing": STATUS_MISSING, "failed": STATUS_FAILED}
    # TRANSLATORS: a reason posts were left out of an export: the post's status in the archive.
    return known.get(status) or msg("status {status}", status=status)


def temp_beside(path: Path) -> Path:
    """Where ``path`` is written before it replaces the file of an earlier export at once:
    ``.NAME.tmp`` in the same folder (a rename on one filesystem)."""
    return path.with_name(f".{path.name}.tmp")


def commit_temp(path: Path) -> None:
    """The finished ``temp_beside(path)`` becomes ``path`` (all or nothing)."""
    os.replace(temp_beside(path), path)


@contextmanager
def replacing(path: Path, **open_args) -> Iterator[IO[str]]:
    """A text file opened for writing that replaces ``path`` only when the block ends without
    an error; on an error (a full disk, Ctrl-C) the temporary file goes and ``path`` keeps what
    an earlier export wrote: never a half-written file."""
    temp = temp_beside(path)
    try:
        with open(temp, "w", **open_args) as fh:
            yield fh
        commit_temp(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def strip_markers(html: str) -> str:
    """Remove every data-tm-* attribute (the normalizer's markers) from finished HTML."""
    return re.sub(r'\s+data-tm-[a-z]+="[^"]*"', "", html)


class Exporter:
    """One output format. ``pipeline.export`` calls ``start()``, then ``export_post(post, body)`` for
    every post (oldest first), then ``finish()``, or ``abort()`` instead when the export stops
    early. Subclasses set ``name`` (the ``--format`` word), ``description`` (``formats``) and
    ``options_read``, the ``ExportOptions`` fields they read."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    options_read: ClassVar[tuple[str, ...]] = ("ids",)  # wants() reads --ids for every format
    uses_body: ClassVar[bool] = True  # False: export_post gets body=None (nothing normalized for it)

    def __init__(self, ctx: ExportContext):
        self.ctx = ctx
        self.summary = ExportSummary(format=self.name, out_dir=ctx.out_dir)
        self.svgs_left_out = 0  # SVG pictures and files not written (NamedMedia.svg)

    def count_svgs(self, items: Iterable[NamedMedia]) -> None:
        self.svgs_left_out += sum(1 for item in items if item.svg)

    def warn_svgs(self) -> None:
        """The summary's note when SVGs were left out (called by ``finish``)."""
        if self.svgs_left_out:
            self.summary.warn(msg("{n} SVG picture(s)/file(s) were left out: an SVG can run scripts when it is opened. "
                                  "They stay in the archive.", n=self.svgs_left_out))

    def wants(self, post: Post) -> bool:
        """Whether this exporter writes ``post`` (filters by --ids here; formats add their own)."""
        ids = self.ctx.options.ids
        return not ids or post.id in ids

    def start(self) -> None:
        """Create ``OUT/<format>/``; subclasses read their options here and open what they write."""
        self.ctx.out_dir.mkdir(parents=True, exist_ok=True)

    def export_post(self, post: Post, body: "NormalizedBody") -> None:  # pragma: no cover - abstract
        """Write (or stage) one post; ``body`` is its normalized body, shared by every format."""
        raise NotImplementedError

    def finish(self) -> ExportSummary:
        """Write what needs the whole blog, remove temporary files, and say what was done."""
        return self.summary

    def abort(self) -> None:
        """The export stopped early (an error, Ctrl-C): remove temporary files now."""

    def leave_out(self, post: Post, reason: Message) -> None:
        """An error stopped ``post`` (its normalization, or this exporter's ``export_post``): it
        is left out and listed with ``reason``. ``export_post`` writes a post's output in one
        step at its end, so nothing of it is in the files; a subclass that keeps more per post
        forgets it here."""
        self.summary.fail(post.id, reason)
