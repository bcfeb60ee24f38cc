#!/usr/bin/env python3
"""Bounds before reading (issue 17), measured: each line is the bounded way against the
unbounded baseline, both measured in this run (``tracemalloc`` peaks and wall times).

    .venv/bin/python bench/bounds.py           # prints a table, then the figures as JSON
    .venv/bin/python bench/bounds.py --quick   # smaller inputs

* probe: the numbers to probe below a far top id (``scrape.probe.newest_gaps``) against the old
  rule, which listed every number below the top (at 3,000,000,000 it exhausts memory; here the
  top is small enough for the old rule to finish);
* backup page: a post page of 30 MB deflated inside a small zip, read with the default
  ``backup.max_post_bytes`` (refused by its declared size) against the limit raised (read whole);
* JSON: ``jsonbound.loads`` against ``json.loads`` on a large list answer (the cost of the depth
  scan), and the time to refuse 100,000 nested arrays (``json.loads`` raises RecursionError).
Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tistory_migrate import jsonbound  # noqa: E402
from tistory_migrate.backup import open_backups  # noqa: E402
from tistory_migrate.scrape.probe import newest_gaps  # noqa: E402
from tistory_migrate.settings import BackupSettings  # noqa: E402


def measure(fn):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = fn()
    finally:
        wall = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, wall, peak


def old_gaps(known: set[int], limit: int) -> list[int]:
    gaps = [i for i in range(1, max(known)) if i not in known]
    return gaps[-limit:]


def probe(top: int) -> dict:
    known = {1, 2, 3, top}
    new, new_wall, new_peak = measure(lambda: newest_gaps(known, 2000)[0])
    old, old_wall, old_peak = measure(lambda: old_gaps(known, 2000))
    assert new == old
    return {"top": top, "old_peak": old_peak, "new_peak": new_peak, "old_wall": round(old_wall, 3),
            "new_wall": round(new_wall, 5), "peak_ratio": round(new_peak / old_peak, 5)}


def backup_page(size: int) -> dict:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        body = ("<p>" + "가" * 40 + "</p>\n") * (size // 130 + 1)
        z.writestr("big-1-1/1/1.html", "<html><head><title>큰 글</title></head><body><div class='article-view'>"
                                       f"<div class='contents_style'>{body}</div></div></body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big-1-1.zip"
        path.write_bytes(buf.getvalue())

        def read(settings: BackupSettings) -> str:
            with open_backups([path], settings) as bs:
                return next(iter(bs.posts())).status

        bounded, b_wall, b_peak = measure(lambda: read(BackupSettings()))
        whole, w_wall, w_peak = measure(lambda: read(BackupSettings(max_post_bytes=size * 2)))
    return {"page_bytes": size, "zip_bytes": len(buf.getvalue()), "bounded_status": bounded, "whole_status": whole,
            "bounded_peak": b_peak, "whole_peak": w_peak, "bounded_wall": round(b_wall, 3), "whole_wall": round(w_wall, 3),
            "peak_ratio": round(b_peak / w_peak, 4)}


def json_cost(items: int) -> dict:
    text = json.dumps({"resultCode": "S", "postList": [{"logNo": str(223100000000 + i), "title": "제목%20" * 5,
                                                       "addDate": "2024. 1. 1."} for i in range(items)]})
    def wall(fn) -> float:  # no tracemalloc here: it would slow both sides unevenly
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    runs = 3
    plain = min(wall(lambda: json.loads(text)) for _ in range(runs))
    bounded = min(wall(lambda: jsonbound.loads(text)) for _ in range(runs))
    deep = "[" * 100_000 + "]" * 100_000
    start = time.perf_counter()
    try:
        jsonbound.loads(deep)
    except jsonbound.JsonRefused:
        pass
    refuse = time.perf_counter() - start
    return {"bytes": len(text), "json_loads": round(plain, 4), "jsonbound_loads": round(bounded, 4),
            "ratio": round(bounded / plain, 2), "refuse_100k_nested": round(refuse, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    figures = {
        "probe": probe(200_000 if args.quick else 2_000_000),
        "backup_page": backup_page((25 if args.quick else 30) * 1024 * 1024),
        "json": json_cost(10_000 if args.quick else 100_000),
    }
    p, b, j = figures["probe"], figures["backup_page"], figures["json"]
    rows = [
        (f"probe below /{p['top']:,}: peak bounded / old", f"{p['new_peak']:,} / {p['old_peak']:,} B = {p['peak_ratio']}",
         "flat (≈ probe_max_gap numbers)"),
        ("probe: wall bounded / old", f"{p['new_wall']} s / {p['old_wall']} s", "—"),
        (f"backup page {b['page_bytes']:,} B in a {b['zip_bytes']:,} B zip: peak bounded / read whole",
         f"{b['bounded_peak']:,} / {b['whole_peak']:,} B = {b['peak_ratio']}", "≪ 1 (refused before inflating)"),
        ("backup page: status bounded / whole", f"{b['bounded_status']} / {b['whole_status']}", "failed / read"),
        (f"JSON {j['bytes']:,} B: jsonbound / json.loads", f"{j['jsonbound_loads']} s / {j['json_loads']} s = {j['ratio']}",
         "— (the depth scan's cost; a Naver list page is ~30 KB)"),
        ("JSON of 100,000 nested arrays: refused in", f"{j['refuse_100k_nested']} s", "< 1 s, no RecursionError"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, goal in rows:
        print(f"{name:<{width}}  {value:<40}  goal: {goal}")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
