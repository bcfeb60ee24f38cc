"""Step 6: post numbers no source named. Tistory numbers posts 1, 2, 3, … per blog, so a gap
below the highest known number may be a post no list, feed or sitemap shows. Numbers that
answered 404 are remembered (``probed_absent``) and not asked again (``--refresh`` does)."""

from __future__ import annotations

from tistory_migrate.models import PostRef
from tistory_migrate.scrape import ScrapeContext

ABSENT_KEY = "probed_absent"


def should_probe(ctx: ScrapeContext, whole_blog: bool) -> bool:
    """Probing makes sense for a scrape of the whole blog without filters."""
    return whole_blog and not ctx.options.filtered


def probe_ids(ctx: ScrapeContext, refs: list[PostRef]) -> list[str]:
    """The numbers to probe, oldest first (at most ``scrape.probe_max_gap``, the newest gaps);
    sets ``report.probe``."""
    if not ctx.settings.scrape.probe_ids:
        return []
    known = {int(r.id) for r in refs if r.id and (r.id.isascii() and r.id.isdigit())}
    if ctx.archive is not None:
        known |= {int(i) for i in ctx.archive.post_ids() if (i.isascii() and i.isdigit())}
    if not known:
        return []
    top = max(known)
    gaps = [i for i in range(1, top) if i not in known]
    limit = ctx.settings.scrape.probe_max_gap
    skipped = max(0, len(gaps) - limit)
    gaps = gaps[-limit:] if limit else []
    if ctx.archive is not None:
        tried = set(ctx.archive.get_meta(ABSENT_KEY, []) or [])
        if not ctx.options.refresh:
            gaps = [g for g in gaps if str(g) not in tried]
    ctx.report.probe = {"gaps": len(gaps) + skipped, "probed": 0, "found": 0, "skipped": skipped}
    return [str(g) for g in gaps]


def record_probes(ctx: ScrapeContext, results: list[tuple[str, bool]]) -> None:
    """Count what the probes found and remember the numbers that are not posts."""
    if not results or ctx.archive is None:
        return
    absent = set(ctx.archive.get_meta(ABSENT_KEY, []) or [])
    for pid, found in results:
        ctx.report.probe["probed"] = ctx.report.probe.get("probed", 0) + 1
        if found:
            ctx.report.probe["found"] = ctx.report.probe.get("found", 0) + 1
        else:
            absent.add(pid)
    ctx.archive.set_meta(ABSENT_KEY, sorted(absent, key=int))
