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
  string: with ``--media-base-url`` every URL is that base + the readable name (its Hangul and
  spaces written as they are: the importer names the upload after ``basename()`` of the URL and
  ``sanitize_file_name`` drops every ``%``, so an encoded name would arrive as hex); without it an
  original URL that already qualifies (``blog.kakaocdn.net/dn/…/img.jpg``) is used, and for
  the rest (``cfile…?original``, signed ``dna/…?credential=…``) the body points at the
  relative ``media/<name>`` and the summary says WordPress needs ``--media-base-url``.

The file is written with plain string building (``wxr_xml.py``: not a DOM), so memory stays
flat: items go to a temporary file per part, and the header (authors and terms, known only at
the end) is written in ``finish``; ``abort`` removes the temporary parts. Output is
deterministic: no "now" anywhere.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO
from urllib.parse import quote

import lxml.html

from tistory_migrate.redirects.store import load_map
from tistory_migrate.exporters.comments import wxr_comments
from tistory_migrate.exporters.base import (Exporter, NamedMedia, copy_media, file_name, name_media, replacing, status_reason,
                                            strip_markers)
from tistory_migrate.exporters.wordpress import site_plan
from tistory_migrate.exporters.wxr_xml import (FOOTER, GONE_PICTURE_NOTE, Taxonomy, attachment_item, author_login, header,
                                               importable_url, numeric_id, post_item, url_file_name, wp_dates)
from tistory_migrate.i18n import N_, msg
from tistory_migrate.markup import parse_fragment
from tistory_migrate.models import Post
from tistory_migrate.normalize.placeholders import ATTACH_PATH
from tistory_migrate.report import ExportSummary

# Attachment ids: the highest post number rounded up to the next 10,000, plus 10,000, then one
# by one in export order; posts written later on Tistory keep numbers below them.
ATTACHMENT_ID_ROUND = 10_000
FLAT_EXTRA = 30  # units of "<post id>-<kind>-" before a readable name in the flat media/ folder
# TRANSLATORS: a reason posts were left out of the WordPress export, followed by how many.
NO_BODY = msg("no body (protected or not fetched)")
MediaUse = tuple[NamedMedia, str | None, bool, bool]  # item, the URL body and attachment use, attachment?, gone?
GONE = re.compile(r"HTTP (404|410)\b")


