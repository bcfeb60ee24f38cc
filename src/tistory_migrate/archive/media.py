"""The archive's media table and files: originals stored once by content hash.

A mixin of :class:`tistory_migrate.archive.Archive` (it uses the archive's connection and
write helper); split out so each module stays small.

A failure's ``reason`` is English text (what exports and jsonl show); ``reason_code`` beside it
is the same reason as a message (``i18n.Message.to_dict()`` as JSON), so the report shows it in
the reader's language. Archives written before that column existed gain it when opened for
writing (``add_reason_code``); read-only, their reasons are shown as the text they are.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any, Iterator

from tistory_migrate.archive.records import MediaProblem, now_iso
from tistory_migrate.i18n import Message
from tistory_migrate.models import MediaFile

MEDIA_DIR = "media"
TMP_PREFIX = ".tmp-"


class MediaStore:
    """Media rows and files; every method runs on the archive's own connection."""

    _has_reason_code = False

    def add_reason_code(self, *, writable: bool) -> None:
        """The ``reason_code`` column: added to an older archive opened for writing (the table
        means what it meant: one more column, empty in the rows written before)."""
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(media)")}
        if "reason_code" not in columns and writable:
            self.conn.execute("ALTER TABLE media ADD COLUMN reason_code TEXT")
            columns.add("reason_code")
        self._has_reason_code = "reason_code" in columns

    def get_media(self, identity: str) -> MediaFile | None:
        row = self.conn.execute(
            "SELECT identity, original_url, status, reason, sha256, bytes, ext, mime, width, height, path FROM media WHERE identity=?",
            (identity,)).fetchone()
        if not row:
            return None
        return MediaFile(*row)

    def media_status(self, identity: str) -> str | None:
        row = self.conn.execute("SELECT status FROM media WHERE identity=?", (identity,)).fetchone()
        return row[0] if row else None

    def media_counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT status, COUNT(*) FROM media GROUP BY status")}

    def media_problems(self) -> dict[str, MediaProblem]:
        """Every media row that is not ``ok``, by identity, with its reason as a message."""
        code = "reason_code" if self._has_reason_code else "NULL"
        return {r[0]: MediaProblem(r[0], r[1], r[2], r[3], _reason_message(r[3], r[4])) for r in self.conn.execute(
            f"SELECT identity, original_url, status, reason, {code} FROM media WHERE status != 'ok'")}

    def media_statuses(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT identity, status FROM media")}

    def iter_media(self) -> Iterator[MediaFile]:
        for row in self.conn.execute(
                "SELECT identity, original_url, status, reason, sha256, bytes, ext, mime, width, height, path FROM media ORDER BY identity"):
            yield MediaFile(*row)

    def media_file_path(self, media: MediaFile) -> Path | None:
        """The stored file of ``media``, or None. A path read from the archive is trusted only
        inside its ``media/`` folder: a record edited to ``../secret`` or an absolute path, or a
        media file replaced by a symbolic link, would otherwise put an outside file into the
        folder a person uploads to Naver."""
        if not media.path or "\\" in media.path or media.path.startswith("/") or ":" in media.path:
            return None
        parts = media.path.split("/")
        if len(parts) < 2 or parts[0] != MEDIA_DIR or any(p in ("", ".", "..") for p in parts):
            return None
        path = self.root
        for part in parts:  # no link anywhere from media/ down to the file
            path = path / part
            if path.is_symlink():
                return None
        return path

    def store_bytes(self, data: bytes, ext: str) -> tuple[str, str]:
        """Write ``data`` under media/ by content hash (atomically); return (sha256, relative path)."""
        digest = hashlib.sha256(data).hexdigest()
        ext = "".join(c for c in (ext or "bin").lower() if c.isalnum())[:8] or "bin"
        rel = f"{MEDIA_DIR}/{digest[:2]}/{digest}.{ext}"
        # Plain strings, not pathlib: pathlib interns every path part it parses, and one unique
        # hash name per picture would then stay in memory for the whole run.
        folder = os.path.join(self._root_str, MEDIA_DIR, digest[:2])
        final = os.path.join(folder, f"{digest}.{ext}")
        try:
            if os.stat(final).st_size == len(data):
                return digest, rel  # same content already stored (a picture used in two posts)
        except FileNotFoundError:
            pass
        os.makedirs(folder, exist_ok=True)
        # Worker threads write files too (media downloads): the name is unique per thread.
        tmp = os.path.join(folder, f"{TMP_PREFIX}{digest[:16]}-{os.getpid()}-{threading.get_ident()}")
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except BaseException:  # a full disk, an interrupt: no half-written file stays behind
            with contextlib.suppress(OSError):
                os.remove(tmp)
            raise
        return digest, rel

    def put_media(self, identity: str, original_url: str, data: bytes | None, *, sniffed: Any = None,
                  stored: tuple[str, str] | None = None, size: int | None = None) -> MediaFile:
        """Record a downloaded original. ``sniffed`` (ext, mime, width, height) comes from the
        bytes; ``stored`` is (sha256, relative path) when a worker already wrote the file."""
        ext = getattr(sniffed, "ext", None) or "bin"
        if stored is None:
            stored = self.store_bytes(data or b"", ext)
        digest, rel = stored
        data_len = len(data) if data is not None else (size if size is not None
                                                       else os.stat(os.path.join(self._root_str, rel)).st_size)
        media = MediaFile(identity=identity, original_url=original_url, status="ok", reason=None, sha256=digest,
                          bytes=data_len, ext=ext, mime=getattr(sniffed, "mime", None),
                          width=getattr(sniffed, "width", None), height=getattr(sniffed, "height", None), path=rel)
        self._put_media_row(media)
        return media

    def put_media_failure(self, identity: str, original_url: str, status: str, reason: "str | Message") -> MediaFile:
        """Record a missing or failed original; ``reason`` a message (``msg(...)``) or text."""
        message = Message.from_dict(reason)
        media = MediaFile(identity=identity, original_url=original_url, status=status, reason=message.english())
        code = None if message.verbatim else json.dumps(message.to_dict(), ensure_ascii=False)
        self._put_media_row(media, code)
        return media

    def _put_media_row(self, m: MediaFile, reason_code: str | None = None) -> None:
        values = (m.identity, m.original_url, m.status, m.reason, m.sha256, m.bytes, m.ext, m.mime, m.width, m.height, m.path,
                  now_iso())
        code_column, code_value, code_update = "", "", ""
        if self._has_reason_code:
            code_column, code_value, code_update = ", reason_code", ",?", ", reason_code=excluded.reason_code"
            values += (reason_code,)
        self._write(
            "INSERT INTO media(identity, original_url, status, reason, sha256, bytes, ext, mime, width, height, path, fetched_at"
            f"{code_column}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?{code_value}) ON CONFLICT(identity) DO UPDATE SET "
            "original_url=excluded.original_url, "
            "status=excluded.status, reason=excluded.reason, sha256=excluded.sha256, bytes=excluded.bytes, ext=excluded.ext, "
            "mime=excluded.mime, width=excluded.width, height=excluded.height, path=excluded.path, "
            f"fetched_at=excluded.fetched_at{code_update}", values)


def _reason_message(reason: str | None, code: str | None) -> Message | None:
    """The reason a media row records: its message where the row has one, else its text."""
    if code:
        try:
            return Message.from_dict(json.loads(code))
        except (ValueError, KeyError, TypeError):
            pass
    return Message.text(reason) if reason else None
