"""Run one or more exporters over an archive: normalize each post once, feed every format."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from tistory_migrate.archive import Archive
from tistory_migrate.exporters import EXPORTERS, resolve_formats
from tistory_migrate.exporters.base import ExportContext, ExportOptions
from tistory_migrate.normalize import normalize_post
from tistory_migrate.report import ExportSummary
from tistory_migrate.settings import Settings

Progress = Callable[[int, int], None]


def blog_hosts(archive: Archive) -> set[str]:
    blog = archive.get_blog()
    hosts: set[str] = set()
    if blog:
        hosts.add(blog.host)
        if blog.tistory_host:
            hosts.add(blog.tistory_host)
        if blog.name:
            hosts.add(f"{blog.name}.tistory.com")
    return {h.lower() for h in hosts if h}


def run_export(archive: Archive, formats: list[str], out: Path, settings: Settings,
               options: ExportOptions | None = None, progress: Progress | None = None) -> list[ExportSummary]:
    """Export ``archive`` in ``formats`` (``--format`` words) under ``out/<format>/``: every
    exporter starts, gets every post oldest first (normalized once for all), and finishes;
    on any error or interruption each one aborts instead."""
    formats = resolve_formats(formats)
    options = options or ExportOptions()
    blog = archive.get_blog()
    exporters = [EXPORTERS[f](ExportContext(archive=archive, out_dir=Path(out) / f, settings=settings,
                                            options=options, blog=blog)) for f in formats]
    for exporter in exporters:
        exporter.start()
    hosts = blog_hosts(archive)
    total = archive.count_posts()
    try:
        for n, post in enumerate(archive.iter_posts(), 1):
            body = normalize_post(post, hosts)
            for exporter in exporters:
                exporter.export_post(post, body)
            if progress:
                progress(n, total)
        return [exporter.finish() for exporter in exporters]
    except BaseException:
        for exporter in exporters:
            exporter.abort()
        raise
