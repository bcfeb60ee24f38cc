"""``bench/run --quick`` works end to end (figures are printed, not asserted: timing goals are not
tests). Checks that every measurement is present and sane, so the benchmark cannot rot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_quick_runs_and_reports_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run"), "--quick", "--json-out", str(out)],
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "scrape / wget" in proc.stdout and "peak RSS ratio" in proc.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    posts = figures["posts"]
    assert figures["scrape"]["counts"] == {"public": posts}
    assert figures["scrape"]["media"]["ok"] == posts * 3 and figures["scrape"]["media"]["failed"] == 0
    assert figures["wget_floor"]["wall"] is None or figures["wget_floor"]["wall"] > 0
    assert 0 < figures["second_scrape"]["ratio"] < 1
    assert figures["extract"]["ratio"] > 1  # our work includes a parse, so it cannot beat a bare parse
    assert figures["politeness"]["wall_over_bound"] >= 0.95  # the per-host delay was really applied
    assert figures["politeness"]["blog_requests_per_post"] >= 1
    assert set(figures["memory"]["sizes"]) and figures["memory"]["ratio"] > 0
    assert figures["interrupt"]["SIGINT"]["exit_codes"] == [130]

    assert figures["comments"]["counts"]["posts read"] == posts
    assert set(figures["gaps"]) == {"lists 100", "lists 20", "HTML only"}
    for variant in figures["gaps"].values():
        assert variant["counts"] == {"public": posts} and variant["per_post"] >= 1 and variant["second_requests"] > 0
    assert figures["comments"]["first_per_post"] > 1 and figures["comments"]["second_per_post"] <= 1

    helper = figures["helper_page"]
    assert "skipped" not in helper or os.environ.get("TM_REQUIRE_BROWSER") != "1", helper
    if "skipped" not in helper:  # headless Chromium present: both sizes, both ways of opening the page
        assert sorted(helper["sizes"], key=int) == ["100", "1000"]
        for row in helper["sizes"].values():
            for mode in ("file", "served"):
                assert row[mode]["button_enabled"] and 0 < row[mode]["ready_ms"] < 60_000 and row[mode]["heap_mb"] > 0
        assert "helper page, 1000 posts: first copy button" in proc.stdout
