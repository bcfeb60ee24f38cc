"""Find the post body container and cut its HTML out of the raw page text.

Why slice raw text instead of serialising lxml's tree: authors paste whole documents into the
HTML block (``<div class="tt_article_useless_p_margin"><!DOCTYPE html><html><head>…</body>
</html></div>``, markup doc §3.3); any HTML parser rewrites or drops that structure. lxml only
gives ``sourceline`` (the line where the start tag *ends*, capped at 65535), so the start tag
is found in the raw text by matching its attributes near that line, and the end by counting
nested start/end tags of the same name (ignoring comments, scripts and styles).

The slice is checked against lxml's own text of the container; if they disagree the lxml
serialisation is used instead and the caller gets a warning.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from tistory_migrate.extract.selectors import BODY_CONTAINERS, CHROME_START_MARKERS, Container
from tistory_migrate.i18n import Message, msg
from tistory_migrate.markup import compiled

_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_SKIP = r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<textarea\b.*?</textarea\s*>"
_TEXT_DROP = re.compile(_SKIP + r"|<[^>]*>", re.S | re.I)


@dataclass
class BodySlice:
    html: str
    container: str  # Container.name that matched
    method: str  # "raw" (sliced from the page text) or "lxml" (fallback serialisation)
    warnings: list[Message]


def find_container(doc: lxml_html.HtmlElement) -> tuple[Container, lxml_html.HtmlElement] | None:
    for container in BODY_CONTAINERS:
        found = compiled(container.xpath)(doc)
        if found:
            return container, found[0]
    return None


def _start_tag_pattern(tag: str) -> re.Pattern[str]:
    return re.compile(rf"""<{re.escape(tag)}\b((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.I)


def _attrs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        name = m.group(1).lower()
        value = next((g for g in m.groups()[1:] if g is not None), "")
        out.setdefault(name, html_lib.unescape(value))
    return out


def _same_attrs(raw: str, el: lxml_html.HtmlElement, keys: tuple[str, ...] | None = None) -> bool:
    want = {k.lower(): v for k, v in el.attrib.items()}
    got = _attrs(raw.rstrip("/"))
    if keys is not None:  # loose mode: libxml2 may rewrite odd attributes (no value, bad quotes)
        return all(got.get(k) == want.get(k) for k in keys)
    return got == want


def locate_start(text: str, el: lxml_html.HtmlElement) -> tuple[int, int] | None:
    """(start, end) offsets of ``el``'s start tag in ``text``."""
    pattern = _start_tag_pattern(el.tag)
    line = el.sourceline or 0
    matches = list(pattern.finditer(text))
    # Cheap pre-filter before parsing each start tag's attributes (a page has hundreds of
    # <div>s): a tag whose attributes equal el's holds el's id/class value verbatim, unless it
    # spells it with character references, so tags with a "&" always get the full check.
    needle = el.get("id") or el.get("class") or ""
    if needle and "&" not in needle:
        matches = [m for m in matches if needle in m.group(1) or "&" in m.group(1)]
    candidates = [m for m in matches if _same_attrs(m.group(1), el)]
    if not candidates:
        candidates = [m for m in matches if _same_attrs(m.group(1), el, ("id", "class"))]
    if not candidates:
        return None
    if 0 < line < 65535:  # libxml2 caps sourceline at 65535
        # line of the tag's end = newlines before its last character + 1 (counted in C)
        on_line = [m for m in candidates if text.count("\n", 0, m.end() - 1) + 1 == line]
        if on_line:
            return on_line[0].start(), on_line[0].end()
    # Same ordinal among identical start tags as lxml has among identical elements.
    twins = [e for e in el.getroottree().iter(el.tag) if dict(e.attrib) == dict(el.attrib)]
    index = next((i for i, e in enumerate(twins) if e is el), 0)
    chosen = candidates[min(index, len(candidates) - 1)]
    return chosen.start(), chosen.end()


def match_end(text: str, tag: str, after: int) -> int | None:
    """Offset of the end tag matching a ``<tag>`` whose start tag ends at ``after``."""
    token = re.compile(_SKIP + rf"|<(/?){re.escape(tag)}\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S | re.I)
    depth = 1
    for m in token.finditer(text, after):
        if m.group(1) is None:
            continue  # comment, script or style: opaque
        if m.group(1) == "/":
            depth -= 1
            if depth == 0:
                return m.start()
        elif not m.group(2).rstrip().endswith("/"):
            depth += 1
    return None


def visible_text(fragment: str) -> str:
    """Whitespace-collapsed text of an HTML fragment, without scripts, styles and comments."""
    return " ".join(html_lib.unescape(_TEXT_DROP.sub(" ", fragment)).split())


def _collapsed_len(text: str) -> int:
    return len(" ".join(text.split()))


def element_text_length(el: lxml_html.HtmlElement) -> int:
    """Length of ``el``'s collapsed text without scripts/styles (what ``visible_text`` keeps).

    Serialising with ``method="text"`` in C and subtracting script/style text is ~10x faster
    than an XPath over text nodes; an approximate length is all the check needs.
    """
    total = _collapsed_len(etree.tostring(el, method="text", encoding="unicode", with_tail=False))
    for skipped in el.iter("script", "style", "textarea"):
        total -= _collapsed_len(etree.tostring(skipped, method="text", encoding="unicode", with_tail=False))
    return max(total, 0)


def _trim_chrome(fragment: str) -> tuple[str, bool]:
    """Cut a wide container (#article-view) where the platform chrome begins."""
    cut = len(fragment)
    for marker in CHROME_START_MARKERS:
        i = fragment.find(marker)
        if i < 0:
            continue
        if not marker.startswith("<!--"):
            i = fragment.rfind("<", 0, i)
        if 0 <= i < cut:
            cut = i
    return fragment[:cut], cut < len(fragment)


def _agrees(sliced: str, lxml_length: int) -> bool:
    a, b = len(visible_text(sliced)), lxml_length
    return abs(a - b) <= max(40, b // 10)


def slice_body(text: str, doc: lxml_html.HtmlElement) -> BodySlice | None:
    """The raw HTML inside the innermost body container, or None when no container exists."""
    found = find_container(doc)
    if found is None:
        return None
    container, el = found
    warnings: list[Message] = []
    start = locate_start(text, el)
    end = match_end(text, el.tag, start[1]) if start else None
    if start and end is not None and _agrees(text[start[1]:end], element_text_length(el)):
        inner = text[start[1]:end]
        method = "raw"
    else:
        inner = (el.text or "") + "".join(
            lxml_html.tostring(child, encoding="unicode") for child in el
        )
        method = "lxml"
        warnings.append(msg(
            "body: could not cut the raw HTML of the {container} container exactly; "
            "used the parsed copy (pasted full documents or broken markup may be altered)", container=container.name))
    if container.trim_chrome:
        inner, trimmed = _trim_chrome(inner)
    return BodySlice(inner, container.name, method, warnings)
