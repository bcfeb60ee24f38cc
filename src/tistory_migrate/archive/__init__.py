"""The on-disk archive: one folder with an SQLite database and media files by content hash.

    ARCHIVE/
      archive.sqlite3      pages, posts, media records, discovery refs, comments, meta (schema version, blog, report)
      media/ab/abcdef….jpg one file per distinct content (sha256), real extension of the bytes
      .lock                held while a command writes, so two runs never interleave (``filelock``:
                           an OS lock, released by the system when a run dies, kill -9 included)

Every database write is a transaction; a media file is written to a temporary name in its
final folder and renamed, and only then recorded, so an interrupted run (Ctrl-C, kill -9)
leaves either nothing or a complete file whose record the resumed run writes again. Readable
file names belong to the exports, never to the archive.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zlib
from pathlib import Path
from typing import Any, Iterator

import filelock

from tistory_migrate import jsonbound
from tistory_migrate.archive.comments import CommentStore
from tistory_migrate.archive.media import MEDIA_DIR, TMP_PREFIX, MediaStore
from tistory_migrate.archive.refs import RefStore
from tistory_migrate.archive.records import MediaProblem, PostSummary, StoredPage, now_iso, sort_key, warning_message
from tistory_migrate.errors import ArchiveError
from tistory_migrate.i18n import _
from tistory_migrate.models import BlogInfo, Post

__all__ = ["Archive", "DB_NAME", "MEDIA_DIR", "MediaProblem", "PostSummary", "SCHEMA_VERSION", "SPOOL_DIR",
           "StoredPage", "TMP_PREFIX", "now_iso", "sort_key"]

SCHEMA_VERSION = 1
DB_NAME = "archive.sqlite3"
RECORD_MAX_BYTES = 1 << 30  # a stored record is as large as its post; what is bounded is its depth
SPOOL_DIR = ".spool"  # temporary files of one run (legacy XML backup attachments), removed after it

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY, kind TEXT NOT NULL, status INTEGER NOT NULL, headers TEXT NOT NULL,
    body BLOB NOT NULL, sha256 TEXT NOT NULL, fetched_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts (
    id TEXT PRIMARY KEY, sort_key TEXT NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL,
    stored_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS posts_sort ON posts (sort_key, id);
CREATE TABLE IF NOT EXISTS media (
    identity TEXT PRIMARY KEY, original_url TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
    sha256 TEXT, bytes INTEGER, ext TEXT, mime TEXT, width INTEGER, height INTEGER, path TEXT,
    fetched_at TEXT NOT NULL, reason_code TEXT);
CREATE TABLE IF NOT EXISTS refs (
    id TEXT PRIMARY KEY, url TEXT NOT NULL, kind TEXT NOT NULL, sources TEXT NOT NULL,
    title TEXT, summary TEXT, date_hint TEXT, category_hint TEXT);
"""


def _lock(root: Path) -> "filelock.BaseFileLock":
    """Hold ``ROOT/.lock`` for this run, or say plainly that another run holds it. The lock is
    the operating system's (flock on Linux and macOS, LockFileEx on Windows), so a run that
    was killed holds nothing: the next one takes the lock at once."""
    lock = filelock.FileLock(str(root / ".lock"), thread_local=False)  # released by whichever thread closes
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        raise ArchiveError(_("The archive {root} is in use by another tistory-migrate run.").format(root=root),
                           hint=_("Wait for it to finish (or stop it), then run this command again.")) from None
    return lock


