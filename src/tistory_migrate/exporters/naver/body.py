"""Normalized body HTML -> what a person pastes into Naver's SmartEditor ONE.

The editor stores posts as JSON components (it has no HTML mode): it converts pasted
``text/html`` into its components and drops what it does not know, so we hand it only the
small vocabulary it is known to keep:
p, br, strong, em, u, s, a, h2/h3, blockquote, ul/ol/li, a simple table, hr, pre. Alignment
survives only as an inline ``text-align`` style, so that is the one style kept. Everything
else is unwrapped (keep the text) or dropped (scripts, iframes, forms: no text worth keeping).

The normalizer's markers (``figure[data-tm-image]``, ``p[data-tm-attachment]``,
``p[data-tm-embed]``) are replaced by what the caller decides (a visible "[사진 03] …" marker
paragraph, or an ``<img>`` for a URL that does not expire); no ``data-*`` survives.

Pure: HTML text in, ``PasteBody`` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import lxml.html
from lxml import etree

from tistory_migrate.exporters.naver.paragraphs import PasteChoices, reshape
from tistory_migrate.normalize.styles import join, style_props
from tistory_migrate.markup import parse_fragment

# Output vocabulary. Source tags mapped onto it; anything not listed is unwrapped.
RENAME = {"b": "strong", "i": "em", "strike": "s", "del": "s", "ins": "u", "h1": "h2", "h4": "h3", "h5": "h3",
          "h6": "h3", "dt": "p", "dd": "p", "address": "p", "caption": "p"}
KEEP = {"p", "br", "strong", "em", "u", "s", "a", "h2", "h3", "blockquote", "ul", "ol", "li", "table", "thead",
        "tbody", "tfoot", "tr", "th", "td", "hr", "pre"}
# Containers that become a paragraph when they hold only inline content, and vanish otherwise.
CONTAINERS = {"div", "section", "article", "header", "footer", "main", "aside", "center", "figure", "figcaption",
              "nav", "details", "summary", "dl", "body", "html"}
# Dropped with their content: nothing in them is readable text for a post.
DROP = {"script", "style", "iframe", "object", "embed", "noscript", "template", "form", "input", "button", "select",
        "textarea", "svg", "math", "video", "audio", "canvas", "head", "title", "meta", "link", "img", "picture",
        "source", "map", "area"}
BLOCKS = {"p", "h2", "h3", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
          "hr", "pre"}
# Elements whose content is inline only: a block met inside one is flattened into it.
INLINE_HOSTS = {"p", "h2", "h3", "strong", "em", "u", "s", "a", "pre", "span"}
ALIGNABLE = {"p", "h2", "h3", "td", "th"}
_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right|justify)", re.I)
_SPACES = re.compile(r"[ \t\r\n\f]+")  # not \xa0: a non-breaking space is the author's own
_SAFE_HREF = re.compile(r"^(https?:|mailto:)", re.I)
_OL_TYPES = {"1", "a", "A", "i", "I"}


@dataclass
class Replacement:
    """What a marker becomes: a paragraph of ``text``, or an image (``img_src``) with an
    optional caption paragraph under it, or a link paragraph (``href`` + ``text``)."""

    text: str
    img_src: str | None = None
    alt: str = ""
    href: str | None = None
    prefix: str = ""  # plain text before a link, e.g. "▶ 동영상: "


@dataclass
class PasteBody:
    html: str
    text: str
    found: dict[str, set[int]] = field(default_factory=dict)  # marker kind -> indexes seen
    features: set[str] = field(default_factory=set)  # "pre", "list", "nested-list", "table", "nested-table", "merged-cells"


Resolver = Callable[[str, int], Replacement | None]  # (kind: image|attachment|embed, index 0-based)


def to_paste_html(body_html: str, resolve: Resolver, *, date_line: str | None = None,
                  date_line_position: str = "top", choices: PasteChoices | None = None) -> PasteBody:
    """Rebuild ``body_html`` in the paste vocabulary; markers go through ``resolve``; lists,
    code and headings take the shape ``choices`` says (``paragraphs.py``)."""
    conv = _Converter(resolve)
    root = etree.Element("div")
    if body_html.strip():
        src = parse_fragment(body_html)
        conv.children(src, root)
    reshape(root, choices or PasteChoices())
    blocks = _wrap_inline(root)
    if date_line:
        p = etree.Element("p")
        p.text = date_line
        blocks.insert(0 if date_line_position == "top" else len(blocks), p)
    html = "\n".join(_serialize(b) for b in blocks) + ("\n" if blocks else "")
    text = "\n\n".join(t for t in (_text(b).strip("\n") for b in blocks) if t.strip()) + "\n"
    return PasteBody(html=html, text=text, found=conv.found, features=conv.features)


class _Converter:
    def __init__(self, resolve: Resolver):
        self.resolve = resolve
        self.found: dict[str, set[int]] = {"image": set(), "attachment": set(), "embed": set()}
        self.features: set[str] = set()

    def children(self, src, dst) -> None:
        _add_text(dst, src.text)
        for child in src:
            self.node(child, dst)
            _add_text(dst, child.tail)

    def node(self, src, dst) -> None:
        if not isinstance(src.tag, str):
            return  # comments, processing instructions
        tag = src.tag.lower()
        marker = self._marker(src)
        if marker is not None:
            kind, index = marker
            self.found[kind].add(index)
            rep = self.resolve(kind, index)
            if rep is not None and tag == "a":
                # a legacy attachment link inside a sentence (issue 14): its words, then the
                # file's marker, in the same line
                words = " ".join(src.text_content().split())
                _add_text(dst, f"{words} ({rep.prefix}{rep.text})" if words else f"{rep.prefix}{rep.text}")
                return
            if rep is not None:
                for el in _replacement_elements(rep):
                    self._append_block(el, dst)
            return
        if tag in DROP:
            return
        tag = RENAME.get(tag, tag)
        if tag == "pre":
            pre = etree.Element("pre")
            pre.text = src.text_content()  # highlighting spans are gone; the code text stays
            self.features.add("pre")
            self._append_block(pre, dst)
            return
        if tag in CONTAINERS:
            if _has_block(src):
                self.children(src, dst)
            else:
                p = etree.Element("p")
                _copy_align(src, p)
                self.children(src, p)
                self._append_block(p, dst)
            return
        if tag == "span" and (style := join(style_props(src.get("style") or ""))):
            el = etree.SubElement(dst, "span", style=style)  # the author's colour, highlight, size
            self.children(src, el)
            return
        if tag not in KEEP:
            self.children(src, dst)  # span, font, code, small…: keep the text, lose the wrapper
            return
        if tag in ("ul", "ol"):
            self.features.add("nested-list" if _inside(src, ("ul", "ol")) else "list")
        if tag == "table":
            self.features.add("nested-table" if _inside(src, ("table",)) else "table")
        el = etree.Element(tag)
        if tag == "a":
            href = (src.get("href") or "").strip()
            if not _SAFE_HREF.match(href):
                self.children(src, dst)  # javascript:, relative, anchors: keep only the words
                return
            el.set("href", href)
        if tag in ALIGNABLE:
            _copy_align(src, el)
        if tag == "ol":
            if (src.get("start") or "").strip().isdigit():
                el.set("start", src.get("start").strip())
            if src.get("type") in _OL_TYPES:
                el.set("type", src.get("type"))
        if tag in ("td", "th"):
            for attr in ("colspan", "rowspan"):
                value = src.get(attr)
                if value and (value.isascii() and value.isdigit()) and value != "1":
                    el.set(attr, value)
                    self.features.add("merged-cells")
        self.children(src, el)
        if tag == "table":
            _tbody(el)
        if tag in BLOCKS:
            self._append_block(el, dst)
        else:
            dst.append(el)

    def _append_block(self, el, dst) -> None:
        if dst.tag in INLINE_HOSTS:
            _flatten_into(el, dst)  # a block inside a paragraph or a bold run
            return
        dst.append(el)

    @staticmethod
    def _marker(src) -> tuple[str, int] | None:
        for kind in ("image", "attachment", "embed"):
            value = src.get(f"data-tm-{kind}")
            if value is not None and (value.strip().isascii() and value.strip().isdigit()):
                return kind, int(value)
        return None


def _tbody(table) -> None:
    """Rows straight under <table> go into a <tbody>: browsers insert one when parsing, so
    writing it keeps body.html equal to what the page's clipboard carries."""
    body = None
    for child in list(table):
        if child.tag == "tr":
            if body is None:
                body = etree.Element("tbody")
                child.addprevious(body)
            body.append(child)  # moves it (tail included)
        elif child.tag in ("thead", "tbody", "tfoot"):
            body = None


