"""Phase 2 of the redirect map: find where each Tistory post was published on Naver.

``resolve`` lists the Naver blog's posts through a ``Fetcher`` (the paged post-list JSON,
best effort; the RSS feed, always, because it carries body text; and/or the user's
``--naver-urls`` file), fetches the mobile page of a post that came without text (its date
line names the original), lets ``redirects.match`` pair them with the archive's posts (by the
original URL, then by unique title, never by date) and adds the new pairs to the stored map
(``redirects.store``). ``verify=True`` fetches each matched public post and compares image
count and text length with the archive, normalized the export's way
(``normalize.normalize_post``), listing posts whose images did not all make it.
See docs/design.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tistory_migrate.errors import FetchError, NothingToDo, UsageError
from tistory_migrate.i18n import Message, _, msg
from tistory_migrate.models import Post, post_id_sort_key
from tistory_migrate.normalize import normalize_post
from tistory_migrate.pasteprobe import is_probe_title
from tistory_migrate.redirects import naver_pages as nl
from tistory_migrate.redirects.forms import post_paths
from tistory_migrate.redirects.match import URL_IN_TEXT, match_posts, open_posts
from tistory_migrate.redirects.store import RedirectEntry, RedirectMap, add_entries, load_map
from tistory_migrate.report import Match, ResolveReport, Verified
from tistory_migrate.settings import NaverSettings

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.archive import Archive
    from tistory_migrate.fetch import Fetcher

LIST_URL = "https://blog.naver.com/PostTitleListAsync.naver?blogId={id}&currentPage={n}&countPerPage={size}"
RSS_URL = "https://rss.blog.naver.com/{id}.xml"
MOBILE_URL = "https://m.blog.naver.com/{id}/{log_no}"
MAX_LIST_PAGES = 2000  # 60,000 posts at 30 a page: a bound against a list that never ends
# Flag a published post whose text is shorter than this share of the original's. The Naver
# copy adds the date line and loses nothing else when pasted whole, so a big gap means a
# truncated paste; small differences (spaces, captions) are normal.
TEXT_SHORT_RATIO = 0.7


@dataclass
class _Candidate:
    post: nl.NaverPost
    page: nl.NaverPostPage | None = None  # the fetched mobile page, reused by verify


# -- gathering the Naver posts ---------------------------------------------------------------


def _blog_id(value: str | None) -> str | None:
    """``ID`` or ``https://blog.naver.com/ID`` (what people paste) -> ``ID``."""
    if not value:
        return None
    v = value.strip()
    m = re.match(r"^(?:https?://)?(?:m\.)?blog\.naver\.com/([A-Za-z0-9_-]+)/?(?:[?#].*)?$", v)
    if m:
        v = m.group(1)
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", v):
        raise UsageError(_("--naver-blog {value} is not a Naver blog id.").format(value=repr(value)),
                         hint=_("Give the id from your blog address: blog.naver.com/ID."))
    return v


def _add(found: dict[tuple[str, str], _Candidate], post: nl.NaverPost) -> None:
    key = (post.blog_id.lower(), post.log_no)
    have = found.get(key)
    if have is None:
        found[key] = _Candidate(post)
        return
    old = have.post
    old.title = old.title or post.title
    old.text = old.text or post.text
    old.open_type = old.open_type if old.open_type is not None else post.open_type
    old.sources += [s for s in post.sources if s not in old.sources]


def _list_posts(fetcher: "Fetcher", blog_id: str, page_size: int, report: ResolveReport) -> list[nl.NaverPost]:
    posts: list[nl.NaverPost] = []
    seen: set[str] = set()
    for n in range(1, MAX_LIST_PAGES + 1):
        url = LIST_URL.format(id=blog_id, n=n, size=page_size)
        try:
            resp = fetcher.get(url)
            if resp.status != 200:
                raise FetchError(url, f"HTTP {resp.status}", status=resp.status)
            page = nl.parse_post_list(resp.text, blog_id)
        except (FetchError, ValueError) as exc:
            reason = _reason(exc)
            report.sources["list"] = msg("failed on page {n}: {reason}", n=n, reason=reason)
            report.warnings.append(msg("Naver's post list could not be read ({reason}); using the RSS feed "
                                       "(latest posts only) and --naver-urls instead.", reason=reason))
            return posts
        if not page.ok:
            report.sources["list"] = msg("refused (resultCode {code})", code=page.result_code)
            report.warnings.append(msg("Naver refused the post list request; using the RSS feed (latest posts only) "
                                       "and --naver-urls instead."))
            return posts
        new = [p for p in page.posts if p.log_no not in seen]
        seen.update(p.log_no for p in new)
        posts += new
        if not new or len(seen) >= page.total_count:
            break
    report.sources["list"] = msg("ok: {n} post(s)", n=len(posts))
    return posts


