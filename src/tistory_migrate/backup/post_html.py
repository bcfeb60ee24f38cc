"""One post file of the official backup (``{no}/….html``) -> its fields. Pure: text in, record out.

The file is a fixed Tistory template (docs/tistory-backup.md), not a skin, so a handful of
selectors cover it. They are kept as data below, grouped by the layout generation that needs
them, so a new generation is one more entry rather than new code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html

from tistory_migrate.backup.names import nfc
from tistory_migrate.errors import BackupError
from tistory_migrate.i18n import Message, _, msg
from tistory_migrate.markup import cls, parse_document, squeezed_text
from tistory_migrate.models import category_path

KST = "+09:00"

# Selectors as data (XPath), first match with text wins.
SELECTORS: dict[str, tuple[str, ...]] = {
    # Reconstructed skeleton (article-header > h2.title-article) and the 2025 backup
    # (article-header > inner-article-header > box-meta > h2.title-article) share the class,
    # so one descendant selector serves both; <title> is the documented fallback.
    "title": (f"//h2[{cls('title-article')}]", "//head/title"),
    # box-info > p.category / p.date in both generations (nesting differs, class does not).
    "category": (f"//p[{cls('category')}]",),
    "date": (f"//p[{cls('date')}]",),
    # Present and empty on a post without tags (2025 backup), absent on some: both mean "no tags".
    "tags": (f"//div[{cls('tags')}]",),
}
# The body is the inner HTML of this container: not .article-view, which also holds the <br>
# and the tag line.
BODY_CLASS = "contents_style"

DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?", re.ASCII)  # ASCII digits only

# Tokens that matter when slicing the raw body: comments and script/style bodies may contain
# "<div" or "</div>" that are not tags, so they are matched (and skipped) first.
_TOKENS = re.compile(
    r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<(/?)div\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_BODY_START = re.compile(
    r"<div\b[^>]*\bclass\s*=\s*(?:\"[^\"]*\b" + BODY_CLASS + r"\b[^\"]*\"|'[^']*\b" + BODY_CLASS + r"\b[^']*')[^>]*>",
    re.IGNORECASE,
)


@dataclass
class BackupPage:
    title: str
    body_html: str
    published: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)


def parse_backup_html(html: str, *, file_name: str = "") -> BackupPage:
    """Fields of one backup post file. Raises ``BackupError`` when it has no post body.

    ``file_name`` (the ``.html`` name inside the post folder) is only a last-resort title: the
    docs warn that ``/ ? :`` in titles are written in unknown ways, so the HTML comes first.
    """
    if not html.strip():
        raise BackupError(msg("The backup file {name} is empty.", name=file_name or "(post)"))
    body = slice_body(html)
    if body is None:
        raise BackupError(
            msg("The backup file {name} has no post body (div.{css_class}).", name=file_name or "(post)", css_class=BODY_CLASS),
            hint=_("It may not be a Tistory backup post; it was skipped."),
        )
    # Parse the page without the body: a pasted full document inside the body (seen on real
    # pages) would otherwise let the parser close <body> early and lose the header.
    start, end = body
    doc = parse_document(html[:start] + html[end:])
    if doc is None:
        doc = lxml.html.document_fromstring("<html></html>")
    page = BackupPage(title="", body_html=html[start:end])

    page.title = _field_text(doc, "title")
    if not page.title:
        stem = re.sub(r"\.html?$", "", file_name, flags=re.IGNORECASE)
        stem = re.sub(r"^[0-9]+-", "", stem).replace("-", " ").strip()
        if not stem or (stem.isascii() and stem.isdigit()):
            raise BackupError(msg("The backup file {name} has no title.", name=file_name or "(post)"))
        page.title = stem
        page.warnings.append(msg("backup: no title in the HTML; taken from the file name"))

    date_text = _field_text(doc, "date")
    page.published = parse_kst(date_text)
    if page.published is None:
        page.warnings.append(
            msg("backup: no readable date (p.date {date})", date=repr(date_text)) if date_text else msg("backup: no date (p.date)")
        )

    page.category = category_path(_field_text(doc, "category"))  # None for "분류없음" and the like
    page.tags = split_tags(_field_text(doc, "tags"))
    return page


def parse_kst(text: str) -> str | None:
    """``YYYY-MM-DD HH:MM:SS`` (Korean wall-clock, no zone) -> ISO-8601 with ``+09:00``."""
    m = DATE_RE.search(text or "")
    if not m:
        return None
    y, mo, d, h, mi, s = m.groups()
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31 and int(h) < 24 and int(mi) < 60):
        return None
    return f"{y}-{mo}-{d}T{h}:{mi}:{s or '00'}{KST}"


def split_tags(text: str) -> list[str]:
    """``#tag1 #two word tag`` -> ``["tag1", "two word tag"]`` (tags may hold spaces)."""
    seen: list[str] = []
    for part in (text or "").split("#"):
        tag = " ".join(part.split()).strip(" ,")
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def slice_body(html: str) -> tuple[int, int] | None:
    """Offsets of the inner HTML of the first ``div.contents_style``, matched by div depth.

    Raw slicing keeps the body byte for byte (models.Post.body_raw is "exactly as sliced").
    """
    m = _BODY_START.search(html)
    if not m:
        return None
    depth = 1
    for tok in _TOKENS.finditer(html, m.end()):
        if tok.group(0).startswith("<!--") or tok.group(1) is None:
            continue
        if tok.group(1) == "/":
            depth -= 1
            if depth == 0:
                return m.end(), tok.start()
        else:
            depth += 1
    # Unbalanced (truncated file): keep everything after the start tag rather than nothing.
    return m.end(), len(html)


def _field_text(doc, key: str) -> str:
    """The text of the first ``SELECTORS[key]`` match that has any (NFC), else ""."""
    for selector in SELECTORS[key]:
        for el in doc.xpath(selector):
            text = squeezed_text(el)
            if text:
                return nfc(text)
    return ""
