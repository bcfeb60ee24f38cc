"""The only code that knows the order of the stages.

``Scraper.run`` carries out a scrape in numbered steps (each lives in ``scrape/``):

    1. open the site: is the address a reachable Tistory blog?
    2. discovery: front, category, notice (and tag) lists with paging, /rss, /sitemap.xml
    3. select: the --since/--until/--limit filters and the reading order
    4. posts: each post page fetched, stored, extracted; originals queued
    5. tag lists, known only once posts are read
    6. probe: the numbers no source named
    7. media: the last originals recorded
    8. backup: the owner's backup merged by post number
    9. summary: the report, from the archive

Modes are the same steps, fewer of them: a dry run stops after 3 (nothing is written, there
is no archive); ``--reparse`` reads the stored pages again instead of 1-7; a backup-only run
does 8 alone. Resuming is the default: stored posts whose media are all recorded are not
fetched again (``--refresh`` does), while discovery pages are always re-checked (conditional
requests) so new posts are found.
"""

from __future__ import annotations

from contextlib import nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, ContextManager

from tistory_migrate import urls
from tistory_migrate.archive import Archive
from tistory_migrate.errors import ArchiveError, NothingToDo, UsageError
from tistory_migrate.exporters import EXPORTERS, resolve_formats
from tistory_migrate.exporters.base import ExportContext, ExportOptions
from tistory_migrate.exporters.isolation import export_one
from tistory_migrate.fetch import Fetcher
from tistory_migrate.fetch.http import HttpFetcher
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.i18n import N_, _
from tistory_migrate.models import PostRef
from tistory_migrate.normalize import normalize_post
from tistory_migrate.report import ExportSummary, NullProgress, Progress, ScrapeReport
from tistory_migrate.scrape import ScrapeContext, ScrapeOptions
from tistory_migrate.scrape.backup import BackupIngest, backup_numbers, count_backup_posts
from tistory_migrate.scrape.comments import read_comments
from tistory_migrate.scrape.discovery import Discovery, add_tag_lists, discover_all, discover_lists, select, source_counts
from tistory_migrate.scrape.media import MediaQueue
from tistory_migrate.scrape.pages import PageSource
from tistory_migrate.scrape.posts import PostReader
from tistory_migrate.scrape.probe import probe_ids, run_probes, should_probe
from tistory_migrate.scrape.reparse import reparse
from tistory_migrate.scrape.site import EXAMPLE, open_site, parse_address
from tistory_migrate.scrape.summary import dry_run_summary, finish_report, store_report
from tistory_migrate.settings import Settings

__all__ = ["DemoOutcome", "NullProgress", "ScrapeOptions", "Scraper", "demo", "export"]
DEMO_BLOG = Path(__file__).parent / "demo" / "seodaemun"
DEMO_URL = "https://seodaemun.tistory.com"


