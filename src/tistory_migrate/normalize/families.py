"""Image/file URL families: any reference found in a body -> the original-size URL to fetch.

One table, one row per family, tried in order (first match wins). Every row is a
``(name, host test, path regex, handler)``; the handler turns the match into a ``Resolved``
or ``None`` (= not post content: skin assets, placeholders, emoticons). Facts behind each row
are in docs/tistory-markup.md §4.2.

Identities are scheme-less ``host/path`` for the CDN families so the same picture referenced
as ``http://`` in 2012 and ``https://`` in 2020 is stored once; signed queries are never part
of an identity (they change on every render).

Every CDN row asks on https. Where the page wrote ``http://`` (``Resolved.upgraded``), the
download falls back to the page's own scheme when the https request fails (TLS, connection,
4xx/5xx: ``http_fallback``, used by ``scrape.media``); the media record keeps the URL that
answered, the post's ``MediaRef.original_url`` stays the https one.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

# Thumb proxies may wrap thumb proxies; a bound keeps a malicious nest from recursing forever.
_MAX_NEST = 4


@dataclass(frozen=True)
class Resolved:
    original_url: str  # what to request (signed dna keeps its query)
    identity: str  # stable storage key (no signature, no scheme for CDN families)
    family: str  # row name below: kakaocdn-dn, kakaocdn-dna, t1-cfile, uf-cfile, local, external ...
    expires: bool = False  # signed URL that stops working (dna)
    upgraded: bool = False  # the page said http://, ``original_url`` asks https:// (see ``http_fallback``)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _https(parts) -> str:
    return urlunsplit(("https", parts.netloc.lower(), parts.path, parts.query, ""))


# --- handlers -------------------------------------------------------------------------------


def _thumb(parts, m, depth: int) -> Resolved | None:
    """``img1.daumcdn.net/thumb/R1280x0/?scode=…&fname=<encoded original>``.

    ``fname`` is decoded exactly once: a signed dna URL inside is itself encoded, so its own
    ``%2F`` arrives as ``%252F`` and must stay ``%2F`` after our decode. Some skins (related
    posts) nest a thumb URL *unencoded* (``fname=https://img1…/thumb/…?scode=…&fname=…``): then
    everything after ``fname=`` is the wrapped URL, ampersands included.
    """
    query = parts.query
    idx = _fname_index(query)
    if idx < 0:
        return None  # a resize of nothing we can name
    raw = query[idx + len("fname=") :]
    if re.match(r"(?i)https?://", raw):
        inner = raw  # unencoded nest: keep the rest verbatim
    else:
        inner = unquote(raw.split("&", 1)[0])
    if not inner:
        return None
    return _resolve(inner, None, depth + 1)


def _fname_index(query: str) -> int:
    for m in re.finditer(r"(?:^|&)fname=", query):
        return m.end() - len("fname=")
    return -1


def _http(parts) -> bool:
    return parts.scheme == "http"


def _dn(parts, m, depth: int) -> Resolved:
    url = _https(parts)
    return Resolved(url, f"blog.kakaocdn.net{parts.path}", "kakaocdn-dn", upgraded=_http(parts))


def _dna(parts, m, depth: int) -> Resolved:
    # The signed URL is the original as served; it expires (credential/expires/signature).
    signed = bool(re.search(r"(?:^|&)(?:expires|credential|signature)=", parts.query))
    return Resolved(_https(parts), f"blog.kakaocdn.net{parts.path}", "kakaocdn-dna", expires=signed, upgraded=_http(parts))


def _t1_cfile(parts, m, depth: int) -> Resolved:
    # `?original` is what the skins' own lightbox links request (full size, not the 1280 cap).
    path = parts.path
    return Resolved(f"https://t1.daumcdn.net{path}?original", f"t1.daumcdn.net{path}", "t1-cfile", upgraded=_http(parts))


def _uf_cfile(parts, m, depth: int) -> Resolved:
    host = parts.netloc.lower()
    path = f"/original/{m.group('id')}"
    return Resolved(f"https://{host}{path}", f"{host}{path}", "uf-cfile", upgraded=_http(parts))


def _blog_attach(parts, m, depth: int) -> Resolved:
    # tistory{N}.daumcdn.net/tistory/{blogId}/attach/{hash}: the blog's own uploads (profile,
    # favicon, old skin-editor pictures). Skin chrome never reaches find_media (it only sees the
    # body), so when an author put one *in the body* it is content and is kept.
    return Resolved(_https(parts), f"{parts.netloc.lower()}{parts.path}", "blog-attach", upgraded=_http(parts))


def _not_content(parts, m, depth: int) -> None:
    return None


def _daum_other(parts, m, depth: int) -> Resolved:
    # Any other daum/kakao CDN path: upgrade to https (the CDNs serve both), keep the query.
    return Resolved(_https(parts), f"{parts.netloc.lower()}{parts.path}", "daumcdn", upgraded=_http(parts))


# --- the table ------------------------------------------------------------------------------
# (family, host regex, path regex, handler). Order matters: assets before generic CDN rows.
FAMILIES: list[tuple[str, re.Pattern, re.Pattern, object]] = [
    # resize proxies (img1/i1 on daumcdn; the same proxy answers on a few sibling hosts)
    ("thumb", re.compile(r"^(?:img[0-9]*|i[0-9]+|t[0-9]+)\.daumcdn\.net$"), re.compile(r"^/thumb/"), _thumb),
    # platform static files: no-image placeholder, opengraph default, editor icons, scripts
    ("tistory-admin", re.compile(r"^(?:t[0-9]+|tistory[0-9]*)\.daumcdn\.net$"), re.compile(r"^/tistory_admin/"), _not_content),
    # new-editor emoticons/stickers: Naver has its own; they are decoration, not photos
    ("emoticon", re.compile(r"^t[0-9]+\.daumcdn\.net$"), re.compile(r"^/(?:keditor/emoticon|editor/emoticon)/"), _not_content),
    # skin images of the blog's theme
    ("skin", re.compile(r"^tistory[0-9]*\.daumcdn\.net$"), re.compile(r"^/tistory/[0-9]+/skin/"), _not_content),
    ("blog-attach", re.compile(r"^tistory[0-9]*\.daumcdn\.net$"), re.compile(r"^/tistory/[0-9]+/attach/"), _blog_attach),
    ("kakaocdn-dna", re.compile(r"^blog\.kakaocdn\.net$"), re.compile(r"^/dna/"), _dna),
    ("kakaocdn-dn", re.compile(r"^blog\.kakaocdn\.net$"), re.compile(r"^/dn/"), _dn),
    ("t1-cfile", re.compile(r"^t1\.daumcdn\.net$"), re.compile(r"^/cfile/[^/]+/[0-9A-Fa-f]{12,}$"), _t1_cfile),
    (
        "uf-cfile",
        re.compile(r"^cfile[0-9]+\.uf\.tistory\.com$"),
        re.compile(r"^/(?:image|attach|original)/(?P<id>[0-9A-Fa-f]{12,})"),
        _uf_cfile,
    ),
    ("daumcdn", re.compile(r"(?:^|\.)(?:daumcdn\.net|kakaocdn\.net)$"), re.compile(r""), _daum_other),
]

# Tistory's backup folders inside one post folder (docs/tistory-backup.md).
_BACKUP_FOLDERS = ("img", "file")


def resolve_original(url: str, base_url: str | None = None) -> Resolved | None:
    """The original-size URL, identity and family of one reference; None if not content.

    Relative references are joined to ``base_url``; ``./img/…`` / ``img/…`` / ``file/…`` refer
    to a Tistory backup post folder and become ``backup:{no}/img/{decoded name}`` (the pseudo
    URL the backup reader stores them under), ``no`` taken from ``base_url``
    (``backup:123…`` or ``https://blog/123``).
    """
    return _resolve(url, base_url, 0)


def _resolve(url: str, base_url: str | None, depth: int) -> Resolved | None:
    if url is None or depth > _MAX_NEST:
        return None
    url = url.strip()
    if "\t" in url or "\r" in url or "\n" in url:  # browsers drop these inside URLs
        url = url.replace("\t", "").replace("\r", "").replace("\n", "")
    if not url or url.startswith("#"):
        return None
    low = url[:12].lower()
    if low.startswith(("data:", "javascript:", "about:", "blob:", "vbscript:", "file:")):
        return None
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if parts.scheme == "backup":
        return _backup(parts.path)
    if not parts.scheme:
        local = _backup_local(url, base_url)
        if local is not None:
            return local
        if not base_url:
            return None  # nothing to resolve against: not fetchable
        if base_url.startswith("backup:"):
            # Only the post folder's own img/ and file/ hold files; a site-relative link such as
            # "/133" is another post of the blog, never a file of this backup.
            if url.startswith("/"):
                return None
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(base_url[7:]), parts.path))
            segments = joined.lstrip("/").split("/")
            if len(segments) < 3 or segments[1] not in _BACKUP_FOLDERS:
                return None
            return _backup(joined)
        url = urljoin(base_url, url)
        parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = (parts.hostname or "").lower()
    for name, host_re, path_re, handler in FAMILIES:
        if host_re.search(host):
            m = path_re.search(parts.path)
            if m:
                return handler(parts, m, depth)
    # Author-pasted pictures on other hosts: kept as given (some hosts still lack https).
    kept = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    identity = f"{parts.netloc.lower()}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    return Resolved(kept, identity, "external")


def _backup_local(url: str, base_url: str | None) -> Resolved | None:
    path = posixpath.normpath(url.split("?", 1)[0].split("#", 1)[0])
    first, _, rest = path.partition("/")
    if first not in _BACKUP_FOLDERS or not rest or url.startswith("/"):
        return None
    no = _post_no(base_url)
    if no is None:
        return None
    return _backup(f"{no}/{first}/{rest}")


def _post_no(base_url: str | None) -> str | None:
    if not base_url:
        return None
    if base_url.startswith("backup:"):
        m = re.match(r"backup:/*([^/?#]+)", base_url)
    else:
        m = re.search(r"^[a-z]+://[^/]+/(?:m/|notice/)?([0-9]+)(?:[/?#]|$)", base_url, re.I)
    return m.group(1) if m else None


def _backup(path: str) -> Resolved | None:
    path = _nfc(unquote(path)).lstrip("/")
    if not path or path.startswith("..") or "/../" in f"/{path}/":
        return None
    url = f"backup:{path}"
    return Resolved(url, url, "local")


def http_fallback(src: str, original_url: str) -> str | None:
    """The URL to try when the https request for a picture fails, for a reference the page
    wrote as ``http://`` and this module switched to https (Tistory's old hosts mostly answer
    https, but not every one, not always): the same original on the scheme the page used.
    None when the page itself said https (or the reference is not a CDN family)."""
    if not original_url.startswith("https://") or not src:
        return None
    res = resolve_original(src)
    if res is None or not res.upgraded or res.original_url != original_url:
        return None
    return "http://" + original_url[len("https://"):]


def basename_hint(url: str) -> str | None:
    """The decoded last path segment of a URL (``img.jpg`` for kakaocdn), or None."""
    if not url:
        return None
    path = urlsplit(url).path if "://" in url or url.startswith("backup:") else url.split("?", 1)[0]
    if url.startswith("backup:"):
        path = url[7:].split("?", 1)[0]
    name = _nfc(unquote(path.rstrip("/").rsplit("/", 1)[-1]))
    return name or None
