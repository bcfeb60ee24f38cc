"""The contract every entry of ``exporters.EXPORTERS`` keeps (Scrapy's shared exporter test, one
class for all formats): see docs/design.md ("Exporters")."""

from __future__ import annotations

from dataclasses import fields

import pytest

from tistory_migrate.errors import ExitCode, UsageError
from tistory_migrate.exporters import EXPORTERS, FORMAT_CHOICES, resolve_formats
from tistory_migrate.exporters.base import ExportOptions

FORMATS = list(EXPORTERS)


def test_every_export_option_is_read_by_some_exporter():
    read = {name for cls in EXPORTERS.values() for name in cls.options_read}
    assert read == {f.name for f in fields(ExportOptions)}


@pytest.mark.parametrize("name", FORMATS)
def test_an_exporter_declares_only_real_options(name):
    declared = EXPORTERS[name].options_read
    assert len(set(declared)) == len(declared)
    assert set(declared) <= {f.name for f in fields(ExportOptions)}


# -- the registry and --format ------------------------------------------------------------------
@pytest.mark.parametrize("values, expected", [
    (["naver"], ["naver"]),
    (["wxr,naver", "naver"], ["wxr", "naver"]),  # comma lists and repeats, first mention wins
    ([" JSONL ", "Wxr,"], ["jsonl", "wxr"]),  # case and spaces ignored, empty parts dropped
    (["all"], FORMATS),
    (["jsonl", "all"], ["jsonl"] + [f for f in FORMATS if f != "jsonl"]),
])
def test_resolve_formats(values, expected):
    assert resolve_formats(values) == expected


@pytest.mark.parametrize("values, named", [(["naver,docx"], "docx"), ([""], ""), ([" , "], "")])
def test_resolve_formats_refuses_what_is_not_a_format(values, named):
    with pytest.raises(UsageError) as err:
        resolve_formats(values)
    assert err.value.message == f"Unknown export format '{named}'."
    assert err.value.hint == ("Choose one of: naver, wxr, redirects, jsonl, or all "
                              "(see `tistory-migrate formats`).")
    assert err.value.exit_code == ExitCode.USAGE


def test_format_help_names_the_registry():
    assert FORMAT_CHOICES == ", ".join(EXPORTERS) + ", or all"
