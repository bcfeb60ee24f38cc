"""Step 4: post pages read into the archive.

Page fetches run a few ahead in worker threads (the per-host delay still spaces them), so
parsing and storing one page overlaps the wait for the next; every archive write stays in the
calling thread. A page becomes one stored outcome: a post (public or protected), or what
``outcomes`` says to store when it fails, is gone or is no post.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor

from tistory_migrate import urls
from tistory_migrate.archive import Archive, StoredPage, now_iso
from tistory_migrate.errors import FetchError, Refused
from tistory_migrate.extract.comments import page_comment_count
from tistory_migrate.extract.post import PageResult, parse_post_page
from tistory_migrate.fetch.response import Response
from tistory_migrate.i18n import Message, msg
from tistory_migrate.models import Post, PostRef, category_path
from tistory_migrate.normalize.images import find_media_checked
from tistory_migrate.fetch import result_of
from tistory_migrate.scrape import ScrapeContext, outcomes
from tistory_migrate.scrape.discovery import Discovery, in_range
from tistory_migrate.scrape.media import MediaQueue
from tistory_migrate.scrape.pages import PageSource, raise_blocked, stored_response


def warn_lost_text(ctx: ScrapeContext, post: Post, lost: int) -> None:
    """Say so, on the post and in the report, when the body's text did not all survive parsing."""
    if lost:
        warning = msg("body: about {n} characters of the text could not be read from the page's HTML; "
                      "compare the post with the original on Tistory", n=lost)
        post.warn(warning)
        ctx.warn(msg("post {id}: about {n} characters of the body's text could not be read; "
                     "compare it with the original on Tistory", id=post.id, n=lost))


def merge_ref(post: Post, ref: PostRef) -> None:
    """What the discovery sources said of a post, added to what its page says."""
    post.sources = sorted(set(post.sources) | set(ref.sources))
    if ref.summary:
        post.summary = ref.summary  # the list excerpt is what readers saw as the summary
    if not post.category and ref.category_hint and not post.extra.get("category_source"):
        # only where the page named no category at all ("no category" is an answer too)
        post.category = category_path(ref.category_hint)
        if post.category:
            post.extra["category_source"] = "list"
            post.warn(msg("category taken from a list page"))
    if ref.kind in ("notice", "page") and post.kind == "post":
        post.kind = ref.kind
    if not post.title and ref.title:
        post.title = ref.title
    if not post.published and ref.date_hint:
        post.published = ref.date_hint
        post.warn(msg("date taken from a list page (day only)"))


