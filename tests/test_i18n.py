"""The command line speaks Korean or English: choosing the language, the catalogs, typer's own
words and usage errors, stored messages, and a pseudo-translation for checking coverage."""

from __future__ import annotations

import importlib.util
import locale
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tistory_migrate import i18n
from support.cli import run_cli as support_run_cli
from support.i18n import english_runs, pseudo_locale, unwrapped_words
from tistory_migrate.i18n import Message, detect_language, msg, msg_n, resolve_language

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "tistory_migrate" / "locale"
KO_MO = LOCALE / "ko" / "LC_MESSAGES" / "tistory_migrate.mo"
POT = LOCALE / "tistory_migrate.pot"
HANGUL = re.compile("[가-힣]")


def _tool():
    spec = importlib.util.spec_from_file_location("tm_i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


# -- choosing the language --------------------------------------------------------------------------
@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"LANG": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "ko_KR"}, "ko"),
    ({"LANG": "ko"}, "ko"),
    ({"LANG": "Korean_Korea.949"}, "ko"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "POSIX"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": ""}, "en"),
    # gettext's order: LANGUAGE, LC_ALL, LC_MESSAGES, LANG; the first set and not empty decides
    ({"LANGUAGE": "ko", "LC_ALL": "C", "LC_MESSAGES": "C", "LANG": "C"}, "ko"),
    ({"LANGUAGE": "", "LC_ALL": "ko_KR.UTF-8", "LANG": "C"}, "ko"),
    ({"LC_ALL": "C", "LC_MESSAGES": "ko_KR.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
    ({"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "C"}, "ko"),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
    # LANGUAGE is a list: the first language this tool speaks wins
    ({"LANGUAGE": "fr:ko:en", "LANG": "C"}, "ko"),
    ({"LANGUAGE": "en:ko"}, "en"),
    ({"LANGUAGE": "fr:de", "LANG": "ko_KR.UTF-8"}, "en"),
    ({"LANGUAGE": "ko_KR.UTF-8:en"}, "ko"),
])
def test_language_from_the_environment(environ, expected):
    assert detect_language(environ) == expected


@pytest.mark.parametrize("ui, expected", [
    (1042, "ko"), (0x0412, "ko"), ("1042", "ko"), ("Korean_Korea", "ko"), ("Korean_Korea.949", "ko"),
    ("ko-KR", "ko"), (1033, "en"), (0x0409, "en"), ("English_United States", "en"), ("French_France", "en"),
])
def test_windows_ui_language_when_the_environment_says_nothing(ui, expected):
    assert detect_language({}, windows_ui_language=ui) == expected


def test_the_environment_beats_the_windows_ui_language():
    assert detect_language({"LANG": "C"}, windows_ui_language=1042) == "en"
    assert detect_language({"LANG": "ko_KR.UTF-8"}, windows_ui_language=1033) == "ko"


def test_flag_beats_setting_beats_environment():
    korean, english = {"LANG": "ko_KR.UTF-8"}, {"LANG": "C"}
    assert resolve_language("en", "ko", korean) == "en"
    assert resolve_language("ko", "en", english) == "ko"
    assert resolve_language(None, "ko", english) == "ko"
    assert resolve_language(None, "en", korean) == "en"
    assert resolve_language(None, "auto", korean) == "ko"
    assert resolve_language(None, "auto", english) == "en"
    assert resolve_language(None, "auto", {}, windows_ui_language=1042) == "ko"
    with pytest.raises(ValueError):
        resolve_language("fr", "auto", english)
    with pytest.raises(ValueError):
        resolve_language(None, "korean", english)


@pytest.fixture
def in_process_main():
    """cli.main run in this process: its signal handlers are put back afterwards."""
    import signal

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def test_setlocale_is_never_called(monkeypatch, capsys, in_process_main):
    def refuse(*args, **kwargs):
        raise locale.Error("unsupported locale setting")

    monkeypatch.setattr(locale, "setlocale", refuse)
    assert detect_language({"LANG": "ko_KR.UTF-8"}) == "ko"
    i18n.set_language("ko")
    assert HANGUL.search(i18n._("Options"))
    from tistory_migrate import cli

    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["formats"])
    assert exit_info.value.code == 0
    assert HANGUL.search(capsys.readouterr().out)


# -- translating ----------------------------------------------------------------------------------------
def test_english_until_a_language_is_set_and_unknown_ids_pass_through():
    assert i18n.language() == "en"
    assert i18n._("Options") == "Options"
    i18n.set_language("ko")
    assert i18n.language() == "ko"
    assert i18n._("Options") == "옵션"
    assert i18n._("A sentence nobody translated.") == "A sentence nobody translated."
    assert i18n.N_("Options") == "Options"  # only marks
    i18n.set_language("en")
    assert i18n._("Options") == "Options"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_a_message_renders_in_the_current_language_and_round_trips():
    m = msg("Option {name} requires an argument.", name="'-f'")
    assert m.render() == "Option '-f' requires an argument."
    i18n.set_language("ko")
    assert m.render() == "'-f' 옵션 뒤에 값을 써 주세요."
    assert str(m) == m.render()
    assert m.english() == "Option '-f' requires an argument."  # --json and CSV keep English
    data = m.to_dict()
    assert data == {"id": "Option {name} requires an argument.", "params": {"name": "'-f'"}}
    assert Message.from_dict(data) == m
    assert Message.from_dict(data).render() == "'-f' 옵션 뒤에 값을 써 주세요."


def test_nested_counted_unknown_and_old_messages():
    i18n.set_language("ko")
    nested = msg("Invalid value for {name}: {reason}", name="'--limit'",
                 reason=msg("Input should be greater than or equal to {ge}", ge=1))
    assert nested.render() == "'--limit' 값이 올바르지 않습니다: 1 이상이어야 합니다."
    assert nested.english() == "Invalid value for '--limit': Input should be greater than or equal to 1"
    assert Message.from_dict(nested.to_dict()) == nested
    counted = msg_n("{n} picture could not be downloaded.", "{n} pictures could not be downloaded.", 3)
    assert counted.english() == "3 pictures could not be downloaded."
    assert msg_n("{n} picture could not be downloaded.", "{n} pictures could not be downloaded.", 1).english() \
        == "1 picture could not be downloaded."
    assert Message.from_dict(counted.to_dict()) == counted
    assert counted.render() == "3 pictures could not be downloaded."  # not in the catalog: English
    # an id the catalog does not know is formatted English; a translation that does not fit falls back
    assert msg("The post {id} is gone.", id=7).render() == "The post 7 is gone."
    assert msg("Option {name} requires an argument.").render() == "Option {name} requires an argument."
    # what older versions stored: a plain string, shown as it is (braces too)
    old = Message.from_dict("HTTP 404 for {weird} URL")
    assert old.render() == old.english() == "HTTP 404 for {weird} URL"
    assert Message.from_dict(old.to_dict()) == old


# -- the catalogs ---------------------------------------------------------------------------------------
def test_every_committed_po_compiles_to_the_committed_mo(tmp_path):
    pos = sorted(LOCALE.glob("*/LC_MESSAGES/tistory_migrate.po"))
    assert pos, "no catalog"
    for po in pos:
        out = tmp_path / (po.parent.parent.name + ".mo")
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "compile", "-D", "tistory_migrate",
                        "-i", str(po), "-o", str(out)], check=True)
        assert out.read_bytes() == po.with_suffix(".mo").read_bytes(), \
            f"{po} changed: run python tools/i18n.py compile and commit the .mo"


