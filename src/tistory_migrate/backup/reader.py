"""Open one or more official Tistory backups (zip, unpacked folder, legacy XML) as posts.

Layout (docs/tistory-backup.md): ``{blog}-1-1/{no}/{anything}.html`` plus ``{no}/img/…`` and
``{no}/file/…``. The ``{blog}-1-1/`` level may be missing when the user unpacked the zip
themselves, so posts are found by shape (a numbered folder holding an ``.html``) under any
prefix, never by a fixed path. The post file is "the one .html in the numbered folder,
whatever its name" because one real backup mixes ``{no}.html``, ``{no}-{title}.html`` and
``{title}.html``.

Every post comes out with ``status="unknown"`` (a backup does not say what the public sees),
``body_source="backup"`` and ``sources=["backup"]``; ``merge.merge_posts`` adds what the
public blog knows. ``MediaRef.local_path`` values are opaque keys for ``BackupSet.read_file``:
``"{n}:{entry}"`` with ``n`` the index of the backup in the order given.
"""

from __future__ import annotations

import heapq
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tistory_migrate.backup.legacy_xml import LegacyXmlBackup, looks_like_legacy_xml
from tistory_migrate.backup.media import find_backup_media
from tistory_migrate.backup.post_html import parse_backup_html
from tistory_migrate.backup.source import BackupLimitExceeded, DirSource, ReadBudget, ZipSource
from tistory_migrate.errors import BackupError
from tistory_migrate.i18n import Message, _, msg
from tistory_migrate.models import Post
from tistory_migrate.settings import BackupSettings

# {prefix/}{no}/{file}.html  and  {prefix/}{no}/img|file/{name}
_POST_FILE = re.compile(r"^(?:(?P<prefix>.+)/)?(?P<no>[0-9]+)/(?P<file>[^/]+\.html?)$", re.IGNORECASE)
_POST_MEDIA = re.compile(r"^(?:(?P<prefix>.+)/)?(?P<no>[0-9]+)/(?P<rel>(?:img|file)/.+)$")
# "{blog}-1-1" (root folder) and "{blog}-1-1-article1-21.zip" (download name)
_BLOG_FOLDER = re.compile(r"^(?P<blog>[A-Za-z0-9][A-Za-z0-9-]*?)-[0-9]+-[0-9]+$")
_BLOG_ZIP = re.compile(r"^(?P<blog>[A-Za-z0-9][A-Za-z0-9-]*?)-[0-9]+-[0-9]+(?:-article[0-9]+-[0-9]+)?\.zip$", re.IGNORECASE)


@dataclass
class _PostFolder:
    no: str
    prefix: str
    html: list[str] = field(default_factory=list)  # entry names
    media: dict[str, str] = field(default_factory=dict)  # rel ("img/x.png") -> entry name