def _flatten_into(el, dst) -> None:
    """Put a block's content into an inline host, each block on its own line (``<br>``)."""
    if el.tag in ("hr", "img") or (el.tag == "p" and len(el) == 1 and el[0].tag == "img"):
        return  # nothing an inline host can hold
    if len(dst) or (dst.text or "").strip():
        dst.append(etree.Element("br"))
    _add_text(dst, el.text)
    for child in list(el):
        tail = child.tail
        child.tail = None
        if child.tag in BLOCKS:
            _flatten_into(child, dst)
        else:
            dst.append(child)
        _add_text(dst, tail)


def _replacement_elements(rep: Replacement) -> list:
    if rep.img_src and rep.img_src.lower().startswith(("https://", "http://")):  # never data: or file:
        p = etree.Element("p")
        img = etree.SubElement(p, "img")
        img.set("src", rep.img_src)
        img.set("alt", rep.alt)
        out = [p]
        if rep.text:
            cap = etree.Element("p")
            cap.text = rep.text
            out.append(cap)
        return out
    p = etree.Element("p")
    if rep.href:
        p.text = rep.prefix or None
        a = etree.SubElement(p, "a")
        a.set("href", rep.href)
        a.text = rep.text
    else:
        p.text = rep.text
    return [p]


def _add_text(dst, text: str | None) -> None:
    if not text:
        return
    if dst.tag != "pre":
        text = _SPACES.sub(" ", text)
    if len(dst):
        last = dst[-1]
        last.tail = (last.tail or "") + text
    else:
        dst.text = (dst.text or "") + text


