"""Wall time of ``export --format all``: a first export into an empty folder, then the same
export again into the same folder (a person re-exporting after a new scrape).

    python bench/export_copy.py                         # the demo blog, then 1,000 posts x 3 pictures of 100 KB
    python bench/export_copy.py --posts 2000 --image-kb 300 --work DIR

Exports copy every picture out of the archive (they never share storage with it: an edited
``images/03-x.jpg`` must not change the archive's only copy), so a first export writes every
byte once per format that carries media (jsonl, wxr, naver); a re-export skips a file that is
already there with the same size and content hash. The synthetic archive is built like
``bench/export_memory.py``'s, with each picture padded to ``--image-kb`` (Tistory originals are
a few hundred KB). Each export is the real CLI in a child process (interpreter start
included), ``--repeat`` times, interleaved with the same export where the copy is replaced
by a hard link (what exports did before; ``LINK_BOOT`` puts it back in the child only), and
the fastest of each is shown: on a shared machine the disk's write-back makes single runs
noisy. It asserts nothing: figures to read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import export_memory  # noqa: E402  (bench/export_memory.py: the synthetic bodies)
import synth  # noqa: E402


def build_archive(root: Path, posts: int, image_kb: int, seed: int = 1) -> Path:
    """``posts`` public posts with three stored pictures each, every one ``image_kb`` KB."""
    from tistory_migrate.archive import MEDIA_DIR, Archive
    from tistory_migrate.models import BlogInfo, Post
    from tistory_migrate.normalize.images import find_media
    from tistory_migrate.normalize.sniff import sniff

    if root.exists():
        shutil.rmtree(root)
    host = export_memory.HOST
    img_n = 0
    with Archive.open(root, create=True) as ar:
        ar.set_blog(BlogInfo(base_url=f"https://{host}", host=host, title=synth.BLOG_TITLE))
        with ar.batch():
            for sp in synth.make_posts(posts, seed):
                url = f"https://{host}/{sp.id}"
                raw = export_memory.body_html(sp)
                images, files = find_media(raw, url)
                ar.put_post(Post(id=str(sp.id), url=url, title=sp.title, published=sp.published.isoformat(),
                                 category=sp.category, tags=list(sp.tags), status="public", body_raw=raw,
                                 images=images, attachments=files, sources=["sitemap"]))
                for ref in images:
                    img_n += 1
                    png = synth._png(seed * 1_000_003 + img_n)
                    data = png + os.urandom(max(0, image_kb * 1024 - len(png)))  # bytes after IEND: still a PNG
                    digest = hashlib.sha256(data).hexdigest()
                    rel = f"{MEDIA_DIR}/{digest[:2]}/{digest}.png"
                    (root / rel).parent.mkdir(parents=True, exist_ok=True)
                    (root / rel).write_bytes(data)
                    ar.put_media(ref.identity, ref.original_url, data, sniffed=sniff(png), stored=(digest, rel))
    return root


# The child, with the media copy replaced by a hard link: the export as it was before copies.
LINK_BOOT = """
import os, sys
from tistory_migrate.exporters import base
def _link(src, dest, replace, src_stat):
    if replace:
        dest.unlink()
    os.link(src, dest)
base._copy = _link
sys.argv = ["tistory-migrate", *sys.argv[1:]]
from tistory_migrate.cli import main
main()
"""


def export_wall(archive: Path, out: Path, *, link: bool = False) -> float:
    head = [sys.executable, "-c", LINK_BOOT] if link else [sys.executable, "-m", "tistory_migrate"]
    cmd = [*head, "export", str(archive), "--format", "all", "-o", str(out), "--start-date", export_memory.START]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"export failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return wall


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def measure(name: str, archive: Path, work: Path, repeat: int) -> dict:
    walls: dict[str, list[float]] = {k: [] for k in ("link_first", "link_again", "copy_first", "copy_again")}
    for _ in range(repeat):
        for mode in ("link", "copy"):
            out = work / f"export-{mode}"
            shutil.rmtree(out, ignore_errors=True)
            walls[f"{mode}_first"].append(export_wall(archive, out, link=mode == "link"))
            walls[f"{mode}_again"].append(export_wall(archive, out, link=mode == "link"))
    res = {k: min(v) for k, v in walls.items()}
    res.update(export_mb=du_mb(work / "export-copy"), archive_mb=du_mb(archive))
    print(f"{name:>28}: first export {res['link_first']:6.2f} s linked, {res['copy_first']:6.2f} s copied; "
          f"again {res['link_again']:6.2f} s linked, {res['copy_again']:6.2f} s copied "
          f"(export {res['export_mb']:.0f} MB, archive {res['archive_mb']:.0f} MB)", flush=True)
    return res


def demo_archive(work: Path) -> Path:
    out = work / "demo"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    subprocess.run([sys.executable, "-m", "tistory_migrate", "demo", "--out", str(out), "--quiet"], check=True,
                   capture_output=True, env=env)
    return out / "archive"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--image-kb", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest is shown")
    ap.add_argument("--work", type=Path, default=None, help="keep archives and exports here")
    ap.add_argument("--json-out", type=Path, default=None)
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="tm-export-copy-"))
    work.mkdir(parents=True, exist_ok=True)
    figures = {}
    try:
        figures["demo"] = measure("demo blog", demo_archive(work), work, args.repeat)
        archive = work / f"archive-{args.posts}"
        if not (archive / "archive.sqlite3").exists():
            build_archive(archive, args.posts, args.image_kb)
        figures["synthetic"] = {"posts": args.posts, "image_kb": args.image_kb,
                                **measure(f"{args.posts} posts x 3 x {args.image_kb} KB", archive, work, args.repeat)}
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
