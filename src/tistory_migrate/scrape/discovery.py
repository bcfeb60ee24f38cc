"""Steps 2 and 3: every source that names posts, walked politely and reconciled into one set
of references (by post id, and by URL for ``/entry/`` links whose id only their page tells);
then the filters and the reading order.

The front list is walked to its end on a first run; other lists stop at the first page that
adds nothing new (see docs/design.md, "Discovery"). Parsing is the pure ``discover`` package's
job; this module fetches through a :class:`PageSource`, and keeps memory flat by writing list
excerpts to the archive as it goes (a dry run, which has no archive, keeps them in memory).
"""

from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import quote

from tistory_migrate import urls
from tistory_migrate.discover.listing import parse_list_page
from tistory_migrate.discover.rss import parse_rss
from tistory_migrate.discover.sitemap import parse_sitemap
from tistory_migrate.models import Post, PostRef, category_path
from tistory_migrate.scrape import ScrapeContext, ScrapeOptions
from tistory_migrate.scrape.api_lists import json_lists
from tistory_migrate.scrape.pages import PageSource, check_blocked


def ref_key(ref: PostRef) -> str:
    return ref.id or ref.url


class Discovery:
    """Collects PostRefs from every source, deduplicated by post id (``/entry/`` refs by URL
    until their page tells the id)."""

    def __init__(self, pages: PageSource, ctx: ScrapeContext):
        self.pages = pages
        self.ctx = ctx
        self.refs: dict[str, PostRef] = {}
        self._by_url: dict[str, str] = {}
        self.category_urls: list[str] = []
        self.tag_urls: list[str] = []
        self.rss_items: dict[str, Any] = {}
        self.pages_fetched = 0
        self.last_walk_complete = False

    def add(self, ref: PostRef, source: str) -> bool:
        """Add a reference; True when it is new. Refs meet by id, and by URL (an RSS item and a
        list link to the same /entry/ post are one post even before its page tells the id)."""
        ref.url = urls.pc_url(urls.strip_noise(ref.url)) or urls.strip_noise(ref.url)
        key = ref_key(ref)
        known = self.refs.get(key)
        if known is None and ref.url in self._by_url:
            known = self.refs.get(self._by_url[ref.url])
        if known is not None and ref.id and not known.id:
            # the URL-keyed ref learns its id: re-key it
            old_key = ref_key(known)
            self.refs.pop(old_key, None)
            known.id = ref.id
            self.refs[ref.id] = known
            self._by_url[known.url] = ref.id
        if known is None:
            ref.sources = set(ref.sources) | {source}
            self.refs[key] = ref
            if not ref.id or not ref.url.endswith("/" + ref.id):  # numeric URLs meet by id already
                self._by_url.setdefault(ref.url, key)
            return True
        known.sources.add(source)
        for attr in ("title", "summary", "date_hint", "category_hint"):
            if getattr(known, attr) is None and getattr(ref, attr) is not None:
                setattr(known, attr, getattr(ref, attr))
        if ref.category_hint and known.category_hint and ref.category_hint.count("/") > known.category_hint.count("/") \
                and (ref.category_hint.endswith(known.category_hint) or ref.category_hint.startswith(known.category_hint + "/")):
            known.category_hint = ref.category_hint  # the full path of a leaf name, or a child of the parent seen first
        if known.kind == "post" and ref.kind in ("notice", "page"):
            known.kind = ref.kind
        return False

    def persist(self, keys: Iterable[str]) -> None:
        """Write these refs' text (titles, list excerpts) to the archive and drop it from memory:
        on a 10,000-post blog the excerpts alone would be tens of MB. ``PostReader`` reads
        them back when the post is stored. A dry run keeps everything in memory."""
        ar = self.ctx.archive
        if ar is None:
            return
        refs = [self.refs[k] for k in keys if k in self.refs and self.refs[k].id]
        if not refs:
            return
        ar.put_refs(refs)
        for r in refs:
            r.title = r.summary = None

    # -- list pages ---------------------------------------------------------------------------
    def walk(self, start_url: str, source: str, *, full: bool, stop_at_archived: bool = False) -> int:
        """Follow ``?page=N`` from ``start_url``. A full walk goes to the last page; otherwise
        it stops at the first page that adds no post the run did not already know
        (``stop_at_archived``: no post the archive does not already hold)."""
        url: str | None = start_url
        seen_urls: set[str] = set()
        seen_here: set[str] = set()
        found = 0
        pages = 0
        self.last_walk_complete = False
        while url and url not in seen_urls and pages < self.ctx.settings.scrape.max_list_pages:
            seen_urls.add(url)
            resp = self.pages.discovery(url, "list")
            pages += 1
            if resp is None or resp.status != 200:
                break
            text = resp.text
            page = parse_list_page(text, resp.final_url or url)
            if not page.refs:  # a block/captcha page lists no posts; only then is it worth a look
                check_blocked(text, url)
            for cat in page.category_urls:
                if cat not in self.category_urls:
                    self.category_urls.append(cat)
            for tag in getattr(page, "tag_urls", []) or []:
                if tag not in self.tag_urls:
                    self.tag_urls.append(tag)
            new_here = 0
            new_global = 0
            list_category = urls.classify(url).slug if source == "category" else None
            page_keys = []
            for ref in page.refs:
                if list_category:  # a category list names the full path; list items show only the leaf
                    ref.category_hint = list_category
                key = ref_key(ref)
                page_keys.append(key)
                if key not in seen_here:
                    seen_here.add(key)
                    new_here += 1
                if self.add(ref, source):
                    new_global += 1
            found += new_global
            self.persist(page_keys)
            self.ctx.progress.advance("discover")
            if new_here == 0:
                self.last_walk_complete = True
                break  # the skin repeats its last page for any page number
            if not full and new_global == 0:
                break
            if stop_at_archived and self.ctx.archive is not None and all(
                    r.id and self.ctx.archive.post_status(r.id) is not None for r in page.refs):
                break
            url = page.next_url
            if url is None:
                self.last_walk_complete = True
        return found

    def category_tree(self) -> frozenset[str]:
        """The blog's category paths, from the sidebar trees of the list pages read so far
        (completes the leaf-only category of an RSS copy, issue 14)."""
        found = {category_path(urls.classify(u).slug) for u in self.category_urls}
        return frozenset(p for p in found if p)

    def rss(self, base: str) -> None:
        resp = self.pages.discovery(base + "/rss", "rss")
        if resp is None or resp.status != 200:
            return
        for item in parse_rss(resp.body, base + "/rss"):
            ref = PostRef(id=item.id or "", url=item.url, kind=urls.classify(item.url, base).kind if item.url else "post",
                          title=item.title, date_hint=item.published, category_hint=category_path(item.category))
            if ref.kind not in ("notice", "page"):
                ref.kind = "post"
            self.add(ref, "rss")
            if item.id:
                self.rss_items[item.id] = item
                self.persist([item.id])
            elif item.url:
                self.rss_items[item.url] = item

    def sitemap(self, base: str) -> None:
        queue = [base + "/sitemap.xml"]
        seen: set[str] = set()
        while queue and len(seen) < 50:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            resp = self.pages.discovery(url, "sitemap")
            if resp is None or resp.status != 200:
                continue
            sm = parse_sitemap(resp.body, url)
            queue.extend(u for u in sm.sitemap_urls if u not in seen)
            for post_url in sm.post_urls:
                info = urls.classify(post_url, base)
                kind = info.kind if info.kind in ("notice", "page") else "post"
                self.add(PostRef(id=info.id or "", url=post_url, kind=kind), "sitemap")


