"""Step 9: the report, from the archive (read without loading post bodies); and what a dry
run says instead. This module is the one writer of the report's counts and of its lists of
protected, missing, private posts and media failures (docs/design.md, "The scrape report")."""

from __future__ import annotations

from tistory_migrate import urls
from tistory_migrate.i18n import N_, msg
from tistory_migrate.models import PostRef, category_path
from tistory_migrate.report import MediaFailure, MissingPost, PostLine
from tistory_migrate.scrape import ScrapeContext
from tistory_migrate.scrape.site import POST_URL_KINDS

PROTECTED_EXCERPT = "보호되어 있는 글"  # what a list page shows instead of a protected post's excerpt


def finish_report(ctx: ScrapeContext) -> None:
    """Counts and lists of the whole archive, and the run's exit code."""
    ar = ctx.archive
    if ar is None:
        return
    r = ctx.report
    counts: dict[str, int] = {}
    kinds: dict[str, int] = {}
    by_cat: dict[str, int] = {}
    only: dict[str, list[str]] = {}
    protected: list[PostLine] = []
    missing: list[MissingPost] = []
    private: list[PostLine] = []
    rescued: list[PostLine] = []
    cat_sources: dict[str, int] = {}
    failed_posts: list[str] = []
    source_counts: dict[str, int] = {}
    problems = ar.media_problems()
    failures: list[MediaFailure] = []
    reported: set[str] = set()
    for s in ar.post_summaries(with_media=bool(problems)):
        counts[s.status] = counts.get(s.status, 0) + 1
        kinds[s.kind or "post"] = kinds.get(s.kind or "post", 0) + 1
        if s.status in ("public", "private", "unknown"):
            # a post stored before issue 14 (no category source) may hold Tistory's "no category" label
            cat = (s.category if s.category_source else category_path(s.category)) or N_("(none)")
            by_cat[cat] = by_cat.get(cat, 0) + 1
        if s.category_source:  # posts per category source (none for a stub or an older archive)
            cat_sources[s.category_source] = cat_sources.get(s.category_source, 0) + 1
        if s.body_source == "rss" and s.status in ("missing", "private"):
            rescued.append(PostLine(s.id, s.title, s.url, status=s.status))
        for src in s.sources:
            source_counts[src] = source_counts.get(src, 0) + 1
        if len(s.sources) == 1:
            only.setdefault(s.sources[0], []).append(s.id)
        if s.status == "protected":
            protected.append(PostLine(s.id, s.title, s.url))
        elif s.status == "missing":
            missing.append(MissingPost(s.id, s.title, s.url, s.sources, s.last_warning_message))
        elif s.status in ("private", "unknown") and "backup" in s.sources:
            private.append(PostLine(s.id, s.title, s.url, status=s.status))
        elif s.status == "failed":
            failed_posts.append(s.id)
        for identity in s.media_identities:
            problem = problems.get(identity)
            if problem is not None and identity not in reported:
                reported.add(identity)
                failures.append(MediaFailure(s.id, problem.original_url, problem.status, problem.reason_message))
    r.counts = dict(sorted(counts.items()))
    r.kinds = dict(sorted(kinds.items()))
    r.by_category = dict(sorted(by_cat.items()))
    r.category_sources = dict(sorted(cat_sources.items()))
    r.rescued = rescued
    r.only_one_source = {k: sorted(v, key=lambda x: int(x) if (x.isascii() and x.isdigit()) else 0) for k, v in sorted(only.items())}
    if r.mode != "reparse" and (ctx.options.url and urls.classify(ctx.options.url).kind not in POST_URL_KINDS):
        r.sources = dict(sorted(source_counts.items()))
    r.protected, r.missing, r.private = protected, missing + ctx.gone_links, private
    media = {"ok": 0, "missing": 0, "failed": 0}
    media.update(ar.media_counts())
    r.media = media
    r.media_failures = failures
    failed_media = any(f.status == "failed" for f in failures)
    r.exit_code = 1 if (r.failed or failed_posts or failed_media) else 0


def dry_run_summary(ctx: ScrapeContext, refs: list[PostRef], probe_ids: list[str]) -> None:
    """What a full run would do: posts per category, requests, and how long they take."""
    unknown = N_("(unknown until the post is read)")
    by_cat: dict[str, int] = {}
    protected = 0
    for ref in refs:
        by_cat[ref.category_hint or unknown] = by_cat.get(ref.category_hint or unknown, 0) + 1
        if ref.summary and PROTECTED_EXCERPT in ref.summary:
            protected += 1
    ctx.report.by_category = dict(sorted(by_cat.items()))
    ctx.report.counts = {N_("found"): len(refs), N_("protected (from list pages)"): protected}
    planned = len(refs) + len(probe_ids)
    ctx.report.planned_requests = planned
    ctx.report.estimated_seconds = round(planned * ctx.settings.fetch.page_delay, 1)
    ctx.warn(msg("Images and attachments are not counted in the estimate; they come from other hosts "
                 "and download in parallel while post pages are read."))


def store_report(ctx: ScrapeContext) -> None:
    """The report into the archive, with the fetcher's request counts."""
    if ctx.archive is None:
        return
    try:
        stats = ctx.fetcher.stats
        ctx.report.requests = stats.requests
        ctx.report.requests_by_host = dict(stats.by_host)
        ctx.archive.set_meta("report", ctx.report.to_dict())
    except Exception:  # pragma: no cover - a report must never hide the real error
        pass
