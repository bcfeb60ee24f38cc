"""The whole per-page cost the pipeline pays, against a bare lxml parse of the same page.

    python bench/page_speed.py [--json] [--quick] [PAGE.html ...]

Per page: ``parse_post_page`` + ``find_media`` (scrape time) and ``normalize_body`` (export
time), each timed as the best of several rounds, summed, and divided by the best time of
``lxml.html.fromstring(page)``. The issue "Proof" sets the goal at 5x or less.

Pages (default): the real pages in ../shared/real-pages (skipped when absent), every post page
of the demo blog and of fixtures/blogs/hanbit-custom (with their real URLs from urls.tsv), and
two synthetic big pages (a demo post whose body is repeated until the page is ~300 KB / ~1 MB,
so a long post with many pictures is covered too). Prints a table, then the median and worst
ratio; ``--json`` prints the same figures as JSON instead. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import lxml.html

from tistory_migrate.extract.post import parse_post_page
from tistory_migrate.normalize import normalize_body
from tistory_migrate.normalize.images import find_media
from tistory_migrate.urls import blog_base

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-pages"
DEMO = ROOT / "src" / "tistory_migrate" / "demo" / "seodaemun"
HANBIT = ROOT / "fixtures" / "blogs" / "hanbit-custom"
# The crawler that saved the real pages kept no URL; these are the posts they were read from.
REAL_URLS = {
    "2009-classic-skin-post-dom-dump.html": "https://leeesann.tistory.com/1023",
    "2018-odyssey-like-post-dom-dump.html": "https://0314625.tistory.com/98",
}
BODY_OPEN = 'class="tt_article_useless_p_margin'


@dataclass
class Row:
    page: str
    kb: float
    lxml_ms: float
    extract_ms: float
    media_ms: float
    normalize_ms: float
    ratio: float


def best_of(fn, budget: float) -> float:
    """Best time of one call: rounds of calls until ``budget`` seconds are spent (at least 5)."""
    best = float("inf")
    spent = 0.0
    rounds = 0
    while rounds < 5 or spent < budget:
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        best = min(best, took)
        spent += took
        rounds += 1
    return best


def urls_of(folder: Path) -> dict[str, str]:
    """file path (relative) -> URL, from a fixture blog's urls.tsv."""
    out = {}
    for line in (folder / "urls.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        url, path = line.split("\t")[:2]
        out[path] = url
    return out


def blog_pages(folder: Path) -> list[tuple[str, str, str]]:
    if not (folder / "urls.tsv").is_file():
        return []
    urls = urls_of(folder)
    return [(f"{folder.name}/{p}", (folder / p).read_text(encoding="utf-8"), u)
            for p, u in sorted(urls.items()) if p.startswith("posts/") and p.endswith(".html")]


def grown(html: str, size: int) -> str:
    """``html`` with its body content repeated until the page is about ``size`` characters."""
    i = html.find(BODY_OPEN)
    if i < 0:
        return html
    start = html.find(">", i) + 1
    # The demo skin puts an ad unit right after the body: the wrapper's "</div>" precedes it.
    end = html.rfind("</div>", start, html.find("<!-- System - START -->", start))
    if end < 0:
        return html
    body = html[start:end]
    copies = max(1, (size - len(html)) // max(1, len(body)))
    return html[:start] + body * (copies + 1) + html[end:]


def default_pages() -> list[tuple[str, str, str]]:
    pages = []
    for path in sorted(REAL.glob("*.html")):
        pages.append((f"real/{path.name}", path.read_text(encoding="utf-8", errors="replace"),
                      REAL_URLS.get(path.name, "https://example.tistory.com/1")))
    pages += blog_pages(DEMO)
    pages += blog_pages(HANBIT)
    demo = DEMO / "posts" / "168.html"
    if demo.is_file():
        text = demo.read_text(encoding="utf-8")
        for size in (300_000, 1_000_000):
            pages.append((f"synthetic/168x{size // 1000}k", grown(text, size), "https://seodaemun.tistory.com/168"))
    return pages


def measure(name: str, html: str, url: str, budget: float) -> Row:
    result = parse_post_page(html, url)
    base = best_of(lambda: lxml.html.fromstring(html), budget)
    extract = best_of(lambda: parse_post_page(html, url), budget)
    media = norm = 0.0
    if result.post is not None and result.post.body_raw:  # a protected post has no body to scan
        body = result.post.body_raw
        page_url = result.post.url
        hosts = [blog_base(page_url).split("://", 1)[1]]
        media = best_of(lambda: find_media(body, page_url), budget)
        norm = best_of(lambda: normalize_body(body, page_url=page_url, blog_hosts=hosts), budget)
    else:
        name += f" ({result.kind})"
    return Row(name, round(len(html) / 1024, 1), base * 1000, extract * 1000, media * 1000, norm * 1000,
               (extract + media + norm) / base)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="*", help="post pages (default: real, demo, hanbit, synthetic)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--quick", action="store_true", help="shorter timing (noisier)")
    ap.add_argument("--url", default="https://example.tistory.com/1", help="URL for PAGE arguments")
    args = ap.parse_args(argv)
    if args.pages:
        pages = [(p, Path(p).read_text(encoding="utf-8", errors="replace"), args.url) for p in args.pages]
    else:
        pages = default_pages()
    if not pages:
        print("no pages")
        return 1
    budget = 0.05 if args.quick else 0.25
    rows = [measure(name, html, url, budget) for name, html, url in pages]
    ratios = [r.ratio for r in rows]
    median, worst = statistics.median(ratios), max(ratios)
    worst_page = rows[ratios.index(worst)].page
    if args.json:
        print(json.dumps({"goal": 5.0, "median_ratio": round(median, 2), "worst_ratio": round(worst, 2),
                          "worst_page": worst_page,
                          "pages": [{k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(r).items()}
                                    for r in rows]}, ensure_ascii=False, indent=1))
        return 0
    print(f"{'page':42} {'KB':>6} {'lxml':>7} {'extract':>8} {'media':>7} {'norm':>7} {'ratio':>6}   (ms)")
    for r in rows:
        print(f"{r.page[:42]:42} {r.kb:6.0f} {r.lxml_ms:7.2f} {r.extract_ms:8.2f} {r.media_ms:7.2f} "
              f"{r.normalize_ms:7.2f} {r.ratio:5.1f}x")
    print(f"pages: {len(rows)}  median ratio: {median:.2f}x  worst ratio: {worst:.2f}x ({worst_page})  "
          f"goal: <= 5x  [(parse_post_page + find_media + normalize_body) / lxml.html.fromstring]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
