"""Captions of pictures in a body, from the strongest source to the weakest: the editor's
``<figcaption>``, a ``data-alt``, and the author's habit of a "▲ …" line right under the
picture. ``images`` asks for them while it scans; caption texts read as ``tidy`` leaves the
figcaption that carries them (``clean_alt``), so a second pass reads back the same text.

Whether a "▲" line is right under the picture depends on the shape of the body, and the markup
steps change that shape (wrappers unwrapped, stray list parts and loose text made paragraphs,
spacers collapsed or dropped). ``normalize_body`` therefore decides it on the final shape,
after them (``take_arrow_lines``, step 6 of ``html.normalize_tree``), which is the shape a
second pass starts from: normalizing twice decides the same as once. ``find_media`` (scrape
time, no markup steps) reads the raw tree (``arrow_caption``): the same line in the usual
shapes, and no caption where only the markup steps would tell (loose text or an inline box as
the line, a bare "▲" before it). The archive keeps that reading; exports use
``normalize_body``'s.
"""

from __future__ import annotations

import re

from lxml import etree

from tistory_migrate.markup import squeezed_text, tag_of
from tistory_migrate.normalize.text import clean_text, fix_double_escapes, is_blank
from tistory_migrate.normalize.tidy import remove_block

_CAPTION_MARK = re.compile(r"^\s*[▲△]\s*")
# The block a picture sits in: its next sibling is where the "▲" line would be.
_BLOCKS = {"p", "div", "figure", "li", "td", "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "center", "section", "article"}
# Boxes the markup steps unwrap around an author's "▲" paragraph (an unclosed <span>, <div> or
# stray <li> before it), and the boxes that become the paragraph itself.
_HOSTS = {"span", "font", "a", "b", "strong", "em", "i", "u", "small", "big", "s", "strike", "center", "div",
          "section", "article", "li"}  # fmt: skip
_LINES = {"p", "div", "center", "section", "article"}
# What makes a box without text more than a spacer: a picture, a video or card (a block later).
_MEDIA = frozenset({"img", "iframe", "embed", "object", "video", "figure"})
# Not in a "▲" line: media, and blocks (the line would be several).
_NOT_IN_LINE = _MEDIA | _BLOCKS | {"ul", "ol", "table", "pre", "hr"}


def clean_alt(value: str | None) -> str | None:
    """An alt or caption text, whitespace squeezed; None when empty or a placeholder word."""
    if not value:
        return None
    # The text rules ``tidy`` applies to the figcaption the marker carries (double escapes
    # undone...): the caption, the alt and the figcaption a second pass reads all agree.
    value = " ".join(fix_double_escapes(clean_text(value)).split())
    return value if value and value.lower() not in ("null", "undefined", "none") else None


def figcaption_of(fig) -> str | None:
    """The text of the first ``<figcaption>`` inside ``fig``."""
    for cap in fig.iter("figcaption"):
        return clean_alt(squeezed_text(cap))
    return None


def picture_block(anchor):
    """The block a picture sits in (``anchor``: the element its marker replaces, or the block
    it sits in): the pictures of one block share the "▲" line below it."""
    block = anchor
    while tag_of(block) not in _BLOCKS:
        parent = block.getparent()
        if parent is None or _is_root(parent):
            break
        block = parent
    return block


def arrow_caption(block) -> str | None:
    """``find_media``'s reading, on the raw tree, of the "▲ …" line right after a picture's
    ``block`` (up to 2 spacer lines skipped): its caption, or None. Conservative where the raw
    tree says less than the final shape (loose text, a video between): no caption."""
    # The picture ends its wrapper (a placeholder figure inside a <p>): look after the wrapper.
    while block.getnext() is None and is_blank(block.tail) and block.getparent() is not None \
            and not _is_root(block.getparent()):
        block = block.getparent()
    prev, sib, hops = block, block.getnext(), 0
    while sib is not None and is_blank(prev.tail):  # (loose text first: that is the next line)
        prev = sib
        if not isinstance(sib.tag, str):  # a comment
            sib = sib.getnext()
            continue
        text = squeezed_text(sib)
        if not text and not any(d.tag in _MEDIA for d in sib.iter()):
            if hops == 2:
                return None
            sib, hops = sib.getnext(), hops + 1
            continue
        target = sib
        # the boxes around the caption paragraph, down to the paragraph
        while tag_of(target) in _HOSTS and is_blank(target.text) and len(target) \
                and (tag_of(target) != "li" or tag_of(target.getparent()) not in ("ul", "ol")):
            target = target[0]
        if target is not sib:
            text = squeezed_text(target)
        if _CAPTION_MARK.match(text) and len(text) <= 200 and tag_of(target) in _LINES \
                and not any(d.tag in _NOT_IN_LINE for d in target.iterdescendants()):
            return clean_alt(_CAPTION_MARK.sub("", text))
        return None
    return None


def _is_root(el) -> bool:
    """The body's own element (``tree.parse_body``: the document's <body>, renamed)."""
    parent = el.getparent()
    return parent is None or parent.tag == "html"


# --- step 6: the "▲" line on the final shape -----------------------------------------------


def take_arrow_lines(markers: list, images: list) -> None:
    """A "▲ …" paragraph that is the next block after a picture (up to 2 blank ones skipped:
    spacers, ``<hr>``) is the caption of that picture and of the pictures above it in the same
    original block (a paragraph of several, a grid), those still without a caption; the line
    goes. Under pictures that all have a caption it stays a line, unless it says that very
    caption again (the same picture twice in a post, its line twice): then it goes.

    ``markers`` are (``figure[data-tm-image]``, original block) as step 1 placed them, in body
    order, on the tree ``tidy`` left; ``images`` the body's refs (their ``caption`` is set
    here). Every marker of the same picture gets the caption, as a second pass would read it."""
    by_block: dict[int, list] = {}  # id(block) -> its markers so far (``markers`` keeps them alive)
    by_index: dict[str, list] | None = None
    for fig, block in markers:
        above = by_block.setdefault(id(block), [])
        above.append(fig)
        if fig.getparent() is None:
            continue
        while (found := _line_after(fig)) is not None:
            line, text = found
            caption = clean_alt(_CAPTION_MARK.sub("", text))
            takers = {f.get("data-tm-image") for f in above if not _has_caption(f)}
            if not takers and (caption is None or caption != images[int(fig.get("data-tm-image"))].caption):
                break
            remove_block(line)
            if takers and caption:  # (a bare "▲" is dropped: the next line may be the caption)
                if by_index is None:
                    by_index = {}
                    for f, _ in markers:
                        by_index.setdefault(f.get("data-tm-image"), []).append(f)
                for index in takers:
                    images[int(index)].caption = caption
                    for other in by_index[index]:
                        if not _has_caption(other):
                            _add_caption(other, caption)
            # and look again: the same line may follow once more


def _has_caption(fig) -> bool:
    return len(fig) > 1  # ``markers.image_marker``: the <img>, then a <figcaption> when captioned


def _line_after(fig):
    """The "▲" paragraph that is the next block after ``fig`` (out of the list item, cell or
    quote it ends) and its text, or None."""
    block = fig
    while block.getnext() is None:
        parent = block.getparent()
        if parent is None or _is_root(parent):  # the body's last block
            return None
        block = parent
    sib = block.getnext()
    for _ in range(3):  # up to 2 blank blocks skipped
        if sib is None:
            return None
        first = sib.text
        if first and not first.isspace() and first.lstrip()[0] not in "▲△":
            return None  # text that is not a "▲" line (most paragraphs: no XPath for them)
        text = squeezed_text(sib)
        if text:
            # (no <img> to test for: after the markup steps a picture is a marker, a block)
            if sib.tag == "p" and _CAPTION_MARK.match(text) and len(text) <= 200 \
                    and sib.get("data-tm-attachment") is None and sib.get("data-tm-embed") is None:
                return sib, text
            return None
        if next(sib.iter("img"), None) is not None:  # a table of pictures, say
            return None
        sib = sib.getnext()
    return None


def _add_caption(fig, caption: str) -> None:
    fig[0].set("alt", caption)  # ``markers.image_marker``: the <img> first
    etree.SubElement(fig, "figcaption").text = caption
