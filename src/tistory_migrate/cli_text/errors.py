"""typer's usage errors as messages: each error typer raises becomes a ``Message`` (id +
parameters) printed in the current language, with typer's layout and exit code.

Each id, formatted with what the error holds, gives back typer's English exactly
(``usage_error_message`` checks it, and keeps typer's text verbatim otherwise), so English
output does not change and a change in typer's words falls back to them instead of lying.
"""

from __future__ import annotations

import re

import typer
from typer import _click
from typer._click.exceptions import (BadArgumentUsage, BadOptionUsage, BadParameter, ClickException,
                                     MissingParameter, NoSuchOption, UsageError)

from tistory_migrate.i18n import N_, Message, _, msg

TRY_HELP = N_("Try '{command}' for help.")
ERROR_LINE = N_("Error: {message}")
ABORTED = N_("Aborted!")

# typer's English, as a regular expression, and the message id it becomes. Each id, formatted
# with the groups, gives back typer's text exactly (usage_error_message checks it).
_USAGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.S), m) for p, m in (
    (r"^No such option: (?P<name>.*) \(Possible options: (?P<options>.*)\)$",
     N_("No such option: {name} (Possible options: {options})")),
    (r"^No such option: (?P<name>.*)$", N_("No such option: {name}")),
    (r"^Option (?P<name>.+) requires an argument\.$", N_("Option {name} requires an argument.")),
    (r"^Option (?P<name>.+) requires (?P<n>[0-9]+) arguments\.$", N_("Option {name} requires {n} arguments.")),
    (r"^Option (?P<name>.+) does not take a value\.$", N_("Option {name} does not take a value.")),
    (r"^Argument (?P<name>.+) takes (?P<n>[0-9]+) values\.$", N_("Argument {name} takes {n} values.")),
    (r"^Got unexpected extra argument\(s\) \((?P<args>.*)\)$", N_("Got unexpected extra argument(s) ({args})")),
    (r"^Got unexpected extra arguments? \((?P<args>.*)\)$", N_("Got unexpected extra argument(s) ({args})")),
    (r"^Missing command\.$", N_("Missing command.")),
    (r"^No such command (?P<name>.+?)\. Did you mean (?P<suggestions>.+)\?$",
     N_("No such command {name}. Did you mean {suggestions}?")),
    (r"^No such command (?P<name>.+?)\.$", N_("No such command {name}.")),
))
_MISSING = {
    "argument": N_("Missing argument {name}."),
    "option": N_("Missing option {name}."),
    "parameter": N_("Missing parameter {name}."),
}
_INVALID_FOR = N_("Invalid value for {name}: {reason}")
_INVALID = N_("Invalid value: {reason}")
# Why a value was refused (pydantic's error types, with pydantic's English as the id).
_VALUE_ERRORS = {
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "greater_than": N_("Input should be greater than {gt}"),
    "less_than": N_("Input should be less than {lt}"),
}


def _from_patterns(text: str) -> Message | None:
    for pattern, message_id in _USAGE_PATTERNS:
        m = pattern.match(text)
        if m:
            candidate = msg(message_id, **m.groupdict())
            if candidate.english() == text:
                return candidate
    return None


def _value_reason(exc: BadParameter) -> Message:
    """Why the value was refused, as a message (pydantic's error type when there is one)."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            message_id = _VALUE_ERRORS.get(first.get("type", ""))
            if message_id is not None:
                ctx = dict(first.get("ctx") or {})
                # pydantic writes a whole float bound as an integer ("0", not "0.0")
                whole = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in ctx.items()}
                for params in (ctx, whole):
                    candidate = msg(message_id, **params)
                    if candidate.english() == exc.message:
                        return candidate
        except Exception:  # noqa: BLE001 - an unexpected pydantic shape: keep typer's words
            pass
    return _from_patterns(exc.message) or Message.text(exc.message)


def _hint(exc: BadParameter) -> str | None:
    if exc.param_hint is not None:
        hint = exc.param_hint
    elif exc.param is not None:
        hint = exc.param.get_error_hint()
    else:
        return None
    return _click.exceptions._join_param_hints(hint)


def usage_error_message(exc: ClickException) -> Message:
    """The message of one of typer's usage errors, as id + parameters; ``english()`` is
    exactly typer's text (anything not recognised is kept as typer's text, verbatim)."""
    original = exc.format_message()
    candidate: Message | None = None
    if isinstance(exc, MissingParameter):
        param_type = exc.param_type or (exc.param.param_type_name if exc.param is not None else None)
        hint = _hint(exc)
        extra = exc.param.get_missing_message(ctx=exc.ctx) if exc.param is not None else ""
        if param_type in _MISSING and hint and not exc.message and not extra:
            candidate = msg(_MISSING[param_type], name=hint)
    elif isinstance(exc, BadParameter):
        hint = _hint(exc)
        reason = _value_reason(exc)
        candidate = msg(_INVALID_FOR, name=hint, reason=reason) if hint else msg(_INVALID, reason=reason)
    elif isinstance(exc, (NoSuchOption, BadOptionUsage, BadArgumentUsage, UsageError)):
        candidate = _from_patterns(original)
    if candidate is not None and candidate.english() == original:
        return candidate
    return Message.text(original)


def echo_err(text: str, color: bool | None = None) -> None:
    typer.echo(text, err=True, color=color)


def show_usage_error(exc: ClickException) -> None:
    """Print a usage error the way typer does (usage line, "Try ... for help.", "Error: ..."),
    in the current language."""
    ctx = getattr(exc, "ctx", None)
    color = None
    if ctx is not None:
        color = ctx.color
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            command = f"{ctx.command_path} {ctx.help_option_names[0]}"
            hint = _(TRY_HELP).format(command=command) + "\n"
        echo_err(f"{ctx.get_usage()}\n{hint}", color)
    echo_err(_(ERROR_LINE).format(message=usage_error_message(exc).render()), color)
