"""Markup steps of ``normalize_body``: markers, embeds, links, inline cleanup, block
structure, whitespace, sanitizing. Each step is one function over the lxml tree, in the order
``normalize_tree`` calls them; the last one (nh3) is a safety net, not the cleaner.

Output shape: a flat run of blocks (p, h2-h4, ul/ol, blockquote, table, pre, hr, marker
figures) with inline strong/em/u/s/sub/sup/a/code/br inside; alignment only as
``style="text-align:…"`` (nh3's own spelling, so sanitizing changes nothing); no classes, ids, data-* (except our data-tm-* markers and
``pre[data-ke-language]`` when the author chose a language).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import urljoin, urlsplit

import nh3
from lxml import etree

from tistory_migrate.markup import classes, drop_tag, remove_keep_tail, tag_of, text_of
from tistory_migrate.models import Embed
from tistory_migrate.normalize import text as T
from tistory_migrate.normalize.embeds import embed_of
from tistory_migrate.normalize.images import MediaScan
from tistory_migrate.urls import post_link_id

Element = etree.Element

# --- notes (Korean: they go to NOTES.md for Korean users) -------------------------------------
NOTE_GRID = "사진 묶음 → 낱장 사진"
NOTE_CODE = "코드 강조 없음"
NOTE_MORE = "더보기 접기 → 펼친 글"
NOTE_NO_FILE = "첨부 파일 주소 없음 (백업에만 있음)"
NOTE_LINKED_IMAGE = "사진에 걸린 링크 제외"

# --- vocabulary ------------------------------------------------------------------------------
KEEP_BLOCKS = {"ul", "ol", "table", "pre", "hr", "blockquote"}
PARA = {"p", "h2", "h3", "h4"}
# Block-level wrappers whose content is kept and whose box is not (div soup, HTML5 sections).
UNWRAP_BLOCKS = {
    "div", "center", "section", "article", "header", "footer", "main", "aside", "nav", "dl", "dt",
    "dd", "address", "details", "summary", "fieldset", "figure", "body", "html", "hgroup", "caption",
    "colgroup", "legend", "menu", "tt-ignore",
}  # fmt: skip
INLINE_KEEP = {"strong", "em", "u", "s", "sub", "sup", "a", "code", "br", "img"}
RENAME = {"b": "strong", "i": "em", "strike": "s", "del": "s", "h1": "h2", "h5": "h4", "h6": "h4", "dfn": "em",
          "cite": "em", "var": "em", "kbd": "code", "samp": "code", "tt": "code", "mark": "strong", "ins": "u"}  # fmt: skip
ALLOWED_ATTRS = {
    "a": {"href", "data-tm-post"},
    "img": {"src", "alt"},
    "figure": {"data-tm-image"},
    "p": {"style", "data-tm-attachment", "data-tm-embed"},
    "h2": {"style"}, "h3": {"style"}, "h4": {"style"},
    "td": {"colspan", "rowspan", "style"}, "th": {"colspan", "rowspan", "style"},
    "pre": {"data-ke-language"},
    "ol": {"start"},
}  # fmt: skip
ALIGNABLE = {"p", "h2", "h3", "h4", "td", "th", "div", "center"}
NH3_TAGS = {"p", "br", "h2", "h3", "h4", "strong", "em", "u", "s", "sub", "sup", "a", "ul", "ol", "li", "blockquote",
            "table", "thead", "tbody", "tfoot", "tr", "th", "td", "pre", "code", "hr", "figure", "figcaption", "img"}  # fmt: skip
NH3_CLEAN_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "svg", "math", "textarea",
                     "select", "title", "xmp", "noembed", "noframes", "plaintext"}  # fmt: skip
# `backup:` is our pseudo-URL for pictures a backup holds (never a navigation target).
URL_SCHEMES = {"http", "https", "mailto", "backup"}
LINK_SCHEMES = ("http", "https", "mailto")

_ALIGN_STYLE = re.compile(r"text-align\s*:\s*(left|center|right|justify)", re.I)
_ALIGN_CLASS = {"alignCenter": "center", "alignRight": "right", "alignLeft": "left", "center": "center",
                "right": "right", "aligncenter": "center", "alignright": "right"}  # fmt: skip
_SPAN_STYLE = [
    (re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I), "strong"),
    (re.compile(r"font-style\s*:\s*italic", re.I), "em"),
    (re.compile(r"text-decoration[\w-]*\s*:[^;]*underline", re.I), "u"),
    (re.compile(r"text-decoration[\w-]*\s*:[^;]*line-through", re.I), "s"),
]


def _replace(old, new) -> None:
    new.tail = old.tail
    old.tail = None
    old.getparent().replace(old, new)



# === 1. markers for media =====================================================================


def image_marker(index: int, url: str, caption: str | None):
    fig = Element("figure")
    fig.set("data-tm-image", str(index))
    img = etree.SubElement(fig, "img")
    if url:
        img.set("src", url)
    img.set("alt", caption or "")
    if caption:
        cap = etree.SubElement(fig, "figcaption")
        cap.text = caption
    return fig


def attachment_marker(index: int, url: str, name: str):
    p = Element("p")
    p.set("data-tm-attachment", str(index))
    if url:
        a = etree.SubElement(p, "a")
        a.set("href", url)
        a.text = name
    else:
        p.text = name
    return p


def place_media(scan: MediaScan, notes: list[str]) -> None:
    """Swap every media element for its marker; grids become consecutive single pictures."""
    groups: dict[int, list] = {}
    for f in scan.found:
        if f.group is not None:
            groups.setdefault(id(f.group), [f.group]).append(f)
    done_groups: set[int] = set()
    for f in scan.found:
        if f.caption_el is not None:
            remove_keep_tail(f.caption_el)
        if f.kind == "attachment":
            ref = scan.attachments[f.index]
            name = ref.filename or ref.src
            if not ref.original_url and NOTE_NO_FILE not in notes:
                notes.append(NOTE_NO_FILE)
            if f.element.getparent() is not None:
                _replace(f.element, attachment_marker(f.index, ref.original_url, name))
            continue
        ref = scan.images[f.index]
        fig = image_marker(f.index, ref.original_url, ref.caption)
        if f.group is not None:
            gid = id(f.group)
            if gid in done_groups:
                continue
            done_groups.add(gid)
            members = groups[gid][1:]
            if len(members) > 1 and NOTE_GRID not in notes:
                notes.append(NOTE_GRID)
            figs = [image_marker(m.index, scan.images[m.index].original_url, scan.images[m.index].caption) for m in members]
            group = f.group
            if group.getparent() is None:
                continue
            parent = group.getparent()
            pos = parent.index(group)
            tail = group.tail
            parent.remove(group)
            for k, fg in enumerate(figs):
                parent.insert(pos + k, fg)
            figs[-1].tail = tail
            continue
        el = f.element
        if el.getparent() is None:
            continue
        if tag_of(el) == "a" and el.get("href") and el.get("data-lightbox") is None and NOTE_LINKED_IMAGE not in notes:
            notes.append(NOTE_LINKED_IMAGE)
        _replace(el, fig)


# === 2. embeds ================================================================================


def place_embeds(root, notes: list[str]) -> list[Embed]:
    embeds: list[Embed] = []
    todo = []
    for el in root.iter("figure", "iframe", "embed", "div", "p"):
        tag = el.tag
        # cheap pre-filter: most <p>/<div> are text, only a few attributes make them embeds
        if tag == "p" and el.get("data-tm-embed") is None:
            continue
        if tag == "div" and not (el.get("class") and ("tt-youtube-plugin" in el.get("class") or "map" in el.get("class"))):
            continue
        if todo and _is_inside(el, todo[-1][0]):
            continue
        found = embed_of(el, tag_of(el), classes(el))
        if found is not None:
            todo.append((el, found))
    for el, (embed, note) in todo:
        if el.getparent() is None:
            continue
        p = Element("p")
        p.set("data-tm-embed", str(len(embeds)))
        a = etree.SubElement(p, "a")
        a.set("href", embed.url)
        a.text = embed.title or embed.url
        embeds.append(embed)
        if note and note not in notes:
            notes.append(note)
        _replace(el, p)
    # Whatever frames are left (no usable src, srcdoc) carry nothing we can keep.
    for el in list(root.iter("iframe", "embed", "object", "video", "audio")):
        if el.getparent() is not None:
            remove_keep_tail(el)
    return embeds


def _is_inside(el, ancestor) -> bool:
    return any(a is ancestor for a in el.iterancestors())


# === 3. inline cleanup: names, attributes, links =============================================


def align_of(el) -> str | None:
    m = _ALIGN_STYLE.search(el.get("style") or "")
    if m:
        return m.group(1).lower()
    a = (el.get("align") or el.get("data-ke-align") or "").strip()
    if a:
        a = _ALIGN_CLASS.get(a, a.lower())
        return a if a in ("left", "center", "right", "justify") else None
    if tag_of(el) == "center":
        return "center"
    for c in classes(el):
        if c in _ALIGN_CLASS and tag_of(el) in ("div", "figure", "p"):
            return _ALIGN_CLASS[c]
    return None


def clean_inline(root, page_url: str, blog_hosts: set[str], internal: list[str], notes: list[str]) -> None:
    """Rename, unwrap and strip attributes, bottom-up so unwrapping never skips a node."""
    base_ok = page_url.startswith(("http://", "https://", "backup:"))
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
            if style and _may_style_text(style):
                for pattern, semantic in _SPAN_STYLE:
                    if pattern.search(style):
                        tag = semantic
                        break
        if tag != original:
            el.tag = tag
        if tag == "pre" and NOTE_CODE not in notes:
            notes.append(NOTE_CODE)
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
        if tag not in _KNOWN_TAGS:
            drop_tag(el)  # span, font, o:p, abbr, small…: keep the text, lose the box
            continue
        _clean_attrs(el, tag)


# Tags clean_inline keeps (as they are, or as boxes the structure step handles); others unwrap.
_KNOWN_TAGS = frozenset(INLINE_KEEP | PARA | KEEP_BLOCKS | UNWRAP_BLOCKS
                        | {"li", "tr", "td", "th", "thead", "tbody", "tfoot", "figcaption"})


def _may_style_text(style: str) -> bool:
    """False when no ``_SPAN_STYLE`` pattern can match: they all need "font-" or
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
    for name in ("colspan", "rowspan", "start"):
        v = el.get(name)
        if v is not None and not (v.isdigit() and 0 < int(v) < 1000):
            del el.attrib[name]