class _TreeBackup:
    """The current (2022+) backup: a zip or a folder of numbered post folders."""

    def __init__(self, source: ZipSource | DirSource, index: int):
        self.source = source
        self.index = index
        self.label = source.label
        self.folders = self._scan(source.names())
        if not self.folders:
            raise BackupError(
                msg("{label} does not look like a Tistory backup: no numbered post folder with an .html file.", label=self.label),
                hint=_("Give the zip downloaded from Tistory (관리 → 데이터 관리 → 백업), or the folder it unpacks to."),
            )
        self.blog_name = self._blog_name()

    @staticmethod
    def _scan(names: list[str]) -> dict[str, _PostFolder]:
        folders: dict[tuple[str, str], _PostFolder] = {}
        for name in names:
            m = _POST_FILE.match(name)
            if m:
                key = (m["prefix"] or "", m["no"])
                folders.setdefault(key, _PostFolder(m["no"], key[0])).html.append(name)
                continue
            m = _POST_MEDIA.match(name)
            if m:
                key = (m["prefix"] or "", m["no"])
                folders.setdefault(key, _PostFolder(m["no"], key[0])).media[m["rel"]] = name
        by_no: dict[str, _PostFolder] = {}
        for (_prefix, no), folder in sorted(folders.items()):
            if folder.html and no not in by_no:  # media without a post file: not a post folder
                by_no[no] = folder
        return by_no

    def _blog_name(self) -> str | None:
        for folder in self.folders.values():
            last = folder.prefix.rsplit("/", 1)[-1]
            m = _BLOG_FOLDER.match(last)
            if m:
                return m["blog"]
        m = _BLOG_ZIP.match(Path(self.label).name) or _BLOG_FOLDER.match(Path(self.label).name)
        return m["blog"] if m else None

    def numbers(self) -> list[str]:
        return sorted(self.folders, key=int)

    def post(self, no: str) -> Post:
        folder = self.folders[no]
        url = f"https://{self.blog_name}.tistory.com/{no}" if self.blog_name else f"backup:{no}"
        base = Post(id=no, url=url, status="unknown", body_source="backup", sources=["backup"])
        html_entries = sorted(folder.html, key=lambda n: (n.count("/"), n))
        entry = html_entries[0]
        if len(html_entries) > 1:
            base.warn(msg("backup: {n} .html files in folder {folder}; read {file}", n=len(html_entries), folder=no,
                          file=entry.rsplit("/", 1)[-1]))
        base.extra["backup_file"] = f"{self.label}!{entry}"
        try:
            data = self.source.read(entry, limit=self.source.settings.max_post_bytes)  # bounded before reading
            page = parse_backup_html(_decode(data), file_name=entry.rsplit("/", 1)[-1])
        except BackupLimitExceeded:
            raise  # a bomb stops the whole backup, not just this post
        except BackupError as exc:
            # One unreadable post never stops the run: it comes out "failed" for the report.
            base.status = "failed"
            base.warn(msg("backup: {reason}", reason=exc.detail))
            return base
        base.title = page.title
        base.published = page.published
        base.category = page.category
        if page.category:
            base.extra["category_source"] = "backup"
        base.tags = page.tags
        base.body_raw = page.body_html
        for w in page.warnings:
            base.warn(w)
        found = find_backup_media(page.body_html, no, set(folder.media))
        for ref in found.images + found.attachments:
            if ref.local_path is not None:
                ref.local_path = f"{self.index}:{folder.media[ref.local_path]}"
        base.images, base.attachments = found.images, found.attachments
        for w in found.warnings:
            base.warn(w)
        return base

    def read(self, entry: str) -> bytes:
        return self.source.read(entry)

    def close(self) -> None:
        self.source.close()


