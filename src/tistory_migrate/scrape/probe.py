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
    known = {int(r.id) for r in refs if r.id and r.id.isascii() and r.id.isdigit()}
    if ctx.archive is not None:
        known |= {int(i) for i in ctx.archive.post_ids() if i.isascii() and i.isdigit()}
    if not known:
        return []
    limit = ctx.settings.scrape.probe_max_gap
    gaps, total = newest_gaps(known, limit)
    skipped = total - len(gaps)
    if ctx.archive is not None:
        tried = set(ctx.archive.get_meta(ABSENT_KEY, []) or [])
        if not ctx.options.refresh:
            gaps = [g for g in gaps if str(g) not in tried]
    ctx.report.probe = {"gaps": len(gaps) + skipped, "probed": 0, "found": 0, "skipped": skipped}
    return [str(g) for g in gaps]


def newest_gaps(known: set[int], limit: int) -> tuple[list[int], int]:
    """The ``limit`` highest numbers below the highest known one that are not known, oldest
    first, and how many such numbers there are in all. The bound comes first: a sitemap that
    names ``/3000000000`` costs at most ``limit`` + ``len(known)`` steps, never a list of three
    billion numbers."""
    top = max(known)
    below = sum(1 for k in known if 1 <= k < top)
    total = max(0, top - 1 - below)
    gaps: list[int] = []
    n = top - 1
    while n >= 1 and len(gaps) < limit:
        if n not in known:
            gaps.append(n)
        n -= 1
    gaps.reverse()
    return gaps, total


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
