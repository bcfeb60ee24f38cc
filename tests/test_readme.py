"""The READMEs are contracts, checked against the code they describe.

README.md's Quickstart: exactly two one-line commands, and CI runs the second one verbatim.

Both READMEs (README.md and its Korean twin README.ko.md, whose first steps are Windows):

- every ``tistory-migrate …`` command line in their code (blocks and inline; ``.venv\\Scripts\\``
  or ``.venv/bin/`` in front is dropped, a trailing ``…`` marks a form, not a command) goes
  through the real ``cli.main`` with every command's function replaced by one that only records
  its call: it must parse, exit 0 and reach its command;
- the commands table names every command of the typer app (walked, not listed here) and only
  options its command has; each options table names only options of the command its heading
  names; the formats and redirect styles named are the registry's;
- the exit code table has one row per ``errors.ExitCode``, the field table one row per property of
  the JSON Schema (with the schema's values and sub-fields);
- every ``toml`` example loads as a settings file;
- README.ko.md has the same tables as README.md, row for row: the same first column and the
  same code in every row (the prose is translated; options, values and file names are not).
"""

from __future__ import annotations

import functools
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.cli import run_cli

ROOT = Path(__file__).resolve().parents[1]
READMES = ("README.md", "README.ko.md")


def readme(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def quickstart_blocks() -> list[str]:
    text = readme("README.md")
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


# -- reading a README -----------------------------------------------------------------------------
FENCE = re.compile(r"^```([\w-]*)\n(.*?)^```", re.S | re.M)
INLINE = re.compile(r"`([^`\n]+)`")
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced block."""
    return FENCE.findall(text)


def prose(text: str) -> str:
    """The text without its fenced blocks."""
    return FENCE.sub("", text)


def code_lines(text: str) -> list[str]:
    """Every line of every fenced block and every inline code span."""
    lines = [line for _, body in code_blocks(text) for line in body.splitlines()]
    return lines + INLINE.findall(prose(text))


def command_lines(text: str) -> list[list[str]]:
    """The arguments of every ``tistory-migrate …`` invocation in the README's code."""
    found = []
    for line in code_lines(text):
        if "tistory-migrate" not in line:
            continue
        lexer = shlex.shlex(line.replace("\\", "/"), posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        segment: list[str] = []
        for token in [*lexer, ";"]:
            if token not in ("&&", "||", ";", "|", "&"):
                segment.append(token)
                continue
            if segment and segment[0].rsplit("/", 1)[-1] == "tistory-migrate":
                args = segment[1:]
                while args and args[-1] in ("…", "..."):
                    args.pop()
                if args:
                    found.append(args)
            segment = []
    return found


@dataclass(frozen=True)
class Table:
    heading: str
    header: list[str]
    rows: list[list[str]]


def split_row(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


def tables(text: str) -> list[Table]:
    """Every table outside code, with the heading above it."""
    found, heading, lines = [], "", prose(text).splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|[-:| ]+\|", lines[i + 1].strip()):
            block = []
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                block.append(split_row(lines[j]))
                j += 1
            found.append(Table(heading, split_row(line), block))
            i = j
            continue
        i += 1
    return found


# What a table holds, by the first word of its header (README.md's English, README.ko.md's Korean).
KINDS = {"command": "commands", "명령": "commands", "option": "options", "옵션": "options",
         "code": "exit codes", "코드": "exit codes", "field": "fields", "필드": "fields"}


def tables_of(text: str, kind: str) -> list[Table]:
    return [t for t in tables(text) if KINDS.get(t.header[0].lower()) == kind]


def spans(cell: str) -> list[str]:
    return INLINE.findall(cell.replace("\\|", "|"))


# -- the command line, walked from the typer app ----------------------------------------------------
def cli_tree():
    import typer

    from tistory_migrate.cli import app

    return typer.main.get_command(app)


def is_group(cmd) -> bool:
    return hasattr(cmd, "list_commands")


def leaf_commands(cmd=None, path=()) -> dict[tuple[str, ...], object]:
    cmd = cmd if cmd is not None else cli_tree()
    if not is_group(cmd):
        return {path: cmd}
    found = {}
    for name in cmd.list_commands(None):
        found.update(leaf_commands(cmd.get_command(None, name), (*path, name)))
    return found


def options_of(cmd) -> set[str]:
    return {opt for p in cmd.params if p.param_type_name == "option" for opt in (*p.opts, *p.secondary_opts)} | {"--help"}


def command_named(words: list[str]):
    """The command the first command name in ``words`` starts (descending into groups):
    (path, command, the words after it), or None."""
    root = cli_tree()
    for start, word in enumerate(words):
        if word in root.list_commands(None):
            cmd, path, rest = root, [], words[start:]
            while is_group(cmd) and rest and rest[0] in cmd.list_commands(None):
                path.append(rest[0])
                cmd = cmd.get_command(None, rest[0])
                rest = rest[1:]
            return tuple(path), cmd, rest
    return None


@pytest.fixture
def parse_only(monkeypatch):
    """Every command of the app replaced by a function with the same parameters that only
    records that it was called: ``cli.main`` then parses a command line exactly as a user's
    run would (``--debug`` taken out, types and choices checked), and does nothing."""
    from tistory_migrate import cli

    calls: list[str] = []

    def recording(name, fn):
        @functools.wraps(fn)
        def parsed(*args, **kwargs):
            calls.append(name)

        return parsed

    def replace_in(typer_app):
        for info in typer_app.registered_commands:
            monkeypatch.setattr(info, "callback", recording(info.name or info.callback.__name__, info.callback))
        for group in typer_app.registered_groups:
            replace_in(group.typer_instance)

    replace_in(cli.app)
    return calls


# -- command lines --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", READMES)
def test_every_command_line_parses(name, parse_only):
    lines = command_lines(readme(name))
    assert ["demo", "--out", "demo-out"] in lines, "the README's command lines were not found"
    failures = []
    for args in lines:
        before = len(parse_only)
        result = run_cli(args)
        ran = len(parse_only) - before == 1 or "--help" in args or "--version" in args
        if result.code != 0 or not ran:
            failures.append(f"tistory-migrate {shlex.join(args)}: exit {result.code}\n{result.text}")
    assert failures == []


def test_command_lines_are_found_in_every_form():
    text = """
```powershell
py -m venv .venv
.venv\\Scripts\\tistory-migrate demo --out demo-out   # a comment
```
```bash
python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/tistory-migrate demo --out "demo out"
```
Run `tistory-migrate report archive`, or `.venv/bin/tistory-migrate …`; see `tistory-migrate.toml`.
"""
    assert command_lines(text) == [["demo", "--out", "demo-out"], ["demo", "--out", "demo out"],
                                   ["report", "archive"]]


def test_a_command_line_that_does_not_parse_fails(parse_only):
    for args in (["scrape", "https://NAME.tistory.com", "-o", "archive", "--mirrors", "x"],
                 ["exprot", "archive", "--format", "naver", "-o", "out"],
                 ["export", "archive", "--format", "naver", "-o", "out", "--per-day", "many"],
                 ["export", "archive", "-o", "out"]):
        assert run_cli(args).code == 2, args
    assert parse_only == []
    assert run_cli(["--debug", "redirects", "resolve", "archive", "--naver-blog", "me"]).code == 0
    assert parse_only == ["resolve"]


# -- tables against the command line -----------------------------------------------------------------
@pytest.mark.parametrize("name", READMES)
def test_the_commands_table_names_every_command_with_its_options(name):
    [table] = tables_of(readme(name), "commands")
    leaves = leaf_commands()
    seen, problems = set(), []
    for row in table.rows:
        words = [w.strip("[]") for w in " ".join(spans(row[0])).split()]
        found = command_named(words)
        if found is None or found[0] not in leaves:
            problems.append(f"{row[0]}: not a command")
            continue
        path, cmd, rest = found
        seen.add(path)
        problems += [f"{row[0]}: {' '.join(path)} has no {opt}" for opt in OPTION.findall(" ".join(rest))
                     if opt not in options_of(cmd)]
    assert problems == []
    assert sorted(seen) == sorted(leaves), "every command has a row"


@pytest.mark.parametrize("name", READMES)
def test_option_tables_name_only_options_of_their_command(name):
    option_tables = tables_of(readme(name), "options")
    assert len(option_tables) >= 2
    problems = []
    for table in option_tables:
        found = command_named(re.findall(r"[a-z][a-z-]*", table.heading.lower()))
        assert found is not None, f"the heading {table.heading!r} names no command"
        path, cmd, _ = found
        for row in table.rows:
            opts = OPTION.findall(" ".join(spans(row[0])))
            assert opts, f"{row[0]}: no option"
            problems += [f"{table.heading}: {' '.join(path)} has no {opt}" for opt in opts if opt not in options_of(cmd)]
    assert problems == []


def _row_of(table: Table, path: tuple[str, ...]) -> list[str]:
    for row in table.rows:
        found = command_named([w.strip("[]") for w in " ".join(spans(row[0])).split()])
        if found and found[0] == path:
            return row
    raise AssertionError(f"no row for {' '.join(path)}")


@pytest.mark.parametrize("name", READMES)
def test_the_formats_and_styles_named_are_the_registry_ones(name):
    from tistory_migrate.errors import UsageError
    from tistory_migrate.exporters import EXPORTERS, resolve_formats
    from tistory_migrate.redirects.styles import STYLES

    [table] = tables_of(readme(name), "commands")
    formats = [s for s in spans(_row_of(table, ("export",))[1]) if re.fullmatch(r"[a-z]+", s)]
    assert set(EXPORTERS) <= set(formats)
    for fmt in formats:
        try:
            resolve_formats([fmt])
        except UsageError:
            pytest.fail(f"{fmt} is not an export format")
    styles = re.findall(r"[a-z][a-z-]*", _row_of(table, ("redirects", "render"))[1])
    assert sorted(styles) == sorted(STYLES)


@pytest.mark.parametrize("name", READMES)
def test_the_exit_code_table_is_the_exit_codes(name):
    from tistory_migrate.errors import ExitCode

    [table] = tables_of(readme(name), "exit codes")
    assert [int(row[0]) for row in table.rows] == [int(code) for code in ExitCode]
    if name == "README.md":  # the English names are the codes' names ("configuration" for CONFIG)
        for row, code in zip(table.rows, ExitCode):
            assert row[1].lower().startswith(code.name.lower()), (row, code)


@pytest.mark.parametrize("name", READMES)
def test_the_field_table_is_the_json_schema(name):
    schema = json.loads((ROOT / "src/tistory_migrate/schema/post.schema.json").read_text(encoding="utf-8"))
    [table] = tables_of(readme(name), "fields")
    fields = [f for row in table.rows for f in spans(row[0])]
    assert sorted(fields) == sorted(schema["properties"])
    for row in table.rows:
        [field, *_] = spans(row[0])
        prop = schema["properties"][field]
        values = prop.get("enum") or prop.get("items", {}).get("enum")
        if values:
            assert sorted(s for s in spans(row[1]) if re.fullmatch(r"[a-z_]+", s)) == sorted(values), field
        keys = prop.get("items", {}).get("properties")
        if keys:
            [record] = [s for s in spans(row[1]) if s.startswith("{")]
            assert re.findall(r"\w+", record) == list(keys), field


@pytest.mark.parametrize("name", READMES)
def test_the_settings_examples_load(name, tmp_path):
    from tistory_migrate.settings import load_settings

    examples = [body for lang, body in code_blocks(readme(name)) if lang == "toml"]
    assert examples
    for i, body in enumerate(examples):
        path = tmp_path / f"{i}.toml"
        path.write_text(body, encoding="utf-8")
        load_settings(path)


# -- README.ko.md against README.md ----------------------------------------------------------------
def test_the_korean_readme_has_the_same_tables_row_for_row():
    english, korean = tables(readme("README.md")), tables(readme("README.ko.md"))
    assert [KINDS.get(t.header[0].lower()) for t in korean] == [KINDS.get(t.header[0].lower()) for t in english]
    for en, ko in zip(english, korean):
        assert [row[0] for row in ko.rows] == [row[0] for row in en.rows], en.heading
        for en_row, ko_row in zip(en.rows, ko.rows):
            assert len(ko_row) == len(en_row), en_row
            assert sorted(s for cell in ko_row for s in spans(cell)) == \
                sorted(s for cell in en_row for s in spans(cell)), en_row


def test_readme_links_the_korean_readme_above_the_quickstart():
    assert "(README.ko.md)" in readme("README.md").split("## Quickstart", 1)[0]
    assert "(README.md)" in readme("README.ko.md")


def test_the_korean_readme_starts_with_the_windows_steps():
    blocks = code_blocks(readme("README.ko.md"))
    first_lang, first = blocks[0]
    assert first_lang == "powershell"
    assert first.splitlines() == ["py -m venv .venv", ".venv\\Scripts\\pip install .",
                                  ".venv\\Scripts\\tistory-migrate demo --out demo-out"]
    text = readme("README.ko.md")
    for needle in ("python.org", "Add python.exe to PATH", "Download ZIP", "git clone", "pipx install .",
                   "SmartScreen", "Set-ExecutionPolicy -Scope CurrentUser RemoteSigned", "--proxy", "HTTPS_PROXY",
                   "## macOS"):
        assert needle in text, needle
    # Windows PowerShell 5.1 has no &&: one command per line.
    assert [body for lang, body in blocks if lang == "powershell" and "&&" in body] == []


@pytest.mark.parametrize("name", READMES)
def test_no_readme_promises_an_install_from_pypi(name):
    """The package is not on PyPI: no command to copy installs it from there."""
    for _, body in code_blocks(readme(name)):
        assert not re.search(r"pip install tistory-migrate\b", body), body


# The helper page's words: one word per idea (the words on the right are the ones they replace).
GLOSSARY_KO = {"게시": ("발행", "퍼블리시"), "사진": ("이미지", "그림"), "원문": ("원본", "오리지널"),
               "보호글": ("비밀글", "보호된"), "비공개": ("개인", "프라이빗"), "내보내기": ("익스포트", "추출"),
               "가져오기": ("스크랩", "수집"), "보관 폴더": ("아카이브", "보관함", "저장소"),
               "설정 파일": ("구성 파일", "환경설정 파일", "설정파일"),
               "같은 명령을 다시 실행하세요": ("다시 실행해 주세요",)}


def test_the_korean_readme_uses_the_glossary_words():
    text = INLINE.sub(" ", prose(readme("README.ko.md")))
    text = re.sub(r"<?https?://\S+", " ", text)
    for word, replaced in GLOSSARY_KO.items():
        assert word in text, word
        assert [w for w in replaced if re.search(rf"(?<!\w){w}", text)] == [], word  # a word, not 10,000개인
