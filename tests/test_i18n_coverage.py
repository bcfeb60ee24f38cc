"""Every path of the command line speaks the chosen language (issue 12, "Speaks Korean").

The paths are the command lines of the CLI tests (``test_cli.py``, ``test_cli_scrape.py``,
``test_redirects_cli.py``, the cases of ``tests/badinput/cases.py``), every ``--help``, and the
usage errors the command line raises itself. Each runs twice:

- ``pseudo``: with a catalog where every msgstr is ⟦msgid⟧ (``support.i18n.pseudo_locale``), so
  every word printed outside ⟦ ⟧ that is not data is a message nobody marked. Data: Hangul
  (titles, categories: the source messages are English), URLs, paths, numbers, option names, the
  program's own names (commands, formats, styles);
- ``ko``: with the real Korean catalog, no printed line may hold three English words in a row
  outside URLs, paths and option names (``support.i18n.english_runs``).

Machine-readable output (``--json``) stays English and is not checked. A path whose messages
are written in another module fails here until that module marks them: that is the point.
The glossary test checks what ``tools/i18n.py check`` enforces (``GLOSSARY_KO``) on the real
catalog, and that the glossary itself holds the words of issue 12.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from support.cli import Result, run_cli
from support.fixture_blog import build_archive
from support.i18n import english_runs, pseudo_locale, strip_wrapped, tools_i18n, unwrapped_words
from support.paths import DEMO_BLOG, FIXTURES
from test_bad_input import FAST, write_site
from tistory_migrate import i18n
from tistory_migrate.archive import Archive
from tistory_migrate.exporters import EXPORTERS
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.redirects.styles import STYLES

sys.path.insert(0, str(Path(__file__).parent / "badinput"))
from cases import CASES, ok_blog  # noqa: E402

URL = "https://seodaemun.tistory.com"
PROBE_PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "naver" / "probe"
HANGUL = re.compile("[가-힣]")
_CUT_SHORT = re.compile("⟦[^⟧]*$")  # left open once the pairs are gone: a help text cut short in a list
# A command line to type (the program and its commands, an argument): not English prose.
_COMMAND_LINE = re.compile(r"tistory-migrate(?: [a-z][a-z-]*)*")
# Names that are never translated: the program, its commands, formats, styles and values.
PROGRAM_WORDS = frozenset({"tistory-migrate", "scrape", "export", "report", "formats", "demo", "redirects", "resolve", "helper",
                           "render", "probe", *EXPORTERS, *STYLES, "all", "ko", "en", "markers", "remote"})


@dataclass
class Place:
    """Where a path runs: its own folder, and the archives it may read (made once per module)."""

    tmp: Path
    demo_archive: Path
    naver_archive: Path
    good_archive: Path


@dataclass(frozen=True)
class Path_:
    """One command line (or a few, run in order) and the streams a person reads of it."""

    name: str
    commands: Callable[[Place], list[list[str]]]
    json_stdout: bool = False  # --json: stdout is for machines and stays English
    env: dict[str, str] | None = None  # the run's own variables (a Korean environment ...)


# -- the paths --------------------------------------------------------------------------------------
def _help_paths() -> list[Path_]:
    import typer

    from tistory_migrate.cli import app

    found = []

    def walk(cmd, path):
        found.append(path)
        if hasattr(cmd, "list_commands"):
            for name in cmd.list_commands(None):
                walk(cmd.get_command(None, name), [*path, name])

    walk(typer.main.get_command(app), [])
    return [Path_("help-" + ("-".join(p) or "root"), lambda _p, p=p: [[*p, "--help"]]) for p in found]


def _scrape(p: Place, *extra: str) -> list[str]:
    return ["scrape", URL, "-o", str(p.tmp / "a"), "--mirror", str(DEMO_BLOG), *extra]


def _naver_resolve(p: Place) -> list[list[str]]:
    server = FixtureServer([FIXTURES / "naver"]).start()
    _SERVERS.append(server)
    resolve = []
    for host in ("blog.naver.com", "rss.blog.naver.com", "m.blog.naver.com"):
        resolve += ["--resolve", f"{host}={server.address}"]
    cfg = p.tmp / "c.toml"
    cfg.write_text("[fetch]\npage_delay = 0.0\nretries = 0\n", encoding="utf-8")
    archive = p.tmp / "ar"
    shutil.copytree(p.naver_archive, archive)
    return [["redirects", "resolve", str(archive), "--naver-blog", "tm_fixture_down", *resolve, "--config", str(cfg)]]


_SERVERS: list[FixtureServer] = []


def _empty_archive(p: Place) -> str:
    Archive.open(p.tmp / "empty", create=True).close()
    return str(p.tmp / "empty")


def _bad_config(p: Place) -> list[list[str]]:
    (p.tmp / "tistory-migrate.toml").write_text("[fetch]\npage_dealy = 3\n", encoding="utf-8")
    return [["scrape", "https://x.tistory.com", "-o", str(p.tmp / "a"), "--config", str(p.tmp / "tistory-migrate.toml")]]


PATHS: list[Path_] = [
    *_help_paths(),
    Path_("version", lambda p: [["--version"]]),
    Path_("formats", lambda p: [["formats"]]),
    Path_("scrape-demo-mirror", lambda p: [_scrape(p)]),
    Path_("scrape-dry-run", lambda p: [_scrape(p, "--dry-run")]),
    Path_("scrape-json", lambda p: [_scrape(p, "--json")], json_stdout=True),
    Path_("report", lambda p: [["report", str(p.demo_archive)]]),
    Path_("export-all", lambda p: [["export", str(p.demo_archive), "--format", "all", "-o", str(p.tmp / "out"),
                                    "--start-date", "2026-01-05"]]),
    Path_("demo", lambda p: [["demo", "--out", str(p.tmp / "demo")]]),
    Path_("redirects-resolve", _naver_resolve),
    Path_("probe", lambda p: [["probe", _empty_archive(p), "--from-file", str(PROBE_PAGES / name)]
                              for name in ("survived.html", "flattened.html")]),
    Path_("probe-not-the-probe", lambda p: [["probe", _empty_archive(p), "--from-file", str(PROBE_PAGES / "not-probe.html")]]),
    Path_("probe-needs-a-source", lambda p: [["probe", _empty_archive(p)]]),
    Path_("redirects-render", lambda p: [["redirects", "render", str(p.naver_archive), "--style", style, "-o",
                                          str(p.tmp / "out"), "--home-url", "https://blog.naver.com/tm_fixture"]
                                         for style in STYLES]),
    # usage errors the command line raises itself
    Path_("scrape-needs-output", lambda p: [["scrape", "https://x.tistory.com"]]),
    Path_("scrape-needs-a-source", lambda p: [["scrape", "-o", str(p.tmp / "a")]]),
    Path_("scrape-bad-date", lambda p: [["scrape", "https://x.tistory.com", "-o", str(p.tmp / "a"), "--since", "last year"]]),
    Path_("scrape-missing-backup", lambda p: [["scrape", "--backup", str(p.tmp / "nope.zip"), "-o", str(p.tmp / "a")]]),
    Path_("report-without-report", lambda p: [["report", _empty_archive(p)]]),
    Path_("export-missing-plan", lambda p: [["export", str(p.demo_archive), "-f", "naver", "-o", str(p.tmp / "o"),
                                             "--plan", str(p.tmp / "nope.csv")]]),
    Path_("resolve-needs-a-source", lambda p: [["redirects", "resolve", str(p.naver_archive)]]),
    Path_("resolve-missing-file", lambda p: [["redirects", "resolve", str(p.naver_archive), "--naver-urls",
                                              str(p.tmp / "nope.txt")]]),
    Path_("render-without-blog", lambda p: [["redirects", "render", _empty_archive(p), "--style", "csv", "-o",
                                             str(p.tmp / "o")]]),
    Path_("lang-without-value", lambda p: [["formats", "--lang"]]),
    # typer's usage errors
    Path_("no-such-option", lambda p: [["scrape", "https://x.tistory.com", "-o", str(p.tmp / "a"), "--no-such-flag"]]),
    Path_("missing-argument", lambda p: [["report"], ["export", str(p.tmp / "a")]]),
    Path_("bad-number", lambda p: [["scrape", "--limit", "abc"], ["export", "a", "--per-day", "300", "-f", "x", "-o", "y"]]),
    Path_("no-such-command", lambda p: [["formatz"], ["redirects", "rendr"]]),
    Path_("group-without-command", lambda p: [["redirects"]]),
    # errors other modules raise, as test_cli.py and test_redirects_cli.py meet them
    Path_("missing-archive", lambda p: [["report", str(p.tmp / "none")],
                                        ["export", str(p.tmp / "none"), "--format", "jsonl", "-o", str(p.tmp / "o")]]),
    Path_("unknown-format", lambda p: [["export", str(p.tmp / "none"), "--format", "docx", "-o", str(p.tmp / "o")]]),
    Path_("bad-config-key", _bad_config),
    Path_("unknown-style", lambda p: [["redirects", "render", str(p.naver_archive), "--style", "pdf", "-o",
                                       str(p.tmp / "o")]]),
    Path_("home-url-not-http", lambda p: [["redirects", "render", str(p.naver_archive), "--style", "nginx", "-o",
                                           str(p.tmp / "o"), "--home-url", "javascript:alert(1)"]]),
    Path_("wrong-lang", lambda p: [["formats", "--lang", "fr"]], env={"LANG": "ko_KR.UTF-8"}),
]


def _bad_input_path(case) -> Path_:
    def commands(p: Place) -> list[list[str]]:
        here = p.tmp
        for rel, data in case.files.items():
            (here / rel).parent.mkdir(parents=True, exist_ok=True)
            (here / rel).write_bytes(data)
        (here / "fast.toml").write_text(FAST, encoding="utf-8")
        (here / "backup-limit.toml").write_text("[backup]\nmax_total_bytes = 1048576\n", encoding="utf-8")
        archive = here / "A"
        if case.existing_archive:
            shutil.copytree(p.good_archive, archive)
            if "newer-schema" in case.checks:
                with sqlite3.connect(archive / "archive.sqlite3") as conn:
                    conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
        args = [a.format(A=archive, cfg=here / "fast.toml", cfg_backup=here / "backup-limit.toml", here=here,
                         url="https://bad.tistory.com") for a in case.argv]
        if case.site is not None:
            server = FixtureServer([write_site(here / "site", case.site())]).start()
            _SERVERS.append(server)
            args += server.resolve_args()
        return [args]

    return Path_("bad-input-" + case.name, commands, json_stdout="--json" in case.argv)


PATHS += [_bad_input_path(case) for case in CASES]
assert len({p.name for p in PATHS}) == len(PATHS)


# -- running them -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> dict[str, Path]:
    """The demo blog scraped (English, quiet), the fixture blog for redirects, and a small sound
    archive for the bad-input cases that give an existing -o folder."""
    base = tmp_path_factory.mktemp("archives")
    result = run_cli(["scrape", URL, "-o", base / "demo", "--mirror", DEMO_BLOG, "--quiet"])
    assert result.code == 0, result.text
    build_archive(base / "naver").close()
    site = write_site(base / "site", ok_blog())
    (base / "fast.toml").write_text(FAST, encoding="utf-8")
    with FixtureServer([site]) as srv:
        result = run_cli(["scrape", "https://ok.tistory.com", "-o", base / "good", "--config", base / "fast.toml",
                          "--quiet", *srv.resolve_args()])
    assert result.code == 0, result.text
    return {"demo": base / "demo", "naver": base / "naver", "good": base / "good"}


@pytest.fixture(scope="module")
def pseudo_dir(tmp_path_factory) -> Path:
    return pseudo_locale(tmp_path_factory.mktemp("pseudo"))


@pytest.fixture(autouse=True)
def _stop_servers():
    yield
    while _SERVERS:
        _SERVERS.pop().stop()
    i18n.set_language("en")


def run_path(path: Path_, tmp_path: Path, archives: dict[str, Path], env: dict[str, str]) -> list[tuple[list[str], str]]:
    """Run the path's command lines with ``--lang ko``; (command, what a person reads) for each."""
    place = Place(tmp_path / "run", archives["demo"], archives["naver"], archives["good"])
    place.tmp.mkdir()
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    shown = []
    for args in path.commands(place):
        result: Result = run_cli(["--lang", "ko", *args], cwd=cwd, env={"HOME": str(cwd), **(path.env or {}), **env})
        assert "Traceback" not in result.text, result.text
        shown.append((args, result.err if path.json_stdout else result.text))
    return shown


