"""The Naver publish plan: ``OUT/naver/plan.csv``, written by the export and read back by
``export --plan FILE`` after a person edited it.

Why a plan at all: Naver allows at most 200 posts a day and cannot backdate, and its
duplicate-content filter hides the copy it judges unoriginal, so every post needs a
publishing day and a decision about its Tistory original (private / delete / keep).

The file is UTF-8 *with* a BOM and CRLF line ends because the people who edit it open it in
Excel, which reads a BOM-less UTF-8 CSV as CP949 and mangles every Korean title.
Columns are identified by their header name, so a person may reorder or add columns; only
``id`` is mandatory when reading.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, TextIO

from tistory_migrate.errors import UsageError
from tistory_migrate.i18n import _
from tistory_migrate.settings import DUPLICATE_CHOICES
from tistory_migrate.spreadsheet import read_cell, safe_cell

COLUMNS = ("order", "include", "date", "id", "title", "original_url", "images", "status", "reason",
           "tistory_original", "folder")
MAX_PER_DAY = 200  # Naver's limit of posts per blog per day
_DATE = re.compile(r"([0-9]{4})\s*[-./]\s*([0-9]{1,2})\s*[-./]\s*([0-9]{1,2})\.?")
_YES = {"yes", "y", "true", "1", "o", "예", "네"}
_NO = {"no", "n", "false", "0", "x", "아니오", "아니요"}


@dataclass
class PlanRow:
    """One post in the plan, bundled or not (protected/missing posts are listed with a reason)."""

    order: int
    id: str
    title: str
    original_url: str
    status: str  # the post's status in the archive: public, protected, private, missing, failed…
    include: bool  # bundled into posts/
    date: date | None = None  # suggested publishing day (bundled rows only)
    images: int = 0
    reason: str = ""  # why a post is not bundled
    tistory_original: str = "private"
    folder: str = ""  # posts/NNNN-id, empty when not bundled


@dataclass
class PlanEdit:
    """What a person may change in plan.csv; ``None`` = left empty, keep the default."""

    line: int
    order: int | None
    include: bool | None
    date: date | None
    tistory_original: str | None


def check_per_day(per_day: int) -> int:
    if not 1 <= per_day <= MAX_PER_DAY:
        raise UsageError(_("--per-day must be between 1 and {max}, not {value}.").format(max=MAX_PER_DAY, value=per_day),
                         hint=_("Naver allows at most {max} posts a day on one blog.").format(max=MAX_PER_DAY))
    return per_day


def schedule(count: int, start: date, per_day: int) -> list[date]:
    """Publishing day for each of ``count`` posts in order: ``per_day`` posts a day from ``start``."""
    check_per_day(per_day)
    return [start + timedelta(days=i // per_day) for i in range(count)]


def render_plan(rows: Iterable[PlanRow]) -> str:
    buf = io.StringIO()
    _write_rows(buf, rows)
    return buf.getvalue()


def write_plan(path: Path, rows: Iterable[PlanRow]) -> None:
    """Write row by row (``rows`` may be a generator: a big blog's plan is never held whole)."""
    # newline="" keeps the CRLF the csv writer produced; "utf-8-sig" writes the BOM.
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        _write_rows(fh, rows)


def _write_rows(fh: TextIO, rows: Iterable[PlanRow]) -> None:
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([safe_cell(v) for v in (
            r.order, "yes" if r.include else "no", r.date.isoformat() if r.date else "", r.id,
            r.title, r.original_url, r.images, r.status, r.reason, r.tistory_original, r.folder)])


def read_plan(path: Path) -> dict[str, PlanEdit]:
    """Read an edited plan back: post id -> PlanEdit. Any malformed line is a ``UsageError``
    naming the file and the line, because a silently ignored edit would publish the wrong day."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(_("Cannot read the plan file {path} ({error}).").format(path=path, error=exc.strerror),
                         hint=_("Give the plan.csv an earlier `export --format naver` wrote.")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp949")  # Excel "CSV" without "UTF-8" saves in the Korean code page
        except UnicodeDecodeError:
            raise UsageError(_("The plan file {path} is neither UTF-8 nor CP949 text.").format(path=path),
                             hint=_("Save it from your spreadsheet as 'CSV UTF-8'.")) from None
    return parse_plan(text, str(path))


def parse_plan(text: str, name: str = "plan.csv") -> dict[str, PlanEdit]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise UsageError(_("The plan file {path} is empty.").format(path=name),
                         hint=_("Give the plan.csv the export wrote.")) from None
    except csv.Error as exc:
        raise UsageError(_line_error(name, 1, exc)) from None
    cols = {h.strip().lower(): i for i, h in enumerate(header) if h.strip()}
    if "id" not in cols:
        raise UsageError(_("{name}, line {line}: the header has no 'id' column.").format(name=name, line=1),
                         hint=_("The first line must name the columns: {columns}.").format(columns=",".join(COLUMNS)))
    edits: dict[str, PlanEdit] = {}
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # blank lines spreadsheets leave at the end

            def cell(col: str) -> str:
                i = cols.get(col)
                return read_cell(row[i].strip()).strip() if i is not None and i < len(row) else ""

            post_id = cell("id")
            if not (post_id.isascii() and post_id.isdigit()):
                raise UsageError(_("{name}, line {line}: the id {value} is not a Tistory post number.").format(
                    name=name, line=line, value=repr(post_id)))
            if post_id in edits:
                raise UsageError(_("{name}, line {line}: post {id} is listed twice (first on line {first}).").format(
                    name=name, line=line, id=post_id, first=edits[post_id].line))
            edits[post_id] = PlanEdit(line=line, order=_order(cell("order"), name, line),
                                      include=_include(cell("include"), name, line),
                                      date=_date(cell("date"), name, line),
                                      tistory_original=_choice(cell("tistory_original"), name, line))
    except csv.Error as exc:
        raise UsageError(_line_error(name, reader.line_num, exc)) from None
    return edits


def _line_error(name: str, line: int, exc: csv.Error) -> str:
    """A line the csv module cannot read (its own words say why)."""
    return _("{name}, line {line}: {error}.").format(name=name, line=line, error=exc)


def _order(value: str, name: str, line: int) -> int | None:
    if not value:
        return None
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise UsageError(_("{name}, line {line}: order {value} is not a whole number.").format(
            name=name, line=line, value=repr(value)))
    return n


def _include(value: str, name: str, line: int) -> bool | None:
    v = value.lower()
    if not v:
        return None
    if v in _YES:
        return True
    if v in _NO:
        return False
    raise UsageError(_("{name}, line {line}: include must be yes or no, not {value}.").format(
        name=name, line=line, value=repr(value)))


def _date(value: str, name: str, line: int) -> date | None:
    if not value:
        return None
    # Spreadsheets rewrite 2026-01-05 as 2026/1/5 or 2026. 1. 5. depending on locale.
    m = _DATE.fullmatch(value)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise UsageError(_("{name}, line {line}: date {value} is not a day like 2026-01-05.").format(
        name=name, line=line, value=repr(value)))


def _choice(value: str, name: str, line: int) -> str | None:
    v = value.lower()
    if not v:
        return None
    if v not in DUPLICATE_CHOICES:
        # TRANSLATORS: the end of a list of choices, e.g. "private, delete or keep".
        words = _("{choices} or {last}").format(choices=", ".join(DUPLICATE_CHOICES[:-1]), last=DUPLICATE_CHOICES[-1])
        raise UsageError(_("{name}, line {line}: tistory_original must be {words}, not {value}.").format(
            name=name, line=line, words=words, value=repr(value)))
    return v
