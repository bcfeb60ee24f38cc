"""Phase 2 of the redirect map: find where each Tistory post was published on Naver.

``resolve`` lists the Naver blog's posts through a ``Fetcher`` (the paged post-list JSON,
best effort; the RSS feed, always, because it carries body text; and/or the user's
``--naver-urls`` file), then matches them to the archive's posts:

1. by the original URL in the original-date line the Naver export writes into every body
   ("원문: 2019-12-13 · https://x.tistory.com/123 (티스토리에서 옮긴 글)"): the RSS
   description carries it for the latest posts, the mobile post page for the others;
2. else by exact normalized title, only when the title is unique among the archive's posts
   and among the Naver posts.

Never by date: Naver has no backdating (every post is dated the day it was pasted), so a
date says nothing about which original it is. Earlier matches are kept (re-runnable): a
post already in the stored map is never matched again and its Naver post is not reused.
``verify=True`` fetches each matched public post and compares image count and text length
with the archive, listing posts whose images did not all make it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tistory_migrate.redirects import naver_pages as nl
from tistory_migrate import urls
from tistory_migrate.redirects.forms import post_paths
from tistory_migrate.redirects.store import RedirectEntry, add_entries, load_map
from tistory_migrate.errors import FetchError, NothingToDo, UsageError
from tistory_migrate.models import SKIP_STATUSES, BlogInfo, Post, post_id_sort_key
from tistory_migrate.settings import NaverSettings

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.archive import Archive
    from tistory_migrate.fetch.http import Fetcher

LIST_URL = "https://blog.naver.com/PostTitleListAsync.naver?blogId={id}&currentPage={n}&countPerPage={size}"
RSS_URL = "https://rss.blog.naver.com/{id}.xml"
MOBILE_URL = "https://m.blog.naver.com/{id}/{log_no}"
MAX_LIST_PAGES = 2000  # 60,000 posts at 30 a page: a bound against a list that never ends
# Flag a published post whose text is shorter than this share of the original's. The Naver
# copy adds the date line and loses nothing else when pasted whole, so a big gap means a
# truncated paste; small differences (spaces, captions) are normal.
TEXT_SHORT_RATIO = 0.7

_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+")


@dataclass
class Match:
    post_id: str
    title: str
    new_url: str
    method: str  # original-url | title  (kept entries keep the method they were found by)
    naver_title: str = ""


@dataclass
class Unmatched:
    post_id: str
    title: str
    url: str
    reason: str  # "not found on Naver" | "title not unique: …" | "original URL on several Naver posts"
    candidates: list[str] = field(default_factory=list)


@dataclass
class Verified:
    post_id: str
    title: str
    new_url: str
    archive_images: int
    naver_images: int | None
    archive_text: int
    naver_text: int | None
    problems: list[str] = field(default_factory=list)

    @property
    def missing_images(self) -> bool:
        return self.naver_images is not None and self.naver_images < self.archive_images


@dataclass
class ResolveReport:
    naver_blog: str | None
    matched: list[Match] = field(default_factory=list)  # new this run
    kept: list[Match] = field(default_factory=list)  # from earlier runs
    unmatched: list[Unmatched] = field(default_factory=list)
    ambiguous: list[Unmatched] = field(default_factory=list)
    naver_unmatched: list[dict] = field(default_factory=list)  # Naver posts no original was found for
    sources: dict[str, str] = field(default_factory=dict)  # list | rss | file -> what happened
    warnings: list[str] = field(default_factory=list)
    verified: list[Verified] = field(default_factory=list)

    @property
    def missing_images(self) -> list[Verified]:
        return [v for v in self.verified if v.missing_images]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["missing_images"] = [v.post_id for v in self.missing_images]
        return data


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
        raise UsageError(f"--naver-blog {value!r} is not a Naver blog id.",
                         hint="Give the id from your blog address: blog.naver.com/ID.")
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
            reason = exc.reason if isinstance(exc, FetchError) else str(exc)
            report.sources["list"] = f"failed on page {n}: {reason}"
            report.warnings.append(f"Naver's post list could not be read ({reason}); using the RSS feed "
                                   "(latest posts only) and --naver-urls instead.")
            return posts
        if not page.ok:
            report.sources["list"] = f"refused (resultCode {page.result_code})"
            report.warnings.append("Naver refused the post list request; using the RSS feed (latest posts only) "
                                   "and --naver-urls instead.")
            return posts
        new = [p for p in page.posts if p.log_no not in seen]
        seen.update(p.log_no for p in new)
        posts += new
        if not new or len(seen) >= page.total_count:
            break
    report.sources["list"] = f"ok: {len(posts)} post(s)"
    return posts


def _rss_posts(fetcher: "Fetcher", blog_id: str, report: ResolveReport) -> list[nl.NaverPost]:
    url = RSS_URL.format(id=blog_id)
    try:
        resp = fetcher.get(url)
        if resp.status != 200:
            raise FetchError(url, f"HTTP {resp.status}", status=resp.status)
        posts = nl.parse_rss(resp.body, blog_id)
    except FetchError as exc:
        report.sources["rss"] = f"failed: {exc.reason}"
        report.warnings.append(f"The blog's RSS feed could not be read ({exc.reason}).")
        return []
    report.sources["rss"] = f"ok: {len(posts)} post(s)"
    return posts


def _file_posts(path: Path, report: ResolveReport) -> list[nl.NaverPost]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--naver-urls {path} cannot be read ({exc}).",
                         hint="Give a UTF-8 text file with one Naver post address per line.") from None
    posts = []
    for line in nl.parse_urls_file(text):
        if line.key is None:
            report.warnings.append(f"{path}:{line.lineno}: not a Naver post address: {line.raw.strip()!r}")
            continue
        # The second column is a title, or the original Tistory address of the post: either
        # way it is text the matcher can read.
        is_url = bool(_URL.match(line.title))
        posts.append(nl.NaverPost(blog_id=line.key.blog_id, log_no=line.key.log_no,
                                  title="" if is_url else line.title,
                                  text=f"원문: {line.title}" if is_url else None, sources=["file"]))
    report.sources["file"] = f"ok: {len(posts)} address(es)"
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


# -- matching --------------------------------------------------------------------------------


class _OriginalIndex:
    """Finds the archive post an old Tistory URL names (any host of the blog, any form)."""

    def __init__(self, blog: BlogInfo, posts: list[Post]):
        self.hosts = {_bare(h) for h in blog.hosts()}
        self.by_id = {p.id: p.id for p in posts}
        self.by_slug: dict[str, str] = {}
        for p in posts:
            slug = post_paths(p).slug
            if slug:
                self.by_slug[slug] = p.id

    def post_for(self, url: str) -> str | None:
        url = url.rstrip(".,;:·…")
        info = urls.classify(url)
        if _bare(info.host) not in self.hosts or not info.is_post:
            return None
        if info.id:
            return self.by_id.get(info.id)
        if info.slug:
            return self.by_slug.get(unicodedata.normalize("NFC", info.slug))
        return None


def _bare(host: str) -> str:
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host


def _markers(date_line: str) -> list[str]:
    """Words that mark the original-date line: the fixed text around {date}/{url} in the
    setting, plus the default wording (a changed setting must not orphan older posts)."""
    words = {"원문", "티스토리에서 옮긴 글"}
    for piece in re.split(r"\{[a-z]+\}", date_line or ""):
        piece = piece.strip(" ·:-()[]|,")
        if len(piece) >= 2:
            words.add(piece)
    return sorted(words)


def original_post(text: str | None, index: _OriginalIndex, markers: list[str]) -> str | None:
    """The archive post id named by the original-date line in ``text``, if any.

    Only URLs on a line carrying the date-line wording count: a plain link to another old
    post inside the body must never make a match.
    """
    if not text:
        return None
    for line in text.splitlines():
        if not any(m in line for m in markers):
            continue
        for url in _URL.findall(line):
            pid = index.post_for(url)
            if pid:
                return pid
    return None


def _title_keys(title: str, max_chars: int) -> set[str]:
    keys = {nl.normalize_title(title)}
    if max_chars and len(title) > max_chars:
        keys.add(nl.normalize_title(title[:max_chars]))  # the Naver export trims long titles
    keys.discard("")
    return keys


def resolve(archive: "Archive", fetcher: "Fetcher", *, naver_blog: str | None,
            naver_urls_file: Path | str | None = None, verify: bool = False, page_size: int = 30,
            naver: NaverSettings | None = None) -> ResolveReport:
    """Match the Naver blog's posts to the archive's; store the map; optionally verify."""
    naver = naver or NaverSettings()
    blog_id = _blog_id(naver_blog)
    if not blog_id and not naver_urls_file:
        raise UsageError("Say which Naver blog to look at.",
                         hint="Use --naver-blog ID (from blog.naver.com/ID), or --naver-urls FILE with one address per line.")
    blog = archive.get_blog()
    if blog is None:
        raise UsageError("The archive has no blog information yet.", hint="Run `tistory-migrate scrape` into it first.")
    report = ResolveReport(naver_blog=blog_id)
    posts = [p for p in archive.iter_posts() if p.status not in SKIP_STATUSES]
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
        raise NothingToDo("No post of the Naver blog could be listed, so nothing can be matched.",
                          hint="Check the blog id, or list your published posts in a file and pass it with --naver-urls FILE.")

    used_urls = {e.new_url for e in stored.entries.values()}
    for pid in sorted(stored.entries, key=post_id_sort_key):
        entry = stored.entries[pid]
        if pid in by_id and entry.new_url:
            report.kept.append(Match(pid, by_id[pid].title, entry.new_url, entry.method, entry.naver_title))
    done = {m.post_id for m in report.kept}
    open_cands = [c for key, c in sorted(found.items()) if c.post.url not in used_urls]

    # 1. by the original URL in the date line (fetch the post page when no text came with it)
    index = _OriginalIndex(blog, posts)
    markers = _markers(naver.date_line)
    claims: dict[str, list[_Candidate]] = {}
    for cand in open_cands:
        if not cand.post.text and len(done) < len(posts):
            _fetch_page(fetcher, cand)
        pid = original_post(cand.post.text, index, markers)
        if pid and pid not in done:
            claims.setdefault(pid, []).append(cand)
    taken: set[str] = set()
    ambiguous_ids: dict[str, Unmatched] = {}
    for pid in sorted(claims, key=post_id_sort_key):
        cands = claims[pid]
        if len(cands) > 1:
            ambiguous_ids[pid] = Unmatched(pid, by_id[pid].title, by_id[pid].url, "original URL on several Naver posts",
                                           sorted(c.post.url for c in cands))
            taken.update(c.post.url for c in cands)  # the user decides which copy stays
            continue
        cand = cands[0]
        report.matched.append(Match(pid, by_id[pid].title, cand.post.url, "original-url", cand.post.title))
        done.add(pid)
        taken.add(cand.post.url)

    # 2. by exact normalized title, unique on both sides (counted over all posts, matched or not)
    archive_titles: dict[str, list[str]] = {}
    for p in posts:
        for key in _title_keys(p.title, naver.max_title_chars):
            archive_titles.setdefault(key, []).append(p.id)
    naver_titles: dict[str, list[_Candidate]] = {}
    for c in found.values():
        key = nl.normalize_title(c.post.title)
        if key:
            naver_titles.setdefault(key, []).append(c)
    for p in posts:
        if p.id in done or p.id in ambiguous_ids:
            continue
        keys = _title_keys(p.title, naver.max_title_chars)
        cands = [c for k in sorted(keys) for c in naver_titles.get(k, [])]
        owners = {pid for k in keys for pid in archive_titles.get(k, [])}
        if not cands:
            continue
        if len(cands) > 1 or len(owners) > 1:
            what = "several Naver posts" if len(cands) > 1 else "several posts of the old blog"
            ambiguous_ids[p.id] = Unmatched(p.id, p.title, p.url, f"title not unique ({what} have it)",
                                            sorted(c.post.url for c in cands))
            continue
        cand = cands[0]
        if cand.post.url in taken or cand.post.url in used_urls:
            continue
        report.matched.append(Match(p.id, p.title, cand.post.url, "title", cand.post.title))
        done.add(p.id)
        taken.add(cand.post.url)

    report.ambiguous = [ambiguous_ids[k] for k in sorted(ambiguous_ids, key=post_id_sort_key)]
    report.unmatched = [Unmatched(p.id, p.title, p.url, "not found on Naver") for p in posts
                        if p.id not in done and p.id not in ambiguous_ids]
    report.naver_unmatched = [{"url": c.post.url, "title": c.post.title, "sources": list(c.post.sources)}
                              for _, c in sorted(found.items()) if c.post.url not in taken and c.post.url not in used_urls]

    by_url = {c.post.url: c for c in found.values()}
    if report.matched:
        add_entries(archive, {m.post_id: RedirectEntry(m.new_url, m.method, m.naver_title,
                                                       tuple(by_url[m.new_url].post.sources),
                                                       post_paths(by_id[m.post_id]).slug)
                              for m in report.matched})

    if verify:
        for m in sorted(report.kept + report.matched, key=lambda m: post_id_sort_key(m.post_id)):
            cand = by_url.get(m.new_url)
            if cand is not None and not cand.post.public:
                continue  # only published (public) posts can be checked from outside
            if cand is None:
                key = nl.parse_naver_url(m.new_url)
                if key is None:
                    continue
                cand = _Candidate(nl.NaverPost(key.blog_id, key.log_no))
            report.verified.append(_verify_one(fetcher, cand, by_id[m.post_id], archive, m.new_url))
    return report


def _verify_one(fetcher: "Fetcher", cand: _Candidate, post: Post, archive: "Archive", new_url: str) -> Verified:
    from tistory_migrate.exporters.runner import blog_hosts
    from tistory_migrate.normalize import normalize_body

    body = normalize_body(post.body_raw or "", page_url=post.url, blog_hosts=blog_hosts(archive))
    want_images = len(body.images)
    want_text = len(_compact(body.text))
    result = Verified(post.id, post.title, new_url, want_images, None, want_text, None)
    page = _fetch_page(fetcher, cand)
    if page is None:
        result.problems.append("the Naver post page could not be loaded")
        return result
    if not page.found_body:
        result.problems.append("no post body found on the Naver page")
        return result
    result.naver_images = page.image_count
    result.naver_text = len(_compact(page.text))
    if page.image_count < want_images:
        result.problems.append(f"images missing: {page.image_count} of {want_images} on Naver")
    if want_text and result.naver_text < want_text * TEXT_SHORT_RATIO:
        result.problems.append(f"text shorter: {result.naver_text} of {want_text} characters on Naver")
    return result


def _compact(text: str) -> str:
    # Spaces and line breaks change when HTML is pasted into SmartEditor; letters do not.
    return re.sub(r"\s+", "", text or "")
