"""Cost of find_media + normalize_body per real page, against a bare lxml parse of the page.

    python bench/normalize_speed.py [PAGE.html ...]

Defaults to the shared real pages (../shared/real-pages). Prints milliseconds per page and
the ratio to ``lxml.html.fromstring`` on the whole page (goal: at most 5x). The body is sliced
once outside the timing (that is the extractor's job, measured elsewhere).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import lxml.html

from tistory_migrate.normalize import normalize_body
from tistory_migrate.normalize.images import find_media

REAL = Path(__file__).resolve().parents[2] / "shared" / "real-pages"


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


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted(REAL.glob("*.html"))
    if not files:
        print("no pages (pass paths, or provide ../shared/real-pages)")
        return 1
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
