"""Step 4 of ``html.normalize_tree``: block structure. A container's children are rebuilt as a
flat run of blocks: loose inline runs wrapped in paragraphs, wrapper boxes (div soup, HTML5
sections) unwrapped with their alignment handed to the paragraphs they leave, paragraphs split
around the blocks they (invalidly) hold, stray list and table parts kept as text.
"""

from __future__ import annotations

from lxml import etree

from tistory_migrate.markup import drop_tag, tag_of
from tistory_migrate.normalize.vocabulary import ALIGN_STYLE, KEEP_BLOCKS, PARA, UNWRAP_BLOCKS

Element = etree.Element


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
            if item.get("data-tm-image") is not None or item.get("data-tm-embed") is not None \
                    or (item.get("data-tm-attachment") is not None and tag != "a"):  # an <a> marker is inline
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
    m = ALIGN_STYLE.search(style)
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
    """Rebuild ``container``'s children as blocks (``top``: the body itself, where loose text
    always becomes paragraphs; inside a cell, item or quote it stays inline unless a block is
    there too)."""
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
        for cell in own_cells(block):
            structure(cell, top=False)


def own_cells(table) -> list:
    """The cells of ``table`` itself, not those of a table nested in one of them (those are
    structured when their own table is: walking every descendant cell from every table made
    nested tables cost 2^depth)."""
    cells = []
    stack = list(reversed(table))
    while stack:
        el = stack.pop()
        tag = tag_of(el)
        if tag in ("td", "th"):
            cells.append(el)
        elif tag != "table":
            stack.extend(reversed(el))
    return cells
