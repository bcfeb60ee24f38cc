"""A published probe post's page -> which components SmartEditor ONE made of each element.

Pure: page text in, a ``{element: state}`` dict out. The body is ``.se-main-container``
(naver-target.md §10; the mobile page ``m.blog.naver.com/ID/LOGNO`` has it without the
``iframe#mainFrame`` of the desktop page). The components looked for are the documented ones
(``se-text-list``, ``se-quotation``, ``se-code``, ``se-table``, ``se-image``, ``se-oglink``,
``se-sectionTitle``: naver-target.md §10, naver-paste.md §0.2, §7); how a styled run is drawn
(an inline ``style`` or an ``se-fs-*`` size class) is assumed, see
fixtures/naver/probe/README.md. A page is the probe only when its body holds ``PROBE_TAG``.
Bounded: at most ``MAX_BYTES`` of text are parsed, every walk is iterative.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from tistory_migrate.errors import NothingToDo
from tistory_migrate.i18n import _
from tistory_migrate.markup import classes
from tistory_migrate.pasteprobe import ELEMENTS, FLATTENED, MISSING, PROBE_TAG, SURVIVED, TEXTS

MAX_BYTES = 8 * 1024 * 1024  # a published post page is well under 1 MB
_DARK = re.compile(r"color\s*:\s*(?:#0{3}\b|#0{6}\b|#333\b|#333333\b|black\b|rgb\(\s*0\s*,\s*0\s*,\s*0\s*\))", re.I)
_STYLED = re.compile(r"(?:^|;)\s*(?:color|background-color|font-size)\s*:", re.I)


def _has_class(el, prefix: str) -> bool:
    return any(c == prefix or c.startswith(prefix + "-") for c in classes(el))


def _is_styled(span) -> bool:
    """A colour, highlight or size on the span or an inline box around it (up to its paragraph)."""
    for el in [span, *span.iterancestors()]:
        if el.tag not in ("span", "b", "strong", "em", "i", "u", "font"):
            break
        style = el.get("style") or ""
        if _STYLED.search(style) and not _DARK.search(style):
            return True
        if any(c.startswith("se-fs-fs") and c not in ("se-fs-fs15", "se-fs-fs16") for c in classes(el)):
            return True
    return False


def read_probe_page(text: str) -> dict[str, str]:
    """``{element: survived|flattened|missing}`` for every ``ELEMENTS`` key.

    Raises ``NothingToDo`` when the page has no SmartEditor ONE body or is not the probe."""
    if len(text) > MAX_BYTES:
        raise NothingToDo(_("The page is too large to be a published probe post ({size} MB).").format(
            size=len(text) // (1024 * 1024)), hint=_("Save the published probe post's page again, or use --naver-url."))
    try:
        doc = lxml.html.document_fromstring(text or "<html></html>")
    except (etree.ParserError, ValueError):
        doc = None
    body = None
    if doc is not None:
        body = next((el for el in doc.iter() if isinstance(el.tag, str) and "se-main-container" in classes(el)), None)
    if body is None:
        raise NothingToDo(_("The page has no post written in Naver's SmartEditor ONE."),
                          hint=_("Open the published probe post at m.blog.naver.com/ID/NUMBER, save it "
                                 "(Ctrl+S, \"Webpage, HTML only\") and give that file, or use --naver-url."))
    all_text = body.text_content().replace("\u00a0", " ")  # the editor stores spaces as NBSP
    if PROBE_TAG not in all_text:
        raise NothingToDo(_("This is not the probe post (its first line says {tag}).").format(tag=PROBE_TAG),
                          hint=_("Paste posts/00-probe/ of the Naver export into a new post, publish it, "
                                 "and give its address."))
    lists, nested, merged = False, False, False
    table = quote = code = image = card = heading = styled = False
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        cls = classes(el)
        if not cls and el.tag not in ("span", "td", "th", "img", "b", "strong"):
            continue
        if "se-text-list" in cls:
            words = el.text_content()
            if TEXTS["list"][0] in words:
                lists = True  # the flat list came through as a list
            if TEXTS["nested-list"][1] in words and (
                    any("se-text-list" in classes(a) for a in el.iterancestors("ul", "ol"))
                    or any(c.endswith(("-circle", "-square")) for c in cls if c.startswith("se-text-list-type"))):
                nested = True  # the inner list kept its level
        elif "se-quotation" in cls:
            quote = True
        elif "se-code" in cls:
            code = True
        elif "se-table" in cls:
            table = True
        elif "se-image" in cls or "se-image-resource" in cls:
            image = True
        elif "se-oglink" in cls:
            card = True
        elif "se-sectionTitle" in cls:
            heading = True
        if el.tag in ("td", "th") and table and any((el.get(a) or "1").strip() not in ("", "1")
                                                   for a in ("colspan", "rowspan")):
            merged = True
        if el.tag == "span" and not styled and any(t in (el.text or "") for t in TEXTS["styles"]):
            styled = _is_styled(el)  # the probe's own styled words, not (say) a heading's big text
    found = {"list": lists, "nested-list": nested, "code": code, "quote": quote, "table-merged": merged,
             "styles": styled, "heading": heading, "link-card": card, "image": image}
    out: dict[str, str] = {}
    for key in ELEMENTS:
        if found[key]:
            out[key] = SURVIVED
        elif key == "image":
            out[key] = MISSING
        else:
            texts = TEXTS.get(key, ())
            out[key] = FLATTENED if texts and all(t in all_text for t in texts) else MISSING
    return out
