"""Tolerant XML parsing shared by the RSS and sitemap readers.

Feeds in the wild are served with a wrong charset, stray ``&`` or truncated mid-item; lxml's
``recover=True`` keeps whatever parses. Entities are never resolved from DTDs and nothing is
fetched (``no_network``, ``resolve_entities=False``): feeds are untrusted input.
"""

from __future__ import annotations

import re

from lxml import etree

_PARSER_KW = dict(recover=True, resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def parse_xml(data: bytes | str) -> etree._Element | None:
    """The root element, or None when nothing usable is there."""
    if isinstance(data, str):
        # lxml refuses str input that carries an encoding declaration; the text is decoded already.
        data = re.sub(r"^\s*<\?xml[^>]*\?>", "", data).encode("utf-8")
    data = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data:
        return None
    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_KW))
    except etree.XMLSyntaxError:
        return None
    return root


def local(tag: object) -> str:
    """Tag name without its namespace (sitemaps use ``{http://www.sitemaps.org/…}url``)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c.tag) == name]


def child_text(el: etree._Element, name: str) -> str | None:
    for c in el:
        if local(c.tag) == name:
            text = "".join(c.itertext()).strip()
            return text or None
    return None
