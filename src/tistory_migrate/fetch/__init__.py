"""The network seam and its stand-ins (docs/design.md, "Fetcher").

Every request the tool makes goes through a :class:`Fetcher`: :class:`~.http.HttpFetcher`
(the only module that imports requests) or :class:`~.mirror.MirrorFetcher` (``--mirror``:
saved folders, no network). ``serve.py`` is the loopback server for saved folders (the demo,
the benchmarks and the tests); ``response.py`` is the record both fetchers return.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from tistory_migrate.errors import UsageError
from tistory_migrate.i18n import _

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.fetch.response import Response
    from tistory_migrate.settings import Settings

__all__ = ["FetchStats", "Fetcher", "build_fetcher"]


@dataclass
class FetchStats:
    """Requests made (each redirect hop counts), retries, bytes, and requests per host."""

    requests: int = 0
    retries: int = 0
    bytes: int = 0
    by_host: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, host: str, nbytes: int) -> None:
        with self.lock:
            self.requests += 1
            self.bytes += nbytes
            self.by_host[host] = self.by_host.get(host, 0) + 1


class Fetcher(Protocol):
    """What the scrape and ``redirects resolve`` need from the network.

    ``kind`` is "page" (the blog's own pages: politeness delay, robots.txt), "media" (images
    and attachments, from other hosts in parallel) or "robots". ``validators`` make the
    request conditional (``{"etag": …, "last-modified": …}``: a 304 answers "unchanged").
    Network failures after retries raise :class:`~tistory_migrate.errors.FetchError`; HTTP
    errors are answers (``Response.status``), not exceptions.
    """

    stats: FetchStats

    def get(self, url: str, *, kind: str = "page", validators: dict[str, str] | None = None,
            max_bytes: int | None = None) -> "Response": ...

    def close(self) -> None: ...


def build_fetcher(settings: "Settings", *, mirror: list[Path] | None = None, resolve: list[str] | None = None,
                  blog_url: str | None = None, crawl: bool = True) -> Fetcher:
    """The fetcher a command line asks for: saved folders (``--mirror``), or HTTP with
    ``--resolve`` routes. When crawling, robots.txt governs the page fetches of ``blog_url``'s
    host (of every host when no address is given). ``crawl=False`` is for reading a person's
    own pages on their behalf, a few requests like a browser (``redirects resolve``): no host's
    robots.txt applies."""
    from urllib.parse import urlsplit

    if mirror:
        from tistory_migrate.fetch.mirror import MirrorFetcher

        for m in mirror:
            if not m.is_dir():
                raise UsageError(_("--mirror {path} is not a folder.").format(path=m),
                                 hint=_("Give a folder that holds a urls.tsv file."))
        return MirrorFetcher(mirror, settings=settings.fetch)
    from tistory_migrate.fetch.http import HttpFetcher, parse_resolve

    page_hosts: set[str] | None = None if crawl else set()
    if crawl and blog_url:
        try:
            host = (urlsplit(blog_url if "://" in blog_url else "https://" + blog_url).hostname or "").lower()
        except ValueError:
            raise UsageError(_("'{url}' does not look like a blog address.").format(url=blog_url),
                             hint=_("Example: tistory-migrate scrape https://NAME.tistory.com -o archive")) from None
        page_hosts = {host}
    return HttpFetcher(settings.fetch, resolve=parse_resolve(resolve), page_hosts=page_hosts)


_T = TypeVar("_T")


def result_of(fut) -> _T:
    """A future's result, waited for in short slices: a blocking wait is not interrupted by
    Ctrl-C on Windows, a short one lets the interrupt through at once (the scrape's workers,
    ``deadline.Relay``)."""
    while True:
        try:
            return fut.result(timeout=0.2)
        except TimeoutError:
            if fut.done():
                raise
