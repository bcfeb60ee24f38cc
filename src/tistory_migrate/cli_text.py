"""The command line's framework words in the chosen language: typer's help layout and usage errors.

typer 0.29 vendors click as ``typer._click`` with its words hard-coded in English ("Usage:",
"Options", "Show this message and exit.", "Missing argument 'X'." ...). This module is the
one place that knows them. ``run(app, args)`` builds the click command tree from the typer app
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
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import typer
from typer import _click
from typer._click import _compat as _click_compat
from typer._click import _textwrap as _click_textwrap
from typer._click.exceptions import (BadArgumentUsage, BadOptionUsage, BadParameter, ClickException,
                                     MissingParameter, NoArgsIsHelpError, NoSuchOption, UsageError)
from typer.exceptions import Abort

from tistory_migrate.i18n import N_, Message, _, msg

# -- the framework's fixed words (extracted from here; typer prints them in English) --------------
USAGE_PREFIX = N_("Usage:")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
HEADINGS = (N_("Arguments"), N_("Options"), N_("Commands"))
HELP_OPTION_HELP = N_("Show this message and exit.")
TRY_HELP = N_("Try '{command}' for help.")
ERROR_LINE = N_("Error: {message}")
ABORTED = N_("Aborted!")
# The extras typer appends to an option's help: "[default: X; required]".
EXTRA_DEFAULT = N_("default: {default}")
EXTRA_REQUIRED = N_("required")
EXTRA_ENVVAR = N_("env var: {var}")
# The value labels typer shows after an option ("--limit <int range>"): msgid = typer's label.
TYPE_LABELS = (
    # TRANSLATORS: a placeholder for a value in --help: keep the angle brackets.
    N_("<str>"), N_("<path>"), N_("<int>"), N_("<float>"), N_("<int range>"), N_("<float range>"),
    N_("<list[Path]>"), N_("<list[str]>"), N_("<list[int]>"), N_("<datetime>"),
)
FRAMEWORK_PHRASES = frozenset((HELP_OPTION_HELP,))

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


# -- display width ---------------------------------------------------------------------------------
def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide characters (Hangul) take two,
    combining marks none; ANSI colour codes none."""
    width = 0
    for ch in _click_compat.strip_ansi(text):
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _cut(text: str, columns: int) -> tuple[str, str]:
    """``text`` split after at most ``columns`` columns (at least one character)."""
    used = 0
    for i, ch in enumerate(text):
        w = display_width(ch)
        if used + w > columns and i > 0:
            return text[:i], text[i:]
        used += w
    return text, ""


class _WideTextWrapper(_click_textwrap.TextWrapper):
    """click's wrapper measuring columns instead of characters (the same lines for ASCII)."""

    def _handle_long_word(self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int) -> None:
        space_left = max(width - cur_len, 1)
        cut, rest = _cut(reversed_chunks[-1], space_left)
        cur_line.append(cut)
        reversed_chunks[-1] = rest

    def _wrap_chunks(self, chunks: list[str]) -> list[str]:  # textwrap's, without max_lines
        lines: list[str] = []
        chunks.reverse()
        while chunks:
            cur_line: list[str] = []
            cur_len = 0
            indent = self.subsequent_indent if lines else self.initial_indent
            width = self.width - display_width(indent)
            if self.drop_whitespace and chunks[-1].strip() == "" and lines:
                del chunks[-1]
            while chunks:
                n = display_width(chunks[-1])
                if cur_len + n <= width:
                    cur_line.append(chunks.pop())
                    cur_len += n
                else:
                    break
            if chunks and display_width(chunks[-1]) > width:
                self._handle_long_word(chunks, cur_line, cur_len, width)
                cur_len = sum(map(display_width, cur_line))
            if self.drop_whitespace and cur_line and cur_line[-1].strip() == "":
                cur_len -= display_width(cur_line[-1])
                del cur_line[-1]
            if cur_line:
                lines.append(indent + "".join(cur_line))
        return lines


def wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
              preserve_paragraphs: bool = False) -> str:
    """click's ``wrap_text`` by display width (paragraphs, ``\\b`` no-rewrap blocks)."""
    text = text.expandtabs()
    wrapper = _WideTextWrapper(width, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                               replace_whitespace=False)
    if not preserve_paragraphs:
        return wrapper.fill(text)
    paragraphs: list[tuple[int, bool, str]] = []
    buf: list[str] = []
    indent: int | None = None

    def flush() -> None:
        if not buf:
            return
        if buf[0].strip() == "\b":
            paragraphs.append((indent or 0, True, "\n".join(buf[1:])))
        else:
            paragraphs.append((indent or 0, False, " ".join(buf)))
        del buf[:]

    for line in text.splitlines():
        if not line:
            flush()
            indent = None
        else:
            if indent is None:
                original = display_width(line)
                line = line.lstrip()
                indent = original - display_width(line)
            buf.append(line)
    flush()
    out = []
    for par_indent, raw, par in paragraphs:
        with wrapper.extra_indent(" " * par_indent):
            out.append(wrapper.indent_only(par) if raw else wrapper.fill(par))
    return "\n\n".join(out)


