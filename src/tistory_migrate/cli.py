"""The command line: options -> settings and options records, call the pipeline, render, exit.

Every error becomes one plain message and a named exit code here (``errors.ExitCode``);
``--debug`` anywhere on the command line shows the traceback too.
"""

from __future__ import annotations

import signal
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import functools

import typer

from tistory_migrate import __version__
from tistory_migrate.errors import INTERRUPTED_MESSAGE, ExitCode, FileInUse, MigrateError, UsageError
from tistory_migrate.cli_text import help_text
from tistory_migrate.i18n import N_, _
from tistory_migrate.redirects.styles import STYLES, style_named

app = typer.Typer(
    name="tistory-migrate",
    help=N_("Move a whole Tistory blog to Naver Blog: scrape every post and image into a local archive, "
            "then export paste bundles for Naver, WordPress WXR and a redirect map."),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
redirects_app = typer.Typer(help=N_("Phase 2 of the redirect map: match published Naver posts, then render redirects."),
                            no_args_is_help=True)
app.add_typer(redirects_app, name="redirects")

_DEBUG = False


def _trace() -> None:
    """With --debug, the traceback of the error being handled."""
    if _DEBUG:
        import traceback

        traceback.print_exc()


def _guarded(fn):
    """Turn every error into one plain message and its exit code (the only place that does)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from tistory_migrate import console

        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except KeyboardInterrupt:
            console.err.print(_(INTERRUPTED_MESSAGE))
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except MigrateError as exc:
            _trace()
            console.print_error(exc)
            raise typer.Exit(int(exc.exit_code)) from None
        except PermissionError as exc:
            _trace()
            path = exc.filename2 if exc.filename2 is not None else exc.filename
            if path is None:
                console.print_problem(str(exc), _("Check the path and permissions, then run the same command again."))
            else:  # on Windows: a file open in another program (WinError 32); elsewhere: not writable
                console.print_error(FileInUse(path))
            raise typer.Exit(int(ExitCode.PARTIAL)) from None
        except OSError as exc:
            _trace()
            console.print_os_error(exc)
            raise typer.Exit(int(ExitCode.PARTIAL)) from None
        except Exception as exc:  # a bug: say so plainly, the traceback only with --debug
            _trace()
            console.print_internal_error(exc)
            raise typer.Exit(int(ExitCode.PARTIAL)) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tistory-migrate {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                 help=N_("Show the version and exit."))] = False) -> None:
    """Move a whole Tistory blog to Naver Blog."""


def _settings(config: Optional[Path]):
    from tistory_migrate import console
    from tistory_migrate.settings import load_settings

    settings = load_settings(config)
    console.print_notices(settings.notices)
    return settings


def _archive_notices(path: Optional[Path]) -> None:
    """Warn (never stop) when the archive is in a synced or network folder."""
    from tistory_migrate import console
    from tistory_migrate.archive.location import location_notices

    console.print_notices(location_notices(path) if path is not None else [])


def _parse_day(value: Optional[str], flag: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(_("{flag} {value} is not a date.").format(flag=flag, value=repr(value)),
                         hint=_("Write it as YYYY-MM-DD, e.g. {flag} 2019-12-13.").format(flag=flag)) from None


# -- scrape -------------------------------------------------------------------------------------
SCRAPE_EXAMPLE = N_("Example: tistory-migrate scrape https://NAME.tistory.com -o archive")
ARCHIVE_METAVAR = N_("archive")  # the name of the ARCHIVE argument in --help and usage errors


@app.command(help=N_("Find every post of a Tistory blog and store posts, bodies and images in a local archive.\n\n"
                     "Example: tistory-migrate scrape https://NAME.tistory.com -o archive"))
@_guarded
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
    settings = _settings(config)
    settings = settings.with_overrides("fetch", page_delay=delay, respect_robots=False if ignore_robots else None)
    if mirror:
        settings = settings.with_overrides("fetch", page_delay=0.0, media_delay=0.0)
    for b in backup or []:
        if not b.exists():
            raise UsageError(_("The backup {path} does not exist.").format(path=b),
                             hint=_("Give the path of the downloaded backup zip or its unpacked folder."))
    _archive_notices(output)
    options = ScrapeOptions(url=url, archive=output, backups=list(backup or []), refresh=refresh, reparse=reparse,
                            dry_run=dry_run, category=category, tag=tag, since=_parse_day(since, "--since"),
                            until=_parse_day(until, "--until"), limit=limit, offline=bool(mirror))
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


# -- export -------------------------------------------------------------------------------------
# --format's help is derived from the registry, so the exporters load with every command
# (about 80 ms; the other library modules still load only in the command that needs them).
from tistory_migrate.exporters import EXPORTERS, resolve_formats  # noqa: E402


@app.command(help=N_("Write an archive out in one or more formats, each under OUT/<format>/.\n\n"
                     "Example: tistory-migrate export archive --format naver -o out"))
@_guarded
def export(
    archive: Annotated[Path, typer.Argument(metavar=ARCHIVE_METAVAR, help=N_("The archive folder written by `scrape`."))],
    format: Annotated[list[str], typer.Option("--format", "-f", help=help_text("{formats}, or all (repeatable).", formats=", ".join(EXPORTERS)))],  # noqa: A002
    output: Annotated[Path, typer.Option("-o", "--output", help=N_("Output folder; each format writes OUT/<format>/."))],
    start_date: Annotated[Optional[str], typer.Option("--start-date", help=N_("Naver plan: first publishing day, YYYY-MM-DD (default today)."))] = None,
    per_day: Annotated[Optional[int], typer.Option("--per-day", min=1, max=200, help=N_("Naver plan: posts per day (default 5, Naver allows 200)."))] = None,
    include_private: Annotated[bool, typer.Option("--include-private", help=N_("Also bundle protected, private and unknown posts that have a body."))] = False,
    ids: Annotated[Optional[str], typer.Option("--ids", help=N_("Only these post ids, comma-separated (e.g. 12,15,30)."))] = None,
    plan: Annotated[Optional[Path], typer.Option("--plan", help=N_("Naver: an edited plan.csv to follow (order, dates, choices, exclusions)."))] = None,
    naver_images: Annotated[Optional[str], typer.Option("--naver-images", help=N_("Naver: markers (default) or remote (link images that do not expire)."))] = None,
    media_base_url: Annotated[Optional[str], typer.Option("--media-base-url", help=N_("WXR: where you will upload OUT/wxr/media/ (makes WordPress import the images)."))] = None,
    max_items: Annotated[Optional[int], typer.Option("--max-items", min=1, help=N_("WXR: split into files of this many posts."))] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help=N_("A TOML settings file (default ./tistory-migrate.toml)."))] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("No progress display."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print a JSON summary."))] = False,
) -> None:
    from tistory_migrate import console
    from tistory_migrate.archive import Archive
    from tistory_migrate.exporters.base import ExportOptions
    from tistory_migrate.pipeline import export as run_export
    from tistory_migrate.settings import NAVER_IMAGES, check_choice

    formats = resolve_formats(format)
    if naver_images is not None:
        check_choice(naver_images, NAVER_IMAGES, flag="--naver-images")
    if plan is not None and not plan.is_file():
        raise UsageError(_("The plan file {path} does not exist.").format(path=plan))
    settings = _settings(config)
    id_list = [i.strip() for i in ids.split(",") if i.strip()] if ids else None
    options = ExportOptions(start_date=_parse_day(start_date, "--start-date"), per_day=per_day,
                            include_private=include_private, ids=id_list, plan_file=plan, naver_images=naver_images,
                            media_base_url=media_base_url, max_items=max_items)
    _archive_notices(archive)
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
    elif not quiet:
        console.print_export(summaries)


# -- report / formats ---------------------------------------------------------------------------
@app.command(help=N_("Show the report of the last scrape stored in an archive.\n\nExample: tistory-migrate report archive"))
@_guarded
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
@_guarded
def formats() -> None:
    for name, cls in EXPORTERS.items():
        typer.echo(f"{name:10} {_(cls.description)}")


# -- redirects ----------------------------------------------------------------------------------
@redirects_app.command("resolve", help=N_("Match the posts published on Naver to their Tistory originals.\n\n"
                                          "Example: tistory-migrate redirects resolve archive --naver-blog seodaemun_gu"))
@_guarded
def redirects_resolve(
    archive: Annotated[Path, typer.Argument(metavar=ARCHIVE_METAVAR, help=N_("The archive folder."))],
    naver_blog: Annotated[Optional[str], typer.Option("--naver-blog", help=N_("Your Naver blog id (blog.naver.com/ID)."))] = None,
    naver_urls: Annotated[Optional[Path], typer.Option("--naver-urls", help=N_("A file with one Naver post URL per line (optionally a tab and the title)."))] = None,
    verify: Annotated[bool, typer.Option("--verify", help=N_("Also open each matched Naver post and compare image counts and text length."))] = False,
    resolve: Annotated[Optional[list[str]], typer.Option("--resolve", help=N_("HOST=127.0.0.1:PORT (testing with a local copy of Naver)."))] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help=N_("A TOML settings file."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the result as JSON."))] = False,
) -> None:
    from tistory_migrate import console
    from tistory_migrate.archive import Archive
    from tistory_migrate.fetch import build_fetcher
    from tistory_migrate.redirects.resolve import resolve as do_resolve

    if not naver_blog and not naver_urls:
        raise UsageError(_("Give --naver-blog ID or --naver-urls FILE."),
                         hint=_("Example: tistory-migrate redirects resolve archive --naver-blog myblog"))
    if naver_urls is not None and not naver_urls.is_file():
        raise UsageError(_("The file {path} does not exist.").format(path=naver_urls))
    settings = _settings(config)
    # Reading the user's own Naver post list on their behalf, a few requests: like a browser,
    # not a crawler, so robots.txt (which governs crawling the Tistory blog) is not applied.
    fetcher = build_fetcher(settings, resolve=list(resolve or []), crawl=False)
    try:
        _archive_notices(archive)
        with Archive.open(archive) as ar:
            result = do_resolve(ar, fetcher, naver_blog=naver_blog, naver_urls_file=naver_urls, verify=verify,
                                naver=settings.naver)
    finally:
        fetcher.close()
    if as_json:
        console.print_json(result.to_dict())
    else:
        console.print_resolve(result)


_STYLE_NAMES = list(STYLES)


@redirects_app.command("render", help=help_text("Write the redirect map in a style: {styles}.\n\n"
                                                "Example: tistory-migrate redirects render archive --style tistory-skin -o out",
                                                styles=", ".join(_STYLE_NAMES)))
@_guarded
def redirects_render(
    archive: Annotated[Path, typer.Argument(metavar=ARCHIVE_METAVAR, help=N_("The archive folder."))],
    style: Annotated[str, typer.Option("--style", help=help_text("{styles} or {last}.", styles=", ".join(_STYLE_NAMES[:-1]),
                                                                 last=_STYLE_NAMES[-1]))],
    output: Annotated[Path, typer.Option("-o", "--output", help=N_("Output folder (writes OUT/redirects/)."))],
    home_url: Annotated[Optional[str], typer.Option("--home-url", help=N_("Where category and tag pages should go (your Naver blog's address)."))] = None,
) -> None:
    from tistory_migrate import console
    from tistory_migrate.archive import Archive
    from tistory_migrate.exporters.base import ExportOptions
    from tistory_migrate.pipeline import export as run_export
    from tistory_migrate.settings import Settings

    style_named(style)  # an unknown style is refused before the archive is opened
    with Archive.open(archive, readonly=True) as ar:
        if ar.get_blog() is None:
            raise UsageError(_("The archive has no blog information yet, so there are no old addresses to map."),
                             hint=_("Run `tistory-migrate scrape` into this archive first."))
        [summary] = run_export(ar, ["redirects"], output, Settings(),
                               ExportOptions(redirect_style=style, home_url=home_url))
    console.print_wrote(summary.first_to_open)


# -- demo ---------------------------------------------------------------------------------------
@app.command(help=N_("Scrape and export the bundled demo blog (Seodaemun-gu office) on this machine, no network needed.\n\n"
                     "Example: tistory-migrate demo --out demo-out"))
@_guarded
def demo(
    out: Annotated[Path, typer.Option("--out", help=N_("Where the demo writes archive/ and export/."))] = Path("tistory-migrate-demo"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("No progress display."))] = False,
) -> None:
    from tistory_migrate import console
    from tistory_migrate.pipeline import demo as run_demo

    _archive_notices(out / "archive")
    outcome = run_demo(out, progress=None if quiet else console.RichProgress,
                       on_serving=None if quiet else console.print_serving)
    if not quiet:
        console.print_demo(outcome)
    code = outcome.report.exit_code
    raise typer.Exit(0 if code in (0, 1) else code)


# -- entry point ----------------------------------------------------------------------------------
def _on_sigterm(signum, frame) -> None:  # pragma: no cover - exercised by the interruption suite
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    global _DEBUG
    from tistory_migrate import cli_text

    args = list(sys.argv[1:] if argv is None else argv)
    _DEBUG = "--debug" in args  # anywhere on the command line; each run decides anew
    args = [a for a in args if a != "--debug"]
    from tistory_migrate.console import safe_streams
    safe_streams()  # before anything prints (typer's --help and usage errors, a bad --lang)
    args = cli_text.choose_language(args)
    if hasattr(signal, "SIGTERM"):  # Ctrl-C is KeyboardInterrupt everywhere; SIGTERM where there is one
        try:
            signal.signal(signal.SIGTERM, _on_sigterm)
        except (ValueError, OSError):  # not the main thread
            pass
    try:
        code = cli_text.run(app, args, prog_name="tistory-migrate")
        sys.exit(code)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        sys.stderr.write(_(INTERRUPTED_MESSAGE) + "\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    except SystemExit:
        # The command has finished (its exit code is set): a Ctrl-C now, while Python winds down
        # and joins worker threads, must not turn a finished run into a crash.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if hasattr(signal, "SIGTERM"):
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise
