"""Discovery from Tistory's JSON post and notice lists (``/m/api/entry/0/POST?page=N&size=S``,
``…/NOTICE…``; docs/naver-paste.md §5), called on the blog's ``NAME.tistory.com`` host like the
comment endpoint. Skin-independent and far fewer requests than HTML list pages: the largest page
size the endpoint accepts is found with at most two requests (100, else the default 20) and
remembered in the archive (meta ``api_list_size``). Refs join the union as the ``list`` source.

When the lists answer and hold at least the blog's own count (the sidebar's "분류 전체보기 (N)"),
``discover_all`` walks the HTML front list only to its first page; any failure, unknown shape
or shortfall leaves the HTML lists walked as before.
"""

from __future__ import annotations

from tistory_migrate.errors import FetchError
from tistory_migrate.extract.api_lists import ApiShapeError, parse_category_tree, parse_entry_list
from tistory_migrate.extract.jsonbound import MAX_JSON_BYTES
from tistory_migrate.i18n import msg
from tistory_migrate.scrape import ScrapeContext
from tistory_migrate.scrape.comments import api_base

SIZES = (100, 20)  # tried in this order; 20 is what Tistory's own pages ask for
SIZE_KEY = "api_list_size"
TREE_KEY = "category_tree"  # [[full path, count], ...] from /m/api/categories, for whoever needs full paths


class _Unavailable(Exception):
    pass


def _page(ctx: ScrapeContext, url: str, base: str, kind: str):
    try:
        resp = ctx.fetcher.get(url, kind="page", max_bytes=MAX_JSON_BYTES)
    except FetchError:
        raise _Unavailable from None
    if resp.status != 200:
        raise _Unavailable
    try:
        return parse_entry_list(resp.body, resp.headers.get("content-type", ""), base, kind)
    except ApiShapeError:
        raise _Unavailable from None


def _walk(disc, ctx: ScrapeContext, api: str, what: str, kind: str, size: int, *, stop_at_archived: bool) -> int:
    page_no, found, seen = 0, 0, set()
    base = ctx.base_url
    while page_no not in seen and len(seen) < ctx.settings.scrape.max_list_pages:
        seen.add(page_no)
        page = _page(ctx, f"{api}/m/api/entry/0/{what}?page={page_no}&size={size}", base, kind)
        ctx.progress.advance("discover")
        for ref in page.refs:
            found += disc.add(ref, "list")
        disc.persist([r.id for r in page.refs if r.id])
        if page.next_page is None:  # an endpoint that caps the size pages on with its own (no extra request)
            break
        if stop_at_archived and ctx.archive is not None and all(
                r.id and ctx.archive.post_status(r.id) is not None for r in page.refs):
            break
        page_no = page.next_page
    return found


def category_tree(ctx: ScrapeContext) -> None:
    """The category tree (one request): every category's full path and count, kept in the
    archive (meta ``category_tree``); its total stands in for the blog's own count when the
    sidebar shows none. Nothing happens when it does not answer as expected."""
    url = f"{api_base(ctx)}/m/api/categories"
    try:
        resp = ctx.fetcher.get(url, kind="page", max_bytes=MAX_JSON_BYTES)
        if resp.status != 200:
            return
        tree, total = parse_category_tree(resp.body, resp.headers.get("content-type", ""))
    except (FetchError, ApiShapeError):
        return
    if ctx.archive is not None:
        ctx.archive.set_meta(TREE_KEY, [[c.path, c.count] for c in tree])
    if ctx.blog_total is None:
        top = [c.count for c in tree if "/" not in c.path]
        ctx.blog_total = total if total is not None else (sum(top) if top and None not in top else None)


def json_lists(disc, ctx: ScrapeContext, *, stop_at_archived: bool) -> int | None:
    """Walk the JSON post and notice lists into ``disc``; the number of posts the post list
    named, or None when the endpoint does not answer as documented."""
    api = api_base(ctx)
    ar = ctx.archive
    stored = ar.get_meta(SIZE_KEY) if ar is not None else None
    # a size that worked before; after a run found no list (0), one request at the default size
    sizes = (stored,) if stored in SIZES else (SIZES[-1],) if stored == 0 else SIZES
    for size in sizes:
        try:
            _walk(disc, ctx, api, "POST", "post", size, stop_at_archived=stop_at_archived)
        except _Unavailable:
            if size == sizes[-1]:
                if ar is not None and stored is None:
                    ar.set_meta(SIZE_KEY, 0)
                return None
            continue
        if ar is not None and stored != size:
            ar.set_meta(SIZE_KEY, size)
        if ctx.blog_total is None or not stop_at_archived:
            category_tree(ctx)  # full paths and counts; a total when the sidebar shows none
        posts = sum(1 for r in disc.refs.values() if r.kind == "post" and "list" in r.sources)
        try:
            _walk(disc, ctx, api, "NOTICE", "notice", size, stop_at_archived=stop_at_archived)
        except _Unavailable:
            ctx.warn(msg("The JSON notice list of the blog did not answer; notices come from the HTML lists."))
        return posts
    return None
