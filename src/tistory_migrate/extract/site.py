"""Whole-page checks the pipeline makes before trusting a page: is this Tistory at all, is it
a block/captcha/login page, and what does it say about the blog. Thin layer over the
extractor's meta reading so the rules live in one place (``extract``)."""

from __future__ import annotations

from tistory_migrate.extract.pagemeta import is_tistory, read_meta
from tistory_migrate.extract.post import _blog, _is_blocked
from tistory_migrate.markup import parse_document
from tistory_migrate.models import BlogInfo


def is_tistory_page(text: str) -> bool:
    return is_tistory(text)


def is_blocked(text: str) -> bool:
    doc = parse_document(text)
    if doc is None:
        return False
    return _is_blocked(text, read_meta(doc)) is not None


def blog_info_from_page(text: str, url: str) -> BlogInfo:
    doc = parse_document(text)
    if doc is None:
        from tistory_migrate.urls import blog_base

        base = blog_base(url)
        return BlogInfo(base_url=base, host=base.split("://", 1)[1])
    pm = read_meta(doc)
    author = pm.get("by") or pm.get("og.article.author")
    return _blog(pm, url, author)