def data_words(text: str) -> set[str]:
    """What a pseudo run may print unwrapped besides URLs, paths, numbers and options: the
    program's names, and Hangul (the source messages are English: Hangul is a title or a name)."""
    return PROGRAM_WORDS | {t.strip(".,;:!?()\"") for t in text.split() if HANGUL.search(t)}


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_pseudo_translation_leaves_no_word_unwrapped(path, tmp_path, archives, pseudo_dir):
    for args, text in run_path(path, tmp_path, archives, {i18n.LOCALE_DIR_ENV: str(pseudo_dir)}):
        if not text.strip():
            continue
        assert "⟦" in text or path.name == "version", (args, text)
        # what is left outside ⟦...⟧ (which may span lines); a help text cut short loses its ⟧
        left = [_CUT_SHORT.sub(" ", line) for line in strip_wrapped(text).splitlines()]
        lines = [f"{line!r}: {words}" for line in left if (words := unwrapped_words(line, data_words(line)))]
        assert lines == [], f"{' '.join(args)}:\n" + "\n".join(lines)


# Data inside a Korean sentence: what the person typed, quoted back ('https://not a web address'),
# and the detail a library or the system gives in its own language, in parentheses right after
# the Korean words ("읽을 수 있는 zip 파일이 아닙니다(File is not a zip file)").
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_SYSTEM_DETAIL = re.compile(r"(?<=[가-힣])\((?:[^()]|\([^()]*\))*\)")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_korean_has_no_three_english_words_in_a_row(path, tmp_path, archives):
    for args, text in run_path(path, tmp_path, archives, {}):
        lines = [f"{line!r}: {runs}" for line in text.splitlines()
                 if (runs := english_runs(_SYSTEM_DETAIL.sub(" ", _QUOTED.sub(" ", _COMMAND_LINE.sub(" ", line)))))]
        assert lines == [], f"{' '.join(args)}:\n" + "\n".join(lines)


