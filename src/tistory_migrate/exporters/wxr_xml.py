"""The WXR 1.2 text WordPress's importer reads, written as plain strings (no DOM).

Everything here is pure: escaping (``xml_clean``, ``xml_text``, ``cdata``), the names WordPress
accepts (``slugify``, ``author_login``, ``importable_url``, ``Taxonomy`` for unique category and
tag slugs) and the blocks of the file: one ``post_item`` per post (with its legacy-backup
``comments``), one ``attachment_item`` per file and the ``header`` (channel, authors, terms),
which ``wxr.py`` writes last because authors and terms are known only at the end. Why the file
looks the way it does is in ``wxr.py``'s docstring and docs/design.md ("Exporters").
"""

from __future__ import annotations

import html
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from urllib.parse import quote, urlsplit

from tistory_migrate.exporters.base import NamedMedia
from tistory_migrate.models import KST, BlogInfo, Post

WXR_VERSION = "1.2"
NAMESPACES = (
    ("excerpt", "http://wordpress.org/export/1.2/excerpt/"),
    ("content", "http://purl.org/rss/1.0/modules/content/"),
    ("wfw", "http://wellformedweb.org/CommentAPI/"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("wp", "http://wordpress.org/export/1.2/"),
)
STATUS_MAP = {"public": "publish", "protected": "private", "private": "private", "unknown": "private"}
NO_DATES = ("0000-00-00 00:00:00", "0000-00-00 00:00:00", "")  # post_date, post_date_gmt, pubDate
FOOTER = "</channel>\n</rss>\n"
# In a post's body where a picture was that Tistory answers 404/410 for (the blog's readers are Korean).
GONE_PICTURE_NOTE = "[사진 없음: 티스토리 서버에서 지워진 사진입니다]"

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


_URL_KEEP = frozenset("-._~!$'()*+,;=:@ ")


def url_file_name(name: str) -> str:
    """A file name as the last segment of an ``attachment_url`` that keeps its Hangul in
    WordPress: the importer takes ``basename()`` of the URL path and ``sanitize_file_name``
    drops every ``%``, so a percent-encoded name arrives as hex (``EC9B90…``). Non-ASCII and
    spaces stay as they are (WordPress's HTTP client sends them encoded; a space becomes ``-``
    as in WordPress's own uploads); only ASCII that would break the URL is encoded."""
    return "".join(ch if ord(ch) >= 128 or ch.isalnum() or ch in _URL_KEEP else quote(ch, safe="") for ch in name)


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


def wp_dates(published: str | None) -> tuple[str, str, str] | None:
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


def numeric_id(value: str) -> int:
    """A post id as WordPress's numeric one: the Tistory number, or a stable hash of another id."""
    return int(value) if (value.isascii() and value.isdigit()) else zlib.crc32(value.encode("utf-8")) % 10**9


@dataclass
class Taxonomy:
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


def comment_status(post: Post) -> str:
    """``open`` where the source says the post accepted comments (legacy XML ``acceptComment``),
    else ``closed``; imported comments show either way."""
    accept = post.extra.get("accept_comment") if isinstance(post.extra, dict) else None
    return "open" if accept is True else "closed"


def post_item(post: Post, content: str, login: str, dates: tuple[str, str, str] | None, slug: str,
              tax: Taxonomy) -> str:
    """The ``<item>`` of one post: ``content`` is its finished HTML, ``slug`` its WordPress slug
    (``wordpress.SitePlan``); its category and tags are registered in ``tax`` (in this order).
    Text fields are CDATA, as WordPress's own exporter writes them."""
    post_date, post_gmt, pub = dates or NO_DATES
    cats = []
    found = tax.category(post.category) if post.category else None
    if found:
        name, cslug = found
        cats.append(f'\t\t<category domain="category" nicename="{xml_text(cslug)}">{cdata(name)}</category>\n')
    for tag in dict.fromkeys(xml_clean(t).strip() for t in post.tags if t and xml_clean(t).strip()):
        cats.append(f'\t\t<category domain="post_tag" nicename="{xml_text(tax.tag(tag))}">{cdata(tag)}</category>\n')
    meta = [("_tistory_id", post.id), ("_tistory_url", post.url)]
    if post.slug_url:
        meta.append(("_tistory_slug_url", post.slug_url))
    return "".join([
        "\t<item>\n",
        f"\t\t<title>{cdata(post.title)}</title>\n",
        f"\t\t<link>{xml_text(post.url)}</link>\n",
        f"\t\t<pubDate>{pub}</pubDate>\n",
        f"\t\t<dc:creator>{cdata(login)}</dc:creator>\n",
        f'\t\t<guid isPermaLink="false">{xml_text(post.url)}</guid>\n',
        "\t\t<description></description>\n",
        f"\t\t<content:encoded>{cdata(content)}</content:encoded>\n",
        f"\t\t<excerpt:encoded>{cdata(post.summary or '')}</excerpt:encoded>\n",
        f"\t\t<wp:post_id>{numeric_id(post.id)}</wp:post_id>\n",
        f"\t\t<wp:post_date>{cdata(post_date)}</wp:post_date>\n",
        f"\t\t<wp:post_date_gmt>{cdata(post_gmt)}</wp:post_date_gmt>\n",
        f"\t\t<wp:comment_status>{cdata(comment_status(post))}</wp:comment_status>\n",
        f"\t\t<wp:ping_status>{cdata('closed')}</wp:ping_status>\n",
        f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n",
        f"\t\t<wp:status>{cdata(STATUS_MAP.get(post.status, 'private'))}</wp:status>\n",
        "\t\t<wp:post_parent>0</wp:post_parent>\n",
        "\t\t<wp:menu_order>0</wp:menu_order>\n",
        f"\t\t<wp:post_type>{cdata('page' if post.kind in ('notice', 'page') else 'post')}</wp:post_type>\n",
        f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n",
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n",
        *cats,
        *(f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{cdata(k)}</wp:meta_key>\n"
          f"\t\t\t<wp:meta_value>{cdata(v)}</wp:meta_value>\n\t\t</wp:postmeta>\n" for k, v in meta),
        *comments(post),
        "\t</item>\n",
    ])


def comments(post: Post) -> list[str]:
    """``Post.extra["comments"]`` (legacy XML backup): dicts with author, date, body and
    ``parent`` = index of the parent comment in the same list (None for top level)."""
    out = []
    found = post.extra.get("comments") if isinstance(post.extra, dict) else None
    for i, c in enumerate(found or [], 1):
        if not isinstance(c, dict):
            continue
        parent = c.get("parent")
        parent_id = parent + 1 if isinstance(parent, int) and 0 <= parent < i - 1 else 0
        d = wp_dates(c.get("date")) or NO_DATES
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


def attachment_item(item: NamedMedia, url: str, att_id: int, parent_id: int, login: str,
                    dates: tuple[str, str, str] | None) -> str:
    """The ``<item>`` of one image or file, ``wp:post_parent`` = its post."""
    post_date, post_gmt, pub = dates or NO_DATES
    title = item.name.rsplit(".", 1)[0]
    return "".join([
        "\t<item>\n",
        f"\t\t<title>{cdata(title)}</title>\n",
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


def header(blog: BlogInfo | None, base_url: str, authors: dict[str, str], tax: Taxonomy) -> str:
    """Everything before the items: the channel, one ``wp:author`` per login (``authors``:
    login -> display name), then the categories (parents first) and tags of ``tax``."""
    title = (blog.title if blog else None) or (blog.host if blog else "")
    out = ['<?xml version="1.0" encoding="UTF-8" ?>\n',
           "<!-- WordPress eXtended RSS (WXR) 1.2 written by tistory-migrate from a Tistory blog archive. -->\n",
           '<rss version="2.0"\n' + "".join(f'\txmlns:{p}="{u}"\n' for p, u in NAMESPACES) + ">\n\n",
           "<channel>\n",
           f"\t<title>{xml_text(title)}</title>\n",
           f"\t<link>{xml_text(base_url)}</link>\n",
           f"\t<description>{xml_text(blog.description if blog else '')}</description>\n",
           "\t<language>ko-KR</language>\n",
           f"\t<wp:wxr_version>{WXR_VERSION}</wp:wxr_version>\n",
           f"\t<wp:base_site_url>{xml_text(base_url)}</wp:base_site_url>\n",
           f"\t<wp:base_blog_url>{xml_text(base_url)}</wp:base_blog_url>\n\n"]
    for n, login in enumerate(sorted(authors), 1):
        out.append(f"\t<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
                   f"<wp:author_email>{cdata('')}</wp:author_email>"
                   f"<wp:author_display_name>{cdata(authors[login])}</wp:author_display_name>"
                   f"<wp:author_first_name>{cdata('')}</wp:author_first_name>"
                   f"<wp:author_last_name>{cdata('')}</wp:author_last_name></wp:author>\n")
    # Ids follow sorted paths, so a parent ("A") always precedes its children ("A/B").
    term_id = 0
    for path in sorted(tax.categories, key=lambda p: p.split("/")):
        term_id += 1
        parts = path.split("/")
        parent = tax.categories["/".join(parts[:-1])] if len(parts) > 1 else ""
        out.append(f"\t<wp:category><wp:term_id>{term_id}</wp:term_id>"
                   f"<wp:category_nicename>{cdata(tax.categories[path])}</wp:category_nicename>"
                   f"<wp:category_parent>{cdata(parent)}</wp:category_parent>"
                   f"<wp:cat_name>{cdata(parts[-1])}</wp:cat_name></wp:category>\n")
    for name in sorted(tax.tags):
        term_id += 1
        out.append(f"\t<wp:tag><wp:term_id>{term_id}</wp:term_id><wp:tag_slug>{cdata(tax.tags[name])}</wp:tag_slug>"
                   f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n")
    out.append("\n\t<generator>tistory-migrate</generator>\n\n")
    return "".join(out)
