"""Step 6: post numbers no source named. Tistory numbers posts 1, 2, 3, … per blog, so a gap
below the highest known number may be a post no list, feed or sitemap shows. Numbers that
answered 404 are remembered (``probed_absent``) and not asked again (``--refresh`` does).

``scrape.probe_ids`` says when: ``always`` every gap (at most ``scrape.probe_max_gap``, the
newest); ``never``; ``auto`` (the default) only when the posts found fall short of the blog's
own count (``ScrapeContext.blog_total``, the sidebar's "분류 전체보기 (N)"), newest gaps first
and only until that many posts are found; with no count shown, ``auto`` probes as ``always``.
When gaps are left unprobed the report says how many and how to probe them."""

from __future__ import annotations

from typing import Callable

from tistory_migrate import urls
from tistory_migrate.i18n import N_, msg_n
from tistory_migrate.models import PostRef
from tistory_migrate.scrape import ScrapeContext

ABSENT_KEY = "probed_absent"
NOT_PROBED = N_("not probed")
COUNTED = ("public", "protected")  # what the blog's own count counts
BATCH = 16  # auto: gaps probed at a time, newest first, until the missing posts are found


def should_probe(ctx: ScrapeContext, whole_blog: bool) -> bool:
    """Probing makes sense for a scrape of the whole blog without filters."""
    return whole_blog and not ctx.options.filtered


def _gaps(ctx: ScrapeContext, refs: list[PostRef]) -> tuple[list[int], int]:
    """Every gap below the highest known number not remembered absent (oldest first), and how
    many of them ``probe_max_gap`` leaves out."""
    known = {int(r.id) for r in refs if r.id and r.id.isascii() and r.id.isdigit()}
    if ctx.archive is not None:
        known |= {int(i) for i in ctx.archive.post_ids() if i.isascii() and i.isdigit()}
    if not known:
        return [], 0
    limit = ctx.settings.scrape.probe_max_gap
    gaps, total = newest_gaps(known, limit)
    skipped = total - len(gaps)
    if ctx.archive is not None and not ctx.options.refresh:
        tried = set(ctx.archive.get_meta(ABSENT_KEY, []) or [])
        gaps = [g for g in gaps if str(g) not in tried]
    return gaps, skipped


def shortfall(ctx: ScrapeContext, refs: list[PostRef]) -> int | None:
    """How many posts the blog counts that were not found (None: the blog shows no count)."""
    if ctx.blog_total is None:
        return None
    found = {r.id for r in refs if r.id and r.kind == "post"}
    if ctx.archive is not None:
        stored = {s.id: s for s in ctx.archive.post_summaries(with_media=False)}
        found = {i for i in found if i not in stored or stored[i].status in COUNTED}
        found |= {i for i, s in stored.items() if (s.kind or "post") == "post" and s.status in COUNTED}
    return max(0, ctx.blog_total - len(found))


def _not_probed(ctx: ScrapeContext, n: int) -> None:
    if not n:
        return
    ctx.report.probe[NOT_PROBED] = n
    if ctx.settings.scrape.probe_ids == "never":
        ctx.warn(msg_n("{n} post number below the newest was not probed (scrape.probe_ids = \"never\"). To probe it, "
                       "set scrape.probe_ids = \"always\" in the settings file.",
                       "{n} post numbers below the newest were not probed (scrape.probe_ids = \"never\"). To probe "
                       "them, set scrape.probe_ids = \"always\" in the settings file.", n, n=n))
    else:
        ctx.warn(msg_n("{n} post number below the newest was not probed: the posts found match the blog's own count. "
                       "To probe it, set scrape.probe_ids = \"always\" in the settings file.",
                       "{n} post numbers below the newest were not probed: the posts found match the blog's own "
                       "count. To probe them, set scrape.probe_ids = \"always\" in the settings file.", n, n=n))


def probe_ids(ctx: ScrapeContext, refs: list[PostRef]) -> list[str]:
    """The numbers a run would probe, oldest first (the dry run's estimate: ``auto`` counts as
    many as it may need); sets ``report.probe``."""
    mode = ctx.settings.scrape.probe_ids
    gaps, skipped = _gaps(ctx, refs)
    if not (gaps or skipped):
        return []
    ctx.report.probe = {"gaps": len(gaps) + skipped, "probed": 0, "found": 0, "skipped": skipped}
    need = shortfall(ctx, refs) if mode == "auto" else None
    if mode == "never" or need == 0:
        _not_probed(ctx, len(gaps))
        return []
    return [str(g) for g in gaps]


def run_probes(ctx: ScrapeContext, refs: list[PostRef], read: Callable[[list[tuple[PostRef, bool]]], list[bool]],
               planned: int) -> None:
    """Step 6: probe, newest first; ``auto`` stops once the posts the blog counts are found.
    ``read`` reads post pages as probes and says which were posts; ``planned`` is the progress
    bar's total so far."""
    ids = probe_ids(ctx, refs)
    if not ids:
        return
    need = shortfall(ctx, refs) if ctx.settings.scrape.probe_ids == "auto" else None
    newest_first = list(reversed(ids))
    ctx.progress.total("posts", planned + (len(ids) if need is None else min(len(ids), max(need, BATCH))))
    done = 0
    while done < len(newest_first) and (need is None or need > 0):
        batch = newest_first[done:] if need is None else newest_first[done:done + max(need, BATCH)]
        found = read([(PostRef(id=pid, url=urls.post_url(ctx.base_url, pid)), True) for pid in batch])
        record_probes(ctx, list(zip(batch, found)))
        done += len(batch)
        if need is not None:
            need -= sum(1 for f in found if f)
            ctx.progress.total("posts", planned + done + (min(len(ids) - done, max(need, BATCH)) if need > 0 else 0))
    _not_probed(ctx, len(newest_first) - done)


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