def discover_all(disc: Discovery, base: str, ctx: ScrapeContext) -> bool:
    """Walk every source of the whole blog. True when the front list was walked to its end
    for the first time (later runs may then stop it at the first page with nothing new)."""
    sc = ctx.settings.scrape
    full = sc.full_list_walks
    # The first run walks the front list to its end. Once a run has done that, new posts
    # appear at the top of the list, so later runs stop at the first page with nothing new
    # (--refresh walks it all again).
    known = ctx.archive is not None and ctx.archive.get_meta("front_list_complete") and not ctx.options.refresh
    again = bool(known) and not full
    # The JSON lists first: when they hold the blog's own count, the HTML front list is read
    # only to its first page (it still gives the sidebar's category lists).
    posts = None if full else json_lists(disc, ctx, stop_at_archived=again)
    agreed = posts is not None and ctx.blog_total is not None and posts >= ctx.blog_total
    disc.walk(base + "/", "list", full=(full or not known) and not agreed, stop_at_archived=again)
    front_complete = (disc.last_walk_complete or agreed) and not known
    disc.walk(base + "/category", "category", full=full, stop_at_archived=again)
    if sc.category_lists:
        for cat in list(disc.category_urls):
            disc.walk(cat, "category", full=full, stop_at_archived=again)
    disc.walk(base + "/notice", "list", full=full, stop_at_archived=again)
    if sc.tag_lists:
        for tag in list(disc.tag_urls):
            disc.walk(tag, "tag", full=full)
    disc.rss(base)
    disc.sitemap(base)
    if agreed and not known and any(r.kind == "post" and "list" not in r.sources for r in disc.refs.values()):
        disc.walk(base + "/", "list", full=True)  # RSS or the sitemap named a post the JSON list lacks
    return front_complete


