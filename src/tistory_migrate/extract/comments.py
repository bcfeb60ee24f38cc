"""Pure: one answer of Tistory's comment endpoint (``/m/api/{id}/comment``, docs/naver-paste.md
§5) → :class:`CommentPage`; the ``/comment/count`` answer → a number.

The documented shape (from public code that reads it; no full sample is saved anywhere):
``{"data": {"items": [{"id", "content", "written", "writer": {"name", "homepage"},
"children": [...]}], "isLast", "nextId", "totalItems"}}``. The flags (secret, deleted, by the
blog's owner) and the time zone of ``written`` are not documented: several likely names are
read, and anything that does not match the shape is :class:`CommentShapeError`, never a guess.
Replies (``children``) are walked with a stack, never by recursion; a secret or deleted comment
is kept as a placeholder without its text.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from tistory_migrate.extract.dates import parse_kst
from tistory_migrate.extract.jsonbound import BadJson, load_bounded
from tistory_migrate.i18n import msg
from tistory_migrate.models import KST

MAX_COMMENTS_PER_PAGE = 10_000  # replies included; a page holds tens
_OFFSET = re.compile(r"(Z|[+-]\d\d:?\d\d)$", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


class CommentShapeError(ValueError):
    """Not an answer of the documented shape: ``kind`` is "html", "not-json", "too-large",
    "too-deep" or "shape"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


@dataclass
class Comment:
    """One comment as the archive keeps it (the jsonl ``comments`` entries). ``date`` is ISO 8601
    with an offset; ``text`` is plain text (None for a secret or deleted comment)."""

    id: str
    parent: str | None = None
    author: str | None = None
    homepage: str | None = None
    date: str | None = None
    text: str | None = None
    secret: bool = False
    deleted: bool = False
    owner: bool = False
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Comment":
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class CommentPage:
    comments: list[Comment]
    is_last: bool
    next_id: str | None
    total: int | None


def api_data(body: bytes, content_type: str) -> Any:
    """The ``data`` member of an ``/m/api/`` answer, within bounds; raises :class:`CommentShapeError`."""
    head = body[:512].lstrip().lower()
    if "html" in (content_type or "").lower() or head.startswith((b"<!doctype", b"<html", b"<")):
        raise CommentShapeError("html")
    try:
        doc = load_bounded(body)
    except BadJson as exc:
        raise CommentShapeError(exc.kind) from None
    if not isinstance(doc, dict) or "data" not in doc:
        raise CommentShapeError("shape")
    return doc["data"]


def _flag(item: dict, writer: dict, *names: str) -> bool:
    return any(item.get(n) is True or writer.get(n) is True for n in names)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return html.unescape(_TAG.sub("", _BR.sub("\n", value))).strip()


def comment_date(value: Any) -> tuple[str | None, str | None]:
    """``written`` as ISO 8601 with an offset, and a warning when it had none (read as KST) or
    could not be read."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10**11 else value  # epoch milliseconds or seconds
        try:
            return datetime.fromtimestamp(seconds, KST).isoformat(), None
        except (OverflowError, OSError, ValueError):
            return None, msg("comment date {value} is not a date", value=str(value)).english()
    if not isinstance(value, str) or not value.strip():
        return None, None
    text = value.strip()
    parsed = parse_kst(text)
    if parsed is None:
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            return None, msg("comment date {value} is not a date", value=text[:40]).english()
        parsed_iso = (dt if dt.tzinfo else dt.replace(tzinfo=KST)).astimezone(KST).isoformat()
    else:
        parsed_iso = parsed.iso
    if _OFFSET.search(text):
        return parsed_iso, None
    return parsed_iso, msg("comment date {value} has no time zone; read as Korean time (KST)",
                           value=text[:40]).english()


def _comment(item: Any, parent: str | None) -> Comment:
    if not isinstance(item, dict):
        raise CommentShapeError("shape")
    cid = item.get("id")
    if isinstance(cid, bool) or not isinstance(cid, (int, str)) or not str(cid).strip().isdigit():
        raise CommentShapeError("shape")
    writer = item.get("writer") if isinstance(item.get("writer"), dict) else {}
    secret = _flag(item, writer, "isSecret", "secret")
    deleted = _flag(item, writer, "isDeleted", "deleted") or str(item.get("status", "")).upper() == "DELETED"
    owner = _flag(item, writer, "isOwner", "isBlogOwner", "owner")
    name, homepage = writer.get("name"), writer.get("homepage")
    date, warning = comment_date(item.get("written"))
    c = Comment(id=str(cid).strip(), parent=parent, author=name if isinstance(name, str) else None,
                homepage=homepage if isinstance(homepage, str) and homepage.startswith(("http://", "https://")) else None,
                date=date, secret=secret, deleted=deleted, owner=owner)
    if secret or deleted:  # a placeholder: neither the words nor who wrote them
        c.author = c.homepage = None
    else:
        c.text = _text(item.get("content"))
    if warning:
        c.warnings.append(warning)
    return c


def parse_comment_page(body: bytes, content_type: str = "") -> CommentPage:
    """One page of the comment endpoint: its comments in order, each reply right after its
    parent (``parent`` = the parent's id). Raises :class:`CommentShapeError`."""
    data = api_data(body, content_type)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise CommentShapeError("shape")
    out: list[Comment] = []
    stack: list[tuple[Any, str | None]] = [(item, None) for item in reversed(data["items"])]
    while stack:
        item, parent = stack.pop()
        c = _comment(item, parent)
        out.append(c)
        if len(out) > MAX_COMMENTS_PER_PAGE:
            raise CommentShapeError("too-large")
        children = item.get("children")
        if children is not None and not isinstance(children, list):
            raise CommentShapeError("shape")
        stack.extend((child, c.id) for child in reversed(children or []))
    is_last = data.get("isLast")
    next_id = data.get("nextId")
    next_ok = isinstance(next_id, (int, str)) and not isinstance(next_id, bool) and str(next_id).isascii() and str(next_id).isdigit()
    total = data.get("totalItems")
    return CommentPage(out, is_last is True or not next_ok or not out, str(next_id) if next_ok else None,
                       total if isinstance(total, int) and not isinstance(total, bool) and total >= 0 else None)


def parse_comment_count(body: bytes, content_type: str = "") -> int:
    """The ``/comment/count`` answer: ``{"data": N}`` or ``{"data": {"count": N}}`` (assumed:
    no public code shows it). Raises :class:`CommentShapeError`."""
    data = api_data(body, content_type)
    if isinstance(data, dict):
        data = next((data[k] for k in ("count", "totalCount", "totalItems") if k in data), None)
    if isinstance(data, bool) or not isinstance(data, int) or data < 0:
        raise CommentShapeError("shape")
    return data


_PAGE_COUNT = re.compile(r'id="commentCount([0-9]{1,12})_[0-9]+"[^>]*>\s*([0-9]{1,9})\s*<')


def page_comment_count(html: str, post_id: str) -> int | None:
    """The comment count a post page shows (the skin's ``<span id="commentCount{id}_0">N</span>``,
    filled by Tistory when it renders the page), or None when the page shows none for this post."""
    if "commentCount" not in html:
        return None
    for m in _PAGE_COUNT.finditer(html):
        if m.group(1) == post_id:
            return int(m.group(2))
    return None
