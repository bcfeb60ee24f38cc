"""Korean text rules: what a text node may and may not be changed into.

We never insert or remove spaces *between* words (Korean spacing is the author's); we only
collapse what HTML rendering collapses anyway (runs of ASCII whitespace), trim block edges,
and undo double escaping (``&amp;nbsp;`` shown literally as "&nbsp;").
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_WS = re.compile(r"[ \t\r\n\f]+")
_ASCII_WS = " \t\r\n\f"
# Entities that show up literally after double escaping; one level is undone per pass and the
# loop runs to a fixed point so normalizing twice changes nothing.
_DOUBLE = re.compile(r"&(nbsp|lt|gt|amp|quot|apos|#39|#34);")
_DOUBLE_MAP = {"nbsp": "\xa0", "lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'", "#39": "'", "#34": '"'}


def clean_text(text: str) -> str:
    """NFC, no zero-width characters or BOM."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return strip_zero_width(text)


def strip_zero_width(text: str) -> str:
    # Five substring tests (C, no per-character regex work) decide that most texts have none.
    if "\u200b" in text or "\u200c" in text or "\u200d" in text or "\u2060" in text or "\ufeff" in text:
        return _ZERO_WIDTH.sub("", text)
    return text


def fix_double_escapes(text: str) -> str:
    if "&" not in text:  # every pattern below starts with "&"
        return text
    while True:  # each round shortens the text: it ends, at the fixed point
        fixed = _DOUBLE.sub(lambda m: _DOUBLE_MAP[m.group(1)], text)
        if fixed == text:
            return text
        text = fixed


def collapse(text: str) -> str:
    # Only a run of spaces or another ASCII whitespace character can change: test for them first.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        return _WS.sub(" ", text)
    return text


def lstrip_ws(text: str | None) -> str | None:
    return text.lstrip(_ASCII_WS) if text else text


def rstrip_ws(text: str | None) -> str | None:
    return text.rstrip(_ASCII_WS) if text else text


def rstrip_end(text: str | None) -> str | None:
    """Trailing whitespace at the end of a block, no-break spaces included (they show nothing)."""
    return text.rstrip(_ASCII_WS + "\xa0") if text else text


def is_blank(text: str | None) -> bool:
    """Only whitespace, including the no-break spaces spacer paragraphs are made of."""
    return not text or not text.strip(_ASCII_WS + "\xa0\u3000")


# --- plain text of a normalized tree ---------------------------------------------------------


def body_text(root) -> str:
    """Plain text with paragraph breaks (blank line between blocks, newline for <br>)."""
    blocks = [_block(el) for el in root]
    return "\n\n".join(b for b in blocks if b)


def _block(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "pre":
        return "".join(el.itertext()).strip("\n")
    if tag in ("ul", "ol"):
        return "\n".join(t for t in (_inline(li) for li in el) if t)
    if tag == "table":
        rows = []
        for tr in el.iter("tr"):
            cells = [_inline(td) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
            if any(cells):
                rows.append("\t".join(cells))
        return "\n".join(rows)
    if tag == "figure":
        cap = next(iter(el.iter("figcaption")), None)
        return _inline(cap) if cap is not None else ""
    if tag == "hr":
        return ""
    if tag == "blockquote" and any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el):
        return "\n\n".join(b for b in (_block(c) for c in el) if b)
    return _inline(el)


_BLOCK_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "table", "pre", "figure", "blockquote", "hr"}


def _inline(el) -> str:
    out = []

    def walk(node):
        if node.text:
            out.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    out.append("\n")
                else:
                    walk(child)
            if child.tail:
                out.append(child.tail)

    walk(el)
    lines = [collapse(line).strip(_ASCII_WS) for line in "".join(out).split("\n")]
    return "\n".join(lines).strip("\n")
