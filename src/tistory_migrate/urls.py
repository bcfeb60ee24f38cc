"""Tistory URL rules: what a URL points at, and the canonical form of post URLs.

Facts (docs/tistory-markup.md §1): posts live at ``/{id}`` or, on blogs using text
permalinks, ``/entry/{percent-encoded slug}``; the mobile copies at ``/m/{id}`` and
``/m/entry/…``; notices at ``/notice/{id}``; static pages at ``/pages/{name}``. Category and tag
paths are percent-encoded UTF-8 (space ``%20``, ``+`` ``%2B``, ``&`` ``%26``). Related-post links
carry noise such as ``?category=1038140`` and comment links end in ``#comment…``.

Pure functions only: no network, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Every value of ``UrlInfo.kind`` (classify never answers anything else).
URL_KINDS = (
    "post", "entry", "mobile", "notice", "page", "category", "tag", "archive", "search",
    "guestbook", "root", "rss", "sitemap", "media", "other",
)

# Kinds whose URL names one post (what discovery collects).
POST_KINDS = ("post", "entry", "mobile", "notice", "page")
# Kinds that are paged lists: only these keep their ``?page=N``.
LIST_KINDS = ("root", "category", "tag", "archive", "search")

# Links between posts inside a body (``post_link_id``): numeric and text permalinks, PC or mobile.
_LINK_ID_PATH = re.compile(r"^/(?:m/)?(?:notice/)?([0-9]+)/?$")
_LINK_ENTRY_PATH = re.compile(r"^/(?:m/)?entry/([^/?#]+)/?$")
# Zero-width characters and BOM: invisible, so never part of a slug as a person reads it.
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")

# Image/attachment hosts seen in Tistory bodies (markup doc §4.2). Everything else foreign is "other".
_MEDIA_HOST = re.compile(
    r"(^|\.)(daumcdn\.net|kakaocdn\.net|uf\.tistory\.com|tistory1\.daumcdn\.net)$", re.I
)

_ID = r"([0-9]+)"
# Ordered path rules: first match wins. Each: (kind, regex on the decoded-free raw path, mobile?)
_PATH_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("post", re.compile(rf"^/{_ID}/?$")),
    ("entry", re.compile(r"^/entry/(.+?)/?$")),
    ("notice", re.compile(rf"^/m/notice/{_ID}/?$")),
    ("mobile", re.compile(rf"^/m/{_ID}/?$")),
    ("mobile-entry", re.compile(r"^/m/entry/(.+?)/?$")),
    ("notice", re.compile(rf"^/notice/{_ID}/?$")),
    ("page", re.compile(r"^/(?:m/)?pages/(.+?)/?$")),
    ("category", re.compile(r"^/(?:m/)?category(?:/(.*?))?/?$")),
    ("tag", re.compile(r"^/(?:m/)?tag(?:/(.*?))?/?$")),
    ("archive", re.compile(r"^/(?:m/)?archive(?:/([0-9]{4,8}))?/?$")),
    ("search", re.compile(r"^/(?:m/)?search(?:/(.*?))?/?$")),
    ("guestbook", re.compile(r"^/(?:m/)?guestbook/?$")),
    ("rss", re.compile(r"^/(?:rss|feed)(?:\.xml)?/?$")),
    ("sitemap", re.compile(r"^/sitemap(?:\.xml)?/?$")),
    ("root", re.compile(r"^/(?:m/?)?$")),
)


@dataclass(frozen=True)
class UrlInfo:
    """What one URL points at.

    ``id`` is the numeric post id (posts, mobile posts, notices); ``slug`` the decoded, NFC text
    of an ``/entry/`` slug, a ``/pages/`` name, or the decoded category/tag/search path;
    ``mobile`` is true for ``/m/…`` URLs (``/m/notice/1`` keeps kind ``notice``).
    """

    kind: str
    id: str | None
    slug: str | None
    path: str
    host: str
    mobile: bool = False
    page: int | None = None  # ``?page=N`` on list URLs

    @property
    def is_post(self) -> bool:
        return self.kind in POST_KINDS


def _decode(segment: str) -> str:
    """Percent-decode once (UTF-8) and NFC-normalise: macOS-typed Hangul arrives as NFD."""
    return unicodedata.normalize("NFC", unquote(segment, encoding="utf-8", errors="replace"))


def _host(netloc: str) -> str:
    host = netloc.rsplit("@", 1)[-1].lower()
    if host.endswith(":80") or host.endswith(":443"):
        host = host.rsplit(":", 1)[0]
    return host.rstrip(".")


def _bare(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def blog_base(url: str) -> str:
    """``scheme://host`` without a trailing slash.

    ``http://x.tistory.com`` becomes https (Tistory serves every blog over https); custom
    domains keep the scheme they were given, some still only answer on http.
    """
    parts = urlsplit(url.strip() if "://" in url else "https://" + url.strip())
    host = _host(parts.netloc)
    scheme = (parts.scheme or "https").lower()
    if host.endswith(".tistory.com"):
        scheme = "https"
    return f"{scheme}://{host}"


def absolute(href: str, page_url: str) -> str | None:
    """``href`` resolved against the page it was found on; None when it is not a usable URL."""
    try:
        return urljoin(page_url, href.strip())
    except ValueError:
        return None


def same_blog(url: str, base: str) -> bool:
    """True when ``url`` is on the blog at ``base`` (relative URLs are).

    Case and a leading ``www.`` are ignored, and so is http vs https: a custom-domain blog links
    to itself both ways.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if not parts.netloc:
        return not parts.scheme or parts.scheme in ("http", "https")
    if parts.scheme and parts.scheme not in ("http", "https"):
        return False
    return _bare(_host(parts.netloc)) == _bare(_host(urlsplit(blog_base(base)).netloc))