def test_extraction_reproduces_the_committed_template(tmp_path):
    tool = _tool()
    fresh = tmp_path / "fresh.pot"
    tool.extract(fresh)
    assert tool.stable_text(fresh.read_text(encoding="utf-8")) == tool.stable_text(POT.read_text(encoding="utf-8")), \
        "the messages changed: run python tools/i18n.py extract, update, translate, compile"


def test_the_korean_catalog_is_complete_consistent_and_uses_the_glossary():
    assert _tool().check() == []


def test_the_glossary_check_catches_a_wrong_word():
    tool = _tool()
    assert tool.glossary_problems("ko", "Downloading the images of the archive", "보관 폴더의 사진을 받는 중")== []
    assert tool.glossary_problems("ko", "Downloading the images", "이미지를 받는 중")
    assert tool.glossary_problems("ko", "Exporting", "익스포트 중")
    assert tool.glossary_problems("ko", "Example: tistory-migrate scrape URL -o archive", "예") == []


@pytest.mark.slow
def test_a_wheel_built_offline_contains_the_catalogs_and_speaks_korean(tmp_path):
    src = tmp_path / "project"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(wheels), str(src)], check=True, capture_output=True, timeout=300)
    [wheel] = wheels.glob("tistory_migrate-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "tistory_migrate/locale/ko/LC_MESSAGES/tistory_migrate.mo" in names
        assert zf.read("tistory_migrate/locale/ko/LC_MESSAGES/tistory_migrate.mo") == KO_MO.read_bytes()
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(target),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    proc = run_cli("--lang", "ko", "formats", env={"PYTHONPATH": str(target)}, cwd=tmp_path,
                   code="import tistory_migrate, sys; assert tistory_migrate.__file__.startswith(sys.argv[1]), "
                        "tistory_migrate.__file__; from tistory_migrate.cli import main; "
                        "sys.argv[1:] = sys.argv[2:]; main()", code_args=[str(target)])
    assert proc.returncode == 0, proc.stderr
    assert "네이버 블로그" in proc.stdout


# -- the command line -------------------------------------------------------------------------------
ENGLISH_ENV = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", i18n.LOCALE_DIR_ENV: ""}


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, code: str | None = None,
            code_args: list[str] = (), process: bool = False) -> subprocess.CompletedProcess:
    """The command line, 80 columns, in an English environment unless ``env`` says otherwise: in
    this process (support.cli.run_cli), or in a child (``process``, or ``code`` to run there)."""
    pinned = {**ENGLISH_ENV, "COLUMNS": "80", **(env or {})}
    if code is None and not process:
        result = support_run_cli(list(args), cwd=cwd or ROOT, env=pinned)
        return subprocess.CompletedProcess(list(args), result.code, result.out, result.err)
    base = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT / "src"), **pinned}
    command = [sys.executable, "-c", code, *code_args] if code else [sys.executable, "-m", "tistory_migrate"]
    return subprocess.run([*command, *args], capture_output=True, text=True, encoding="utf-8", env=base,
                          cwd=cwd or ROOT, timeout=120)