# === 4. block structure =======================================================================


def _children(el) -> list:
    """Children of ``el`` as a list of elements and strings (text/tails), detached."""
    items: list = []
    if el.text:
        items.append(el.text)
    el.text = None
    for child in list(el):
        tail = child.tail
        child.tail = None
        el.remove(child)
        items.append(child)
        if tail:
            items.append(tail)
    return items


def _append(el, item) -> None:
    if isinstance(item, str):
        if len(el):
            el[-1].tail = (el[-1].tail or "") + item
        else:
            el.text = (el.text or "") + item
    else:
        el.append(item)


_BLOCKISH = PARA | KEEP_BLOCKS | UNWRAP_BLOCKS | {"li", "table", "tr", "td", "th"}


def _is_block(item) -> bool:
    return not isinstance(item, str) and (tag_of(item) in _BLOCKISH or item.get("data-tm-image") is not None)


def _has_block_inside(el) -> bool:
    return any(_is_block(d) for d in el.iterdescendants())


class _Flow:
    """Rebuild a container's children as blocks: inline runs wrapped in paragraphs, wrappers
    unwrapped, paragraphs split around the blocks they (invalidly) hold."""

    def __init__(self):
        self.out: list = []  # ("block", el) | ("run", items, tag, align)
        self.run: list = []
        self.ctx = ("p", None)
        # An author's own <p>/<h*> inside a cell or list item keeps the cell in "paragraph
        # mode" even when nothing else there is a block (so a second pass decides the same).
        self.explicit = False

    def flush(self) -> None:
        if self.run:
            self.out.append(("run", self.run, *self.ctx))
            self.run = []

    def feed(self, items) -> None:
        for item in items:
            if isinstance(item, str):
                self.run.append(item)
                continue
            tag = tag_of(item)
            if item.get("data-tm-image") is not None or item.get("data-tm-attachment") is not None \
                    or item.get("data-tm-embed") is not None:
                self.flush()
                self.out.append(("block", item))
            elif tag in PARA or tag in UNWRAP_BLOCKS:
                # A paragraph/heading keeps its own tag for every piece it is split into; a
                # wrapper's loose text becomes paragraphs carrying the wrapper's alignment.
                self.flush()
                self.explicit = self.explicit or tag in PARA
                saved = self.ctx
                own = _style_align(item)
                self.ctx = (tag if tag in PARA else "p", own if own is not None else saved[1])
                self.feed(_children(item))
                self.flush()
                self.ctx = saved
            elif tag in KEEP_BLOCKS:
                self.flush()
                _structure_inside(item)
                self.out.append(("block", item))
            elif tag in ("li", "tr", "td", "th", "thead", "tbody", "tfoot", "figcaption"):
                # stray table/list parts outside their parent: keep their text as a paragraph
                self.feed(_children(item))
            elif _has_block_inside(item):
                self.feed(_children(item))  # an inline box around blocks: lose the box
            else:
                self.run.append(item)


