"""CSV formula injection: a title that begins like a formula reaches plan.csv and the redirect
map as text (a leading ``'``), and an edited plan read back ignores that mark (OWASP rule)."""

from __future__ import annotations

import csv
import io

import pytest

from tistory_migrate.spreadsheet import FORMULA_STARTS, read_cell, safe_cell


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(start):
    title = start + 'HYPERLINK("http://example.invalid/","보기")'
    assert safe_cell(title) == "'" + title
    assert read_cell(safe_cell(title)) == title


@pytest.mark.parametrize("value,expected", [("협치 소식", "협치 소식"), ("2019-12-13", "2019-12-13"), (12, "12"),
                                            (None, ""), ("a=b", "a=b"), ("'이미 따옴표", "'이미 따옴표")])
def test_ordinary_cells_are_left_as_they_are(value, expected):
    assert safe_cell(value) == expected


def test_plan_and_redirect_map_keep_a_formula_title_as_text(tmp_path):
    from support.fixture_blog import build_archive
    from tistory_migrate.archive import Archive
    from tistory_migrate.exporters.base import ExportOptions
    from tistory_migrate.exporters.naver.plan import read_plan
    from tistory_migrate.pipeline import export
    from tistory_migrate.settings import Settings

    build_archive(tmp_path / "ar").close()
    with Archive.open(tmp_path / "ar") as ar:
        post = next(iter(ar.iter_posts(("public",))))
        post.title = '=HYPERLINK("http://example.invalid/","클릭")'
        ar.put_post(post)
        export(ar, ["naver", "redirects"], tmp_path / "out", Settings(), ExportOptions())
    for path in (tmp_path / "out" / "naver" / "plan.csv", tmp_path / "out" / "redirects" / "redirects.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        cells = [c for row in rows[1:] for c in row]
        assert "'" + post.title in cells, path
        assert not any(c.startswith(FORMULA_STARTS) for c in cells), path
    # the plan reads back (an edited plan saved with the marks keeps working)
    plan = tmp_path / "out" / "naver" / "plan.csv"
    before = read_plan(plan)
    text = plan.read_bytes().decode("utf-8-sig")
    assert "\r\n1,yes," in text
    plan.write_text(text.replace("\r\n1,yes,", "\r\n'1,'yes,", 1), encoding="utf-8-sig", newline="")
    assert read_plan(plan) == before
