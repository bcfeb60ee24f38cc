"""The scrape pipeline: the only module that knows the order of the stages.

    discovery (front list, /category, each category, /notice, /rss, /sitemap.xml)
      -> id probing for the gaps the other sources leave
      -> each post page: fetch, store the page, extract, store the post
      -> each image/attachment original: download in worker threads, store by content hash

Resuming is the default: stored posts whose media are all recorded are not fetched again
(``--refresh`` does), while discovery pages are always re-checked (conditional requests) so
new posts are found. All archive writes happen in this thread; media downloads run in a small
thread pool and their results are written here, so a crash never leaves half a record.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote
from typing import Any, Callable, Iterable, Protocol

from tistory_migrate import urls
from tistory_migrate.archive import SPOOL_DIR, Archive
from tistory_migrate.errors import Blocked, FetchError, NothingToDo, NotTistory, RobotsBlocked, Unreachable, UsageError
from tistory_migrate.scrape.media import Download, download, store, write_file
from tistory_migrate.scrape.discovery import Discovery
from tistory_migrate.models import BlogInfo, MediaRef, Post, PostRef
from tistory_migrate.report import ScrapeReport
from tistory_migrate.fetch.response import Response
from tistory_migrate.settings import Settings

POST_KINDS = ("post", "entry", "mobile", "notice", "page")
# Reasons extract.parse_post_page gives when a page is a post but a mandatory field is missing.
MANDATORY_MISSING = ("no title", "no numeric post id")


class Progress(Protocol):
    def start(self, task: str, description: str, total: int | None = None) -> None: ...
    def advance(self, task: str, n: int = 1) -> None: ...
    def total(self, task: str, total: int) -> None: ...
    def note(self, message: str) -> None: ...


class NullProgress:
    def start(self, task: str, description: str, total: int | None = None) -> None:
        pass

    def advance(self, task: str, n: int = 1) -> None:
        pass

    def total(self, task: str, total: int) -> None:
        pass

    def note(self, message: str) -> None:
        pass


@dataclass
class ScrapeOptions:
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


class Scraper:
    def __init__(self, fetcher: Any, settings: Settings, options: ScrapeOptions,
                 progress: Progress | None = None, clock: Callable[[], float] = time.monotonic):
        self.fetcher = fetcher
        self.settings = settings
        self.options = options
        self.progress = progress or NullProgress()
        self.archive: Archive | None = None
        self.report = ScrapeReport(target=options.url or "", mode="dry-run" if options.dry_run else "scrape")
        self.blog: BlogInfo | None = None
        self._clock = clock
        self._pool: ThreadPoolExecutor | None = None
        self._pending: dict[Future, MediaRef] = {}
        self._inflight: set[str] = set()  # media identities being downloaded right now
        self._media_submitted = 0
        self._probing = False
        self._front_complete = False
        self._prefetched: dict[str, Response] = {}
        self._backup_ids: set[str] = set()  # posts a --backup will supply, with their files

    # -- fetching helpers ---------------------------------------------------------------------
    def fetch_discovery(self, url: str, kind: str) -> Response | None:
        """Fetch a discovery page, conditionally when the archive holds it; store it."""
        early = self._prefetched.pop(url, None)
        if early is not None:  # the first page, already fetched to check the site
            return early
        stored = self.archive.get_page(url) if self.archive else None
        validators = stored.validators if stored and not self.options.refresh else None
        try:
            resp = self.fetcher.get(url, kind="page", validators=validators or None)
        except RobotsBlocked as exc:
            self.report.warnings.append(f"{url}: {exc.reason}")
            return None
        except FetchError as exc:
            self.report.failed.append({"id": None, "url": url, "reason": exc.reason, "what": kind})
            return None
        if resp.status == 304 and stored is not None:
            return Response(url=url, final_url=url, status=stored.status, headers=stored.headers, body=stored.body)
        if self.archive is not None and resp.status == 200:
            self.archive.put_page(url, resp.status, resp.headers, resp.body, kind)
        return resp

    def check_blocked(self, text: str, url: str) -> None:
        from tistory_migrate.extract.site import is_blocked

        if is_blocked(text):
            raise Blocked(f"Tistory answered {url} with a block, captcha or login page instead of the blog.",
                          hint="Wait a while (an hour is usually enough) and run the same command again: "
                               "it resumes where it stopped.")

    # -- the run ------------------------------------------------------------------------------
    def run(self) -> ScrapeReport:
        started = self._clock()
        opts = self.options
        if opts.reparse:
            return self._reparse(started)
        if not opts.url and not opts.backups:
            raise UsageError("Give the blog's address (or --backup PATH).",
                             hint="Example: tistory-migrate scrape https://NAME.tistory.com -o archive")
        if not opts.dry_run:
            self.archive = Archive.open(opts.archive, create=True)  # type: ignore[arg-type]
        try:
            if opts.url:
                if opts.backups and not opts.dry_run:
                    self._backup_ids = self._backup_numbers(opts.backups)
                self._scrape_url(opts.url)
            if opts.backups:
                self._ingest_backups()
            self._finish_report()
        finally:
            self._shutdown_pool()
            if self.archive is not None:
                self.report.duration_seconds = round(self._clock() - started, 3)
                if self.archive.conn.total_changes:  # a run refused before writing keeps the last report
                    self._store_report()
                self.archive.close()
        self.report.duration_seconds = round(self._clock() - started, 3)
        return self.report

    def _store_report(self) -> None:
        assert self.archive is not None
        try:
            self.report.requests = getattr(getattr(self.fetcher, "stats", None), "requests", 0) or getattr(self.fetcher, "requests", 0)
            self.report.requests_by_host = dict(getattr(getattr(self.fetcher, "stats", None), "by_host", {}) or
                                                getattr(self.fetcher, "requests_by_host", {}))
            self.archive.set_meta("report", self.report.to_dict())
        except Exception:  # pragma: no cover - a report must never hide the real error
            pass

    # -- URL scrape ---------------------------------------------------------------------------
    def _scrape_url(self, url: str) -> None:
        url = url.strip()
        if "://" not in url:
            url = "https://" + url
        scheme = url.split("://", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise UsageError(f"'{url}' is not a web address tistory-migrate can read (only http and https).",
                             hint="Example: tistory-migrate scrape https://NAME.tistory.com -o archive")
        try:
            base = urls.blog_base(url)
        except ValueError:
            base = ""
        if not base or "." not in base.split("://", 1)[1]:
            raise UsageError(f"'{url}' does not look like a blog address.",
                             hint="Example: tistory-migrate scrape https://NAME.tistory.com -o archive")
        info = urls.classify(url, base)
        self.progress.start("discover", "Finding posts")
        first = self._first_page(url if info.kind in POST_KINDS else base + "/", base, info)
        disc = Discovery(self)
        if info.kind in POST_KINDS:
            ref = PostRef(id=info.id or "", url=url if info.kind != "mobile" else urls.post_url(base, info.id or ""),
                          kind="notice" if info.kind == "notice" else ("page" if info.kind == "page" else "post"))
            disc.add(ref, "url")
            self._first_post_page = first
        elif info.kind in ("category", "tag") or self.options.category or self.options.tag:
            if self.options.category or info.kind == "category":
                target = url if info.kind == "category" else base + "/category/" + self.options.category.strip("/")  # type: ignore[union-attr]
                disc.walk(target, "category", full=True)
            if self.options.tag or info.kind == "tag":
                target = url if info.kind == "tag" else base + "/tag/" + self.options.tag  # type: ignore[operator]
                disc.walk(target, "tag", full=True)
        else:
            self._discover_all(disc, base)
        self.report.sources = self._source_counts(disc.refs.values())
        if self.archive is not None:
            self.archive.put_refs([r for r in disc.refs.values() if r.id])
            for r in disc.refs.values():  # their text is in the archive now; memory stays flat on big blogs
                if r.id:
                    r.title = r.summary = r.category_hint = None
        self._probing = info.kind not in POST_KINDS and info.kind not in ("category", "tag") \
            and not (self.options.category or self.options.tag) and self.options.limit is None \
            and not (self.options.since or self.options.until)
        refs = self._select(list(disc.refs.values()))
        if not refs and (self.archive is None or not self.archive.count_posts()):
            filtered = self.options.category or self.options.tag or self.options.since or self.options.until
            what = "no posts match these filters" if filtered else "no posts were found"
            raise NothingToDo(f"Nothing to do: {what} on {base} (its list pages, RSS feed and sitemap name none).",
                              hint="Check the address (and the --category/--tag/--since/--until filters). "
                                   "If the blog's posts are private, use its backup: --backup PATH.")
        if self.options.dry_run:
            self._dry_run_report(refs, self._probe_ids(disc) if self._probing else [], disc)
            return
        self._process(refs, disc)

    def _first_page(self, url: str, base: str, info: Any) -> Response:
        """Fetch the first page; decide whether this is a reachable Tistory blog at all."""
        from tistory_migrate.extract.site import is_tistory_page

        try:
            resp = self.fetcher.get(url, kind="page")
        except RobotsBlocked:
            raise NothingToDo(f"The blog's robots.txt forbids reading {url}.",
                              hint="If this is your own blog, run again with --ignore-robots.") from None
        except FetchError as exc:
            raise Unreachable(f"Could not reach {url}: {exc.reason}.",
                              hint="Check the address and your internet connection, then run the same command again.") from None
        if resp.status >= 400 and info.kind not in POST_KINDS:
            raise Unreachable(f"{url} answered HTTP {resp.status}, so there is no blog to read there.",
                              hint="Check the address (it looks like https://NAME.tistory.com).")
        text = resp.text
        self.check_blocked(text, url)
        if resp.status < 400 and not is_tistory_page(text):
            raise NotTistory(f"{url} is not a Tistory blog.",
                             hint="tistory-migrate reads blogs hosted by Tistory (NAME.tistory.com or a custom domain "
                                  "pointing to Tistory). Check the address.")
        self.blog = self._blog_info(text, resp.final_url or url, base)
        if self.archive is not None:
            self.archive.set_blog(self.blog)
            self.archive.put_page(url, resp.status, resp.headers, resp.body, "list" if info.kind not in POST_KINDS else "post")
        self.report.blog_title = self.blog.title
        self.report.base_url = self.blog.base_url
        if resp.status == 200:
            self._prefetched[url] = resp
        return resp

    def _blog_info(self, text: str, url: str, base: str) -> BlogInfo:
        from tistory_migrate.extract.site import blog_info_from_page

        info = blog_info_from_page(text, url)
        info.base_url = base
        info.host = base.split("://", 1)[1]
        info.custom_domain = not info.host.endswith(".tistory.com")
        if not info.custom_domain:
            info.tistory_host = info.host
            info.name = info.name or info.host.split(".")[0]
        elif info.name and not info.tistory_host:
            info.tistory_host = f"{info.name}.tistory.com"
        if self.archive is not None:
            old = self.archive.get_blog()
            if old:  # keep what an earlier run learnt (a title seen on the home page)
                for attr in ("title", "blog_id", "name", "author", "description", "tistory_host"):
                    if getattr(info, attr) in (None, "") and getattr(old, attr):
                        setattr(info, attr, getattr(old, attr))
        return info

    def _discover_all(self, disc: Discovery, base: str) -> None:
        sc = self.settings.scrape
        full = sc.full_list_walks
        # The first run walks the front list to its end. Once a run has done that, new posts
        # appear at the top of the list, so later runs stop at the first page with nothing new
        # (--refresh walks it all again).
        known = self.archive is not None and self.archive.get_meta("front_list_complete") and not self.options.refresh
        disc.walk(base + "/", "list", full=full or not known, stop_at_archived=bool(known) and not full)
        self._front_complete = disc.last_walk_complete and not known
        again = bool(known) and not full
        disc.walk(base + "/category", "category", full=full, stop_at_archived=again)
        if sc.category_lists:
            for cat in list(disc.category_urls):
                disc.walk(cat, "category", full=full, stop_at_archived=again)
        disc.walk(base + "/notice", "list", full=full, stop_at_archived=again)
        if sc.tag_lists:
            for tag in list(disc.tag_urls):
                disc.walk(tag, "tag", full=full)
        disc.rss(base)
        disc.sitemap(base)

    @staticmethod
    def _source_counts(refs: Iterable[PostRef]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for ref in refs:
            for src in ref.sources:
                counts[src] = counts.get(src, 0) + 1
        return dict(sorted(counts.items()))

    def _probe_ids(self, disc: Discovery) -> list[str]:
        if not self.settings.scrape.probe_ids:
            return []
        known = {int(r.id) for r in disc.refs.values() if r.id and r.id.isdigit()}
        if self.archive is not None:
            known |= {int(i) for i in self.archive.post_ids() if i.isdigit()}
        if not known:
            return []
        top = max(known)
        gaps = [i for i in range(1, top) if i not in known]
        limit = self.settings.scrape.probe_max_gap
        skipped = max(0, len(gaps) - limit)
        gaps = gaps[-limit:] if limit else []
        if self.archive is not None:
            tried = set(self.archive.get_meta("probed_absent", []) or [])
            if not self.options.refresh:
                gaps = [g for g in gaps if str(g) not in tried]
        self.report.probe = {"gaps": len(gaps) + skipped, "probed": 0, "found": 0, "skipped": skipped}
        return [str(g) for g in gaps]

    def _select(self, refs: list[PostRef]) -> list[PostRef]:
        opts = self.options
        out = []
        for ref in refs:
            if ref.date_hint and (opts.since or opts.until):
                day = ref.date_hint[:10]
                if opts.since and day < opts.since.isoformat():
                    continue
                if opts.until and day > opts.until.isoformat():
                    continue
            out.append(ref)
        out.sort(key=lambda r: (int(r.id) if r.id.isdigit() else 10**12, r.url))
        if opts.limit is not None:
            out = sorted(out, key=lambda r: (int(r.id) if r.id.isdigit() else -1), reverse=True)[: opts.limit]
            out.sort(key=lambda r: (int(r.id) if r.id.isdigit() else 10**12, r.url))
        return out

    def _dry_run_report(self, refs: list[PostRef], probe_ids: list[str], disc: Discovery) -> None:
        by_cat: dict[str, int] = {}
        protected = 0
        for ref in refs:
            by_cat[ref.category_hint or "(unknown until the post is read)"] = by_cat.get(ref.category_hint or "(unknown until the post is read)", 0) + 1
            if ref.summary and "보호되어 있는 글" in ref.summary:
                protected += 1
        self.report.by_category = dict(sorted(by_cat.items()))
        self.report.counts = {"found": len(refs), "protected (from list pages)": protected}
        planned = len(refs) + len(probe_ids)
        self.report.planned_requests = planned
        self.report.estimated_seconds = round(planned * self.settings.fetch.page_delay, 1)
        self.report.warnings.append(
            "Images and attachments are not counted in the estimate; they come from other hosts "
            "and download in parallel while post pages are read.")

    # -- posts ---------------------------------------------------------------------------------
    def _process(self, refs: list[PostRef], disc: Discovery) -> None:
        assert self.archive is not None
        ar = self.archive
        self._pool = ThreadPoolExecutor(max_workers=max(1, self.settings.fetch.media_workers), thread_name_prefix="media")
        self.progress.start("posts", "Reading posts", total=len(refs))
        self.progress.start("media", "Downloading images", total=0)
        self._posts(refs, disc, count_skips=True)
        if self.settings.scrape.tag_lists and self._probing:
            # Tag lists are known only once posts are read (a[rel=tag]); walk them now and
            # read whatever they add. Posts already stored just gain the "tag" source.
            before = set(disc.refs)
            tags = sorted({t for p in ar.iter_posts() for t in p.tags})
            base = self.blog.base_url if self.blog else ""
            for tag in tags:
                url = f"{base}/tag/{quote(tag, safe='')}"
                if url not in disc.tag_urls:
                    disc.tag_urls.append(url)
            for url in list(disc.tag_urls):
                disc.walk(url, "tag", full=self.settings.scrape.full_list_walks)
            tagged = [r for k, r in disc.refs.items() if "tag" in r.sources or k not in before]
            self.progress.total("posts", len(refs) + len(tagged))
            self._posts(self._select(tagged), disc, count_skips=False)
        probe_ids = self._probe_ids(disc) if self._probing else []
        if probe_ids:
            self.progress.total("posts", len(refs) + len(probe_ids))
        absent = set(ar.get_meta("probed_absent", []) or [])
        base = self.blog.base_url if self.blog else ""
        probes = [(PostRef(id=pid, url=urls.post_url(base, pid)), True) for pid in probe_ids]
        for (ref, _), found in zip(probes, self._read_pages(probes, disc)):
            self.report.probe["probed"] = self.report.probe.get("probed", 0) + 1
            if found:
                self.report.probe["found"] = self.report.probe.get("found", 0) + 1
            else:
                absent.add(ref.id)
        if probe_ids:
            ar.set_meta("probed_absent", sorted(absent, key=int))
        self._drain(block=True)
        if self._front_complete:
            ar.set_meta("front_list_complete", True)

    def _posts(self, refs: list[PostRef], disc: Discovery, *, count_skips: bool) -> None:
        assert self.archive is not None
        by_url: dict[str, str] = {}
        if any(not r.id for r in refs):  # /entry/ refs carry no id until their page is read
            for pid, url, slug_url in self.archive.conn.execute(
                    "SELECT id, json_extract(data, '$.url'), json_extract(data, '$.slug_url') FROM posts"):
                for u in (url, slug_url):
                    if u:
                        by_url[u] = pid
        todo: list[PostRef] = []
        for ref in refs:
            existing_id = ref.id if (ref.id and self.archive.post_status(ref.id) is not None) else by_url.get(ref.url)
            if existing_id and (not self.options.refresh or not count_skips) and self._complete(existing_id, ref):
                if count_skips:
                    self.report.skipped_existing += 1
                self.progress.advance("posts")
            else:
                todo.append(ref)
        self._read_pages([(ref, False) for ref in todo], disc)

    def _complete(self, post_id: str, ref: PostRef) -> bool:
        """A stored post is complete when every media reference has a record."""
        assert self.archive is not None
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
        todo = [m for m in post.images + post.attachments if self.archive.media_status(m.identity) is None]
        for m in todo:
            self._submit(m, post.id)
        return True

    def _read_pages(self, jobs: list[tuple[PostRef, bool]], disc: Discovery) -> list[bool]:
        """Fetch and store post pages in order. Page fetches run a few ahead in worker threads
        (the per-host delay still spaces them), so parsing and storing one page overlaps the
        wait for the next; every archive write stays in this thread. Returns, per job, whether
        a post (of any status) was stored."""
        from collections import deque

        if not jobs:
            return []
        workers = max(1, self.settings.fetch.page_workers)
        out: list[bool] = []
        pending: deque = deque()
        it = iter(jobs)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pages") as pool:
            def submit() -> None:
                job = next(it, None)
                if job is not None:
                    ref, probing = job
                    url = urls.post_url(self.blog.base_url, ref.id) if probing else ref.url  # type: ignore[union-attr]
                    stored = self.archive.get_page(url) if self.options.refresh else None  # type: ignore[union-attr]
                    pending.append((ref, probing, url, stored, pool.submit(self._fetch_page, url, stored)))

            try:
                for _ in range(workers * 2):
                    submit()
                while pending:
                    ref, probing, url, stored, fut = pending.popleft()
                    submit()
                    out.append(self._handle_page(ref, url, stored, fut.result(), disc, probing=probing))
                    self.progress.advance("posts")
                    self._drain(block=False)
            except BaseException:
                for *_, fut in pending:
                    fut.cancel()
                raise
        return out

    def _fetch_page(self, url: str, stored: Any) -> Response | FetchError:
        """Worker thread: the network part only."""
        validators = stored.validators if stored is not None else None
        try:
            return self.fetcher.get(url, kind="page", validators=validators or None)
        except FetchError as exc:
            return exc

    def _handle_page(self, ref: PostRef, url: str, stored: Any, resp: Response | FetchError, disc: Discovery,
                     *, probing: bool = False) -> bool:
        """Extract and store one fetched post page. True when a post (of any status) was stored."""
        from tistory_migrate.extract.post import parse_post_page

        assert self.archive is not None and self.blog is not None
        if ref.id and not probing and ref.title is None and ref.summary is None:
            stored_ref = self.archive.get_ref(ref.id)  # what the list pages said, kept out of memory
            if stored_ref is not None:
                stored_ref.sources |= ref.sources
                ref = stored_ref
        if isinstance(resp, FetchError):
            if probing:
                self.report.warnings.append(f"probe {url}: {resp.reason}")
                return False
            return self._page_failed(ref, url, resp.reason, disc)
        if resp.status == 304 and stored is not None:
            resp = Response(url=url, final_url=url, status=stored.status, headers=stored.headers, body=stored.body)
        if resp.status in (404, 410):
            if probing:
                return False
            self._store_missing(ref, url, f"HTTP {resp.status}")
            return True
        if resp.status != 200:
            if probing:
                return False
            return self._page_failed(ref, url, f"HTTP {resp.status}", disc)
        text = resp.text
        result = parse_post_page(text, resp.final_url or url)
        if result.kind == "blocked":  # never stored as a post: stop, the same command resumes later
            raise Blocked(f"Tistory answered {url} with a block, captcha or login page instead of the post.",
                          hint="Wait a while (an hour is usually enough) and run the same command again: "
                               "it resumes where it stopped.")
        with self.archive.batch():  # the page and what was read from it are stored together
            self.archive.put_page(url, resp.status, resp.headers, resp.body, "post")
            return self._store_result(ref, url, result, probing)

    def _store_result(self, ref: PostRef, url: str, result: Any, probing: bool) -> bool:
        assert self.archive is not None
        if result.kind == "not_post" and (result.reason or "").startswith(MANDATORY_MISSING) and not probing:
            # The page is a post, but one of id/title cannot be read: a failure, not a gap.
            self._store_failed(ref, url, f"the page could not be read as a post: {result.reason}")
            return True
        if result.kind == "not_post" or result.post is None and result.kind != "protected":
            if probing:
                return False
            self._store_missing(ref, url, result.reason or "the page is not a post")
            return True
        post = result.post
        if post is None:  # protected without any post data
            post = Post(id=ref.id, url=url, title=ref.title or "", status="protected")
        if probing:
            ref.sources.add("probe")
        self._merge_ref(post, ref)
        if result.kind == "protected":
            post.status = "protected"
            self.report.protected.append({"id": post.id, "title": post.title, "url": post.url})
        elif "body_container" not in post.extra:
            self._store_failed(ref, url, "no post body found in the page (an unknown skin?)", post=post)
            return True
        else:
            post.status = "public"
            self._attach_media(post)
        if not self._in_range(post):
            return True
        earlier = self.archive.get_post(post.id)
        if earlier is not None:  # a second ref to one post (e.g. /entry/ link and RSS id) adds its sources
            post.sources = sorted(set(post.sources) | set(earlier.sources))
        post.fetched_at = _now()
        self.archive.put_post(post)
        return True

    def _merge_ref(self, post: Post, ref: PostRef) -> None:
        post.sources = sorted(set(post.sources) | set(ref.sources))
        if ref.summary and not post.summary:
            post.summary = ref.summary
        elif ref.summary:
            post.summary = ref.summary  # the list excerpt is what readers saw as the summary
        if not post.category and ref.category_hint:
            post.category = ref.category_hint
            post.warn("category taken from a list page")
        if ref.kind in ("notice", "page") and post.kind == "post":
            post.kind = ref.kind
        if not post.title and ref.title:
            post.title = ref.title
        if not post.published and ref.date_hint:
            post.published = ref.date_hint
            post.warn("date taken from a list page (day only)")

    def _in_range(self, post: Post) -> bool:
        opts = self.options
        if not (opts.since or opts.until) or not post.published:
            return True
        day = post.published[:10]
        return not ((opts.since and day < opts.since.isoformat()) or (opts.until and day > opts.until.isoformat()))

    def _attach_media(self, post: Post) -> None:
        from tistory_migrate.normalize.images import find_media

        try:
            images, attachments = find_media(post.body_raw, post.url)
        except Exception as exc:  # one broken body must not stop the run
            post.warn(f"images could not be read from the body: {exc}")
            images, attachments = [], []
        post.images, post.attachments = images, attachments
        if post.id in self._backup_ids:
            return  # the backup's own files replace these (backup_ingest); do not download them twice
        for m in images + attachments:
            status = self.archive.media_status(m.identity)  # type: ignore[union-attr]
            if status == "ok" or (status is not None and not self.options.refresh):
                continue
            self._submit(m, post.id)

    def _page_failed(self, ref: PostRef, url: str, reason: str, disc: Discovery) -> bool:
        assert self.archive is not None
        item = disc.rss_items.get(ref.id) or disc.rss_items.get(url)
        if item is not None and getattr(item, "body_html", None):
            post = Post(id=ref.id or str(item.id), url=url, title=item.title or "", published=item.published,
                        category=item.category, tags=list(item.tags or []), author=item.author,
                        body_source="rss", status="public", body_raw=item.body_html)
            post.warn(f"the post page failed ({reason}); the body comes from the RSS feed")
            if item.category and "/" not in item.category:
                post.warn("category from RSS is the leaf name only")
            self._merge_ref(post, ref)
            self._attach_media(post)
            post.fetched_at = _now()
            self.archive.put_post(post)
            self.report.failed.append({"id": post.id, "url": url, "what": "post",
                                       "reason": f"{reason}; the body was saved from the RSS feed, run again to read the page"})
            return True
        if ref.id:
            existing = self.archive.get_post(ref.id)
            if existing is not None and existing.status in ("public", "protected"):
                existing.warn(f"refresh failed ({reason}); kept the earlier copy")
                self.report.failed.append({"id": ref.id, "url": url, "reason": reason, "what": "post"})
                return True
            post = Post(id=ref.id, url=url, title=ref.title or "", status="failed", sources=sorted(ref.sources))
            post.warn(f"the page could not be fetched: {reason}")
            self.archive.put_post(post)
        self.report.failed.append({"id": ref.id or None, "url": url, "reason": reason, "what": "post"})
        return True

    def _store_failed(self, ref: PostRef, url: str, reason: str, post: Post | None = None) -> None:
        assert self.archive is not None
        self.report.failed.append({"id": (post.id if post else ref.id) or None, "url": url, "reason": reason, "what": "post"})
        pid = (post.id if post else ref.id)
        if not pid:
            return
        existing = self.archive.get_post(pid)
        if existing is not None and existing.status == "public" and existing.body_raw:
            existing.warn(f"a later read failed ({reason}); kept the earlier copy")
            self.archive.put_post(existing)
            return
        failed = post or Post(id=pid, url=url, title=ref.title or "")
        failed.status = "failed"
        failed.sources = sorted(set(failed.sources) | set(ref.sources))
        failed.warn(reason)
        self.archive.put_post(failed)

    def _store_missing(self, ref: PostRef, url: str, reason: str) -> None:
        assert self.archive is not None
        if not ref.id:
            self.report.missing.append({"id": None, "url": url, "sources": sorted(ref.sources), "reason": reason})
            return
        existing = self.archive.get_post(ref.id)
        if existing is not None and existing.status == "public":
            existing.warn(f"the page now answers {reason}: deleted or made private after an earlier scrape")
            self.archive.put_post(existing)
            return
        post = Post(id=ref.id, url=url, title=ref.title or "", kind=ref.kind, status="missing",
                    sources=sorted(ref.sources), summary=ref.summary, published=ref.date_hint)
        post.warn(f"listed by {', '.join(sorted(ref.sources))} but the page answers {reason}")
        self.archive.put_post(post)

    # -- media ---------------------------------------------------------------------------------
    def _submit(self, ref: MediaRef, post_id: str) -> None:
        if ref.identity in self._inflight or self._pool is None:
            return
        if ref.original_url.startswith("backup:"):
            return
        self._inflight.add(ref.identity)
        self._media_submitted += 1
        limit = self.settings.fetch.max_media_bytes
        fut = self._pool.submit(_download_and_write, self.archive, self.fetcher, ref, limit,
                                self.settings.fetch.retries + 1)
        self._pending[fut] = ref
        self.progress.total("media", self._media_submitted)

    def _drain(self, *, block: bool) -> None:
        """Record finished downloads (their files are already written), in one transaction."""
        while self._pending:
            done, _ = wait(list(self._pending), timeout=None if block else 0, return_when=FIRST_COMPLETED)
            if not done:
                return
            with self.archive.batch():  # type: ignore[union-attr]
                for fut in done:
                    ref = self._pending.pop(fut)
                    try:
                        result = fut.result()
                    except Exception as exc:  # a bug in one download must not lose the others
                        result = Download(ref, "failed", reason=f"internal error: {exc}")
                    store(self.archive, result)
                    self._inflight.discard(ref.identity)
                    self.progress.advance("media")

    def _shutdown_pool(self) -> None:
        if self._pool is not None:
            for fut in self._pending:
                fut.cancel()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    # -- reparse -------------------------------------------------------------------------------
    def _reparse(self, started: float) -> ScrapeReport:
        from tistory_migrate.extract.post import parse_post_page

        self.report.mode = "reparse"
        self.archive = Archive.open(self.options.archive)  # type: ignore[arg-type]
        try:
            ar = self.archive
            refs = ar.get_refs()
            self.blog = ar.get_blog()
            urls_ = ar.page_urls("post")
            self.progress.start("posts", "Re-reading stored pages", total=len(urls_))
            for url in urls_:
                page = ar.get_page(url)
                self.progress.advance("posts")
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
                self._merge_ref(post, ref)
                if result.kind == "protected":
                    post.status = "protected"
                else:
                    post.status = old.status if old is not None and old.status in ("private",) else "public"
                    from tistory_migrate.normalize.images import find_media

                    post.images, post.attachments = find_media(post.body_raw, post.url)
                    for m in post.images + post.attachments:
                        if ar.media_status(m.identity) is None:
                            post.warn(f"image not downloaded yet (reparse works offline): {m.original_url}")
                if old is not None and old.body_source == "backup":
                    continue  # the backup's body wins over the page
                post.fetched_at = old.fetched_at if old is not None else None
                ar.put_post(post)
            self._finish_report()
            self.report.duration_seconds = round(self._clock() - started, 3)
            ar.set_meta("report", self.report.to_dict())
        finally:
            ar.close()
        return self.report

    # -- backups -------------------------------------------------------------------------------
    def _backup_numbers(self, paths: list[Path]) -> set[str]:
        from tistory_migrate.backup import open_backups

        with open_backups(paths, self.settings.backup,
                          spool_dir=self.archive.root / SPOOL_DIR if self.archive is not None else None) as backups:
            return set(backups.post_numbers())

    def _ingest_backups(self) -> None:
        from tistory_migrate.scrape.backup import ingest_backups

        ingest_backups(self, self.options.backups)

    # -- report --------------------------------------------------------------------------------
    def _finish_report(self) -> None:
        """Counts and lists from the archive, read without loading post bodies."""
        if self.archive is None:
            return
        ar = self.archive
        r = self.report
        counts: dict[str, int] = {}
        kinds: dict[str, int] = {}
        by_cat: dict[str, int] = {}
        only: dict[str, list[str]] = {}
        protected, missing, private, failed_posts = [], [], [], []
        source_counts: dict[str, int] = {}
        bad_media = {row[0]: row for row in ar.conn.execute(
            "SELECT identity, original_url, status, reason FROM media WHERE status != 'ok'")}
        failures: list[dict[str, Any]] = []
        reported: set[str] = set()
        for pid, status, kind, category, sources, title, url, last_warning, images, attachments in ar.post_summaries():
            counts[status] = counts.get(status, 0) + 1
            kinds[kind or "post"] = kinds.get(kind or "post", 0) + 1
            if status in ("public", "private", "unknown"):
                by_cat[category or "(none)"] = by_cat.get(category or "(none)", 0) + 1
            for src in sources:
                source_counts[src] = source_counts.get(src, 0) + 1
            if len(sources) == 1:
                only.setdefault(sources[0], []).append(pid)
            entry = {"id": pid, "title": title, "url": url}
            if status == "protected":
                protected.append(entry)
            elif status == "missing":
                missing.append({**entry, "sources": sources, "reason": last_warning})
            elif status in ("private", "unknown") and "backup" in sources:
                private.append({**entry, "status": status})
            elif status == "failed":
                failed_posts.append(pid)
            if bad_media:
                for refs_json in (images, attachments):
                    for m in json.loads(refs_json or "[]"):
                        row = bad_media.get(m.get("identity"))
                        if row is not None and row[0] not in reported:
                            reported.add(row[0])
                            failures.append({"post": pid, "url": row[1], "status": row[2], "reason": row[3]})
        r.counts = dict(sorted(counts.items()))
        r.kinds = dict(sorted(kinds.items()))
        r.by_category = dict(sorted(by_cat.items()))
        r.only_one_source = {k: sorted(v, key=lambda x: int(x) if x.isdigit() else 0) for k, v in sorted(only.items())}
        if r.mode != "reparse" and (self.options.url and urls.classify(self.options.url).kind not in POST_KINDS):
            r.sources = dict(sorted(source_counts.items()))
        r.protected, r.missing, r.private = protected, missing, private
        media = {"ok": 0, "missing": 0, "failed": 0}
        media.update(ar.media_counts())
        r.media = media
        r.media_failures = failures
        failed_media = any(f["status"] == "failed" for f in failures)
        r.exit_code = 1 if (r.failed or failed_posts or failed_media) else 0


def _download_and_write(archive: Archive, fetcher: Any, ref: MediaRef, limit: int, attempts: int) -> Download:
    """Worker thread: fetch the original and write its file; the main thread records the row."""
    return write_file(archive, download(fetcher, ref, max_bytes=limit, attempts=attempts))


def _now() -> str:
    from tistory_migrate.archive import now_iso

    return now_iso()
