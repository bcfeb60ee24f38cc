"""Every default in one place, with its unit.

``./tistory-migrate.toml`` or ``--config FILE`` overrides them, command-line flags override
both. The file uses one table per section below; an unknown section or key is an error
(exit 3), so a typo never silently does nothing.

    [fetch]
    page_delay = 2.0      # seconds between requests to the blog's own host
    [naver]
    per_day = 3
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tistory_migrate.errors import ConfigError, UsageError
from tistory_migrate.i18n import LANG_SETTINGS, N_, _

CONFIG_FILE_NAME = "tistory-migrate.toml"

# Every allowed choice, named once; ``check_choice`` is the one check for each.
NAVER_IMAGES = ("markers", "remote")
DATE_LINE_POSITIONS = ("top", "bottom", "none")
DUPLICATE_CHOICES = ("private", "delete", "keep")
UI_LANGS = LANG_SETTINGS  # [ui] lang: auto (the environment's language), ko or en
PROBE_CHOICES = ("always", "auto", "never")  # scrape.probe_ids
# Settings that were true/false and became choices: the old values keep working.
BOOL_CHOICES = {"scrape.probe_ids": {True: "always", False: "never"}}


def _or_list(choices: tuple[str, ...]) -> str:
    if len(choices) > 1:
        return _("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])
    return choices[0]


def check_choice(value: str, choices: tuple[str, ...], *, flag: str | None = None, key: str | None = None) -> str:
    """``value`` if it is one of ``choices``. Otherwise a usage error (exit 2) naming the flag,
    or, for a value from the settings file, a configuration error (exit 3) naming the key."""
    if value in choices:
        return value
    if flag is not None:
        raise UsageError(_("{flag} must be {choices}, not {value}.").format(flag=flag, choices=_or_list(choices),
                                                                          value=repr(value)))
    raise ConfigError(_("{key} must be {choices}.").format(key=key, choices=_or_list(choices)))


@dataclass(frozen=True)
class FetchSettings:
    connect_timeout: float = 10.0  # seconds
    read_timeout: float = 30.0  # seconds, between bytes
    page_deadline: float = 120.0  # seconds: a page (list, post, feed, robots.txt) must arrive whole within this
    media_min_rate: int = 4096  # bytes a second: a download slower than this over the window is given up (0: no floor)
    media_rate_window: float = 30.0  # seconds over which a download's average rate is measured
    max_page_bytes: int = 20 * 1024 * 1024  # a page larger than this is refused
    max_media_bytes: int = 200 * 1024 * 1024  # an image/attachment larger than this is refused
    retries: int = 4  # extra attempts after the first, on connection errors, timeouts, 429, 5xx
    backoff_base: float = 1.0  # seconds; attempt n waits base * 2**n plus jitter
    backoff_max: float = 60.0  # seconds, cap for one wait (also caps Retry-After)
    jitter: float = 0.5  # fraction of the wait added at random
    page_delay: float = 1.0  # seconds between requests to the blog's host
    media_delay: float = 0.1  # seconds between requests to one media host
    media_workers: int = 4  # parallel media downloads
    page_workers: int = 2  # post pages fetched ahead of the one being read (the per-host delay still applies)
    respect_robots: bool = True
    user_agent: str = ""  # empty: "tistory-migrate/VERSION (+PROJECT_URL)"


@dataclass(frozen=True)
class ScrapeSettings:
    # Probe numeric ids the other sources skipped: "always"; "auto" only when the posts found fall
    # short of the blog's own count (the sidebar's "분류 전체보기 (N)"), newest gaps first and only
    # until the missing posts are found; "never". true/false of older settings files mean always/never.
    probe_ids: str = "auto"
    probe_max_gap: int = 2000  # do not probe more ids than this in one run
    max_list_pages: int = 5000  # safety bound per list path
    category_lists: bool = True  # walk every /category/... list found in the sidebar
    tag_lists: bool = False  # also walk every /tag/... list found (one request per tag at least: slow on big blogs)
    # The front list is always walked to its last page. Other lists stop at the first page
    # that adds no post the run did not know: on a normal blog they repeat the front list,
    # and walking them all would double or triple the requests. True walks every list fully.
    full_list_walks: bool = False
    # Read every post's comments through Tistory's comment endpoint (--comments). Off by
    # default: commenters' names and sites are other people's data.
    comments: bool = False


@dataclass(frozen=True)
class NaverSettings:
    per_day: int = 5  # posts per day in the publish plan (Naver allows at most 200)
    date_line: str = "원문: {date} · {url} (티스토리에서 옮긴 글)"
    date_line_position: str = "top"  # top | bottom | none
    date_format: str = "%Y-%m-%d"
    duplicate_choice: str = "private"  # private | delete | keep: what to do with the Tistory original
    images: str = "markers"  # markers | remote
    max_tags: int = 30
    max_title_chars: int = 100
    max_image_bytes: int = 20 * 1024 * 1024  # flag images larger than this in NOTES.md; the served helper copies no larger PNG
    max_images_per_post: int = 50  # flag posts with more images than this
    heading_spacer: bool = True  # a blank paragraph after each heading in body.html (stops size bleed)


@dataclass(frozen=True)
class WxrSettings:
    max_items: int = 0  # 0 = one file; N = split into files of N posts
    media_base_url: str = ""
    author_login: str = ""  # empty: the blog's author name, else "admin"


@dataclass(frozen=True)
class BackupSettings:
    max_total_bytes: int = 20 * 1024 * 1024 * 1024  # decompressed, whole backup
    max_entries: int = 500_000
    max_entry_bytes: int = 1024 * 1024 * 1024
    max_post_bytes: int = 20 * 1024 * 1024  # one post's page in the backup (checked before it is read)


@dataclass(frozen=True)
class UiSettings:
    lang: str = "auto"  # auto | ko | en: the language the command line speaks (--lang overrides)


# Keys earlier versions had that no longer do anything: accepted (old settings files keep
# working) and ignored, with a one-line notice.
RETIRED_KEYS = {
    "scrape.download_media": N_("scrape.download_media is no longer used (pictures are always downloaded); "
                                "you can remove it from the settings file."),
}
SECTIONS = ("fetch", "scrape", "naver", "wxr", "backup", "ui")


@dataclass(frozen=True)
class Settings:
    """Every setting, by section; ``notices`` are what loading the settings file has to say
    (retired keys), for the command line to print."""

    fetch: FetchSettings = field(default_factory=FetchSettings)
    scrape: ScrapeSettings = field(default_factory=ScrapeSettings)
    naver: NaverSettings = field(default_factory=NaverSettings)
    wxr: WxrSettings = field(default_factory=WxrSettings)
    backup: BackupSettings = field(default_factory=BackupSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    notices: tuple[str, ...] = ()

    def with_overrides(self, section: str, **values: Any) -> "Settings":
        """Return a copy with ``values`` set in ``section``; ``None`` values are ignored."""
        values = {k: v for k, v in values.items() if v is not None}
        if not values:
            return self
        current = getattr(self, section)
        return replace(self, **{section: _replace_checked(section, current, values)})


def _replace_checked(section: str, obj: Any, values: dict[str, Any]) -> Any:
    known = {f.name: f for f in fields(obj)}
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(
                _("Unknown setting '{name}'.").format(name=f"{section}.{key}"),
                hint=_("Known settings in [{section}]: {names}.").format(section=section, names=", ".join(sorted(known))),
            )
        default = getattr(obj, key)
        if isinstance(value, bool) and f"{section}.{key}" in BOOL_CHOICES:
            value = BOOL_CHOICES[f"{section}.{key}"][value]
        clean[key] = _coerce(f"{section}.{key}", default, value)
    return replace(obj, **clean)


# Settings where 0 cannot mean anything (a timeout, a size limit, a number of workers or of
# entries): they must be more than 0. Elsewhere 0 is a real choice (no delay, no retries, one
# WXR file, no probing), and only a negative number is refused.
MORE_THAN_ZERO = frozenset({
    "fetch.connect_timeout", "fetch.read_timeout", "fetch.page_deadline", "fetch.media_rate_window", "fetch.max_page_bytes", "fetch.max_media_bytes",
    "fetch.media_workers", "fetch.page_workers", "scrape.max_list_pages", "naver.per_day", "naver.max_title_chars",
    "naver.max_image_bytes", "backup.max_total_bytes", "backup.max_entries", "backup.max_entry_bytes",
    "backup.max_post_bytes",
})


def _number(name: str, value: int | float) -> None:
    """The one range rule of numeric settings (named in the message, exit 3)."""
    if not math.isfinite(value) or value < 0:
        raise ConfigError(_("Setting '{name}' cannot be negative.").format(name=name) if value < 0 else
                          _("Setting '{name}' must be a number, not {value}.").format(name=name, value=repr(value)))
    if value == 0 and name in MORE_THAN_ZERO:
        raise ConfigError(_("Setting '{name}' must be more than 0.").format(name=name))


def _coerce(name: str, default: Any, value: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        raise ConfigError(_("Setting '{name}' must be true or false, not {value}.").format(name=name, value=repr(value)))
    if isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            _number(name, value)
            return value
        raise ConfigError(_("Setting '{name}' must be a whole number, not {value}.").format(name=name, value=repr(value)))
    if isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            _number(name, value)
            return float(value)
        raise ConfigError(_("Setting '{name}' must be a number, not {value}.").format(name=name, value=repr(value)))
    if isinstance(default, str):
        if isinstance(value, str):
            return value
        raise ConfigError(_("Setting '{name}' must be text, not {value}.").format(name=name, value=repr(value)))
    return value  # pragma: no cover


def load_settings(config: Path | None = None, *, cwd: Path | None = None) -> Settings:
    """Defaults, then ``./tistory-migrate.toml`` (or ``config``) on top."""
    settings = Settings()
    path = config
    if path is None:
        candidate = (cwd or Path.cwd()) / CONFIG_FILE_NAME
        if candidate.is_file():
            path = candidate
    if path is None:
        return _validate(settings)
    if not Path(path).is_file():
        raise ConfigError(_("Configuration file {path} does not exist.").format(path=path),
                          hint=_("Check the path given to --config."))
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))  # Notepad saves "UTF-8 (BOM)"
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(_("Configuration file {path} is not valid TOML: {error}.").format(path=path, error=exc)) from None
    sections = set(SECTIONS)
    notices: list[str] = []
    for section, values in data.items():
        if section not in sections:
            raise ConfigError(
                _("Unknown section [{section}] in {path}.").format(section=section, path=path),
                hint=_("Known sections: {names}.").format(names=", ".join(sorted(sections))),
            )
        if not isinstance(values, dict):
            raise ConfigError(_("'{section}' in {path} must be a table like [{section}].").format(section=section, path=path))
        for key in [k for k in values if f"{section}.{k}" in RETIRED_KEYS]:
            notices.append(_(RETIRED_KEYS[f"{section}.{key}"]))
            values = {k: v for k, v in values.items() if k != key}
        settings = replace(settings, **{section: _replace_checked(section, getattr(settings, section), values)})
    return _validate(replace(settings, notices=tuple(notices)))


def early_settings(config: Path | None = None, *, cwd: Path | None = None) -> Settings:
    """What the command line needs before it parses its options (help and errors are built in
    the chosen language): the ``[ui]`` table of the file ``load_settings`` would read, on the
    defaults. Never raises: anything missing or wrong is the default here, and the command
    reports the file's errors, in that language, when it loads its settings."""
    try:
        path = config
        if path is None:
            candidate = (cwd or Path.cwd()) / CONFIG_FILE_NAME
            path = candidate if candidate.is_file() else None
        if path is None:
            return Settings()
        ui = tomllib.loads(Path(path).read_text(encoding="utf-8-sig")).get("ui", {})
        lang = ui.get("lang", "auto") if isinstance(ui, dict) else "auto"
    except Exception:  # noqa: BLE001 - quiet by design: the command reports the file's errors
        return Settings()
    if not isinstance(lang, str) or lang not in UI_LANGS:
        return Settings()
    return Settings(ui=UiSettings(lang=lang))


def _validate(settings: Settings) -> Settings:
    n = settings.naver
    if not 1 <= n.per_day <= 200:
        raise ConfigError(_("naver.per_day must be between 1 and 200 (Naver allows at most 200 posts a day)."))
    check_choice(n.date_line_position, DATE_LINE_POSITIONS, key="naver.date_line_position")
    check_choice(n.duplicate_choice, DUPLICATE_CHOICES, key="naver.duplicate_choice")
    check_choice(n.images, NAVER_IMAGES, key="naver.images")
    check_choice(settings.ui.lang, UI_LANGS, key="ui.lang")
    check_choice(settings.scrape.probe_ids, PROBE_CHOICES, key="scrape.probe_ids")
    if settings.fetch.retries < 0:
        raise ConfigError(_("fetch.retries cannot be negative."))
    return settings
