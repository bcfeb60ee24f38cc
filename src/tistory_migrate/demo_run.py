"""``tistory-migrate demo``: the whole job on the bundled blog, on this machine only.

Serves ``demo/seodaemun`` on a loopback port, scrapes it through ``--resolve`` (the real
requests path, the real URLs) into ``OUT/archive``, runs every export format into
``OUT/export/<format>`` and says what to open first.
"""

from __future__ import annotations

from pathlib import Path

DEMO_BLOG = Path(__file__).parent / "demo" / "seodaemun"
DEMO_URL = "https://seodaemun.tistory.com"


def run_demo(out: Path, *, quiet: bool = False) -> int:
    from tistory_migrate import console
    from tistory_migrate.archive import Archive
    from tistory_migrate.errors import ArchiveError
    from tistory_migrate.exporters import EXPORTERS
    from tistory_migrate.exporters.base import ExportOptions
    from tistory_migrate.exporters.runner import run_export
    from tistory_migrate.fetch.serve import FixtureServer
    from tistory_migrate.fetch.http import HttpFetcher
    from tistory_migrate.pipeline import NullProgress, Scraper, ScrapeOptions
    from tistory_migrate.settings import Settings

    if not (DEMO_BLOG / "urls.tsv").is_file():
        raise ArchiveError("The demo blog is missing from this installation.", hint="Reinstall tistory-migrate.")
    settings = Settings().with_overrides("fetch", page_delay=0.0, media_delay=0.0, retries=1, backoff_base=0.1)
    archive_dir = out / "archive"
    export_dir = out / "export"
    with FixtureServer([DEMO_BLOG]) as server:
        fetcher = HttpFetcher(settings.fetch, resolve=server.resolve_map(), page_hosts={"seodaemun.tistory.com"})
        options = ScrapeOptions(url=DEMO_URL, archive=archive_dir)
        try:
            if quiet:
                report = Scraper(fetcher, settings, options, NullProgress()).run()
            else:
                console.out.print(f"Serving the demo blog {DEMO_URL} on {server.address} (this machine only).")
                with console.RichProgress() as progress:
                    report = Scraper(fetcher, settings, options, progress).run()
        finally:
            fetcher.close()
    with Archive.open(archive_dir) as ar:
        summaries = run_export(ar, list(EXPORTERS), export_dir, settings, ExportOptions())
    if not quiet:
        console.print_report(report)
        for s in summaries:
            console.out.print(f"[bold]{s.format}[/]: {s.posts} posts, {s.files} files → {s.out_dir}")
        naver = export_dir / "naver" / "index.html"
        first = naver if naver.exists() else export_dir
        console.out.print(f"\n[bold green]Done.[/] Open first: {first}")
        console.out.print(f"The archive is in {archive_dir}; the exports are in {export_dir}.")
    return 0 if report.exit_code in (0, 1) else report.exit_code
