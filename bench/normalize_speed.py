"""Normalizing hostile bodies at depth d and 2d; the parse checks' cost on the demo blog and
fixtures; find_media + normalize_body per real page against a bare lxml parse of the page.

    python bench/normalize_speed.py [--json] [--quick] [PAGE.html ...]

1. The deepest hostile bodies (tests/support/hostile.py: nested blockquotes, nested tables,
   nested divs, unclosed spans, divs past libxml2's own limit) normalized at depth d and 2d:
   seconds and peak memory (tracemalloc) of ``normalize_body`` + ``find_media``, and the ratio
   2d / d (goal: <= 2.5, each under 5 s: linear, no recursion).
2. The demo blog's and the fixtures' bodies: ``markup.parse_checked`` (huge_tree, the error log
   read, capped markup where libxml2 stopped) + ``deeper_than`` + ``lost_characters`` (where the
   log has errors) against the plain libxml2 parse they replace, in the same run; and how many
   bodies needed the fallback.
3. Real pages (../shared/real-pages, or the paths given): milliseconds per page and the ratio to
   ``lxml.html.fromstring`` on the whole page (goal: at most 5x). The body is sliced once outside
   the timing (that is the extractor's job, measured elsewhere).
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from pathlib import Path

import lxml.html
from lxml import etree

from tistory_migrate import markup
from tistory_migrate.normalize import normalize_body
from tistory_migrate.normalize.images import find_media
from tistory_migrate.normalize.tree import MAX_DEPTH, lost_characters, preclean

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-pages"
sys.path.insert(0, str(ROOT / "tests"))
from support import hostile  # noqa: E402

# name -> (body at a depth, d): the deepest bodies of the bad-input corpus and twice as deep
HOSTILE = {
    "nested blockquotes": (hostile.nested_blockquotes, 250),
    "nested tables": (hostile.nested_tables, 24),
    "nested divs": (hostile.nested_divs, 300),
    "unclosed spans": (hostile.unclosed_spans, 400),
    "divs past libxml2's limit": (hostile.over_parser_limit, 2500),
}


def measure(body: str) -> tuple[float, float]:
    """Seconds (best of 3) and peak MB of normalize_body + find_media on ``body`` (then traced)."""
    seconds = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        normalize_body(body, page_url="https://x.tistory.com/1", blog_hosts=["x.tistory.com"])
        find_media(body, "https://x.tistory.com/1")
        seconds = min(seconds, time.perf_counter() - start)
    tracemalloc.start()
    normalize_body(body, page_url="https://x.tistory.com/1", blog_hosts=["x.tistory.com"])
    find_media(body, "https://x.tistory.com/1")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 1e6


def hostile_figures(quick: bool = False) -> list[dict]:
    measure(hostile.unclosed_spans(200))  # warm-up: imports (html5lib), compiled expressions
    rows = []
    for name, (make, d) in HOSTILE.items():
        if quick:
            d = max(d // 4, 4)
        one, two = measure(make(d)), measure(make(2 * d))
        rows.append({"body": name, "d": d, "seconds_d": one[0], "seconds_2d": two[0], "peak_mb_d": one[1],
                     "peak_mb_2d": two[1], "ratio": two[0] / one[0] if one[0] else None})
    return rows


def fixture_bodies() -> list[str]:
    """The bodies of the demo blog's and the fixture blogs' post pages, and the normalizer snippets."""
    from tistory_migrate.extract.post import parse_post_page

    bodies = []
    for folder in (ROOT / "fixtures" / "blogs").iterdir():
        for page in sorted((folder / "posts").glob("*.html")) if (folder / "posts").is_dir() else []:
            result = parse_post_page(page.read_text(encoding="utf-8", errors="replace"), "https://x.tistory.com/1")
            if result.post is not None and result.post.body_raw:
                bodies.append(result.post.body_raw)
    bodies += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "snippets" / "normalize").glob("*.html"))]
    return bodies


def parse_cost() -> dict:
    """The checked parse against the plain one it replaced, over every fixture body."""
    wrapped = [f"<html><body>{preclean(b)}</body></html>" for b in fixture_bodies()]
    plain = etree.HTMLParser()

    def before():
        for w in wrapped:
            etree.fromstring(w, plain)

    fell_back = 0

    def after():
        nonlocal fell_back
        fell_back = 0
        for w in wrapped:
            doc = markup.parse_checked(w)
            fell_back += markup.last_parse_fell_back()
            markup.deeper_than(doc, MAX_DEPTH)
            if markup.last_parse_errors() or markup.last_parse_fell_back():  # as tree.parse_body_checked
                lost_characters(w, doc.find("body"))

    base = best_of(before, repeat=5, number=3)
    ours = best_of(after, repeat=5, number=3)
    return {"bodies": len(wrapped), "kb": sum(map(len, wrapped)) / 1024, "plain_ms": base * 1000,
            "checked_ms": ours * 1000, "ratio": ours / base, "fell_back": fell_back}


def best_of(fn, repeat: int = 7, number: int = 20) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def body_of(html: str) -> str:
    page = lxml.html.fromstring(html)
    for xp in ("//*[contains(concat(' ', @class, ' '), ' tt_article_useless_p_margin ')]",
               "//*[contains(concat(' ', @class, ' '), ' contents_style ')]", "//*[@id='article-view']"):  # fmt: skip
        found = page.xpath(xp)
        if found:
            # the container's parent: the body plus the chrome around it, as an extractor may hand over
            return lxml.html.tostring(found[0].getparent(), encoding="unicode")
    return html


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    quick = "--quick" in argv
    paths = [a for a in argv if not a.startswith("--")]
    figures = {"hostile": hostile_figures(quick), "parse_cost": parse_cost()}
    if as_json:
        print(json.dumps(figures, indent=1))
        return 0
    print(f"{'hostile body':28} {'d':>5} {'s at d':>7} {'s at 2d':>8} {'2d/d':>5} {'MB at d':>8} {'MB at 2d':>9}")
    for r in figures["hostile"]:
        print(f"{r['body']:28} {r['d']:5} {r['seconds_d']:7.3f} {r['seconds_2d']:8.3f} {r['ratio']:5.2f} "
              f"{r['peak_mb_d']:8.1f} {r['peak_mb_2d']:9.1f}")
    print("goal: 2d/d <= 2.5, each under 5 s")
    c = figures["parse_cost"]
    print(f"checked parse of {c['bodies']} demo/fixture bodies ({c['kb']:.0f} KB): {c['checked_ms']:.1f} ms against "
          f"{c['plain_ms']:.1f} ms plain ({c['ratio']:.2f}x); html5lib fallback needed by {c['fell_back']}")
    files = [Path(p) for p in paths] or sorted(REAL.glob("*.html"))
    if not files:
        print("no real pages (pass paths, or provide ../shared/real-pages)")
        return 0
    print(f"{'page':45} {'KB':>6} {'lxml ms':>8} {'media ms':>9} {'norm ms':>8} {'ratio':>6}")
    worst = 0.0
    for path in files:
        html = path.read_text(encoding="utf-8", errors="replace")
        body = body_of(html)
        base = best_of(lambda: lxml.html.fromstring(html))
        media = best_of(lambda: find_media(body, "https://x.tistory.com/1"))
        norm = best_of(lambda: normalize_body(body, page_url="https://x.tistory.com/1", blog_hosts=["x.tistory.com"]))
        ratio = (media + norm) / base
        worst = max(worst, ratio)
        print(f"{path.name[:45]:45} {len(html) / 1024:6.0f} {base * 1000:8.2f} {media * 1000:9.2f} {norm * 1000:8.2f} {ratio:5.1f}x")
    print(f"worst ratio (find_media + normalize_body) / fromstring: {worst:.1f}x (goal <= 5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
