"""plan.csv: schedule, writing (BOM + CRLF), reading an edited plan back, malformed plans."""

from __future__ import annotations

from datetime import date

import pytest

from tistory_migrate.errors import ExitCode, UsageError
from tistory_migrate.exporters.naver.plan import PlanRow, parse_plan, read_plan, render_plan, schedule, write_plan


def test_schedule_fills_each_day_up_to_per_day():
    days = schedule(7, date(2026, 1, 30), 3)
    assert days == [date(2026, 1, 30)] * 3 + [date(2026, 1, 31)] * 3 + [date(2026, 2, 1)]


@pytest.mark.parametrize("per_day", [0, 201, -1])
def test_per_day_outside_naver_limit_is_a_usage_error(per_day):
    with pytest.raises(UsageError) as exc:
        schedule(3, date(2026, 1, 5), per_day)
    assert exc.value.exit_code == ExitCode.USAGE


def test_written_plan_has_bom_crlf_and_reads_back(tmp_path):
    rows = [PlanRow(order=1, id="12", title='쉼표, "따옴표" 제목', original_url="https://a.tistory.com/12",
                    status="public", include=True, date=date(2026, 1, 5), images=3, folder="posts/01-12"),
            PlanRow(order=2, id="13", title="보호글", original_url="https://a.tistory.com/13", status="protected",
                    include=False, reason="보호글", tistory_original="keep")]
    path = tmp_path / "plan.csv"
    write_plan(path, rows)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 3 and b"\n" not in raw.replace(b"\r\n", b"")
    edits = read_plan(path)
    assert list(edits) == ["12", "13"]
    assert edits["12"].include is True and edits["12"].date == date(2026, 1, 5) and edits["12"].order == 1
    assert edits["13"].include is False and edits["13"].tistory_original == "keep" and edits["13"].line == 3


def test_edited_plan_accepts_spreadsheet_spellings():
    text = "id,include,date,tistory_original,order\r\n5,Y,2026/2/3,DELETE,\r\n6,아니오,2026. 2. 4.,,7\r\n,,,,\r\n"
    edits = parse_plan(text)
    assert edits["5"].include is True and edits["5"].date == date(2026, 2, 3) and edits["5"].tistory_original == "delete"
    assert edits["6"].include is False and edits["6"].date == date(2026, 2, 4) and edits["6"].order == 7


@pytest.mark.parametrize("text, line, words", [
    ("order,id\r\n1,12\r\nx,13\r\n", 3, "order"),
    ("id,include\r\n12,maybe\r\n", 2, "include"),
    ("id,date\r\n12,2026-02-30\r\n", 2, "date"),
    ("id,tistory_original\r\n12,hide\r\n", 2, "tistory_original"),
    ("id\r\n12\r\n12\r\n", 3, "twice"),
    ("id\r\nabc\r\n", 2, "post number"),
    ("title,date\r\nx,2026-01-01\r\n", 1, "'id'"),
])
def test_malformed_plan_names_the_line(text, line, words):
    with pytest.raises(UsageError) as exc:
        parse_plan(text, "plan.csv")
    assert f"line {line}" in exc.value.message and words in exc.value.message


def test_cp949_plan_from_excel_is_read(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes("id,title,include\r\n7,서대문 협치,no\r\n".encode("cp949"))
    assert read_plan(path)["7"].include is False


def test_render_quotes_commas_and_quotes():
    text = render_plan([PlanRow(order=1, id="1", title='a, "b"', original_url="u", status="public", include=True)])
    assert '"a, ""b"""' in text


def test_unknown_tistory_original_names_the_choices():
    with pytest.raises(UsageError) as exc:
        parse_plan("id,tistory_original\r\n12,hide\r\n", "plan.csv")
    assert exc.value.message == "plan.csv, line 2: tistory_original must be private, delete or keep, not 'hide'."
