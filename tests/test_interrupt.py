"""Interruptions: ``scrape`` as a subprocess, stopped at seeded random moments five times (SIGINT
and SIGKILL), resumed each time; the final archive equals a clean run's, with no duplicate rows,
no partial media and no temporary files left. Ctrl-C and SIGTERM while every fetch is held by
the server: exit 130 at once, no request after the signal, a sound resume."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from support.archive_dump import canonical_dump, diff, integrity_problems
from support.cli import run_cli_process, spawn
from support.faults import make_server
from support.slow import RequestClock
from tistory_migrate.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402  (bench/synth.py: the synthetic blog generator)

POSTS = 120
HOST = "interrupt.tistory.com"
SEED = 20240601


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blog")
    synth.build(folder, posts=POSTS, host=HOST, seed=3)
    return folder


def _config(folder: Path) -> Path:
    cfg = folder / "slow.toml"
    # A small page delay spreads the run over ~2 s so the interruptions land in every phase
    # (discovery, post pages, media downloads, the final report).
    cfg.write_text("[fetch]\npage_delay = 0.01\nmedia_delay = 0.0\nretries = 2\nbackoff_base = 0.01\n"
                   "backoff_max = 0.05\nread_timeout = 5.0\nmedia_workers = 4\n", encoding="utf-8")
    return cfg


def _first_request(server, proc, timeout: float = 30) -> None:
    """Wait until the process's first request reaches the server (or it ends)."""
    seen = len(server.log)
    deadline = time.monotonic() + timeout
    while len(server.log) == seen and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)


def test_five_interruptions_then_resume_equal_a_clean_run(tmp_path, blog):
    cfg = _config(tmp_path)
    rng = random.Random(SEED)
    with make_server([blog]) as server:
        # --comments: the comment endpoint is interrupted too (a post's comments stored whole or not at all)
        args = ["scrape", f"https://{HOST}", "--quiet", "--comments", "--config", str(cfg), *server.resolve_args()]
        clean = spawn([*args, "-o", str(tmp_path / "clean")], text=True)
        _first_request(server, clean)
        started = time.monotonic()  # the run's own time, without the interpreter's start
        out, err = clean.communicate(timeout=120)
        clean_seconds = time.monotonic() - started
        assert clean.returncode == 0, out + err

        archive = tmp_path / "resumed"
        signals = [signal.SIGINT, signal.SIGKILL, signal.SIGINT, signal.SIGKILL, rng.choice([signal.SIGINT, signal.SIGKILL])]
        interrupted = 0
        for sig in signals:
            proc = spawn([*args, "-o", str(archive)], text=True)
            # Wait for its first request (the interpreter has started and the CLI installed its
            # handlers), then a random moment within the time a clean run takes.
            _first_request(server, proc)
            time.sleep(rng.uniform(0.0, max(0.2, clean_seconds * 0.7)))
            proc.send_signal(sig)
            out, err = proc.communicate(timeout=60)
            if proc.returncode == 0:
                continue  # it finished before the signal: nothing was interrupted this time
            interrupted += 1
            if sig == signal.SIGINT:
                assert proc.returncode == ExitCode.INTERRUPTED, out + err
                assert "Traceback" not in out + err
                assert "Run the same command again to resume" in out + err
            else:
                assert proc.returncode == -signal.SIGKILL
            if (archive / "archive.sqlite3").exists():
                # whatever the moment, no media file is partial: tmp names only, never a wrong final file
                problems = integrity_problems(archive)
                assert not [p for p in problems if "partial" in p or "duplicate" in p or "missing" in p], problems
        assert interrupted >= 3, "the interruptions came too late to interrupt anything"

        final = run_cli_process([*args, "-o", str(archive)])
        assert final.code == 0, final.text
    resumed_dump = canonical_dump(archive)
    assert integrity_problems(archive, resumed_dump) == []
    assert not list(archive.rglob(".tmp-*"))
    clean_dump = canonical_dump(tmp_path / "clean")
    assert clean_dump["counts"]["posts"] == POSTS
    assert diff(clean_dump, resumed_dump) == []