class PostReader:
    """Reads post pages into the archive and queues their originals for download.

    ``skip_media`` holds the numbers of posts whose files a ``--backup`` supplies: their
    pictures are not downloaded from the blog."""

    def __init__(self, ctx: ScrapeContext, archive: Archive, pages: PageSource, media: MediaQueue,
                 disc: Discovery, skip_media: set[str] | None = None):
        self.ctx = ctx
        self.archive = archive
        self.pages = pages
        self.media = media
        self.disc = disc
        self.skip_media = skip_media or set()

    # -- which refs need a page -------------------------------------------------------------
    def read(self, refs: list[PostRef], *, count_skips: bool) -> None:
        """Read the posts of these refs that the archive does not hold complete."""
        by_url = self.archive.post_ids_by_url() if any(not r.id for r in refs) else {}
        todo: list[PostRef] = []
        for ref in refs:
            existing_id = ref.id if (ref.id and self.archive.post_status(ref.id) is not None) else by_url.get(ref.url)
            if existing_id and (not self.ctx.options.refresh or not count_skips) and self._complete(existing_id, ref):
                if count_skips:
                    self.ctx.report.skipped_existing += 1
                self.ctx.progress.advance("posts")
            else:
                todo.append(ref)
        self.read_pages([(ref, False) for ref in todo])

    def _complete(self, post_id: str, ref: PostRef) -> bool:
        """A stored post is complete when every media reference has a record (those without
        one are queued now)."""
        post = self.archive.get_post(post_id)
        if post is None:
            return False
        changed = False
        for src in ref.sources:
            if src not in post.sources:
                post.sources.append(src)
                changed = True
        if changed:
            post.sources.sort()
            self.archive.put_post(post)
        if post.status == "failed" or post.body_source == "rss":
            return False  # try the page again: an RSS copy is a stand-in for a page that failed
        for m in post.images + post.attachments:
            if self.archive.media_status(m.identity) is None:
                self.media.submit(m)
        return True

    # -- pages ------------------------------------------------------------------------------
    def read_pages(self, jobs: list[tuple[PostRef, bool]]) -> list[bool]:
        """Fetch and store post pages in order; ``(ref, probing)`` per job. Returns, per job,
        whether a post (of any status) was stored."""
        if not jobs:
            return []
        workers = max(1, self.ctx.settings.fetch.page_workers)
        out: list[bool] = []
        pending: deque = deque()
        it = iter(jobs)
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pages")

        def submit() -> None:
            job = next(it, None)
            if job is not None:
                ref, probing = job
                url = urls.post_url(self.ctx.base_url, ref.id) if probing else ref.url
                stored = self.pages.stored_for_refresh(url)
                pending.append((ref, probing, url, stored, pool.submit(self.pages.post_page, url, stored)))

        try:
            for _ in range(workers * 2):
                submit()
            while pending:
                ref, probing, url, stored, fut = pending.popleft()
                submit()
                out.append(self._handle(ref, url, stored, result_of(fut), probing=probing))
                self.ctx.progress.advance("posts")
                self.media.drain(block=False)
        except BaseException:
            # Interrupted (or a bug): the fetches in flight are abandoned, not waited for, and
            # nothing more is requested; what was stored stays, the rest is read by the next run.
            self.ctx.stop_fetching()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return out

    def _handle(self, ref: PostRef, url: str, stored: StoredPage | None, resp: Response | FetchError, *,
                probing: bool) -> bool:
        """Extract and store one fetched post page. True when a post (of any status) was stored."""
        if ref.id and not probing and ref.title is None and ref.summary is None:
            stored_ref = self.archive.get_ref(ref.id)  # what the list pages said, kept out of memory
            if stored_ref is not None:
                stored_ref.sources |= ref.sources
                ref = stored_ref
        if isinstance(resp, FetchError):
            if probing:
                self.ctx.warn(msg("probe {url}: {reason}", url=url, reason=resp.reason_message))
                return False
            if isinstance(resp, Refused):  # another site's page or an inner address: no stand-in
                outcomes.fetch_failed(self.ctx, self.archive, ref, url, resp.reason_message)
                return True
            return self._page_failed(ref, url, resp.reason_message)
        if resp.status == 304 and stored is not None:
            resp = stored_response(url, stored)
        if resp.status in (404, 410):
            if probing:
                return False
            self._gone(ref, url, msg("HTTP {status}", status=resp.status))
            return True
        if resp.status != 200:
            if probing:
                return False
            return self._page_failed(ref, url, msg("HTTP {status}", status=resp.status))
        result = parse_post_page(resp.text, resp.final_url or url)
        if result.kind == "blocked":  # never stored as a post: stop, the same command resumes later
            raise_blocked(url, what="the post")
        if result.post is not None and self.ctx.settings.scrape.comments:
            shown = page_comment_count(resp.text, result.post.id)
            if shown is not None:
                self.ctx.page_comment_counts[result.post.id] = shown
        with self.archive.batch():  # the page and what was read from it are stored together
            self.archive.put_page(url, resp.status, resp.headers, resp.body, "post")
            return self._store(ref, url, result, probing)

    def _store(self, ref: PostRef, url: str, result: PageResult, probing: bool) -> bool:
        if result.kind == "not_post" and result.missing_field and not probing:
            # The page is a post, but one of id/title cannot be read: a failure, not a gap.
            outcomes.read_failed(self.ctx, self.archive, ref, url,
                                 msg("the page could not be read as a post: {reason}", reason=result.reason))
            return True
        if result.kind == "not_post" or result.post is None and result.kind != "protected":
            if probing:
                return False
            self._gone(ref, url, result.reason or msg("the page is not a post"))
            return True
        post = result.post
        if post is None:  # protected without any post data
            post = Post(id=ref.id, url=url, title=ref.title or "", status="protected")
        if probing:
            ref.sources.add("probe")
        merge_ref(post, ref)
        if result.kind == "protected":
            post.status = "protected"
        elif not result.body_found:
            outcomes.read_failed(self.ctx, self.archive, ref, url, msg("no post body found in the page (an unknown skin?)"),
                                 post=post)
            return True
        else:
            post.status = "public"
            self.attach_media(post)
        if not in_range(post, self.ctx.options):
            return True
        earlier = self.archive.get_post(post.id)
        if earlier is not None:  # a second ref to one post (e.g. /entry/ link and RSS id) adds its sources
            post.sources = sorted(set(post.sources) | set(earlier.sources))
        post.fetched_at = now_iso()
        self.archive.put_post(post)
        return True

    def _gone(self, ref: PostRef, url: str, reason: Message) -> None:
        """The page is gone; a feed that carries the body keeps the post (``outcomes.gone``)."""
        item = self.disc.rss_items.get(ref.id) or self.disc.rss_items.get(url) if ref.id else None
        rescued = outcomes.gone(self.ctx, self.archive, ref, url, reason, rss_item=item, tree=self.disc.category_tree())
        if rescued is not None:
            self.attach_media(rescued)
            rescued.fetched_at = now_iso()
            self.archive.put_post(rescued)

    def _page_failed(self, ref: PostRef, url: str, reason: Message) -> bool:
        item = self.disc.rss_items.get(ref.id) or self.disc.rss_items.get(url)
        if item is not None and getattr(item, "body_html", None):
            post = outcomes.rss_copy(item, ref, url, reason, tree=self.disc.category_tree())
            merge_ref(post, ref)
            self.attach_media(post)
            post.fetched_at = now_iso()
            self.archive.put_post(post)
            self.ctx.fail(url, msg("{reason}; the body was saved from the RSS feed, run again to read the page", reason=reason),
                          what="post", post_id=post.id)
            return True
        outcomes.fetch_failed(self.ctx, self.archive, ref, url, reason)
        return True

    # -- media ------------------------------------------------------------------------------
    def attach_media(self, post: Post) -> None:
        """Find the post's pictures and files, and queue the originals the archive lacks."""
        try:
            images, attachments, check = find_media_checked(post.body_raw, post.url)
            warn_lost_text(self.ctx, post, check.lost)
        except Exception as exc:  # one broken body must not stop the run
            post.warn(msg("images could not be read from the body: {error}", error=str(exc)))
            images, attachments = [], []
        post.images, post.attachments = images, attachments
        if post.id in self.skip_media:
            return  # the backup's own files replace these (scrape.backup); do not download them twice
        for m in images + attachments:
            status = self.archive.media_status(m.identity)
            if status == "ok" or (status is not None and not self.ctx.options.refresh):
                continue
            self.media.submit(m)
