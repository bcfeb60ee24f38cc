"""What the console does where its users are: output in a file or pipe in the Korean Windows
encoding (cp949) never crashes on a character cp949 lacks (typer's own help and usage errors,
``--json`` and rich output alike), and progress is plain lines, not a redrawn bar, when stderr
is not a terminal: at most one line per 10 s or per 5 % of a task."""

from __future__ import annotations

import io

import pytest

from support.cli import assert_clean, run_cli, run_cli_process
from support.paths import DEMO_BLOG
from tistory_migrate import console
from tistory_migrate.archive import Archive

URL = "https://seodaemun.tistory.com"
CP949 = {"PYTHONIOENCODING": "cp949"}
NOT_IN_CP949 = "😀—"  # an emoji and U+2014, the dash the first crash was on


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("console") / f"a{NOT_IN_CP949}"
    result = run_cli(["scrape", URL, "-o", root, "--mirror", DEMO_BLOG, "--quiet"])
    assert result.code in (0, 1), result.text
    with Archive.open(root) as ar:
        report = ar.get_meta("report")
        report["blog_title"] = f"서대문구 {NOT_IN_CP949} 블로그"
        ar.set_meta("report", report)
    return root


def _no_crash(result, code=0):
    assert_clean(result, code)
    assert "UnicodeEncodeError" not in result.text


def test_cp949_pipe_report_json_and_text(archive):
    as_json = run_cli_process(["report", archive, "--json"], env=CP949)
    _no_crash(as_json)
    assert "서대문구 ?? 블로그" in as_json.out  # replaced, the Hangul kept
    text = run_cli_process(["report", archive], env=CP949)
    _no_crash(text)
    assert "서대문구 ?? 블로그" in text.out


def test_cp949_pipe_typer_help_usage_errors_and_echo(archive):
    _no_crash(run_cli_process(["--help"], env=CP949))
    _no_crash(run_cli_process(["export", "--help"], env=CP949))
    formats = run_cli_process(["formats"], env=CP949)  # typer.echo of descriptions with "—"
    _no_crash(formats)
    assert "jsonl" in formats.out
    usage = run_cli_process([f"nosuch{NOT_IN_CP949}"], env=CP949)  # click's own usage error
    assert usage.code == 2 and "Traceback" not in usage.text and "nosuch" in usage.err
    missing = run_cli_process(["report", archive.parent / f"없는{NOT_IN_CP949}"], env=CP949)
    _no_crash(missing, 5)
    assert "없는??" in missing.err


def test_without_the_fix_the_same_output_would_crash():
    """The test above means something: cp949 really cannot write these characters."""
    with pytest.raises(UnicodeEncodeError):
        NOT_IN_CP949.encode("cp949")


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _plain_lines(run) -> list[str]:
    buf = io.StringIO()
    with console.use_streams(io.StringIO(), buf, width=200):
        run()
    return buf.getvalue().splitlines()


def test_plain_progress_one_line_per_5_percent_or_10_seconds():
    clock = _Clock()

    def fast():
        with console.PlainProgress(lambda line: console.err.print(line, highlight=False, soft_wrap=True), clock) as p:
            p.start("posts", "Reading posts", total=1000)
            for _ in range(1000):
                clock.now += 0.001
                p.advance("posts")

    lines = _plain_lines(fast)
    assert lines[0] == "Reading posts: 0 of 1000 (0%)" and lines[-1] == "Reading posts: 1000 of 1000 (100%)"
    assert len(lines) == 21  # the start, then every 5 %

    def slow():
        with console.PlainProgress(lambda line: console.err.print(line, highlight=False, soft_wrap=True), clock) as p:
            p.start("media", "Downloading pictures", total=100_000)
            for _ in range(30):
                clock.now += 1.0
                p.advance("media")
            p.start("pages", "Pages")  # no total known: time alone
            for _ in range(25):
                clock.now += 1.0
                p.advance("pages")

    lines = _plain_lines(slow)
    assert lines == ["Downloading pictures: 0 of 100000 (0%)", "Downloading pictures: 10 of 100000 (0%)",
                     "Downloading pictures: 20 of 100000 (0%)", "Downloading pictures: 30 of 100000 (0%)",
                     "Pages: 0", "Pages: 10", "Pages: 20", "Pages: 25"]


def test_cli_progress_is_plain_lines_when_stderr_is_not_a_terminal(tmp_path):
    result = run_cli(["scrape", URL, "-o", tmp_path / "a", "--mirror", DEMO_BLOG])
    assert result.code in (0, 1), result.text
    progress = [line for line in result.err.splitlines() if " of " in line and line.endswith("%)")]
    assert progress, result.err
    assert not any(ch in result.err for ch in "━\r\x1b")  # no bar, no redraw, no escape codes
    last: dict[tuple[str, int], int] = {}
    for line in progress:  # the run takes far less than 10 s: each line is another 5 % (or the end)
        task, rest = line.split(": ")
        done, total = (int(x) for x in rest.split(" (")[0].split(" of "))
        before = last.get((task, total))
        if before is not None:
            assert done - before >= total * 0.05 or done == total, (line, before)
        last[(task, total)] = done


def test_control_sequences_from_pages_never_reach_the_terminal():
    """A blog title carrying OSC 52 (write the clipboard) and CSI (clear the screen) codes is
    printed with each control character made visible, in the report and in every error line."""
    from tistory_migrate.errors import UsageError
    from tistory_migrate.report import MissingPost, ScrapeReport

    hostile = "블로그\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m끝"
    rep = ScrapeReport(target="x", blog_title=hostile, base_url="https://x.tistory.com",
                       missing=[MissingPost(id="5\x1b[1m", title=hostile, url="https://x.tistory.com/5",
                                            sources=["rss"], reason="HTTP 404")])
    out, err = io.StringIO(), io.StringIO()
    with console.use_streams(out, err, width=200):
        console.print_report(rep)
        console.print_error(UsageError(hostile, hint=hostile))
    shown = out.getvalue() + err.getvalue()
    assert not any(ch in shown for ch in ("\x1b", "\x07", "\x9b"))
    assert "블로그\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\x9b31m끝" in shown
