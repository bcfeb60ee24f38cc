"""The command line's framework words in the chosen language: typer's help layout and usage errors.

typer 0.29 vendors click as ``typer._click`` with its words hard-coded in English ("Usage:",
"Options", "Show this message and exit.", "Missing argument 'X'." ...). This package is the
one place that knows them (``layout``: the help page; ``errors``: usage errors; ``language``:
choosing the language from the command line first). ``run(app, args)`` builds the click command tree from the typer app
*after* ``i18n.set_language`` (typer builds it when the app is called, not at import), then:

- translates every command's and option's help (``help=N_("...")`` in the decorators marks the
  English text for extraction; ``help_text("... {x}", x=...)`` when it needs values), and the
  usage metavars (``[OPTIONS]``, ``COMMAND [ARGS]...``, an argument's ``metavar=N_("...")``);
- gives each command a context whose help formatter translates the framework's fixed phrases
  (the ``Usage:`` prefix, section headings, the help option's text, ``[default: ...]`` and
  ``[required]``, the ``<path>``-style type labels) and wraps text by display width, so
  Hangul (two columns a character) keeps the lines inside the terminal;
- runs the command with ``standalone_mode=False`` and renders typer's usage errors itself: each
  one becomes a ``Message`` (id + parameters, ``usage_error_message``) printed in the current
  language, with the same layout and exit code (2) as typer's own. Its English rendering is
  checked against typer's text, so English output is exactly what typer prints; a message this
  module does not recognise is printed as typer wrote it.

The help is plain (``rich_markup_mode=None``): typer's rich panels are not translated.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

import typer
from typer import _click
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.exceptions import Abort

from tistory_migrate.cli_text.errors import ABORTED, echo_err, show_usage_error, usage_error_message
from tistory_migrate.cli_text.language import choose_language
from tistory_migrate.cli_text.layout import LocalizedContext, LocalizedHelpFormatter, display_width, wrap_text
from tistory_migrate.i18n import _

__all__ = ["LocalizedContext", "LocalizedHelpFormatter", "choose_language", "display_width", "help_text",
           "localized_command", "run", "show_usage_error", "translate_help", "usage_error_message", "wrap_text"]

# -- help strings that carry values ----------------------------------------------------------------
_HELP_WITH_PARAMS: dict[str, tuple[str, dict[str, Any]]] = {}


def help_text(message: str, /, **params: Any) -> str:
    """A help string with values, for a decorator: ``help=help_text("{choices} (repeatable).",
    choices=...)``. Returns the English text (what typer stores) and remembers how to build it
    in another language (an extraction keyword, like ``N_``)."""
    english = message.format(**params)
    _HELP_WITH_PARAMS[english] = (message, params)
    _HELP_WITH_PARAMS[inspect.cleandoc(english)] = (message, params)
    return english


def translate_help(text: str | None) -> str | None:
    """A help string of the English command line in the current language."""
    if not text:
        return text
    known = _HELP_WITH_PARAMS.get(text)
    if known is not None:
        message, params = known
        try:
            return _(message).format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return _(text)


# -- the command tree ------------------------------------------------------------------------------
def localized_command(app: typer.Typer) -> _click.Command:
    """The click command tree of ``app`` with every help text, usage metavar and help layout in
    the current language. Build it after ``set_language``."""
    command = typer.main.get_command(app)
    _localize(command)
    return command


def _localize(command: _click.Command) -> None:
    command.context_class = LocalizedContext
    if hasattr(command, "rich_markup_mode"):
        command.rich_markup_mode = None  # the plain formatter below is the one that is translated
    command.help = translate_help(command.help)
    command.short_help = translate_help(command.short_help)
    command.epilog = translate_help(command.epilog)
    if command.options_metavar:
        command.options_metavar = _(command.options_metavar)
    if getattr(command, "subcommand_metavar", None):
        command.subcommand_metavar = _(command.subcommand_metavar)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = translate_help(param.help)
        if param.metavar:
            param.metavar = _(param.metavar)
    for sub in getattr(command, "commands", {}).values():
        _localize(sub)


def run(app: typer.Typer, args: Iterable[str], prog_name: str) -> int:
    """Run ``app`` on ``args`` in the current language; the exit code (typer's: 0, 2 for usage
    errors and help shown for missing arguments, 1 after an abort, the command's own)."""
    command = localized_command(app)
    try:
        result = command.main(args=list(args), prog_name=prog_name, standalone_mode=False)
    except NoArgsIsHelpError as exc:
        echo_err(exc.format_message(), exc.ctx.color)
        return exc.exit_code
    except ClickException as exc:
        show_usage_error(exc)
        return exc.exit_code
    except Abort:
        echo_err(_(ABORTED))
        return 1
    return result if isinstance(result, int) and not isinstance(result, bool) else 0
