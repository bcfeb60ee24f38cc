"""Exports copy the archive's media, never link them: editing an exported picture leaves the
archive's only copy as it was. A re-export leaves files that already hold the same content,
and replaces what differs (a hard link an older version made included)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support.cli import run_cli, scrape_demo_mirror
from tistory_migrate.archive import MEDIA_DIR



@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return scrape_demo_mirror(tmp_path_factory.mktemp("copy") / "archive")


def _export(archive: Path, out: Path) -> None:
    result = run_cli(["export", archive, "--format", "all", "-o", out, "--start-date", "2026-01-05"])
    assert result.code == 0, result.text


def _media_files(root: Path) -> list[Path]:
    return sorted(p for sub in ("jsonl/media", "wxr/media", "naver/posts") for p in (root / sub).rglob("*")
                  if p.is_file() and p.suffix.lower() in (".jpg", ".png", ".gif", ".webp", ".pdf", ".zip", ".bin", ".hwp"))


def test_exported_media_share_no_storage_with_the_archive(archive, tmp_path):
    out = tmp_path / "out"
    _export(archive, out)
    stored = {(s.st_ino, s.st_dev) for s in map(os.stat, (archive / MEDIA_DIR).rglob("*.*"))}
    exported = _media_files(out)
    assert len(exported) >= 10
    for path in exported:
        st = os.stat(path)
        assert st.st_nlink == 1 and (st.st_ino, st.st_dev) not in stored, path
    before = {p: p.read_bytes() for p in (archive / MEDIA_DIR).rglob("*.*")}
    for path in exported:  # a person "edits" every exported file
        path.write_bytes(b"edited in an image editor")
    assert {p: p.read_bytes() for p in before} == before


def test_reexport_keeps_identical_files_and_replaces_changed_ones(archive, tmp_path):
    out = tmp_path / "out"
    _export(archive, out)
    jsonl_files = sorted((out / "jsonl" / "media").rglob("*.*"))
    kept, changed, linked = jsonl_files[0], jsonl_files[1], jsonl_files[2]
    kept_ino = os.stat(kept).st_ino
    good = changed.read_bytes()
    changed.write_bytes(bytes(len(good)))  # same size, other bytes, newer time: must be noticed
    # What an older version left: a hard link to the archive's own file.
    source = next(p for p in (archive / MEDIA_DIR).rglob("*.*") if p.read_bytes() == linked.read_bytes())
    linked.unlink()
    os.link(source, linked)
    _export(archive, out)
    assert os.stat(kept).st_ino == kept_ino  # not copied again
    assert changed.read_bytes() == good
    assert os.stat(linked).st_nlink == 1 and os.stat(source).st_nlink == 1
    assert linked.read_bytes() == source.read_bytes()


def test_export_works_where_hard_links_fail(archive, tmp_path, monkeypatch):
    def no_links(*args, **kwargs):
        raise OSError(1, "hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    out = tmp_path / "out"
    _export(archive, out)
    assert len(_media_files(out)) >= 10
    shutil.rmtree(out)