# -- the help formatter ----------------------------------------------------------------------------
_EXTRAS = re.compile(r"^(?P<help>.*?)(?P<sep>  |)\[(?P<extras>[^\[\]]+)\]$", re.S)
_RANGE = re.compile(r"^(-?[\d.]+<=)?x(<=|>=)?(-?[\d.]+)?$|^-?[\d.]+<=x<=-?[\d.]+$")
_TYPE_LABEL = re.compile(r"^(?P<names>.*?) (?P<label><[^<>]+>)(?P<more>\.\.\.)?$")


def _translate_extra(part: str) -> str | None:
    if part == "required":
        return _(EXTRA_REQUIRED)
    if part.startswith("default: "):
        return _(EXTRA_DEFAULT).format(default=part[len("default: "):])
    if part.startswith("env var: "):
        return _(EXTRA_ENVVAR).format(var=part[len("env var: "):])
    if _RANGE.match(part):
        return part
    return None


def translate_definition(text: str) -> str:
    """An option's help column: its framework phrase or ``[default: ...]`` extras translated
    (the help itself was translated on the command tree)."""
    if text in FRAMEWORK_PHRASES:
        return _(text)
    m = _EXTRAS.match(text)
    if not m or (m.group("help") and not m.group("sep")):
        return text
    parts = [_translate_extra(p) for p in m.group("extras").split("; ")]
    if any(p is None for p in parts):
        return text
    body = m.group("help")
    body = _(body) if body in FRAMEWORK_PHRASES else body
    return f"{body}{m.group('sep')}[{'; '.join(parts)}]"  # type: ignore[arg-type]


def translate_term(text: str) -> str:
    """An option's name column: the ``<type>`` label translated, the names kept."""
    m = _TYPE_LABEL.match(text)
    if not m or m.group("label") not in TYPE_LABELS:
        return text
    return f"{m.group('names')} {_(m.group('label'))}{m.group('more') or ''}"


class LocalizedHelpFormatter(_click.HelpFormatter):
    """click's help formatter, translating the framework's words and wrapping by display width.
    For English text it writes what click writes, byte for byte."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = _(USAGE_PREFIX) + " "
        usage_prefix = f"{prefix:>{self.current_indent}}{prog} "
        text_width = self.width - self.current_indent
        if text_width >= display_width(usage_prefix) + 20:
            indent = " " * display_width(usage_prefix)
            self.write(wrap_text(args, text_width, initial_indent=usage_prefix, subsequent_indent=indent))
        else:
            self.write(usage_prefix)
            self.write("\n")
            indent = " " * (max(self.current_indent, display_width(prefix)) + 4)
            self.write(wrap_text(args, text_width, initial_indent=indent, subsequent_indent=indent))
        self.write("\n")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap_text(text, self.width, initial_indent=indent, subsequent_indent=indent,
                             preserve_paragraphs=True))
        self.write("\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(translate_term(first), translate_definition(second)) for first, second in rows]
        if not rows:
            return
        first_col = min(max(display_width(first) for first, _s in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n")
                self.write(" " * (first_col + self.current_indent))
            text_width = max(self.width - first_col - 2, 10)
            lines = wrap_text(second, text_width, preserve_paragraphs=True).splitlines()
            if lines:
                self.write(f"{lines[0]}\n")
                for line in lines[1:]:
                    self.write(f"{'':>{first_col + self.current_indent}}{line}\n")
            else:  # pragma: no cover - click's own guard
                self.write("\n")


class LocalizedContext(_click.Context):
    formatter_class = LocalizedHelpFormatter


# -- usage errors ------------------------------------------------------------------------------------
# typer's English, as a regular expression, and the message id it becomes. Each id, formatted
# with the groups, gives back typer's text exactly (usage_error_message checks it).
_USAGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.S), m) for p, m in (
    (r"^No such option: (?P<name>.*) \(Possible options: (?P<options>.*)\)$",
     N_("No such option: {name} (Possible options: {options})")),
    (r"^No such option: (?P<name>.*)$", N_("No such option: {name}")),
    (r"^Option (?P<name>.+) requires an argument\.$", N_("Option {name} requires an argument.")),
    (r"^Option (?P<name>.+) requires (?P<n>\d+) arguments\.$", N_("Option {name} requires {n} arguments.")),
    (r"^Option (?P<name>.+) does not take a value\.$", N_("Option {name} does not take a value.")),
    (r"^Argument (?P<name>.+) takes (?P<n>\d+) values\.$", N_("Argument {name} takes {n} values.")),
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


def _echo_err(text: str, color: bool | None = None) -> None:
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
        _echo_err(f"{ctx.get_usage()}\n{hint}", color)
    _echo_err(_(ERROR_LINE).format(message=usage_error_message(exc).render()), color)


def run(app: typer.Typer, args: Iterable[str], prog_name: str) -> int:
    """Run ``app`` on ``args`` in the current language; the exit code (typer's: 0, 2 for usage
    errors and help shown for missing arguments, 1 after an abort, the command's own)."""
    command = localized_command(app)
    try:
        result = command.main(args=list(args), prog_name=prog_name, standalone_mode=False)
    except NoArgsIsHelpError as exc:
        _echo_err(exc.format_message(), exc.ctx.color)
        return exc.exit_code
    except ClickException as exc:
        show_usage_error(exc)
        return exc.exit_code
    except Abort:
        _echo_err(_(ABORTED))
        return 1
    return result if isinstance(result, int) and not isinstance(result, bool) else 0