def test_resume_after_kill_during_media_leaves_no_orphans(tmp_path, blog):
    """A kill right after posts are stored but before every image is: the resume downloads only
    what is missing and the folder ends with exactly one file per media record."""
    cfg = _config(tmp_path)
    with make_server([blog]) as server:
        args = ["scrape", f"https://{HOST}", "--quiet", "--config", str(cfg), *server.resolve_args(),
                "-o", str(tmp_path / "a")]
        proc = spawn(args)
        deadline = time.monotonic() + 30
        media = tmp_path / "a" / "media"
        while time.monotonic() < deadline and proc.poll() is None:
            if media.is_dir() and sum(1 for _ in media.rglob("*.png")) >= 30:
                break
            time.sleep(0.02)
        proc.kill()
        proc.communicate(timeout=30)
        log_before = len(server.log)
        final = run_cli_process(args)
        assert final.code == 0, final.text
        resumed_requests = server.log[log_before:]
    dump = canonical_dump(tmp_path / "a")
    assert integrity_problems(tmp_path / "a", dump) == []
    assert dump["counts"]["media"] == POSTS * synth.IMAGES_PER_POST
    # images already stored were not fetched again
    media_fetched = [u for u in resumed_requests if synth.MEDIA_HOST in u]
    assert len(media_fetched) < POSTS * synth.IMAGES_PER_POST


def _held(url: str) -> bool:
    """Post pages and pictures: what the page and media workers fetch."""
    return bool(re.search(r"/\d+$", url)) or synth.MEDIA_HOST in url


STOP_SIGNALS = [signal.SIGINT] + ([signal.SIGTERM] if os.name != "nt" else [])


@pytest.mark.parametrize("sig", STOP_SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_stops_fetches_in_flight_at_once_and_no_request_follows(tmp_path, blog, sig):
    """Every worker waits on an answer the server holds (8 s, then the connection drops; read
    timeout 5 s, retries left): the signal ends them all, exit 130 follows at once, no request
    reaches the server after the signal, and the resume (with a server that answers) ends with
    the archive a clean run makes: nothing was half stored by the abandoned fetches."""
    cfg = tmp_path / "held.toml"
    cfg.write_text("[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = 2\nbackoff_base = 1.0\n"
                   "read_timeout = 5.0\npage_workers = 2\nmedia_workers = 4\n", encoding="utf-8")
    archive = tmp_path / "a"
    clock = RequestClock(stall=8.0, stall_if=_held, then_reset=True)
    with make_server([blog], hook=clock) as server:
        args = ["scrape", f"https://{HOST}", "--quiet", "--config", str(cfg), *server.resolve_args()]
        proc = spawn([*args, "-o", str(archive)], text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None and not any(_held(u) for _t, u in clock.times):
            time.sleep(0.01)
        time.sleep(0.5)  # the workers are all waiting on held answers now
        sent = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        latency = time.monotonic() - sent
        after = clock.after(sent + 0.05)  # a request already on the wire when the signal left is not "after"
    assert proc.returncode == ExitCode.INTERRUPTED, out + err
    assert "Traceback" not in out + err and "Run the same command again to resume" in out + err
    assert latency < 10, latency
    assert after == [], after
    problems = integrity_problems(archive)
    assert not [p for p in problems if "partial" in p or "duplicate" in p or "missing" in p], problems
    dump = canonical_dump(archive)
    stored = json.dumps([dump["posts"], dump["media"]], ensure_ascii=False)
    assert "interrupted" not in stored, "an abandoned fetch was stored as a failure"

    with make_server([blog]) as server:
        args = ["scrape", f"https://{HOST}", "--quiet", "--config", str(_config(tmp_path)), *server.resolve_args()]
        assert run_cli_process([*args, "-o", str(archive)]).code == 0
        assert run_cli_process([*args, "-o", str(tmp_path / "clean")]).code == 0
    resumed = canonical_dump(archive)
    assert integrity_problems(archive, resumed) == []
    assert not list(archive.rglob(".tmp-*"))
    assert diff(canonical_dump(tmp_path / "clean"), resumed) == []