class Archive(MediaStore, RefStore, CommentStore):
    """The archive folder. Open it with :meth:`open` (``create=True`` for a scrape,
    ``readonly=True`` for reports); every write is a transaction, :meth:`batch` groups the writes
    of one post. All of the project's SQL lives in this package: callers get named rows
    (:class:`PostSummary`, :class:`StoredPage`, :class:`MediaProblem`) and records."""

    def __init__(self, root: Path, conn: sqlite3.Connection, lock: "filelock.BaseFileLock | None", readonly: bool):
        self.root = root
        self.conn = conn
        self._lock = lock
        self.readonly = readonly
        self._batch_depth = 0
        self._root_str = str(root)

    # -- opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, readonly: bool = False) -> "Archive":
        root = Path(path)
        db = root / DB_NAME
        if not db.exists():
            if not create:
                if root.exists() and root.is_dir() and any(root.iterdir()):
                    raise ArchiveError(_("{root} is not a tistory-migrate archive (no {db} in it).").format(root=root, db=DB_NAME),
                                       hint=_("Give the folder that `tistory-migrate scrape … -o FOLDER` wrote."))
                raise ArchiveError(_("There is no archive at {root}.").format(root=root),
                                   hint=_("Run `tistory-migrate scrape URL -o FOLDER` first, then use that folder."))
            if root.exists() and not root.is_dir():
                raise ArchiveError(_("{root} exists and is not a folder; choose another archive path.").format(root=root))
            if root.exists() and any(p.name not in (".lock",) for p in root.iterdir()):
                raise ArchiveError(_("{root} already holds other files; choose an empty or new folder for the archive.")
                                   .format(root=root))
            root.mkdir(parents=True, exist_ok=True)
        lock = None if readonly else _lock(root)
        try:
            # A read-only open goes through a URI: built by pathlib, so a Windows drive letter,
            # Hangul, '#' or '?' in the folder name are percent-encoded as SQLite expects.
            uri = f"{db.absolute().as_uri()}?mode=ro" if readonly else str(db)
            conn = sqlite3.connect(uri, uri=readonly, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 5000")
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            archive = cls(root, conn, lock, readonly)
            archive._check_schema(create=create and not readonly)
            archive.add_reason_code(writable=not readonly)
            archive.add_comments_table(writable=not readonly)
        except sqlite3.DatabaseError as exc:
            if lock is not None:
                lock.release()
            raise ArchiveError(_("The archive database in {root} cannot be read ({error}).").format(root=root, error=exc),
                               hint=_("It may be damaged. Scrape again into a new folder; your old folder is left as it is.")) from None
        except ArchiveError:
            if lock is not None:
                lock.release()
            raise
        if not readonly:
            archive._remove_temp_files()
        return archive

    def _check_schema(self, *, create: bool) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables:
            if not create:
                raise ArchiveError(_("{path} is not a tistory-migrate archive.").format(path=self.root / DB_NAME))
            with self.transaction():
                for stmt in _SCHEMA.strip().split(";"):
                    if stmt.strip():
                        self.conn.execute(stmt)
                self._set_meta_raw("schema_version", str(SCHEMA_VERSION))
                self._set_meta_raw("created_at", json.dumps(now_iso()))
            return
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        try:
            version = int(row[0]) if row else 0
        except (TypeError, ValueError):
            raise self._damaged(_("its version mark is {value}, not a number").format(value=repr(row[0]))) from None
        if version > SCHEMA_VERSION:
            raise ArchiveError(
                _("The archive {root} was written by a newer tistory-migrate (archive version {version}; this one reads "
                  "up to {supported}).").format(root=self.root, version=version, supported=SCHEMA_VERSION),
                hint=_("Upgrade tistory-migrate (pip install -U tistory-migrate) and run the command again."))
        if version < SCHEMA_VERSION:
            raise ArchiveError(
                _("The archive {root} has an old format (version {version}) this tistory-migrate cannot read.")
                .format(root=self.root, version=version),
                hint=_("Scrape the blog again into a new folder."))

    def _remove_temp_files(self) -> None:
        spool = self.root / SPOOL_DIR  # a backup's attachments spooled by a run that was killed
        if spool.is_dir():
            shutil.rmtree(spool, ignore_errors=True)
        media = self.root / MEDIA_DIR
        if media.is_dir():
            for tmp in media.rglob(f"{TMP_PREFIX}*"):
                try:
                    tmp.unlink()
                except OSError:
                    pass

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions -----------------------------------------------------------------------
    class _Tx:
        def __init__(self, conn: sqlite3.Connection):
            self.conn = conn

        def __enter__(self):
            self.conn.execute("BEGIN IMMEDIATE")
            return self.conn

        def __exit__(self, exc_type, exc, tb):
            if exc_type is None:
                self.conn.execute("COMMIT")
            else:
                self.conn.execute("ROLLBACK")
            return False

    def transaction(self) -> "Archive._Tx":
        return Archive._Tx(self.conn)

    def batch(self) -> "Archive._Batch":
        """Group the writes of one unit of work (a post: its page, record and media rows) into
        one transaction: all of them or none survive a kill, and one commit costs far less than
        several."""
        return Archive._Batch(self)

    class _Batch:
        def __init__(self, archive: "Archive"):
            self.archive = archive

        def __enter__(self):
            if self.archive._batch_depth == 0:
                self.archive.conn.execute("BEGIN IMMEDIATE")
            self.archive._batch_depth += 1
            return self.archive

        def __exit__(self, exc_type, exc, tb):
            self.archive._batch_depth -= 1
            if self.archive._batch_depth == 0:
                self.archive.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
            return False

    def _write(self, sql: str, params: tuple) -> None:
        if self.readonly:
            raise ArchiveError(_("This archive was opened read-only."))
        if self._batch_depth:
            self.conn.execute(sql, params)
            return
        with self.transaction() as conn:
            conn.execute(sql, params)

    # -- meta -------------------------------------------------------------------------------
    def _set_meta_raw(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    def set_meta(self, key: str, value: Any) -> None:
        self._write("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                    (key, json.dumps(value, ensure_ascii=False)))

    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        if not row:
            return default
        try:
            return jsonbound.loads(row[0], max_bytes=RECORD_MAX_BYTES)  # a received archive may be hostile
        except jsonbound.JsonRefused:
            raise self._damaged(_("the stored {key} is not readable").format(key=key)) from None
        except json.JSONDecodeError:
            return row[0]

    def set_blog(self, blog: BlogInfo) -> None:
        self.set_meta("blog", blog.to_dict())

    def get_blog(self) -> BlogInfo | None:
        data = self.get_meta("blog")
        if data and not isinstance(data, dict):
            raise self._damaged(_("its blog record is not a record"))
        try:
            return BlogInfo.from_dict(data) if data else None
        except TypeError:
            raise self._damaged(_("its blog record is not a record")) from None

    # -- pages ------------------------------------------------------------------------------
    def put_page(self, url: str, status: int, headers: dict[str, str], body: bytes, kind: str) -> None:
        keep = {k: v for k, v in headers.items() if k in ("content-type", "etag", "last-modified", "location", "date")}
        self._write(
            "INSERT INTO pages(url, kind, status, headers, body, sha256, fetched_at) VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT(url) DO UPDATE SET kind=excluded.kind, status=excluded.status, headers=excluded.headers, "
            "body=excluded.body, sha256=excluded.sha256, fetched_at=excluded.fetched_at",
            (url, kind, status, json.dumps(keep), zlib.compress(body, 1), hashlib.sha256(body).hexdigest(), now_iso()))

    def get_page(self, url: str) -> StoredPage | None:
        row = self.conn.execute("SELECT url, kind, status, headers, body, fetched_at FROM pages WHERE url=?", (url,)).fetchone()
        if not row:
            return None
        return StoredPage(row[0], row[1], row[2], json.loads(row[3]), zlib.decompress(row[4]), row[5])

    def iter_pages(self, kind: str | None = None) -> Iterator[StoredPage]:
        sql = "SELECT url, kind, status, headers, body, fetched_at FROM pages"
        params: tuple = ()
        if kind:
            sql += " WHERE kind=?"
            params = (kind,)
        for row in self.conn.execute(sql + " ORDER BY url", params):
            yield StoredPage(row[0], row[1], row[2], json.loads(row[3]), zlib.decompress(row[4]), row[5])

    def page_urls(self, kind: str | None = None) -> list[str]:
        if kind:
            return [r[0] for r in self.conn.execute("SELECT url FROM pages WHERE kind=? ORDER BY url", (kind,))]
        return [r[0] for r in self.conn.execute("SELECT url FROM pages ORDER BY url")]

    # -- posts ------------------------------------------------------------------------------
    def put_post(self, post: Post) -> None:
        self._write(
            "INSERT INTO posts(id, sort_key, status, data, stored_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET sort_key=excluded.sort_key, status=excluded.status, data=excluded.data, stored_at=excluded.stored_at",
            (post.id, sort_key(post), post.status, json.dumps(post.to_dict(), ensure_ascii=False), now_iso()))

    def get_post(self, post_id: str) -> Post | None:
        row = self.conn.execute("SELECT data FROM posts WHERE id=?", (post_id,)).fetchone()
        return self._post(post_id, row[0]) if row else None

    def _post(self, post_id: str, data: str) -> Post:
        """A stored post record; a record that is not one is a damaged archive (exit 5)."""
        try:
            record = jsonbound.loads(data, max_bytes=RECORD_MAX_BYTES)  # nested too deep: damaged, not a crash
            if not isinstance(record, dict):
                raise TypeError("not an object")
            return Post.from_dict(record)
        except (ValueError, TypeError, AttributeError):
            raise self._damaged(_("the record of post {id} is not readable").format(id=post_id)) from None

    def _damaged(self, what: str) -> ArchiveError:
        return ArchiveError(_("The archive {root} is damaged: {what}.").format(root=self.root, what=what),
                            hint=_("Keep the folder as it is (it may be your only copy) and scrape again into a new "
                                   "folder; the exports of the new one can be compared with the old."))

    def iter_posts(self, statuses: tuple[str, ...] | None = None) -> Iterator[Post]:
        """Every post, oldest first, streamed (memory stays flat on big blogs)."""
        sql = "SELECT id, data FROM posts"
        params: tuple = ()
        if statuses:
            sql += f" WHERE status IN ({','.join('?' * len(statuses))})"
            params = tuple(statuses)
        cur = self.conn.execute(sql + " ORDER BY sort_key, id", params)
        while True:
            rows = cur.fetchmany(200)
            if not rows:
                break
            for post_id, data in rows:
                yield self._post(post_id, data)

    def post_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM posts ORDER BY sort_key, id")]

    def post_statuses(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, status FROM posts")}

    def count_posts(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0]

    def post_status(self, post_id: str) -> str | None:
        row = self.conn.execute("SELECT status FROM posts WHERE id=?", (post_id,)).fetchone()
        return row[0] if row else None

    def post_summaries(self, *, with_media: bool = True) -> Iterator[PostSummary]:
        """Every post as reports need it, oldest first, without loading bodies."""
        sql = ("SELECT id, status, json_extract(data, '$.kind'), json_extract(data, '$.category'), "
               "json_extract(data, '$.sources'), json_extract(data, '$.title'), json_extract(data, '$.url'), "
               "json_extract(data, '$.warnings[#-1]'), "
               + ("json_extract(data, '$.images'), json_extract(data, '$.attachments')" if with_media else "NULL, NULL")
               + ", json_extract(data, '$.warning_codes'), json_extract(data, '$.extra.category_source'), "
               "json_extract(data, '$.body_source') FROM posts ORDER BY sort_key, id")
        for row in self.conn.execute(sql):
            identities = [m.get("identity") for refs in (row[8], row[9]) for m in json.loads(refs or "[]")]
            yield PostSummary(row[0], row[1], row[2], row[3], json.loads(row[4] or "[]"), row[5], row[6], row[7],
                              identities, warning_message(row[7], row[10]), row[11], row[12])

    def post_addresses(self) -> Iterator[tuple]:
        """(id, kind, status, title, published, url, slug_url, has body) of every post, without
        reading bodies into Python: what a WordPress address is computed from."""
        yield from self.conn.execute(
            "SELECT id, json_extract(data, '$.kind'), status, json_extract(data, '$.title'), "
            "json_extract(data, '$.published'), json_extract(data, '$.url'), json_extract(data, '$.slug_url'), "
            "length(trim(coalesce(json_extract(data, '$.body_raw'), ''), ' ' || char(9, 10, 13))) > 0 "
            "FROM posts ORDER BY sort_key, id")

    def post_ids_by_url(self) -> dict[str, str]:
        """Stored post ids by their URL and by their ``/entry/`` URL (refs from list pages that
        carry no id until their page is read meet their post here)."""
        out: dict[str, str] = {}
        for pid, url, slug_url in self.conn.execute(
                "SELECT id, json_extract(data, '$.url'), json_extract(data, '$.slug_url') FROM posts"):
            for u in (url, slug_url):
                if u:
                    out[u] = pid
        return out

    @property
    def has_changes(self) -> bool:
        """Whether this connection has written anything (a run refused before writing keeps
        the archive's last report)."""
        return self.conn.total_changes > 0
