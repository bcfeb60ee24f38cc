"""The Windows-like run: as far as a Linux machine can be Windows, in the normal suite.

Each command runs in a child process whose bootstrap (``BOOT``) makes ``import fcntl`` fail
(``sys.modules["fcntl"] = None``: the import system raises ImportError) and ``os.link`` raise
OSError, with standard output and error pipes in cp949 (``PYTHONIOENCODING=cp949``, the Korean
Windows locale's encoding). Every command's output folder is a fresh folder whose absolute
path is exactly 100 UTF-16 units (Hangul in it), so the paths the run wrote can be checked
against Windows' rules as they are: every name valid, no two names in one folder equal when
case is ignored, every path at most 259 units (``support.winpaths``, written apart from the
code under test). The runs: the demo blog scraped through ``--mirror`` and exported in every
format; the custom-domain fixture blog the same; the demo with the owner's backup zip and the
legacy XML backup; and ``demo --out``.

Not covered here (it needs a Windows machine): the Windows lock path (msvcrt/LockFileEx inside
filelock), a real console (rich's Windows console output), Ctrl-C delivered by a console, and
a real sharing violation (tests/test_windows_specifics.py simulates it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from support.cli import ROOT
from support.paths import DEMO_BLOG, FIXTURES, HANBIT_BLOG
from support.winpaths import all_paths, padded_dir, problems, units

DEMO_URL = "https://seodaemun.tistory.com"
HANBIT_URL = "https://blog.hanbit-note.kr"
BACKUPS = FIXTURES / "backups"

BOOT = """
import os, sys, warnings
sys.modules["fcntl"] = None  # "import fcntl" now raises ImportError, as on Windows
def _no_link(*args, **kwargs):
    raise OSError(1, "hard links are not supported here (Windows-like test)")
