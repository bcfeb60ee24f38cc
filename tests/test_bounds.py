"""Bounds hold before reading, not after: the id probe never builds a range larger than its
bound, a backup post's page is checked by its declared size before it is inflated, and a
mirror file is checked for type and size before it is opened for reading (a FIFO, a sparse
file of gigabytes)."""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import threading
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from support.cli import run_cli_process
from tistory_migrate.backup import open_backups
from tistory_migrate.errors import FetchError
from tistory_migrate.fetch.mirror import MirrorFetcher
from tistory_migrate.scrape.probe import newest_gaps
from tistory_migrate.settings import BackupSettings, FetchSettings

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "backups"
# A file that declares gigabytes and holds nothing (sparse on POSIX filesystems). NTFS reserves
# what truncate declares, so on Windows it is smaller, still far past the limits.
SPARSE = 64 * 1024 * 1024 if sys.platform == "win32" else 3 * 1024 * 1024 * 1024
MAIN_ZIP = FIX / "seodaemun-1-1-article112-172.zip"


# -- the id probe ---------------------------------------------------------------------------------
def old_gaps(known: set[int], limit: int) -> tuple[list[int], int]:
    """The rule as it was (a list of every number below the top): the reference for small tops."""
    gaps = [i for i in range(1, max(known)) if i not in known]
    return (gaps[-limit:] if limit else []), len(gaps)


def test_newest_gaps_are_the_old_rule_without_the_list():
    rng = random.Random(17)
    for _ in range(300):
        known = {rng.randint(1, 400) for _ in range(rng.randint(1, 60))}
        limit = rng.choice([0, 1, 5, 50, 2000])
        assert newest_gaps(known, limit) == old_gaps(known, limit), (sorted(known), limit)


