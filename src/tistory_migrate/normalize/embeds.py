"""Videos, maps and link cards -> one link each (Naver's paste drops iframes and scripts).

The kind and the link are derived from the URL alone, so a body normalized twice (where the
second pass only sees our own ``<p data-tm-embed>`` links) gives the same embeds.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tistory_migrate.markup import text_of
from tistory_migrate.models import Embed

_YT_ID = r"([\w-]{6,20})"
_RULES: list[tuple[str, re.Pattern, str]] = [
    ("youtube", re.compile(r"^https?://(?:www\.|m\.)?youtube(?:-nocookie)?\.com/(?:embed|v|shorts)/" + _YT_ID, re.I),
     "https://www.youtube.com/watch?v={0}"),
    ("youtube", re.compile(r"^https?://youtu\.be/" + _YT_ID, re.I), "https://www.youtube.com/watch?v={0}"),
    ("vimeo", re.compile(r"^https?://player\.vimeo\.com/video/([0-9]+)", re.I), "https://vimeo.com/{0}"),
    ("kakaotv", re.compile(r"^https?://(?:play-)?tv\.kakao\.com/(?:embed/player/cliplink|v|channel/[0-9]+/cliplink)/([0-9]+)", re.I),
     "https://tv.kakao.com/v/{0}"),
]  # fmt: skip
_KIND_BY_HOST: list[tuple[str, re.Pattern]] = [
    ("youtube", re.compile(r"(?:^|\.)youtube\.com$|^youtu\.be$")),
    ("vimeo", re.compile(r"(?:^|\.)vimeo\.com$")),
    ("kakaotv", re.compile(r"^(?:play-)?tv\.kakao\.com$")),
    # Tistory's own pre-2018 video player (Daum tvpot / videofarm)
    ("tistory-video", re.compile(r"(?:^|\.)(?:videofarm|tvpot)\.daum\.net$")),
    ("map", re.compile(r"^(?:map\.kakao\.com|kko\.to|map\.naver\.com|naver\.me|maps\.google\.[\w.]+|dapi\.kakao\.com)$")),
]

# Short Korean note per downgrade kind, written to NOTES.md for the person publishing.
NOTE_BY_KIND = {
    "youtube": "동영상 → 링크",
    "vimeo": "동영상 → 링크",
    "kakaotv": "동영상 → 링크",
    "tistory-video": "동영상 → 링크",
    "map": "지도 → 링크",
    "link": "링크 카드 → 링크",
}


def canonical(url: str) -> tuple[str, str]:
    """(kind, link to show) for an embed/player URL."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    for kind, pattern, template in _RULES:
        m = pattern.search(url)
        if m:
            return kind, template.format(m.group(1))
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.endswith("youtube.com") and parts.path == "/watch":
        vid = parse_qs(parts.query).get("v")
        if vid:
            return "youtube", f"https://www.youtube.com/watch?v={vid[0]}"
    if host == "www.google.com" and parts.path.startswith("/maps"):
        return "map", url
    for kind, pattern in _KIND_BY_HOST:
        if pattern.search(host):
            return kind, url
    return "link", url


def embed_of(el, tag: str, classes: set[str]) -> tuple[Embed, str] | None:
    """The embed an element stands for, with the note it earns; None when it is not one."""
    get = el.get
    if tag == "p" and get("data-tm-embed") is not None:  # our own marker (second pass)
        a = next(iter(el.iter("a")), None)
        if a is None or not a.get("href"):
            return None
        kind, url = canonical(a.get("href"))
        title = " ".join(text_of(a).split()) or None
        return Embed(kind, url, None if title == url else title), ""
    ke = (get("data-ke-type") or "").lower()
    if tag == "figure" and ke == "opengraph":
        url = get("data-og-url") or get("data-og-source-url")
        if not url:
            a = next(iter(el.iter("a")), None)
            url = a.get("href") if a is not None else None
        if not url:
            return None
        title = get("data-og-title")
        if not title:
            t = [n for n in el.iter() if "og-title" in (n.get("class") or "")]
            title = " ".join(text_of(t[0]).split()) if t else None
        kind, url = canonical(url)
        return Embed(kind, url, title or None), NOTE_BY_KIND["link"]
    if tag == "figure" and (ke == "video" or get("data-video-url") is not None):
        url = get("data-video-url") or get("data-original-url")
        if not url:
            frame = next(iter(el.iter("iframe")), None)
            url = frame.get("src") if frame is not None else None
        if not url:
            return None
        kind, url = canonical(url)
        kind = kind if kind != "link" else "tistory-video"
        return Embed(kind, url, get("data-video-title") or None), NOTE_BY_KIND["youtube"]
    if tag == "figure" and ke == "map" or "kakao-map" in classes or "map_wrap" in classes:
        url = get("data-map-url") or get("data-url")
        if not url:
            a = next(iter(el.iter("a")), None)
            frame = next(iter(el.iter("iframe")), None)
            url = a.get("href") if a is not None else (frame.get("src") if frame is not None else None)
        if not url:
            return None
        return Embed("map", canonical(url)[1], get("data-title") or get("title") or None), NOTE_BY_KIND["map"]
    if tag in ("iframe", "embed") or (tag == "div" and "tt-youtube-plugin" in classes):
        frame = el if tag != "div" else next(iter(el.iter("iframe")), None)
        src = frame.get("src") if frame is not None else None
        if not src or not re.match(r"(?i)(?:https?:)?//", src.strip()):
            return None
        kind, url = canonical(src)
        title = (frame.get("title") or "").strip() or None
        note = NOTE_BY_KIND.get(kind, "") if kind != "link" else "삽입 요소 → 링크"
        return Embed(kind, url, title), note
    return None
