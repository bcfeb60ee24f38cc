"""Peak memory of ``export --format naver`` against the size of the blog.

    python bench/export_memory.py                 # N = 500 and 2,000
    python bench/export_memory.py --big           # also N = 10,000 (a few minutes)
    python bench/export_memory.py --sizes 100 800 --work DIR --json-out figures.json

For each N a synthetic archive is built directly (no scrape: ``Archive.open`` + ``put_post`` +
media files), with the bodies, categories, tags and three pictures per post of ``bench/synth.py``
(the Magazine skin's body markup, so the real normalizer and paste conversion run on it). Then
``run_export(archive, ["naver"], …)`` runs in a child process and reports its own peak RSS
(``resource.getrusage`` in the child) and wall time. The archive is built in a child of its own:
a child's ``ru_maxrss`` starts from its parent's RSS at fork time (it survives the exec), so a
parent that had built a 10,000-post archive itself would lend the export its own ~70 MB. The ratio largest / smallest is what matters: an exporter whose memory does not grow with
the blog keeps it close to 1 whatever N is.

It asserts nothing (a figure to read, not a test); ``tests/test_naver_export.py`` holds the
cheap regression test.
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
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (bench/synth.py, next to this file)

HOST = "bench.tistory.com"
START = "2026-01-05"


def body_html(p: synth.Post) -> str:
    """The post body as the extractor slices it from a synth post page (paragraphs with the
    pictures between them)."""
    parts = []
    for k, para in enumerate(p.paragraphs):
        parts.append(f'<p data-ke-size="size16">{synth.e(para)}</p>')
        if k < len(p.images):
            parts.append(synth._image(p.images[k][0], p.images[k][1], k + 1))
    return "\n".join(parts)


def build_archive(root: Path, posts: int, seed: int = 1) -> Path:
    """A fresh archive of ``posts`` public posts with their pictures stored (ok)."""
    from tistory_migrate.archive import MEDIA_DIR, Archive
    from tistory_migrate.models import BlogInfo, Post
    from tistory_migrate.normalize.images import find_media
    from tistory_migrate.normalize.sniff import sniff

    if root.exists():
        shutil.rmtree(root)
    blog = BlogInfo(base_url=f"https://{HOST}", host=HOST, title=synth.BLOG_TITLE)
    img_n = 0
    with Archive.open(root, create=True) as ar:
        ar.set_blog(blog)
        with ar.batch():
            for sp in synth.make_posts(posts, seed):
                url = f"https://{HOST}/{sp.id}"
                raw = body_html(sp)
                images, files = find_media(raw, url)
                post = Post(id=str(sp.id), url=url, title=sp.title, published=sp.published.isoformat(),
                            category=sp.category, tags=list(sp.tags), status="public", body_raw=raw,
                            images=images, attachments=files, sources=["sitemap"])
                ar.put_post(post)
                for ref in images:
                    img_n += 1
                    data = synth._png(seed * 1_000_003 + img_n)
                    # Written here without the archive's per-file fsync (store_bytes): building a
                    # 10,000-post archive would otherwise take minutes of fsyncs that measure nothing.
                    digest = hashlib.sha256(data).hexdigest()
                    rel = f"{MEDIA_DIR}/{digest[:2]}/{digest}.png"
                    (root / rel).parent.mkdir(parents=True, exist_ok=True)
                    (root / rel).write_bytes(data)
                    ar.put_media(ref.identity, ref.original_url, data, sniffed=sniff(data), stored=(digest, rel))
    return root


def child(archive: str, out: str) -> None:
    """Runs in the measured process: one naver export, then its own peak RSS as JSON."""
    import resource
    from datetime import date

    from tistory_migrate.archive import Archive
    from tistory_migrate.exporters.base import ExportOptions
    from tistory_migrate.pipeline import export as run_export
    from tistory_migrate.settings import Settings

    t0 = time.perf_counter()
    with Archive.open(archive, readonly=True) as ar:
        (summary,) = run_export(ar, ["naver"], Path(out), Settings(), ExportOptions(start_date=date.fromisoformat(START)))
    wall = time.perf_counter() - t0
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"posts": summary.posts, "files": summary.files, "wall": wall, "max_rss_mb": rss_kb / 1024}))


def _run_child(*args: str) -> str:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=str(HERE.parent))
    if proc.returncode != 0:
        raise SystemExit(f"{args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc.stdout


def measure(archive: Path, out: Path) -> dict:
    if out.exists():
        shutil.rmtree(out)
    return json.loads(_run_child("--child", str(archive), str(out)).strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=None, help="post counts (default 500 2000)")
    ap.add_argument("--big", action="store_true", help="also 10,000 posts")
    ap.add_argument("--work", type=Path, default=None, help="keep archives and exports here")
    ap.add_argument("--json-out", type=Path, default=None)
    ap.add_argument("--child", nargs=2, metavar=("ARCHIVE", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--build", nargs=2, metavar=("ARCHIVE", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return
    if args.build:
        build_archive(Path(args.build[0]), int(args.build[1]))
        return
    sizes = args.sizes or [500, 2000]
    if args.big and 10_000 not in sizes:
        sizes.append(10_000)
    sizes.sort()
    work = args.work or Path(tempfile.mkdtemp(prefix="tm-export-mem-"))
    figures: dict[int, dict] = {}
    try:
        for n in sizes:
            t0 = time.perf_counter()
            archive = work / f"archive-{n}"
            _run_child("--build", str(archive), str(n))  # not in this process: see the docstring
            built = time.perf_counter() - t0
            res = measure(archive, work / f"export-{n}")
            res["build_wall"] = built
            figures[n] = res
            print(f"{n:>6} posts: peak RSS {res['max_rss_mb']:7.1f} MB, export {res['wall']:6.1f} s "
                  f"({res['posts']} bundled, {res['files']} files; archive built in {built:.1f} s)", flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    small, large = sizes[0], sizes[-1]
    ratio = figures[large]["max_rss_mb"] / figures[small]["max_rss_mb"]
    print(f"peak RSS ratio {large} / {small} posts: {ratio:.2f}")
    if args.json_out:
        args.json_out.write_text(json.dumps({"sizes": figures, "ratio": ratio}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
