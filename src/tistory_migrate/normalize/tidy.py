"""Step 5 of ``html.normalize_tree``: whitespace, empties and spacers. Text is collapsed the way
HTML rendering collapses it (never inside ``<pre>``), double escapes undone, empty inline boxes
and ad tables dropped, block edges and ``<br>`` runs trimmed, and spacer paragraphs reduced to
one visible pause. The Korean text rules themselves are in ``text``.
"""

from __future__ import annotations

from lxml import etree

from tistory_migrate.markup import drop_tag, remove_keep_tail, tag_of, text_of
from tistory_migrate.normalize.text import (
    clean_text,
    collapse,
    fix_double_escapes,
    is_blank,
    lstrip_ws,
    rstrip_end,
    rstrip_ws,
)


def tidy(root) -> None:
    """Whitespace, empties and spacers of the structured body, in place."""
    # A set of the elements themselves (not id()): lxml proxies only keep their identity while
    # referenced, and the set is what keeps them referenced.
    in_pre = set()
    for pre in root.iter("pre"):
        in_pre.update(pre.iter())
    _retext(root, in_pre, _tidy_text)
    if root.text:
        root.text = None if is_blank(root.text) else collapse(root.text)
    _drop_empty_inline(root, in_pre)  # after the entity fixes: "&amp;nbsp;" is blank only then
    _drop_empty_containers(root)
    for el in root.iter("p", "h2", "h3", "h4", "li", "td", "th", "figcaption", "blockquote"):
        _trim(el)
    for el in list(root.iter("h2", "h3", "h4")):
        if _blank_para(el):
            remove_keep_tail(el)
    # Trimming joins text nodes (a removed <br> hands its tail over): collapse once more.
    _retext(root, in_pre, collapse, tails_of_pre=False)
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
    return collapse(fix_double_escapes(clean_text(text)))


_STRUCTURAL = {"table", "thead", "tbody", "tfoot", "tr", "ul", "ol"}


def _drop_empty_containers(root) -> None:
    """Whitespace between table/list parts is not content; a table or list with no text and no
    marker left (an author's ad table whose scripts we removed) goes entirely."""
    for el in root.iter(*_STRUCTURAL):
        if is_blank(el.text):
            el.text = None
        for child in el:
            if is_blank(child.tail):
                child.tail = None
    for el in list(root.iter("table", "ul", "ol")):
        if el.getparent() is None:
            continue
        if is_blank(text_of(el)) and not list(el.iter("figure", "img", "hr")):
            remove_keep_tail(el)


def _drop_empty_inline(root, in_pre: set) -> None:
    for el in reversed(list(root.iter("strong", "em", "u", "s", "sub", "sup", "a", "code", "span"))):
        if el in in_pre:
            continue
        if len(el) == 0 and not el.text:
            remove_keep_tail(el)
        elif len(el) == 0 and is_blank(el.text) and tag_of(el) != "code":
            drop_tag(el)


def _trim(el) -> None:
    if not len(el) or next(el.iter("br"), None) is None:
        # No <br> inside (most paragraphs): the <br> rules below have nothing to act on.
        _trim_edges(el)
        return
    # leading/trailing <br> in a block that has other content
    while len(el) and tag_of(el[0]) == "br" and is_blank(el.text) and _has_other(el, el[0]):
        el.text = (el.text or "") + (el[0].tail or "")
        el.remove(el[0])
    while len(el) and tag_of(el[-1]) == "br" and is_blank(el[-1].tail) and _has_other(el, el[-1]):
        last = el[-1]
        prev = last.getprevious()
        el.remove(last)
        if prev is None:
            el.text = rstrip_ws(el.text)
    # at most two <br> in a row
    run = 0
    for child in list(el):
        if tag_of(child) == "br":
            run += 1
            if run > 2:
                remove_keep_tail(child)
                continue
            if not is_blank(child.tail):
                run = 0
        else:
            run = 0
    for br in el.iter("br"):
        br.tail = lstrip_ws(br.tail)
        prev = br.getprevious()
        if prev is not None:
            prev.tail = rstrip_ws(prev.tail)
        elif br.getparent() is not None:
            br.getparent().text = rstrip_ws(br.getparent().text)
    _trim_edges(el)


def _trim_edges(el) -> None:
    # Leading no-break spaces are the author's indent and stay; trailing ones show nothing.
    el.text = lstrip_ws(el.text)
    if len(el):
        el[-1].tail = rstrip_end(el[-1].tail)
    else:
        el.text = rstrip_end(el.text)
    if el.text == "":
        el.text = None


def _has_other(el, br) -> bool:
    if not is_blank(el.text):
        return True
    return any(c is not br and (tag_of(c) != "br" or not is_blank(c.tail)) for c in el) or any(
        not is_blank(c.tail) for c in el
    )


def _blank_para(el) -> bool:
    if not is_blank(el.text):
        return False
    for child in el:
        if tag_of(child) != "br" or not is_blank(child.tail):
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


def _is_spacer(el) -> bool:
    # (the test ``_spacers`` makes inline, for every block)
    return tag_of(el) == "p" and el.get("data-tm-attachment") is None and el.get("data-tm-embed") is None \
        and _blank_para(el)


def remove_block(el) -> None:
    """Remove a block from a tidied container, keeping the spacer rules true there (they are
    local): a pause it leaves at an edge goes, two pauses it separated become one."""
    prev, nxt = el.getprevious(), el.getnext()
    el.getparent().remove(el)
    if nxt is not None and _is_spacer(nxt) and (prev is None or _is_spacer(prev)):
        nxt.getparent().remove(nxt)
    elif prev is not None and nxt is None and _is_spacer(prev):
        prev.getparent().remove(prev)