@lru_cache(maxsize=1024)  # called many times per post with the same few URLs; UrlInfo is frozen
def classify(url: str, blog_base: str | None = None) -> UrlInfo:  # noqa: C901 - a flat rule table
    """Say what ``url`` points at. Relative URLs are resolved against ``blog_base``.

    With ``blog_base`` given, a URL on another host is ``media`` (Tistory CDN) or ``other``.
    """
    raw = url.strip()
    try:
        if blog_base:
            raw = urljoin(_base_for(blog_base) + "/", raw)
        parts = urlsplit(raw)
    except ValueError:  # "http://[" and friends: page markup is untrusted input
        return UrlInfo("other", None, None, "", "")
    host = _host(parts.netloc)
    path = parts.path or "/"
    page = _page_param(parts.query)
    if host and _MEDIA_HOST.search(host):
        return UrlInfo("media", None, None, path, host)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return UrlInfo("other", None, None, path, host)
    if blog_base and host and not same_blog(raw, blog_base):
        return UrlInfo("other", None, None, path, host)
    path = re.sub(r"/{2,}", "/", path)
    for kind, rule in _PATH_RULES:
        m = rule.match(path)
        if not m:
            continue
        value = m.group(1) if m.groups() else None
        mobile = path.startswith("/m/") or path == "/m"
        if kind in ("post", "mobile", "notice"):
            return UrlInfo(kind, value, None, path, host, mobile=mobile)
        if kind == "entry":
            return UrlInfo("entry", None, _decode(value), path, host)
        if kind == "mobile-entry":
            return UrlInfo("mobile", None, _decode(value), path, host, mobile=True)
        if kind == "page":
            return UrlInfo("page", None, _decode(value), path, host, mobile=mobile)
        if kind in LIST_KINDS:
            slug = _decode(value) if value else None
            return UrlInfo(kind, None, slug, path, host, mobile=mobile, page=page)
        return UrlInfo(kind, None, None, path, host, mobile=mobile)
    return UrlInfo("other", None, None, path, host)


def _base_for(base: str) -> str:
    # ``classify``'s parameter shadows the module function of the same name.
    return blog_base(base)


def _page_param(query: str) -> int | None:
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key == "page" and (value.isascii() and value.isdigit()):
            return int(value)
    return None


def post_url(base: str, post_id: str, kind: str = "post") -> str:
    """The canonical PC URL of a post: ``base/123``, ``base/notice/123`` or ``base/pages/name``."""
    root = blog_base(base)
    if kind == "notice":
        return f"{root}/notice/{post_id}"
    if kind == "page":
        return f"{root}/pages/{quote(post_id, safe='')}"
    return f"{root}/{post_id}"


def strip_noise(url: str) -> str:
    """Drop what does not identify the page: fragments (``#comment…``), tracking queries
    (``?category=…`` on related-post links), and ``?page=`` except on list pages.

    The host is lower-cased; the path is kept byte for byte (an ``/entry/`` slug stays encoded
    as given, apart from a trailing slash on post URLs).
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    info = classify(url)
    path = parts.path or "/"
    query = ""
    if info.kind in LIST_KINDS and info.page is not None:
        query = urlencode({"page": info.page})
    if info.kind in POST_KINDS and len(path) > 1:
        path = path.rstrip("/")
    netloc = _host(parts.netloc) if parts.netloc else ""
    scheme = parts.scheme.lower()
    if netloc.endswith(".tistory.com"):
        scheme = "https"
    return urlunsplit((scheme, netloc, path, query, ""))


def pc_url(url: str, base: str | None = None) -> str | None:
    """The PC URL of a post link (``/m/123`` -> ``base/123``), or None if it is not a post link.

    ``/entry/`` slugs are re-encoded the way Tistory publishes them (UTF-8 percent-encoding) so
    the raw-Hangul and the encoded spelling of one slug give one URL.
    """
    info = classify(url, base)
    if not info.is_post:
        return None
    root = blog_base(base) if base else blog_base(url)
    if info.id is not None:
        return post_url(root, info.id, "notice" if info.kind == "notice" else "post")
    if info.kind == "page":
        return post_url(root, info.slug or "", "page")
    return f"{root}/entry/{quote(info.slug or '', safe='')}"


def post_link_id(href: str, hosts: Collection[str]) -> str | None:
    """The post an absolute link in a body points at, when it is another post of this blog: its
    numeric id (``/133``, ``/m/133``, ``/notice/4``) or ``entry/<decoded slug>`` for a text
    permalink (``/entry/…``, NFC, no zero-width characters). ``hosts`` are the blog's host names,
    lower-case (``BlogInfo.hosts()``). None for anything else, static pages included: they are
    known by name, not by the id the archive keys posts on.

    The one home of "is this a link to another post" (the normalizer's internal links).
    """
    try:
        parts = urlsplit(href)
        host = (parts.hostname or "").lower()
    except ValueError:  # "http://[" and friends
        return None
    if host not in hosts:
        return None
    m = _LINK_ID_PATH.match(parts.path)
    if m:
        return m.group(1)
    m = _LINK_ENTRY_PATH.match(parts.path)
    if m:
        return "entry/" + _ZERO_WIDTH.sub("", _decode(m.group(1)))
    return None
