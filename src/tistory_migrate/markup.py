"""The lxml helpers every parser shares (the role of gallery-dl's ``text.py``): parsing a page
without ever raising or losing what a browser shows (below), the text, class tokens and tag of
an element, the two tree edits that keep the text around an element (unwrap it, remove it), and
the XPath building blocks the selectors are written with. Kernel (docs/design.md): it imports
only lxml, html5lib (loaded where it is needed) and the standard library, so every layer may
use it.

Deep markup: libxml2 stops at nesting depth 256 (2048 with ``huge_tree``) and drops everything
after that point; an old-editor body with a ``<span>`` left open in every paragraph nests one
level deeper per paragraph. Every parse here uses ``huge_tree`` and reads the parser's error
log: when libxml2 still stopped early (deeper than 2048), the text is parsed again with the
elements deeper than ``FALLBACK_DEPTH`` left out (``capped``: text and pictures kept, as
browsers stop nesting at 512); ``last_parse_fell_back()`` tells the caller (this thread).
``html5_serialized`` reads a body the way browsers do (html5lib), for the normalizer's bodies
nested past what its steps walk; ``flatten_below`` unwraps what is deeper than a limit.

These run once per element of every page and body, so each is written for speed; the comments
say what a simpler spelling would cost.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml import html as lxml_html

# The plain libxml2 HTML parser (same options as lxml.html's): lxml.html's parser builds every
# element proxy through a Python class lookup, which made parsing about twice as slow. One of
# each per thread: a parser's error log is its own, and pages are parsed in worker threads.
_LOCAL = threading.local()
# Browsers (Chromium) stop nesting at depth 512: deeper elements become siblings there.
FALLBACK_DEPTH = 512
# libxml2's "Excessive depth in document" (and any other limit that stops the parse early).
_STOPPED = frozenset({"ERR_RESOURCE_LIMIT", "ERR_INTERNAL_ERROR", "ERR_NO_MEMORY"})
# lxml.html's text_content() is exactly this XPath, and it works on plain elements too. It is
# several times faster than joining itertext(); plain strings, not "smart" ones that keep the
# whole tree alive through a reference to their element.
_STRING = etree.XPath("string()", smart_strings=False)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


# --- parsing ------------------------------------------------------------------------------------


def parse_document(text: str) -> lxml_html.HtmlElement | None:
    """The page as an lxml.html document; None for empty or unparseable input (never raises)."""
    return _document(text, _html_fromstring)


def parse_plain_document(text: str) -> etree._Element | None:
    """Like ``parse_document`` with plain lxml elements (xpath, get, iter; no ``text_content``),
    for the parsers that only need those: about twice as fast."""
    return _document(text, _plain_fromstring)


def _document(text: str, parse: Any) -> Any:
    _LOCAL.fell_back = False
    if not text or not text.strip():
        return None
    try:
        return parse(text)
    except ValueError:  # a str that still carries an XML encoding declaration
        try:
            return parse(_XML_DECLARATION.sub("", text))
        except (ValueError, etree.ParserError):
            return None
    except etree.ParserError:
        return None


def parse_fragment(text: str) -> lxml_html.HtmlElement:
    """An HTML fragment under one ``<div>`` (``lxml.html.fragment_fromstring(text,
    create_parent="div")``), parsed as ``parse_document`` parses: nothing lost to depth."""
    doc = _document(f"<html><body>{text}</body></html>", _html_fromstring) if text.strip() else None
    body = doc.find("body") if doc is not None else None
    if body is None:
        return lxml_html.Element("div")
    body.tag = "div"
    body.attrib.clear()
    return body


def _parser(kind: str) -> Any:
    parser = getattr(_LOCAL, kind, None)
    if parser is None:
        parser = (lxml_html.HTMLParser if kind == "html" else etree.HTMLParser)(huge_tree=True)
        setattr(_LOCAL, kind, parser)
    return parser


def _plain_fromstring(text: str) -> etree._Element:
    # what lxml.html.document_fromstring does, without the HtmlElement class lookup
    return parse_checked(text, "plain")


def _html_fromstring(text: str) -> lxml_html.HtmlElement:
    return parse_checked(text, "html")


def parse_checked(text: str, kind: str = "plain") -> Any:
    """``text`` parsed by libxml2 (``kind`` "plain": plain elements, "html": lxml.html's) with
    its error log read: a parse that stopped early is done again on ``capped(text)``."""
    _LOCAL.fell_back = False
    parser = _parser(kind)
    doc = etree.fromstring(text, parser)
    log = parser.error_log
    _LOCAL.errors = len(log)
    if log and any(e.type_name in _STOPPED for e in log):
        doc = etree.fromstring(capped(text, FALLBACK_DEPTH), parser)
        _LOCAL.fell_back = True
    if doc is None:
        raise etree.ParserError("Document is empty")
    return doc


def last_parse_fell_back() -> bool:
    """True when this thread's last parse here had to be redone (libxml2 had stopped early)."""
    return bool(getattr(_LOCAL, "fell_back", False))


def last_parse_errors() -> int:
    """How many errors libxml2 logged in this thread's last ``parse_checked`` (none for almost
    every body: libxml2 2.14 reads HTML5 tags without complaint)."""
    return int(getattr(_LOCAL, "errors", 0))


def html5_serialized(text: str) -> str:
    """``text`` parsed the way browsers do (html5lib: an unclosed ``<span>`` ends at the next
    ``<p>``), on ``capped(text, HTML5_DEPTH)`` (html5lib's scope checks cost the depth of open
    elements per tag), and serialized again: markup libxml2 reads back in that shape."""
    import html5lib  # only here: a few bodies in a thousand blogs need it, and it loads slowly

    doc = html5lib.parse(capped(text, HTML5_DEPTH), treebuilder="lxml", namespaceHTMLElements=False)
    root = doc.getroot()
    head = "".join(etree.tostring(p, method="html", encoding="unicode", with_tail=False)
                   for p in root.itersiblings(preceding=True) if not isinstance(p.tag, str))
    return head + etree.tostring(root, method="html", encoding="unicode")


HTML5_DEPTH = 256
# One token of markup: what is opaque (comments, scripts, styles, textareas), or a tag.
_TOKEN = re.compile(r"<!--.*?(?:-->|$)|<(script|style|textarea|title|xmp)\b.*?(?:</\1\s*>|$)"
                    r"|<(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S | re.I)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "keygen", "frame", "basefont", "isindex"})
# Tags whose end tag may be left out: an open one is closed by the parser, so it is no depth.
_OPTIONAL_END = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp",
                           "thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body"})


