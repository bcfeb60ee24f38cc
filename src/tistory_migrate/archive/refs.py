"""The archive's discovery refs: what list pages, the feed and the sitemap said of each post,
kept out of memory until the post is read. A mixin of :class:`tistory_migrate.archive.Archive`
(it uses the archive's connection and batch); split out so each module stays small."""

from __future__ import annotations

import json

from tistory_migrate.errors import ArchiveError
from tistory_migrate.i18n import _
from tistory_migrate.models import PostRef


class RefStore:
    """Discovery refs by post id; sources only grow."""

    def put_refs(self, refs: list[PostRef]) -> None:
        if self.readonly:
            raise ArchiveError(_("This archive was opened read-only."))
        with self.batch() as ar:
            conn = ar.conn
            for ref in refs:
                # Sources only grow: a later run whose list walk stops early must not forget
                # that an earlier one found the post on a list page.
                row = conn.execute("SELECT sources FROM refs WHERE id=?", (ref.id,)).fetchone()
                sources = set(ref.sources) | (set(json.loads(row[0])) if row else set())
                conn.execute(
                    "INSERT INTO refs(id, url, kind, sources, title, summary, date_hint, category_hint) VALUES (?,?,?,?,?,?,?,?) "
                    "ON CONFLICT(id) DO UPDATE SET url=excluded.url, kind=excluded.kind, sources=excluded.sources, "
                    "title=coalesce(excluded.title, refs.title), summary=coalesce(excluded.summary, refs.summary), "
                    "date_hint=coalesce(excluded.date_hint, refs.date_hint), category_hint=coalesce(excluded.category_hint, refs.category_hint)",
                    (ref.id, ref.url, ref.kind, json.dumps(sorted(sources)), ref.title, ref.summary, ref.date_hint, ref.category_hint))

    def get_ref(self, post_id: str) -> PostRef | None:
        row = self.conn.execute("SELECT id, url, kind, sources, title, summary, date_hint, category_hint FROM refs WHERE id=?",
                                (post_id,)).fetchone()
        if not row:
            return None
        return PostRef(id=row[0], url=row[1], kind=row[2], sources=set(json.loads(row[3])), title=row[4],
                       summary=row[5], date_hint=row[6], category_hint=row[7])


    def get_refs(self) -> dict[str, PostRef]:
        out = {}
        for row in self.conn.execute("SELECT id, url, kind, sources, title, summary, date_hint, category_hint FROM refs"):
            out[row[0]] = PostRef(id=row[0], url=row[1], kind=row[2], sources=set(json.loads(row[3])), title=row[4],
                                  summary=row[5], date_hint=row[6], category_hint=row[7])
        return out
