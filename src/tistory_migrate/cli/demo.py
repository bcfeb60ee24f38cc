"""`tistory-migrate demo`: scrape and export the bundled demo blog on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tistory_migrate.cli.base import app, archive_notices, guarded
from tistory_migrate.i18n import N_

# -- demo ---------------------------------------------------------------------------------------
@app.command(help=N_("Scrape and export the bundled demo blog (Seodaemun-gu office) on this machine, no network needed.\n\n"
                     "Example: tistory-migrate demo --out demo-out"))
@guarded
def demo(
    out: Annotated[Path, typer.Option("--out", help=N_("Where the demo writes archive/ and export/."))] = Path("tistory-migrate-demo"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("No progress display."))] = False,
) -> None:
    from tistory_migrate import console
    from tistory_migrate.pipeline import demo as run_demo

    archive_notices(out / "archive")
    outcome = run_demo(out, progress=None if quiet else console.RichProgress,
                       on_serving=None if quiet else console.print_serving)
    if not quiet:
        console.print_demo(outcome)
    code = outcome.report.exit_code
    raise typer.Exit(0 if code in (0, 1) else code)
