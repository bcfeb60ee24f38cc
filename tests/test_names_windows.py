"""The one name rule (``normalize.names``): reserved device names, forbidden characters,
trailing dots and spaces, case collisions, lengths in UTF-16 units (an emoji is two) and
shortening that is the same on every run. ``support.winpaths``, the independent checker the
Windows-like end-to-end test uses, is checked here too: it must catch what it is for."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from support.winpaths import name_problem, padded_dir, problems, units
from tistory_migrate.exporters.base import file_name
from tistory_migrate.normalize.names import (HASH_CHARS, MAX_NAME_BYTES, MAX_NAME_UNITS, REL_PATH_UNITS, readable_name,
                                             safe_component, shorten, utf16_units, windows_safe)
from tistory_migrate.redirects.styles import STYLES


@pytest.mark.parametrize("name, expected", [
    ("CON", "CON_"), ("con.txt", "con_.txt"), ("Nul.tar.gz", "Nul_.tar.gz"), ("COM1", "COM1_"), ("lpt9.png", "lpt9_.png"),
    ("COM0", "COM0_"), ("LPT\u00b9", "LPT\u00b9_"), ("CONIN$", "CONIN$_"), ("AUX .txt", "AUX_.txt"), ("NUL ", "NUL_"),
    ("CONSOLE", "CONSOLE"), ("COM10", "COM10"), ("CONx.txt", "CONx.txt"), ("123", "123"), ("0001-123", "0001-123"),
])  # fmt: skip
def test_reserved_device_names(name, expected):
    assert safe_component(name) == expected
    assert windows_safe(expected) and name_problem(expected) is None
    if expected != name:
        assert not windows_safe(name)


@pytest.mark.parametrize("name, expected", [
    ("abc.", "abc"), ("abc. . ", "abc"), ("abc ", "abc"), ("  abc", "abc"), (".", "_"), ("..", "_"), ("...", "_"),
    ("", "_"), (" ", "_"), (".staging", ".staging"), ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j"),
    ("a\x00b\x1fc\x7f", "abc"), ("evil\u202egpj.exe", "evilgpj.exe"), ("\u1112\u1161\u11ab", "한"),
])  # fmt: skip
def test_forbidden_characters_and_trailing_dots(name, expected):
    assert safe_component(name) == expected
    assert windows_safe(expected) and name_problem(expected) is None


def test_every_fixed_name_the_tool_writes_is_safe():
    for style in STYLES.values():
        assert windows_safe(style.file_name) and safe_component(style.file_name) == style.file_name
    for name in ("archive.sqlite3", "archive.sqlite3-wal", ".lock", "media", "plan.csv", "index.html", "posts.jsonl",
                 "title.txt", "body.html", "NOTES.md", "meta.json", "images", "files", ".staging", "records.jsonl"):
        assert safe_component(name) == name


def test_lengths_count_utf16_units():
    assert utf16_units("가") == 1 and utf16_units("😀") == 2 and utf16_units("a😀가") == 4
    assert units("a😀가") == 4  # the checker counts the same way
    for hint in ("😀" * 300, "가" * 300, "a" * 300, "👍🏽" * 100, "e\u0301" * 200):
        name = readable_name(3, 12, hint + ".png", "png", set())
        assert utf16_units(name) <= MAX_NAME_UNITS and len(name.encode()) <= MAX_NAME_BYTES, name
        assert name.startswith("03-") and name.endswith(".png") and windows_safe(name)
        assert not name.split("~")[1][HASH_CHARS:].startswith("\u0301")  # no mark cut from its letter


def test_shortening_is_deterministic_keeps_prefix_and_extension_and_separates():
    long_a = "03-" + "회의록" * 30 + "-가안" + "정리" * 30 + ".hwp"
    long_b = "03-" + "회의록" * 30 + "-최종" + "정리" * 30 + ".hwp"
    a1, a2, b = shorten(long_a), shorten(long_a), shorten(long_b)
    assert a1 == a2 != b
    assert a1.startswith("03-회의록") and a1.endswith("정리.hwp")
    assert re.search(r"~[0-9a-f]{8}", a1)
    assert utf16_units(a1) <= MAX_NAME_UNITS and len(a1.encode()) <= MAX_NAME_BYTES
    assert shorten("03-짧은이름.jpg") == "03-짧은이름.jpg"  # what fits is never touched
    assert shorten(a1) == a1
    # the same long hint in one post twice: two names, and the same two on the next run
    runs = [[readable_name(1, 1, "가" * 500, "jpg", used) for _ in range(2)] for used in (set(), set())]
    assert runs[0] == runs[1] and runs[0][0] != runs[0][1]


def test_case_insensitive_collisions_within_a_folder():
    used: set[str] = set()
    names = [readable_name(1, 1, h, "jpg", used) for h in ("Photo.jpg", "photo.JPG", "PHOTO.jpg")]
    assert len({n.casefold() for n in names}) == 3
    long_used: set[str] = set()
    hints = ["A" * 200, "a" * 200]  # differ only by case: their shortened names must differ too
    long_names = [readable_name(1, 1, h, "jpg", long_used) for h in hints]
    assert len({n.casefold() for n in long_names}) == 2


def test_exporters_file_name_and_flat_budget():
    assert file_name("123") == "123" and file_name("CON") == "CON_"
    flat = file_name("123456-attachment-" + "가" * 200 + ".pdf", extra=30)
    assert utf16_units(flat) <= MAX_NAME_UNITS + 30 and flat.endswith(".pdf")
    deepest = "export/naver/.staging/99999-9999999999/images/"
    assert utf16_units(deepest) + MAX_NAME_UNITS <= REL_PATH_UNITS
    assert utf16_units("export/wxr/media/") + MAX_NAME_UNITS + 30 <= REL_PATH_UNITS


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_safe_component_is_always_safe_short_and_stable(text):
    name = safe_component(text)
    assert windows_safe(name) and name_problem(name) is None, repr(name)
    assert utf16_units(name) <= MAX_NAME_UNITS and len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES
    assert safe_component(name) == name


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["jpg", "png", "pdf", "", "hwp"]))
def test_readable_names_are_always_safe(hint, ext):
    name = readable_name(7, 12, hint, ext, set())
    assert windows_safe(name) and name_problem(name) is None and utf16_units(name) <= MAX_NAME_UNITS


def test_the_checker_catches_what_it_is_for(tmp_path):
    root = padded_dir(tmp_path, 100)
    assert units(str(root)) == 100
    (root / "ok").mkdir()
    (root / "ok" / "사진.jpg").write_bytes(b"")
    assert problems(root) == []
    (root / "ok" / "Readme.txt").write_bytes(b"")
    (root / "ok" / "README.TXT").write_bytes(b"")
    (root / "CON.txt").write_bytes(b"")
    (root / "trail.").mkdir()
    (root / ("가" * 80)).mkdir()
    (root / ("가" * 80) / ("😀" * 40)).write_bytes(b"")  # 80 + 1 + 80 units under a 100-unit folder
    found = "\n".join(problems(root))
    assert "same name as" in found and "reserved device name" in found and "trailing dot" in found
    assert "262 UTF-16 units" in found
