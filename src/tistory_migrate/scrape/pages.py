"""Every page the scrape reads comes through a :class:`PageSource`: the three fetch-and-store
policies, written once.

* a discovery page (list, RSS, sitemap): conditional when the archive holds it, stored on 200;
* a post page: plain, or conditional under ``--refresh`` (worker threads do only the network
  part; the reader stores what comes back);
* a check page (the backup step asks what the public blog shows for a number): plain GET,
  stored on 200 and on 404/410.

A post or check page redirected outside the blog's own hosts (``ScrapeContext.own_hosts``;
http→https and a leading ``www.`` do not matter) is refused as a failure: it is another site's
page, not this post.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tistory_migrate.archive import StoredPage
from tistory_migrate.errors import Blocked, FetchError, Refused, RobotsBlocked
from tistory_migrate.extract.site import is_blocked
from tistory_migrate.fetch.response import Response
from tistory_migrate.i18n import N_, Message, _, msg
from tistory_migrate.scrape import ScrapeContext

# What a block page stood in for: the whole sentence each, so a translation can put it anywhere.
_BLOCKED = {"the blog": N_("Tistory answered {url} with a block, captcha or login page instead of the blog."),
            "the post": N_("Tistory answered {url} with a block, captcha or login page instead of the post.")}


def stored_response(url: str, stored: StoredPage) -> Response:
    """A stored page as the fetcher would have answered it (a 304 means "this, unchanged")."""
    return Response(url=url, final_url=url, status=stored.status, headers=stored.headers, body=stored.body)


def host_of(url: str) -> str:
    """The host of ``url``, lower-case, without a trailing dot ("" when there is none)."""
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def _bare(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def off_site(ctx: ScrapeContext, url: str, resp: Response) -> Refused | None:
    """The refusal of a post page that a redirect took outside the blog's own hosts, or None."""
    final = resp.final_url or url
    hosts = ctx.own_hosts()
    if final == url or not hosts:
        return None
    host = host_of(final)
    if _bare(host) in {_bare(h) for h in hosts | {host_of(url)}}:
        return None
    return Refused(url, msg("refused: the post page redirects to {target}, outside the blog ({hosts})",
                            target=final, hosts=", ".join(sorted(hosts))), status=resp.status)


def check_blocked(text: str, url: str, *, what: str = "the blog") -> None:
    """Stop the run on a block, captcha or login page: the same command resumes later."""
    if is_blocked(text):
        raise_blocked(url, what=what)


def raise_blocked(url: str, *, what: str) -> None:
    raise Blocked(_(_BLOCKED.get(what, _BLOCKED["the blog"])).format(url=url),
                  hint=_("Wait a while (an hour is usually enough) and run the same command again: "
                         "it resumes where it stopped."))


class PageSource:
    """Fetches pages for the scrape's steps and stores the ones worth keeping."""

    def __init__(self, ctx: ScrapeContext):
        self.ctx = ctx
        self._early: dict[str, Response] = {}  # the first page, fetched to check the site

    def keep_first(self, url: str, resp: Response) -> None:
        """The site check fetched this page already: discovery gets it without a request."""
        self._early[url] = resp

    def discovery(self, url: str, kind: str) -> Response | None:
        """A discovery page, conditionally when the archive holds it; stored on 200. None when
        robots.txt forbids it or it failed (both reported)."""
        early = self._early.pop(url, None)
        if early is not None:
            return early
        ctx = self.ctx
        stored = ctx.archive.get_page(url) if ctx.archive else None
        validators = stored.validators if stored and not ctx.options.refresh else None
        try:
            resp = ctx.fetcher.get(url, kind="page", validators=validators or None)
        except RobotsBlocked as exc:
            ctx.warn(Message("{url}: {reason}", {"url": url, "reason": exc.reason_message}))
            return None
        except FetchError as exc:
            ctx.fail(url, exc.reason_message, what=kind)
            return None
        if resp.status == 304 and stored is not None:
            return stored_response(url, stored)
        if ctx.archive is not None and resp.status == 200:
            ctx.archive.put_page(url, resp.status, resp.headers, resp.body, kind)
        return resp

    def stored_for_refresh(self, url: str) -> StoredPage | None:
        """The stored copy of a post page that a ``--refresh`` asks about conditionally."""
        ctx = self.ctx
        return ctx.archive.get_page(url) if ctx.options.refresh and ctx.archive is not None else None

    def post_page(self, url: str, stored: StoredPage | None) -> Response | FetchError:
        """A post page (runs in worker threads: the network part only, nothing stored)."""
        validators = stored.validators if stored is not None else None
        try:
            resp = self.ctx.fetcher.get(url, kind="page", validators=validators or None)
        except FetchError as exc:
            return exc
        return off_site(self.ctx, url, resp) or resp

    def check_page(self, url: str) -> Response:
        """What the public blog answers for one post now: stored on 200 and on 404/410.
        Raises FetchError."""
        resp = self.ctx.fetcher.get(url, kind="page")
        refused = off_site(self.ctx, url, resp)
        if refused is not None:
            raise refused
        if self.ctx.archive is not None:
            if resp.status in (404, 410):
                self.ctx.archive.put_page(url, resp.status, resp.headers, b"", "post")
            elif resp.status == 200:
                self.ctx.archive.put_page(url, resp.status, resp.headers, resp.body, "post")
        return resp
