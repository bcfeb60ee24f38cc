"""Lists, code and headings as the paragraphs SmartEditor ONE keeps (docs/naver-paste.md §1.2, §7).

The editor flattens a pasted nested ``<ul>``, strips ``padding-left`` and cannot make a code
block or a 소제목 from a paste, so ``body.to_paste_html`` reshapes its converted tree here,
before the blocks are serialized:

* a heading becomes sized bold text (``<p><span style="font-size:24px"><strong>…``), then a
  blank paragraph so the size does not bleed into the next one (``naver.heading_spacer``);
* a list becomes marker paragraphs: ``•``, ``◦``, ``▪`` (``▪`` again deeper), or the item's
  number per level (``1.``, ``a.``, ``i.`` as ``type`` says, from ``start``, restarting per
  list), with six no-break spaces of indentation per level. A flat list stays a real
  ``<ul>``/``<ol>`` only when a paste probe on the person's account showed lists survive;
* code becomes one paragraph per line, its leading spaces (a tab is four) as no-break spaces
  and its blank lines as empty paragraphs, unless a probe showed ``<pre>`` arriving as a code
  component.

Pure: lxml elements in, elements out.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

NBSP = "\u00a0"
INDENT = NBSP * 6  # one list level (what the measured converters use)
TAB = NBSP * 4
BULLETS = ("•", "◦", "▪")  # level 1, 2, 3 and deeper
HEADING_PX = {"h2": 24, "h3": 19}
LIST_BLOCKS = {"p", "h2", "h3", "blockquote", "table", "hr", "pre"}


@dataclass(frozen=True)
class PasteChoices:
    """How the elements whose fate depends on the editor are written (``probe`` results)."""

    native_lists: bool = False  # flat lists as <ul>/<ol> (a probe showed se-text-list)
    keep_pre: bool = False  # code as <pre> (a probe showed se-code)
    heading_spacer: bool = True  # a blank paragraph after each heading
    bare_link_cards: bool = False  # link cards as a bare address line (a probe showed se-oglink from one)
    merged_cells_lost: bool = False  # a probe showed colspan/rowspan lost: say so in NOTES.md


def reshape(root, choices: PasteChoices) -> None:
    """Headings, lists and code of the converted tree ``root`` in their paste shape, in place."""
    for lst in [el for el in root.iter("ul", "ol") if not _in_list(el)]:
        if choices.native_lists and next(_nested(lst), None) is None:
            continue
        _replace(lst, list_paragraphs(lst, 0))
    if not choices.keep_pre:
        for pre in list(root.iter("pre")):
            _replace(pre, code_paragraphs(pre.text or ""))
    for h in list(root.iter("h2", "h3")):
        parent = h.getparent()
        p = heading_paragraph(h)
        nxt = h.getnext()
        _replace(h, [p])
        if choices.heading_spacer and parent is root and nxt is not None and not _is_spacer(nxt):
            p.addnext(spacer())


def spacer():
    p = etree.Element("p")
    etree.SubElement(p, "br")
    return p


def _is_spacer(el) -> bool:
    return el.tag == "p" and not (el.text or "").strip() and len(el) == 1 and el[0].tag == "br" \
        and not (el[0].tail or "").strip()


def _in_list(el) -> bool:
    return any(a.tag in ("ul", "ol") for a in el.iterancestors())


def _nested(lst):
    return (d for d in lst.iterdescendants("ul", "ol"))


def _replace(el, new: list) -> None:
    """Put ``new`` where ``el`` is (its tail after the last one)."""
    parent = el.getparent()
    tail = el.tail
    for item in new:
        el.addprevious(item)
    if new:
        new[-1].tail = ((new[-1].tail or "") + tail) if tail else new[-1].tail
    elif tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def heading_paragraph(h):
    """``<p><span style="font-size:NNpx"><strong>…</strong></span></p>`` with the heading's
    alignment and content."""
    p = etree.Element("p")
    if h.get("style"):
        p.set("style", h.get("style"))
    span = etree.SubElement(p, "span", style=f"font-size:{HEADING_PX.get(h.tag, 19)}px")
    strong = etree.SubElement(span, "strong")
    strong.text = h.text
    for child in list(h):
        strong.append(child)
    return p


def list_label(n: int, kind: str | None) -> str:
    """The number of item ``n`` as an ``<ol type>`` writes it ("1", "a", "A", "i", "I")."""
    if kind in ("a", "A") and n > 0:
        s = ""
        while n:
            n, r = divmod(n - 1, 26)
            s = chr(ord("a") + r) + s
        return s.upper() if kind == "A" else s
    if kind in ("i", "I") and 0 < n < 4000:
        out = ""
        for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                               (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            while n >= value:
                out += letters
                n -= value
        return out.upper() if kind == "I" else out
    return str(n)


def _start(lst) -> int:
    v = (lst.get("start") or "").strip()
    return int(v) if v.isdigit() and int(v) < 10**6 else 1


def list_paragraphs(lst, level: int) -> list:
    """One marker paragraph per item (and per paragraph inside an item), nested lists one
    level deeper; other blocks inside an item (a table, a quote) kept as they are."""
    out: list = []
    ordered = lst.tag == "ol"
    n = _start(lst)
    kind = lst.get("type")
    pad = INDENT * level
    for li in (c for c in lst if c.tag == "li"):
        if ordered:
            marker = list_label(n, kind) + "."
            n += 1
        else:
            marker = BULLETS[min(level, len(BULLETS) - 1)]
        first = etree.Element("p")
        first.text = f"{pad}{marker} "
        out.append(first)
        current = first
        bare = True  # ``first`` holds only its marker so far

        lead = (li.text or "").lstrip(" \t\r\n")
        if lead:
            text_into(first, lead)
            bare = False
        for child in list(li):
            tail = child.tail
            child.tail = None
            if child.tag in ("ul", "ol"):
                out.extend(list_paragraphs(child, level + 1))
                current = None
            elif child.tag == "p" and current is first and bare:
                text_into(first, (child.text or "").lstrip(" "))
                for c in list(child):
                    first.append(c)
                bare = False
            elif child.tag == "p":
                p = etree.Element("p")
                p.text = INDENT * (level + 1) + (child.text or "").lstrip(" ")
                for c in list(child):
                    p.append(c)
                out.append(p)
                current = None
            elif child.tag in LIST_BLOCKS:
                out.append(child)
                current = None
            else:
                if current is None:
                    current = etree.Element("p")
                    current.text = INDENT * (level + 1)
                    out.append(current)
                current.append(child)
                bare = False
            if tail and tail.strip(" \t\r\n"):
                if current is None:
                    current = etree.Element("p")
                    current.text = INDENT * (level + 1)
                    out.append(current)
                text_into(current, tail if current is not first or not bare else tail.lstrip())
                bare = False
    return out


def text_into(p, text: str | None) -> None:
    if not text:
        return
    if len(p):
        p[-1].tail = (p[-1].tail or "") + text
    else:
        p.text = (p.text or "") + text


def code_line(line: str) -> str:
    """A code line whose spaces survive an editor that collapses them: tabs as four no-break
    spaces, leading spaces and runs of two or more as no-break spaces."""
    line = line.replace("\t", TAB)
    body = line.lstrip(" ")
    out = NBSP * (len(line) - len(body))
    run = 0
    for ch in body:
        if ch == " ":
            run += 1
            continue
        if run:
            out += " " if run == 1 else NBSP * run
            run = 0
        out += ch
    return out  # trailing spaces show nothing: dropped


def code_paragraphs(text: str) -> list:
    """One paragraph per line of ``text``; a blank line is an empty paragraph."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    out = []
    for line in lines:
        if not line.strip():
            out.append(spacer())
            continue
        p = etree.Element("p")
        p.text = code_line(line)
        out.append(p)
    return out