def _style_align(el) -> str | None:
    style = el.get("style")
    if not style:
        return None  # most wrappers: no style, no regex
    m = _ALIGN_STYLE.search(style)
    return m.group(1).lower() if m else None


def _materialize(out: list, container, top: bool, explicit: bool = False) -> None:
    has_block = explicit or any(o[0] == "block" for o in out)
    if not top and not has_block:
        for _kind, items, *_ in out:
            for item in items:
                _append(container, item)
        return
    for kind, *rest in out:
        if kind == "block":
            container.append(rest[0])
            continue
        items, tag, align = rest
        if all(isinstance(i, str) and not i.strip(" \t\r\n\f") for i in items):
            continue
        p = Element(tag)
        if align and align != "left":
            p.set("style", f"text-align:{align}")
        for item in items:
            _append(p, item)
        container.append(p)


def structure(container, top: bool = True) -> None:
    flow = _Flow()
    flow.feed(_children(container))
    flow.flush()
    _materialize(flow.out, container, top, flow.explicit)


def _structure_inside(block) -> None:
    tag = tag_of(block)
    if tag == "pre":
        for el in list(block.iterdescendants()):
            if tag_of(el) not in ("code", "br"):
                drop_tag(el)  # highlight spans etc.: the text is what matters
        return
    if tag == "blockquote":
        structure(block, top=False)
    elif tag in ("ul", "ol"):
        for li in block:
            if tag_of(li) in ("ul", "ol"):
                _structure_inside(li)
            elif tag_of(li) == "li":
                structure(li, top=False)
    elif tag == "table":
        for cell in block.iter("td", "th"):
            structure(cell, top=False)


