"""JSON read within bounds: every JSON the tool reads from a page, a server or a received file.

``json.loads`` recurses once per nesting level: 100,000 nested arrays (a few hundred kilobytes)
raise RecursionError, which no ``except ValueError`` catches, and a huge answer is read whole
before anything can refuse it. Here the size is checked first, then the nesting depth by one
linear scan (brackets counted outside strings, stopping at the first level past the limit),
and only then is the text parsed; a RecursionError that still happens becomes the same
refusal. The refusal is ``JsonRefused``, a ``ValueError``: code that already treats "not JSON"
as a ValueError treats an unbounded one the same way.

    loads(data, *, max_bytes=MAX_BYTES, max_depth=MAX_DEPTH)   -> the value (json.loads's)
    raw_decode(text, pos=0)                                   -> (value, end) (JSONDecoder.raw_decode's)
    nesting_depth(data)                                       -> the deepest level of arrays and objects
    JsonRefused(ValueError): .reason is a ``Message`` saying why (too large / too deeply nested)

Standard library and ``i18n`` only, so every layer may use it.
"""

from __future__ import annotations

import itertools
import json
import operator
from typing import Any

from tistory_migrate.i18n import Message, msg

__all__ = ["MAX_BYTES", "MAX_DEPTH", "JsonRefused", "loads", "nesting_depth", "raw_decode"]

MAX_BYTES = 32 * 1024 * 1024  # no JSON the tool reads is near this (Naver's list pages: ~30 KB)
MAX_DEPTH = 200  # real JSON nests a handful of levels; json.loads itself breaks near 1,000

_STEPS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class JsonRefused(ValueError):
    """JSON not parsed because it is larger or deeper than the bounds. ``reason``: why, as a
    ``Message`` (also ``args[0]``, as the parsers' other ValueErrors carry theirs)."""

    def __init__(self, reason: Message):
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason.english()


def nesting_depth(data: str | bytes) -> int:
    """The deepest nesting of arrays and objects in ``data``, brackets inside strings not
    counted; linear in the size (the loops are ``str``'s, ``bytes``' and ``itertools``',
    not Python's). Text that is not JSON still gets a number: the depth its
    brackets would reach, a closing bracket too many counting as a level less."""
    if isinstance(data, (bytes, bytearray)):
        # Escapes go first, paired left to right as a parser pairs them (an escaped backslash,
        # then an escaped quote); then every other piece between quotes is inside a string.
        outside = b"".join(bytes(data).replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')[0::2])
    else:
        outside = "".join(data.replace("\\\\", "").replace('\\"', "").split('"')[0::2]).encode("utf-8", "surrogatepass")
    steps = outside.translate(_STEPS, _NOT_BRACKETS)  # an opening bracket 2, a closing one 0, the rest gone
    if not steps:
        return 0
    # minus one per bracket: +1 / -1
    return max(0, max(map(operator.sub, itertools.accumulate(steps), range(1, len(steps) + 1))))


def _too_deep(limit: int) -> JsonRefused:
    # TRANSLATORS: why a JSON answer or file was not read; {limit} is a number of levels.
    return JsonRefused(msg("the JSON is nested more than {limit} levels deep", limit=limit))


def _check(data: str | bytes, max_bytes: int, max_depth: int) -> None:
    if len(data) > max_bytes:
        # TRANSLATORS: why a JSON answer or file was not read; {size} and {limit} are numbers of bytes.
        raise JsonRefused(msg("the JSON is {size} bytes, more than the limit of {limit}", size=len(data), limit=max_bytes))
    opens = data.count("[") + data.count("{") if isinstance(data, str) else data.count(b"[") + data.count(b"{")
    if opens > max_depth and nesting_depth(data) > max_depth:  # fewer opening brackets: no deeper than that
        raise _too_deep(max_depth)


def loads(data: str | bytes, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads(data)`` once ``data`` is at most ``max_bytes`` long (characters for a str)
    and nested at most ``max_depth`` deep; ``JsonRefused`` otherwise, ``json.JSONDecodeError``
    (a ValueError too) when it is not JSON."""
    _check(data, max_bytes, max_depth)
    try:
        return json.loads(data)
    except RecursionError:
        raise _too_deep(max_depth) from None


_DECODER = json.JSONDecoder()


def raw_decode(text: str, pos: int = 0, *, max_depth: int = MAX_DEPTH) -> tuple[Any, int]:
    """``json.JSONDecoder().raw_decode(text, pos)``: the value that starts at ``pos`` and where it
    ends. What follows the value is not JSON (the rest of a script), so no depth is counted
    beforehand; a value nested past what ``json`` can read (its RecursionError) is refused."""
    try:
        return _DECODER.raw_decode(text, pos)
    except RecursionError:
        raise _too_deep(max_depth) from None