def _reason(exc: Exception) -> Message:
    """Why a request or a page failed, as a message: a ``FetchError``'s reason (its message when
    it carries one), or what ``naver_pages`` said (a ``ValueError`` holding a ``Message``)."""
    if isinstance(exc, FetchError):
        carried = getattr(exc, "reason_message", None)
        return carried if isinstance(carried, Message) else Message.text(exc.reason)
    said = exc.args[0] if exc.args else None
    return said if isinstance(said, Message) else Message.text(str(exc))


def _rss_posts(fetcher: "Fetcher", blog_id: str, report: ResolveReport) -> list[nl.NaverPost]:
    url = RSS_URL.format(id=blog_id)
    try:
        resp = fetcher.get(url)
        if resp.status != 200:
            raise FetchError(url, f"HTTP {resp.status}", status=resp.status)
        posts = nl.parse_rss(resp.body, blog_id)
    except FetchError as exc:
        reason = _reason(exc)
        report.sources["rss"] = msg("failed: {reason}", reason=reason)
        report.warnings.append(msg("The blog's RSS feed could not be read ({reason}).", reason=reason))
        return []
    report.sources["rss"] = msg("ok: {n} post(s)", n=len(posts))
    return posts


def _file_posts(path: Path, report: ResolveReport) -> list[nl.NaverPost]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(_("--naver-urls {path} cannot be read ({error}).").format(path=path, error=exc),
                         hint=_("Give a UTF-8 text file with one Naver post address per line.")) from None
    posts = []
    for line in nl.parse_urls_file(text):
        if line.key is None:
            report.warnings.append(msg("{path}:{line}: not a Naver post address: {text}", path=str(path),
                                       line=line.lineno, text=repr(line.raw.strip())))
            continue
        # The second column is a title, or the original Tistory address of the post: either
        # way it is text the matcher can read.
        is_url = bool(URL_IN_TEXT.match(line.title))
        posts.append(nl.NaverPost(blog_id=line.key.blog_id, log_no=line.key.log_no,
                                  title="" if is_url else line.title,
                                  text=f"원문: {line.title}" if is_url else None, sources=["file"]))
    report.sources["file"] = msg("ok: {n} address(es)", n=len(posts))
    return posts


def _fetch_page(fetcher: "Fetcher", cand: _Candidate) -> nl.NaverPostPage | None:
    if cand.page is not None:
        return cand.page
    url = MOBILE_URL.format(id=cand.post.blog_id, log_no=cand.post.log_no)
    try:
        resp = fetcher.get(url)
    except FetchError:
        return None
    if resp.status != 200:
        return None
    cand.page = nl.parse_post_page(resp.text)
    if cand.page.found_body:
        cand.post.text = cand.page.text
        cand.post.title = cand.post.title or cand.page.title
        if "page" not in cand.post.sources:
            cand.post.sources.append("page")
    return cand.page


# -- matching and storing ---------------------------------------------------------------------


