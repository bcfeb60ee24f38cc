"""A damaged archive (a version mark that is not a number, a post record that is not JSON, a
blog record of the wrong type) is exit 5 with a message, never an internal error."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from support.cli import assert_clean, run_cli
from support.fixture_blog import build_archive


@pytest.fixture()
def archive(tmp_path):
    build_archive(tmp_path / "ar").close()
    return tmp_path / "ar"


def _sql(archive, statement, *params):
    conn = sqlite3.connect(archive / "archive.sqlite3")
    with conn:
        conn.execute(statement, params)
    conn.close()


@pytest.mark.parametrize("damage,what", [
    (("UPDATE meta SET value='eins' WHERE key='schema_version'",), "version mark"),
    (("UPDATE posts SET data='{not json' WHERE id='101'",), "post 101"),
    (("UPDATE posts SET data='[1, 2]' WHERE id='101'",), "post 101"),
    (("UPDATE meta SET value=? WHERE key='blog'", json.dumps([1, 2])), "blog record"),
    (("UPDATE meta SET value=? WHERE key='blog'", json.dumps("a text")), "blog record"),
])
def test_damage_is_exit_5_with_a_message(archive, tmp_path, damage, what):
    _sql(archive, *damage)
    result = run_cli(["export", archive, "--format", "jsonl", "-o", tmp_path / "out"])
    assert_clean(result, 5, "damaged")
    assert what in " ".join(result.err.split())
    assert not (tmp_path / "out" / "jsonl" / "posts.jsonl").exists() or what != "version mark"


def test_report_of_an_archive_with_a_bad_version_mark_is_exit_5(archive):
    _sql(archive, "UPDATE meta SET value='eins' WHERE key='schema_version'")
    assert_clean(run_cli(["report", archive]), 5, "damaged")


def test_an_undamaged_copy_still_exports(archive, tmp_path):
    shutil.copytree(archive, tmp_path / "copy")
    assert_clean(run_cli(["export", tmp_path / "copy", "--format", "jsonl", "-o", tmp_path / "o"]), 0)
