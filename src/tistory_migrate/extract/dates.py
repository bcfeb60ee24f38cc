"""Every date format Tistory shows, turned into ISO-8601 in Korean time (``+09:00``).

One ordered chain (feedparser's habit): each parser is tried in turn, the first that matches
wins, and malformed input returns ``None`` instead of raising. Sources and formats
(docs/tistory-markup.md §3.1, §3.2, §6; docs/tistory-backup.md):

* ``article:published_time`` ``2025-11-13T17:09:01+09:00`` (any offset, converted to KST);
* 2016-era meta ``20131026232137`` (yyyymmddHHMMSS, KST wall clock);
* 2016-era JSON-LD ``20131026T23:21:37+09:00``;
* RSS ``pubDate`` RFC-822 ``Mon, 30 Nov 2020 02:01:47 +0900``;
* official backup ``2019-12-13 10:31:05`` (KST wall clock, no zone);
* visible skin dates ``2025. 11. 13. 17:09``, ``2018. 1. 19.``, ``2025.11.13`` (KST, no zone).

``og:regDate`` has the same shape as the 2016 meta but a 12-hour clock without AM/PM
(17:09:01 -> ``20251113050901``): callers must never feed it here, this module cannot tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from tistory_migrate.models import KST


@dataclass(frozen=True)
class KstDate:
    """A parsed date: ``iso`` always carries ``+09:00``; ``date_only`` means the source had no
    time of day (``iso`` is then midnight), so the caller should flag the post."""

    iso: str
    date_only: bool = False
    format: str = ""  # which parser matched, for warnings and debugging


def _iso(dt: datetime) -> str:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=KST)
    return dt.astimezone(KST).replace(microsecond=0).isoformat()


def _build(y: str, mo: str, d: str, h: str | None = None, mi: str | None = None, s: str | None = None,
           tz: str | None = None) -> datetime:
    dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    if tz:
        if tz in ("Z", "z"):
            return dt.replace(tzinfo=timezone.utc)
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        return dt.replace(tzinfo=timezone(sign * offset))
    return dt.replace(tzinfo=KST)


_TZ = r"(Z|z|[+-][0-9]{2}:?[0-9]{2})"

# (name, pattern, date_only) — order matters: strict machine formats first, visible text last.
_PATTERNS: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    # 2025-11-13T17:09:01+09:00, 2025-11-13T17:09:01.123Z, 2025-11-13T17:09+09:00
    ("iso", re.compile(rf"^([0-9]{{4}})-([0-9]{{2}})-([0-9]{{2}})[T ]([0-9]{{2}}):([0-9]{{2}})(?::([0-9]{{2}})(?:\.[0-9]+)?)?{_TZ}$"), False),
    # JSON-LD of 2016-era pages: 20131026T23:21:37+09:00
    ("compact-iso", re.compile(rf"^([0-9]{{4}})([0-9]{{2}})([0-9]{{2}})T([0-9]{{2}}):?([0-9]{{2}}):?([0-9]{{2}}){_TZ}?$"), False),
    # 2016-era article:published_time: 20131026232137 (KST wall clock)
    ("yyyymmddhhmmss", re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})$"), False),
    # official backup p.date: 2019-12-13 10:31:05 (KST wall clock); also without seconds
    ("backup", re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$"), False),
    # visible skin dates: 2025. 11. 13. 17:09 / 2025.11.13 17:09:30
    ("visible-time", re.compile(r"^([0-9]{4})\.\s*([0-9]{1,2})\.\s*([0-9]{1,2})\.?\s+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$"), False),
    # visible date only: 2018. 1. 19. / 2025.11.13 / 2025-11-13
    ("visible-date", re.compile(r"^([0-9]{4})[.\-/]\s*([0-9]{1,2})[.\-/]\s*([0-9]{1,2})\.?$"), True),
)

# Same visible shape, searched inside longer text ("by 예르체 · 2018. 1. 19. · 댓글 3").
_VISIBLE_SEARCH = re.compile(r"(?<![0-9])([0-9]{4})\.\s*([0-9]{1,2})\.\s*([0-9]{1,2})\.?(?:\s+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?(?![0-9])")


def _rfc822(text: str) -> datetime | None:
    # Only try strings that look like RFC-822 (weekday or month name), else "2025" would match.
    if not re.search(r"[A-Za-z]{3}", text):
        return None
    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return dt


def parse_kst(value: str | None) -> KstDate | None:
    """Parse one date string with the chain; ``None`` when nothing matches or it is not a real date."""
    if not value or not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 64:
        return None
    for name, pattern, date_only in _PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                dt = _build(*m.groups())
            except (ValueError, OverflowError):
                return None
            if not _plausible(dt):
                return None
            return KstDate(_iso(dt), date_only, name)
    dt = _rfc822(text)
    if dt is not None and _plausible(dt):
        return KstDate(_iso(dt), False, "rfc822")
    return None


def find_visible_date(text: str | None) -> KstDate | None:
    """Find a skin-visible date (``yyyy. m. d.[ HH:MM]``) anywhere inside ``text``."""
    if not text:
        return None
    m = _VISIBLE_SEARCH.search(text)
    if not m:
        return None
    y, mo, d, h, mi, s = m.groups()
    try:
        dt = _build(y, mo, d, h, mi, s)
    except (ValueError, OverflowError):
        return None
    if not _plausible(dt):
        return None
    return KstDate(_iso(dt), h is None, "visible-time" if h else "visible-date")


def to_iso(value: str | None) -> str | None:
    """Shortcut: the ISO string or None."""
    parsed = parse_kst(value)
    return parsed.iso if parsed else None


def _plausible(dt: datetime) -> bool:
    # Tistory opened in 2006; anything far outside is a misparse (an id, a phone number).
    return 1995 <= dt.year <= 2100


# The chain's names in order, for callers that want to list what is supported.
PARSERS: tuple[str, ...] = tuple(name for name, _, _ in _PATTERNS) + ("rfc822",)
