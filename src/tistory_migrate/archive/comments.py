"""The archive's comments: one row per post whose comments were read completely (all pages),
so an interrupted run stores nothing half-read and the next one reads that post again. A
mixin of :class:`tistory_migrate.archive.Archive`.

The ``comments`` table is created when an archive is opened for writing (an archive written
before comments existed is upgraded in place; opened read-only, it simply has no comments).
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from tistory_migrate.archive.records import now_iso
from tistory_migrate.errors import ArchiveError
from tistory_migrate.i18n import _

COMMENTS_TABLE = ("CREATE TABLE IF NOT EXISTS comments (post_id TEXT PRIMARY KEY, count INTEGER NOT NULL, "
                  "data TEXT NOT NULL, fetched_at TEXT NOT NULL)")


class CommentStore:
    """Comments by post id: ``None`` means "never read", ``[]`` "read, there are none"."""

    def add_comments_table(self, *, writable: bool) -> None:
        if writable:
            self.conn.execute(COMMENTS_TABLE)
        self._has_comments = bool(self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='comments'").fetchone())

    def put_comments(self, post_id: str, comments: list[dict[str, Any]]) -> None:
        if self.readonly:
            raise ArchiveError(_("This archive was opened read-only."))
        self._write("INSERT INTO comments(post_id, count, data, fetched_at) VALUES (?,?,?,?) "
                    "ON CONFLICT(post_id) DO UPDATE SET count=excluded.count, data=excluded.data, "
                    "fetched_at=excluded.fetched_at",
                    (post_id, len(comments), json.dumps(comments, ensure_ascii=False), now_iso()))

    def touch_comments(self, post_id: str) -> None:
        """The count is unchanged: only the time of the check changes."""
        self._write("UPDATE comments SET fetched_at=? WHERE post_id=?", (now_iso(), post_id))

    def get_comments(self, post_id: str) -> list[dict[str, Any]] | None:
        if not self._has_comments:
            return None
        row = self.conn.execute("SELECT data FROM comments WHERE post_id=?", (post_id,)).fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except ValueError:
            data = None
        if not isinstance(data, list):
            raise self._damaged(_("the comments of post {id} are not readable").format(id=post_id))
        return [c for c in data if isinstance(c, dict)]

    def comment_counts(self) -> dict[str, int]:
        """Comments per post, for every post whose comments were read."""
        if not self._has_comments:
            return {}
        return {r[0]: r[1] for r in self.conn.execute("SELECT post_id, count FROM comments")}

    def iter_comment_posts(self) -> Iterator[str]:
        if self._has_comments:
            yield from (r[0] for r in self.conn.execute("SELECT post_id FROM comments ORDER BY post_id"))
