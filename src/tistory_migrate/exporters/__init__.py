"""Export formats. ``EXPORTERS`` is the one registry: ``formats``, ``--format`` choices and the
contract tests all derive from it."""

from __future__ import annotations

from tistory_migrate.exporters.base import Exporter
from tistory_migrate.exporters.jsonl import JsonlExporter
from tistory_migrate.exporters.naver import NaverExporter
from tistory_migrate.exporters.redirects import RedirectsExporter
from tistory_migrate.exporters.wxr import WxrExporter

EXPORTERS: dict[str, type[Exporter]] = {
    cls.name: cls for cls in (NaverExporter, WxrExporter, RedirectsExporter, JsonlExporter)
}