# -- what the console prints outside a command's normal path ---------------------------------------
@pytest.mark.parametrize("mode", ["pseudo", "ko"])
def test_internal_and_system_errors_are_translated(mode, pseudo_dir, monkeypatch):
    import io

    from tistory_migrate import console

    if mode == "pseudo":
        monkeypatch.setenv(i18n.LOCALE_DIR_ENV, str(pseudo_dir))
    i18n.set_language("ko")
    out, err = io.StringIO(), io.StringIO()
    with console.use_streams(out, err, width=200):
        console.print_os_error(PermissionError(13, "Permission denied", "/tmp/x/plan.csv"))
        console.print_internal_error(ValueError("boom"))
        console.print_notice("plain text from an older version")
    text = err.getvalue()
    if mode == "pseudo":
        kept = {"[Errno", "Permission", "denied", "ValueError", "boom", "plain", "text", "from", "an", "older",
                "version"}  # the system's words, the bug's, a stored plain text: data
        assert unwrapped_words(text, kept) == [], text
    else:
        assert "같은 명령을 다시 실행하세요" in text and "오류:" in text and "내부 오류:" in text, text
        assert english_runs(text.replace("plain text from an older version", "")) == [], text


def test_messages_and_plain_text_both_render(monkeypatch, pseudo_dir):
    """Report entries' reasons and warnings may be a ``Message`` or plain text (older archives)."""
    import io

    from tistory_migrate import console
    from tistory_migrate.i18n import Message, msg
    from tistory_migrate.report import Failure, ScrapeReport

    monkeypatch.setenv(i18n.LOCALE_DIR_ENV, str(pseudo_dir))
    i18n.set_language("ko")
    report = ScrapeReport(target=URL, blog_title="블로그", base_url=URL, counts={"public": 1},
                          failed=[Failure("1", URL + "/1", msg("Error: {message}", message="x"), "post"),
                                  Failure("2", URL + "/2", "an old reason", "post")],
                          warnings=[Message.text("verbatim warning"), "old warning"], notes=[msg("Note:")])
    out = io.StringIO()
    with console.use_streams(out, io.StringIO(), width=200):
        console.print_report(report)
    text = out.getvalue()
    for shown in ("⟦Error: {message}⟧".format(message="x"), "an old reason", "verbatim warning", "old warning",
                  "⟦Note:⟧", "⟦public⟧ 1"):
        assert shown in text, text