class Scraper:
    """One scrape (or dry run, reparse, backup merge) of one blog into one archive.

    ``Scraper(fetcher, settings, options, progress).run()`` returns the :class:`ScrapeReport`;
    errors that stop the run are :class:`~tistory_migrate.errors.MigrateError` subclasses
    with an exit code. Everything the run learns is in the archive before ``run`` returns."""

    def __init__(self, fetcher: Fetcher, settings: Settings, options: ScrapeOptions,
                 progress: Progress | None = None, clock=None):
        report = ScrapeReport(target=options.url or "", mode="dry-run" if options.dry_run else "scrape")
        self.ctx = ScrapeContext(fetcher=fetcher, settings=settings, options=options, report=report,
                                 progress=progress or NullProgress())
        if clock is not None:
            self.ctx.clock = clock
        self.options = options
        self.pages = PageSource(self.ctx)
        self.media: MediaQueue | None = None

    def run(self) -> ScrapeReport:
        ctx, opts = self.ctx, self.options
        started = ctx.clock()
        if opts.reparse:
            return self._reparse(started)
        if not opts.url and not opts.backups:
            raise UsageError(_("Give the blog's address (or --backup PATH)."), hint=_(EXAMPLE))
        address = parse_address(opts.url) if opts.url else None  # a bad address writes nothing
        archive = None if opts.dry_run else Archive.open(opts.archive, create=True)  # type: ignore[arg-type]
        ctx.archive = archive
        try:
            if archive is not None:
                self.media = MediaQueue(ctx, archive)
            if address is not None:
                skip = backup_numbers(ctx, archive, opts.backups) if opts.backups and archive is not None else set()
                self._scrape_url(*address, skip)
            if opts.backups and archive is None:
                count_backup_posts(ctx, opts.backups)
            elif opts.backups:
                assert self.media is not None
                self.media.open()
                BackupIngest(ctx, archive, self.pages, self.media).run(opts.backups)  # 8.
            finish_report(ctx)  # 9.
        except BaseException:
            ctx.stop_fetching()  # Ctrl-C, SIGTERM, an error: nothing in flight is waited for
            raise
        finally:
            if self.media is not None:
                self.media.close()
            if archive is not None:
                ctx.report.duration_seconds = round(ctx.clock() - started, 3)
                try:
                    if archive.has_changes:  # a run refused before writing keeps the last report
                        store_report(ctx)
                finally:  # a full disk may refuse the report: the archive is closed all the same
                    archive.close()
        ctx.report.duration_seconds = round(ctx.clock() - started, 3)
        return ctx.report

    def _scrape_url(self, url: str, base: str, skip_media: set[str]) -> None:
        ctx, opts = self.ctx, self.options
        ctx.progress.start("discover", N_("Finding posts"))
        site = open_site(url, base, self.pages, ctx)  # 1. a reachable Tistory blog?
        disc = Discovery(self.pages, ctx)  # 2. every source, deduplicated
        kind = site.target.kind
        front_complete = False
        if site.one_post:
            post_url = url if kind != "mobile" else urls.post_url(base, site.target.id or "")
            disc.add(PostRef(id=site.target.id or "", url=post_url,
                             kind=kind if kind in ("notice", "page") else "post"), "url")
        elif kind in ("category", "tag") or opts.category or opts.tag:
            discover_lists(disc, url, base, kind, opts)
        else:
            front_complete = discover_all(disc, base, ctx)
        ctx.report.sources = source_counts(disc.refs.values())
        if ctx.archive is not None:
            ctx.archive.put_refs([r for r in disc.refs.values() if r.id])
            for r in disc.refs.values():  # their text is in the archive now; memory stays flat on big blogs
                if r.id:
                    r.title = r.summary = r.category_hint = None
        probing = should_probe(ctx, whole_blog=not site.one_post and kind not in ("category", "tag"))
        refs = select(list(disc.refs.values()), opts)  # 3. filters and order
        if not refs and (ctx.archive is None or not ctx.archive.count_posts()):
            nothing = (_("Nothing to do: no posts match these filters on {base} (its list pages, RSS feed and sitemap "
                         "name none).") if opts.category or opts.tag or opts.since or opts.until else
                       _("Nothing to do: no posts were found on {base} (its list pages, RSS feed and sitemap name none)."))
            raise NothingToDo(nothing.format(base=base),
                              hint=_("Check the address (and the --category/--tag/--since/--until filters). "
                                     "If the blog's posts are private, use its backup: --backup PATH."))
        if ctx.archive is None:  # dry run: discovery only, writes nothing
            dry_run_summary(ctx, refs, probe_ids(ctx, list(disc.refs.values())) if probing else [])
            return
        self._read(ctx.archive, refs, disc, probing=probing, skip_media=skip_media)
        if front_complete:
            ctx.archive.set_meta("front_list_complete", True)

    def _read(self, archive: Archive, refs: list[PostRef], disc: Discovery, *, probing: bool,
              skip_media: set[str]) -> None:
        ctx, media = self.ctx, self.media
        assert media is not None
        media.open()
        ctx.progress.start("posts", N_("Reading posts"), total=len(refs))
        ctx.progress.start("media", N_("Downloading images"), total=0)
        reader = PostReader(ctx, archive, self.pages, media, disc, skip_media)
        reader.read(refs, count_skips=True)  # 4. post pages -> archive, originals queued
        if ctx.settings.scrape.tag_lists and probing:
            # 5. Tag lists are known only once posts are read (a[rel=tag]); walk them now and
            # read whatever they add. Posts already stored just gain the "tag" source.
            before = set(disc.refs)
            add_tag_lists(disc, (t for p in archive.iter_posts() for t in p.tags), ctx.base_url)
            for url in list(disc.tag_urls):
                disc.walk(url, "tag", full=ctx.settings.scrape.full_list_walks)
            tagged = [r for k, r in disc.refs.items() if "tag" in r.sources or k not in before]
            ctx.progress.total("posts", len(refs) + len(tagged))
            reader.read(select(tagged, self.options), count_skips=False)
        if probing:  # 6. numbers no source named
            run_probes(ctx, list(disc.refs.values()), reader.read_pages, len(refs))
        read_comments(ctx, archive)  # 4c. comments, when asked for
        media.drain(block=True)  # 7. the last originals

    def _reparse(self, started: float) -> ScrapeReport:
        ctx = self.ctx
        ctx.report.mode = "reparse"
        archive = ctx.archive = Archive.open(self.options.archive)  # type: ignore[arg-type]
        try:
            reparse(ctx)
            finish_report(ctx)
            ctx.report.duration_seconds = round(ctx.clock() - started, 3)
            archive.set_meta("report", ctx.report.to_dict())
        finally:
            archive.close()
        return ctx.report


