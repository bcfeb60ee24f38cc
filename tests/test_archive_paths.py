"""A received or edited archive cannot make an export copy a file from outside its media/
folder: a media row pointing at ``../secret`` or an absolute path, or a media file replaced by
a symbolic link, is treated as a missing file (issue "Hostile input, round two")."""

from __future__ import annotations

import os
import sqlite3

import pytest

from support.fixture_blog import build_archive
from tistory_migrate.archive import Archive
from tistory_migrate.exporters.base import ExportOptions
from tistory_migrate.pipeline import export
from tistory_migrate.settings import Settings

SECRET = "비밀 내용 secret"


def _exported_bytes(root):
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("attack", ["dotdot", "absolute", "symlink", "symlinked-folder"])
def test_paths_from_the_archive_stay_inside_media(tmp_path, attack):
    if attack.startswith("symlink") and not hasattr(os, "symlink"):
        pytest.skip("no symbolic links here")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    build_archive(tmp_path / "ar").close()
    db = tmp_path / "ar" / "archive.sqlite3"
    conn = sqlite3.connect(db)
    identity, rel = conn.execute("SELECT identity, path FROM media WHERE status='ok' AND path IS NOT NULL").fetchone()
    if attack == "dotdot":
        conn.execute("UPDATE media SET path=? WHERE identity=?", ("media/../../secret.txt", identity))
    elif attack == "absolute":
        conn.execute("UPDATE media SET path=? WHERE identity=?", (str(secret), identity))
    conn.commit()
    conn.close()
    target = tmp_path / "ar" / rel
    if attack == "symlink":
        target.unlink()
        target.symlink_to(secret)
    elif attack == "symlinked-folder":
        folder = target.parent
        moved = tmp_path / "elsewhere"
        folder.rename(moved)
        (moved / target.name).write_text(SECRET, encoding="utf-8")
        folder.symlink_to(moved, target_is_directory=True)
    with Archive.open(tmp_path / "ar") as ar:
        export(ar, ["naver", "wxr", "jsonl"], tmp_path / "out", Settings(), ExportOptions(include_private=True))
    assert SECRET.encode("utf-8") not in _exported_bytes(tmp_path / "out")


def test_an_edited_post_id_cannot_write_outside_the_export(tmp_path):
    build_archive(tmp_path / "ar").close()
    conn = sqlite3.connect(tmp_path / "ar" / "archive.sqlite3")
    pid, data = conn.execute("SELECT id, data FROM posts WHERE status='public' LIMIT 1").fetchone()
    conn.execute("UPDATE posts SET id=?, data=? WHERE id=?",
                 ("../../x", data.replace(f'"id": "{pid}"', '"id": "../../x"'), pid))
    conn.commit()
    conn.close()
    before = {p for p in tmp_path.rglob("*")}
    with Archive.open(tmp_path / "ar") as ar:
        export(ar, ["naver", "wxr", "jsonl", "redirects"], tmp_path / "out", Settings(), ExportOptions())
    written = {p for p in tmp_path.rglob("*")} - before
    out, ar = tmp_path / "out", tmp_path / "ar"
    assert written and all(p == out or out in p.parents or ar in p.parents for p in written)
    assert any(".._.._x" in str(p) for p in written)  # the id became a plain folder name inside