def resolve(archive: "Archive", fetcher: "Fetcher", *, naver_blog: str | None,
            naver_urls_file: Path | str | None = None, verify: bool = False, page_size: int = 30,
            naver: NaverSettings | None = None) -> ResolveReport:
    """Match the Naver blog's posts to the archive's; store the map; optionally verify."""
    naver = naver or NaverSettings()
    blog_id = _blog_id(naver_blog)
    if not blog_id and not naver_urls_file:
        raise UsageError(_("Say which Naver blog to look at."),
                         hint=_("Use --naver-blog ID (from blog.naver.com/ID), or --naver-urls FILE with one address per line."))
    blog = archive.get_blog()
    if blog is None:
        raise UsageError(_("The archive has no blog information yet."), hint=_("Run `tistory-migrate scrape` into it first."))
    report = ResolveReport(naver_blog=blog_id)
    posts = [p for p in archive.iter_posts() if not p.skipped()]
    by_id = {p.id: p for p in posts}
    stored = load_map(archive)

    found: dict[tuple[str, str], _Candidate] = {}
    if blog_id:
        for p in _list_posts(fetcher, blog_id, page_size, report):
            _add(found, p)
        for p in _rss_posts(fetcher, blog_id, report):
            _add(found, p)
    if naver_urls_file:
        for p in _file_posts(Path(naver_urls_file), report):
            _add(found, p)
    if not found and not stored.entries:
        raise NothingToDo(_("No post of the Naver blog could be listed, so nothing can be matched."),
                          hint=_("Check the blog id, or list your published posts in a file and pass it with --naver-urls FILE."))

    report.kept = _kept(stored, by_id)
    used_urls = {e.new_url for e in stored.entries.values()}
    # The published paste probe (pasteprobe) is ours, not a copy of a post: never matched.
    naver_posts = [c.post for _key, c in sorted(found.items()) if not is_probe_title(c.post.title)]
    if len(report.kept) < len(posts):  # posts are left to match: read the date line of those without text
        open_urls = {n.url for n in open_posts(naver_posts, used_urls)}
        for _key, cand in sorted(found.items()):
            if cand.post.url in open_urls and not cand.post.text:
                _fetch_page(fetcher, cand)
    matching = match_posts(posts, blog.hosts(), naver_posts, kept={m.post_id for m in report.kept},
                           used_urls=used_urls, date_line=naver.date_line, max_title_chars=naver.max_title_chars)
    report.matched, report.ambiguous = matching.matched, matching.ambiguous
    report.unmatched, report.naver_unmatched = matching.unmatched, matching.naver_unmatched

    by_url = {c.post.url: c for c in found.values()}
    if report.matched:
        add_entries(archive, {m.post_id: RedirectEntry(m.new_url, m.method, m.naver_title,
                                                       tuple(by_url[m.new_url].post.sources),
                                                       post_paths(by_id[m.post_id]).slug)
                              for m in report.matched})

    if verify:
        hosts = blog.hosts()
        for m in sorted(report.kept + report.matched, key=lambda m: post_id_sort_key(m.post_id)):
            cand = by_url.get(m.new_url)
            if cand is not None and not cand.post.public:
                continue  # only published (public) posts can be checked from outside
            if cand is None:
                key = nl.parse_naver_url(m.new_url)
                if key is None:
                    continue
                cand = _Candidate(nl.NaverPost(key.blog_id, key.log_no))
            report.verified.append(_verify_one(fetcher, cand, by_id[m.post_id], hosts, m.new_url))
    return report


def _kept(stored: RedirectMap, by_id: dict[str, Post]) -> list[Match]:
    """The posts the stored map already sends somewhere (earlier runs, or by hand), in post order."""
    return [Match(pid, by_id[pid].title, e.new_url, e.method, e.naver_title)
            for pid, e in sorted(stored.entries.items(), key=lambda item: post_id_sort_key(item[0]))
            if pid in by_id and e.new_url]


def _verify_one(fetcher: "Fetcher", cand: _Candidate, post: Post, hosts: list[str], new_url: str) -> Verified:
    try:
        body = normalize_post(post, hosts)
    except (RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        # One post whose body the normalizer cannot convert is reported, not the end of --verify
        # (the export leaves it out the same way: exporters.isolation).
        result = Verified(post.id, post.title, new_url, 0, None, 0, None)
        error = f"{type(exc).__name__}: {exc}"[:300]
        # TRANSLATORS: --verify on one post; {error} is the program's own error text.
        result.problems.append(msg("its body could not be converted ({error})", error=error))
        return result
    want_images = len(body.images)
    want_text = len(_compact(body.text))
    result = Verified(post.id, post.title, new_url, want_images, None, want_text, None)
    page = _fetch_page(fetcher, cand)
    if page is None:
        result.problems.append(msg("the Naver post page could not be loaded"))
        return result
    if not page.found_body:
        result.problems.append(msg("no post body found on the Naver page"))
        return result
    result.naver_images = page.image_count
    result.naver_text = len(_compact(page.text))
    if page.image_count < want_images:
        result.problems.append(msg("images missing: {found} of {want} on Naver", found=page.image_count,
                                   want=want_images))
    if want_text and result.naver_text < want_text * TEXT_SHORT_RATIO:
        result.problems.append(msg("text shorter: {found} of {want} characters on Naver", found=result.naver_text,
                                   want=want_text))
    return result


def _compact(text: str) -> str:
    # Spaces and line breaks change when HTML is pasted into SmartEditor; letters do not.
    return re.sub(r"\s+", "", text or "")
