"""Checking what the command line prints in another language.

- ``pseudo_locale(folder)``: a catalog where every msgstr is ⟦msgid⟧; run the command line with
  ``TM_LOCALE_DIR=folder`` and ``--lang ko`` and every line that went through the catalog is
  wrapped, so ``unwrapped_words`` finds what did not (a message nobody marked).
- ``english_runs(text)``: three or more English words in a row outside URLs, paths and option
  names (what a Korean reader should never meet).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPEN, CLOSE = "⟦", "⟧"
_INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
# A token that is data, not prose: an option, a placeholder or value in brackets, a path, a URL,
# a file name, a number, an assignment, a quoted name, punctuation.
_DATA_TOKEN = re.compile(r"^(-.*|[\[{<'].*|.*[/=@\\\d].*|\w+\.\w.*|[^\w]*)$")


def tools_i18n():
    """tools/i18n.py as a module."""
    spec = importlib.util.spec_from_file_location("tm_tools_i18n", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def pseudo_locale(folder: Path, lang: str = "ko") -> Path:
    """Write the ⟦pseudo⟧ catalog for ``lang`` into ``folder`` (use as ``TM_LOCALE_DIR``)."""
    tools_i18n().pseudo(folder, lang)
    return folder


def strip_wrapped(text: str) -> str:
    """``text`` without its ⟦...⟧ parts (nested ones too, across lines)."""
    while True:
        stripped = _INNERMOST.sub(" ", text)
        if stripped == text:
            return stripped
        text = stripped


def unwrapped_words(text: str, data: set[str] = frozenset()) -> list[str]:
    """The words of ``text`` outside ⟦...⟧ that are not data (``data``: names such as the
    program, the commands and the argument names, which are never translated)."""
    words = []
    for token in strip_wrapped(text).split():
        bare = token.strip(".,;:!?()\"")
        if bare and bare not in data and not _DATA_TOKEN.match(bare):
            words.append(token)
    return words


_URL_PATH_OPTION = re.compile(r"\S+://\S+|(?<!\w)-{1,2}[A-Za-z][\w-]*|\S*[/\\.=]\S*\w\S*")
_THREE_WORDS = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z']*(?:[ \t]+[A-Za-z][A-Za-z']*){2,}(?![\w-])")


def english_runs(text: str) -> list[str]:
    """Runs of three or more English words, per line, outside URLs, paths and option names."""
    runs = []
    for line in text.splitlines():
        runs.extend(m.group(0) for m in _THREE_WORDS.finditer(_URL_PATH_OPTION.sub(" | ", line)))
    return runs
