"""`tistory-migrate scrape`: options -> ScrapeOptions and settings, run the Scraper, render the report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tistory_migrate.cli.base import app, archive_notices, guarded, load_settings, parse_day
from tistory_migrate.errors import UsageError
from tistory_migrate.i18n import N_, _

# -- scrape -------------------------------------------------------------------------------------
SCRAPE_EXAMPLE = N_("Example: tistory-migrate scrape https://NAME.tistory.com -o archive")


@app.command(help=N_("Find every post of a Tistory blog and store posts, bodies and images in a local archive.\n\n"
                     "Example: tistory-migrate scrape https://NAME.tistory.com -o archive"))
@guarded
def scrape(
    url: Annotated[Optional[str], typer.Argument(metavar=N_("url"), help=N_("The blog (https://NAME.tistory.com or a custom domain), a category or tag page, or one post."))] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help=N_("The archive folder to create or resume."))] = None,
    mirror: Annotated[Optional[list[Path]], typer.Option("--mirror", help=N_("Read pages and images from a saved folder (urls.tsv) instead of the network."))] = None,
    resolve: Annotated[Optional[list[str]], typer.Option("--resolve", help=N_("HOST=127.0.0.1:PORT: send a host's requests to a local server (keeps the real URLs)."))] = None,
    backup: Annotated[Optional[list[Path]], typer.Option("--backup", help=N_("Tistory's backup zip or folder (or a legacy XML backup); repeatable."))] = None,
    reparse: Annotated[bool, typer.Option("--reparse", help=N_("Re-run extraction on the stored pages, without the network."))] = False,
    refresh: Annotated[bool, typer.Option("--refresh", help=N_("Fetch posts and images again even if the archive has them."))] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Only find posts; print counts and an estimate; write nothing."))] = False,
    category: Annotated[Optional[str], typer.Option("--category", help=N_("Only this category (e.g. 협치/원탁회의)."))] = None,
    tag: Annotated[Optional[str], typer.Option("--tag", help=N_("Only posts with this tag."))] = None,
    since: Annotated[Optional[str], typer.Option("--since", help=N_("Only posts published on or after YYYY-MM-DD."))] = None,
    until: Annotated[Optional[str], typer.Option("--until", help=N_("Only posts published on or before YYYY-MM-DD."))] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help=N_("At most this many posts (the newest)."))] = None,
    delay: Annotated[Optional[float], typer.Option("--delay", min=0.0, help=N_("Seconds between requests to the blog (default 1)."))] = None,
    comments: Annotated[bool, typer.Option("--comments", help=N_("Also read every post's comments (other people's names and words: keep them private)."))] = False,
    ignore_robots: Annotated[bool, typer.Option("--ignore-robots", help=N_("Do not obey the blog's robots.txt (only for your own blog)."))] = False,
    config: Annotated[Optional[Path], typer.Option("--config", help=N_("A TOML settings file (default ./tistory-migrate.toml)."))] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("No progress display."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the final report as JSON."))] = False,
) -> None:
    from tistory_migrate import console
    from tistory_migrate.fetch import build_fetcher
    from tistory_migrate.pipeline import NullProgress, Scraper, ScrapeOptions

    if output is None and not dry_run:
        raise UsageError(_("Say where the archive goes with -o FOLDER."), hint=_(SCRAPE_EXAMPLE))
    if not url and not backup and not reparse:
        raise UsageError(_("Give the blog's address, --backup PATH, or --reparse."), hint=_(SCRAPE_EXAMPLE))
    settings = load_settings(config)
    settings = settings.with_overrides("fetch", page_delay=delay, respect_robots=False if ignore_robots else None)
    if comments:
        settings = settings.with_overrides("scrape", comments=True)
    if mirror:
        settings = settings.with_overrides("fetch", page_delay=0.0, media_delay=0.0)
    for b in backup or []:
        if not b.exists():
            raise UsageError(_("The backup {path} does not exist.").format(path=b),
                             hint=_("Give the path of the downloaded backup zip or its unpacked folder."))
    archive_notices(output)
    options = ScrapeOptions(url=url, archive=output, backups=list(backup or []), refresh=refresh, reparse=reparse,
                            dry_run=dry_run, category=category, tag=tag, since=parse_day(since, "--since"),
                            until=parse_day(until, "--until"), limit=limit, offline=bool(mirror))
    fetcher = build_fetcher(settings, mirror=list(mirror or []), resolve=list(resolve or []), blog_url=url)
    try:
        if quiet or as_json:
            report = Scraper(fetcher, settings, options, NullProgress()).run()
        else:
            with console.RichProgress() as progress:
                report = Scraper(fetcher, settings, options, progress).run()
    finally:
        fetcher.close()
    if as_json:
        console.print_json(report.to_dict())
    elif not quiet:
        console.print_report(report, archive=str(output) if output else None)
    raise typer.Exit(report.exit_code)
