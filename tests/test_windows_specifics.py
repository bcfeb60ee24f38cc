"""What a Windows user meets, simulated on Linux: a file of the output open in another program
(Windows refuses to replace or remove it: PermissionError, WinError 32) gives a clear message
naming it, exit 1, nothing half-moved; an archive in a synced or network folder gets a
warning; a platform without SIGTERM runs the same."""

from __future__ import annotations

import os
import signal
import types
from pathlib import Path

import pytest

from support.cli import assert_clean, run_cli, scrape_demo_mirror
from support.paths import DEMO_BLOG
from tistory_migrate import cli
from tistory_migrate.archive import location
from tistory_migrate.archive.location import location_notices
from tistory_migrate.errors import ExitCode

URL = "https://seodaemun.tistory.com"
IN_USE = "The process cannot access the file because it is being used by another process"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return scrape_demo_mirror(tmp_path_factory.mktemp("win") / "archive")


def _export(archive: Path, out: Path, *formats: str, start: str = "2026-01-05"):
    args = ["export", archive, "-o", out, "--start-date", start]
    for f in formats:
        args += ["--format", f]
    return run_cli(args)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(root.rglob("*"))}


def _hold_open(monkeypatch, held: Path, top: Path) -> None:
    """Do what Windows does while another program holds ``held`` open: refuse to remove it, to
    replace it, or to move or remove it or any folder it is in below ``top`` (PermissionError,
    WinError 32: the sharing violation)."""
    import shutil

    def touches(path) -> bool:
        path = Path(os.path.abspath(path))
        return path == held or (path in held.parents and path.is_relative_to(top) and path != top)

    def guard(real):
        def refusing(*args, **kwargs):
            for path in args[:2]:
                if isinstance(path, (str, os.PathLike)) and "dir_fd" not in kwargs and touches(path):
                    raise PermissionError(13, IN_USE, str(path))
            return real(*args, **kwargs)
        return refusing

    for name in ("replace", "rename", "unlink", "remove", "rmdir"):
        monkeypatch.setattr(os, name, guard(getattr(os, name)))
    real_rmtree = shutil.rmtree

    def rmtree(path, *args, **kwargs):
        if touches(path) or held.is_relative_to(os.path.abspath(path)):
            raise PermissionError(13, IN_USE, str(held))
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", rmtree)


@pytest.mark.parametrize("locked", ["posts/09-156/images/01-", "plan.csv", "index.html"])
def test_naver_reexport_with_a_file_open_changes_nothing(archive, tmp_path, monkeypatch, locked):
    out = tmp_path / "out"
    assert _export(archive, out, "naver").code == 0
    naver = out / "naver"
    (naver / "posts" / "01-112" / "mine.txt").write_text("내 메모", encoding="utf-8")
    (naver / "posts" / "77-999").mkdir()  # a stale bundle of an earlier, longer export
    before = _snapshot(naver)
    held = next(p for p in sorted(naver.rglob("*")) if p.relative_to(naver).as_posix().startswith(locked))
    with monkeypatch.context() as m:
        _hold_open(m, held, naver)
        result = _export(archive, out, "naver", start="2026-03-02")  # another plan: every bundle changes
    assert_clean(result, ExitCode.PARTIAL, "is open in another program", "Close it, then run the same command again.")
    shown = held if held.name in ("plan.csv", "index.html") else held.parent.parent  # Windows names the folder it cannot move
    assert str(shown) in result.err
    assert _snapshot(naver) == before  # nothing half-moved, nothing staged left
    again = _export(archive, out, "naver", start="2026-03-02")
    assert again.code == 0, again.text
    assert (naver / "posts" / "01-112" / "mine.txt").read_text(encoding="utf-8") == "내 메모"
    assert not (naver / "posts" / "77-999").exists() and not (naver / ".staging").exists()
    assert "2026-03-02" in (naver / "plan.csv").read_text(encoding="utf-8-sig")


def test_jsonl_picture_open_in_a_viewer_is_named(archive, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _export(archive, out, "jsonl").code == 0
    picture = sorted((out / "jsonl" / "media").rglob("*.*"))[0]
    picture.write_bytes(bytes(picture.stat().st_size))  # edited: the re-export must replace it
    with monkeypatch.context() as m:
        _hold_open(m, picture, out / "jsonl")
        result = _export(archive, out, "jsonl")
    assert_clean(result, ExitCode.PARTIAL, f"{picture} is open in another program (an image viewer, Excel?)",
                 "What to do: Close it, then run the same command again.")
    assert _export(archive, out, "jsonl").code == 0


@pytest.mark.parametrize("folder", [
    "OneDrive", "OneDrive - 서울특별시", "Dropbox", "Dropbox (Personal)", "Google Drive", "My Drive", "iCloud Drive",
    "iCloudDrive", "Library/Mobile Documents/com~apple~CloudDocs", "Library/CloudStorage/OneDrive-Personal",
    "Library/CloudStorage/GoogleDrive-me@example.com", "Box", "Box Sync",
])  # fmt: skip
def test_synced_folders_get_a_warning(tmp_path, folder):
    (notice,) = location_notices(tmp_path / folder / "blog-archive")
    assert "syncs" in notice and str(tmp_path / folder / "blog-archive") in notice


def test_onedrive_known_folder_and_local_folders(tmp_path, monkeypatch):
    assert location_notices(tmp_path / "archive") == []
    assert location_notices(tmp_path / "onedrive-notes-like" / "x") == []
    assert location_notices(tmp_path / "dropboxes" / "x") == []
    monkeypatch.setenv("OneDriveCommercial", str(tmp_path / "회사"))
    assert "OneDrive syncs" in location_notices(tmp_path / "회사" / "문서" / "archive")[0]


@pytest.mark.parametrize("path", ["\\\\server\\share\\archive", "//fileserver/team/archive"])
def test_unc_paths_are_network_folders(path):
    (notice,) = location_notices(path)
    assert "network folder" in notice


def test_windows_remote_drive(monkeypatch):
    monkeypatch.setattr(location, "_WINDOWS", True)
    monkeypatch.setattr(location, "_drive_type", lambda root: 4 if root == "Z:\\" else 3)
    assert "network folder (Z:)" in location_notices("Z:\\blog\\archive")[0]
    assert location_notices("C:\\blog\\archive") == []


def test_the_cli_warns_and_goes_on(tmp_path):
    root = tmp_path / "OneDrive" / "archive"
    result = run_cli(["scrape", URL, "-o", root, "--mirror", DEMO_BLOG, "--quiet"])
    assert result.code in (0, 1), result.text
    assert "Note:" in result.err and "OneDrive syncs" in result.err
    exported = run_cli(["export", root, "--format", "redirects", "-o", tmp_path / "out"])
    assert exported.code == 0 and "OneDrive syncs" in exported.err


def test_runs_where_there_is_no_sigterm(monkeypatch, tmp_path):
    no_sigterm = types.SimpleNamespace(SIGINT=signal.SIGINT, SIG_IGN=signal.SIG_IGN, signal=signal.signal)
    monkeypatch.setattr(cli, "signal", no_sigterm)
    assert run_cli(["formats"]).code == 0
    result = run_cli(["scrape", URL, "-o", tmp_path / "a", "--mirror", DEMO_BLOG, "--quiet"])
    assert result.code in (0, 1), result.text
