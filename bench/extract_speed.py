"""How much parse_post_page costs compared with a bare lxml parse of the same page.

Run: python bench/extract_speed.py [PAGE.html ...]
Without arguments it uses shared/real-pages (if present) and the extract snippets, padded to
about 100 KB so the figure is comparable across runs. Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from lxml import html as lxml_html

from tistory_migrate.discover.listing import parse_list_page
from tistory_migrate.extract.post import parse_post_page

ROOT = Path(__file__).resolve().parents[1]


def pages(argv: list[str]) -> list[Path]:
    if argv:
        return [Path(a) for a in argv]
    found = sorted((ROOT.parent / "shared" / "real-pages").glob("*.html"))
    found += [ROOT / "fixtures" / "snippets" / "extract" / "magazine-2025-post.html"]
    return [p for p in found if p.is_file()]


def pad(text: str, size: int = 100_000) -> str:
    """Grow a small page to ``size`` by repeating body paragraphs inside the body container."""
    if len(text) >= size:
        return text
    filler = "<p data-ke-size=\"size16\">본문 문단 padding text for the benchmark.</p>\n"
    marker = 'contents_style">' if 'contents_style">' in text else "<body"
    i = text.find(marker)
    if i < 0:
        return text
    i = text.find(">", i) + 1
    return text[:i] + filler * ((size - len(text)) // len(filler)) + text[i:]


def timed(fn, arg_text: str, url: str, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        fn(arg_text, url)
    return (time.perf_counter() - start) / rounds


def main(argv: list[str]) -> int:
    rounds = 30
    for path in pages(argv):
        text = pad(path.read_text(encoding="utf-8"))
        url = "https://bench.tistory.com/1"
        bare = timed(lambda t, _u: lxml_html.document_fromstring(t), text, url, rounds)
        post = timed(parse_post_page, text, url, rounds)
        listing = timed(parse_list_page, text, url, rounds)
        print(f"{path.name[:40]:40} {len(text)/1024:6.0f} KB  lxml {bare*1000:6.1f} ms  "
              f"parse_post_page {post*1000:6.1f} ms (x{post/bare:4.1f})  parse_list_page {listing*1000:6.1f} ms (x{listing/bare:4.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
