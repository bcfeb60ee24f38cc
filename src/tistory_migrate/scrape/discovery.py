"""Discovery: every source that names posts, walked politely and reconciled into one set of
references (by post id, and by URL for ``/entry/`` links whose id only their page tells).

The front list is walked to its end on a first run; other lists stop at the first page that
adds nothing new (see docs/design.md, "Discovery"). Parsing is the pure ``discover`` package's
job; this module fetches through the scraper, stores pages, and keeps memory flat by writing
list excerpts to the archive as it goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from tistory_migrate import urls
from tistory_migrate.models import PostRef

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.pipeline import Scraper


def ref_key(ref: PostRef) -> str:
    return ref.id or ref.url


class Discovery:
    """Collects PostRefs from every source, deduplicated by post id (``/entry/`` refs by URL
    until their page tells the id)."""

    def __init__(self, scraper: "Scraper"):
        self.s = scraper
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
        on a 10,000-post blog the excerpts alone would be tens of MB. ``_handle_page`` reads
        them back when the post is stored. A dry run keeps everything in memory."""
        ar = self.s.archive
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
        from tistory_migrate.discover.listing import parse_list_page

        url: str | None = start_url
        seen_urls: set[str] = set()
        seen_here: set[str] = set()
        found = 0
        pages = 0
        self.last_walk_complete = False
        while url and url not in seen_urls and pages < self.s.settings.scrape.max_list_pages:
            seen_urls.add(url)
            resp = self.s.fetch_discovery(url, "list")
            pages += 1
            if resp is None or resp.status != 200:
                break
            text = resp.text
            page = parse_list_page(text, resp.final_url or url)
            if not page.refs:  # a block/captcha page lists no posts; only then is it worth a look
                self.s.check_blocked(text, url)
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
            self.s.progress.advance("discover")
            if new_here == 0:
                self.last_walk_complete = True
                break  # the skin repeats its last page for any page number
            if not full and new_global == 0:
                break
            if stop_at_archived and self.s.archive is not None and all(
                    r.id and self.s.archive.post_status(r.id) is not None for r in page.refs):
                break
            url = page.next_url
            if url is None:
                self.last_walk_complete = True
        return found

    def rss(self, base: str) -> None:
        from tistory_migrate.discover.rss import parse_rss

        resp = self.s.fetch_discovery(base + "/rss", "rss")
        if resp is None or resp.status != 200:
            return
        for item in parse_rss(resp.body, base + "/rss"):
            ref = PostRef(id=item.id or "", url=item.url, kind=urls.classify(item.url, base).kind if item.url else "post",
                          title=item.title, date_hint=item.published, category_hint=item.category)
            if ref.kind not in ("notice", "page"):
                ref.kind = "post"
            self.add(ref, "rss")
            if item.id:
                self.rss_items[item.id] = item
                self.persist([item.id])
            elif item.url:
                self.rss_items[item.url] = item

    def sitemap(self, base: str) -> None:
        from tistory_migrate.discover.sitemap import parse_sitemap

        queue = [base + "/sitemap.xml"]
        seen: set[str] = set()
        while queue and len(seen) < 50:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            resp = self.s.fetch_discovery(url, "sitemap")
            if resp is None or resp.status != 200:
                continue
            sm = parse_sitemap(resp.body, url)
            queue.extend(u for u in sm.sitemap_urls if u not in seen)
            for post_url in sm.post_urls:
                info = urls.classify(post_url, base)
                kind = info.kind if info.kind in ("notice", "page") else "post"
                self.add(PostRef(id=info.id or "", url=post_url, kind=kind), "sitemap")
