"""The markup steps of ``normalize_body``, in the order ``normalize_tree`` runs them over the
parsed, chrome-free body (``tree.parse_body``), each a module of its own:

1. ``markers.place_media``: pictures and files -> our markers, where they sat;
2. ``markers.place_embeds``: videos, maps, link cards -> one link each;
3. ``inline.clean_inline``: tag names, attributes, links;
4. ``blocks.structure``: a flat run of blocks;
5. ``tidy.tidy``: whitespace, empties, spacers;
6. ``captions.take_arrow_lines``: a "▲ …" line right under a picture becomes its caption,
   decided on the final shape (the one a second pass starts from);
7. ``serialize`` here: the blocks' HTML through nh3, a safety net, not the cleaner.

Output shape: a flat run of blocks (p, h2-h4, ul/ol, blockquote, table, pre, hr, marker
figures) with inline strong/em/u/s/sub/sup/a/code/br/span inside; alignment only as
``style="text-align:…"`` (nh3's own spelling, so sanitizing changes nothing), the author's
colour, highlight and size only as ``span`` styles (``styles``); no classes, ids,
data-* (except our data-tm-* markers and ``pre[data-ke-language]`` when the author chose a
language). What may appear is data, in ``vocabulary``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import nh3
from lxml import etree

from tistory_migrate.models import Embed
from tistory_migrate.normalize.blocks import structure
from tistory_migrate.normalize.captions import take_arrow_lines
from tistory_migrate.normalize.images import MediaScan
from tistory_migrate.normalize.inline import clean_inline
from tistory_migrate.normalize.markers import place_embeds, place_media
from tistory_migrate.normalize.tidy import tidy
from tistory_migrate.normalize.vocabulary import ALLOWED_ATTRS, NH3_CLEAN_CONTENT, NH3_TAGS, STYLE_PROPERTIES, URL_SCHEMES


@dataclass
class TreeResult:
    """What the markup steps found besides the tree they rewrote in place."""

    embeds: list[Embed]  # one per video, map or link card, in body order
    notes: list[str]  # Korean, one per kind of downgrade (vocabulary.NOTE_*)
    internal: list[str]  # ids of the blog's posts linked to, first-seen order ("entry/<slug>" for slugs)


def normalize_tree(root, scan: MediaScan, *, page_url: str, blog_hosts: Collection[str]) -> TreeResult:
    """All markup steps on a parsed, chrome-free body, in order; ``root`` is rewritten in place.

    ``scan`` is ``images.scan`` of the same tree (it says where each marker goes); ``page_url``
    resolves relative links; links to ``blog_hosts`` are another post's when their path says so.
    """
    notes: list[str] = []
    hosts = {h.lower().strip() for h in blog_hosts if h}
    markers = place_media(scan, notes)  # 1
    embeds = place_embeds(root, notes)  # 2
    clean_inline(root, page_url, hosts, notes)  # 3
    structure(root, top=True)  # 4
    tidy(root)  # 5
    take_arrow_lines(markers, scan.images)  # 6
    internal: list[str] = []
    for a in root.iter("a"):
        pid = a.get("data-tm-post")
        if pid and pid not in internal:
            internal.append(pid)
    return TreeResult(embeds, notes, internal)


def serialize(root) -> str:
    """The blocks' HTML (not the root's own text or the blocks' tails), sanitized."""
    if root.text is None and not root.keys() and root.tag == "div" and all(c.tail is None for c in root):
        # The usual shape after structure(): one C serialization of the root instead of one
        # call per block, minus the root's own <div> and </div>.
        html = etree.tostring(root, method="html", encoding="unicode", with_tail=False)
        if html.startswith("<div>") and html.endswith("</div>"):
            return sanitize(html[5:-6])
    parts = [etree.tostring(child, method="html", encoding="unicode", with_tail=False) for child in root]
    return sanitize("".join(parts))


def sanitize(html: str) -> str:
    """nh3 with the output's own lists (``vocabulary``): what the steps made passes unchanged."""
    return nh3.clean(
        html,
        tags=NH3_TAGS,
        clean_content_tags=NH3_CLEAN_CONTENT,
        attributes={k: set(v) for k, v in ALLOWED_ATTRS.items()},
        link_rel=None,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        filter_style_properties=STYLE_PROPERTIES,
    )
