"""Export formats. ``EXPORTERS`` is the one registry: ``formats``, the ``--format`` words and
their help, and the contract tests all derive from it; ``resolve_formats`` is the one parser
of ``--format`` (docs/design.md, "Exporters")."""

from __future__ import annotations

from tistory_migrate.errors import UsageError
from tistory_migrate.i18n import _
from tistory_migrate.exporters.base import Exporter
from tistory_migrate.exporters.jsonl import JsonlExporter
from tistory_migrate.exporters.naver import NaverExporter
from tistory_migrate.exporters.redirects import RedirectsExporter
from tistory_migrate.exporters.wxr import WxrExporter

EXPORTERS: dict[str, type[Exporter]] = {
    cls.name: cls for cls in (NaverExporter, WxrExporter, RedirectsExporter, JsonlExporter)
}
FORMAT_CHOICES = f"{', '.join(EXPORTERS)}, or all"  # what --format accepts, in registry order (English)


def format_choices() -> str:
    """``FORMAT_CHOICES`` in the current language (the format words themselves never change)."""
    # TRANSLATORS: {names} is the list of export formats; "all" is a word the command line takes.
    return _("{names}, or all").format(names=", ".join(EXPORTERS))


def resolve_formats(values: list[str]) -> list[str]:
    """The formats that ``--format`` values name, in the order given, each once: comma lists
    and repeats are joined, case is ignored, ``all`` is every format. An unknown or empty name
    is a usage error (exit 2)."""
    formats: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip().lower()
            if part == "all":
                formats.extend(EXPORTERS)
            elif part:
                formats.append(part)
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in EXPORTERS]
    if unknown or not formats:
        raise UsageError(_("Unknown export format '{name}'.").format(name=unknown[0] if unknown else ""),
                         hint=_("Choose one of: {choices} (see `tistory-migrate formats`).").format(choices=format_choices()))
    return formats