FORMATS_KO = "네이버 블로그에 붙여넣을 글 묶음"
FORMATS_EN = "Naver Blog paste bundles"


@pytest.mark.parametrize("args", [["--lang", "ko", "formats"], ["formats", "--lang", "ko"], ["formats", "--lang=ko"],
                                  ["--debug", "formats", "--lang", "en", "--lang", "ko"]])
def test_lang_ko_anywhere_on_the_command_line(args, tmp_path):
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert FORMATS_KO in proc.stdout and FORMATS_EN not in proc.stdout
    assert len(proc.stdout.splitlines()) == 4
    assert english_runs(proc.stdout) == []


def test_lang_en_beats_a_korean_environment_and_the_environment_decides_otherwise(tmp_path):
    korean = {"LANG": "ko_KR.UTF-8"}
    assert FORMATS_KO in run_cli("formats", env=korean, cwd=tmp_path).stdout
    child = run_cli("formats", env=korean, cwd=tmp_path, process=True)  # a real process's environment
    assert child.returncode == 0 and FORMATS_KO in child.stdout, child.stderr
    assert FORMATS_KO in run_cli("formats", env={"LANG": "C", "LANGUAGE": "ko"}, cwd=tmp_path).stdout
    english = run_cli("--lang", "en", "formats", env=korean, cwd=tmp_path)
    assert english.returncode == 0 and FORMATS_EN in english.stdout and not HANGUL.search(english.stdout)
    assert run_cli("formats", cwd=tmp_path).stdout == english.stdout


def test_a_wrong_lang_is_a_usage_error(tmp_path):
    for args in (["--lang", "fr", "formats"], ["formats", "--lang"]):
        proc = run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 2 and "--lang" in proc.stderr and "Traceback" not in proc.stderr


