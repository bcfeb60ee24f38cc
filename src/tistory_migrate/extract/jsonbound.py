"""JSON read within bounds: the size is checked before parsing, the nesting depth by one
linear scan (no recursion) before the standard parser sees the text, so a hostile answer can
neither exhaust memory nor the interpreter's stack. Pure: bytes in, data or ``BadJson`` out.

(Issue 17 adds a bounded JSON reader of its own; the two are meant to become one.)
"""

from __future__ import annotations

import json
from typing import Any

MAX_JSON_BYTES = 4 * 1024 * 1024  # one comment page or list page is a few kilobytes
MAX_JSON_DEPTH = 32  # Tistory's answers nest 6 levels deep at most (data.items[].children[].writer)


class BadJson(ValueError):
    """The answer is not JSON we read: ``kind`` is "too-large", "too-deep" or "not-json"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def nesting_depth(text: str, limit: int) -> int:
    """The deepest nesting of ``[``/``{`` in ``text`` (strings skipped), stopping past ``limit``."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def load_bounded(body: bytes, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``body`` parsed as JSON, or :class:`BadJson`."""
    if len(body) > max_bytes:
        raise BadJson("too-large")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadJson("not-json") from None
    if nesting_depth(text, max_depth) > max_depth:
        raise BadJson("too-deep")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise BadJson("not-json") from None
