"""The demo blog's Naver bundle, compared byte for byte with tests/golden/naver/.

The demo blog is scraped from its urls.tsv mirror over loopback (the real pipeline), exported
with a fixed --start-date, and every text file is compared exactly; pictures and attachments
are compared through MANIFEST.txt (name, size, sha256) so the repository keeps no second copy.
Regenerate after an intended change with ``TM_REGEN_GOLDEN=1 pytest tests/test_naver_golden.py``
and review the diff.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from support.naver import golden_source

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "naver"
TEXT_SUFFIXES = {".txt", ".html", ".json", ".md", ".csv"}


def snapshot(root: Path) -> dict[str, bytes]:
    """Relative path -> bytes for text files; binary files become one MANIFEST.txt entry each."""
    files: dict[str, bytes] = {}
    manifest = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if path.suffix.lower() in TEXT_SUFFIXES and "/images/" not in rel and "/files/" not in rel:
            files[rel] = path.read_bytes()
        else:
            data = path.read_bytes()
            manifest.append(f"{rel}\t{len(data)}\t{hashlib.sha256(data).hexdigest()}\n")
    files["MANIFEST.txt"] = "".join(manifest).encode("utf-8")
    return files


def test_demo_bundle_matches_golden(tmp_path):
    out = golden_source(tmp_path)
    got = snapshot(out)
    if os.environ.get("TM_REGEN_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in got.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    if not GOLDEN.is_dir():
        pytest.fail("tests/golden/naver is missing: run with TM_REGEN_GOLDEN=1 and review the files")
    want = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(got) == sorted(want)
    for rel in want:
        assert got[rel] == want[rel], f"{rel} differs from tests/golden/naver/{rel} (TM_REGEN_GOLDEN=1 to accept)"


def test_demo_bundle_is_complete(tmp_path):
    """Independent of the golden files: every image of every bundled post has its file and its
    marker, and nothing of Tistory's markup leaks into body.html."""
    out = golden_source(tmp_path)
    folders = sorted(f for f in (out / "posts").iterdir() if f.name != "00-probe")  # the probe is not a post
    assert folders, "the demo blog bundles posts"
    width = len(folders[0].name.split("-")[0])
    assert [f.name.split("-")[0] for f in folders] == [f"{n:0{width}d}" for n in range(1, len(folders) + 1)]
    published = []
    for folder in folders:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        html = (folder / "body.html").read_text(encoding="utf-8")
        assert not re.search(r"data-|class=|id=|se-|<script|<iframe|<figure|<div|<span(?! style=\"(color|background-color|font-size):)", html), folder.name
        notes = (folder / "NOTES.md").read_text(encoding="utf-8")
        for img in meta["images"]:
            assert f"<p>{img['marker']}</p>" in html, (folder.name, img["marker"])
            if img["status"] == "ok":
                assert img["file"] and (folder / img["file"]).is_file(), (folder.name, img)
            else:  # the demo has a picture that is gone from the CDN: said, never silently lost
                assert img["file"] is None and "(사진 파일 없음" in img["marker"]
                assert f"사진 {img['n']:02d}: 파일을 받지 못했습니다" in notes
        assert len((folder / "tags.txt").read_text(encoding="utf-8").splitlines()) <= 30
        published.append(meta["published"] or "9999")
    assert published == sorted(published)  # oldest first


def test_demo_export_is_deterministic(tmp_path):
    first = snapshot(golden_source(tmp_path / "a"))
    second = snapshot(golden_source(tmp_path / "b"))
    assert first == second
