"""One fetched page -> a ``Post`` (or the reason it is not one).

Order of sources for every field (docs/tistory-markup.md §3, §8): meta tags,
``window.T.entryInfo`` / ``window.T.config`` / ``window.tiara``, JSON-LD, and only then the skin
markup of ``selectors.SKINS``. Mandatory fields (id, title) fail loudly as ``not_post`` with a
reason; every optional field that fell back to a weaker source, or is missing, leaves a
warning on the post. The body is the raw HTML of the container (see ``body.py``): cleaning and
media are the normalizer's job, so ``images``/``attachments``/``embeds`` stay empty here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from lxml import html as lxml_html

from tistory_migrate.extract.body import BodySlice, slice_body
from tistory_migrate.extract.category import read_category
from tistory_migrate.extract.fields import not_content, read_author, read_dates, read_tags, read_title
from tistory_migrate.extract.pagemeta import PageMeta, is_tistory, read_meta
from tistory_migrate.extract.selectors import PROTECTED_INPUT, PROTECTED_TEXT
from tistory_migrate.extract.site import blocked_marker, blog_info
from tistory_migrate.i18n import Message, msg
from tistory_migrate.markup import compiled, parse_plain_document, squeezed_text
from tistory_migrate.models import BlogInfo, Post, PostKind
from tistory_migrate.urls import UrlInfo, blog_base, classify, post_url, strip_noise

# body[id] of list pages (markup doc §1): such a page may hold whole posts (home in content
# mode) but is never one post.
_LIST_BODY_IDS = ("tt-body-index", "tt-body-category", "tt-body-archive", "tt-body-tag",
                  "tt-body-search", "tt-body-guestbook", "tt-body-location")
# Tistory's default share image when a post has none: not a cover.
_DEFAULT_OG_IMAGE = re.compile(r"openGraph(?:%2F|/)opengraph\.png", re.I)


PageKind = Literal["post", "protected", "not_post", "blocked"]


@dataclass
class PageResult:
    """What one fetched page turned out to be, said with fields (never by the wording of
    ``reason``, which is for people).

    ``missing_field`` is set when the page is a post but a mandatory field cannot be read
    ("title" or "id"): the scrape stores that as a failure, not as a gap. ``body_found`` is
    False when a post page has no body container the selectors know (an unknown skin?).
    """

    kind: PageKind
    post: Post | None = None
    blog: BlogInfo | None = None
    reason: Message | None = None  # msg(...): shown in the reader's language
    warnings: list[Message] = field(default_factory=list)  # page-level notes when there is no post
    missing_field: Literal["title", "id"] | None = None
    body_found: bool = False


def _is_protected(doc: lxml_html.HtmlElement, body: BodySlice | None) -> bool:
    # The editor's wrappers only render for readable posts; a protected page shows a form.
    if body is not None and body.container in ("tt_article_useless_p_margin", "contents_style"):
        return False
    if any(not not_content(el) for el in compiled(PROTECTED_INPUT)(doc)):
        return True
    body_el = doc.find(".//body")
    page_text = squeezed_text(body_el if body_el is not None else doc)
    return any(sentence in page_text for sentence in PROTECTED_TEXT)


def _url_candidates(pm: PageMeta, url: str) -> list[str]:
    found = [pm.canonical, pm.get("og:url"), pm.get("dg:plink"), pm.get("article:pc_url"), url]
    return [u for u in found if u]


def _classified(urls: list[str], base: str) -> dict[str, UrlInfo]:
    """Each distinct candidate URL classified once (the same URL usually appears 3-4 times)."""
    return {u: classify(u, base) for u in dict.fromkeys(urls)}


def _post_id(pm: PageMeta, urls: list[str], infos: dict[str, UrlInfo]) -> str | None:
    entry = pm.entry_info or {}
    tiara_entry = (pm.tiara or {}).get("entry") or {}
    candidates = [
        ("window.T.entryInfo", entry.get("entryId")),
        ("article:txid", pm.txid[1]),
        ("window.tiara", tiara_entry.get("entryId")),
    ] + [("URL", infos[u].id) for u in urls]
    for _source, value in candidates:
        if value is not None and (str(value).isascii() and str(value).isdigit()):
            return str(value)
    return None


def _kind(urls: list[str], pm: PageMeta, infos: dict[str, UrlInfo]) -> PostKind:
    kinds = {infos[u].kind for u in urls}
    if "notice" in kinds or pm.body_id == "tt-body-notice":
        return "notice"
    if "page" in kinds:
        return "page"
    return "post"


def _slug_url(urls: list[str], base: str, infos: dict[str, UrlInfo]) -> str | None:
    for u in urls:
        info = infos[u]
        if info.kind == "entry" or (info.kind == "mobile" and info.slug):
            path = info.path.replace("/m/entry/", "/entry/", 1) if info.mobile else info.path
            return strip_noise(blog_base(base) + path)
    return None


def parse_post_page(html: str, url: str) -> PageResult:
    """Read one post page. Never raises on bad markup: the result says what the page was."""
    doc = parse_plain_document(html)
    if doc is None:
        return PageResult("not_post", reason=msg("empty or unparseable page"))
    pm = read_meta(doc)
    base = blog_base(url)
    txid_post = pm.txid[1]
    is_article = (pm.get("og:type") or "").lower() == "article"
    post_meta = is_article or txid_post is not None or bool(pm.entry_info)
    blog = blog_info(pm, url, pm.get("by", "og.article.author")) if is_tistory(html) else None

    if not post_meta:
        marker = blocked_marker(html, pm)
        if marker:
            return PageResult("blocked", blog=blog, reason=msg("Tistory answered with a block/login/captcha page ({marker})",
                                                               marker=repr(marker)))

    url_info = classify(url)
    if not post_meta and (pm.body_id in _LIST_BODY_IDS or url_info.kind in
                          ("root", "category", "tag", "archive", "search", "guestbook")):
        return PageResult("not_post", blog=blog, reason=msg("a list page ({kind}), not a post", kind=pm.body_id or url_info.kind))

    body = slice_body(html, doc)
    urls = _url_candidates(pm, url)
    infos = _classified(urls, base)
    post = Post(id="", url="")
    post.kind = _kind(urls, pm, infos)

    if _is_protected(doc, body):
        post.id = _post_id(pm, urls, infos) or ""
        if not post.id:
            return PageResult("protected", blog=blog, reason=msg("protected post without a visible id"))
        post.status = "protected"
        post.title = read_title(doc, pm, post) or ""
        read_dates(doc, pm, post)
        # Meta tags and window.T still describe a protected post: keep what they say.
        post.category = read_category(doc, pm, post)
        post.tags = read_tags(doc, pm, post)
        post.author = read_author(doc, pm, post)
        post.url = _canonical(base, post, urls, infos)
        post.slug_url = _slug_url(urls, base, infos)
        post.blog_id = (blog.blog_id if blog else None) or pm.txid[0]
        post.warn(msg("protected: the post needs a password; its body was not read"))
        return PageResult("protected", post=post, blog=blog, reason=msg("password-protected post"))

    if not post_meta and body is None:
        return PageResult("not_post", blog=blog, reason=msg("no og:type=article, no article:txid and no post body"))

    title = read_title(doc, pm, post)
    if not title:
        return PageResult("not_post", blog=blog, reason=msg("no title (og:title, JSON-LD or skin header)"),
                          missing_field="title")
    post.title = title
    post_id = _post_id(pm, urls, infos)
    if not post_id:
        return PageResult("not_post", blog=blog, reason=msg("no numeric post id (entryInfo, article:txid or URL)"),
                          missing_field="id")
    post.id = post_id
    if not post_meta:
        post.warn(msg("page: no og:type=article or article:txid; read as a post because it has a body"))

    url_id = next((infos[u].id for u in urls if infos[u].id), None)
    if url_id and url_id != post_id:
        post.warn(msg("id: the page says {page_id} but its URL says {url_id}", page_id=post_id, url_id=url_id))
    post.url = _canonical(base, post, urls, infos)
    post.slug_url = _slug_url(urls, base, infos)
    read_dates(doc, pm, post)
    post.category = read_category(doc, pm, post)
    post.tags = read_tags(doc, pm, post)
    post.author = read_author(doc, pm, post)
    post.summary = pm.get("description", "og:description")
    if not post.summary:
        post.warn(msg("summary: no meta description"))
    image = pm.get("og:image")
    post.cover_image = image if image and not _DEFAULT_OG_IMAGE.search(image) else None
    post.blog_id = (blog.blog_id if blog else None) or pm.txid[0]
    category_id = (pm.entry_info or {}).get("categoryId")
    if category_id is not None:
        post.extra["category_id"] = str(category_id)

    if body is None:
        post.warn(msg("body: no body container found (tt_article_useless_p_margin, contents_style, "
                      "#article-view, .article, .entry-content)"))
    else:
        post.body_raw = body.html
        post.extra["body_container"] = body.container
        post.extra["body_method"] = body.method
        for message in body.warnings:
            post.warn(message)
        if not post.body_raw.strip():
            post.warn(msg("body: the body container is empty"))
    if blog is None:
        blog = blog_info(pm, url, post.author)
    elif blog.author is None:
        blog.author = post.author
    return PageResult("post", post=post, blog=blog, body_found=body is not None)


def _canonical(base: str, post: Post, urls: list[str], infos: dict[str, UrlInfo]) -> str:
    if post.kind == "page":
        # Static pages are known by name (/pages/about); keep that URL, it is what links use.
        for u in urls:
            info = infos[u]
            if info.kind == "page" and info.slug:
                return post_url(base, info.slug, "page")
    return post_url(base, post.id, post.kind)
