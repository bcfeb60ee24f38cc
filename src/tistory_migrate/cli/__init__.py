"""The command line: options -> settings and options records, call the pipeline, render, exit.

One module per command group (``scrape``, ``export`` with ``report`` and ``formats``,
``redirects``, ``demo``); what they share (the Typer apps, the error guard that turns every
error into one plain message and a named exit code) is in ``base``. Importing a command module
registers its commands on ``base.app``.
"""

from __future__ import annotations

import signal
import sys

from tistory_migrate.cli import base
from tistory_migrate.cli.base import app, redirects_app  # noqa: F401  (the Typer app, for tests and tools)
from tistory_migrate.cli import scrape, export, redirects, demo, helper  # noqa: F401,E402  (registers the commands)
from tistory_migrate.cli import probe  # noqa: F401,E402  (the paste probe)
from tistory_migrate.errors import INTERRUPTED_MESSAGE, ExitCode
from tistory_migrate.i18n import _


# -- entry point ----------------------------------------------------------------------------------
def _on_sigterm(signum, frame) -> None:  # pragma: no cover - exercised by the interruption suite
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    from tistory_migrate import cli_text

    args = list(sys.argv[1:] if argv is None else argv)
    base.DEBUG = "--debug" in args  # anywhere on the command line; each run decides anew
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
