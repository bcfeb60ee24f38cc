"""Pure: one page of Tistory's JSON post or notice list (``/m/api/entry/0/POST?page=N&size=S``,
``…/NOTICE…``; docs/naver-paste.md §5) → :class:`EntryListPage`.

Documented (from public code that reads it): ``data.items[].title`` and ``.path``; page-based
lists page with ``nextPage`` and ``page``. Assumed: ``items[].id``, ``isLast``, a total in
``totalCount``/``totalItems``. An answer that does not match is :class:`ApiShapeError`, and the
HTML lists are walked as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tistory_migrate.extract.comments import CommentShapeError, api_data
from tistory_migrate.models import PostRef

ApiShapeError = CommentShapeError  # the same kinds: html, not-json, too-large, too-deep, shape
_NUMERIC = re.compile(r"^/(?:notice/)?(\d{1,12})$")
_ENTRY = re.compile(r"^/entry/[^?#]+$")


@dataclass
class EntryListPage:
    refs: list[PostRef] = field(default_factory=list)
    next_page: int | None = None
    total: int | None = None
    items: int = 0  # items in the answer (valid or not)


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def parse_entry_list(body: bytes, content_type: str, base: str, kind: str = "post") -> EntryListPage:
    """The refs of one list page (``kind`` "post" or "notice"); raises :class:`ApiShapeError`."""
    data = api_data(body, content_type)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ApiShapeError("shape")
    out = EntryListPage(items=len(data["items"]))
    for item in data["items"]:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise ApiShapeError("shape")
        path = item["path"].strip()
        m = _NUMERIC.match(path)
        pid = m.group(1) if m else str(_int(item.get("id")) or "") if _ENTRY.match(path) else None
        if pid is None:
            raise ApiShapeError("shape")
        title = item.get("title") if isinstance(item.get("title"), str) else None
        out.refs.append(PostRef(id=pid if pid != "0" else "", url=base + path, kind=kind, title=title))
    next_page = _int(data.get("nextPage"))
    if data.get("isLast") is True or not out.refs:
        next_page = None
    out.next_page = next_page
    out.total = next((_int(data.get(k)) for k in ("totalCount", "totalItems", "total") if _int(data.get(k)) is not None),
                     None)
    return out


@dataclass
class CategoryCount:
    path: str  # full path, "여행/국내"
    count: int | None  # posts in it (its sub-categories included, as the sidebar counts)


MAX_CATEGORIES = 5000


def parse_category_tree(body: bytes, content_type: str = "") -> tuple[list[CategoryCount], int | None]:
    """The category tree (``/m/api/categories``): every category's full path and count, parents
    before children, and the blog's total when the answer carries one. Assumed shape (no public
    code shows it in full): ``data`` is a list of ``{"name", "entries"|"count"|"entryCount",
    "children": [...]}`` or an object with that list in ``categories``/``items`` and a total in
    ``totalCount``/``entries``. Walked with a stack; raises :class:`ApiShapeError`."""
    data = api_data(body, content_type)
    total = None
    if isinstance(data, dict):
        total = next((_int(data.get(k)) for k in ("totalCount", "entries", "count") if _int(data.get(k)) is not None), None)
        data = next((data[k] for k in ("categories", "items", "children") if isinstance(data.get(k), list)), None)
    if not isinstance(data, list):
        raise ApiShapeError("shape")
    out: list[CategoryCount] = []
    stack = [(item, "") for item in reversed(data)]
    while stack:
        item, parent = stack.pop()
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ApiShapeError("shape")
        path = f"{parent}/{item['name'].strip()}" if parent else item["name"].strip()
        count = next((_int(item.get(k)) for k in ("entries", "count", "entryCount") if _int(item.get(k)) is not None), None)
        out.append(CategoryCount(path, count))
        if len(out) > MAX_CATEGORIES:
            raise ApiShapeError("too-large")
        children = item.get("children")
        if children is not None and not isinstance(children, list):
            raise ApiShapeError("shape")
        stack.extend((child, path) for child in reversed(children or []))
    return out, total
