"""Step 3 of ``html.normalize_tree``: inline cleanup. Tag names are renamed to the output's
(``b`` -> ``strong``, styled spans -> their meaning), unknown boxes unwrapped, attributes
stripped to ``vocabulary.ALLOWED_ATTRS``, alignment carried as ``style="text-align:…"``, links
made absolute and links to other posts of the blog marked ``data-tm-post``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from tistory_migrate.markup import classes, drop_tag, remove_keep_tail, tag_of
from tistory_migrate.normalize.styles import author_style, carry_block_styles
from tistory_migrate.normalize.vocabulary import (
    ALIGN_CLASS,
    ALIGN_STYLE,
    ALIGNABLE,
    ALLOWED_ATTRS,
    INLINE_KEEP,
    KEEP_BLOCKS,
    LINK_SCHEMES,
    NOTE_CODE,
    NOTE_MORE,
    PARA,
    RENAME,
    SPAN_STYLE,
    UNWRAP_BLOCKS,
)
from tistory_migrate.urls import post_link_id


def align_of(el) -> str | None:
    """The alignment an element asks for (style, ``align``, ``data-ke-align``, ``<center>``,
    an alignment class), or None."""
    m = ALIGN_STYLE.search(el.get("style") or "")
    if m:
        return m.group(1).lower()
    a = (el.get("align") or el.get("data-ke-align") or "").strip()
    if a:
        a = ALIGN_CLASS.get(a, a.lower())
        return a if a in ("left", "center", "right", "justify") else None
    if tag_of(el) == "center":
        return "center"
    for c in classes(el):
        if c in ALIGN_CLASS and tag_of(el) in ("div", "figure", "p"):
            return ALIGN_CLASS[c]
    return None


def clean_inline(root, page_url: str, blog_hosts: set[str], notes: list[str]) -> None:
    """Rename, unwrap and strip attributes, bottom-up so unwrapping never skips a node."""
    base_ok = page_url.startswith(("http://", "https://", "backup:"))
    carry_block_styles(root)  # a p/div's colour and size onto spans, before boxes lose their attributes
    for el in reversed(list(root.iter())):
        if el is root:
            continue
        tag = original = tag_of(el)
        if not tag:
            remove_keep_tail(el)  # comments, processing instructions
            continue
        if el.get("data-tm-image") is not None:
            continue  # our own markers are already final
        parent = el.getparent()
        if parent is not None and parent.get("data-tm-image") is not None:
            continue
        if tag == "div" and ((el.get("data-ke-type") or "").lower() == "morelesss" or "moreless_content" in classes(el)
                             or (el.get("data-ke-type") or "").lower() == "moreless"):
            if NOTE_MORE not in notes:
                notes.append(NOTE_MORE)
        tag = RENAME.get(tag, tag)
        if tag in ("span", "font"):
            style = el.get("style")
            kept = author_style(el)  # colour, highlight, size: docs/design.md, "Normalize"
            semantic = None
            if style and _may_style_text(style):
                semantic = next((s for pattern, s in SPAN_STYLE if pattern.search(style)), None)
            if kept:
                _styled_span(el, kept, semantic)
                continue
            tag = semantic or tag
        if tag != original:
            el.tag = tag
        if tag == "pre" and NOTE_CODE not in notes:
            notes.append(NOTE_CODE)
        if tag == "a" and el.get("data-tm-attachment") is not None:
            continue  # a legacy attachment link (markers.attachment_link): the exporters set its href
        if tag == "a":
            href = _clean_href(el.get("href"), page_url if base_ok else None)
            if href is None:
                el.attrib.clear()
                drop_tag(el)
                continue
            pid = post_link_id(href, blog_hosts) if href.startswith("http") else None
            el.attrib.clear()
            el.set("href", href)
            if pid:
                el.set("data-tm-post", pid)
            continue
        if tag == "img":  # a picture that is not content (skin asset, placeholder, emoticon)
            remove_keep_tail(el)
            continue
        if tag not in _KNOWN_TAGS or tag == "span":
            drop_tag(el)  # span, font, o:p, abbr, small…: keep the text, lose the box
            continue
        _clean_attrs(el, tag)


# Tags clean_inline keeps (as they are, or as boxes the structure step handles); others unwrap.
_KNOWN_TAGS = frozenset(INLINE_KEEP | PARA | KEEP_BLOCKS | UNWRAP_BLOCKS
                        | {"li", "tr", "td", "th", "thead", "tbody", "tfoot", "figcaption"})


def _styled_span(el, style: str, semantic: str | None) -> None:
    """``el`` becomes ``<span style=…>``; a bold/italic/… it also says goes inside it."""
    el.tag = "span"
    el.attrib.clear()
    el.set("style", style)
    if semantic:
        inner = el.makeelement(semantic, {})
        inner.text, el.text = el.text, None
        for child in list(el):
            inner.append(child)
        el.append(inner)


def _may_style_text(style: str) -> bool:
    """False when no ``SPAN_STYLE`` pattern can match: they all need "font-" or
    "text-decoration". Non-ASCII styles always go to the regexes (re.I folds a few non-ASCII
    letters such as "ſ" onto ASCII ones)."""
    if not style.isascii():
        return True
    low = style.lower()
    return "font-" in low or "text-decoration" in low


def _clean_href(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    href = "".join(ch for ch in href.strip() if ch >= " " and ch != "\x7f")
    if not href or href.startswith("#"):
        return None
    if href.startswith("//"):
        href = "https:" + href
    scheme = urlsplit(href).scheme.lower()
    if not scheme:
        if base is None or base.startswith("backup:"):
            return None
        href = urljoin(base, href)
        scheme = urlsplit(href).scheme.lower()
    return href if scheme in LINK_SCHEMES else None


def _clean_attrs(el, tag: str) -> None:
    if tag != "center" and not el.keys():
        return  # nothing to strip, and no alignment to carry (only <center> aligns by its name)
    keep = ALLOWED_ATTRS.get(tag, ())
    align = align_of(el) if tag in ALIGNABLE else None
    lang = el.get("data-ke-language") if tag == "pre" else None
    for name in list(el.attrib):
        if name not in keep or name == "style":
            del el.attrib[name]
    if align and align != "left":
        el.set("style", f"text-align:{align}")
    elif align == "left" and tag in ("div", "center", "p"):
        el.set("style", "text-align:left")  # explicit left overrides a centred wrapper; dropped later
    if lang and lang.strip() and re.fullmatch(r"[\w+#.-]{1,30}", lang.strip()):
        el.set("data-ke-language", lang.strip().lower())
    if el.get("type") is not None and el.get("type") not in ("1", "a", "A", "i", "I"):
        del el.attrib["type"]  # <ol type>: how the items are numbered
    for name in ("colspan", "rowspan", "start"):
        v = el.get(name)
        if v is not None and not ((v.isascii() and v.isdigit()) and 0 < int(v) < 1000):
            del el.attrib[name]
