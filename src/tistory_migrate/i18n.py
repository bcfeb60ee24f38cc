"""The language the command line speaks, and the translation functions (stdlib only).

Messages are written in English and looked up in a gettext catalog, domain ``tistory_migrate``,
in ``locale/<lang>/LC_MESSAGES/tistory_migrate.mo`` beside this file (``tools/i18n.py``
extracts, updates and compiles them with Babel)::

    from tistory_migrate.i18n import _, N_, ngettext

    _("The archive {path} is in use by another run.").format(path=path)   # never an f-string inside _()
    ngettext("{n} post", "{n} posts", n).format(n=n)
    LABEL = N_("Pages")      # marked for extraction at import time, translated later: _(LABEL)

Until ``set_language`` is called everything is English (the library, the tests). The command
line chooses once, before it builds its help: ``--lang`` beats the settings file's
``[ui] lang``, which beats the environment (``resolve_language``).

What is stored (reasons, warnings, notes in the archive's report) is a ``Message``: the English
id and its parameters, rendered in the reader's language when shown, so ``report ARCHIVE``
speaks Korean for an archive scraped in English.

``TM_LOCALE_DIR`` points the catalogs at another folder (the pseudo-translation tests).
"""

from __future__ import annotations

import gettext
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DOMAIN = "tistory_migrate"
LANGUAGES = ("en", "ko")  # what set_language accepts; English is the source language
LANG_SETTINGS = ("auto", "ko", "en")  # what the [ui] lang setting accepts
LOCALE_DIR_ENV = "TM_LOCALE_DIR"
ENV_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order
KOREAN_PRIMARY_LANGID = 0x12  # Windows LANGID primary language of 0x0412 (1042), ko-KR

_language = "en"
_translations: gettext.NullTranslations = gettext.NullTranslations()


def locale_dir() -> Path:
    """Where the catalogs are: ``$TM_LOCALE_DIR`` if set, else ``locale/`` in the package."""
    override = os.environ.get(LOCALE_DIR_ENV)
    return Path(override) if override else Path(__file__).resolve().parent / "locale"


def set_language(lang: str) -> None:
    """Speak ``lang`` (``"ko"`` or ``"en"``) from now on. A missing catalog means English text."""
    global _language, _translations
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    if lang == "en":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[lang], fallback=True)
    _language = lang


def language() -> str:
    """The language set by ``set_language`` (``"en"`` until then)."""
    return _language


def _(message: str) -> str:
    """``message`` in the current language (unchanged when the catalog does not know it)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n``, in the current language."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction and return it unchanged: for constants defined at import
    time and translated where they are shown, with ``_(CONSTANT)``."""
    return message


# -- choosing the language ------------------------------------------------------------------------
def language_of(name: str | None) -> str | None:
    """``"ko"`` or ``"en"`` for a locale or language name, ``None`` for any other language.

    ``ko``, ``ko_KR``, ``ko_KR.UTF-8``, ``ko-KR``, ``Korean_Korea.949`` are Korean; ``C``,
    ``POSIX``, ``C.UTF-8``, ``en_US`` ... are English.
    """
    if not name:
        return None
    base = name.strip().split(".", 1)[0].split("@", 1)[0]
    lang = base.replace("-", "_").split("_", 1)[0].lower()
    if lang in ("ko", "kor", "korean"):
        return "ko"
    if lang in ("en", "eng", "english", "c", "posix"):
        return "en"
    return None


def _windows_lcid_language(lcid: int) -> str:
    return "ko" if (int(lcid) & 0x3FF) == KOREAN_PRIMARY_LANGID else "en"


def windows_ui_language() -> int | None:
    """The Windows user's UI language as an LCID (1042 is Korean), ``None`` elsewhere."""
    if sys.platform != "win32":
        return None
    try:  # pragma: no cover - Windows only
        import ctypes

        return int(ctypes.windll.kernel32.GetUserDefaultUILanguage())  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover - no ctypes, an odd Windows
        return None


def detect_language(environ: Mapping[str, str] | None = None, *,
                    windows_ui_language: int | str | None = None) -> str:
    """``"ko"`` or ``"en"`` from the environment, the way gettext reads it, never calling
    ``locale.setlocale`` (the ko_KR locale is usually not installed on Linux and it raises).

    The first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set and not empty
    decides; ``LANGUAGE`` may be a colon list (``fr:ko:en``), whose first language this tool
    speaks wins; ``C``/``POSIX`` are English. When none is set: on Windows, the user's UI
    language (``windows_ui_language`` injects it, an LCID such as 1042 or a name such as
    ``Korean_Korea``, so this is testable anywhere). Anything else is English.
    """
    env = os.environ if environ is None else environ
    for variable in ENV_VARIABLES:
        value = env.get(variable)
        if not value:
            continue
        for name in value.split(":"):
            lang = language_of(name)
            if lang is not None:
                return lang
        return "en"
    ui = windows_ui_language if windows_ui_language is not None else _default_windows_ui_language(environ)
    if ui is None:
        return "en"
    if isinstance(ui, int):
        return _windows_lcid_language(ui)
    if isinstance(ui, str) and (ui.strip().isascii() and ui.strip().isdigit()):
        return _windows_lcid_language(int(ui.strip()))
    return language_of(str(ui)) or "en"


