"""The skin-independent metadata of a Tistory page: meta tags, ``window.T``, tiara, JSON-LD.

These are the first sources the extractor reads (docs/tistory-markup.md §3.1) because
every skin renders them the same way. The inline scripts are JavaScript, not JSON, but Tistory
writes the objects as JSON literals (``window.T.config = {...};``), so we cut the balanced
``{…}`` after the assignment and hand it to ``json``; anything that still fails to parse is
treated as absent (never raised).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import html as lxml_html

from tistory_migrate import jsonbound
from tistory_migrate.markup import text_of


@dataclass
class PageMeta:
    meta: dict[str, str] = field(default_factory=dict)  # property/name (lower-case) -> first content
    canonical: str | None = None
    title_tag: str | None = None
    body_id: str | None = None
    t_config: dict[str, Any] | None = None
    entry_info: dict[str, Any] | None = None
    tiara: dict[str, Any] | None = None
    json_ld: list[dict[str, Any]] = field(default_factory=list)

    def get(self, *names: str) -> str | None:
        """The first non-empty content among the meta ``names``, stripped."""
        for name in names:
            value = self.meta.get(name.lower())
            if value and value.strip():
                return value.strip()
        return None

    @property
    def blog_posting(self) -> dict[str, Any] | None:
        for item in self.json_ld:
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(k in ("BlogPosting", "Article", "NewsArticle") for k in kinds):
                return item
        return None

    @property
    def txid(self) -> tuple[str | None, str | None]:
        """(blog id, post id) from ``article:txid`` = ``"{blogId}_{entryId}"``."""
        value = self.get("article:txid")
        m = re.fullmatch(r"([0-9]+)_([0-9]+)", value or "")
        return (m.group(1), m.group(2)) if m else (None, None)


def _balanced_object(text: str, start: int) -> str | None:
    """The ``{…}`` literal starting at ``text[start]``, honouring strings and escapes."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    quote: str | None = None
    i = start
    n = len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
        i += 1
    return None


def js_object(script_text: str, assignment: str) -> dict[str, Any] | None:
    """Parse ``<assignment> = {...}`` out of inline JavaScript, e.g. ``window.T.entryInfo``.

    ``null`` or a non-JSON literal gives None.
    """
    pattern = _assignment_pattern(assignment)
    for m in pattern.finditer(script_text):
        # Fast path: json's C scanner reads the literal in place. For valid JSON it ends exactly
        # where the balanced-brace scan below would, so the result is the same dict.
        if script_text.startswith("{", m.end()):
            try:
                value = jsonbound.raw_decode(script_text, m.end())[0]
            except ValueError:
                pass
            else:
                if isinstance(value, dict):
                    return value
                continue
        literal = _balanced_object(script_text, m.end())
        if literal is None:
            continue
        try:
            value = jsonbound.loads(literal)  # a page's script: bounded (a JsonRefused is a ValueError)
        except jsonbound.JsonRefused:
            continue
        except ValueError:
            # Tolerate the one JS-ism seen in hand-edited skins: trailing commas.
            try:
                value = jsonbound.loads(re.sub(r",\s*([}\]])", r"\1", literal))
            except ValueError:
                continue
        if isinstance(value, dict):
            return value
    return None




@lru_cache(maxsize=16)
def _assignment_pattern(assignment: str) -> re.Pattern[str]:
    # "T.config = " with or without "window." before it: only the match's end is used, and an
    # optional prefix would cost the regex its literal-prefix search (10x slower on a miss).
    return re.compile(re.escape(assignment.removeprefix("window.")) + r"\s*=\s*")


def read_meta(doc: lxml_html.HtmlElement) -> PageMeta:
    """Collect every metadata source of a parsed page (one pass over the tags that matter)."""
    pm = PageMeta()
    title = body = None
    scripts = []
    for el in doc.iter("meta", "link", "title", "body", "script"):
        tag = el.tag
        if tag == "meta":
            key = el.get("property") or el.get("name")
            content = el.get("content")
            if key and content is not None:
                pm.meta.setdefault(key.strip().lower(), content)
        elif tag == "link":
            if pm.canonical is None and (el.get("rel") or "").lower() == "canonical" and el.get("href"):
                pm.canonical = el.get("href").strip()
        elif tag == "script":
            kind = (el.get("type") or "").lower()
            text = el.text or ""
            if kind == "application/ld+json":
                pm.json_ld.extend(_json_ld(text))
            elif text and ("T.config" in text or "T.entryInfo" in text or "tiara" in text):
                scripts.append(text)
        elif tag == "title":
            title = el if title is None else title
        elif body is None:
            body = el
    if title is not None:
        text = text_of(title).strip()
        if text:
            pm.title_tag = text
    if body is not None:
        pm.body_id = body.get("id")
    blob = "\n".join(scripts)
    if blob:
        pm.t_config = js_object(blob, "window.T.config")
        pm.entry_info = js_object(blob, "window.T.entryInfo")
        pm.tiara = js_object(blob, "window.tiara")
    return pm


def _json_ld(text: str) -> list[dict[str, Any]]:
    try:
        data = jsonbound.loads(text.strip())
    except ValueError:
        return []
    items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
    return [item for item in items if isinstance(item, dict)]


# Raw-text markers that a page was served by Tistory, for custom domains (markup doc §1).
_TISTORY_MARKERS = re.compile(
    r"window\.T\.config|T\.entryInfo|article:txid|tistory_admin|/tiara/|window\.tiara"
    r"|<meta[^>]+name=[\"']generator[\"'][^>]+TISTORY|<generator>TISTORY",
    re.I,
)


def is_tistory(html_text: str) -> bool:
    """True when the page carries Tistory's platform markers (works for custom domains)."""
    return bool(html_text) and bool(_TISTORY_MARKERS.search(html_text))
