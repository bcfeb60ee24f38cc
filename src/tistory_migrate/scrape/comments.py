"""Step 4c (``--comments``, ``scrape.comments``): every archived post's comments through
Tistory's comment endpoint (``/m/api/{id}/comment``, paged by ``startId``; docs/naver-paste.md
§5), on the blog's ``NAME.tistory.com`` host when a custom domain reveals it.

Requests go through the fetcher like pages (``kind="page"``: the blog host's delay and its
robots.txt). A post's comments are stored only once all of its pages are read, so an
interrupted run leaves nothing half-read and the next run reads that post again. A post whose
comments are stored costs one request on the next run (``/comment/count``); its pages are read
again only when the count changed. What cannot be read (an HTTP error, an HTML or malformed
answer, robots.txt) is a failure of the report; the post itself is kept as it was scraped.
"""

from __future__ import annotations

from tistory_migrate.archive import Archive
from tistory_migrate.errors import FetchError, RobotsBlocked
from tistory_migrate.extract.comments import CommentShapeError, parse_comment_count, parse_comment_page
from tistory_migrate.extract.jsonbound import MAX_JSON_BYTES
from tistory_migrate.i18n import N_, Message, msg, msg_n
from tistory_migrate.report import COMMENTS_NOTE
from tistory_migrate.scrape import ScrapeContext
from tistory_migrate.scrape.pages import host_of

READ_STATUSES = ("public", "protected")  # posts with a public page (and so a comment thread)
MAX_PAGES = 1000  # per post: a thread longer than this is a paging loop
GIVE_UP_AFTER = 5  # consecutive failures, none read yet: the endpoint does not answer this blog

_SHAPES = {
    "html": N_("comments could not be read: the comment endpoint answered with a web page, not data"),
    "not-json": N_("comments could not be read: the comment endpoint's answer is not valid JSON"),
    "too-large": N_("comments could not be read: the comment endpoint's answer is too large"),
    "too-deep": N_("comments could not be read: the comment endpoint's answer is nested too deeply"),
    "shape": N_("comments could not be read: the comment endpoint's answer has an unknown shape"),
    "loop": N_("comments could not be read: the comment pages do not end"),
}


class _Unreadable(Exception):
    def __init__(self, url: str, reason: Message, *, stop: bool = False):
        super().__init__(url)
        self.url, self.reason, self.stop = url, reason, stop


def api_base(ctx: ScrapeContext) -> str:
    """Where the endpoints are called: ``NAME.tistory.com`` behind a custom domain when known."""
    blog = ctx.blog
    if blog is None:
        return ctx.base_url
    scheme = ctx.base_url.split("://", 1)[0] if "://" in ctx.base_url else "https"
    tistory = blog.tistory_host or (f"{blog.name}.tistory.com" if blog.name else None)
    if blog.custom_domain and tistory:
        return f"{scheme}://{tistory.lower()}"
    return ctx.base_url


class CommentReader:
    """Reads and stores the comments of the archive's posts."""

    def __init__(self, ctx: ScrapeContext, archive: Archive):
        self.ctx, self.archive = ctx, archive
        self.base = api_base(ctx)
        hosts = getattr(ctx.fetcher, "page_hosts", None)  # robots.txt governs the endpoint's host too
        if isinstance(hosts, set) and hosts:
            hosts.add(host_of(self.base))

    def run(self) -> None:
        ctx, ar = self.ctx, self.archive
        ids = [s.id for s in ar.post_summaries(with_media=False) if s.status in READ_STATUSES and s.id.isdigit()]
        known = ar.comment_counts()
        ctx.progress.start("comments", N_("Reading comments"), total=len(ids))
        failed = read = 0
        if COMMENTS_NOTE in [n.id for n in ctx.report.notes]:
            ctx.report.notes = [n for n in ctx.report.notes if n.id != COMMENTS_NOTE]
        for n, pid in enumerate(ids):
            try:
                self._read(pid, known.get(pid))
                read += 1
            except _Unreadable as exc:
                failed += 1
                ctx.fail(exc.url, exc.reason, what="comments", post_id=pid)
                if exc.stop or (not read and failed >= GIVE_UP_AFTER):
                    left = len(ids) - n - 1
                    if left:
                        ctx.warn(msg_n("Comments were not read for {n} more post: the comment endpoint does not "
                                       "answer (see the failures above). Run the same command again later.",
                                       "Comments were not read for {n} more posts: the comment endpoint does not "
                                       "answer (see the failures above). Run the same command again later.",
                                       left, n=left))
                    break
            ctx.progress.advance("comments")
        counts = ar.comment_counts()
        ctx.report.comments = {N_("posts read"): len(counts), N_("comments"): sum(counts.values()),
                               N_("failed"): failed}
        ctx.report.comments_by_post = {k: v for k, v in sorted(counts.items(), key=lambda kv: int(kv[0])) if v}

    def _get(self, url: str, pid: str):
        try:
            resp = self.ctx.fetcher.get(url, kind="page", max_bytes=MAX_JSON_BYTES)
        except RobotsBlocked as exc:
            raise _Unreadable(url, exc.reason_message, stop=True) from None
        except FetchError as exc:
            raise _Unreadable(url, exc.reason_message) from None
        if resp.status != 200:
            reason = msg("comments could not be read: HTTP {status} from the comment endpoint", status=resp.status)
            raise _Unreadable(url, reason, stop=resp.status in (401, 403))
        return resp

    def _read(self, pid: str, known: int | None) -> None:
        base = f"{self.base}/m/api/{pid}/comment"
        if known is not None and self.ctx.page_comment_counts.get(pid) == known:
            return  # the post's page, fetched in this run, shows the count already stored: nothing new
        if known is not None:
            resp = self._get(base + "/count", pid)
            try:
                if parse_comment_count(resp.body, resp.headers.get("content-type", "")) == known:
                    return
            except CommentShapeError:
                pass  # no usable count: read the pages again
        comments, seen_pages, ids = [], set(), set()
        start: str | None = None
        for _page in range(MAX_PAGES):
            url = base if start is None else f"{base}?startId={start}"
            resp = self._get(url, pid)
            try:
                page = parse_comment_page(resp.body, resp.headers.get("content-type", ""))
            except CommentShapeError as exc:
                raise _Unreadable(url, msg(_SHAPES[exc.kind])) from None
            for c in page.comments:
                if c.id not in ids:  # a comment repeated on the next page is kept once
                    ids.add(c.id)
                    comments.append(c.to_dict())
            if page.is_last:
                self.archive.put_comments(pid, comments)
                return
            if page.next_id in seen_pages:
                break
            seen_pages.add(page.next_id)
            start = page.next_id
        raise _Unreadable(base, msg(_SHAPES["loop"]))


def read_comments(ctx: ScrapeContext, archive: Archive) -> None:
    """Step 4c, when the person asked for comments."""
    if ctx.settings.scrape.comments:
        CommentReader(ctx, archive).run()
