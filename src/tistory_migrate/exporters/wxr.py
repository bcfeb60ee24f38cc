"""``export --format wxr``: a WordPress eXtended RSS 1.2 file, as WordPress's importer reads it.

    OUT/wxr/<blog>.xml                 (or <blog>-1.xml, <blog>-2.xml … with --max-items N)
    OUT/wxr/media/<post id>-NN-name.ext  every image and attachment, readable names

Media names are the shared readable names (``base.name_media``) prefixed with the post id, so
one flat folder holds a whole blog without two posts' ``01-image.jpg`` colliding and a
WordPress upload of the folder keeps them apart.

What WordPress's importer needs, and why the file looks the way it does:

* rss 2.0 with the ``excerpt``, ``content``, ``wfw``, ``dc`` and ``wp`` namespaces (1.2 URIs);
  ``wp:wxr_version`` is mandatory (the importer refuses a file without it).
* ``wp:author`` blocks whose ``author_login`` equals every item's ``dc:creator``, or the
  importer cannot map posts to users. Logins are ASCII (WordPress strips other characters
  from user names); the blog's own name stays in ``author_display_name``.
* categories before their children, ``category_parent`` being the parent's *slug*.
* one attachment item per file, after its post, ``wp:post_parent`` = the post. The importer
  only downloads an ``attachment_url`` that ends in a file extension and has no query
  string: with ``--media-base-url`` every URL is that base + the readable name; without it an
  original URL that already qualifies (``blog.kakaocdn.net/dn/…/img.jpg``) is used, and for
  the rest (``cfile…?original``, signed ``dna/…?credential=…``) the body points at the
  relative ``media/<name>`` and the summary says WordPress needs ``--media-base-url``.

The file is written with plain string building (``wxr_xml.py``: not a DOM), so memory stays
flat: items go to a temporary file per part, and the header (authors and terms, known only at
the end) is written in ``finish``; ``abort`` removes the temporary parts. Output is
deterministic: no "now" anywhere.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO
from urllib.parse import quote

import lxml.html

from tistory_migrate.redirects.forms import post_paths
from tistory_migrate.redirects.store import load_map
from tistory_migrate.exporters.base import Exporter, NamedMedia, copy_media, file_name, name_media, status_reason, strip_markers
from tistory_migrate.exporters.wxr_xml import (FOOTER, Taxonomy, attachment_item, author_login, header, importable_url,
                                               numeric_id, post_item, wp_dates)
from tistory_migrate.i18n import N_, msg
from tistory_migrate.markup import parse_fragment
from tistory_migrate.models import SKIP_STATUSES, Post
from tistory_migrate.report import ExportSummary

# Attachment ids must not collide with post ids (Tistory numbers stay far below this).
ATTACHMENT_ID_BASE = 10**10
ATTACHMENT_ID_STEP = 10**4
FLAT_EXTRA = 30  # units of "<post id>-<kind>-" before a readable name in the flat media/ folder
# TRANSLATORS: a reason posts were left out of the WordPress export, followed by how many.
NO_BODY = msg("no body (protected or not fetched)")
MediaUse = tuple[NamedMedia, str | None, bool]  # item, the URL body and attachment use, whether an attachment is written


@dataclass
class _Part:
    """One output file being filled: its items go to a temporary file until ``finish``."""

    path: Path
    fh: IO[str]
    posts: int = 0


class WxrExporter(Exporter):
    """A WordPress WXR 1.2 import file (split with ``--max-items``) plus one flat media/ folder."""

    name = "wxr"
    description = N_("WordPress WXR 1.2 file(s) + media/ (import with WordPress's importer or other WXR readers)")
    options_read = Exporter.options_read + ("media_base_url", "max_items")

    def start(self) -> None:
        self._redirects = load_map(self.ctx.archive)  # read once, not per link
        super().start()
        blog = self.ctx.blog
        self.base_url = (blog.base_url if blog else "").rstrip("/")
        stem = (blog.name if blog and blog.name else (blog.host.split(".")[0] if blog and blog.host.endswith(".tistory.com")
                                                      else (blog.host if blog else "blog")))
        # ASCII, and by the one name rule: a blog named "con" writes con_.xml, never CON.xml.
        self.stem = file_name(re.sub(r"[^A-Za-z0-9._-]", "_", stem)[:60] or "blog")
        opts, ws = self.ctx.options, self.ctx.settings.wxr
        self.media_base = (opts.media_base_url if opts.media_base_url is not None else ws.media_base_url).strip().rstrip("/")
        self.max_items = opts.max_items if opts.max_items is not None else ws.max_items
        self.authors: dict[str, str] = {}  # login -> display name
        self.tax = Taxonomy()
        self.parts: list[_Part] = []
        self.media_dir = self.ctx.out_dir / "media"
        self._names: set[str] = set()  # media/ is one flat folder: names unique across the blog
        self._relative_media = 0
        self._unusable_media = 0

    # -- parts ---------------------------------------------------------------------------
    def _part(self) -> _Part:
        if not self.parts or (self.max_items and self.parts[-1].posts >= self.max_items):
            path = self.ctx.out_dir / f".items-{len(self.parts) + 1}.tmp"
            self.parts.append(_Part(path, open(path, "w", encoding="utf-8", newline="\n")))
        return self.parts[-1]

    # -- one post ------------------------------------------------------------------------
    def _login(self, post: Post) -> str:
        configured = self.ctx.settings.wxr.author_login
        blog = self.ctx.blog
        name = post.author or (blog.author if blog else None) or (blog.name if blog else None) or "admin"
        # A Korean name has no ASCII left: the blog's sub-domain name is the next best login.
        login = configured or author_login(name) or author_login(blog.name if blog else None) or "admin"
        self.authors.setdefault(login, configured or name)
        return login

    def _media_urls(self, post: Post, items: list[NamedMedia]) -> list[MediaUse]:
        """(item, URL the body and attachment use, whether an attachment item is written)."""
        out = []
        for item in items:
            flat = replace(item, name=self._flat_name(post, item))
            self._names.add(flat.name.casefold())
            copied = copy_media(self.ctx, flat, self.media_dir) is not None
            if copied:
                self.summary.files += 1
            original = item.ref.original_url
            if self.media_base and copied:
                out.append((flat, f"{self.media_base}/{quote(flat.name)}", True))
            elif importable_url(original):
                out.append((flat, original, True))
            elif copied:
                self._relative_media += 1
                out.append((flat, f"media/{quote(flat.name)}", True))
            else:
                self._unusable_media += 1
                out.append((flat, None, False))  # keep the original URL in the body, no attachment
        return out

    def _flat_name(self, post: Post, item: NamedMedia) -> str:
        """``<post id>-NN-name.ext``, unique in media/ ignoring case; an attachment named like
        an image of the post gets its kind too (``123-file-01-x.jpg``), then ``-2``, ``-3``…"""
        candidates = [f"{post.id}-{item.name}", f"{post.id}-{item.ref.kind}-{item.name}"]
        n = 2
        while True:
            for name in candidates:
                name = file_name(name, extra=FLAT_EXTRA)
                if name.casefold() not in self._names:
                    return name
            stem, dot, ext = item.name.rpartition(".")
            candidates = [f"{post.id}-{item.ref.kind}-{stem or ext}-{n}{dot}{ext if stem else ''}"]
            n += 1

    def _body(self, html_in: str, images: list[MediaUse], files: list[MediaUse]) -> str:
        """The post's HTML for WordPress: markers point at the media URLs, links between posts
        at their new addresses once resolved, no ``data-tm-*`` left."""
        if not html_in.strip():
            return ""
        root = parse_fragment(html_in)
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for attr, table, child, target in (("data-tm-image", images, "img", "src"),
                                               ("data-tm-attachment", files, "a", "href")):
                value = el.get(attr)
                if value is not None and (value.isascii() and value.isdigit()) and int(value) < len(table):
                    url = table[int(value)][1]
                    if url:
                        for node in el.iter(child):
                            node.set(target, url)
            post_id = el.get("data-tm-post")
            if post_id:
                new = self._redirects.new_url_for(post_id)
                if new:
                    el.set("href", new)
        text = html.escape(root.text or "", quote=False)
        inner = text + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)
        return strip_markers(inner)

    def export_post(self, post: Post, body) -> None:
        if not self.wants(post):
            return
        if post.status in SKIP_STATUSES or not (post.body_raw or "").strip():
            self.summary.skip(status_reason(post.status) if post.status in SKIP_STATUSES else NO_BODY)
            return
        dates = wp_dates(post.published)
        if dates is None:
            self.summary.warn(msg("post {id}: no publication date; WordPress will date it at import time", id=post.id))
        images = self._media_urls(post, name_media(self.ctx, list(body.images), default_hint="image"))
        files = self._media_urls(post, name_media(self.ctx, list(body.attachments), default_hint="file"))
        content = self._body(body.html or "", images, files)
        login = self._login(post)
        part = self._part()
        w = part.fh.write
        w(post_item(post, content, login, dates, post_paths(post).slug, self.tax))
        parent_id = numeric_id(post.id)
        for n, (media, url, attach) in enumerate(images + files, 1):
            if attach and url:
                w(attachment_item(media, url, parent_id * ATTACHMENT_ID_STEP + n + ATTACHMENT_ID_BASE, parent_id, login, dates))
        part.posts += 1
        self.summary.posts += 1

    # -- the end ---------------------------------------------------------------------------
    def finish(self) -> ExportSummary:
        self.ctx.copies.wait()
        head = header(self.ctx.blog, self.base_url, self.authors, self.tax)
        if not self.parts:
            self._part()
        many = len(self.parts) > 1
        written = []
        for n, part in enumerate(self.parts, 1):
            part.fh.close()
            final = self.ctx.out_dir / (f"{self.stem}-{n}.xml" if many else f"{self.stem}.xml")
            with open(final, "w", encoding="utf-8", newline="\n") as out, open(part.path, encoding="utf-8") as items:
                out.write(head)
                while chunk := items.read(1 << 20):
                    out.write(chunk)
                out.write(FOOTER)
            part.path.unlink()
            written.append(final)
            self.summary.files += 1
        # A shorter re-run must not leave stale parts of an earlier, longer one beside the new ones.
        for old in self.ctx.out_dir.glob(f"{self.stem}*.xml"):
            if old not in written and re.fullmatch(re.escape(self.stem) + r"(-[0-9]+)?\.xml", old.name):
                old.unlink()
        self.summary.first_to_open = str(written[0])
        if self._relative_media:
            self.summary.warn(msg(
                "{n} image(s)/file(s) point at media/… relative paths: WordPress cannot fetch "
                "those. Upload the media folder somewhere public and export again with --media-base-url URL.",
                n=self._relative_media))
        if self._unusable_media:
            self.summary.warn(msg(
                "{n} image(s)/file(s) were never downloaded and their original address cannot be "
                "imported; the posts keep the original address.", n=self._unusable_media))
        return self.summary

    def abort(self) -> None:
        """Close and remove the temporary item files; finished XML files of an earlier run stay."""
        self.ctx.copies.wait(raise_errors=False)
        for part in self.parts:
            part.fh.close()
            part.path.unlink(missing_ok=True)
        self.parts = []
