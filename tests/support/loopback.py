"""One scrape through the real requests path against the loopback fixture server: the folders
served (each with its ``urls.tsv``), the blog URL, the archive, the settings; returns the report
and the URLs the server was asked for, in order (``FixtureServer.log``)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from tistory_migrate.fetch.http import HttpFetcher
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.pipeline import Scraper, ScrapeOptions
from tistory_migrate.report import ScrapeReport
from tistory_migrate.settings import Settings


def scrape_loopback(folders: Sequence[Path], url: str, archive: Path, settings: Settings, *,
                    fetcher_wrap: Callable | None = None, **options) -> tuple[ScrapeReport, list[str]]:
    """``fetcher_wrap(fetcher)`` may stand in front of the fetcher (a test's interruption);
    ``options`` go to ``ScrapeOptions`` (``refresh=True``, …)."""
    with FixtureServer(list(folders)) as srv:
        fetcher = HttpFetcher(settings.fetch, resolve=srv.resolve_map())
        if fetcher_wrap is not None:
            fetcher = fetcher_wrap(fetcher)
        try:
            report = Scraper(fetcher, settings, ScrapeOptions(url=url, archive=archive, **options)).run()
        finally:
            fetcher.close()
        return report, list(srv.log)