def test_a_sitemap_naming_three_billion_builds_no_three_billion_list():
    tracemalloc.start()
    try:
        gaps, total = newest_gaps({1, 2, 5, 3_000_000_000}, 2000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert gaps == list(range(3_000_000_000 - 2000, 3_000_000_000))
    assert total == 3_000_000_000 - 1 - 3
    assert peak < 2_000_000  # bytes: a list of 2,000 numbers, not of three billion


# -- backup entries ------------------------------------------------------------------------------
def zip_with_big_post(tmp_path: Path, size: int) -> Path:
    """The fixture backup with one more post (999) whose page is ``size`` bytes of HTML."""
    path = tmp_path / "backup.zip"
    shutil.copy(MAIN_ZIP, path)
    filler = "<p>" + "가" * 40 + "</p>\n"
    page = ("<html><head><title>큰 글</title></head><body><div class='article-view'><div class='contents_style'>"
            + filler * (size // len(filler.encode()) + 1) + "</div></div></body></html>")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("seodaemun-1-1/999/999.html", page)
    return path


def test_a_post_page_larger_than_the_limit_is_refused_before_it_is_inflated(tmp_path: Path):
    path = zip_with_big_post(tmp_path, 30 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024  # 30 MB of page in a small zip
    tracemalloc.start()
    try:
        with open_backups([path], BackupSettings()) as bs:
            posts = {p.id: p for p in bs.posts()}
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024, peak  # nothing of the 30 MB was read
    assert posts["999"].status == "failed"
    assert any("more than the limit of 20.0 MB for one post; left out" in w for w in posts["999"].warnings), posts["999"].warnings
    assert posts["112"].status == "unknown" and posts["112"].body_raw  # every other post is read
    expected = json.loads((FIX / "expected.json").read_text(encoding="utf-8"))["posts"]
    assert sorted(posts, key=int) == sorted([*expected, "999"], key=int)
    assert all(posts[no].status == "unknown" for no in expected)


def test_the_post_limit_is_a_setting(tmp_path: Path):
    path = zip_with_big_post(tmp_path, 300 * 1024)
    with open_backups([path], BackupSettings(max_post_bytes=100 * 1024)) as bs:
        assert {p.id: p.status for p in bs.posts()}["999"] == "failed"
    with open_backups([path], BackupSettings(max_post_bytes=1024 * 1024)) as bs:
        assert {p.id: p.status for p in bs.posts()}["999"] == "unknown"


def test_an_unpacked_backup_checks_each_file_before_reading(tmp_path: Path):
    folder = tmp_path / "unpacked"
    shutil.copytree(FIX / "unpacked", folder)
    post = next(p for p in (folder / "seodaemun-1-1").iterdir() if p.is_dir())
    page = next(post.glob("*.html"))
    with open(page, "r+b") as fh:  # sparse: no disk, 3 GB declared
        fh.truncate(SPARSE)
    with open_backups([folder], BackupSettings()) as bs:
        posts = {p.id: p for p in bs.posts()}
    assert posts[post.name].status == "failed"
    assert any(f"{SPARSE / 1024 / 1024:,.1f} MB, more than the limit" in w for w in posts[post.name].warnings)
    assert sum(1 for p in posts.values() if p.status == "unknown") == len(posts) - 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_an_unpacked_backup_with_a_fifo_does_not_hang(tmp_path: Path):
    folder = tmp_path / "unpacked"
    shutil.copytree(FIX / "unpacked", folder)
    post = next(p for p in (folder / "seodaemun-1-1").iterdir() if p.is_dir())
    page = next(post.glob("*.html"))
    page.unlink()
    os.mkfifo(page)
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(posts={p.id: p for p in _read(folder)}), daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "reading a FIFO hangs"
    assert result["posts"][post.name].status == "failed"
    assert any("is not a regular file" in w for w in result["posts"][post.name].warnings)


def _read(folder: Path):
    with open_backups([folder], BackupSettings()) as bs:
        return list(bs.posts())


# -- mirror files --------------------------------------------------------------------------------
def mirror(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "mirror"
    folder.mkdir()
    (folder / "ok.html").write_text("<p>ok</p>", encoding="utf-8")
    (folder / "urls.tsv").write_text(f"https://x.tistory.com/1\tok.html\t200\nhttps://x.tistory.com/2\t{name}\t200\n",
                                     encoding="utf-8")
    return folder


def test_a_sparse_mirror_file_is_refused_by_its_size(tmp_path: Path):
    folder = mirror(tmp_path, "big.html")
    with open(folder / "big.html", "wb") as fh:
        fh.truncate(SPARSE)
    fetcher = MirrorFetcher([folder], settings=FetchSettings())
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as info:
            fetcher.get("https://x.tistory.com/2")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "larger than the limit of 20971520 bytes" in info.value.message
    assert peak < 1024 * 1024
    assert fetcher.get("https://x.tistory.com/1").body == b"<p>ok</p>"
    with pytest.raises(FetchError):  # the caller's own limit too
        fetcher.get("https://x.tistory.com/1", max_bytes=3)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_a_mirror_is_refused_without_waiting(tmp_path: Path):
    folder = mirror(tmp_path, "pipe.html")
    os.mkfifo(folder / "pipe.html")
    fetcher = MirrorFetcher([folder])
    outcome: dict = {}

    def get():
        try:
            fetcher.get("https://x.tistory.com/2")
        except FetchError as exc:
            outcome["error"] = exc.message

    worker = threading.Thread(target=get, daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "reading a FIFO hangs"
    assert "not a regular file" in outcome["error"]


def small_blog_mirror(folder: Path) -> Path:
    """The bad-input corpus's small blog (posts 1 and 2) as a ``--mirror`` folder."""
    sys.path.insert(0, str(Path(__file__).parent / "badinput"))
    from cases import _post, blog  # noqa: E402

    folder.mkdir()
    lines = []
    for n, (url, body, status, headers) in enumerate(blog("mirror.tistory.com", [_post(1, "<p>하나</p>"), _post(2, "<p>둘</p>")])):
        rel = "-"
        if body is not None:
            rel = f"f{n}.bin"
            (folder / rel).write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
        lines.append("\t".join([url, rel, str(status), " | ".join(f"{k}: {v}" for k, v in headers.items())]))
    (folder / "urls.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def post_file(folder: Path, url: str) -> Path:
    for line in (folder / "urls.tsv").read_text(encoding="utf-8").splitlines():
        if line.split("\t")[0] == url:
            return folder / line.split("\t")[1]
    raise KeyError(url)


@pytest.mark.parametrize("kind", ["fifo", "sparse"])
def test_a_scrape_of_a_mirror_with_a_hostile_file_finishes(kind: str, tmp_path: Path):
    """The real command line: the post whose file is a FIFO (or a sparse 3 GB file) fails with
    its reason, the other post is stored, the run ends (exit 1)."""
    if kind == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    folder = small_blog_mirror(tmp_path / "m")
    target = post_file(folder, "https://mirror.tistory.com/2")
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    else:
        with open(target, "wb") as fh:
            fh.truncate(SPARSE)
    r = run_cli_process(["scrape", "https://mirror.tistory.com", "--mirror", str(folder), "-o", str(tmp_path / "A"),
                         "--quiet", "--json"], timeout=120)  # a child process: a hang is a timeout, not a stuck suite
    assert r.code == 1, r.text
    reason = "not a regular file" if kind == "fifo" else "larger than the limit"
    assert reason in r.out and "Traceback" not in r.text
