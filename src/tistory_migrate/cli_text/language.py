"""Which language the command line speaks, decided before typer parses anything (its help and
errors are built in that language): ``--lang`` taken out of the arguments, the ``[ui] lang``
setting of the settings file the command would read, the environment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tistory_migrate import i18n
from tistory_migrate.errors import ExitCode, UsageError
from tistory_migrate.settings import check_choice, early_settings


def pop_option(args: list[str], name: str) -> tuple[str | None, list[str], bool]:
    """Take ``name VALUE`` / ``name=VALUE`` out of ``args`` (the last one wins): (value, rest,
    whether the option was given without a value)."""
    value: str | None = None
    rest: list[str] = []
    missing = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == name:
            if i + 1 < len(args):
                value, missing = args[i + 1], False
                i += 2
                continue
            missing = True
        elif arg.startswith(name + "="):
            value, missing = arg[len(name) + 1:], False
        else:
            rest.append(arg)
        i += 1
    return value, rest, missing


def config_arg(args: list[str]) -> Path | None:
    """The ``--config FILE`` of the command line, looked at before typer parses it."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--config" and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--config="):
            return Path(arg[len("--config="):])
    return None


def choose_language(args: list[str]) -> list[str]:
    """Set the language before typer builds any help: ``--lang ko|en`` anywhere on the command
    line (taken out, like --debug), else ``[ui] lang`` of the settings file, else the
    environment. Returns the arguments without --lang; a wrong --lang is a usage error (exit 2)."""
    flag, args, missing = pop_option(args, "--lang")
    setting = early_settings(config_arg(args)).ui.lang
    i18n.set_language(i18n.resolve_language(None, setting, os.environ))
    if missing or (flag is not None and flag not in i18n.LANGUAGES):
        try:
            if missing:
                raise UsageError("--lang needs a language after it: ko or en.", hint="Example: --lang ko")
            check_choice(flag or "", ("ko", "en"), flag="--lang")
        except UsageError as exc:
            from tistory_migrate import console

            console.print_error(exc)
            sys.exit(int(ExitCode.USAGE))
    if flag:
        i18n.set_language(flag)
    return args
