"""Cells of the CSV files the README tells people to open in Excel (``plan.csv``, the redirect
map): text that a spreadsheet would run as a formula is written so that it stays text.

The OWASP rule for CSV injection: a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading ``'``, which Excel and LibreOffice show as nothing and read as
"this is text". A title such as ``=HYPERLINK("http://…")`` then reads as written instead of
becoming a live link. Reading an edited plan back ignores that leading ``'``.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as a CSV cell a spreadsheet keeps as text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def read_cell(text: str) -> str:
    """A cell as the person edited it, without the leading ``'`` a spreadsheet may keep."""
    return text[1:] if text.startswith("'") else text