def discover_lists(disc: Discovery, url: str, base: str, kind: str, options: ScrapeOptions) -> None:
    """Only one category or tag: the address given, or ``--category``/``--tag``."""
    if options.category or kind == "category":
        target = url if kind == "category" else base + "/category/" + (options.category or "").strip("/")
        disc.walk(target, "category", full=True)
    if options.tag or kind == "tag":
        target = url if kind == "tag" else base + "/tag/" + (options.tag or "")
        disc.walk(target, "tag", full=True)


def add_tag_lists(disc: Discovery, tags: Iterable[str], base: str) -> None:
    """Tag lists are known only once posts are read (a[rel=tag]): queue every tag's list."""
    for tag in sorted(set(tags)):
        url = f"{base}/tag/{quote(tag, safe='')}"
        if url not in disc.tag_urls:
            disc.tag_urls.append(url)


def source_counts(refs: Iterable[PostRef]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ref in refs:
        for src in ref.sources:
            counts[src] = counts.get(src, 0) + 1
    return dict(sorted(counts.items()))


def _numeric(ref: PostRef, missing: int) -> int:
    return int(ref.id) if (ref.id.isascii() and ref.id.isdigit()) else missing


def day_in_range(day: str | None, options: ScrapeOptions) -> bool:
    """The one --since/--until filter (on the day of an ISO date; no date passes)."""
    if not (options.since or options.until) or not day:
        return True
    day = day[:10]
    return not ((options.since and day < options.since.isoformat()) or
                (options.until and day > options.until.isoformat()))


def in_range(post: Post, options: ScrapeOptions) -> bool:
    return day_in_range(post.published, options)


def select(refs: list[PostRef], options: ScrapeOptions) -> list[PostRef]:
    """The filters a list page can answer (date), ``--limit`` (the newest), in id order."""
    out = [ref for ref in refs if day_in_range(ref.date_hint, options)]
    out.sort(key=lambda r: (_numeric(r, 10**12), r.url))
    if options.limit is not None:
        out = sorted(out, key=lambda r: _numeric(r, -1), reverse=True)[: options.limit]
        out.sort(key=lambda r: (_numeric(r, 10**12), r.url))
    return out
