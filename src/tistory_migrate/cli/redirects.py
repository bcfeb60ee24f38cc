"""`redirects resolve` and `redirects render`: phase 2 of the redirect map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tistory_migrate.cli.base import ARCHIVE_METAVAR, archive_notices, guarded, load_settings, redirects_app
from tistory_migrate.cli_text import help_text
from tistory_migrate.errors import UsageError
from tistory_migrate.i18n import N_, _
from tistory_migrate.redirects.styles import STYLES, style_named

# -- redirects ----------------------------------------------------------------------------------
@redirects_app.command("resolve", help=N_("Match the posts published on Naver to their Tistory originals.\n\n"
                                          "Example: tistory-migrate redirects resolve archive --naver-blog seodaemun_gu"))
@guarded
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
    settings = load_settings(config)
    # Reading the user's own Naver post list on their behalf, a few requests: like a browser,
    # not a crawler, so robots.txt (which governs crawling the Tistory blog) is not applied.
    fetcher = build_fetcher(settings, resolve=list(resolve or []), crawl=False)
    try:
        archive_notices(archive)
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
@guarded
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