def _has_block(src) -> bool:
    for el in src.iter():
        if el is src or not isinstance(el.tag, str):
            continue
        tag = RENAME.get(el.tag.lower(), el.tag.lower())
        if tag in BLOCKS or tag in CONTAINERS or any(el.get(f"data-tm-{k}") is not None for k in ("image", "attachment", "embed")):
            return True
    return False


def _inside(src, tags: tuple[str, ...]) -> bool:
    return any(isinstance(a.tag, str) and a.tag.lower() in tags for a in src.iterancestors())


def _copy_align(src, dst) -> None:
    m = _ALIGN.search(src.get("style") or "")
    align = m.group(1).lower() if m else (src.get("align") or "").lower()
    if align in ("center", "right", "justify"):  # left is the default: saying it adds noise
        dst.set("style", f"text-align: {align}")


def _wrap_inline(root) -> list:
    """Top-level blocks; runs of loose text and inline elements become paragraphs, empty
    paragraphs (no text, no line break, no image) are dropped."""
    blocks: list = []
    current = None

    def flush():
        nonlocal current
        if current is not None and _has_content(current):
            _trim(current)
            blocks.append(current)
        current = None

    def inline(text=None, el=None):
        nonlocal current
        if current is None:
            if el is None and not (text or "").strip():
                return
            current = etree.Element("p")
        if el is not None:
            current.append(el)
        else:
            _add_text(current, text)

    inline(text=root.text)
    for child in list(root):
        tail = child.tail
        child.tail = None
        if child.tag in BLOCKS:
            flush()
            if child.tag != "p" or _has_content(child):
                if child.tag in ("p", "h2", "h3"):
                    _trim(child)
                blocks.append(child)
        else:
            inline(el=child)
        inline(text=tail)
    flush()
    return blocks


def _has_content(el) -> bool:
    if el.tag in ("hr", "img", "br"):
        return True
    if (el.text or "").strip(" \t\r\n"):
        return True
    return any(_has_content(c) or (c.tail or "").strip(" \t\r\n") for c in el)


def _trim(p) -> None:
    """Drop the leading/trailing collapsed space the source indentation left in a block."""
    if p.text:
        p.text = p.text.lstrip(" ")
    if len(p):
        last = p[-1]
        if last.tail:
            last.tail = last.tail.rstrip(" ")
    elif p.text:
        p.text = p.text.rstrip(" ")


def _serialize(el) -> str:
    return lxml.html.tostring(el, encoding="unicode", method="html").strip("\n")


def _text(el, depth: int = 0) -> str:
    """Plain-text rendering of one output block (body.txt, the clipboard's text/plain)."""
    tag = el.tag
    if tag == "hr":
        return "----------"
    if tag == "pre":
        return el.text or ""
    if tag in ("ul", "ol"):
        lines = []
        first = int(el.get("start")) if (el.get("start") or "").isdigit() else 1
        for n, li in enumerate((c for c in el if c.tag == "li"), first):
            bullet = f"{n}. " if tag == "ol" else "- "
            body = _inline_text(li, depth + 1).strip()
            lines.append("  " * depth + bullet + body)
        return "\n".join(lines)
    if tag == "table":
        rows = []
        for tr in el.iter("tr"):
            rows.append(" | ".join(_inline_text(c, depth).strip().replace("\n", " ") for c in tr if c.tag in ("td", "th")))
        return "\n".join(rows)
    if tag == "blockquote":
        inner = _inline_text(el, depth).strip()
        return "\n".join("> " + line for line in inner.split("\n"))
    return _inline_text(el, depth)


def _inline_text(el, depth: int) -> str:
    parts = [el.text or ""]
    for c in el:
        if c.tag == "br":
            parts.append("\n")
        elif c.tag == "img":
            parts.append(f"[사진] {c.get('src')}")
        elif c.tag == "a":
            words = _inline_text(c, depth)
            href = c.get("href") or ""
            parts.append(words if words.strip() == href else f"{words} ({href})")
        elif c.tag in BLOCKS:
            parts.append("\n" + _text(c, depth) + "\n")
        else:
            parts.append(_inline_text(c, depth))
        parts.append(c.tail or "")
    return "".join(parts)
