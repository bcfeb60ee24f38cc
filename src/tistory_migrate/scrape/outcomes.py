"""What to store when a post page fails, is gone, or is not a post.

The rule all three share is written once (:func:`keep_earlier`): a good copy stored by an
earlier run is never replaced by a failure; it only gains a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tistory_migrate.extract.category import leaf_category
from tistory_migrate.i18n import Message, msg
from tistory_migrate.models import Post, PostRef, category_path
from tistory_migrate.report import MissingPost
from tistory_migrate.scrape import ScrapeContext

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.archive import Archive


def keep_earlier(archive: "Archive", post_id: str | None, statuses: tuple[str, ...], warning: Message, *,
                 need_body: bool = False, save: bool = True) -> bool:
    """True when the archive holds a copy of ``post_id`` in one of ``statuses`` (with a body,
    if ``need_body``): it is kept, with ``warning`` added (and saved, if ``save``)."""
    if not post_id:
        return False
    existing = archive.get_post(post_id)
    if existing is None or existing.status not in statuses or (need_body and not existing.body_raw):
        return False
    existing.warn(warning)
    if save:
        archive.put_post(existing)
    return True


def rss_copy(item: Any, ref: PostRef, url: str, reason: Message, *, status: str = "public",
             tree: frozenset[str] | None = None) -> Post:
    """The post as the RSS feed carries it, standing in for a page that failed (``status``
    "public") or is gone ("missing": the feed's copy is all there is, issue 14). The feed names
    the category's last level only: ``tree`` (the sidebar's category paths) completes it."""
    post = Post(id=ref.id or str(item.id), url=url, title=item.title or "", published=item.published,
                category=category_path(item.category, tree), tags=list(item.tags or []), author=item.author,
                body_source="rss", status=status, body_raw=item.body_html, kind=ref.kind)  # type: ignore[arg-type]
    if status == "public":
        post.warn(msg("the post page failed ({reason}); the body comes from the RSS feed", reason=reason))
    else:
        post.warn(msg("the page is gone ({reason}); the post is kept as the RSS feed carries it", reason=reason))
    if post.category and tree and "/" not in post.category:
        post.category = leaf_category(post.category, "rss", tree, post)  # completed when unique
    elif post.category:
        post.extra["category_source"] = "rss"
        if "/" not in post.category:
            post.warn(msg("category from RSS is the leaf name only"))
    return post


def fetch_failed(ctx: ScrapeContext, archive: "Archive", ref: PostRef, url: str, reason: Message) -> None:
    """The page could not be fetched (and no feed carries its body)."""
    ctx.fail(url, reason, what="post", post_id=ref.id)
    if not ref.id:
        return
    if keep_earlier(archive, ref.id, ("public", "protected"),
                    msg("refresh failed ({reason}); kept the earlier copy", reason=reason), save=False):
        return
    post = Post(id=ref.id, url=url, title=ref.title or "", status="failed", sources=sorted(ref.sources))
    post.warn(msg("the page could not be fetched: {reason}", reason=reason))
    archive.put_post(post)


def read_failed(ctx: ScrapeContext, archive: "Archive", ref: PostRef, url: str, reason: Message,
                post: Post | None = None) -> None:
    """The page came but cannot be read as a post (a mandatory field or its body is missing)."""
    pid = (post.id if post else ref.id)
    ctx.fail(url, reason, what="post", post_id=pid)
    if not pid:
        return
    if keep_earlier(archive, pid, ("public",), msg("a later read failed ({reason}); kept the earlier copy", reason=reason),
                    need_body=True):
        return
    failed = post or Post(id=pid, url=url, title=ref.title or "")
    failed.status = "failed"
    failed.sources = sorted(set(failed.sources) | set(ref.sources))
    failed.warn(reason)
    archive.put_post(failed)


def gone(ctx: ScrapeContext, archive: "Archive", ref: PostRef, url: str, reason: Message,
         rss_item: Any = None, tree: frozenset[str] | None = None) -> Post | None:
    """The page answers 404/410 or is not a post: the post is missing (or was deleted or made
    private after an earlier scrape). With the feed's full body (``rss_item``) the post keeps
    it: status ``missing``, ``body_source`` "rss" (returned, for its pictures to be queued)."""
    if not ref.id:  # an /entry/ link whose page is gone: no number to store it under
        ctx.gone_links.append(MissingPost(id=None, title=ref.title, url=url, sources=sorted(ref.sources), reason=reason))
        return None
    if keep_earlier(archive, ref.id, ("public",),
                    msg("the page now answers {reason}: deleted or made private after an earlier scrape", reason=reason)):
        return None
    if rss_item is not None and getattr(rss_item, "body_html", None):
        rescued = rss_copy(rss_item, ref, url, reason, status="missing", tree=tree)
        rescued.sources = sorted(set(rescued.sources) | set(ref.sources))
        rescued.summary = ref.summary
        return rescued
    post = Post(id=ref.id, url=url, title=ref.title or "", kind=ref.kind, status="missing",
                sources=sorted(ref.sources), summary=ref.summary, published=ref.date_hint)
    post.warn(msg("listed by {sources} but the page answers {reason}", sources=", ".join(sorted(ref.sources)),
                  reason=reason))
    archive.put_post(post)
    return None
