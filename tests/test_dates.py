"""The KST date chain (shared/docs/tistory-markup.md §3.1, §3.2, §6; tistory-backup.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tistory_migrate.extract.dates import find_visible_date, parse_kst, to_iso

# (input, iso, date_only)
CASES = [
    ("2025-11-13T17:09:01+09:00", "2025-11-13T17:09:01+09:00", False),
    ("2025-11-13T08:09:01Z", "2025-11-13T17:09:01+09:00", False),
    ("2025-11-13T08:09:01.250+00:00", "2025-11-13T17:09:01+09:00", False),
    ("20131026232137", "2013-10-26T23:21:37+09:00", False),
    ("20131026T23:21:37+09:00", "2013-10-26T23:21:37+09:00", False),
    ("2025. 11. 13. 17:09", "2025-11-13T17:09:00+09:00", False),
    ("2009. 7. 19. 06:22", "2009-07-19T06:22:00+09:00", False),
    ("2018. 1. 19.", "2018-01-19T00:00:00+09:00", True),
    ("2025.11.13", "2025-11-13T00:00:00+09:00", True),
    ("Mon, 30 Nov 2020 02:01:47 +0900", "2020-11-30T02:01:47+09:00", False),
    ("Sun, 29 Nov 2020 17:01:47 GMT", "2020-11-30T02:01:47+09:00", False),
    ("2019-12-13 10:31:05", "2019-12-13T10:31:05+09:00", False),
    ("  2019-12-13   10:31:05 ", "2019-12-13T10:31:05+09:00", False),
]


@pytest.mark.parametrize(("text", "iso", "date_only"), CASES)
def test_chain(text, iso, date_only):
    parsed = parse_kst(text)
    assert parsed is not None
    assert (parsed.iso, parsed.date_only) == (iso, date_only)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "garbage", "2025-02-30T00:00:00+09:00", "2025. 13. 1.", "20251340000000", "Mon, 99 Foo 2020",
     "1234", "0000-00-00 00:00:00", None, "2025-11-13T25:00:00+09:00", "x" * 500],
)
def test_malformed_returns_none(text):
    assert parse_kst(text) is None
    assert to_iso(text) is None


def test_visible_date_inside_text():
    found = find_visible_date("by 예르체 · 2018. 1. 19. · 댓글 3")
    assert found is not None and found.iso == "2018-01-19T00:00:00+09:00" and found.date_only
    assert find_visible_date("조회 1234") is None


@given(st.text(max_size=80))
def test_never_raises(text):
    result = parse_kst(text)
    assert result is None or result.iso.endswith("+09:00")
