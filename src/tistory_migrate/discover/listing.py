"""List pages (``/``, ``/category/…``, ``/tag/…``, ``/archive/…``, ``/search/…``) -> PostRefs.

Skin-independent on purpose (docs/tistory-markup.md §2): every skin names its list
wrappers differently, but every list links to its posts with ``/123``, ``/entry/…`` or
``/notice/123``. So: take the main area, collect the post links that are not inside a
sidebar/recent/comment/related/paging block, and read the title, excerpt, day and category
from the smallest element around each link that holds no other post. The next page is the
``link_next``-style anchor when it has an href, else the numbered link for page N+1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import html as lxml_html

from tistory_migrate.extract.dates import find_visible_date, parse_kst
from tistory_migrate.extract.pagemeta import is_tistory
from tistory_migrate.extract.selectors import (
    CATEGORY_TREE,
    ITEM_CATEGORY,
    ITEM_DATE,
    ITEM_SUMMARY,
    ITEM_TITLE,
    LIST_SCOPES,
    NEXT_CLASSES,
    NO_MORE_CLASSES,
    NOT_CONTENT_COND,
    PAGING_COND,
)
from tistory_migrate.markup import parse_document, squeezed_text
from tistory_migrate.models import PostRef, category_path
from tistory_migrate.urls import absolute, blog_base, classify, pc_url, strip_noise

_EXCLUDED = f"ancestor-or-self::*[{NOT_CONTENT_COND} or {PAGING_COND}]"
_SOURCE_BY_KIND = {"category": "category", "tag": "tag"}


@dataclass
class ListPage:
    refs: list[PostRef] = field(default_factory=list)
    next_url: str | None = None
    category_urls: list[str] = field(default_factory=list)
    tag_urls: list[str] = field(default_factory=list)
    is_tistory: bool = False
    title: str | None = None


def _scope(doc: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    for xp in LIST_SCOPES:
        found = doc.xpath(xp)
        if found:
            return found[0]
    return doc


def _item(anchor, post_key: str, keys_of) -> lxml_html.HtmlElement:
    """The largest ancestor of ``anchor`` (at most 4 levels up) linking to this post only."""
    item = anchor
    node = anchor.getparent()
    for _ in range(4):
        if node is None or node.tag in ("body", "html", "main"):
            break
        keys = keys_of(node)
        if keys != {post_key}:
            break
        item = node
        node = node.getparent()
    return item


def _first(item, xpaths: tuple[str, ...], exclude=None) -> lxml_html.HtmlElement | None:
    for xp in xpaths:
        for el in item.xpath(xp):
            if exclude is not None and exclude in el.iter():
                continue  # the element wraps the title (e.g. a.link_category): not a field of its own
            if squeezed_text(el):
                return el
    return None


def _title_of(anchor, item) -> tuple[str | None, lxml_html.HtmlElement | None]:
    el = _first(item, ITEM_TITLE)
    if el is not None and el is not item:
        return squeezed_text(el), el
    text = squeezed_text(anchor)
    return (text or anchor.get("title") or None), None


def _fill(ref: PostRef, anchor, item) -> None:
    title, title_el = _title_of(anchor, item)
    if not ref.title and title:
        ref.title = title
    if not ref.summary:
        el = _first(item, ITEM_SUMMARY, exclude=title_el)
        if el is not None and (title_el is None or el is not title_el):
            ref.summary = squeezed_text(el)
    if not ref.date_hint:
        el = _first(item, ITEM_DATE)
        found = None
        if el is not None:
            found = parse_kst(squeezed_text(el)) or find_visible_date(squeezed_text(el))
        if found is None and item is not anchor:
            found = find_visible_date(squeezed_text(item))
        if found is not None:
            ref.date_hint = found.iso[:10]  # list dates are day precision (markup doc §2.2)
    if not ref.category_hint:
        el = _first(item, ITEM_CATEGORY, exclude=title_el if title_el is not None else anchor)
        if el is not None and el is not anchor:
            ref.category_hint = category_path(squeezed_text(el))


def _post_key(href: str, base: str) -> tuple[str, str, str] | None:
    """(dedupe key, canonical URL, PostRef kind) for a post link, else None."""
    if not href or href.startswith(("javascript:", "mailto:")):
        return None
    try:
        fragment = urlsplit(href).fragment
    except ValueError:
        return None
    if "comment" in fragment.lower():
        return None  # "/623#comment22430197": the recent-comments box, not a post listing
    info = classify(href, base)
    if not info.is_post:
        return None
    url = pc_url(href, base)
    if url is None:
        return None
    kind = "notice" if info.kind == "notice" else "page" if info.kind == "page" else "post"
    key = info.id if info.id else url
    return key, url, kind


def _next_url(doc: lxml_html.HtmlElement, url: str, base: str) -> str | None:
    anchors = doc.xpath("//a")
    for a in anchors:
        classes = set((a.get("class") or "").split())
        if (a.get("rel") or "").lower() == "next":
            classes.add("next")
        if not classes & set(NEXT_CLASSES):
            continue
        if classes & set(NO_MORE_CLASSES) or not (a.get("href") or "").strip() or a.get("href", "").startswith(("#", "javascript:")):
            return None  # the last page: Tistory keeps the link but drops its href
        target = absolute(a.get("href"), url)
        return strip_noise(target) if target else None
    info = classify(url, base)
    current = info.page or 1
    wanted = current + 1
    highest = 0
    for a in anchors:
        href = (a.get("href") or "").strip()
        if "page=" not in href:
            continue
        target_url = absolute(href, url)
        if target_url is None:
            continue
        target = classify(target_url, base)
        if target.kind != info.kind or target.path.rstrip("/") != info.path.rstrip("/") or target.page is None:
            continue
        if target.page == wanted:
            return strip_noise(target_url)
        highest = max(highest, target.page)
    if highest > current:  # pages beyond N+1 are linked but N+1 is not (ellipsis)
        return strip_noise(absolute(f"{info.path}?page={wanted}", url) or url)
    return None


def _category_urls(doc: lxml_html.HtmlElement, url: str, base: str) -> list[str]:
    out: list[str] = []
    for a in doc.xpath(CATEGORY_TREE):
        target = absolute(a.get("href"), url)
        info = classify(target or "", base)
        if target is None or info.kind != "category" or not info.slug:
            continue  # "/category" is every post: the same as the home list
        clean = strip_noise(target).split("?", 1)[0]  # the walker adds ?page=N itself
        if clean not in out:
            out.append(clean)
    return out


def _tag_urls(doc: lxml_html.HtmlElement, url: str, base: str) -> list[str]:
    out: list[str] = []
    for a in doc.xpath("//a[@href]"):
        target = absolute(a.get("href"), url)
        info = classify(target or "", base)
        if target is not None and info.kind == "tag" and info.slug:
            clean = strip_noise(target).split("?", 1)[0]
            if clean not in out:
                out.append(clean)
    return out


def parse_list_page(html: str, url: str) -> ListPage:
    """Read one list page. Never raises: an empty or foreign page gives an empty ListPage."""
    doc = parse_document(html)
    if doc is None:
        return ListPage()
    base = blog_base(url)
    page = ListPage(is_tistory=is_tistory(html))
    site = doc.xpath("//meta[@property='og:site_name']/@content")
    title = doc.find(".//title")
    page.title = (site[0].strip() if site and site[0].strip() else None) or (
        squeezed_text(title) if title is not None and squeezed_text(title) else None)
    source = _SOURCE_BY_KIND.get(classify(url, base).kind, "list")

    scope = _scope(doc)
    # One ancestor test per link: cheaper than matching the conditions on every element of a
    # 100 KB page (measured with bench/extract_speed.py).
    anchors = [a for a in scope.xpath(".//a[@href]") if not a.xpath(_EXCLUDED)]
    keyed = []
    for a in anchors:
        found = _post_key(a.get("href").strip(), base)
        if found:
            keyed.append((a, found))
    key_of_anchor = {id(a): k[0] for a, k in keyed}

    def keys_of(node) -> set[str]:
        return {key_of_anchor[id(a)] for a in node.iter("a") if id(a) in key_of_anchor}

    refs: dict[str, PostRef] = {}
    for a, (key, post_url_, kind) in keyed:
        ref = refs.get(key)
        if ref is None:
            info = classify(post_url_, base)
            ref = PostRef(id=info.id or "", url=post_url_, kind=kind, sources={source})
            refs[key] = ref
        _fill(ref, a, _item(a, key, keys_of))
    page.refs = list(refs.values())
    page.next_url = _next_url(doc, url, base)
    page.category_urls = _category_urls(doc, url, base)
    page.tag_urls = _tag_urls(doc, url, base)
    return page