# -- the glossary -----------------------------------------------------------------------------------
# Issue 12: the idea, the Korean word, and rivals that must not stand for it.
ISSUE_12 = (("publish", "게시", ("발행", "업로드")), ("picture", "사진", ("이미지",)), ("original", "원문", ()),
            ("protected", "보호글", ()), ("private", "비공개", ()), ("export", "내보내", ()), ("scrape", "가져오", ()),
            ("archive", "보관 폴더", ("아카이브",)), ("settings file", "설정 파일", ("구성 파일",)),
            ("run the same command again", "같은 명령을 다시 실행하세요", ()))


def test_the_check_enforces_issue_12s_glossary():
    """``tools/i18n.py check`` (run on the catalog by test_i18n.py) holds every word of issue 12
    and refuses its rivals: where the English names the idea, and anywhere for the rivals issue 12
    names (NEVER_KO)."""
    tool = tools_i18n()
    for english, word, rivals in ISSUE_12:
        rules = [(pattern, korean, wrong) for pattern, korean, wrong in tool.GLOSSARY_KO
                 if re.search(pattern, english, re.I)]
        assert rules, english
        (pattern, korean, wrong), = rules
        assert re.search(korean, word), (english, korean)
        assert set(rivals) <= set(wrong) and set(rivals) <= set(tool.NEVER_KO), (english, wrong)
        for rival in rivals:
            assert tool.glossary_problems("ko", f"About the {english} here", f"{rival}입니다.")  # the idea in other words
            assert tool.glossary_problems("ko", "Open the page.", f"{rival} 페이지를 엽니다.")  # never, anywhere
        assert tool.glossary_problems("ko", f"About the {english} here", "그것입니다.")  # the word missing


def test_the_glossary_check_knows_names_and_command_lines():
    tool = tools_i18n()
    assert not tool.glossary_problems("ko", "archive", "보관_폴더")  # an argument's name: 보관_폴더 is the word
    assert not tool.glossary_problems("ko", "Next: tistory-migrate redirects render ARCHIVE --style csv -o out",
                                      "다음 단계: tistory-migrate redirects render X --style csv -o out")
    assert not tool.glossary_problems("ko", "Next: tistory-migrate export {archive} -o out", "다음: {archive}")
    assert tool.glossary_problems("ko", "Next: open the archive {archive}.", "다음: {archive}")
