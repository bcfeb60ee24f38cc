"""The archive: schema version, locking, atomic media writes, resume-safety of records."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from tistory_migrate.archive import DB_NAME, SCHEMA_VERSION, Archive
from tistory_migrate.errors import ArchiveError
from tistory_migrate.models import BlogInfo, MediaRef, Post

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000002000000030806000000") + b"\0" * 30


class Sniffed:
    ext, mime, width, height = "png", "image/png", 2, 3


def test_create_reopen_and_roundtrip(tmp_path):
    root = tmp_path / "arch"
    with Archive.open(root, create=True) as ar:
        ar.set_blog(BlogInfo(base_url="https://a.tistory.com", host="a.tistory.com", title="블로그"))
        post = Post(id="12", url="https://a.tistory.com/12", title="제목", published="2019-12-13T10:00:00+09:00",
                    images=[MediaRef(kind="image", src="x", original_url="https://i/x.png", identity="i/x.png")])
        ar.put_post(post)
        ar.put_post(Post(id="3", url="u3", title="older", published="2010-01-01T00:00:00+09:00"))
        ar.put_post(Post(id="40", url="u40", title="no date"))
    with Archive.open(root) as ar:
        assert ar.get_blog().title == "블로그"
        assert [p.id for p in ar.iter_posts()] == ["3", "12", "40"]  # oldest first, undated last
        assert ar.get_post("12").images[0].identity == "i/x.png"
        ar.put_post(Post(id="12", url="https://a.tistory.com/12", title="고친 제목"))
        assert ar.count_posts() == 3  # upsert, never a duplicate


def test_missing_archive_and_wrong_folder(tmp_path):
    with pytest.raises(ArchiveError, match="There is no archive"):
        Archive.open(tmp_path / "nothing")
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff" / "x.txt").write_text("x")
    with pytest.raises(ArchiveError, match="not a tistory-migrate archive"):
        Archive.open(tmp_path / "stuff")
    with pytest.raises(ArchiveError, match="already holds other files"):
        Archive.open(tmp_path / "stuff", create=True)


def test_newer_schema_is_refused(tmp_path):
    root = tmp_path / "a"
    Archive.open(root, create=True).close()
    con = sqlite3.connect(root / DB_NAME)
    con.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    with pytest.raises(ArchiveError, match="newer tistory-migrate"):
        Archive.open(root)


def test_corrupt_database(tmp_path):
    root = tmp_path / "a"
    root.mkdir()
    (root / DB_NAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError, match="cannot be read"):
        Archive.open(root)


def test_lock_refuses_second_writer(tmp_path):
    root = tmp_path / "a"
    first = Archive.open(root, create=True)
    try:
        with pytest.raises(ArchiveError, match="in use by another"):
            Archive.open(root)
        with Archive.open(root, readonly=True) as ro:  # readers are fine
            assert ro.count_posts() == 0
    finally:
        first.close()
    Archive.open(root).close()


def test_media_stored_once_by_content(tmp_path):
    with Archive.open(tmp_path / "a", create=True) as ar:
        m1 = ar.put_media("blog.kakaocdn.net/dn/a/b/c/img.png", "https://blog.kakaocdn.net/dn/a/b/c/img.png", PNG, sniffed=Sniffed)
        m2 = ar.put_media("t1.daumcdn.net/cfile/tistory/ABC", "https://t1.daumcdn.net/cfile/tistory/ABC?original", PNG, sniffed=Sniffed)
        assert m1.sha256 == m2.sha256 and m1.path == m2.path and m1.path.endswith(".png")
        files = [p for p in (tmp_path / "a" / "media").rglob("*") if p.is_file()]
        assert len(files) == 1 and files[0].read_bytes() == PNG
        assert ar.get_media("t1.daumcdn.net/cfile/tistory/ABC").width == 2
        fail = ar.put_media_failure("x", "https://x/404.png", "missing", "HTTP 404")
        assert ar.get_media("x").status == "missing" and fail.path is None


def test_temp_files_from_a_killed_run_are_removed(tmp_path):
    root = tmp_path / "a"
    Archive.open(root, create=True).close()
    stray = root / "media" / "ab" / ".tmp-abcdef-123"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"partial")
    Archive.open(root).close()
    assert not stray.exists()


def test_kill_during_writes_loses_nothing_committed(tmp_path):
    """A child process writes posts and media in a loop and is killed with SIGKILL; every
    committed post is intact, the database is consistent and no temp file survives a reopen."""
    root = tmp_path / "a"
    Archive.open(root, create=True).close()
    script = textwrap.dedent(f"""
        import sys, os
        sys.path.insert(0, {str(os.path.dirname(os.path.dirname(__file__)) + '/src')!r})
        from tistory_migrate.archive import Archive
        from tistory_migrate.models import Post
        ar = Archive.open({str(root)!r})
        i = 0
        while True:
            i += 1
            ar.put_post(Post(id=str(i), url="u" + str(i), title="t" * 2000, body_raw="본문" * 5000))
            ar.store_bytes(os.urandom(200_000), "jpg")
            print(i, flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    seen = 0
    while seen < 15:
        line = proc.stdout.readline()
        if not line:
            break
        seen = int(line)
    proc.kill()
    proc.wait()
    with Archive.open(root) as ar:
        ids = ar.post_ids()
        assert len(ids) >= seen and len(ids) == len(set(ids))
        for pid in ids:
            post = ar.get_post(pid)
            assert post.body_raw == "본문" * 5000
        assert ar.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not list((root / "media").rglob(".tmp-*"))