class BackupSet:
    """All backups given with ``--backup``, read lazily. Use as a context manager or ``close()``."""

    def __init__(self, parts: list, settings: BackupSettings, spool: Path | None):
        self._parts = parts
        self.settings = settings
        self._spool = spool
        names = [p.blog_name for p in parts if getattr(p, "blog_name", None)]
        self.blog_name: str | None = names[0] if names else None
        self.notes: list[Message] = []  # set-level remarks for the report (duplicate post numbers)
        self._entry_notes = [msg("{label} holds the entry {name} twice; the first copy was used", label=p.label,
                                 name=repr(name))
                             for p in parts if isinstance(p, _TreeBackup)
                             for name in getattr(p.source, "duplicates", [])]

    def posts(self) -> Iterator[Post]:
        """Every post, ordered by number; a number found twice keeps its first copy (warned)."""
        seen: dict[str, int] = {}
        self.notes = list(self._entry_notes)

        def first(no: str, index: int) -> bool:
            if no in seen:
                self.notes.append(msg("post {id} is in backups {first} and {second}; the copy in backup {first} was used",
                                      id=no, first=seen[no] + 1, second=index + 1))
                return False
            seen[no] = index
            return True

        def stream(part) -> Iterator[tuple[int, int, Post | None, str]]:
            # (number, backup index, parsed post or None, number): zip/folder posts are parsed
            # only when their turn comes, so memory holds one post per backup at a time.
            if isinstance(part, LegacyXmlBackup):
                for post in part.posts():  # the XML lists posts in its own order (by number in practice)
                    yield (int(post.id), part.index, post, post.id)  # ASCII digits (legacy_xml.ascii_number)
                self.notes.extend(part.notes)  # posts it had to leave out
            else:
                for no in part.numbers():
                    yield (int(no), part.index, None, no)

        # heapq.merge is stable: for one number, the copy of the earlier backup comes first.
        for _number, index, post, no in heapq.merge(*(stream(p) for p in self._parts), key=lambda t: (t[0], t[1])):
            if not first(no, index):
                continue
            yield post if post is not None else self._parts[index].post(no)

    def post_numbers(self) -> list[str]:
        """Post numbers of the zip/folder backups without parsing any post (legacy XML excluded)."""
        out: set[str] = set()
        for part in self._parts:
            if isinstance(part, _TreeBackup):
                out.update(part.numbers())
        return sorted(out, key=int)

    def read_file(self, local_path: str) -> bytes:
        """Bytes of an image/attachment inside the backup (``MediaRef.local_path``), bounded."""
        index, sep, entry = local_path.partition(":")
        if not sep or not (index.isascii() and index.isdigit()) or int(index) >= len(self._parts):
            raise BackupError(msg("{path} is not a file of this backup.", path=repr(local_path)))
        return self._parts[int(index)].read(entry)

    def close(self) -> None:
        for part in self._parts:
            part.close()
        if self._spool is not None:
            shutil.rmtree(self._spool, ignore_errors=True)
            try:  # the run's spool folder (inside the archive) goes too once it is empty
                self._spool.parent.rmdir()
            except OSError:
                pass
            self._spool = None

    def __enter__(self) -> "BackupSet":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_backups(paths: list[Path], settings: BackupSettings, *, spool_dir: Path | None = None) -> BackupSet:
    """Open every backup given (zip, folder with or without ``{blog}-1-1/``, legacy XML).

    Raises ``BackupError`` (exit 4) for a missing, corrupt, unsafe or non-Tistory backup;
    whatever was opened before the failure is closed.
    """
    if not paths:
        raise BackupError(msg("No backup given."))
    budget = ReadBudget(settings)
    parts: list = []
    spool: Path | None = None
    try:
        for index, path in enumerate(paths):
            path = Path(path)
            if path.is_dir():
                parts.append(_TreeBackup(DirSource(path, settings, budget), index))
            elif path.is_file():
                with open(path, "rb") as fh:
                    head = fh.read(1024)
                if head.startswith(b"PK"):
                    parts.append(_TreeBackup(ZipSource(path, settings, budget), index))
                elif looks_like_legacy_xml(head):
                    if spool is None:
                        # Attachments of a legacy XML are spooled to disk while it streams:
                        # inside the archive folder when there is one (nothing is written
                        # outside the output folder), else in the system's temporary folder.
                        if spool_dir is not None:
                            Path(spool_dir).mkdir(parents=True, exist_ok=True)
                            spool = Path(tempfile.mkdtemp(prefix="tm-backup-", dir=spool_dir))
                        else:
                            spool = Path(tempfile.mkdtemp(prefix="tm-backup-"))
                    parts.append(LegacyXmlBackup(path, spool / str(index), index))
                else:
                    raise BackupError(
                        msg("{path} is neither a zip nor a Tistory XML backup.", path=str(path)),
                        hint=_("Give the .zip downloaded from Tistory, the folder it unpacks to, or the old .xml backup."),
                    )
            else:
                raise BackupError(msg("The backup {path} does not exist.", path=str(path)),
                                  hint=_("Check the path given to --backup."))
    except BaseException:
        for part in parts:
            part.close()
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)
        raise
    return BackupSet(parts, settings, spool)


def _decode(data: bytes) -> str:
    # The backup's HTML is UTF-8 (meta charset); CP949 covers files re-saved on Korean Windows.
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")
