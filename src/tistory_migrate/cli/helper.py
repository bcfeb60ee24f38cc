"""`tistory-migrate helper OUT`: serve the Naver export on 127.0.0.1 so pictures can be pasted
in place (the server is ``exporters.naver.serve``; this module only parses, prints and waits)."""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import Annotated, Optional

import typer

from tistory_migrate.cli.base import app, guarded
from tistory_migrate.errors import UsageError
from tistory_migrate.i18n import N_, _


@app.command(help=N_("Serve the Naver export on 127.0.0.1 (this computer only) and open the helper page in the browser, "
                     "so each post's text and pictures can be copied in order and pasted into Naver's editor. "
                     "Stop it with Ctrl+C.\n\n"
                     "Example: tistory-migrate helper export"))
@guarded
def helper(
    out: Annotated[Path, typer.Argument(metavar=N_("export_folder"), help=N_("The folder given to `export -o` (or its naver/ folder)."))],
    port: Annotated[Optional[int], typer.Option("--port", min=1, max=65535, help=N_("Port on 127.0.0.1 (default: a free one)."))] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help=N_("Do not open the browser; only print the address."))] = False,
) -> None:
    from tistory_migrate import console
    from tistory_migrate.exporters.naver.serve import HelperServer, find_export, run

    folder = find_export(out)
    if folder is None:
        raise UsageError(_("{path} holds no Naver export (index.html and plan.csv).").format(path=out),
                         hint=_("Run `tistory-migrate export ARCHIVE -f naver -o {path}` first.").format(path=out))
    try:
        server = HelperServer(folder, port or 0)
    except OSError as exc:
        raise UsageError(_("Port {port} on 127.0.0.1 cannot be used ({error}).").format(port=port, error=exc.strerror or exc),
                         hint=_("Leave out --port to use a free one, or choose another.")) from None
    console.out.print(console.escape(_("Serving {folder} on {url} (this computer only).").format(folder=folder, url=server.url)),
                      highlight=False, soft_wrap=True)
    if not no_browser:
        opened = False
        try:
            opened = webbrowser.open(server.url)
        except Exception:  # a broken BROWSER setting must not stop the helper  # noqa: BLE001
            opened = False
        if not opened:
            console.out.print(console.escape(_("Open {url} in your browser.").format(url=server.url)), highlight=False)
    console.out.print(console.escape(_("Press Ctrl+C to stop the helper.")), highlight=False)
    try:
        run(server)
    except KeyboardInterrupt:
        # Stopping is how a helper ends: a finished run, exit 0.
        console.out.print(console.escape(_("Helper stopped. Progress is saved in {file}.").format(
            file=folder / "progress.json")), highlight=False, soft_wrap=True)
