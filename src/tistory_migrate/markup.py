"""The lxml helpers every parser shares (the role of gallery-dl's ``text.py``): parsing a page
without ever raising, the text, class tokens and tag of an element, the two tree edits that keep
the text around an element (unwrap it, remove it), and the XPath building blocks the selectors
are written with. Kernel (docs/design.md): it imports only lxml and the standard library, so
every layer may use it.

These run once per element of every page and body, so each is written for speed; the comments
say what a simpler spelling would cost.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml import html as lxml_html

# The plain libxml2 HTML parser (same options as lxml.html's): lxml.html's parser builds every
# element proxy through a Python class lookup, which made parsing about twice as slow.
_PLAIN_PARSER = etree.HTMLParser()
# lxml.html's text_content() is exactly this XPath, and it works on plain elements too. It is
# several times faster than joining itertext(); plain strings, not "smart" ones that keep the
# whole tree alive through a reference to their element.
_STRING = etree.XPath("string()", smart_strings=False)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


# --- parsing ------------------------------------------------------------------------------------


def parse_document(text: str) -> lxml_html.HtmlElement | None:
    """The page as an lxml.html document; None for empty or unparseable input (never raises)."""
    return _document(text, lxml_html.document_fromstring)


def parse_plain_document(text: str) -> etree._Element | None:
    """Like ``parse_document`` with plain lxml elements (xpath, get, iter; no ``text_content``),
    for the parsers that only need those: about twice as fast."""
    return _document(text, _plain_fromstring)


def _document(text: str, parse: Any) -> Any:
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


def _plain_fromstring(text: str) -> etree._Element:
    # what lxml.html.document_fromstring does, without the HtmlElement class lookup
    doc = etree.fromstring(text, _PLAIN_PARSER)
    if doc is None:
        raise etree.ParserError("Document is empty")
    return doc


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
    """A size given as an attribute ("1576", " 80 "): junk ("NaN", "100%", "0", "-1") is None."""
    if value is None:
        return None  # the usual case; int(str(None)) would raise (slow) to say the same
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
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
