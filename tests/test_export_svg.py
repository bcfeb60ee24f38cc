"""An SVG picture (it may carry ``<script>`` or ``onload``) stays in the archive but no export
writes it: not into the Naver bundle's images/, not into WordPress's media/ nor as an attachment
item, not into jsonl's media/ (its image item says why). Each export says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.cli import run_cli
from support.fixture_blog import OLD, build_archive
from tistory_migrate.archive import Archive
from tistory_migrate.models import Post
from tistory_migrate.normalize import normalize_post
from tistory_migrate.normalize.sniff import sniff

SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="8" height="8">'
       b"<script>alert(document.cookie)</script><rect width='8' height='8'/></svg>")
URL = "https://blog.kakaocdn.net/dn/svg01/btqSvg01/Zz0000000000000000001/img.svg"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "A"
    ar = build_archive(root)
    body = (f'<p>그림입니다.</p><figure class="imageblock alignCenter" data-filename="diagram.svg"><span data-url="{URL}">'
            f'<img src="{URL}" data-filename="diagram.svg" width="8" height="8"/></span><figcaption>도표</figcaption></figure>')
    post = Post(id="160", url=f"{OLD}/160", title="도표 글", status="public", published="2019-01-01T09:00:00+09:00",
                body_raw=body, sources=["front"])
    found = normalize_post(post, {"seodaemun.tistory.com"})
    assert len(found.images) == 1
    post.images = found.images
    ar.put_post(post)
    assert sniff(SVG).ext == "svg"
    ar.put_media(found.images[0].identity, found.images[0].original_url, SVG, sniffed=sniff(SVG))
    ar.close()
    return root


def test_svgs_are_left_out_of_every_export_with_a_note(archive: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run_cli(["export", str(archive), "-f", "all", "-o", str(out), "--json"])
    assert result.code == 0, result.text
    written = [p for p in out.rglob("*") if p.is_file()]
    assert not [p for p in written if p.suffix.lower() in (".svg", ".svgz")]
    assert not [p for p in written if SVG in p.read_bytes()]
    summaries = {s["format"]: s for s in json.loads(result.out)}
    for fmt in ("jsonl", "naver", "wxr"):
        assert any("1 SVG picture(s)/file(s) were left out" in w for w in summaries[fmt]["warnings"]), summaries[fmt]
    # jsonl: the image item says why
    records = {json.loads(line)["id"]: json.loads(line) for line in (out / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines()}
    image = records["160"]["images"][0]
    assert (image["status"], image["reason"], image["file"]) == ("failed", "SVG left out: it can run scripts", None)
    assert records["101"]["images"][0]["status"] == "ok"  # other pictures as before
    # naver: no file in the bundle, a note in NOTES.md
    bundle = next(d for d in (out / "naver" / "posts").iterdir() if d.name.endswith("-160"))
    assert not (bundle / "images").exists() or not any((bundle / "images").iterdir())
    assert "SVG 파일은 열 때 스크립트가 실행될 수 있어 묶음에서 뺐습니다" in (bundle / "NOTES.md").read_text(encoding="utf-8")
    # wxr: no attachment item for it, nothing in media/
    xml = next((out / "wxr").glob("*.xml")).read_text(encoding="utf-8")
    assert "img.svg</wp:attachment_url>" not in xml and "<wp:post_id>160</wp:post_id>" in xml


def test_the_archive_keeps_the_svg(archive: Path, tmp_path: Path):
    run_cli(["export", str(archive), "-f", "all", "-o", str(tmp_path / "out"), "--quiet"])
    with Archive.open(archive, readonly=True) as ar:
        post = ar.get_post("160")
        media = ar.get_media(post.images[0].identity)
        assert media.status == "ok" and ar.media_file_path(media).read_bytes() == SVG


def test_remote_naver_images_do_not_link_the_svg(archive: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run_cli(["export", str(archive), "-f", "naver", "-o", str(out), "--naver-images", "remote", "--quiet"]).code == 0
    bundle = next(d for d in (out / "naver" / "posts").iterdir() if d.name.endswith("-160"))
    html = (bundle / "body.html").read_text(encoding="utf-8")
    assert f'src="{URL}"' not in html and "[사진 01" in html, html  # its marker, not a linked SVG
