"""What every command shares: the Typer apps, the error guard, settings and small parsers.

Every error becomes one plain message and a named exit code here (``guarded``, with
``errors.ExitCode``); ``--debug`` anywhere on the command line shows the traceback too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import functools

import typer

from tistory_migrate import __version__
from tistory_migrate.errors import (INTERRUPTED_MESSAGE, DiskFull, ExitCode, FileInUse, MigrateError, UsageError,
                                    is_disk_full)
from tistory_migrate.i18n import N_, _

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

DEBUG = False  # set by cli.main from --debug


def trace() -> None:
    """With --debug, the traceback of the error being handled."""
    if DEBUG:
        import traceback

        traceback.print_exc()


def guarded(fn):
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
            trace()
            if not isinstance(exc, DiskFull) and is_disk_full(exc.__cause__ or exc.__context__):
                exc = DiskFull()  # e.g. "the archive cannot be read" when it could not be written
            console.print_error(exc)
            raise typer.Exit(int(exc.exit_code)) from None
        except PermissionError as exc:
            trace()
            path = exc.filename2 if exc.filename2 is not None else exc.filename
            if path is None:
                console.print_problem(str(exc), _("Check the path and permissions, then run the same command again."))
            else:  # on Windows: a file open in another program (WinError 32); elsewhere: not writable
                console.print_error(FileInUse(path))
            raise typer.Exit(int(ExitCode.PARTIAL)) from None
        except Exception as exc:
            trace()
            if is_disk_full(exc):  # ENOSPC, Windows' ERROR_DISK_FULL, SQLite's "database or disk is full"
                console.print_error(DiskFull(getattr(exc, "filename", None)))
            elif isinstance(exc, OSError):
                console.print_os_error(exc)
            else:  # a bug: say so plainly, the traceback only with --debug
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


def load_settings(config: Optional[Path]):
    from tistory_migrate import console
    from tistory_migrate.settings import load_settings as load

    settings = load(config)
    console.print_notices(settings.notices)
    return settings


def archive_notices(path: Optional[Path]) -> None:
    """Warn (never stop) when the archive is in a synced or network folder."""
    from tistory_migrate import console
    from tistory_migrate.archive.location import location_notices

    console.print_notices(location_notices(path) if path is not None else [])


def parse_day(value: Optional[str], flag: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(_("{flag} {value} is not a date.").format(flag=flag, value=repr(value)),
                         hint=_("Write it as YYYY-MM-DD, e.g. {flag} 2019-12-13.").format(flag=flag)) from None



ARCHIVE_METAVAR = N_("archive")  # the name of the ARCHIVE argument in --help and usage errors
