"""``export --format redirects``: phase 1 of the redirect map.

``OUT/redirects/redirects.csv`` (UTF-8 with BOM, so Excel shows Hangul) lists every old URL
form of every post — ``/123``, ``/entry/<slug>`` raw and percent-encoded, ``/m/…``,
``/notice/…``, over http and https, on the custom domain and on NAME.tistory.com — with the
post's id, title and date and a ``new_url`` column that stays empty until
``redirects resolve`` has matched the post (then it is filled in). The URL rules live in
``redirect_map``; this exporter only feeds it the posts.
"""

from __future__ import annotations

from tistory_migrate.redirects import map as redirect_map
from tistory_migrate.exporters.base import Exporter
from tistory_migrate.models import Post


class RedirectsExporter(Exporter):
    name = "redirects"
    description = "redirects.csv: every old Tistory URL of every post, new URL filled once resolved"

    def start(self) -> None:
        super().start()
        self._rows: list[dict[str, str]] = []
        self._stored = redirect_map.stored_map(self.ctx.archive)
        self._path = self.ctx.out_dir / redirect_map.STYLES["csv"]
        self.summary.first_to_open = str(self._path)

    def export_post(self, post: Post, body) -> None:
        if not self.wants(post):
            return
        if post.status in redirect_map.SKIP_STATUSES:
            self.summary.skipped[f"status {post.status}"] = self.summary.skipped.get(f"status {post.status}", 0) + 1
            return
        if self.ctx.blog is None:
            return  # reported once in finish()
        new_url = (self._stored.get(post.id) or {}).get("new_url") or ""
        self._rows.extend(redirect_map.csv_rows(post, self.ctx.blog, new_url))
        self.summary.posts += 1

    def finish(self):
        if self.ctx.blog is None:
            self.summary.warnings.append("The archive has no blog information, so no old addresses could be listed.")
        # Rows are kept in memory (a few hundred bytes each) and written at once so an
        # interrupted export never leaves a half-written CSV behind.
        self._path.write_text(redirect_map.csv_text(self._rows), encoding="utf-8", newline="")
        self.summary.files += 1
        unresolved = sum(1 for pid in {r["post_id"] for r in self._rows} if not (self._stored.get(pid) or {}).get("new_url"))
        if self._rows and unresolved:
            self.summary.warnings.append(
                f"{unresolved} post(s) have no new address yet: publish them, then run "
                "`tistory-migrate redirects resolve ARCHIVE --naver-blog ID`.")
        return self.summary
