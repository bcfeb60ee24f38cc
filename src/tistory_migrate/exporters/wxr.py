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

The file is written with plain string building (not a DOM), so memory stays flat: items go to
a temporary file per part, and the header (authors and terms, known only at the end) is
written in ``finish``. Output is deterministic: no "now" anywhere.
"""

from __future__ import annotations

import html
import re
import unicodedata
import zlib
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import lxml.html

from tistory_migrate.redirects.forms import post_paths
from tistory_migrate.redirects.store import load_map
from tistory_migrate.exporters.base import Exporter, NamedMedia, copy_media, name_media, strip_markers
from tistory_migrate.models import Post

WXR_VERSION = "1.2"
NAMESPACES = (
    ("excerpt", "http://wordpress.org/export/1.2/excerpt/"),
    ("content", "http://purl.org/rss/1.0/modules/content/"),
    ("wfw", "http://wellformedweb.org/CommentAPI/"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("wp", "http://wordpress.org/export/1.2/"),
)
KST = timezone(timedelta(hours=9))
# Attachment ids must not collide with post ids (Tistory numbers stay far below this).
ATTACHMENT_ID_BASE = 10**10
ATTACHMENT_ID_STEP = 10**4
# Posts without a body cannot be imported meaningfully; they are counted as skipped.
SKIP_STATUSES = ("missing", "failed")
STATUS_MAP = {"public": "publish", "protected": "private", "private": "private", "unknown": "private"}

# XML 1.0 allows only these characters; anything else (NUL, form feeds from old editors,
# lone surrogates) makes the whole file unreadable, so it is dropped.
_XML_BAD = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FILE_URL = re.compile(r"\.[A-Za-z0-9]{2,5}$")


def xml_clean(text: str | None) -> str:
    """Characters XML 1.0 forbids removed, and line ends as XML readers report them: a parser
    turns a bare CR (or CRLF) into LF, so write LF and what is read back equals what was meant."""
    return _XML_BAD.sub("", text or "").replace("\r\n", "\n").replace("\r", "\n")


def xml_text(text: str | None) -> str:
    return html.escape(xml_clean(text), quote=True)


def cdata(text: str | None) -> str:
    """CDATA section; a ``]]>`` inside is split across two sections so it cannot end it early."""
    return "<![CDATA[" + xml_clean(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def importable_url(url: str | None) -> bool:
    """What WordPress's importer will fetch: http(s), a file extension at the end, no query."""
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and not parts.query and not parts.fragment \
        and bool(_FILE_URL.search(parts.path))


def slugify(text: str) -> str:
    """A WordPress-style slug: lower case, hyphens for spaces, non-ASCII percent-encoded
    lower-case (what ``sanitize_title`` stores for Hangul)."""
    t = unicodedata.normalize("NFC", text or "").strip().lower()
    t = re.sub(r"[\s_]+", "-", t)
    t = re.sub(r"[^\w\-]", "", t)
    t = re.sub(r"-{2,}", "-", t).strip("-")
    return quote(t, safe="-").lower()


def author_login(name: str | None) -> str:
    """The ASCII part of a name as WordPress keeps it in a user name ("" when nothing is left)."""
    return re.sub(r"[^a-z0-9_.\-@]", "", (name or "").lower().replace(" ", "_"))[:60]


def _dates(published: str | None) -> tuple[str, str, str] | None:
    """(wp post_date in KST, post_date_gmt, RFC 822 pubDate) from an ISO date, KST if no offset."""
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=KST)
    local = when.astimezone(KST)
    gmt = when.astimezone(timezone.utc)
    return local.strftime("%Y-%m-%d %H:%M:%S"), gmt.strftime("%Y-%m-%d %H:%M:%S"), format_datetime(gmt)


def _numeric_id(value: str) -> int:
    return int(value) if value.isdigit() else zlib.crc32(value.encode("utf-8")) % 10**9


@dataclass
class _Term:
    term_id: int
    slug: str
    name: str
    parent_slug: str = ""


@dataclass
class _Part:
    path: Path
    posts: int = 0
    fh: object = None