def _default_windows_ui_language(environ: Mapping[str, str] | None) -> int | None:
    # Only the real process environment asks Windows: a test's explicit environ stays hermetic.
    if environ is not None and environ is not os.environ:
        return None
    return windows_ui_language()


def resolve_language(flag: str | None, setting: str = "auto", environ: Mapping[str, str] | None = None, *,
                     windows_ui_language: int | str | None = None) -> str:
    """The language to speak: ``--lang`` (``flag``, ``"ko"``/``"en"``) beats the ``[ui] lang``
    setting (``"auto"``/``"ko"``/``"en"``), which beats the environment (``detect_language``).
    A value outside those is a ``ValueError`` (the command line checks its own first)."""
    if flag:
        if flag not in LANGUAGES:
            raise ValueError(f"unknown language {flag!r}")
        return flag
    setting = setting or "auto"
    if setting not in LANG_SETTINGS:
        raise ValueError(f"unknown language setting {setting!r}")
    if setting != "auto":
        return setting
    return detect_language(environ, windows_ui_language=windows_ui_language)


# -- stored messages ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Message:
    """A message kept as data and rendered in the reader's language.

    ``id`` is the English text with ``{name}`` placeholders (the msgid), ``params`` the values:
    text, numbers, or another ``Message`` (rendered in the same language). ``plural`` is the
    English plural id of a counted message, whose count is ``params["n"]``. Build them with
    ``msg``/``msg_n``, which extraction knows (a dict literal in the call would confuse it)::

        msg("Post {id} has no body.", id=post.id)
        msg_n("{n} picture could not be downloaded.", "{n} pictures could not be downloaded.", n)

    ``verbatim`` marks text that is not a message id (what an older version stored, a
    server's own words): shown as it is in every language.
    """

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    verbatim: bool = False

    def render(self) -> str:
        """The message in the current language. An id the catalog does not know is the English
        text; a translation whose placeholders do not fit the parameters falls back to it too."""
        if self.verbatim:
            return self.id
        params = {k: (v.render() if isinstance(v, Message) else v) for k, v in self.params.items()}
        if self.plural is not None:
            translated = ngettext(self.id, self.plural, _count(params))
        else:
            translated = _(self.id)
        try:
            return translated.format(**params)
        except (KeyError, IndexError, ValueError, AttributeError):
            return self.english()

    def english(self) -> str:
        """The message in English whatever the language (``--json``, jsonl and CSV keep English)."""
        if self.verbatim:
            return self.id
        params = {k: (v.english() if isinstance(v, Message) else v) for k, v in self.params.items()}
        text = self.id if self.plural is None or _count(params) == 1 else self.plural
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError, AttributeError):
            return text

    def __str__(self) -> str:
        return self.render()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"id": ..., "params": {...}}`` (+ ``plural``, ``verbatim`` when set);
        a nested message is ``{"message": {...}}`` among the params."""
        data: dict[str, Any] = {
            "id": self.id,
            "params": {k: ({"message": v.to_dict()} if isinstance(v, Message) else v) for k, v in self.params.items()},
        }
        if self.plural is not None:
            data["plural"] = self.plural
        if self.verbatim:
            data["verbatim"] = True
        return data

    @classmethod
    def from_dict(cls, data: Any) -> "Message":
        """The message ``to_dict`` made. A plain string (what older versions stored) is kept
        verbatim, so old reports are shown as they are."""
        if isinstance(data, Message):
            return data
        if isinstance(data, str):
            return cls(data, verbatim=True)
        params = {}
        for key, value in dict(data.get("params") or {}).items():
            if isinstance(value, dict) and set(value) == {"message"}:
                value = cls.from_dict(value["message"])
            params[key] = value
        return cls(str(data["id"]), params, data.get("plural"), bool(data.get("verbatim", False)))

    @classmethod
    def text(cls, text: str) -> "Message":
        """Text that is not a message id, shown as it is."""
        return cls(text, verbatim=True)


def _count(params: Mapping[str, Any]) -> int:
    try:
        return int(params.get("n", 0))
    except (TypeError, ValueError):
        return 0


def msg(message_id: str, /, **params: Any) -> Message:
    """A ``Message`` (an extraction keyword: write the id as a literal)."""
    return Message(message_id, params)


def msg_n(singular: str, plural: str, n: int, /, **params: Any) -> Message:
    """A counted ``Message``: ``n`` is also the ``{n}`` parameter (an extraction keyword)."""
    return Message(singular, {"n": n, **params}, plural)


__all__ = [
    "DOMAIN", "LANGUAGES", "LANG_SETTINGS", "LOCALE_DIR_ENV", "Message", "N_", "_", "detect_language",
    "language", "language_of", "locale_dir", "msg", "msg_n", "ngettext", "resolve_language", "set_language",
    "windows_ui_language",
]
