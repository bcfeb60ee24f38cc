"""Captions of pictures in a body, from the strongest source to the weakest: the editor's
``<figcaption>``, a ``data-alt``, and the author's habit of a "▲ …" line right under the
picture (``arrow_caption``). ``images`` asks for them while it scans; caption texts read as
``tidy`` leaves the figcaption that carries them (``clean_alt``), so a second pass reads back
the same text.
"""

from __future__ import annotations

import re
from typing import Any

from tistory_migrate.markup import squeezed_text, tag_of
from tistory_migrate.normalize.text import clean_text, fix_double_escapes

_CAPTION_MARK = re.compile(r"^\s*[▲△]\s*")
# Inline boxes an author's "▲" paragraph may sit in (an unclosed <span> before it).
_INLINE_HOSTS = {"p", "span", "font", "a", "b", "strong", "em", "i", "u", "center", "small", "big", "s", "strike"}
# The block a picture sits in: its next sibling is where the "▲" line would be.
_BLOCKS = {"p", "div", "figure", "li", "td", "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "center", "section", "article"}


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


def arrow_caption(anchor) -> tuple[str | None, Any]:
    """A "▲ …" line right after the picture's block (spacer lines skipped) is its caption:
    (caption, the element holding the line, which the marker step removes), or (None, None).

    ``anchor`` is the element the picture's marker replaces, or the block it sits in."""
    block = anchor
    while tag_of(block) not in _BLOCKS:
        parent = block.getparent()
        if parent is None or parent.getparent() is None:  # parent is the body root
            break
        block = parent
    # The picture ends its wrapper (a placeholder figure inside a <p>): look after the wrapper.
    while block.getnext() is None and not (block.tail or "").strip() and block.getparent() is not None \
            and block.getparent().getparent() is not None:
        block = block.getparent()
    sib = block.getnext()
    hops = 0
    while sib is not None and hops < 3:
        if not isinstance(sib.tag, str):
            sib = sib.getnext()
            continue
        text = squeezed_text(sib)
        if not text and next(sib.iter("img"), None) is None:
            sib, hops = sib.getnext(), hops + 1
            continue
        target = sib
        # an inline wrapper around the caption paragraph (unclosed <span> before it)
        while tag_of(target) in _INLINE_HOSTS - {"p"} and not (target.text or "").strip() and len(target):
            target = target[0]
        text = squeezed_text(target)
        if _CAPTION_MARK.match(text) and len(text) <= 200 and next(target.iter("img"), None) is None \
                and tag_of(target) in ("p", "div"):
            return clean_alt(_CAPTION_MARK.sub("", text)), target
        break
    return None, None
