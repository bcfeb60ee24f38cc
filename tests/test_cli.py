"""The command line as a person uses it: help on every command, named exit codes with plain
messages and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tistory_migrate.errors import ExitCode
from tistory_migrate.fetch.serve import FixtureServer

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="200", PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "tistory_migrate", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def assert_clean(proc: subprocess.CompletedProcess, code: int, *snippets: str) -> None:
    text = proc.stdout + proc.stderr
    assert proc.returncode == code, text
    assert "Traceback" not in text
    for s in snippets:
        assert s in text, text


@pytest.mark.parametrize("command", [[], ["scrape"], ["export"], ["report"], ["formats"], ["demo"],
                                     ["redirects"], ["redirects", "resolve"], ["redirects", "render"]])
def test_every_command_has_help_with_an_example(command):
    proc = run(*command, "--help")
    assert proc.returncode == 0, proc.stderr
    if command and command != ["redirects"]:
        assert "Example:" in proc.stdout


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("tistory-migrate ")


def test_missing_archive(tmp_path):
    assert_clean(run("export", str(tmp_path / "none"), "--format", "jsonl", "-o", str(tmp_path / "o")),
                 ExitCode.ARCHIVE, "There is no archive", "What to do")
    assert_clean(run("report", str(tmp_path / "none")), ExitCode.ARCHIVE, "There is no archive")


def test_unknown_format(tmp_path):
    assert_clean(run("export", str(tmp_path / "none"), "--format", "docx", "-o", str(tmp_path / "o")),
                 ExitCode.USAGE, "Unknown export format 'docx'")


def test_bad_config_key(tmp_path):
    (tmp_path / "tistory-migrate.toml").write_text("[fetch]\npage_dealy = 3\n", encoding="utf-8")
    assert_clean(run("scrape", "https://x.tistory.com", "-o", str(tmp_path / "a"), cwd=tmp_path),
                 ExitCode.CONFIG, "Unknown setting 'fetch.page_dealy'")


def test_usage_errors(tmp_path):
    assert_clean(run("scrape", "https://x.tistory.com"), ExitCode.USAGE, "-o FOLDER")
    assert_clean(run("scrape", "-o", str(tmp_path / "a")), ExitCode.USAGE, "blog's address")
    assert_clean(run("scrape", "ftp://x.tistory.com", "-o", str(tmp_path / "a")), ExitCode.USAGE, "only http and https")
    assert_clean(run("scrape", "https://x.tistory.com", "-o", str(tmp_path / "a"), "--since", "last year"),
                 ExitCode.USAGE, "YYYY-MM-DD")
    assert_clean(run("scrape", "https://x.tistory.com", "-o", str(tmp_path / "a"), "--no-such-flag"), ExitCode.USAGE)


def test_unreachable_blog(tmp_path):
    proc = run("scrape", "https://gone.tistory.com", "-o", str(tmp_path / "a"), "--resolve",
               "gone.tistory.com=127.0.0.1:9", "--quiet", "--config", str(_fast_config(tmp_path)))
    assert_clean(proc, ExitCode.NOTHING, "Could not reach https://gone.tistory.com/", "What to do")


def test_non_tistory_site(tmp_path, tiny_site):
    folder = tiny_site([("https://www.example.org/", "<html><head><title>Shop</title></head><body>hi</body></html>",
                         200, {"Content-Type": "text/html; charset=utf-8"})])
    with FixtureServer([folder]) as srv:
        proc = run("scrape", "https://www.example.org", "-o", str(tmp_path / "a"), *srv.resolve_args(), "--quiet",
                   "--config", str(_fast_config(tmp_path)))
    assert_clean(proc, ExitCode.NOTHING, "is not a Tistory blog")


def test_non_tistory_site_through_mirror(tmp_path, tiny_site):
    folder = tiny_site([("https://www.example.org/", "<html><body>hello</body></html>")])
    proc = run("scrape", "https://www.example.org", "-o", str(tmp_path / "a"), "--mirror", str(folder), "--quiet")
    assert_clean(proc, ExitCode.NOTHING, "is not a Tistory blog")


def _fast_config(tmp_path: Path) -> Path:
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = 1\nbackoff_base = 0.01\n", encoding="utf-8")
    return cfg
