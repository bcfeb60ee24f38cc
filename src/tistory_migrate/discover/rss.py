"""``/rss`` (RSS 2.0) -> RssItems (docs/tistory-markup.md §6).

Facts the parser relies on: ``description`` is the whole post HTML, entity-escaped (CDATA is
accepted too); the first ``<category>`` is the post's *leaf* category and the following ones
are its tags; ``pubDate`` is RFC-822 ``+0900``; ``guid`` is the permalink and ``comments`` is
``{link}#entry{id}comment``, which gives the numeric id even for ``/entry/`` links. The feed
holds only the latest items, so it is a cross-check, never the full list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tistory_migrate.discover.feedxml import child_text, children, local, parse_xml
from tistory_migrate.extract.dates import to_iso
from tistory_migrate.urls import blog_base, classify, pc_url


@dataclass
class RssItem:
    id: str  # numeric id, "" when neither link nor comments reveal it
    url: str  # canonical PC URL (numeric when the id is known)
    title: str
    body_html: str
    category: str | None = None  # leaf name only (the page has the full path)
    tags: list[str] = field(default_factory=list)
    published: str | None = None
    author: str | None = None
    guid: str | None = None
    slug_url: str | None = None  # the /entry/ link when the blog uses text permalinks


@dataclass
class RssChannel:
    title: str | None = None
    link: str | None = None
    description: str | None = None
    managing_editor: str | None = None
    generator: str | None = None


_COMMENTS_ID = re.compile(r"#entry([0-9]+)comment")


def _channel(root):
    if root is None:
        return None
    if local(root.tag) == "channel":
        return root
    found = children(root, "channel")
    return found[0] if found else None


def rss_channel_info(xml: bytes | str) -> RssChannel:
    channel = _channel(parse_xml(xml))
    if channel is None:
        return RssChannel()
    return RssChannel(
        title=child_text(channel, "title"),
        link=child_text(channel, "link"),
        description=child_text(channel, "description"),
        managing_editor=child_text(channel, "managingEditor"),
        generator=child_text(channel, "generator"),
    )


def parse_rss(xml: bytes | str, url: str) -> list[RssItem]:
    """Every item of the feed at ``url``; items without a usable link are skipped."""
    channel = _channel(parse_xml(xml))
    if channel is None:
        return []
    base = blog_base(url)
    items: list[RssItem] = []
    for item in children(channel, "item"):
        link = child_text(item, "link") or child_text(item, "guid")
        if not link:
            continue
        info = classify(link, base)
        post_id = info.id
        if post_id is None:
            m = _COMMENTS_ID.search(child_text(item, "comments") or "")
            post_id = m.group(1) if m else None
        slug_url = None
        if info.slug and info.kind in ("entry", "mobile"):
            slug_url = pc_url(link, base)
        if post_id:
            kind = "notice" if info.kind == "notice" else "post"
            canonical = pc_url(f"/notice/{post_id}" if kind == "notice" else f"/{post_id}", base)
        else:
            canonical = pc_url(link, base) or link
        categories = [("".join(c.itertext())).strip() for c in children(item, "category")]
        categories = [c for c in categories if c]
        tags: list[str] = []
        for tag in categories[1:]:
            if tag not in tags:
                tags.append(tag)
        items.append(RssItem(
            id=post_id or "",
            url=canonical,
            title=" ".join((child_text(item, "title") or "").split()),
            body_html=child_text(item, "description") or "",
            category=categories[0] if categories else None,
            tags=tags,
            published=to_iso(child_text(item, "pubDate")),
            author=child_text(item, "author") or child_text(item, "creator"),
            guid=child_text(item, "guid"),
            slug_url=slug_url,
        ))
    return items
