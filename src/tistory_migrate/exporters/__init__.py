"""Export formats. ``EXPORTERS`` is the one registry: ``formats``, ``--format`` choices and the
contract tests all derive from it."""

from __future__ import annotations

from tistory_migrate.exporters.base import Exporter
from tistory_migrate.exporters.jsonl import JsonlExporter

EXPORTERS: dict[str, type[Exporter]] = {JsonlExporter.name: JsonlExporter}


def _register_optional() -> None:
    # Formats land one by one; each registers itself here when its module exists.
    import importlib

    for module, cls in (("naver", "NaverExporter"), ("wxr", "WxrExporter"), ("redirects", "RedirectsExporter")):
        try:
            mod = importlib.import_module(f"tistory_migrate.exporters.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tistory_migrate.exporters.{module}":
                raise
            continue
        exporter = getattr(mod, cls)
        EXPORTERS[exporter.name] = exporter


_register_optional()
