"""Running one exporter the way the export runs it, on bodies a test chose."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from tistory_migrate.archive import Archive
from tistory_migrate.exporters import EXPORTERS
from tistory_migrate.exporters.base import ExportContext, ExportOptions, ExportSummary
from tistory_migrate.normalize import NormalizedBody
from tistory_migrate.settings import Settings

from support.fixture_blog import body_for as fixture_body


def run_exporter(archive: Archive, name: str, out: Path, settings: Settings | None = None,
                 options: ExportOptions | None = None, *,
                 body_for: Callable[[str], NormalizedBody] = fixture_body) -> ExportSummary:
    """The export's lifecycle (start, export_post per post oldest first, finish) for the
    exporter ``name`` into ``OUT/<name>/``, with ``body_for(post_id)`` as each post's body
    instead of the normalizer's (default: the fixture blog's hand-written bodies)."""
    ctx = ExportContext(archive=archive, out_dir=Path(out) / name, settings=settings or Settings(),
                        options=options or ExportOptions(), blog=archive.get_blog())
    exporter = EXPORTERS[name](ctx)
    exporter.start()
    for post in archive.iter_posts():
        exporter.export_post(post, body_for(post.id))
    return exporter.finish()
