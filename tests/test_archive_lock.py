"""The archive lock (``filelock``): a second run is refused with the plain "in use by another
run" message (exit 5), and a lock left by a run that was killed never blocks the next one,
with the operating system's lock and with filelock's fallback where ``fcntl`` is missing."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from support.cli import ROOT, assert_clean, run_cli
from support.paths import DEMO_BLOG
from tistory_migrate.archive import Archive
from tistory_migrate.errors import ArchiveError, ExitCode

URL = "https://seodaemun.tistory.com"

# A child that opens the archive for writing, says so, and waits to be killed. With
# ``no_fcntl`` the child cannot import fcntl (as on Windows), so filelock uses its fallback.
HOLDER = textwrap.dedent("""
    import sys, time
    if sys.argv[2] == "no_fcntl":
        import builtins
        real = builtins.__import__
        def guarded(name, *a, **k):
            if name == "fcntl":
                raise ImportError("No module named 'fcntl'")
            return real(name, *a, **k)
        builtins.__import__ = guarded
        sys.modules.pop("fcntl", None)
    import warnings
    warnings.simplefilter("ignore")
    from tistory_migrate.archive import Archive
    from tistory_migrate.errors import ArchiveError
    if sys.argv[3] == "hold":
        ar = Archive.open(sys.argv[1], create=True)
        print("held", flush=True)
        time.sleep(120)
    try:
        Archive.open(sys.argv[1]).close()
        print("opened")
    except ArchiveError as exc:
        print(exc.message)
""")


def _child(root: Path, mode: str, what: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", HOLDER, str(root), mode, what], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={"PYTHONPATH": str(ROOT / "src")}, **popen)


def _try_open(root: Path, mode: str) -> str:
    proc = _child(root, mode, "open")
    out, errs = proc.communicate(timeout=60)
    assert proc.returncode == 0, errs
    return out.strip()


def _hold(root: Path, mode: str = "native") -> subprocess.Popen:
    proc = _child(root, mode, "hold")
    line = proc.stdout.readline()
    assert line.strip() == "held", proc.stderr.read()
    return proc


def _kill(proc: subprocess.Popen) -> None:
    proc.kill()  # SIGKILL on Linux and macOS: no finally, no atexit, nothing released by Python
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()


@pytest.mark.parametrize("mode", ["native", "no_fcntl"])
def test_lock_held_by_another_process_refuses_then_a_kill_frees_it(tmp_path, mode):
    root = tmp_path / "a"
    holder = _hold(root, mode)
    try:
        assert "is in use by another tistory-migrate run" in _try_open(root, mode)
        if mode == "native":
            with pytest.raises(ArchiveError, match="in use by another tistory-migrate run"):
                Archive.open(root)
    finally:
        _kill(holder)
    assert holder.returncode == -signal.SIGKILL
    assert _try_open(root, mode) == "opened"  # at once: what the killed run left blocks nothing
    with Archive.open(root) as ar:
        assert ar.count_posts() == 0


def test_second_run_on_the_same_archive_exits_5_with_the_message(tmp_path):
    root = tmp_path / "a"
    holder = _hold(root)
    try:
        result = run_cli(["scrape", URL, "-o", root, "--mirror", DEMO_BLOG, "--quiet"])
    finally:
        _kill(holder)
    assert_clean(result, ExitCode.ARCHIVE, "is in use by another tistory-migrate run", "What to do:")
    again = run_cli(["scrape", URL, "-o", root, "--mirror", DEMO_BLOG, "--quiet"])
    assert again.code in (ExitCode.DONE, ExitCode.PARTIAL), again.text


def test_lock_is_released_on_close_and_on_a_refused_open(tmp_path):
    root = tmp_path / "a"
    with Archive.open(root, create=True):
        pass
    (root / "archive.sqlite3").write_bytes(b"not sqlite" * 200)
    with pytest.raises(ArchiveError, match="cannot be read"):
        Archive.open(root)
    with pytest.raises(ArchiveError, match="cannot be read"):  # not "in use": the lock went with the error
        Archive.open(root)


def test_readonly_open_of_a_folder_with_uri_characters(tmp_path):
    """A read-only open goes through an SQLite URI: '#', '?', '%' and Hangul in the folder
    name must not cut it short or change it."""
    root = tmp_path / "블로그 #1 ?100%"
    with Archive.open(root, create=True) as ar:
        ar.set_meta("k", "v")
    with Archive.open(root, readonly=True) as ro:
        assert ro.get_meta("k") == "v"