# === 5. whitespace, empties, spacers ==========================================================


def tidy(root) -> None:
    # A set of the elements themselves (not id()): lxml proxies only keep their identity while
    # referenced, and the set is what keeps them referenced.
    in_pre = set()
    for pre in root.iter("pre"):
        in_pre.update(pre.iter())
    _retext(root, in_pre, _tidy_text)
    if root.text:
        root.text = None if T.is_blank(root.text) else T.collapse(root.text)
    _drop_empty_inline(root, in_pre)  # after the entity fixes: "&amp;nbsp;" is blank only then
    _drop_empty_containers(root)
    for el in root.iter("p", "h2", "h3", "h4", "li", "td", "th", "figcaption", "blockquote"):
        _trim(el)
    for el in list(root.iter("h2", "h3", "h4")):
        if _blank_para(el):
            remove_keep_tail(el)
    # Trimming joins text nodes (a removed <br> hands its tail over): collapse once more.
    _retext(root, in_pre, T.collapse, tails_of_pre=False)
    _spacers(root)
    for el in list(root.iter("td", "th", "li", "blockquote")):
        if any(tag_of(c) == "p" for c in el):
            _spacers(el)


def _retext(root, in_pre: set, fix, tails_of_pre: bool = True) -> None:
    """``fix`` every text and tail below ``root``, except inside <pre> (text of a <pre> element
    or its descendants, tails of their children). With ``tails_of_pre=False`` the tail of an
    element inside a <pre> is left too. Writes only what changes (lxml replaces the text node
    on every assignment)."""
    if not in_pre:  # the usual body: no <pre>, no membership tests, no getparent() per node
        for el in root.iterdescendants():
            text = el.text
            if text:
                new = fix(text)
                if new != text:
                    el.text = new
            text = el.tail
            if text:
                new = fix(text)
                if new != text:
                    el.tail = new
        return
    for el in root.iterdescendants():
        inside = el in in_pre
        if el.text and not inside:
            new = fix(el.text)
            if new != el.text:
                el.text = new
        if el.tail and (tails_of_pre or not inside) and el.getparent() not in in_pre:
            new = fix(el.tail)
            if new != el.tail:
                el.tail = new


def _tidy_text(text: str) -> str:
    return T.collapse(T.fix_double_escapes(T.clean_text(text)))


_STRUCTURAL = {"table", "thead", "tbody", "tfoot", "tr", "ul", "ol"}


def _drop_empty_containers(root) -> None:
    """Whitespace between table/list parts is not content; a table or list with no text and no
    marker left (an author's ad table whose scripts we removed) goes entirely."""
    for el in root.iter(*_STRUCTURAL):
        if T.is_blank(el.text):
            el.text = None
        for child in el:
            if T.is_blank(child.tail):
                child.tail = None
    for el in list(root.iter("table", "ul", "ol")):
        if el.getparent() is None:
            continue
        if T.is_blank(text_of(el)) and not list(el.iter("figure", "img", "hr")):
            remove_keep_tail(el)


