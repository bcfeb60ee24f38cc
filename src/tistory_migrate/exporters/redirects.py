"""``export --format redirects`` and ``redirects render``: the redirect map, one style a run.

The exporter collects every post with an old page (``redirects.forms``), with its new address
from the stored map (``redirects.store``) once ``redirects resolve`` has matched it, and
writes ``OUT/redirects/<file>`` in the style ``options.redirect_style`` names
(``redirects.styles.STYLES``). The default, csv, is phase 1's ``redirects.csv`` (UTF-8 with
BOM, so Excel shows Hangul): every old URL form of every post — ``/123``, ``/entry/<slug>``
raw and percent-encoded, ``/m/…``, ``/notice/…``, over http and https, on the custom domain
and on NAME.tistory.com — with the post's id, title and date and a ``new_url`` column that
stays empty until the post is resolved. Each style writes its own file, so rendering another
style into the same folder keeps the earlier ones. See docs/design.md.

With ``--wordpress-url`` the export also writes ``wordpress-redirects.csv`` beside it: every
old path of every post the WXR carries → its WordPress address (``exporters.wordpress``),
computed without network, so the Naver map and the WordPress map live side by side.
"""

from __future__ import annotations

import csv
import io

from tistory_migrate.exporters.base import Exporter, replacing, status_reason
from tistory_migrate.exporters.wordpress import site_plan
from tistory_migrate.i18n import N_, msg
from tistory_migrate.models import BlogInfo, Post
from tistory_migrate.redirects.forms import MapEntry, old_paths, post_paths
from tistory_migrate.redirects.store import load_map
from tistory_migrate.redirects.styles import home_address, style_named
from tistory_migrate.spreadsheet import safe_cell

WORDPRESS_FILE = "wordpress-redirects.csv"
WORDPRESS_COLUMNS = ("old_path", "wordpress_url", "post_id", "form", "title")

# What the map is rendered for when the archive has no blog information: no host, no old
# address (the export says so in a warning).
_NO_BLOG = BlogInfo(base_url="", host="")


class RedirectsExporter(Exporter):
    """The redirect map in one style (``options.redirect_style``, default csv; ``options.home_url``
    sends category and tag pages somewhere)."""

    name = "redirects"
    description = N_("redirects.csv: every old Tistory URL of every post, new URL filled once resolved")
    options_read = Exporter.options_read + ("redirect_style", "home_url", "wordpress_url", "wordpress_permalinks")
    uses_body = False  # the map needs each post's addresses, never its body

    def start(self) -> None:
        self._style = style_named(self.ctx.options.redirect_style)
        self._home = home_address(self.ctx.options.home_url)
        super().start()
        self._map = load_map(self.ctx.archive)
        self._wordpress = site_plan(self.ctx.archive, self.ctx.options) if self.ctx.options.wordpress_url else None
        self._wp_rows: list[tuple[str, ...]] = []
        self._entries: list[MapEntry] = []
        self._path = self.ctx.out_dir / self._style.file_name
        self.summary.first_to_open = str(self._path)

    def export_post(self, post: Post, body) -> None:
        if not self.wants(post):
            return
        if post.skipped():
            self.summary.skip(status_reason(post.status))
            return
        if self.ctx.blog is None:
            return  # reported once in finish()
        if self._wordpress is not None:
            target = self._wordpress.url_for(post.id)
            for path, form in old_paths(post_paths(post)) if target else ():
                self._wp_rows.append((path, target, post.id, form, post.title))
        known = self._map.entries.get(post.id)
        self._entries.append(MapEntry(post_paths(post), post.status, known.new_url if known else "",
                                      known.method if known else ""))
        self.summary.posts += 1

    def finish(self):
        blog = self.ctx.blog
        if blog is None:
            self.summary.warn(msg("The archive has no blog information, so no old addresses could be listed."))
        # Entries are kept in memory and the file is written at once, so an interrupted export
        # never leaves a half-written file behind.
        text = self._style.render(blog or _NO_BLOG, self._entries, self._home)
        with replacing(self._path, encoding="utf-8", newline="") as fh:
            fh.write(text)
        self.summary.files += 1
        if self._wordpress is not None:
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\r\n")
            writer.writerow(WORDPRESS_COLUMNS)
            writer.writerows([safe_cell(v) for v in row] for row in self._wp_rows)
            (self.ctx.out_dir / WORDPRESS_FILE).write_text("\ufeff" + buf.getvalue(), encoding="utf-8", newline="")
            self.summary.files += 1
        listed = [e for e in self._entries if old_paths(e.post)] if blog and blog.hosts() else []
        unresolved = sum(1 for e in listed if not e.new_url)
        if listed and unresolved:
            self.summary.warn(msg("{n} post(s) have no new address yet: publish them, then run "
                                  "`tistory-migrate redirects resolve ARCHIVE --naver-blog ID`.", n=unresolved))
        return self.summary
