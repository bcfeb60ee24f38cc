"""The command line as a person uses it: named exit codes with plain messages and no traceback
(help with an example on every command: tests/test_conventions.py)."""

from __future__ import annotations

import io
from pathlib import Path

from tistory_migrate import console
from tistory_migrate.errors import ExitCode
from tistory_migrate.fetch.serve import FixtureServer

from support.cli import assert_clean, run_cli, run_cli_process


def test_version():
    result = run_cli(["--version"])
    assert result.code == 0 and result.out.startswith("tistory-migrate ")


def test_a_real_process_prints_hangul_and_exits_with_the_code(tmp_path):
    """Through a real process once: the real stdout's encoding and the exit status."""
    assert_clean(run_cli_process(["report", tmp_path / "없는-보관함"]), ExitCode.ARCHIVE, "There is no archive", "없는-보관함")


def test_console_prints_to_the_streams_it_is_given_then_to_its_own_again():
    before = console.out, console.err
    out, err = io.StringIO(), io.StringIO()
    with console.use_streams(out, err):
        console.out.print("[bold]보고서[/]")
        console.print_json({"글": 1})
        console.err.print("Error: x")
    assert out.getvalue() == '보고서\n{\n  "글": 1\n}\n' and err.getvalue() == "Error: x\n"
    assert (console.out, console.err) == before


def test_missing_archive(tmp_path):
    assert_clean(run_cli(["export", tmp_path / "none", "--format", "jsonl", "-o", tmp_path / "o"]),
                 ExitCode.ARCHIVE, "There is no archive", "What to do")
    assert_clean(run_cli(["report", tmp_path / "none"]), ExitCode.ARCHIVE, "There is no archive")


def test_unknown_format(tmp_path):
    assert_clean(run_cli(["export", tmp_path / "none", "--format", "docx", "-o", tmp_path / "o"]),
                 ExitCode.USAGE, "Unknown export format 'docx'")


def test_bad_config_key(tmp_path):
    (tmp_path / "tistory-migrate.toml").write_text("[fetch]\npage_dealy = 3\n", encoding="utf-8")
    assert_clean(run_cli(["scrape", "https://x.tistory.com", "-o", tmp_path / "a"], cwd=tmp_path),
                 ExitCode.CONFIG, "Unknown setting 'fetch.page_dealy'")


def test_usage_errors(tmp_path):
    assert_clean(run_cli(["scrape", "https://x.tistory.com"]), ExitCode.USAGE, "-o FOLDER")
    assert_clean(run_cli(["scrape", "-o", tmp_path / "a"]), ExitCode.USAGE, "blog's address")
    assert_clean(run_cli(["scrape", "ftp://x.tistory.com", "-o", tmp_path / "a"]), ExitCode.USAGE, "only http and https")
    assert_clean(run_cli(["scrape", "https://x.tistory.com", "-o", tmp_path / "a", "--since", "last year"]),
                 ExitCode.USAGE, "YYYY-MM-DD")
    assert_clean(run_cli(["scrape", "https://x.tistory.com", "-o", tmp_path / "a", "--no-such-flag"]), ExitCode.USAGE)


def test_unreachable_blog(tmp_path):
    result = run_cli(["scrape", "https://gone.tistory.com", "-o", tmp_path / "a", "--resolve",
                      "gone.tistory.com=127.0.0.1:9", "--quiet", "--config", _fast_config(tmp_path)])
    assert_clean(result, ExitCode.NOTHING, "Could not reach https://gone.tistory.com/", "What to do")


def test_non_tistory_site(tmp_path, tiny_site):
    folder = tiny_site([("https://www.example.org/", "<html><head><title>Shop</title></head><body>hi</body></html>",
                         200, {"Content-Type": "text/html; charset=utf-8"})])
    with FixtureServer([folder]) as srv:
        result = run_cli(["scrape", "https://www.example.org", "-o", tmp_path / "a", *srv.resolve_args(), "--quiet",
                          "--config", _fast_config(tmp_path)])
    assert_clean(result, ExitCode.NOTHING, "is not a Tistory blog")


def test_non_tistory_site_through_mirror(tmp_path, tiny_site):
    folder = tiny_site([("https://www.example.org/", "<html><body>hello</body></html>")])
    result = run_cli(["scrape", "https://www.example.org", "-o", tmp_path / "a", "--mirror", folder, "--quiet"])
    assert_clean(result, ExitCode.NOTHING, "is not a Tistory blog")


def _fast_config(tmp_path: Path) -> Path:
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = 1\nbackoff_base = 0.01\n", encoding="utf-8")
    return cfg
