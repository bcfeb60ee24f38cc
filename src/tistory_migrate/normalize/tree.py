"""Parse a body once and strip the platform's chrome: the shared first steps of
``find_media`` and ``normalize_body`` (so both see exactly the same content).

Selectors are data, grouped by where they come from (docs/tistory-markup.md §5.5). Matching
is by tag/class/attribute sets in one pass over the tree: XPath per selector would walk the
tree once per row.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from lxml import etree

from tistory_migrate.markup import (deeper_than, flatten_below, html5_serialized, last_parse_errors, last_parse_fell_back,
                                   parse_checked, remove_keep_tail, text_of)
from tistory_migrate.normalize.placeholders import expand_placeholders

# --- chrome, grouped by origin -------------------------------------------------------------
CHROME_CLASSES = {
    # platform revenue blocks (<!-- System - START --> regions) and the old AdSense plugin
    "revenue_unit_wrap", "revenue_unit_item", "tt_adsense_top", "tt_adsense_middle", "tt_adsense_bottom",
    "adsbygoogle", "kakao_ad_area",
    # 공감 / share / subscribe / CCL buttons after the body
    "container_postbtn", "postbtn_like", "postbtn_ccl", "btn_subscription", "wrap_btn", "layer_post",
    # the category's other posts, skin extras, SNS plugin, business license, owner edit menu
    "another_category", "area_tag", "area_related", "area_reply", "tagTrail", "tag_content",
    "tt-plugin", "tt-share-entry-with-sns", "business_license_layer", "my_edit", "related-articles",
    # more/less toggles (content itself is kept) and old editor more-buttons
    "btn-toggle-moreless", "btn_more", "btn_less",
}  # fmt: skip
# Tags whose whole subtree is never content. `iframe` is not here: embeds read it first.
CHROME_TAGS = {
    "script", "style", "noscript", "template", "link", "meta", "title", "head", "base",
    "form", "input", "button", "select", "textarea", "option", "object", "embed", "applet",
    "svg", "math", "canvas", "audio", "dialog", "frameset", "frame",
}  # fmt: skip
CHROME_IDS = {"menubar", "tistorySnsLayer", "tistoryEtcLayer"}
# data-tistory-react-app = Comment, Namecard, Reaction, SupportButton, NaverAd: all chrome.
CHROME_ATTRS = ("data-tistory-react-app", "data-ad-unit", "data-ad-client")

# `<!-- System - START -->` … `<!-- System - END -->`, also PostListinCategory, SyntaxHighlight.
_REGION = re.compile(r"<!--\s*([\w .-]+?)\s*-\s*START\s*-->.*?<!--\s*\1\s*-\s*END\s*-->", re.S)
# A whole HTML document pasted into an HTML block: keep its body's content only.
_DOC_BITS = re.compile(
    r"<!DOCTYPE[^>]*>|<head[\s>].*?</head\s*>|</?(?:html|body)(?:\s[^>]*)?>|<\?xml[^>]*\?>", re.S | re.I
)
# Zero-width characters and BOM, and C0 controls other than tab/newline/CR (a vertical tab
# pasted from Word, a NUL from a broken export): no meaning in HTML, and lxml refuses text
# holding controls. A regex, not str.translate: translate with a dict is ~10x slower.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE_CHARS = tuple("\u200b\u200c\u200d\u2060\ufeff\x7f" + "".join(map(chr, range(0x20))).translate(
    {ord("\t"): None, ord("\n"): None, ord("\r"): None}))
# Characters XML 1.0 (and so lxml) refuses: C0 controls but tab/LF/CR, DEL, and the two
# non-characters U+FFFE/U+FFFF.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# The markup steps walk the tree to this depth at most: deeper elements are unwrapped first
# (``markup.flatten_below``: their text, pictures and links kept, in order). Real bodies stay
# far below it; a hostile one (250 nested quotes, 24 nested tables) then costs what a flat
# body of the same size costs, and no step can run out of stack.
MAX_DEPTH = 48
# ``markup.visible_length`` of the raw body against the parsed text: more missing than this
# (a share of the raw text, at least _LOSS_FLOOR characters) is text lost in parsing.
_LOSS_SHARE = 50
_LOSS_FLOOR = 40
# What the regex reading of the raw text leaves out, as the parsed text does.
_OPAQUE = re.compile(r"<!--.*?(?:-->|$)|<(script|style|textarea|title)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)


@dataclass
class ParseCheck:
    """How the body's parse went: ``fell_back`` (libxml2 stopped, html5lib read it),
    ``flattened`` (elements unwrapped below ``MAX_DEPTH``), ``lost`` (characters of the raw
    text missing from the parsed tree)."""

    fell_back: bool = False
    flattened: int = 0
    lost: int = 0


def preclean(raw: str) -> str:
    """String-level steps that must happen before parsing."""
    if _CONTROLS.search(raw):  # lxml refuses them anywhere in a tree (tails moved around, attributes)
        raw = _CONTROLS.sub("", raw)
    if any(ch in raw for ch in _INVISIBLE_CHARS):  # a substring test per character beats the
        raw = _INVISIBLE.sub("", raw)  # regex scanning a long body when there is none (usual)
    if "START" in raw:
        raw = _REGION.sub("", raw)
    if re.search(r"<(?:!DOCTYPE|html|head|body)[\s>]", raw, re.I):
        raw = _DOC_BITS.sub("", raw)
    return expand_placeholders(raw)


def parse_body(raw: str, *, own_markers: bool = False):
    """The body as one ``<div>`` element (lxml), chrome already stripped. ``data-tm-*``
    attributes are the normalizer's own markers only in its own output (``own_markers``: a
    second pass); in a scraped or backup body they are someone's imitation and are removed,
    or they would make phantom pictures and attachments."""
    return parse_body_checked(raw, own_markers=own_markers)[0]


def parse_body_checked(raw: str, *, check_loss: bool = False, own_markers: bool = False):
    """``parse_body`` and its ``ParseCheck`` (``check_loss``: also count lost characters)."""
    raw = preclean(raw or "")
    root = None
    check = ParseCheck()
    if raw.strip():
        # Same wrapping as lxml.html.fragments_fromstring: libxml2 then never invents a <p>
        # around leading text, and stray end tags cannot end our container early.
        wrapped = f"<html><body>{raw}</body></html>"
        errors = 0
        try:
            doc = parse_checked(wrapped)
            check.fell_back = last_parse_fell_back()
            errors = last_parse_errors()
            if doc is not None and not check.fell_back and deeper_than(doc, MAX_DEPTH):
                # libxml2 nests an unclosed <span> per paragraph; the HTML5 reading closes each
                # at the next <p>, as the browser showed it, and is the shape to flatten from.
                doc = parse_checked(html5_serialized(wrapped))
                check.fell_back = True
        except etree.ParserError:
            doc = None
        if doc is not None:
            root = doc.find("body")
        if check_loss and (errors or check.fell_back or root is None):
            # Only a parse libxml2 complained about can have lost text: its error log is empty
            # for almost every body, and counting the raw text costs half a parse.
            check.lost = lost_characters(raw, root)
    if root is None:
        root = etree.Element("div")
    if deeper_than(root, MAX_DEPTH):
        check.flattened = flatten_below(root, MAX_DEPTH)
    if not own_markers and MARKER_PREFIX in raw:
        strip_markers(root)
    root.tag = "div"
    root.attrib.clear()
    if "&#" in raw and _may_decode_controls(raw):  # numeric references can decode to the controls removed above
        for el in root.iter():
            if el.text:
                el.text = _CONTROLS.sub("", el.text)
            if el.tail:
                el.tail = _CONTROLS.sub("", el.tail)
            for name, value in el.attrib.items():
                if _CONTROLS.search(value):
                    el.set(name, _CONTROLS.sub("", value))
    strip_chrome(root)
    return root, check


MARKER_PREFIX = "data-tm-"


def strip_markers(root) -> None:
    """Remove every ``data-tm-*`` attribute under ``root`` (foreign imitations of ours)."""
    for el in root.iter():
        if isinstance(el.tag, str):
            for name in [n for n in el.keys() if n.lower().startswith(MARKER_PREFIX)]:
                del el.attrib[name]


def lost_characters(raw: str, root) -> int:
    """Characters of ``raw``'s visible text that the parsed ``root`` does not hold (whitespace
    not counted: the two readings separate blocks differently), when more than the slack two
    readings of odd markup differ by; else 0."""
    want = _solid_len(_unescape(_OPAQUE.sub(" ", raw)))
    if root is None:
        return want
    have = _solid_len(text_of(root))
    for skipped in root.iter("script", "style", "textarea", "title"):
        have -= _solid_len(text_of(skipped))
    missing = want - have
    return missing if missing > max(_LOSS_FLOOR, want // _LOSS_SHARE) else 0


def _solid_len(text: str) -> int:
    return len(text) - sum(map(text.count, (" ", "\n", "\t", "\r", "\xa0", "\f"))) if text else 0


def _unescape(text: str) -> str:
    return html_lib.unescape(text) if "&" in text else text


_NUMERIC_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")
_CONTROL_CODES = frozenset(ord(c) for c in map(chr, range(128)) if _CONTROLS.match(c))


def _may_decode_controls(raw: str) -> bool:
    """True when a numeric character reference in ``raw`` names a C0 control or DEL: only then
    can the parsed tree hold one (named references never do). ``&#39;`` everywhere in Tistory
    bodies would otherwise send every body through a pass over all text and attributes."""
    for m in _NUMERIC_REF.finditer(raw):
        value = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        if value in _CONTROL_CODES:
            return True
    return False


def is_chrome(el) -> bool:
    tag = el.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return True
    tag = tag.lower()
    if ":" in tag or tag in CHROME_TAGS:  # rdf:RDF, o:p … namespaced junk from Word pastes
        return tag not in ("o:p",)
    if tag == "ins" and (el.get("class") or el.attrib.keys() & {"data-ad-client", "data-ad-unit"}):
        return True
    if el.get("id") in CHROME_IDS:
        return True
    for name in CHROME_ATTRS:
        if el.get(name) is not None:
            return True
    c = el.get("class")
    return bool(c) and not CHROME_CLASSES.isdisjoint(c.split())


# Attributes that can make an element chrome (``is_chrome``); an element with none of them and
# an ordinary tag is content without asking, which keeps this pass cheap on big bodies.
_CHROME_ATTR_NAMES = frozenset({"id", "class", *CHROME_ATTRS})


def strip_chrome(root) -> None:
    doomed = []
    for el in root.iter():
        tag = el.tag
        if isinstance(tag, str):
            if el is root:
                continue
            low = tag.lower()
            if low not in CHROME_TAGS and ":" not in low and _CHROME_ATTR_NAMES.isdisjoint(el.keys()):
                continue  # is_chrome would say no: skip the full test
        if is_chrome(el):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            remove_keep_tail(el)
