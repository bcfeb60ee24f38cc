"""The fields of a post page that have a chain of sources, each read by one function: title,
dates, tags, author (the category: ``category.py``). Each tries the skin-independent sources first (meta tags,
``window.T.entryInfo``, ``window.tiara``, JSON-LD) and then the skin markup of
``selectors.SKINS``, and leaves a warning on the post when it had to fall back or found
nothing. ``not_content`` says whether an element sits in a sidebar, related-posts box or the
like (``selectors.NOT_CONTENT``).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from tistory_migrate.extract.dates import KstDate, find_visible_date, parse_kst
from tistory_migrate.extract.pagemeta import PageMeta
from tistory_migrate.i18n import msg
from tistory_migrate.extract.selectors import (
    NOT_CONTENT_CLASSES,
    NOT_CONTENT_IDS,
    NOT_CONTENT_TAGS,
    SKINS,
)
from tistory_migrate.markup import compiled, squeezed_text
from tistory_migrate.models import Post

# XPath's normalize-space() separators: tokens of @rel and @class as the selectors see them.
_XML_WS = re.compile(r"[ \t\r\n]")


def _first_text(doc: lxml_html.HtmlElement, xpaths: tuple[str, ...]) -> str | None:
    for xp in xpaths:
        for el in compiled(xp)(doc):
            value = squeezed_text(el)
            if value:
                return value
    return None


def _skin_value(doc: lxml_html.HtmlElement, attr: str) -> tuple[str, str] | None:
    """(value, skin name) of the first skin selector of ``attr`` that yields text."""
    for skin in SKINS:
        value = _first_text(doc, getattr(skin, attr))
        if value:
            return value, skin.name
    return None


def not_content(el: Any) -> bool:
    """selectors.NOT_CONTENT (sidebars, related posts…) on ``el`` or an ancestor, in Python: the
    XPath compiled and walked a long predicate per call, several times the cost of this loop."""
    for node in el.iterancestors():
        if _not_content_node(node):
            return True
    return _not_content_node(el)


def _not_content_node(node: Any) -> bool:
    if node.tag in NOT_CONTENT_TAGS or node.get("id") in NOT_CONTENT_IDS:
        return True
    c = node.get("class")
    # XPath's normalize-space() splits on these four characters only
    return bool(c) and not _NOT_CONTENT_SET.isdisjoint(_XML_WS.sub(" ", c).split(" "))


_NOT_CONTENT_SET = frozenset(NOT_CONTENT_CLASSES)


def read_tags(doc: lxml_html.HtmlElement, pm: PageMeta, post: Post) -> list[str]:
    """The post's tags: its ``a[rel=tag]`` links outside sidebars, else window.tiara's list."""
    tags: list[str] = []
    for a in doc.iter("a"):
        # TAG_LINKS (a[rel~=tag]) tested here: an XPath over every node of the page cost more
        # than the rest of the tag step; NOT_CONTENT runs only for the few tag links.
        rel = a.get("rel")
        if not rel or "tag" not in rel or "tag" not in _XML_WS.sub(" ", rel).split(" "):
            continue
        if not_content(a):
            continue  # a sidebar tag cloud is the blog's, not this post's
        # Some skins print tags as "#tag"; the tag itself has no "#" (its /tag/ URL has none).
        value = squeezed_text(a).lstrip("#").strip()
        if value and value not in tags:
            tags.append(value)
    if tags:
        return tags
    tiara_tags = ((pm.tiara or {}).get("entry") or {}).get("tags")
    if isinstance(tiara_tags, list):
        for value in tiara_tags:
            value = str(value).strip()
            if value and value not in tags:
                tags.append(value)
        if tags:
            post.warn(msg("tags: taken from window.tiara (no a[rel=tag] links)"))
    return tags


def read_author(doc: lxml_html.HtmlElement, pm: PageMeta, post: Post) -> str | None:
    """The author: meta tags, JSON-LD, the skin header."""
    value = pm.get("by", "og.article.author", "article:author")
    if value:
        return value
    ld_author = (pm.blog_posting or {}).get("author")
    if isinstance(ld_author, list) and ld_author:
        ld_author = ld_author[0]
    if isinstance(ld_author, dict) and str(ld_author.get("name") or "").strip():
        post.warn(msg("author: taken from JSON-LD"))
        return str(ld_author["name"]).strip()
    found = _skin_value(doc, "author")
    if found:
        post.warn(msg("author: taken from the {skin} skin header", skin=found[1]))
        return re.sub(r"^by\s+", "", found[0], flags=re.I).strip() or None
    post.warn(msg("author: not found"))
    return None


def read_dates(doc: lxml_html.HtmlElement, pm: PageMeta, post: Post) -> None:
    """Set ``post.published`` and ``post.updated`` (ISO, KST): meta tags, JSON-LD, the skin header."""
    ld = pm.blog_posting or {}
    # Never og:regDate: a 12-hour clock without AM/PM (markup doc §3.1).
    published: KstDate | None = parse_kst(pm.get("article:published_time"))
    if published is None and ld.get("datePublished"):
        published = parse_kst(str(ld["datePublished"]))
        if published:
            post.warn(msg("published: taken from JSON-LD"))
    if published is None:
        found = _skin_value(doc, "date")
        if found:
            published = parse_kst(found[0]) or find_visible_date(found[0])
            if published:
                post.warn(msg("published: taken from the {skin} skin header", skin=found[1]))
    if published is None:
        post.warn(msg("published: not found"))
    else:
        post.published = published.iso
        if published.date_only:
            post.warn(msg("published: the page shows the day only; time set to 00:00 KST"))
    updated = parse_kst(pm.get("article:modified_time"))
    if updated is None and ld.get("dateModified"):
        updated = parse_kst(str(ld["dateModified"]))
        if updated:
            post.warn(msg("updated: taken from JSON-LD"))
    if updated is None:
        post.warn(msg("updated: not found"))
    else:
        post.updated = updated.iso


def read_title(doc: lxml_html.HtmlElement, pm: PageMeta, post: Post) -> str | None:
    """The title: og:title, JSON-LD, twitter:title, meta title, the skin header; None if none."""
    # og:title, never <title>: skins decorate <title> ("블로그 :: 글", "글 — 블로그").
    value = pm.get("og:title")
    if value:
        return " ".join(value.split())
    for source, candidate in (
        ("JSON-LD", (pm.blog_posting or {}).get("headline")),
        ("twitter:title", pm.get("twitter:title")),
        ("meta title", pm.get("title")),
    ):
        if isinstance(candidate, str) and candidate.strip():
            post.warn(msg("title: taken from {source} (no og:title)", source=source))
            return " ".join(candidate.split())
    found = _skin_value(doc, "title")
    if found:
        post.warn(msg("title: taken from the {skin} skin header (no og:title)", skin=found[1]))
        return found[0]
    return None
