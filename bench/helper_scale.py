"""The Naver helper page at blog scale, in headless Chromium (Debian's /usr/bin/chromium).

    python bench/helper_scale.py [--quick] [--sizes 1000,10000] [--json]

For each size a helper (index.html + data/ chunks) is written by the exporter's own page code
(``page.write_page`` + ``page.Chunks``) for synthetic posts of about 3 KB of body and three
pictures each, then opened twice: from disk (``file://``) and served by the helper
(``exporters.naver.serve``, 127.0.0.1). Measured per size: the time from navigation to the first
card's copy button being usable (the median of three loads, one with ``--quick``; ``window.__tmReady``, set by the page when the first card's data
is in), the JS heap after load (after a garbage collection), the longest task (PerformanceObserver
"longtask") and index.html's size. The baseline is a one-post helper measured in the same run.
Goals (issue 13): at 1,000 posts <= 1 s; at 10,000 within 2x of the 1,000 figure. Prints
figures; asserts nothing. ``--quick`` measures 100 and 1,000 posts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from tistory_migrate.exporters.naver.page import Chunks, write_page  # noqa: E402
from tistory_migrate.exporters.naver.sequence import paste_sequence  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
LONGTASKS = """
window.__longest = 0;
try {
  new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
    .observe({type: 'longtask', buffered: true});
} catch (e) {}
"""


def record(i: int) -> dict:
    folder = f"posts/{i:05d}-{1000 + i}"
    paras = [f"<p>{i}번째 글의 {j}번째 문단입니다. 서대문구 소식과 주민 이야기를 전합니다. " * 3 + "</p>" for j in range(6)]
    markers = [f"[사진 {n:02d}] {n:02d}-사진.jpg" for n in (1, 2, 3)]
    html = "\n".join(paras[:2] + [f"<p>{markers[0]}</p>"] + paras[2:4] + [f"<p>{markers[1]}</p>", f"<p>{markers[2]}</p>"]
                     + paras[4:]) + "\n"
    images = [{"n": n, "marker": markers[n - 1], "src": f"{folder}/images/{n:02d}-사진.jpg", "why": ""} for n in (1, 2, 3)]
    return {"id": str(1000 + i), "n": i, "bundled": True, "folder": folder, "title": f"글 {i}: 협치 이야기",
            "url": f"https://bench.tistory.com/{1000 + i}", "date": "2020-01-01", "planned": "2026-01-05",
            "category": "소식", "naver_category": f"소식/{i % 12}", "status": "public", "status_ko": "공개",
            "reason": "", "choice": "private", "image_count": 3, "note_count": 1, "notes": ["사진 위치를 확인하세요."],
            "tags": ["서대문", "협치"], "html": html, "text": html, "images": images,
            "pieces": paste_sequence(html, [{"n": m["n"], "marker": m["marker"]} for m in images], {1: True, 2: True, 3: True})}


def build(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    chunks = Chunks(folder)
    with open(folder / "index.html", "w", encoding="utf-8", newline="\n") as fh:
        write_page(fh, chunks.split(record(i) for i in range(1, n + 1)), blog_host="bench.tistory.com",
                   blog_title="벤치 블로그", per_day=5, start_date=date(2026, 1, 5), max_image_bytes=20 << 20)
    (folder / "plan.csv").write_text("order\n", encoding="utf-8")
    return folder


def measure_page(browser, url: str, repeats: int = 3) -> dict:
    """The median run of ``repeats`` (each in a fresh browser context: nothing cached)."""
    runs = sorted((measure_once(browser, url) for _ in range(repeats)), key=lambda r: r["ready_ms"])
    return runs[len(runs) // 2]


def measure_once(browser, url: str) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(LONGTASKS)
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__tmReady !== null && window.__tmReady !== undefined", timeout=60_000,
                               polling=10)
        ready = page.evaluate("window.__tmReady")
        enabled = page.evaluate("!document.querySelector('article.post button[data-copy=body]').disabled")
        page.wait_for_timeout(300)  # let late long tasks land
        cdp = context.new_cdp_session(page)
        cdp.send("HeapProfiler.collectGarbage")
        heap = cdp.send("Runtime.getHeapUsage")["usedSize"]
        return {"ready_ms": ready, "button_enabled": enabled, "heap_mb": heap / (1 << 20),
                "longest_task_ms": page.evaluate("window.__longest")}
    finally:
        context.close()


def measure(sizes: list[int], work: Path, repeats: int = 3) -> dict:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    if not shutil.which(CHROMIUM):
        return {"skipped": f"{CHROMIUM} is missing"}
    from tistory_migrate.exporters.naver.serve import HelperServer

    figures: dict = {"sizes": {}}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for n in [1] + sizes:
                folder = build(work / f"helper-{n}", n)
                row = {"index_kb": (folder / "index.html").stat().st_size / 1024,
                       "file": measure_page(browser, (folder / "index.html").as_uri(), repeats)}
                server = HelperServer(folder)
                server.start_thread()
                try:
                    row["served"] = measure_page(browser, server.url, repeats)
                finally:
                    server.shutdown()
                    server.server_close()
                figures["sizes"][n] = row
        finally:
            browser.close()
    base = figures["sizes"].pop(1)
    figures["baseline_1_post"] = base
    small, large = sizes[0], sizes[-1]
    for mode in ("file", "served"):
        figures[f"{mode}_ratio_large_small"] = (figures["sizes"][large][mode]["ready_ms"]
                                                / max(figures["sizes"][small][mode]["ready_ms"], 1e-9))
    return figures


def table(figures: dict) -> str:
    if "skipped" in figures:
        return f"helper page at scale: skipped ({figures['skipped']})"
    lines = ["helper page at scale (headless Chromium): navigation -> first copy button usable, heap, longest task"]
    b = figures["baseline_1_post"]
    lines.append(f"  baseline 1 post: file {b['file']['ready_ms']:.0f} ms, served {b['served']['ready_ms']:.0f} ms")
    for n, row in figures["sizes"].items():
        for mode in ("file", "served"):
            r = row[mode]
            lines.append(f"  {n:>6} posts {mode:<6}: {r['ready_ms']:7.0f} ms, heap {r['heap_mb']:6.1f} MB, "
                         f"longest task {r['longest_task_ms']:5.0f} ms, index.html {row['index_kb']:.0f} KB")
    for mode in ("file", "served"):
        lines.append(f"  ready ratio largest/smallest ({mode}): {figures[f'{mode}_ratio_large_small']:.2f}  goal <= 2 "
                     "(and <= 1000 ms at 1,000 posts)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 posts")
    parser.add_argument("--sizes", default=None, help="comma-separated sizes (default 1000,10000)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in (args.sizes or ("100,1000" if args.quick else "1000,10000")).split(",")]
    work = Path(tempfile.mkdtemp(prefix="tm-helper-bench-"))
    try:
        figures = measure(sizes, work, repeats=1 if args.quick else 3)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, indent=1, default=str) if args.json else table(figures))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUTF8", "1")
    sys.exit(main())