def capped(text: str, limit: int) -> str:
    """``text`` with every start tag that would open an element more than ``limit`` levels
    deep left out, and its end tag with it: the text, void elements (pictures, line breaks) and
    everything else stay in order. The depth is counted on the tags as written (optional end
    tags not counted), in one pass: the parser gets markup it can read whole."""
    out: list[str] = []
    depth = 0
    dropped: dict[str, int] = {}
    last = 0
    for m in _TOKEN.finditer(text):
        name = m.group(3)
        if name is None:
            continue  # opaque: copied as it is
        name = name.lower()
        if name in _VOID or name in _OPTIONAL_END:
            continue
        if m.group(2):  # an end tag
            if dropped.get(name):
                dropped[name] -= 1
                out.append(text[last:m.start()])
                last = m.end()
            elif depth:
                depth -= 1
        elif not m.group(4).rstrip().endswith("/"):
            if depth >= limit:
                dropped[name] = dropped.get(name, 0) + 1
                out.append(text[last:m.start()])
                last = m.end()
            else:
                depth += 1
    out.append(text[last:])
    return "".join(out)


# Elements whose end makes a line: a flattened one leaves a <br> in its place.
_LINE_TAGS = frozenset({"p", "div", "li", "tr", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                        "pre", "ul", "ol", "dl", "dt", "dd", "section", "article", "figure", "td", "th"})


def deeper_than(root: Any, limit: int) -> bool:
    """True when an element sits more than ``limit`` levels under ``root``: one XPath step per
    level, each over the elements of that level (linear, in C; a walk in Python cost 5x)."""
    return bool(_below(limit)(root))


@lru_cache(maxsize=8)
def _below(limit: int) -> etree.XPath:
    return etree.XPath("boolean(" + "/".join(["*"] * (limit + 1)) + ")")