def first_attachment_id(post_ids) -> int:
    """The first attachment id for a blog whose posts are ``post_ids`` (WordPress ids)."""
    highest = max(post_ids, default=0)
    return (highest // ATTACHMENT_ID_ROUND + 1) * ATTACHMENT_ID_ROUND + ATTACHMENT_ID_ROUND


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
    options_read = Exporter.options_read + ("media_base_url", "max_items", "wordpress_url", "wordpress_permalinks")

    def start(self) -> None:
        self._redirects = load_map(self.ctx.archive)  # read once, not per link
        self.plan = site_plan(self.ctx.archive, self.ctx.options)  # slugs and WordPress addresses, whole blog
        self._next_attachment = first_attachment_id(p.wp_id for p in self.plan.posts.values())
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
        self._gone: list[tuple[str, int, str]] = []  # (post id, picture number, original URL)
        self._protected: list[str] = []

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
        self.count_svgs(items)
        for item in items:
            flat = replace(item, name=self._flat_name(post, item))
            self._names.add(flat.name.casefold())
            if flat.svg:  # never copied, never an attachment WordPress would fetch
                out.append((flat, None, False, False))
                continue
            copied = copy_media(self.ctx, flat, self.media_dir) is not None
            if copied:
                self.summary.files += 1
            original = item.ref.original_url
            if self.media_base and copied:
                out.append((flat, f"{self.media_base}/{url_file_name(flat.name)}", True, False))
            elif not copied and item.media is not None and item.media.status == "missing" \
                    and GONE.match(item.media.reason or ""):
                self._gone.append((post.id, item.index, original))  # recorded gone: no item, a note in the body
                out.append((flat, None, False, True))
            elif importable_url(original):
                out.append((flat, original, True, False))
            elif copied:
                self._relative_media += 1
                out.append((flat, f"media/{quote(flat.name)}", True, False))
            else:
                self._unusable_media += 1
                out.append((flat, None, False, False))  # keep the original URL in the body, no attachment
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
        """The post's HTML for WordPress: markers point at the media URLs, a picture recorded
        gone becomes a visible note, links between posts go to their WordPress address (with
        ``--wordpress-url``) or else their resolved new one, no ``data-tm-*`` left."""
        if not html_in.strip():
            return ""
        root = parse_fragment(html_in)
        # lxml percent-encodes src/href when it writes HTML: media URLs go in as tokens and come
        # out as written, so the body holds exactly the attachment_url WordPress replaces.
        placed: list[str] = []
        for el in list(root.iter()):
            if not isinstance(el.tag, str):
                continue
            value = el.get("data-tm-image")
            if value is not None and value.isdigit() and int(value) < len(images) and images[int(value)][3]:
                self._gone_note(el)
                continue
            for attr, table, child, target in (("data-tm-image", images, "img", "src"),
                                               ("data-tm-attachment", files, "a", "href")):
                value = el.get(attr)
                if value is not None and (value.isascii() and value.isdigit()) and int(value) < len(table):
                    url = table[int(value)][1]
                    if url:
                        placed.append(url)
                        if child == "a" and next(el.iter("a"), None) is None and (el.text or "").strip():
                            link = lxml.html.Element("a")  # a file known only by name: link it to the file
                            link.text, el.text = el.text, None
                            el.insert(0, link)
                        for node in el.iter(child):
                            node.set(target, f"tm-url-{len(placed) - 1}-tm")
                    elif child == "a":
                        for node in el.iter("a"):  # no file to point at: the words stay, not the placeholder
                            href = node.get("href") or ""
                            if ATTACH_PATH in href or (href and not href.startswith(("http://", "https://"))):
                                del node.attrib["href"]
            post_id = el.get("data-tm-post")
            if post_id:
                new = self.plan.url_for(post_id) or self._redirects.new_url_for(post_id)
                if new:
                    el.set("href", new)
        text = html.escape(root.text or "", quote=False)
        inner = text + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)
        inner = re.sub(r"tm-url-(\d+)-tm", lambda m: html.escape(placed[int(m.group(1))], quote=True)
                       if int(m.group(1)) < len(placed) else m.group(0), inner)
        return strip_markers(inner)

    @staticmethod
    def _gone_note(el) -> None:
        """A picture Tistory no longer has: a paragraph saying so (with its caption) in its place."""
        caption = " ".join("".join(el.itertext()).split()) or " ".join((next(el.iter("img"), el).get("alt") or "").split())
        tail = el.tail
        el.clear()  # text, children and attributes; the text after the picture is put back
        el.tail = tail
        el.tag = "p"
        el.text = GONE_PICTURE_NOTE + (f" {caption}" if caption else "")

    def export_post(self, post: Post, body) -> None:
        if not self.wants(post):
            return
        if post.skipped() or not (post.body_raw or "").strip():
            self.summary.skip(status_reason(post.status) if post.skipped() else NO_BODY)
            return
        dates = wp_dates(post.published)
        if dates is None:
            self.summary.warn(msg("post {id}: no publication date; WordPress will date it at import time", id=post.id))
        images = self._media_urls(post, name_media(self.ctx, list(body.images), default_hint="image"))
        files = self._media_urls(post, name_media(self.ctx, list(body.attachments), default_hint="file"))
        content = self._body(body.html or "", images, files)
        login = self._login(post)
        read = self.ctx.archive.get_comments(post.id)  # scrape --comments: these, not a backup's
        if read is not None:
            post = replace(post, extra={**(post.extra if isinstance(post.extra, dict) else {}), "comments": wxr_comments(read)})
        items = [post_item(post, content, login, dates, self.plan.slug(post.id) or f"post-{post.id}", self.tax)]
        parent_id = numeric_id(post.id)
        for media, url, attach, _gone in images + files:
            if attach and url:
                items.append(attachment_item(media, url, self._next_attachment, parent_id, login, dates))
                self._next_attachment += 1
        part = self._part()
        part.fh.write("".join(items))  # one write at the end: a post an error stops leaves nothing here
        if post.status == "protected":
            self._protected.append(post.id)
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
            with replacing(final, encoding="utf-8", newline="\n") as out, open(part.path, encoding="utf-8") as items:
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
        self.warn_svgs()
        if self._relative_media:
            self.summary.warn(msg(
                "{n} image(s)/file(s) point at media/… relative paths: WordPress cannot fetch "
                "those. Upload the media folder somewhere public and export again with --media-base-url URL.",
                n=self._relative_media))
        if self._gone:
            self.summary.warn(msg(
                "{n} picture(s) or file(s) are gone from Tistory (HTTP 404/410): no attachment is written for "
                "them, and a picture's post shows a note in its place: {pictures}", n=len(self._gone),
                pictures=", ".join(f"{pid} #{n:02d} {url}" for pid, n, url in self._gone)))
        if self._protected:
            self.summary.warn(msg(
                "{n} protected post(s) are imported as private (readable only when logged in to WordPress): {ids}",
                n=len(self._protected), ids=", ".join(self._protected)))
        if self._unusable_media:
            self.summary.warn(msg(
                "{n} image(s)/file(s) were never downloaded and their original address cannot be "
                "imported; the posts keep the original address.", n=self._unusable_media))
        return self.summary

    def abort(self) -> None:
        """Close and remove the temporary item files; finished XML files of an earlier run stay."""
        self.ctx.copies.wait(raise_errors=False)
        for part in self.parts:
            with contextlib.suppress(OSError):  # its last write may not fit on a full disk: the file goes anyway
                part.fh.close()
            part.path.unlink(missing_ok=True)
        self.parts = []
