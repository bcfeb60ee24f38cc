"""One fetched page -> a ``Post`` (or the reason it is not one).

Order of sources for every field (shared/docs/tistory-markup.md §3, §8): meta tags,
``window.T.entryInfo`` / ``window.T.config`` / ``window.tiara``, JSON-LD, and only then the skin
markup of ``selectors.SKINS``. Mandatory fields (id, title) fail loudly as ``not_post`` with a
reason; every optional field that fell back to a weaker source, or is missing, leaves a
warning on the post. The body is the raw HTML of the container (see ``body.py``): cleaning and
media are the normalizer's job, so ``images``/``attachments``/``embeds`` stay empty here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from lxml import html as lxml_html

from tistory_migrate.extract.body import BodySlice, slice_body
from tistory_migrate.extract.dates import KstDate, find_visible_date, parse_kst
from tistory_migrate.extract.pagemeta import PageMeta, is_tistory, read_meta
from tistory_migrate.extract.selectors import (
    ANOTHER_CATEGORY_H4,
    BLOCKED_MARKERS,
    NOT_CONTENT_CLASSES,
    NOT_CONTENT_IDS,
    NOT_CONTENT_TAGS,
    PROTECTED_INPUT,
    PROTECTED_TEXT,
    SKINS,
)
from tistory_migrate.markup import compiled, parse_plain_document, squeezed_text
from tistory_migrate.models import BlogInfo, Post
from tistory_migrate.urls import UrlInfo, blog_base, classify, post_url, strip_noise

PAGE_KINDS = ("post", "protected", "not_post", "blocked")

# body[id] of list pages (markup doc §1): such a page may hold whole posts (home in content
# mode) but is never one post.
_LIST_BODY_IDS = ("tt-body-index", "tt-body-category", "tt-body-archive", "tt-body-tag",
                  "tt-body-search", "tt-body-guestbook", "tt-body-location")
# Tistory's default share image when a post has none: not a cover.
_DEFAULT_OG_IMAGE = re.compile(r"openGraph(?:%2F|/)opengraph\.png", re.I)
# XPath's normalize-space() separators: tokens of @rel as TAG_LINKS sees them.
_XML_WS = re.compile(r"[ \t\r\n]")


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
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)  # page-level notes when there is no post
    missing_field: Literal["title", "id"] | None = None
    body_found: bool = False


def _first_text(doc: lxml_html.HtmlElement, xpaths: tuple[str, ...]) -> str | None:
    for xp in xpaths:
        for el in compiled(xp)(doc):
            value = squeezed_text(el)
            if value:
                return value
    return None


def _skin_value(doc: lxml_html.HtmlElement, attr: str) -> tuple[str, str] | None:
    """(value, skin name) of the first skin selector of ``attr`` that yields text."""
    for skin in SKINS:
        value = _first_text(doc, getattr(skin, attr))
        if value:
            return value, skin.name
    return None


def _not_content(el: Any) -> bool:
    """selectors.NOT_CONTENT (sidebars, related posts…) on ``el`` or an ancestor, in Python: the
    XPath compiled and walked a long predicate per call, several times the cost of this loop."""
    for node in el.iterancestors():
        if _not_content_node(node):
            return True
    return _not_content_node(el)


def _not_content_node(node: Any) -> bool:
    if node.tag in NOT_CONTENT_TAGS or node.get("id") in NOT_CONTENT_IDS:
        return True
    c = node.get("class")
    # XPath's normalize-space() splits on these four characters only
    return bool(c) and not _NOT_CONTENT_SET.isdisjoint(_XML_WS.sub(" ", c).split(" "))


_NOT_CONTENT_SET = frozenset(NOT_CONTENT_CLASSES)


def _is_blocked(text: str, pm: PageMeta) -> str | None:
    # A real skin page (window.T.config) is never a block page, whatever its text says.
    if pm.t_config is not None:
        return None
    lowered = text.lower()
    for marker in BLOCKED_MARKERS:
        if marker.lower() in lowered:
            return marker
    return None


def _is_protected(doc: lxml_html.HtmlElement, body: BodySlice | None) -> bool:
    # The editor's wrappers only render for readable posts; a protected page shows a form.
    if body is not None and body.container in ("tt_article_useless_p_margin", "contents_style"):
        return False
    if any(not _not_content(el) for el in compiled(PROTECTED_INPUT)(doc)):
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
        if value is not None and str(value).isdigit():
            return str(value)
    return None


def _blog(pm: PageMeta, url: str, author: str | None) -> BlogInfo:
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


def _category(doc: lxml_html.HtmlElement, pm: PageMeta, post: Post) -> str | None:
    label = (pm.entry_info or {}).get("categoryLabel")
    if isinstance(label, str) and label.strip():
        return label.strip()
    name = ((pm.tiara or {}).get("entry") or {}).get("categoryName")
    if isinstance(name, str) and name.strip():
        return name.strip()
    for h4 in compiled(ANOTHER_CATEGORY_H4)(doc):
        links = [squeezed_text(a) for a in h4.xpath(".//a") if squeezed_text(a)]
        if not links:
            m = re.search(r"'(.+)'", squeezed_text(h4))
            links = [p.strip() for p in m.group(1).split(">")] if m else []
        if links:
            post.warn("category: taken from the 'other posts in this category' box (no window.T.entryInfo)")
            return "/".join(links)
    found = _skin_value(doc, "category")
    if found:
        post.warn(f"category: taken from the {found[1]} skin header (no window.T.entryInfo)")
        return found[0]
    post.warn("category: not found")
    return None


def _tags(doc: lxml_html.HtmlElement, pm: PageMeta, post: Post) -> list[str]:
    tags: list[str] = []
    for a in doc.iter("a"):
        # TAG_LINKS (a[rel~=tag]) tested here: an XPath over every node of the page cost more
        # than the rest of the tag step; NOT_CONTENT runs only for the few tag links.
        rel = a.get("rel")
        if not rel or "tag" not in rel or "tag" not in _XML_WS.sub(" ", rel).split(" "):
            continue
        if _not_content(a):
            continue  # a sidebar tag cloud is the blog's, not this post's
        # Some skins print tags as "#tag"; the tag itself has no "#" (its /tag/ URL has none).
        value = squeezed_text(a).lstrip("#").strip()
        if value and value not in tags:
            tags.append(value)
    if tags:
        return tags
    tiara_tags = ((pm.tiara or {}).get("entry") or {}).get("tags")
    if isinstance(tiara_tags, list):
        for value in tiara_tags:
            value = str(value).strip()
            if value and value not in tags:
                tags.append(value)
        if tags:
            post.warn("tags: taken from window.tiara (no a[rel=tag] links)")
    return tags


def _author(doc: lxml_html.HtmlElement, pm: PageMeta, post: Post) -> str | None:
    value = pm.get("by", "og.article.author", "article:author")
    if value:
        return value
    ld_author = (pm.blog_posting or {}).get("author")
    if isinstance(ld_author, list) and ld_author:
        ld_author = ld_author[0]
    if isinstance(ld_author, dict) and str(ld_author.get("name") or "").strip():
        post.warn("author: taken from JSON-LD")
        return str(ld_author["name"]).strip()
    found = _skin_value(doc, "author")
    if found:
        post.warn(f"author: taken from the {found[1]} skin header")
        return re.sub(r"^by\s+", "", found[0], flags=re.I).strip() or None
    post.warn("author: not found")
    return None


def _dates(doc: lxml_html.HtmlElement, pm: PageMeta, post: Post) -> None:
    ld = pm.blog_posting or {}
    # Never og:regDate: a 12-hour clock without AM/PM (markup doc §3.1).
    published: KstDate | None = parse_kst(pm.get("article:published_time"))
    if published is None and ld.get("datePublished"):
        published = parse_kst(str(ld["datePublished"]))
        if published:
            post.warn("published: taken from JSON-LD")
    if published is None:
        found = _skin_value(doc, "date")
        if found:
            published = parse_kst(found[0]) or find_visible_date(found[0])
            if published:
                post.warn(f"published: taken from the {found[1]} skin header")
    if published is None:
        post.warn("published: not found")
    else:
        post.published = published.iso
        if published.date_only:
            post.warn("published: the page shows the day only; time set to 00:00 KST")
    updated = parse_kst(pm.get("article:modified_time"))
    if updated is None and ld.get("dateModified"):
        updated = parse_kst(str(ld["dateModified"]))
        if updated:
            post.warn("updated: taken from JSON-LD")
    if updated is None:
        post.warn("updated: not found")
    else:
        post.updated = updated.iso


def _title(doc: lxml_html.HtmlElement, pm: PageMeta, post: Post) -> str | None:
    # og:title, never <title>: skins decorate <title> ("블로그 :: 글", "글 — 블로그").
    value = pm.get("og:title")
    if value:
        return " ".join(value.split())
    for source, candidate in (
        ("JSON-LD", (pm.blog_posting or {}).get("headline")),
        ("twitter:title", pm.get("twitter:title")),
        ("meta title", pm.get("title")),
    ):
        if isinstance(candidate, str) and candidate.strip():
            post.warn(f"title: taken from {source} (no og:title)")
            return " ".join(candidate.split())
    found = _skin_value(doc, "title")
    if found:
        post.warn(f"title: taken from the {found[1]} skin header (no og:title)")
        return found[0]
    return None


def _kind(urls: list[str], pm: PageMeta, infos: dict[str, UrlInfo]) -> str:
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
        return PageResult("not_post", reason="empty or unparseable page")
    pm = read_meta(doc)
    base = blog_base(url)
    txid_post = pm.txid[1]
    is_article = (pm.get("og:type") or "").lower() == "article"
    post_meta = is_article or txid_post is not None or bool(pm.entry_info)
    blog = _blog(pm, url, pm.get("by", "og.article.author")) if is_tistory(html) else None

    if not post_meta:
        marker = _is_blocked(html, pm)
        if marker:
            return PageResult("blocked", blog=blog, reason=f"Tistory answered with a block/login/captcha page ({marker!r})")

    url_info = classify(url)
    if not post_meta and (pm.body_id in _LIST_BODY_IDS or url_info.kind in
                          ("root", "category", "tag", "archive", "search", "guestbook")):
        return PageResult("not_post", blog=blog, reason=f"a list page ({pm.body_id or url_info.kind}), not a post")

    body = slice_body(html, doc)
    urls = _url_candidates(pm, url)
    infos = _classified(urls, base)
    post = Post(id="", url="")
    post.kind = _kind(urls, pm, infos)

    if _is_protected(doc, body):
        post.id = _post_id(pm, urls, infos) or ""
        if not post.id:
            return PageResult("protected", blog=blog, reason="protected post without a visible id")
        post.status = "protected"
        post.title = _title(doc, pm, post) or ""
        _dates(doc, pm, post)
        # Meta tags and window.T still describe a protected post: keep what they say.
        post.category = _category(doc, pm, post)
        post.tags = _tags(doc, pm, post)
        post.author = _author(doc, pm, post)
        post.url = _canonical(base, post, urls, infos)
        post.slug_url = _slug_url(urls, base, infos)
        post.blog_id = (blog.blog_id if blog else None) or pm.txid[0]
        post.warn("protected: the post needs a password; its body was not read")
        return PageResult("protected", post=post, blog=blog, reason="password-protected post")

    if not post_meta and body is None:
        return PageResult("not_post", blog=blog, reason="no og:type=article, no article:txid and no post body")

    title = _title(doc, pm, post)
    if not title:
        return PageResult("not_post", blog=blog, reason="no title (og:title, JSON-LD or skin header)",
                          missing_field="title")
    post.title = title
    post_id = _post_id(pm, urls, infos)
    if not post_id:
        return PageResult("not_post", blog=blog, reason="no numeric post id (entryInfo, article:txid or URL)",
                          missing_field="id")
    post.id = post_id
    if not post_meta:
        post.warn("page: no og:type=article or article:txid; read as a post because it has a body")

    url_id = next((infos[u].id for u in urls if infos[u].id), None)
    if url_id and url_id != post_id:
        post.warn(f"id: the page says {post_id} but its URL says {url_id}")
    post.url = _canonical(base, post, urls, infos)
    post.slug_url = _slug_url(urls, base, infos)
    _dates(doc, pm, post)
    post.category = _category(doc, pm, post)
    post.tags = _tags(doc, pm, post)
    post.author = _author(doc, pm, post)
    post.summary = pm.get("description", "og:description")
    if not post.summary:
        post.warn("summary: no meta description")
    image = pm.get("og:image")
    post.cover_image = image if image and not _DEFAULT_OG_IMAGE.search(image) else None
    post.blog_id = (blog.blog_id if blog else None) or pm.txid[0]
    category_id = (pm.entry_info or {}).get("categoryId")
    if category_id is not None:
        post.extra["category_id"] = str(category_id)

    if body is None:
        post.warn("body: no body container found (tt_article_useless_p_margin, contents_style, "
                  "#article-view, .article, .entry-content)")
    else:
        post.body_raw = body.html
        post.extra["body_container"] = body.container
        post.extra["body_method"] = body.method
        for message in body.warnings:
            post.warn(message)
        if not post.body_raw.strip():
            post.warn("body: the body container is empty")
    if blog is None:
        blog = _blog(pm, url, post.author)
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
