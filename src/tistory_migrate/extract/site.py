"""Whole-page checks the scrape makes before trusting a page: is this Tistory at all, is it a
block/captcha/login page, and what does it say about the blog. ``parse_post_page`` reads the
same two rules (``blocked_marker``, ``blog_info``), so they live here once.
"""

from __future__ import annotations

from tistory_migrate.extract.pagemeta import PageMeta, is_tistory, read_meta
from tistory_migrate.extract.selectors import BLOCKED_MARKERS
from tistory_migrate.markup import parse_document
from tistory_migrate.models import BlogInfo
from tistory_migrate.urls import blog_base


def is_tistory_page(text: str) -> bool:
    """True when the page carries Tistory's own markers (``pagemeta.is_tistory``)."""
    return is_tistory(text)


def is_blocked(text: str) -> bool:
    """True when the page is a block/login/captcha page rather than the blog's."""
    doc = parse_document(text)
    if doc is None:
        return False
    return blocked_marker(text, read_meta(doc)) is not None


def blog_info_from_page(text: str, url: str) -> BlogInfo:
    """What the page at ``url`` says about its blog; only the address when it cannot be read."""
    doc = parse_document(text)
    if doc is None:
        base = blog_base(url)
        return BlogInfo(base_url=base, host=base.split("://", 1)[1])
    pm = read_meta(doc)
    author = pm.get("by") or pm.get("og.article.author")
    return blog_info(pm, url, author)


def blocked_marker(text: str, pm: PageMeta) -> str | None:
    """The block/login/captcha sentence ``text`` shows (``selectors.BLOCKED_MARKERS``), or None."""
    # A real skin page (window.T.config) is never a block page, whatever its text says.
    if pm.t_config is not None:
        return None
    lowered = text.lower()
    for marker in BLOCKED_MARKERS:
        if marker.lower() in lowered:
            return marker
    return None


def blog_info(pm: PageMeta, url: str, author: str | None) -> BlogInfo:
    """What a page's meta says about its blog (``url`` gives the address it was read at)."""
    base = blog_base(url)
    host = base.split("://", 1)[1]
    blog = (pm.t_config or {}).get("BLOG") or {}
    tiara_props = (pm.tiara or {}).get("customProps") or {}
    blog_id = blog.get("id") or pm.txid[0] or tiara_props.get("blogId")
    name = blog.get("name") or None
    return BlogInfo(
        base_url=base,
        host=host,
        title=pm.get("og:site_name") or blog.get("title") or pm.get("article:media_name"),
        blog_id=str(blog_id) if blog_id else None,
        name=name,
        author=author,
        description=None,
        custom_domain=not host.endswith(".tistory.com"),
        tistory_host=f"{name}.tistory.com" if name else (host if host.endswith(".tistory.com") else None),
    )