@dataclass
class _Taxonomy:
    """Categories (paths "Parent/Child") and tags seen so far; slugs unique per taxonomy."""

    categories: dict[str, str] = field(default_factory=dict)  # path -> slug
    tags: dict[str, str] = field(default_factory=dict)  # name -> slug
    _cat_slugs: set[str] = field(default_factory=set)
    _tag_slugs: set[str] = field(default_factory=set)

    def category(self, path: str) -> tuple[str, str] | None:
        """(leaf name, slug) of a category path, registering it and its parents (None: empty path)."""
        parts = [p.strip() for p in path.split("/") if p.strip()]
        if not parts:
            return None
        parent_slug = ""
        for i in range(len(parts)):
            key = "/".join(parts[: i + 1])
            if key not in self.categories:
                self.categories[key] = self._unique(slugify(parts[i]) or "category", parent_slug, self._cat_slugs)
            parent_slug = self.categories[key]
        return parts[-1], self.categories["/".join(parts)]

    def tag(self, name: str) -> str:
        if name not in self.tags:
            self.tags[name] = self._unique(slugify(name) or "tag", "", self._tag_slugs)
        return self.tags[name]

    @staticmethod
    def _unique(slug: str, parent: str, used: set[str]) -> str:
        # Like WordPress: a clashing child slug takes its parent's slug as prefix, then a number.
        candidate = slug if slug not in used else (f"{parent}-{slug}" if parent else slug)
        n = 2
        base = candidate
        while candidate in used:
            candidate = f"{base}-{n}"
            n += 1
        used.add(candidate)
        return candidate