def test_scrape_help_in_korean(tmp_path):
    proc = run_cli("--lang", "ko", "scrape", "--help", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for korean in ("사용법: tistory-migrate scrape [옵션] [주소]", "인수:", "옵션:", "이 도움말을 보여 주고 끝냅니다.",
                   "새로 만들거나 이어서 채울 보관 폴더입니다.", "-o, --output <경로>", "--limit <정수>", "예: tistory-migrate"):
        assert korean in out, out
    for english in ("Usage:", "Options:", "Arguments:", "Show this message", "The archive folder", "<path>"):
        assert english not in out, out
    assert english_runs(out) == []
    from tistory_migrate.cli_text import display_width

    assert max(display_width(line) for line in out.splitlines()) <= 80  # Hangul is two columns


def test_help_in_english_is_typers_own(tmp_path):
    proc = run_cli("--lang", "en", "scrape", "--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("Usage: tistory-migrate scrape [OPTIONS] [url]\n")
    assert "Options:\n" in proc.stdout and "Show this message and exit." in proc.stdout
    assert "  --limit <int range>    At most this many posts (the newest).  [x>=1]\n" in proc.stdout
    assert not HANGUL.search(proc.stdout.replace("협치/원탁회의", ""))  # a category name is data


def test_formats_help_in_korean(tmp_path):
    proc = run_cli("--lang", "ko", "formats", "--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert "내보내기 형식을 보여 줍니다." in proc.stdout and "예: tistory-migrate formats" in proc.stdout
    assert english_runs(proc.stdout) == []


@pytest.mark.parametrize("args, korean, english", [
    (["scrape", "--limit", "abc"], "오류: '--limit' 값이 올바르지 않습니다: 정수를 써 주세요",
     "Error: Invalid value for '--limit': Input should be a valid integer, unable to parse string as an integer"),
    (["scrape", "--delay", "-1"], "오류: '--delay' 값이 올바르지 않습니다: 0 이상이어야 합니다.",
     "Error: Invalid value for '--delay': Input should be greater than or equal to 0"),
    (["export", "archive"], "오류: 꼭 써야 하는 옵션이 빠졌습니다: '--format' / '-f'",
     "Error: Missing option '--format' / '-f'."),
    (["report"], "오류: 빠진 인수가 있습니다: '보관_폴더'", "Error: Missing argument 'archive'."),
    (["scrape", "--outpt", "x"], "오류: 없는 옵션입니다: --outpt (혹시 이 옵션인가요? --output)",
     "Error: No such option: --outpt (Possible options: --output)"),
    (["formatz"], "오류: 없는 명령입니다: 'formatz'. 혹시 이 명령인가요? 'formats'",
     "Error: No such command 'formatz'. Did you mean 'formats'?"),
    (["export", "a", "-f"], "오류: '-f' 옵션 뒤에 값을 써 주세요.", "Error: Option '-f' requires an argument."),
    (["scrape", "a", "b", "c"], "오류: 필요 없는 값이 더 있습니다: b c", "Error: Got unexpected extra argument(s) (b c)"),
])
def test_usage_errors_in_korean_keep_exit_2(args, korean, english, tmp_path):
    ko = run_cli("--lang", "ko", *args, cwd=tmp_path)
    assert ko.returncode == 2, ko.stderr
    assert korean in ko.stderr, ko.stderr
    assert "Traceback" not in ko.stderr and english_runs(ko.stderr) == []
    if "Try '" in run_cli(*args, cwd=tmp_path).stderr:
        assert "사용법: tistory-migrate" in ko.stderr and "자세한 도움말은 'tistory-migrate" in ko.stderr
    en = run_cli("--lang", "en", *args, cwd=tmp_path)
    assert en.returncode == 2 and english in en.stderr and not HANGUL.search(en.stderr)


def test_no_arguments_shows_the_help_in_korean_with_exit_2(tmp_path):
    proc = run_cli("--lang", "ko", "redirects", cwd=tmp_path)
    assert proc.returncode == 2
    assert "사용법: tistory-migrate redirects [옵션] 명령 [인수]..." in proc.stderr and "명령:" in proc.stderr


def test_usage_errors_are_recognised_and_english_is_typers_text():
    """Every usage error of this table becomes a message id (not typer's text kept verbatim), whose
    English is exactly what typer prints: typer changing its words breaks this test, not the output."""
    from tistory_migrate.cli import app
    from tistory_migrate.cli_text import localized_command, usage_error_message
    from typer._click.exceptions import ClickException

    command = localized_command(app)
    for args in (["scrape", "--limit", "abc"], ["scrape", "--limit", "0"], ["scrape", "--delay", "x"],
                 ["export", "a", "--per-day", "300", "-f", "x", "-o", "y"], ["export", "a", "--per-day", "2.5"],
                 ["export", "a"], ["report"], ["scrape", "--outpt", "x"], ["scrape", "--bogus"], ["formatz"],
                 ["formts"], ["export", "a", "-f"], ["scrape", "a", "b"], ["redirects", "rendr"]):
        with pytest.raises(ClickException) as info:
            command.main(args=args, prog_name="tistory-migrate", standalone_mode=False)
        message = usage_error_message(info.value)
        assert not message.verbatim, (args, info.value.format_message())
        assert message.english() == info.value.format_message()


def test_interrupted_message_in_korean(monkeypatch, capsys, in_process_main):
    from tistory_migrate import cli
    from tistory_migrate.errors import ExitCode

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.export.typer, "echo", interrupt)
    with pytest.raises(SystemExit) as info:
        cli.main(["--lang", "ko", "formats"])
    assert info.value.code == ExitCode.INTERRUPTED
    assert "같은 명령을 다시 실행하세요" in capsys.readouterr().err


def test_the_ui_lang_setting(tmp_path):
    (tmp_path / "tistory-migrate.toml").write_text('[ui]\nlang = "ko"\n', encoding="utf-8")
    assert FORMATS_KO in run_cli("formats", cwd=tmp_path).stdout
    assert FORMATS_EN in run_cli("--lang", "en", "formats", cwd=tmp_path).stdout
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "mine.toml").write_text('[ui]\nlang = "ko"\n', encoding="utf-8")
    assert "사용법:" in run_cli("scrape", "--config", str(other / "mine.toml"), "--help", cwd=other).stdout
    assert "사용법:" in run_cli("scrape", f"--config={other / 'mine.toml'}", "--help", cwd=other).stdout
    assert "Usage:" in run_cli("scrape", "--help", cwd=other).stdout
    (other / "en.toml").write_text('[ui]\nlang = "en"\n', encoding="utf-8")
    assert "Usage:" in run_cli("scrape", "--config", str(other / "en.toml"), "--help", env={"LANG": "ko_KR.UTF-8"},
                               cwd=other).stdout


def test_a_bad_settings_file_is_still_reported_by_the_command(tmp_path):
    (tmp_path / "tistory-migrate.toml").write_text('[ui]\nlang = "fr"\n', encoding="utf-8")
    proc = run_cli("scrape", "https://x.tistory.com", "-o", str(tmp_path / "a"), cwd=tmp_path)
    assert proc.returncode == 3 and "ui.lang must be auto, ko or en" in proc.stderr
    (tmp_path / "tistory-migrate.toml").write_text('[ui]\nlang = "ko"\n[fetch]\npage_dealy = 3\n', encoding="utf-8")
    proc = run_cli("scrape", "https://x.tistory.com", "-o", str(tmp_path / "a"), cwd=tmp_path)
    assert proc.returncode == 3 and "page_dealy" in proc.stderr
    (tmp_path / "tistory-migrate.toml").write_text("[ui\nlang = ", encoding="utf-8")
    assert run_cli("formats", cwd=tmp_path).returncode == 0  # the pre-read is quiet


def test_ui_settings_load_and_the_early_read(tmp_path):
    from tistory_migrate.errors import ConfigError
    from tistory_migrate.settings import early_settings, load_settings

    assert load_settings(cwd=tmp_path).ui.lang == "auto"
    path = tmp_path / "s.toml"
    path.write_text('[ui]\nlang = "ko"\n', encoding="utf-8")
    assert load_settings(path).ui.lang == "ko" and early_settings(path).ui.lang == "ko"
    path.write_text('[ui]\nlang = "jp"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(path)
    assert early_settings(path).ui.lang == "auto"
    path.write_text('[ui]\nlanguage = "ko"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(path)
    for text in ('ui = "ko"\n', "[ui\nlang = ", '[ui]\nlang = 3\n'):
        path.write_text(text, encoding="utf-8")
        assert early_settings(path).ui.lang == "auto"
    assert early_settings(tmp_path / "missing.toml").ui.lang == "auto"
    assert early_settings(None, cwd=tmp_path).ui.lang == "auto"
    (tmp_path / "tistory-migrate.toml").write_text('[ui]\nlang = "en"\n', encoding="utf-8")
    assert early_settings(None, cwd=tmp_path).ui.lang == "en"


# -- layout ---------------------------------------------------------------------------------------------
def test_wrapping_by_display_width_is_clicks_for_ascii():
    from typer._click.formatting import wrap_text as click_wrap

    from tistory_migrate.cli_text import display_width, wrap_text

    samples = ["A TOML settings file (default ./tistory-migrate.toml).", "x" * 120, "word " * 40,
               "First paragraph here.\n\nSecond one, a bit longer than the first one is.",
               "\b\nkeep   this\n  as it is", "naver, wxr, redirects, jsonl, or all (repeatable).  [required]"]
    for text in samples:
        for width in (10, 23, 40, 78):
            for indent in ("", "  "):
                for paragraphs in (False, True):
                    assert wrap_text(text, width, indent, indent, paragraphs) == \
                        click_wrap(text, width, indent, indent, paragraphs), (text, width)
    korean = "티스토리 블로그의 글을 모두 찾아, 글 정보와 본문과 사진을 이 컴퓨터의 보관 폴더에 저장합니다. " * 3
    lines = wrap_text(korean, 40).splitlines()
    assert len(lines) > 3 and all(display_width(line) <= 40 for line in lines)
    assert all(display_width(line) <= 9 for line in wrap_text("가나다라마바사아자차카타파하", 9).splitlines())
    assert display_width("가a\u0301") == 3


# -- pseudo-translation ---------------------------------------------------------------------------------
PROGRAM_WORDS = {"tistory-migrate", "scrape", "formats", "report", "url", "naver", "wxr", "redirects", "jsonl"}


def test_pseudo_translation_wraps_every_line_of_the_translated_paths(tmp_path):
    """The lead's coverage test in small: with every msgstr ⟦msgid⟧, what these paths print is
    wrapped but for data. Extend the list of paths as messages get marked."""
    pseudo_locale(tmp_path / "pseudo")
    env = {i18n.LOCALE_DIR_ENV: str(tmp_path / "pseudo")}
    for args, stream in ((["formats"], "stdout"), (["formats", "--help"], "stdout"), (["scrape", "--help"], "stdout"),
                         (["scrape", "--limit", "abc"], "stderr"), (["report"], "stderr"),
                         (["scrape", "--outpt", "x"], "stderr"), (["formatz"], "stderr")):
        proc = run_cli("--lang", "ko", *args, env=env, cwd=tmp_path)
        text = getattr(proc, stream)
        assert "⟦" in text, (args, text)
        assert unwrapped_words(text, PROGRAM_WORDS) == [], (args, text)
    # and a line nobody marked shows up, data does not
    assert unwrapped_words("⟦Usage:⟧ tistory-migrate -o x.txt [x>=1] '--limit' 12\nNot marked yet.", PROGRAM_WORDS) \
        == ["Not", "marked", "yet."]


def test_the_pattern_for_help_with_values_and_metavars(tmp_path, monkeypatch):
    """What the lead applies to every command: help=N_("...") for fixed help, help_text("... {x}",
    x=...) for help with values (never an f-string), metavar=N_("...") for an argument's name."""
    import io

    import typer
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from tistory_migrate.cli_text import help_text, localized_command
    from tistory_migrate.i18n import N_

    catalog = Catalog(locale="ko", domain="tistory_migrate")
    catalog.add("Write the archive in a format.", "보관 폴더를 한 형식으로 씁니다.")
    catalog.add("{choices}, or all (repeatable).", "{choices} 또는 all (여러 번 쓸 수 있습니다).")
    catalog.add("ARCHIVE", "보관_폴더")
    buf = io.BytesIO()
    write_mo(buf, catalog)
    (tmp_path / "ko" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ko" / "LC_MESSAGES" / "tistory_migrate.mo").write_bytes(buf.getvalue())
    monkeypatch.setenv(i18n.LOCALE_DIR_ENV, str(tmp_path))

    app = typer.Typer(add_completion=False, rich_markup_mode=None)

    @app.command(help=N_("Write the archive in a format."))
    def export(archive: str = typer.Argument(..., metavar=N_("ARCHIVE")),
               fmt: list[str] = typer.Option(..., "--format", help=help_text("{choices}, or all (repeatable).",
                                                                             choices="naver, wxr"))) -> None:
        pass

    @app.command()
    def other() -> None:
        pass

    def help_of(lang: str) -> str:
        i18n.set_language(lang)
        command = localized_command(app)
        with command.make_context("prog", ["export", "--help"], resilient_parsing=True) as ctx:
            sub = command.get_command(ctx, "export")
            with sub.make_context("export", [], parent=ctx, resilient_parsing=True) as sub_ctx:
                return sub.get_help(sub_ctx)

    english, korean = help_of("en"), help_of("ko")
    assert "Write the archive in a format." in english and "naver, wxr, or all (repeatable)." in english
    assert "ARCHIVE" in english
    assert "보관 폴더를 한 형식으로 씁니다." in korean and "naver, wxr 또는 all (여러 번 쓸 수 있습니다)." in korean
    assert "{보관_폴더}" in korean and "  보관_폴더 <str>" in korean
