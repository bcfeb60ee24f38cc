"""Every old Tistory URL of a post, pure (the redirect map of docs/design.md).

A post answered on several paths (``/123``, ``/m/123``, ``/entry/<slug>`` raw and
percent-encoded, ``/notice/…``, ``/pages/…``), on every host of the blog, over https and http.
``post_paths`` reduces a post to those host-less paths (``PostPaths``); ``old_urls`` spells
them out as typed rows (``OldUrl``, one per old address: the columns of ``redirects.csv``).
``MapEntry`` is one post of the map with its new address once resolved: what every style
in ``redirects.styles`` renders. Nothing here touches the archive or the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from tistory_migrate import urls
from tistory_migrate.models import Post


@dataclass(frozen=True)
class PostPaths:
    """The host-less old paths of one post: what every render style is built from."""

    post_id: str
    kind: str
    title: str
    date: str
    numeric: tuple[str, ...]  # "/123", "/m/123" (or "/notice/1", "/m/notice/1")
    slug: str | None  # decoded /entry/ slug (NFC), None when the blog uses numeric URLs
    page_path: str | None  # "/pages/name" for static pages


@dataclass
class MapEntry:
    """One post of the redirect map: its old paths and, once resolved, its new address."""

    post: PostPaths
    status: str
    new_url: str  # "" until resolved
    method: str  # "" until resolved


@dataclass(frozen=True)
class OldUrl:
    """One old address and where it goes: a row of ``redirects.csv`` (fields in column order)."""

    old_url: str
    new_url: str
    post_id: str
    form: str  # numeric | mobile | entry(-encoded) | mobile-entry(-encoded) | notice | mobile-notice | page(-encoded) | list
    kind: str
    status: str
    title: str
    date: str


def post_paths(post: Post) -> PostPaths:
    """The old paths of ``post``, from its stored URL and text permalink."""
    slug = None
    if post.slug_url:
        info = urls.classify(post.slug_url)
        if info.kind in ("entry", "mobile") and info.slug:
            slug = info.slug
    page_path = None
    if post.kind == "notice":
        numeric: tuple[str, ...] = (f"/notice/{post.id}", f"/m/notice/{post.id}")
    elif post.kind == "page":
        numeric = ()
        info = urls.classify(post.url)
        page_path = f"/pages/{info.slug}" if info.kind == "page" and info.slug else None
    else:
        numeric = (f"/{post.id}", f"/m/{post.id}")
    return PostPaths(post_id=post.id, kind=post.kind, title=post.title, date=(post.published or "")[:10],
                     numeric=numeric, slug=slug, page_path=page_path)


def encode_path(path: str) -> str:
    """``path`` as Tistory publishes it: UTF-8 percent-encoding of all but unreserved chars."""
    return "/".join(quote(seg, safe="") for seg in path.split("/"))


def old_paths(p: PostPaths) -> list[tuple[str, str]]:
    """(path, form) pairs, raw and percent-encoded spellings of text slugs both listed."""
    out: list[tuple[str, str]] = []
    if p.kind == "notice":
        out += [(p.numeric[0], "notice"), (p.numeric[1], "mobile-notice")]
    elif p.numeric:
        out += [(p.numeric[0], "numeric"), (p.numeric[1], "mobile")]
    if p.slug:
        for prefix, form in (("/entry/", "entry"), ("/m/entry/", "mobile-entry")):
            raw = prefix + p.slug
            enc = prefix + quote(p.slug, safe="")
            out.append((raw, form))
            if enc != raw:
                out.append((enc, form + "-encoded"))
    if p.page_path:
        out.append((p.page_path, "page"))
        enc = encode_path(p.page_path)
        if enc != p.page_path:
            out.append((enc, "page-encoded"))
    return out


def old_urls(entry: MapEntry, hosts: list[str]) -> list[OldUrl]:
    """Every old URL of ``entry``: each path form on each host (``BlogInfo.hosts()``), over
    https and http."""
    p = entry.post
    return [OldUrl(old_url=f"{scheme}://{host}{path}", new_url=entry.new_url, post_id=p.post_id, form=form,
                   kind=p.kind, status=entry.status, title=p.title, date=p.date)
            for host in hosts for scheme in ("https", "http") for path, form in old_paths(p)]