class WxrExporter(Exporter):
    name = "wxr"
    description = "WordPress WXR 1.2 file(s) + media/ (import with WordPress's importer or other WXR readers)"

    def start(self) -> None:
        self._redirects = load_map(self.ctx.archive)  # read once, not per link
        super().start()
        blog = self.ctx.blog
        self.base_url = (blog.base_url if blog else "").rstrip("/")
        stem = (blog.name if blog and blog.name else (blog.host.split(".")[0] if blog and blog.host.endswith(".tistory.com")
                                                      else (blog.host if blog else "blog")))
        self.stem = re.sub(r"[^A-Za-z0-9._-]", "_", stem) or "blog"
        opts, ws = self.ctx.options, self.ctx.settings.wxr
        self.media_base = (opts.media_base_url if opts.media_base_url is not None else ws.media_base_url).strip().rstrip("/")
        self.max_items = opts.max_items if opts.max_items is not None else ws.max_items
        self.authors: dict[str, str] = {}  # login -> display name
        self.tax = _Taxonomy()
        self.parts: list[_Part] = []
        self.media_dir = self.ctx.out_dir / "media"
        self._names: set[str] = set()  # media/ is one flat folder: names unique across the blog
        self._relative_media = 0
        self._unusable_media = 0

    # -- parts ---------------------------------------------------------------------------
    def _part(self) -> _Part:
        if not self.parts or (self.max_items and self.parts[-1].posts >= self.max_items):
            path = self.ctx.out_dir / f".items-{len(self.parts) + 1}.tmp"
            self.parts.append(_Part(path=path, fh=open(path, "w", encoding="utf-8", newline="\n")))
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

    def _media_urls(self, post: Post, items: list[NamedMedia]) -> list[tuple[NamedMedia, str | None, bool]]:
        """(item, URL the body and attachment use, whether an attachment item is written)."""
        out = []
        for item in items:
            flat = replace(item, name=f"{post.id}-{item.name}")
            if flat.name.casefold() in self._names:  # an attachment named like an image of the post
                flat = replace(item, name=f"{post.id}-{item.ref.kind}-{item.name}")
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

    def _body(self, html_in: str, images, files) -> str:
        if not html_in.strip():
            return ""
        root = lxml.html.fragment_fromstring(html_in, create_parent="div")
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for attr, table, child, target in (("data-tm-image", images, "img", "src"),
                                               ("data-tm-attachment", files, "a", "href")):
                value = el.get(attr)
                if value is not None and value.isdigit() and int(value) < len(table):
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
            reason = f"status {post.status}" if post.status in SKIP_STATUSES else "no body (protected or not fetched)"
            self.summary.skipped[reason] = self.summary.skipped.get(reason, 0) + 1
            return
        dates = _dates(post.published)
        if dates is None:
            self.summary.warnings.append(f"post {post.id}: no publication date; WordPress will date it at import time")
        images = self._media_urls(post, name_media(self.ctx, list(body.images), default_hint="image"))
        files = self._media_urls(post, name_media(self.ctx, list(body.attachments), default_hint="file"))
        content = self._body(body.html or "", images, files)
        login = self._login(post)
        part = self._part()
        w = part.fh.write  # type: ignore[attr-defined]
        w(self._item(post, content, login, dates))
        parent_id = _numeric_id(post.id)
        for n, (item, url, attach) in enumerate(images + files, 1):
            if attach and url:
                w(self._attachment(post, item, url, parent_id * ATTACHMENT_ID_STEP + n + ATTACHMENT_ID_BASE,
                                   parent_id, login, dates))
        part.posts += 1
        self.summary.posts += 1

    def _item(self, post: Post, content: str, login: str, dates) -> str:
        post_date, post_gmt, pub = dates or ("0000-00-00 00:00:00", "0000-00-00 00:00:00", "")
        slug = post_paths(post).slug
        cats = []
        found = self.tax.category(post.category) if post.category else None
        if found:
            name, cslug = found
            cats.append(f'\t\t<category domain="category" nicename="{xml_text(cslug)}">{cdata(name)}</category>\n')
        for tag in dict.fromkeys(xml_clean(t).strip() for t in post.tags if t and xml_clean(t).strip()):
            cats.append(f'\t\t<category domain="post_tag" nicename="{xml_text(self.tax.tag(tag))}">{cdata(tag)}</category>\n')
        meta = [("_tistory_id", post.id), ("_tistory_url", post.url)]
        if post.slug_url:
            meta.append(("_tistory_slug_url", post.slug_url))
        return "".join([
            "\t<item>\n",
            f"\t\t<title>{xml_text(post.title)}</title>\n",
            f"\t\t<link>{xml_text(post.url)}</link>\n",
            f"\t\t<pubDate>{pub}</pubDate>\n",
            f"\t\t<dc:creator>{cdata(login)}</dc:creator>\n",
            f'\t\t<guid isPermaLink="false">{xml_text(post.url)}</guid>\n',
            "\t\t<description></description>\n",
            f"\t\t<content:encoded>{cdata(content)}</content:encoded>\n",
            f"\t\t<excerpt:encoded>{cdata(post.summary or '')}</excerpt:encoded>\n",
            f"\t\t<wp:post_id>{_numeric_id(post.id)}</wp:post_id>\n",
            f"\t\t<wp:post_date>{cdata(post_date)}</wp:post_date>\n",
            f"\t\t<wp:post_date_gmt>{cdata(post_gmt)}</wp:post_date_gmt>\n",
            f"\t\t<wp:comment_status>{cdata('closed')}</wp:comment_status>\n",
            f"\t\t<wp:ping_status>{cdata('closed')}</wp:ping_status>\n",
            # Without a text slug the id keeps the new address short and guessable (/123).
            f"\t\t<wp:post_name>{cdata(slugify(slug) if slug else post.id)}</wp:post_name>\n",
            f"\t\t<wp:status>{cdata(STATUS_MAP.get(post.status, 'private'))}</wp:status>\n",
            "\t\t<wp:post_parent>0</wp:post_parent>\n",
            "\t\t<wp:menu_order>0</wp:menu_order>\n",
            f"\t\t<wp:post_type>{cdata('page' if post.kind in ('notice', 'page') else 'post')}</wp:post_type>\n",
            f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n",
            "\t\t<wp:is_sticky>0</wp:is_sticky>\n",
            *cats,
            *(f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{cdata(k)}</wp:meta_key>\n"
              f"\t\t\t<wp:meta_value>{cdata(v)}</wp:meta_value>\n\t\t</wp:postmeta>\n" for k, v in meta),
            *self._comments(post),
            "\t</item>\n",
        ])

    def _comments(self, post: Post) -> list[str]:
        """``Post.extra["comments"]`` (legacy XML backup): dicts with author, date, body and
        ``parent`` = index of the parent comment in the same list (None for top level)."""
        out = []
        comments = post.extra.get("comments") if isinstance(post.extra, dict) else None
        for i, c in enumerate(comments or [], 1):
            if not isinstance(c, dict):
                continue
            parent = c.get("parent")
            parent_id = parent + 1 if isinstance(parent, int) and 0 <= parent < i - 1 else 0
            d = _dates(c.get("date")) or ("0000-00-00 00:00:00", "0000-00-00 00:00:00", "")
            out.append("".join([
                "\t\t<wp:comment>\n",
                f"\t\t\t<wp:comment_id>{i}</wp:comment_id>\n",
                f"\t\t\t<wp:comment_author>{cdata(c.get('author') or '')}</wp:comment_author>\n",
                f"\t\t\t<wp:comment_author_email>{cdata('')}</wp:comment_author_email>\n",
                f"\t\t\t<wp:comment_author_url>{xml_text(c.get('url') or '')}</wp:comment_author_url>\n",
                f"\t\t\t<wp:comment_author_IP>{cdata('')}</wp:comment_author_IP>\n",
                f"\t\t\t<wp:comment_date>{cdata(d[0])}</wp:comment_date>\n",
                f"\t\t\t<wp:comment_date_gmt>{cdata(d[1])}</wp:comment_date_gmt>\n",
                f"\t\t\t<wp:comment_content>{cdata(c.get('body') or '')}</wp:comment_content>\n",
                f"\t\t\t<wp:comment_approved>{cdata('1')}</wp:comment_approved>\n",
                f"\t\t\t<wp:comment_type>{cdata('comment')}</wp:comment_type>\n",
                f"\t\t\t<wp:comment_parent>{parent_id}</wp:comment_parent>\n",
                "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n",
                "\t\t</wp:comment>\n",
            ]))
        return out

    def _attachment(self, post: Post, item: NamedMedia, url: str, att_id: int, parent_id: int, login: str, dates) -> str:
        post_date, post_gmt, pub = dates or ("0000-00-00 00:00:00", "0000-00-00 00:00:00", "")
        title = item.name.rsplit(".", 1)[0]
        return "".join([
            "\t<item>\n",
            f"\t\t<title>{xml_text(title)}</title>\n",
            f"\t\t<link>{xml_text(url)}</link>\n",
            f"\t\t<pubDate>{pub}</pubDate>\n",
            f"\t\t<dc:creator>{cdata(login)}</dc:creator>\n",
            f'\t\t<guid isPermaLink="false">{xml_text(url)}</guid>\n',
            "\t\t<description></description>\n",
            f"\t\t<content:encoded>{cdata('')}</content:encoded>\n",
            f"\t\t<excerpt:encoded>{cdata(item.ref.caption or '')}</excerpt:encoded>\n",
            f"\t\t<wp:post_id>{att_id}</wp:post_id>\n",
            f"\t\t<wp:post_date>{cdata(post_date)}</wp:post_date>\n",
            f"\t\t<wp:post_date_gmt>{cdata(post_gmt)}</wp:post_date_gmt>\n",
            f"\t\t<wp:comment_status>{cdata('closed')}</wp:comment_status>\n",
            f"\t\t<wp:ping_status>{cdata('closed')}</wp:ping_status>\n",
            f"\t\t<wp:post_name>{cdata(slugify(title))}</wp:post_name>\n",
            f"\t\t<wp:status>{cdata('inherit')}</wp:status>\n",
            f"\t\t<wp:post_parent>{parent_id}</wp:post_parent>\n",
            "\t\t<wp:menu_order>0</wp:menu_order>\n",
            f"\t\t<wp:post_type>{cdata('attachment')}</wp:post_type>\n",
            f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n",
            "\t\t<wp:is_sticky>0</wp:is_sticky>\n",
            f"\t\t<wp:attachment_url>{cdata(url)}</wp:attachment_url>\n",
            "\t</item>\n",
        ])

    # -- the header, written last ----------------------------------------------------------
    def _header(self) -> str:
        blog = self.ctx.blog
        title = (blog.title if blog else None) or (blog.host if blog else "")
        out = ['<?xml version="1.0" encoding="UTF-8" ?>\n',
               "<!-- WordPress eXtended RSS (WXR) 1.2 written by tistory-migrate from a Tistory blog archive. -->\n",
               '<rss version="2.0"\n' + "".join(f'\txmlns:{p}="{u}"\n' for p, u in NAMESPACES) + ">\n\n",
               "<channel>\n",
               f"\t<title>{xml_text(title)}</title>\n",
               f"\t<link>{xml_text(self.base_url)}</link>\n",
               f"\t<description>{xml_text(blog.description if blog else '')}</description>\n",
               "\t<language>ko-KR</language>\n",
               f"\t<wp:wxr_version>{WXR_VERSION}</wp:wxr_version>\n",
               f"\t<wp:base_site_url>{xml_text(self.base_url)}</wp:base_site_url>\n",
               f"\t<wp:base_blog_url>{xml_text(self.base_url)}</wp:base_blog_url>\n\n"]
        for n, login in enumerate(sorted(self.authors), 1):
            out.append(f"\t<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
                       f"<wp:author_email>{cdata('')}</wp:author_email>"
                       f"<wp:author_display_name>{cdata(self.authors[login])}</wp:author_display_name>"
                       f"<wp:author_first_name>{cdata('')}</wp:author_first_name>"
                       f"<wp:author_last_name>{cdata('')}</wp:author_last_name></wp:author>\n")
        # Ids follow sorted paths, so a parent ("A") always precedes its children ("A/B").
        term_id = 0
        for path in sorted(self.tax.categories, key=lambda p: p.split("/")):
            term_id += 1
            parts = path.split("/")
            parent = self.tax.categories["/".join(parts[:-1])] if len(parts) > 1 else ""
            out.append(f"\t<wp:category><wp:term_id>{term_id}</wp:term_id>"
                       f"<wp:category_nicename>{cdata(self.tax.categories[path])}</wp:category_nicename>"
                       f"<wp:category_parent>{cdata(parent)}</wp:category_parent>"
                       f"<wp:cat_name>{cdata(parts[-1])}</wp:cat_name></wp:category>\n")
        for name in sorted(self.tax.tags):
            term_id += 1
            out.append(f"\t<wp:tag><wp:term_id>{term_id}</wp:term_id><wp:tag_slug>{cdata(self.tax.tags[name])}</wp:tag_slug>"
                       f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n")
        out.append("\n\t<generator>tistory-migrate</generator>\n\n")
        return "".join(out)

    def finish(self):
        header = self._header()
        footer = "</channel>\n</rss>\n"
        if not self.parts:
            self._part()
        many = len(self.parts) > 1
        written = []
        for n, part in enumerate(self.parts, 1):
            part.fh.close()  # type: ignore[attr-defined]
            final = self.ctx.out_dir / (f"{self.stem}-{n}.xml" if many else f"{self.stem}.xml")
            with open(final, "w", encoding="utf-8", newline="\n") as out, open(part.path, encoding="utf-8") as items:
                out.write(header)
                while chunk := items.read(1 << 20):
                    out.write(chunk)
                out.write(footer)
            part.path.unlink()
            written.append(final)
            self.summary.files += 1
        # A shorter re-run must not leave stale parts of an earlier, longer one beside the new ones.
        for old in self.ctx.out_dir.glob(f"{self.stem}*.xml"):
            if old not in written and re.fullmatch(re.escape(self.stem) + r"(-\d+)?\.xml", old.name):
                old.unlink()
        self.summary.first_to_open = str(written[0])
        if self._relative_media:
            self.summary.warnings.append(
                f"{self._relative_media} image(s)/file(s) point at media/… relative paths: WordPress cannot fetch "
                "those. Upload the media folder somewhere public and export again with --media-base-url URL.")
        if self._unusable_media:
            self.summary.warnings.append(
                f"{self._unusable_media} image(s)/file(s) were never downloaded and their original address cannot be "
                "imported; the posts keep the original address.")
        return self.summary
