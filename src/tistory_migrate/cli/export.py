"""`export`, `report` and `formats`: write an archive out, show its report, list the formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tistory_migrate.cli.base import ARCHIVE_METAVAR, app, archive_notices, guarded, load_settings, parse_day
from tistory_migrate.cli_text import help_text
from tistory_migrate.errors import ExitCode, UsageError
from tistory_migrate.i18n import N_, _

# -- export -------------------------------------------------------------------------------------
# --format's help is derived from the registry, so the exporters load with every command
# (about 80 ms; the other library modules still load only in the command that needs them).
from tistory_migrate.exporters import EXPORTERS, resolve_formats  # noqa: E402


@app.command(help=N_("Write an archive out in one or more formats, each under OUT/<format>/.\n\n"
                     "Example: tistory-migrate export archive --format naver -o out"))
@guarded
def export(
    archive: Annotated[Path, typer.Argument(metavar=ARCHIVE_METAVAR, help=N_("The archive folder written by `scrape`."))],
    format: Annotated[list[str], typer.Option("--format", "-f", help=help_text("{formats}, or all (repeatable).", formats=", ".join(EXPORTERS)))],  # noqa: A002
    output: Annotated[Path, typer.Option("-o", "--output", help=N_("Output folder; each format writes OUT/<format>/."))],
    start_date: Annotated[Optional[str], typer.Option("--start-date", help=N_("Naver plan: first publishing day, YYYY-MM-DD (default today)."))] = None,
    per_day: Annotated[Optional[int], typer.Option("--per-day", min=1, max=200, help=N_("Naver plan: posts per day (default 5, Naver allows 200)."))] = None,
    include_private: Annotated[bool, typer.Option("--include-private", help=N_("Also bundle protected, private and unknown posts that have a body."))] = False,
    ids: Annotated[Optional[str], typer.Option("--ids", help=N_("Only these post ids, comma-separated (e.g. 12,15,30)."))] = None,
    plan: Annotated[Optional[Path], typer.Option("--plan", help=N_("Naver: an edited plan.csv to follow (order, dates, choices, exclusions)."))] = None,
    naver_images: Annotated[Optional[str], typer.Option("--naver-images", help=N_("Naver: markers (default) or remote (experimental: link pictures not on Tistory's servers; a linked picture may break when its host goes)."))] = None,
    media_base_url: Annotated[Optional[str], typer.Option("--media-base-url", help=N_("WXR: where you will upload OUT/wxr/media/ (makes WordPress import the images)."))] = None,
    max_items: Annotated[Optional[int], typer.Option("--max-items", min=1, help=N_("WXR: split into files of this many posts."))] = None,
    wordpress_url: Annotated[Optional[str], typer.Option("--wordpress-url", help=N_("WXR, redirects: the WordPress site you move to (links between posts and the redirect map point there)."))] = None,
    wordpress_permalinks: Annotated[Optional[str], typer.Option("--wordpress-permalinks", help=N_("WXR, redirects: that site's permalink structure: /%post_id%/ (default), /%postname%/, /%year%/%monthnum%/%postname%/ … or ?p=%post_id%."))] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help=N_("A TOML settings file (default ./tistory-migrate.toml)."))] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("No progress display."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print a JSON summary."))] = False,
) -> None:
    from tistory_migrate import console
    from tistory_migrate.archive import Archive
    from tistory_migrate.exporters.base import ExportOptions
    from tistory_migrate.exporters.wordpress import Permalinks, site_address
    from tistory_migrate.pipeline import export as run_export
    from tistory_migrate.settings import NAVER_IMAGES, check_choice

    formats = resolve_formats(format)
    if naver_images is not None:
        check_choice(naver_images, NAVER_IMAGES, flag="--naver-images")
    if plan is not None and not plan.is_file():
        raise UsageError(_("The plan file {path} does not exist.").format(path=plan))
    site_address(wordpress_url), Permalinks.parse(wordpress_permalinks)  # exit 2 before anything is written
    settings = load_settings(config)
    id_list = [i.strip() for i in ids.split(",") if i.strip()] if ids else None
    options = ExportOptions(start_date=parse_day(start_date, "--start-date"), per_day=per_day,
                            include_private=include_private, ids=id_list, plan_file=plan, naver_images=naver_images,
                            media_base_url=media_base_url, max_items=max_items, wordpress_url=wordpress_url,
                            wordpress_permalinks=wordpress_permalinks)
    archive_notices(archive)
    with Archive.open(archive, readonly=False) as ar:
        if quiet or as_json:
            summaries = run_export(ar, formats, output, settings, options)
        else:
            with console.RichProgress() as progress:
                progress.start("export", _("Exporting {formats}").format(formats=", ".join(formats)),
                               total=ar.count_posts())
                summaries = run_export(ar, formats, output, settings, options,
                                       progress=lambda n, total: progress.advance("export"))
    if as_json:
        console.print_json([s.to_dict() for s in summaries])
    elif not quiet or any(s.failed for s in summaries):  # a post left out by an error is shown even with --quiet
        console.print_export(summaries)
    if any(s.failed for s in summaries):
        raise typer.Exit(int(ExitCode.PARTIAL))  # the others are exported; those posts are listed above


# -- report / formats ---------------------------------------------------------------------------
@app.command(help=N_("Show the report of the last scrape stored in an archive.\n\nExample: tistory-migrate report archive"))
@guarded
def report(
    archive: Annotated[Path, typer.Argument(metavar=ARCHIVE_METAVAR, help=N_("The archive folder."))],
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the report as JSON."))] = False,
) -> None:
    from tistory_migrate import console
    from tistory_migrate.archive import Archive
    from tistory_migrate.report import ScrapeReport

    with Archive.open(archive, readonly=True) as ar:
        data = ar.get_meta("report")
    if not data:
        raise UsageError(_("The archive {path} has no scrape report yet.").format(path=archive),
                         hint=_("Run `tistory-migrate scrape URL -o ARCHIVE` first."))
    rep = ScrapeReport.from_dict(data)
    if as_json:
        console.print_json(rep.to_dict())
    else:
        console.print_report(rep, archive=str(archive))


@app.command(help=N_("List the export formats.\n\nExample: tistory-migrate formats"))
@guarded
def formats() -> None:
    for name, cls in EXPORTERS.items():
        typer.echo(f"{name:10} {_(cls.description)}")
