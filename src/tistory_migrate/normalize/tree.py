"""Parse a body once and strip the platform's chrome: the shared first steps of
``find_media`` and ``normalize_body`` (so both see exactly the same content).

Selectors are data, grouped by where they come from (docs/tistory-markup.md §5.5). Matching
is by tag/class/attribute sets in one pass over the tree: XPath per selector would walk the
tree once per row.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

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
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# C0 controls other than tab/newline/CR (a vertical tab pasted from Word, a NUL from a broken
# export): no meaning in HTML, and lxml refuses text that holds them.
_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


def preclean(raw: str) -> str:
    """String-level steps that must happen before parsing."""
    raw = raw.translate(_ZERO_WIDTH).translate(_CONTROLS)
    if "START" in raw:
        raw = _REGION.sub("", raw)
    if re.search(r"<(?:!DOCTYPE|html|head|body)[\s>]", raw, re.I):
        raw = _DOC_BITS.sub("", raw)
    return expand_placeholders(raw)


def parse_body(raw: str):
    """The body as one ``<div>`` element (lxml), chrome already stripped."""
    raw = preclean(raw or "")
    if not raw.strip():
        return lxml.html.fragment_fromstring("<div></div>")
    try:
        root = lxml.html.fragment_fromstring(raw, create_parent="div")
    except (etree.ParserError, ValueError):
        # lxml refuses str with an encoding declaration and documents of only junk
        root = lxml.html.fragment_fromstring(raw.encode("utf-8", "replace").decode("utf-8"), create_parent="div")
    if "&#" in raw:  # numeric entities can decode to the controls removed above
        for el in root.iter():
            if el.text:
                el.text = el.text.translate(_CONTROLS)
            if el.tail:
                el.tail = el.tail.translate(_CONTROLS)
            for name, value in el.attrib.items():
                if any(ord(c) < 32 for c in value):
                    el.set(name, value.translate(_CONTROLS))
    strip_chrome(root)
    return root


def classes(el) -> set[str]:
    c = el.get("class")
    return set(c.split()) if c else set()


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


def strip_chrome(root) -> None:
    doomed = []
    for el in root.iter():
        if el is root:
            continue
        if is_chrome(el):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            _drop_keep_tail(el)


def _drop_keep_tail(el) -> None:
    parent = el.getparent()
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)
