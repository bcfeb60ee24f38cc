"""``scrape --reparse``: the stored post pages read again with today's extractor, offline.
Nothing is fetched; pictures not downloaded yet are noted on the post."""

from __future__ import annotations

from tistory_migrate.extract.body import visible_text
from tistory_migrate.extract.post import parse_post_page
from tistory_migrate.i18n import N_, msg
from tistory_migrate.models import Post, PostRef
from tistory_migrate.normalize.images import find_media_checked
from tistory_migrate.report import ChangedPost, GrownBody
from tistory_migrate.scrape import ScrapeContext
from tistory_migrate.scrape.posts import merge_ref, warn_lost_text


def reparse(ctx: ScrapeContext) -> None:
    """Re-extract every stored post page into the archive (a backup's body still wins)."""
    ar = ctx.archive
    assert ar is not None
    refs = ar.get_refs()
    ctx.blog = ar.get_blog()
    page_urls = ar.page_urls("post")
    ctx.progress.start("posts", N_("Re-reading stored pages"), total=len(page_urls))
    for url in page_urls:
        page = ar.get_page(url)
        ctx.progress.advance("posts")
        if page is None or page.status != 200:
            continue
        result = parse_post_page(page.text, url)
        if result.post is None:
            continue
        post = result.post
        old = ar.get_post(post.id)
        ref = refs.get(post.id) or PostRef(id=post.id, url=url)
        if old is not None:
            ref.sources |= set(old.sources)
        merge_ref(post, ref)
        if result.kind == "protected":
            post.status = "protected"
        else:
            post.status = old.status if old is not None and old.status in ("private",) else "public"
            post.images, post.attachments, check = find_media_checked(post.body_raw, post.url)
            warn_lost_text(ctx, post, check.lost)
            for m in post.images + post.attachments:
                if ar.media_status(m.identity) is None:
                    post.warn(msg("image not downloaded yet (reparse works offline): {url}", url=m.original_url))
        if old is not None and old.body_source == "backup":
            continue  # the backup's body wins over the page
        post.fetched_at = old.fetched_at if old is not None else None
        changed = changes(old, post)
        if changed:
            ctx.report.reparse_changed.append(ChangedPost(post.id, post.title, post.url, changed))
        ar.put_post(post)
        if old is not None:
            note_growth(ctx, old, post)


def changes(old: Post | None, new: Post) -> list[str]:
    """What the new rules changed in a stored post: its category, body, pictures (issue 14;
    a separate list from any other reparse list, so each reads on its own)."""
    if old is None:
        return []
    out = []
    if (old.category or None) != (new.category or None):
        out.append("category")
    if old.body_raw != new.body_raw:
        out.append("body")
    if [m.identity for m in old.images + old.attachments] != [m.identity for m in new.images + new.attachments]:
        out.append("pictures")
    return out


def note_growth(ctx: ScrapeContext, old: Post, post: Post) -> None:
    """List the post when its body now reads longer than the archive had it: text an older
    version lost (libxml2's depth limit truncated bodies), recovered from the stored page. A few
    characters either way are the extractor's own changes, not a recovery."""
    before, after = len(visible_text(old.body_raw or "")), len(visible_text(post.body_raw or ""))
    if after - before >= max(GROWTH_FLOOR, before // 100):
        ctx.report.bodies_grown.append(GrownBody(post.id, post.title, post.url, before, after))


GROWTH_FLOOR = 20  # characters
