"""The effectful steps of ``scrape``; ``pipeline.Scraper`` orders them (docs/design.md).

In the order a scrape runs them:

1. ``site.open_site``: is the address a reachable Tistory blog? (first page, blog info)
2. ``discovery``: list pages, /rss and /sitemap.xml into one set of references
3. ``discovery.select``: the --since/--until/--limit filters and the reading order
4. ``posts.PostReader``: post pages fetched ahead in threads, extracted, stored
   (``outcomes`` decides what to store when a page fails, is gone or is no post)
5. tag lists, known only once posts are read
6. ``probe``: numbers no source named
7. ``media.MediaQueue``: originals downloaded in worker threads, recorded here
8. ``backup``: the owner's backup merged in; ``reparse``: stored pages read again offline
9. ``summary``: the report, from the archive

Each step takes the :class:`ScrapeContext` plus the collaborators it needs (``PageSource``,
``MediaQueue``); none knows the order, and none reaches into another's state. A dry run has
no archive: only the steps a dry run runs (site, discovery, probe, summary) look at that.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from tistory_migrate.i18n import Message
from tistory_migrate.models import BlogInfo
from tistory_migrate.report import Failure, MissingPost, NullProgress, Progress, ScrapeReport
from tistory_migrate.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.archive import Archive
    from tistory_migrate.fetch import Fetcher



@dataclass
class ScrapeOptions:
    """What the person asked of this scrape (the command line's options)."""

    url: str | None = None
    archive: Path | None = None
    backups: list[Path] = field(default_factory=list)
    refresh: bool = False
    reparse: bool = False
    dry_run: bool = False
    category: str | None = None
    tag: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int | None = None
    offline: bool = False  # --mirror: nothing beyond the mirror can be fetched

    @property
    def filtered(self) -> bool:
        """Whether only some posts are wanted (then the blog is not probed for gaps)."""
        return bool(self.category or self.tag or self.since or self.until or self.limit is not None)


@dataclass
class ScrapeContext:
    """What every step of one scrape shares. ``archive`` is None in a dry run; ``blog`` is
    known once the site is open (or the backup named it)."""

    fetcher: "Fetcher"
    settings: Settings
    options: ScrapeOptions
    report: ScrapeReport
    archive: "Archive | None" = None
    progress: Progress = field(default_factory=NullProgress)
    clock: Callable[[], float] = time.monotonic
    blog: BlogInfo | None = None
    # /entry/ links whose page is gone: no number to store them under in the archive, so the
    # summary adds them to the report's missing posts from here.
    gone_links: list[MissingPost] = field(default_factory=list)
    # Hosts the blog was seen answering on besides ``blog.hosts()`` (the host its first page
    # ended on after redirects, e.g. a custom domain NAME.tistory.com forwards to).
    seen_hosts: set[str] = field(default_factory=set)
    stopped: bool = False  # the run is ending early (interrupted): fetches in flight are abandoned

    # The blog's own count of its posts (the sidebar's "분류 전체보기 (N)"), when its first page shows it.
    blog_total: int | None = None
    # Comment counts the post pages fetched in this run show (post id -> count): no comment request
    # for a post whose count is already known and unchanged (scrape/comments.py).
    page_comment_counts: dict[str, int] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return self.blog.base_url if self.blog else ""

    def own_hosts(self) -> set[str]:
        """Every host a post page of this blog may end on (empty while the blog is unknown)."""
        return set(self.blog.hosts()) | self.seen_hosts if self.blog else set()

    def warn(self, message: Message | str) -> None:
        """A note for the report (the one writer of ``report.warnings``): ``msg(...)``, shown
        in the reader's language (plain text is kept as it is)."""
        self.report.warnings.append(Message.from_dict(message))

    def fail(self, url: str, reason: Message | str, *, what: str, post_id: str | None = None) -> None:
        """A page or post that could not be read (the one writer of ``report.failed``)."""
        self.report.failed.append(Failure(id=post_id or None, url=url, reason=Message.from_dict(reason), what=what))

    def stop_fetching(self) -> None:
        """Ctrl-C or SIGTERM: the fetcher ends its requests in flight and sends no more (a
        fetcher without ``stop``, such as ``--mirror``'s, has nothing in flight); the workers
        are not waited for (``stopped``)."""
        self.stopped = True
        stop = getattr(self.fetcher, "stop", None)
        if stop is not None:
            stop()