os.link = _no_link
# filelock says once that it falls back to its portable lock here; on Windows it uses msvcrt.
warnings.filterwarnings("ignore", message="only soft file lock is available")
sys.argv = ["tistory-migrate", *sys.argv[1:]]
from tistory_migrate.cli import main
main()
"""


def run_windows_like(args: list[str | os.PathLike]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONIOENCODING="cp949", COLUMNS="200")
    env.pop("PYTHONUTF8", None)
    proc = subprocess.run([sys.executable, "-c", BOOT, *map(str, args)], capture_output=True, env=env, timeout=300)
    out, err = proc.stdout.decode("cp949"), proc.stderr.decode("cp949")  # strict: the pipes really are cp949
    assert "Traceback" not in out + err, out + err
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _check(folder: Path) -> None:
    assert units(str(folder)) == 100
    found = problems(folder, padded_to=100)
    assert not found, "\n".join(found[:30])


def _no_shared_storage(export: Path, archive: Path) -> None:
    stored = {(s.st_ino, s.st_dev) for s in map(os.stat, (p for p in archive.rglob("*") if p.is_file()))}
    for path in export.rglob("*"):
        if path.is_file():
            st = os.stat(path)
            assert st.st_nlink == 1 and (st.st_ino, st.st_dev) not in stored, path


@pytest.fixture
def padded():
    """Makes output folders of exactly 100 units under a short temporary folder (pytest's own
    tmp_path holds the test's name and could be longer than that already)."""
    base = Path(tempfile.mkdtemp(prefix="tmw-"))
    made = iter(range(100))
    yield lambda: padded_dir(base / str(next(made)), 100)
    shutil.rmtree(base, ignore_errors=True)


def test_the_bootstrap_really_takes_fcntl_and_hard_links_away(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(BOOT.replace("from tistory_migrate.cli import main\nmain()", "") + (
        "try:\n    import fcntl\nexcept ImportError:\n    print('no fcntl')\n"
        "try:\n    os.link(__file__, __file__ + '.2')\nexcept OSError:\n    print('no links')\n"
        "print(sys.stdout.encoding)\n"), encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="cp949")
    out = subprocess.run([sys.executable, str(probe)], capture_output=True, env=env, check=True).stdout.decode("cp949")
    assert out.split() == ["no", "fcntl", "no", "links", "cp949"]


def _scrape_and_export(padded, url: str, mirror: Path, *extra: str | os.PathLike) -> tuple[Path, Path, str]:
    archive, export = padded(), padded()
    scraped = run_windows_like(["scrape", url, "-o", archive, "--mirror", mirror, *extra])
    assert scraped.returncode in (0, 1), scraped.stdout + scraped.stderr
    exported = run_windows_like(["export", archive, "--format", "all", "-o", export, "--start-date", "2026-01-05"])
    assert exported.returncode == 0, exported.stdout + exported.stderr
    for fmt in ("naver", "wxr", "jsonl", "redirects"):
        assert (export / fmt).is_dir(), all_paths(export)
    _check(archive)
    _check(export)
    _no_shared_storage(export, archive)
    return archive, export, scraped.stdout + exported.stdout


def test_demo_blog_scrape_and_every_export(padded):
    archive, export, printed = _scrape_and_export(padded, DEMO_URL, DEMO_BLOG)
    assert len(list((export / "naver" / "posts").iterdir())) >= 10
    assert any((archive / "media").rglob("*.*"))
    assert "naver" in printed


def test_custom_domain_fixture_blog_scrape_and_every_export(padded):
    _, export, _ = _scrape_and_export(padded, HANBIT_URL, HANBIT_BLOG)
    assert (export / "naver" / "index.html").is_file()


def test_demo_with_backup_zip_and_legacy_xml(padded):
    archive, export, _ = _scrape_and_export(
        padded, DEMO_URL, DEMO_BLOG, "--backup", BACKUPS / "seodaemun-1-1-article112-172.zip",
        "--backup", BACKUPS / "legacy-seodaemun.xml")
    assert not (archive / ".spool").exists()  # the backup's spooled attachments are gone
    assert any((export / "jsonl" / "media").rglob("*.*"))


def test_demo_command(padded):
    out = padded()
    result = run_windows_like(["demo", "--out", out])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Done." in result.stdout
    assert "tistory-migrate helper" in result.stdout  # the closing lines name the served helper
    assert (out / "export" / "naver" / "index.html").is_file()
    _check(out)
    _no_shared_storage(out / "export", out / "archive")


HOSTILE_NAMES = ["CON.jpg", "aux.png", "nul", "COM1.tar.gz", "trail. . .jpg", "😀" * 120 + ".jpg", "가" * 150 + ".jpg",
                 "Photo.jpg", "photo.JPG", "PHOTO.jpeg", 'a:b*c?"d<e>|.jpg', "x" * 300 + ".png", "..", " . ",
                 "lpt¹.png", "evil\u202egpj.png"]  # fmt: skip
HOSTILE_FILES = ["NUL.", "보고서 " * 60 + ".pdf", "prn.pdf", "Prn.PDF"]


def _hostile_archive(root: Path) -> Path:
    """Posts whose picture and file names are everything Windows refuses, and a blog named
    like a device (its WXR file would be CON.xml)."""
    from html import escape

    from tistory_migrate.archive import Archive
    from tistory_migrate.models import BlogInfo, Post
    from tistory_migrate.normalize.images import find_media
    from tistory_migrate.normalize.sniff import sniff

    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    with Archive.open(root, create=True) as ar:
        ar.set_blog(BlogInfo(base_url="https://con.tistory.com", host="con.tistory.com", title="CON", name="con"))
        n = 0
        for pid in ("101", "102"):
            parts = ["<p>본문</p>"]
            for name in HOSTILE_NAMES:
                n += 1
                url = f"https://blog.kakaocdn.net/dn/k{n}/btX{n}/img{n}/img.jpg"
                parts.append(f'<figure class="imageblock alignCenter"><span data-url="{url}" data-phocus="{url}">'
                             f'<img src="{url}" data-filename="{escape(name)}"></span></figure>')
            for name in HOSTILE_FILES:
                n += 1
                tail = "CON.jpg" if name == HOSTILE_FILES[0] else "tfile.pdf"  # a file named like a picture
                url = f"https://blog.kakaocdn.net/dna/k{n}/btX{n}/f{n}/{tail}?credential=x"
                parts.append(f'<figure class="fileblock"><a href="{escape(url)}"><div class="filename">'
                             f'<span class="name">{escape(name)}</span></div></a></figure>')
            body = "\n".join(parts)
            images, files = find_media(body, f"https://con.tistory.com/{pid}")
            assert len(images) == len(HOSTILE_NAMES) and len(files) == len(HOSTILE_FILES)
            ar.put_post(Post(id=pid, url=f"https://con.tistory.com/{pid}", title=f"글 {pid}", published="2024-01-02T03:04:05+09:00",
                             status="public", body_raw=body, images=images, attachments=files, sources=["sitemap"]))
            for k, ref in enumerate(images + files):
                png = ref.kind == "image" or ref.original_url.split("?")[0].endswith("CON.jpg")
                data = synth._png(int(pid) * 100 + k) if png else b"%PDF-1.4\n%" + pid.encode() + bytes([k]) * 40
                ar.put_media(ref.identity, ref.original_url, data, sniffed=sniff(data))
    # Built here with the OS lock (flock), which leaves an empty .lock behind; the child's
    # filelock fallback (no fcntl, no msvcrt) would take that file for a live holder. On
    # Windows filelock uses msvcrt's lock, for which an existing file means nothing.
    (root / ".lock").unlink()
    return root


def test_names_windows_refuses_are_never_written(padded, tmp_path):
    archive = _hostile_archive(tmp_path / "archive")
    export = padded()
    result = run_windows_like(["export", archive, "--format", "all", "-o", export, "--start-date", "2026-01-05"])
    assert result.returncode == 0, result.stdout + result.stderr
    _check(export)
    assert (export / "wxr" / "con_.xml").is_file()
    per_post = len(HOSTILE_NAMES) + len(HOSTILE_FILES)
    assert len(list((export / "jsonl" / "media" / "101").iterdir())) == per_post  # none lost to a collision
    assert len(list((export / "wxr" / "media").iterdir())) == 2 * per_post
    bundle = export / "naver" / "posts" / "01-101"
    assert len(list((bundle / "images").iterdir())) + len(list((bundle / "files").iterdir())) == per_post
