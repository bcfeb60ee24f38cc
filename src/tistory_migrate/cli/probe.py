"""`probe`: read the published paste-probe post and store what SmartEditor ONE kept."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from tistory_migrate.cli.base import ARCHIVE_METAVAR, app, archive_notices, guarded, load_settings
from tistory_migrate.errors import UsageError
from tistory_migrate.i18n import N_, _


@app.command("probe", help=N_("Read the published paste-probe post (posts/00-probe/ of the Naver export) and "
                              "remember which elements Naver's editor kept; the next Naver export uses it.\n\n"
                              "Example: tistory-migrate probe archive --naver-url https://blog.naver.com/ID/223456789012"))
@guarded
def probe(
    archive: Annotated[Path, typer.Argument(metavar=ARCHIVE_METAVAR, help=N_("The archive folder."))],
    naver_url: Annotated[Optional[str], typer.Option("--naver-url", help=N_("The address of the published probe post (it must be public)."))] = None,
    from_file: Annotated[Optional[Path], typer.Option("--from-file", help=N_("The probe post's page saved from the browser, instead of --naver-url."))] = None,
    resolve: Annotated[Optional[list[str]], typer.Option("--resolve", help=N_("HOST=127.0.0.1:PORT (testing with a local copy of Naver)."))] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help=N_("A TOML settings file."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the result as JSON."))] = False,
) -> None:
    from tistory_migrate import console
    from tistory_migrate.archive import Archive
    from tistory_migrate.console.probe import print_probe
    from tistory_migrate.pasteprobe import ELEMENTS, STATE_LABELS
    from tistory_migrate.pasteprobe.read import probe_from_file, probe_from_url, record

    if (naver_url is None) == (from_file is None):
        raise UsageError(_("Give either --naver-url URL or --from-file FILE."),
                         hint=_("Example: tistory-migrate probe archive --naver-url https://blog.naver.com/ID/223456789012"))
    archive_notices(archive)
    with Archive.open(archive) as ar:  # before the page: a wrong archive fails without a request
        if from_file is not None:
            result = probe_from_file(from_file)
        else:
            from tistory_migrate.fetch import build_fetcher

            settings = load_settings(config)
            # The person's own published post, one request like a browser: no robots.txt.
            fetcher = build_fetcher(settings, resolve=list(resolve or []), crawl=False)
            try:
                result = probe_from_url(fetcher, naver_url)
            finally:
                fetcher.close()
        record(ar, result)
    if as_json:
        console.print_json(result.to_dict())
        return
    rows = [(_(label), _(component), _(STATE_LABELS[result.elements[key]]))
            for key, (label, component) in ELEMENTS.items() if key in result.elements]
    changes = []
    if result.survived("list"):
        changes.append(_("Flat lists will be pasted as Naver lists (nested ones stay marker paragraphs)."))
    if result.survived("code"):
        changes.append(_("Code will be pasted as a code block."))
    print_probe(rows, source=result.source, changes=changes)
