"""A full disk: a scrape says "no space left" (exit 1, "free some space, then run the same
command again", in Korean too) and leaves a sound archive that resumes to a clean run's; an
export that fails on a full disk leaves no staging or temporary files behind.

The disk is a small tmpfs mounted for the test (Linux, as root). Without root or ``mount`` the
tests skip, except in CI (``CI`` set: CI runs as root), where that is a failure.
``errors.is_disk_full`` (ENOSPC, Windows' ERROR_DISK_FULL, SQLite's SQLITE_FULL) is tested
without a disk."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

from support.archive_dump import canonical_dump, diff, integrity_problems
from support.cli import run_cli
from support.paths import DEMO_BLOG
from tistory_migrate.errors import DiskFull, is_disk_full

URL = "https://seodaemun.tistory.com"


def _mount(folder: Path, size_kb: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    why = None
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        why = "not root: cannot mount a small tmpfs"
    else:
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            why = f"mount failed: {proc.stderr.strip()}"
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test a full disk: {why}")
        pytest.skip(why)


def _resize(folder: Path, size_kb: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size_kb}k", str(folder)], check=True)


@pytest.fixture
def small_disk(tmp_path):
    """``disk(size_kb)`` → a fresh folder on its own tmpfs of that size (unmounted afterwards)."""
    mounted: list[Path] = []

    def disk(size_kb: int) -> Path:
        folder = tmp_path / f"disk-{uuid.uuid4().hex[:8]}"
        _mount(folder, size_kb)
        mounted.append(folder)
        return folder

    yield disk
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _scrape(archive: Path, *extra: str):
    return run_cli(["scrape", URL, "-o", archive, "--mirror", DEMO_BLOG, "--quiet", *extra])


def _has_schema(archive: Path) -> bool:
    db = archive / "archive.sqlite3"
    if not db.exists():
        return False
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name='posts'").fetchone())


@pytest.fixture(scope="module")
def clean_dump(tmp_path_factory):
    archive = tmp_path_factory.mktemp("clean") / "a"
    assert _scrape(archive).code == 0
    return canonical_dump(archive)


# The demo archive is about 500 KB (324 KB database, 176 KB pictures): these sizes run out while
# the database is written, while the pictures are, and near the end.
@pytest.mark.parametrize("size_kb", [40, 200, 420, 540])
def test_a_scrape_on_a_full_disk_says_so_and_resumes_to_a_clean_run(tmp_path, small_disk, clean_dump, size_kb):
    disk = small_disk(size_kb)
    archive = disk / "a"
    result = _scrape(archive)
    assert result.code == 1, result.text
    assert "Traceback" not in result.text and "internal error" not in result.text.lower(), result.text
    assert "There is no space left on the disk" in result.text, result.text
    assert "Free some space, then run the same command again" in result.text
    if _has_schema(archive):  # sound as it is: it opens, nothing partial (a run stopped before has none yet)
        opened = run_cli(["export", archive, "-f", "jsonl", "-o", tmp_path / "check", "--quiet"])
        assert opened.code == 0, opened.text
        problems = integrity_problems(archive)
        assert not [p for p in problems if "partial" in p or "duplicate" in p], problems
    assert not list(archive.rglob(".tmp-*")), "a half-written file stayed behind"
    _resize(disk, 8192)  # the person frees some space
    again = _scrape(archive)
    assert again.code == 0, again.text
    resumed = canonical_dump(archive)
    assert integrity_problems(archive, resumed) == []
    assert diff(clean_dump, resumed) == []


def test_the_full_disk_message_is_in_korean_too(small_disk):
    archive = small_disk(120) / "a"
    result = _scrape(archive, "--lang", "ko")
    assert result.code == 1, result.text
    assert "디스크에 남은 공간이 없습니다" in result.text, result.text
    assert "같은 명령을 다시 실행하세요" in result.text
    assert "no space" not in result.text.lower()


@pytest.mark.parametrize("size_kb", [200, 600, 850])
def test_an_export_that_fills_the_disk_leaves_no_staging_or_temporary_files(tmp_path, small_disk, size_kb):
    archive = tmp_path / "a"
    assert _scrape(archive).code == 0
    out = small_disk(size_kb) / "out"
    result = run_cli(["export", archive, "-f", "all", "-o", out, "--quiet"])
    assert result.code == 1, result.text
    assert "Traceback" not in result.text and "There is no space left on the disk" in result.text, result.text
    left = [p.relative_to(out).as_posix() for p in out.rglob("*")] if out.exists() else []
    temporary = [p for p in left if any(part.startswith(".") or part.endswith(".tmp") for part in p.split("/"))]
    assert temporary == [], temporary


@pytest.mark.parametrize("exc", [
    OSError(errno.ENOSPC, "No space left on device"),
    type("WinErr", (OSError,), {"winerror": 112})(errno.EINVAL, "There is not enough space on the disk"),
    sqlite3.OperationalError("database or disk is full"),
])
def test_every_form_of_a_full_disk_is_recognised(exc):
    if isinstance(exc, sqlite3.OperationalError):
        exc.sqlite_errorcode = 13  # what sqlite3 sets for SQLITE_FULL
    assert is_disk_full(exc)
    try:
        try:
            raise exc
        except Exception as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as outer:
        assert is_disk_full(outer)
    assert not is_disk_full(OSError(errno.EACCES, "denied")) and not is_disk_full(ValueError("x"))
    assert "Free some space" in str(DiskFull())
