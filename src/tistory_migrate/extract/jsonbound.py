"""Tistory's JSON answers (comments, post lists, categories) read within the kernel's bounds
(``tistory_migrate.jsonbound``: the size before parsing, the nesting depth by one linear scan,
no recursion), with tighter limits for these small answers and the one error the endpoint
readers handle: ``BadJson`` with ``kind`` "too-large", "too-deep" or "not-json". Pure."""

from __future__ import annotations

from typing import Any

from tistory_migrate import jsonbound

MAX_JSON_BYTES = 4 * 1024 * 1024  # one comment page or list page is a few kilobytes
MAX_JSON_DEPTH = 32  # Tistory's answers nest 6 levels deep at most (data.items[].children[].writer)


class BadJson(ValueError):
    """The answer is not JSON we read: ``kind`` is "too-large", "too-deep" or "not-json"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def load_bounded(body: bytes, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``body`` parsed as JSON, or :class:`BadJson`."""
    if len(body) > max_bytes:
        raise BadJson("too-large")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadJson("not-json") from None
    try:
        return jsonbound.loads(text, max_bytes=max_bytes, max_depth=max_depth)
    except jsonbound.JsonRefused:
        raise BadJson("too-deep") from None  # the size was checked above: only the depth is left
    except ValueError:
        raise BadJson("not-json") from None
