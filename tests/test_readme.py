"""The README's Quickstart is a contract: exactly two one-line commands, and CI runs the
second one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quickstart_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```[a-z]*\n(.*?)```", section, re.S)]


def test_quickstart_has_two_one_line_commands():
    blocks = quickstart_blocks()
    assert len(blocks) == 2
    for block in blocks:
        assert "\n" not in block
    assert "tistory-migrate demo" in blocks[0] and "venv" in blocks[0]
    assert "pytest" in blocks[1] and "venv" in blocks[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quickstart_blocks()[1] in ci.splitlines()
    assert "apt-get update" in ci and "apt-get install -y" in ci


def test_readme_documents_every_exit_code():
    from tistory_migrate.errors import ExitCode

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} |" in text
