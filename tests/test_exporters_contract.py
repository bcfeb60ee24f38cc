"""The contract every entry of ``exporters.EXPORTERS`` keeps (Scrapy's shared exporter test, one
class for all formats): see docs/design.md ("Exporters")."""

from __future__ import annotations

from dataclasses import fields

import pytest

from tistory_migrate.exporters import EXPORTERS
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
