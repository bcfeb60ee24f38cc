"""How help looks in the chosen language: the framework's fixed words of a help page translated,
text wrapped by display width (Hangul takes two columns), on click's own layout.

For English text the formatter writes what click writes, byte for byte (tests compare).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from typer import _click
from typer._click import _compat as _click_compat
from typer._click import _textwrap as _click_textwrap

from tistory_migrate.i18n import N_, _

# -- the framework's fixed words (extracted from here; typer prints them in English) --------------
USAGE_PREFIX = N_("Usage:")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
HEADINGS = (N_("Arguments"), N_("Options"), N_("Commands"))
HELP_OPTION_HELP = N_("Show this message and exit.")
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
_RANGE = re.compile(r"^(-?[0-9.]+<=)?x(<=|>=)?(-?[0-9.]+)?$|^-?[0-9.]+<=x<=-?[0-9.]+$")
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
