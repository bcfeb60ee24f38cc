"""Where backup files are read from: a zip read in place, or an unpacked folder.

Both look the same to the reader: a list of entry names (NFC, ``/``-separated, relative to
what the user gave) and a bounded ``read``. Nothing is ever extracted to disk.

Bounds (``settings.BackupSettings``) are checked twice, because a zip's declared sizes can lie:
* on opening, from the central directory: entry count, each declared size, the declared total;
* while reading, by counting the bytes that really come out of the decompressor, per entry and
  for the whole backup (``ReadBudget``), so a bomb is stopped after at most the bound.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from pathlib import Path

from tistory_migrate.backup.names import decode_entry_name, is_unsafe, nfc
from tistory_migrate.errors import BackupError
from tistory_migrate.i18n import _, msg
from tistory_migrate.settings import BackupSettings

CHUNK = 1024 * 1024


class BackupLimitExceeded(BackupError):
    """A size bound was crossed while reading: stops the whole backup, not just one post."""


class ReadBudget:
    """Decompressed bytes left for one backup set (all its sources together)."""

    def __init__(self, settings: BackupSettings):
        self.settings = settings
        self.used = 0

    def take(self, n: int, label: str) -> None:
        self.used += n
        if self.used > self.settings.max_total_bytes:
            raise BackupLimitExceeded(
                msg("{label}: the backup unpacks to more than {size}; reading stopped.", label=label,
                    size=_mb(self.settings.max_total_bytes)),
                hint=_("This looks like a damaged or malicious zip (a 'zip bomb'). "
                       "If the backup is genuine and that large, raise backup.max_total_bytes."),
            )


class ZipSource:
    def __init__(self, path: Path, settings: BackupSettings, budget: ReadBudget):
        self.path = Path(path)
        self.label = str(path)
        self.settings = settings
        self.budget = budget
        self.duplicates: list[str] = []  # entry names the zip holds twice (the first is used, as unzip does)
        try:
            self._zip = zipfile.ZipFile(self.path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            raise BackupError(
                msg("{label} is not a readable zip file ({error}).", label=self.label, error=str(exc)),
                hint=_("Download the backup again from Tistory (관리 → 데이터 관리 → 백업); the file may be incomplete."),
            ) from None
        try:
            self._entries = self._check(infos)
        except BackupError:
            self._zip.close()
            raise

    def _check(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        s = self.settings
        if len(infos) > s.max_entries:
            raise BackupError(
                msg("{label} holds {count} entries, more than the limit of {limit}.", label=self.label,
                    count=format(len(infos), ","), limit=format(s.max_entries, ",")),
                hint=_("Raise backup.max_entries if this really is a Tistory backup."),
            )
        entries: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = decode_entry_name(info)
            if is_unsafe(name):
                raise BackupError(
                    msg("{label} contains an unsafe path ({name}) that points outside the backup; refused.",
                        label=self.label, name=repr(name)),
                    hint=_("A Tistory backup never does this: the zip was altered. Use the file downloaded from Tistory."),
                )
            if info.is_dir():
                continue
            if info.file_size > s.max_entry_bytes:
                raise BackupError(
                    msg("{label}: the entry {name} claims {size}, more than the limit of {limit} for one file; refused.",
                        label=self.label, name=repr(name), size=_mb(info.file_size), limit=_mb(s.max_entry_bytes)),
                    hint=_("Raise backup.max_entry_bytes if the file is genuine."),
                )
            total += info.file_size
            if name in entries:  # a second entry of the same name: keep the first, say so
                if name not in self.duplicates:
                    self.duplicates.append(name)
                continue
            entries[name] = info
        if total > s.max_total_bytes:
            raise BackupError(
                msg("{label} claims to unpack to {size}, more than the limit of {limit}; refused.", label=self.label,
                    size=_mb(total), limit=_mb(s.max_total_bytes)),
                hint=_("This looks like a 'zip bomb'. If the backup is genuine, raise backup.max_total_bytes."),
            )
        return entries

    def names(self) -> list[str]:
        return list(self._entries)

    def read(self, name: str, *, limit: int | None = None) -> bytes:
        """The entry's bytes. ``limit`` (a post's page: ``backup.max_post_bytes``) is checked
        against the declared size before anything is inflated, and again while reading: beyond
        it this one entry is refused (``BackupError``: its post is flagged, the others go on)."""
        info = self._entries.get(name)
        if info is None:
            raise BackupError(msg("{label} has no entry {name}.", label=self.label, name=repr(name)))
        if limit is not None and info.file_size > limit:
            raise _too_large(self.label, name, info.file_size, limit)
        limit = min(self.settings.max_entry_bytes, info.file_size)
        out = bytearray()
        try:
            with self._zip.open(info) as fh:
                while chunk := fh.read(CHUNK):
                    out += chunk
                    self.budget.take(len(chunk), self.label)
                    if len(out) > limit:
                        raise BackupLimitExceeded(
                            msg("{label}: the entry {name} unpacks to more than it declares; refused.", label=self.label,
                                name=repr(name)),
                            hint=_("The zip is damaged or crafted (a 'zip bomb')."),
                        )
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise BackupError(
                msg("{label}: the entry {name} cannot be read ({error}).", label=self.label, name=repr(name), error=str(exc)),
                hint=_("The zip is damaged; download the backup again."),
            ) from None
        return bytes(out)

    def close(self) -> None:
        self._zip.close()


class DirSource:
    """An unpacked backup folder. Symlinks leading outside it are refused like zip-slip."""

    def __init__(self, path: Path, settings: BackupSettings, budget: ReadBudget):
        self.path = Path(path)
        self.label = str(path)
        self.settings = settings
        self.budget = budget
        root = self.path.resolve()
        self._files: dict[str, Path] = {}
        count = 0
        for dirpath, dirnames, filenames in os.walk(self.path):
            dirnames.sort()
            for fname in sorted(filenames):
                count += 1
                if count > settings.max_entries:
                    raise BackupError(
                        msg("{label} holds more than {limit} files; refused.", label=self.label,
                            limit=format(settings.max_entries, ",")),
                        hint=_("Point --backup at the backup folder itself, or raise backup.max_entries."),
                    )
                full = Path(dirpath) / fname
                if not full.resolve().is_relative_to(root):
                    raise BackupError(msg("{label}: {path} links outside the backup folder; refused.", label=self.label,
                                          path=str(full)))
                rel = full.relative_to(self.path).as_posix()
                self._files[nfc(rel)] = full

    def names(self) -> list[str]:
        return list(self._files)

    def read(self, name: str, *, limit: int | None = None) -> bytes:
        """The file's bytes, checked before reading: a regular file (a FIFO would wait forever)
        no larger than ``limit`` (a post's page) and ``backup.max_entry_bytes``."""
        full = self._files.get(name)
        if full is None:
            raise BackupError(msg("{label} has no file {name}.", label=self.label, name=repr(name)))
        entry_limit = self.settings.max_entry_bytes
        try:
            fd = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            raise BackupError(msg("{label}: {name} cannot be read ({error}).", label=self.label, name=name,
                                  error=exc.strerror or str(exc))) from None
        out = bytearray()
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise BackupError(msg("{label}: {name} is not a regular file; refused.", label=self.label, name=name))
            if limit is not None and info.st_size > limit:
                raise _too_large(self.label, name, info.st_size, limit)
            while chunk := fh.read(CHUNK):
                out += chunk
                self.budget.take(len(chunk), self.label)
                if limit is not None and len(out) > limit:
                    raise _too_large(self.label, name, len(out), limit)
                if len(out) > entry_limit:
                    raise BackupLimitExceeded(msg("{label}: {name} is larger than {size}; refused.", label=self.label,
                                                  name=name, size=_mb(entry_limit)))
        return bytes(out)

    def close(self) -> None:
        pass


def _too_large(label: str, name: str, size: int, limit: int) -> BackupError:
    return BackupError(
        msg("{label}: the page {name} is {size}, more than the limit of {limit} for one post; left out.",
            label=label, name=repr(name), size=_mb(size), limit=_mb(limit)),
        hint=_("Raise backup.max_post_bytes if the post is genuine."))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.1f} MB"
