#!/usr/bin/env python3
"""How long Ctrl-C (SIGINT) and SIGTERM take to stop a scrape whose fetches are in flight.

    .venv/bin/python bench/interrupt_latency.py [--posts 40 --stall 8 --repeat 3]

A synthetic blog (bench/synth.py) is served on 127.0.0.1 by a ``FixtureServer`` in this process
whose post pages and pictures are held ``--stall`` seconds and then dropped (a server that has
stopped answering): every page and media worker of the scrape (a child process, the real CLI
through --resolve) is waiting on a socket, with retries left (read timeout 5 s, 2 retries). Once
the first post page is being held, the child gets the signal; the figures are the time from the
signal to the child's exit (exit 130 expected) and the requests that reached the server after
it. Goal: ≤ 2 s, and no request after the signal. Prints one line per signal and the same
figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from support.cli import spawn  # noqa: E402
from support.faults import make_server  # noqa: E402
from support.slow import RequestClock  # noqa: E402

HOST = "latency.tistory.com"
POST_PAGE = re.compile(r"/\d+$")


def held(url: str) -> bool:
    return bool(POST_PAGE.search(url)) or synth.MEDIA_HOST in url


def one(blog: Path, work: Path, sig: int, stall: float, n: int) -> dict:
    cfg = work / "slow.toml"
    cfg.write_text("[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = 2\nbackoff_base = 1.0\n"
                   "read_timeout = 5.0\npage_workers = 2\nmedia_workers = 4\n", encoding="utf-8")
    clock = RequestClock(stall=stall, stall_if=held, then_reset=True)
    with make_server([blog], hook=clock) as server:
        proc = spawn(["scrape", f"https://{HOST}", "-o", str(work / f"archive-{n}"), "--quiet", "--config", str(cfg),
                      *server.resolve_args()], text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None and not any(held(u) for _t, u in clock.times):
            time.sleep(0.01)
        time.sleep(0.5)  # the workers are waiting on held answers now
        sent = time.monotonic()
        proc.send_signal(sig)
        try:
            out, err = proc.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        latency = time.monotonic() - sent
        after = clock.after(sent + 0.05)  # a request already on the wire when the signal left is not "after"
    return {"signal": signal.Signals(sig).name, "latency_s": round(latency, 3), "exit": proc.returncode,
            "requests_after_signal": len(after)}


def measure(work: Path, *, posts: int = 40, stall: float = 8.0, repeat: int = 3) -> dict:
    """The figures: one run per signal and repeat, and per signal the median and worst latency."""
    work.mkdir(parents=True, exist_ok=True)
    blog = synth.build(work / "blog", posts=posts, host=HOST, seed=5).folder
    signals = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") and os.name != "nt" else [])
    runs = [one(blog, work, sig, stall, n) for n, sig in enumerate(signals * repeat)]
    figures: dict = {"runs": runs}
    for sig in sorted({r["signal"] for r in runs}):
        mine = [r for r in runs if r["signal"] == sig]
        figures[sig] = {"median_s": statistics.median(r["latency_s"] for r in mine),
                        "max_s": max(r["latency_s"] for r in mine),
                        "requests_after_signal": sum(r["requests_after_signal"] for r in mine),
                        "exit_codes": sorted({r["exit"] for r in mine})}
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--stall", type=float, default=8.0, help="seconds each held answer is held")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    figures = measure(Path(tempfile.mkdtemp(prefix="tm-interrupt-")), posts=args.posts, stall=args.stall,
                      repeat=args.repeat)
    for sig in ("SIGINT", "SIGTERM"):
        if sig in figures:
            f = figures[sig]
            print(f"interrupt latency ({sig}): median {f['median_s']:.2f} s, max {f['max_s']:.2f} s (goal ≤ 2 s); "
                  f"requests after the signal: {f['requests_after_signal']} (goal 0); exit {f['exit_codes']}")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
