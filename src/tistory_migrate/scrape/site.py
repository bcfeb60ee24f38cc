"""Step 1: is the address a reachable Tistory blog? The first page decides, and tells the
blog's name, title and hosts (merged with what an earlier run learnt)."""

from __future__ import annotations

from dataclasses import dataclass

from tistory_migrate import urls
from tistory_migrate.discover.totals import sidebar_total
from tistory_migrate.errors import FetchError, NothingToDo, NotTistory, RobotsBlocked, Unreachable, UsageError
from tistory_migrate.extract.site import blog_info_from_page, is_tistory_page
from tistory_migrate.fetch.response import Response
from tistory_migrate.i18n import N_, _
from tistory_migrate.models import BlogInfo
from tistory_migrate.scrape import ScrapeContext
from tistory_migrate.scrape.pages import PageSource, check_blocked, host_of

# URL kinds that name one post (urls.classify); the others are lists or the blog itself.
POST_URL_KINDS = ("post", "entry", "mobile", "notice", "page")
EXAMPLE = N_("Example: tistory-migrate scrape https://NAME.tistory.com -o archive")


@dataclass
class Site:
    """The blog being scraped, and what the given address points at."""

    url: str  # the address as given, with a scheme
    base: str  # https://NAME.tistory.com or the custom domain, no trailing slash
    target: urls.UrlInfo  # what the address is: the blog, a list, one post
    first: Response  # the first page fetched
    blog: BlogInfo

    @property
    def one_post(self) -> bool:
        return self.target.kind in POST_URL_KINDS


def parse_address(url: str) -> tuple[str, str]:
    """(the address with a scheme, the blog's base URL); a usage error when it is none."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise UsageError(_("'{url}' is not a web address tistory-migrate can read (only http and https).").format(url=url),
                         hint=_(EXAMPLE))
    try:
        base = urls.blog_base(url)
    except ValueError:
        base = ""
    if not base or "." not in base.split("://", 1)[1]:
        raise UsageError(_("'{url}' does not look like a blog address.").format(url=url), hint=_(EXAMPLE))
    return url, base


def open_site(url: str, base: str, pages: PageSource, ctx: ScrapeContext) -> Site:
    """Fetch the first page (the post itself for a post address, else the front page) and
    decide whether this is a reachable Tistory blog at all. Stores the blog and the page.
    ``url`` and ``base`` are what :func:`parse_address` made of the address."""
    target = urls.classify(url, base)
    one_post = target.kind in POST_URL_KINDS
    first_url = url if one_post else base + "/"
    try:
        resp = ctx.fetcher.get(first_url, kind="page")
    except RobotsBlocked:
        raise NothingToDo(_("The blog's robots.txt forbids reading {url}.").format(url=first_url),
                          hint=_("If this is your own blog, run again with --ignore-robots.")) from None
    except FetchError as exc:
        raise Unreachable(_("Could not reach {url}: {reason}.").format(url=first_url, reason=exc.reason_message.render()),
                          hint=_("Check the address and your internet connection, then run the same command again.")) from None
    if resp.status >= 400 and not one_post:
        raise Unreachable(_("{url} answered HTTP {status}, so there is no blog to read there.")
                          .format(url=first_url, status=resp.status),
                          hint=_("Check the address (it looks like https://NAME.tistory.com)."))
    text = resp.text
    check_blocked(text, first_url)
    if resp.status < 400 and not is_tistory_page(text):
        raise NotTistory(_("{url} is not a Tistory blog.").format(url=first_url),
                         hint=_("tistory-migrate reads blogs hosted by Tistory (NAME.tistory.com or a custom domain "
                                "pointing to Tistory). Check the address."))
    blog = _blog_info(ctx, text, resp.final_url or first_url, base)
    ctx.blog_total = sidebar_total(text)
    ctx.blog = blog
    final_host = host_of(resp.final_url or first_url)
    if resp.status < 400 and final_host:
        ctx.seen_hosts.add(final_host)  # the blog's own page: its post pages may end there too
    if ctx.archive is not None:
        ctx.archive.set_blog(blog)
        ctx.archive.put_page(first_url, resp.status, resp.headers, resp.body, "post" if one_post else "list")
    ctx.report.blog_title = blog.title
    ctx.report.base_url = blog.base_url
    if resp.status == 200:
        pages.keep_first(first_url, resp)
    return Site(url=url, base=base, target=target, first=resp, blog=blog)


def _blog_info(ctx: ScrapeContext, text: str, url: str, base: str) -> BlogInfo:
    info = blog_info_from_page(text, url)
    info.base_url = base
    info.host = base.split("://", 1)[1]
    info.custom_domain = not info.host.endswith(".tistory.com")
    if not info.custom_domain:
        info.tistory_host = info.host
        info.name = info.name or info.host.split(".")[0]
    elif info.name and not info.tistory_host:
        info.tistory_host = f"{info.name}.tistory.com"
    old = ctx.archive.get_blog() if ctx.archive is not None else None
    if old:  # keep what an earlier run learnt (a title seen on the home page)
        for attr in ("title", "blog_id", "name", "author", "description", "tistory_host"):
            if getattr(info, attr) in (None, "") and getattr(old, attr):
                setattr(info, attr, getattr(old, attr))
    return info