def export(archive: Archive, formats: list[str], out: Path, settings: Settings, options: ExportOptions | None = None,
           progress: Callable[[int, int], None] | None = None) -> list[ExportSummary]:
    """Export ``archive`` in ``formats`` (``--format`` words) under ``out/<format>/``: every
    exporter starts, gets every post oldest first (normalized once, for all of them), and
    finishes; a post an error stops is left out and listed (``ExportSummary.failed``); on any
    other error or interruption each exporter aborts instead (nothing half-written)."""
    options = options or ExportOptions()
    blog = archive.get_blog()
    exporters = [EXPORTERS[f](ExportContext(archive=archive, out_dir=Path(out) / f, settings=settings,
                                            options=options, blog=blog)) for f in resolve_formats(formats)]
    for exporter in exporters:
        exporter.start()
    hosts, total = set(blog.hosts() if blog else ()), archive.count_posts()
    try:
        for n, post in enumerate(archive.iter_posts(), 1):
            # normalized once, only for formats that want the post and read bodies; an error leaves out that post
            export_one(exporters, post, lambda p: normalize_post(p, hosts))
            if progress:
                progress(n, total)
        return [exporter.finish() for exporter in exporters]
    except BaseException:
        for exporter in exporters:
            with suppress(Exception):  # one that cannot clean up (a full disk) must not keep the others from it
                exporter.abort()
        raise


@dataclass
class DemoOutcome:
    """What ``tistory-migrate demo`` did: the scrape's report and every export's summary."""

    report: ScrapeReport
    summaries: list
    archive_dir: Path
    export_dir: Path


def demo(out: Path, *, progress: Callable[[], ContextManager[Progress]] | None = None,
         on_serving: Callable[[str, str], None] | None = None) -> DemoOutcome:
    """The whole job on the bundled blog, on this machine only: serve ``demo/seodaemun`` on a
    loopback port, scrape it through ``--resolve`` routing (the real requests path, the real
    URLs) into ``OUT/archive``, and run every export into ``OUT/export/<format>``."""
    if not (DEMO_BLOG / "urls.tsv").is_file():
        raise ArchiveError(_("The demo blog is missing from this installation."), hint=_("Reinstall tistory-migrate."))
    settings = (Settings().with_overrides("fetch", page_delay=0.0, media_delay=0.0, retries=1, backoff_base=0.1)
                .with_overrides("scrape", comments=True))  # the demo's commenters are fictional
    archive_dir, export_dir = out / "archive", out / "export"
    with FixtureServer([DEMO_BLOG]) as server:
        fetcher = HttpFetcher(settings.fetch, resolve=server.resolve_map(), page_hosts={"seodaemun.tistory.com"})
        try:
            if on_serving is not None:
                on_serving(DEMO_URL, server.address)
            with (progress() if progress is not None else nullcontext(NullProgress())) as shown:
                report = Scraper(fetcher, settings, ScrapeOptions(url=DEMO_URL, archive=archive_dir), shown).run()
        finally:
            fetcher.close()
    with Archive.open(archive_dir) as ar:
        summaries = export(ar, list(EXPORTERS), export_dir, settings, ExportOptions())
    return DemoOutcome(report, summaries, archive_dir, export_dir)