def flatten_below(root: Any, limit: int) -> int:
    """Unwrap every element nested more than ``limit`` levels under ``root``: their text, and
    the elements that hold no other element (pictures, links, line breaks), move up to the
    element at depth ``limit``, in order; a line-making element leaves a ``<br>``. One pass,
    no recursion, linear in the size of the tree. Returns the number of elements unwrapped."""
    boundary = []
    depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == limit + 1 and len(el):
                boundary.append(el)
        else:
            depth -= 1
    removed = 0
    for top in boundary:
        items: list = []
        for event, el in etree.iterwalk(top, events=("start", "end")):
            if el is top:
                if event == "start" and el.text:
                    items.append(el.text)
                continue
            if event == "start":
                if len(el) == 0:
                    items.append(el)  # a leaf keeps its tag, attributes and text
                else:
                    removed += 1
                    if items and isinstance(el.tag, str) and el.tag in _LINE_TAGS:
                        items.append(etree.Element("br"))
                    if el.text:
                        items.append(el.text)
            else:
                if len(el) and isinstance(el.tag, str) and el.tag in _LINE_TAGS:
                    items.append(etree.Element("br"))
                if el.tail:
                    items.append(el.tail)
        for child in list(top):
            top.remove(child)
        top.text = None
        last = None
        for item in items:
            if isinstance(item, str):
                if last is None:
                    top.text = (top.text or "") + item
                else:
                    last.tail = (last.tail or "") + item
            else:
                item.tail = None
                top.append(item)
                last = item
    return removed


# --- reading an element -------------------------------------------------------------------------


def text_of(el: Any) -> str:
    """All text inside ``el``, as written (lxml.html's ``text_content`` for plain elements too)."""
    return _STRING(el)


def squeezed_text(node: Any) -> str:
    """The text of an element, or an XPath string result, with each whitespace run made one
    space and the ends trimmed: how a title, a name or a caption reads."""
    if isinstance(node, etree._Element):
        # Without children the text is the element's own: no XPath evaluation (the usual
        # caption line, name or title).
        value = (node.text or "") if not len(node) else _STRING(node)
    else:
        value = str(node)
    return " ".join(value.split())


def classes(el: Any) -> set[str]:
    """The tokens of the element's ``class`` attribute."""
    c = el.get("class")
    return set(c.split()) if c else set()


def tag_of(el: Any) -> str:
    """The element's tag name; "" for comments and processing instructions (their tag is a
    function). libxml2's HTML parser has already lower-cased every name."""
    tag = el.tag
    return tag if isinstance(tag, str) else ""


def positive_int(value: Any) -> int | None:
    """A size given as an attribute ("1576", " 80 "): junk ("NaN", "100%", "0", "-1", "²") is None."""
    if value is None:
        return None  # the usual case; int(str(None)) would raise (slow) to say the same
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        return None  # "²", "①", "٣": other Unicode digits are no size (int() reads some of them)
    n = int(text)
    return n if n > 0 else None


# --- editing the tree ---------------------------------------------------------------------------


def remove_keep_tail(el: Any) -> None:
    """Remove ``el`` and its subtree, keeping its tail text (the text after it)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def drop_tag(el: Any) -> None:
    """Replace ``el`` by its children and text (lxml.html's drop_tag for plain elements too)."""
    parent = el.getparent()
    previous = el.getprevious()
    if el.text:
        if previous is None:
            parent.text = (parent.text or "") + el.text
        else:
            previous.tail = (previous.tail or "") + el.text
    if el.tail:
        if len(el):
            el[-1].tail = (el[-1].tail or "") + el.tail
        elif previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    index = parent.index(el)
    parent[index : index + 1] = el[:]


# --- XPath building blocks ----------------------------------------------------------------------
# XPath, not CSS: lxml's CSS support needs the extra ``cssselect`` package, and XPath lets one
# expression say "class token" precisely (``cls("date")`` never matches ``class="update"``).


@lru_cache(maxsize=256)
def compiled(expr: str) -> etree.XPath:
    """The selector compiled once: ``el.xpath(str)`` recompiles the expression on every call,
    which cost as much as evaluating it."""
    return etree.XPath(expr)


def cls(name: str) -> str:
    """XPath predicate: the element's class list contains the token ``name``.

    The plain substring test first: a token is always a substring, and ``and`` stops there for
    almost every element, so the costly normalize-space/concat runs only on near matches.
    """
    return f"(contains(@class, '{name}') and contains(concat(' ', normalize-space(@class), ' '), ' {name} '))"