def _drop_empty_inline(root, in_pre: set) -> None:
    for el in reversed(list(root.iter("strong", "em", "u", "s", "sub", "sup", "a", "code"))):
        if el in in_pre:
            continue
        if len(el) == 0 and not el.text:
            remove_keep_tail(el)
        elif len(el) == 0 and T.is_blank(el.text) and tag_of(el) != "code":
            drop_tag(el)


def _trim(el) -> None:
    if not len(el) or next(el.iter("br"), None) is None:
        # No <br> inside (most paragraphs): the <br> rules below have nothing to act on.
        _trim_edges(el)
        return
    # leading/trailing <br> in a block that has other content
    while len(el) and tag_of(el[0]) == "br" and T.is_blank(el.text) and _has_other(el, el[0]):
        el.text = (el.text or "") + (el[0].tail or "")
        el.remove(el[0])
    while len(el) and tag_of(el[-1]) == "br" and T.is_blank(el[-1].tail) and _has_other(el, el[-1]):
        last = el[-1]
        prev = last.getprevious()
        el.remove(last)
        if prev is None:
            el.text = T.rstrip_ws(el.text)
    # at most two <br> in a row
    run = 0
    for child in list(el):
        if tag_of(child) == "br":
            run += 1
            if run > 2:
                remove_keep_tail(child)
                continue
            if not T.is_blank(child.tail):
                run = 0
        else:
            run = 0
    for br in el.iter("br"):
        br.tail = T.lstrip_ws(br.tail)
        prev = br.getprevious()
        if prev is not None:
            prev.tail = T.rstrip_ws(prev.tail)
        elif br.getparent() is not None:
            br.getparent().text = T.rstrip_ws(br.getparent().text)
    _trim_edges(el)


def _trim_edges(el) -> None:
    # Leading no-break spaces are the author's indent and stay; trailing ones show nothing.
    el.text = T.lstrip_ws(el.text)
    if len(el):
        el[-1].tail = T.rstrip_end(el[-1].tail)
    else:
        el.text = T.rstrip_end(el.text)
    if el.text == "":
        el.text = None


def _has_other(el, br) -> bool:
    if not T.is_blank(el.text):
        return True
    return any(c is not br and (tag_of(c) != "br" or not T.is_blank(c.tail)) for c in el) or any(
        not T.is_blank(c.tail) for c in el
    )


def _blank_para(el) -> bool:
    if not T.is_blank(el.text):
        return False
    for child in el:
        if tag_of(child) != "br" or not T.is_blank(child.tail):
            return False
    return True


def _spacers(root) -> None:
    """Spacer paragraphs (``<p>&nbsp;</p>``, ``<p><br></p>``): none at the start or end, one
    ``<p><br></p>`` for any run in the middle (the author's visible pause, without the gaps)."""
    blocks = list(root)
    is_spacer = [(tag_of(b) == "p" and b.get("data-tm-attachment") is None and b.get("data-tm-embed") is None
                  and _blank_para(b)) for b in blocks]  # fmt: skip
    content = [i for i, s in enumerate(is_spacer) if not s]
    first, last = (content[0], content[-1]) if content else (len(blocks), -1)
    prev_spacer = False
    for i, b in enumerate(blocks):
        if not is_spacer[i]:
            prev_spacer = False
            continue
        if i < first or i > last or prev_spacer:
            root.remove(b)
            continue
        prev_spacer = True
        for c in list(b):
            b.remove(c)
        b.text = None
        b.attrib.clear()
        etree.SubElement(b, "br")


# === 6. serialize + sanitize ==================================================================


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
    return nh3.clean(
        html,
        tags=NH3_TAGS,
        clean_content_tags=NH3_CLEAN_CONTENT,
        attributes={k: set(v) for k, v in ALLOWED_ATTRS.items()},
        link_rel=None,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


def normalize_tree(root, scan: MediaScan, *, page_url: str, blog_hosts: Collection[str]):
    """All markup steps on a parsed, chrome-free body; returns (embeds, notes, internal links)."""
    notes: list[str] = []
    internal: list[str] = []
    hosts = {h.lower().strip() for h in blog_hosts if h}
    place_media(scan, notes)
    embeds = place_embeds(root, notes)
    clean_inline(root, page_url, hosts, internal, notes)
    structure(root, top=True)
    tidy(root)
    for a in root.iter("a"):
        pid = a.get("data-tm-post")
        if pid and pid not in internal:
            internal.append(pid)
    return embeds, notes, internal
