"""The Naver export end to end over a real archive: bundles, statuses, plan, page data.

Two ways in:
* ``contract_export`` feeds the exporter bodies written in the normalizer's documented marker
  format (docs/design.md) — it pins down what the exporter does with each marker whatever the
  normalizer's internals;
* ``real_export`` goes through ``pipeline.export`` and the real ``normalize_body`` from raw
  Tistory markup.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import lxml.html
import pytest

from tistory_migrate.archive import Archive
from tistory_migrate.errors import UsageError
from tistory_migrate.exporters import EXPORTERS
from tistory_migrate.exporters.base import ExportContext, ExportOptions
from tistory_migrate.exporters.naver import NaverExporter
from tistory_migrate.models import Post
from tistory_migrate.settings import Settings

from support.naver import (BLOG, CFILE, DN, DNA, PDF, PDF_BYTES, Body, contract_export, fig, image_ref,
                           main_items, png, post, store)


from support.naver import page_data  # noqa: E402  (index.html's records with their data chunks)

PROBE = "00-probe"  # the paste-probe bundle (exporters/naver/probe.py): not a post


def plan_rows(out: Path) -> list[dict]:
    raw = (out / "plan.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_registered_under_its_name():
    assert EXPORTERS["naver"] is NaverExporter


def test_bundle_layout_markers_and_files(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path, items, media=media)
    posts = sorted(p.name for p in (out / "posts").iterdir() if p.name != PROBE)
    assert posts == ["01-101", "02-102"]
    b = out / "posts" / "01-101"
    assert sorted(p.name for p in b.iterdir()) == ["NOTES.md", "body.html", "body.txt", "files", "images", "meta.json",
                                                    "tags.txt", "title.txt"]
    assert sorted(p.name for p in (b / "images").iterdir()) == ["01-IMG_1590.png", "02-2.png"]
    assert (b / "images" / "01-IMG_1590.png").read_bytes() == png(4, 3, 1)
    assert [p.name for p in (b / "files").iterdir()] == ["01-자료.pdf"]
    html = (b / "body.html").read_text(encoding="utf-8")
    lines = html.splitlines()
    assert lines[0] == "<p>원문: 2019-12-13 · https://seodaemun.tistory.com/101 (티스토리에서 옮긴 글)</p>"
    assert "<p>[사진 01] 01-IMG_1590.png — ▲ 인사 나누기</p>" in lines
    assert "<p>[사진 02] 02-2.png</p>" in lines
    assert lines.index("<p>[사진 01] 01-IMG_1590.png — ▲ 인사 나누기</p>") < lines.index("<p>가운데 글</p>") \
        < lines.index("<p>[사진 02] 02-2.png</p>")
    assert "<p>[첨부 01] 01-자료.pdf</p>" in lines
    assert '<p>▶ 동영상: <a href="https://www.youtube.com/watch?v=ddZ">현장 영상</a></p>' in lines
    assert not re.search(r"data-|class=|id=|<script|<iframe", html)
    # Every image: one file, one marker.
    meta = json.loads((b / "meta.json").read_text(encoding="utf-8"))
    for img in meta["images"]:
        assert (b / img["file"]).is_file() and f"<p>{img['marker']}</p>" in html
    assert meta["naver_category"] == "서대문 소식/협치" and meta["original_url"] == "https://seodaemun.tistory.com/101"
    assert meta["planned_date"] == "2026-01-05" and meta["images"][1]["expires"] is True
    assert (b / "title.txt").read_text(encoding="utf-8") == "첫 글: 협치 성과 공유파티\n"
    assert (b / "tags.txt").read_text(encoding="utf-8") == "협치\n서대문\n"
    text = (b / "body.txt").read_text(encoding="utf-8")
    assert "[사진 02] 02-2.png" in text and "<p>" not in text and "가 | 나" in text
    notes = (b / "NOTES.md").read_text(encoding="utf-8")
    for words in ("동영상이 링크로", "코드 블록", "표가 있습니다", "카테고리 '서대문 소식/협치/원탁회의'"):
        assert words in notes


def test_missing_image_keeps_its_marker_and_is_noted(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path, items, media=media)
    b = out / "posts" / "02-102"
    assert not (b / "images").exists()
    html = (b / "body.html").read_text(encoding="utf-8")
    assert re.search(r"<p>\[사진 01\] 01-[^<]+\.jpg \(사진 파일 없음, 원본: https://t1\.daumcdn\.net/cfile/tistory/99996A425A60BBAB2B\?original\)</p>", html)
    assert "사진 01: 파일을 받지 못했습니다" in (b / "NOTES.md").read_text(encoding="utf-8")


def test_statuses_listed_not_bundled_by_default(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path, items, media=media)
    rows = plan_rows(out)
    assert [(r["id"], r["include"], r["status"]) for r in rows] == [
        ("101", "yes", "public"), ("102", "yes", "public"), ("103", "no", "protected"), ("104", "no", "private"),
        ("105", "no", "missing")]
    assert rows[2]["reason"].startswith("보호글") and "--include-private" in rows[3]["reason"]
    assert rows[0]["date"] == "2026-01-05" and rows[2]["date"] == "" and rows[0]["tistory_original"] == "private"
    data = page_data(out)
    assert [p["id"] for p in data["posts"]] == ["101", "102", "103", "104", "105"]
    assert data["posts"][2]["bundled"] is False and data["posts"][2]["reason"]
    assert "html" not in data["posts"][3]  # a body not bundled never reaches the page


def test_include_private_and_ids(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path / "a", items, media=media, include_private=True)
    assert sorted(p.name for p in (out / "posts").iterdir() if p.name != PROBE) == ["01-101", "02-102", "03-104"]
    assert "비공개 글이었습니다" in (out / "posts" / "03-104" / "NOTES.md").read_text(encoding="utf-8")
    out = contract_export(tmp_path / "b", items, media=media, ids=["104", "103"])
    assert [p.name for p in (out / "posts").iterdir() if p.name != PROBE] == ["01-104"]  # protected without a body: never
    assert [r["id"] for r in plan_rows(out)] == ["103", "104"]


def test_remote_never_links_a_tistory_picture_and_is_marked_experimental(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path, items, media=media, naver_images="remote")
    html = (out / "posts" / "01-101" / "body.html").read_text(encoding="utf-8")
    assert "<img" not in html and "kakaocdn" not in html  # refused by the editor or a hotlink that breaks
    assert "<p>[사진 01] 01-IMG_1590.png — ▲ 인사 나누기</p>" in html and "<p>[사진 02] 02-2.png</p>" in html
    notes = (out / "posts" / "01-101" / "NOTES.md").read_text(encoding="utf-8")
    assert "실험 기능" in notes and "만료되는 링크" in notes


def test_remote_links_a_picture_hosted_elsewhere(tmp_path):
    url = "https://upload.wikimedia.example/pic.png"
    p = post("7", "외부 사진", "2021-05-05T00:00:00+09:00")
    body = Body(html=fig(0, "바깥") + "<p>글</p>", images=[image_ref(url, "ext/pic.png", caption="바깥")])
    out = contract_export(tmp_path, [(p, body)], media=[("ext/pic.png", url, png(20, 20))], naver_images="remote")
    html = (out / "posts" / "01-7" / "body.html").read_text(encoding="utf-8")
    assert f'<p><img src="{url}" alt="바깥"></p>' in html


@pytest.mark.parametrize("url, ok", [
    ("https://upload.example.org/a.png", True), ("https://blog.kakaocdn.net/dn/a/b/img.png", False),
    ("https://t1.daumcdn.net/cfile/tistory/99", False), ("https://seodaemun.tistory.com/attachment/x.png", False),
    ("https://tistory.com/x.png", False), ("data:image/png;base64,AAAA", False), ("file:///C:/a.png", False),
    ("https://own.example/a.png", False), ("https://[::1]/a.png", False), ("https://127.0.0.1/a.png", False),
    ("https://user@blog.kakaocdn.net:443/dn/x.png", False), ("https://[bad/a.png", False),
])  # fmt: skip
def test_which_pictures_remote_may_link(url, ok):
    from tistory_migrate.exporters.naver.bundle import hotlinkable

    assert hotlinkable(url, {"own.example"}) is ok


def test_limits_are_settings(tmp_path):
    many = [image_ref(f"https://blog.kakaocdn.net/dn/k{i}/img.png", f"dn/k{i}/img.png") for i in range(3)]
    p = post("7", "가" * 12, "2021-05-05T00:00:00+09:00", tags=[f"태그{i}" for i in range(5)] + ["태그1"])
    body = Body(html="".join(fig(i) for i in range(3)), images=many)
    media = [(f"dn/k{i}/img.png", f"https://blog.kakaocdn.net/dn/k{i}/img.png", png(30, 30, i)) for i in range(3)]
    settings = Settings().with_overrides("naver", max_title_chars=10, max_images_per_post=2, max_tags=3,
                                         max_image_bytes=100, date_line_position="bottom",
                                         date_line="{date} {title}", date_format="%Y년 %m월 %d일")
    out = contract_export(tmp_path, [(p, body)], media=media, settings=settings)
    b = out / "posts" / "01-7"
    notes = (b / "NOTES.md").read_text(encoding="utf-8")
    assert "제목이 12자로" in notes and "사진이 3장으로" in notes and "태그 5개 중 앞의 3개" in notes
    assert notes.count("크기 한도") == 3
    assert (b / "tags.txt").read_text(encoding="utf-8") == "태그0\n태그1\n태그2\n"
    assert (b / "body.html").read_text(encoding="utf-8").splitlines()[-1] == f"<p>2021년 05월 05일 {'가' * 12}</p>"


def test_edited_plan_reorders_excludes_and_keeps_choices(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path / "a", items, media=media, include_private=True)
    text = (out / "plan.csv").read_bytes().decode("utf-8-sig")
    text = text.replace("\r\n1,yes,2026-01-05,101,", "\r\n9,yes,2026-03-01,101,")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for r in rows[1:]:
        if r[3] == "102":
            r[1] = "no"
        if r[3] == "101":
            r[9] = "keep"
    edited = tmp_path / "edited.csv"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    edited.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
    out = contract_export(tmp_path / "b", items, media=media, include_private=True, plan_file=edited)
    assert sorted(p.name for p in (out / "posts").iterdir() if p.name != PROBE) == ["01-104", "02-101"]
    got = {r["id"]: r for r in plan_rows(out)}
    assert got["101"]["date"] == "2026-03-01" and got["101"]["tistory_original"] == "keep"
    assert got["102"]["include"] == "no" and "include=no" in got["102"]["reason"]
    assert json.loads((out / "posts" / "02-101" / "meta.json").read_text(encoding="utf-8"))["tistory_original"] == "keep"


def test_malformed_or_foreign_plan_is_a_usage_error(tmp_path):
    items, media = main_items()
    bad = tmp_path / "bad.csv"
    bad.write_text("id,include\r\n101,yes\r\n102,perhaps\r\n", encoding="utf-8-sig", newline="")
    with pytest.raises(UsageError, match="line 3"):
        contract_export(tmp_path / "a", items, media=media, plan_file=bad)
    foreign = tmp_path / "foreign.csv"
    foreign.write_text("id\r\n101\r\n999\r\n", encoding="utf-8-sig", newline="")
    with pytest.raises(UsageError, match="line 3.*999"):
        contract_export(tmp_path / "b", items, media=media, plan_file=foreign)


def test_page_data_cannot_break_out_of_its_script_block(tmp_path):
    evil = '</script><script>alert(1)</script><!-- \u2028\u2029 & <img src=x onerror=alert(2)>'
    p = post("9", evil, "2021-01-01T00:00:00+09:00", tags=[evil])
    body = Body(html=f"<p>{evil.replace('<', '&lt;')}</p><script>alert(3)</script><p>{evil}</p>")
    out = contract_export(tmp_path, [(p, body)])
    page = (out / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="tm-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block and "\u2028" not in block
    card = re.search(r'<section class="help" id="probe-card">.*?</section>', page, re.S).group(0)
    assert card.count("<script") == 2 and evil not in card  # the probe card's own data and copy script
    assert page.replace(card, "").count("<script") == 3  # data/helper.js, the data block and the page's own script, nothing else
    chunk = (out / "data" / "posts-0001.js").read_text(encoding="utf-8")
    assert "<" not in chunk and ">" not in chunk and "&" not in chunk and "\u2028" not in chunk
    data = page_data(out)
    assert data["posts"][0]["title"] == evil and data["posts"][0]["tags"] == [re.sub(r"\s+", " ", evil)]
    tree = lxml.html.fromstring(data["posts"][0]["html"].encode("utf-8"))
    assert not tree.xpath("//script|//*[@onerror]")


def test_output_is_deterministic_and_stale_bundles_go(tmp_path):
    items, media = main_items()
    first = contract_export(tmp_path / "a", items, media=media)
    second = contract_export(tmp_path / "b", items, media=media)

    def snapshot(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert snapshot(first) == snapshot(second)
    # Re-export into the same folder with fewer posts: the old numbered folder disappears.
    again = contract_export(tmp_path / "b2", items, media=media)
    (again / "posts" / "07-999").mkdir()
    (again / "posts" / "keep-me").mkdir()
    with Archive.open(tmp_path / "b2" / "archive") as ar:
        ctx = ExportContext(archive=ar, out_dir=again, settings=Settings(),
                            options=ExportOptions(start_date=date(2026, 1, 5), ids=["101"]), blog=BLOG)
        exp = NaverExporter(ctx)
        exp.start()
        for p, body in items:
            exp.export_post(p, body)
        exp.finish()
    assert sorted(p.name for p in (again / "posts").iterdir() if p.name != PROBE) == ["01-101", "keep-me"]


# --- through the real normalizer ----------------------------------------------------------

RAW_FIRST = f"""
<div class="tt_article_useless_p_margin contents_style">
<p data-ke-size="size16">지난 12월 13일 <b>협치 성과 공유 파티</b>가 있었어요.</p>
<figure class='imageblock alignCenter' data-origin-width="4" data-origin-height="3" data-filename="IMG_1590.JPG" data-ke-mobilestyle="widthContent">
 <span data-url='{DN}' data-lightbox='lightbox' data-alt='▲ 협치 위원들과 인사 나누기'>
  <img src='{DN}' srcset='https://img1.daumcdn.net/thumb/R1280x0/?scode=mtistory2&amp;fname=https%3A%2F%2Fblog.kakaocdn.net%2Fdn%2FbBRNEQ%2FbtqOvSfNJfW%2F6hTYrJRjAPKDZIvA8SHlAK%2Fimg.jpg' data-origin-width="4" data-origin-height="3"></span>
 <figcaption>▲ 협치 위원들과 인사 나누기</figcaption></figure>
<p data-ke-size="size16">&nbsp;</p>
<figure class="imageblock alignCenter" data-ke-mobileStyle="widthOrigin" data-filename="2.png" data-origin-width="2" data-origin-height="2">
 <span data-url="{DNA.replace('&', '&amp;')}" data-phocus="{DNA.replace('&', '&amp;')}"><img src="{DNA.replace('&', '&amp;')}" loading="lazy" width="2" height="2" data-filename="2.png" data-origin-width="2" data-origin-height="2"/></span></figure>
<figure data-ke-type="video" data-ke-style="alignLeft" data-video-host="youtube" data-video-url="https://www.youtube.com/watch?v=ddZ-f_nuQ8k" data-video-width="400" data-video-height="225" data-video-title="현장 스케치"><iframe src="https://www.youtube.com/embed/ddZ-f_nuQ8k" width="400" height="225" frameborder="" allowfullscreen="true"></iframe></figure>
<figure class="fileblock" data-ke-align="alignCenter"><a href="{PDF.replace('&', '&amp;')}" class=""><div class="image"></div><div class="desc"><div class="filename"><span class="name">협치계획.pdf</span></div><div class="size">0.03MB</div></div></a></figure>
<pre id="code_1740198450605" class="javascript" data-ke-language="javascript" data-ke-type="codeblock"><code>const a = 1 &lt; 2;</code></pre>
<table style="border-collapse: collapse; width: 100%;" border="1" data-ke-align="alignLeft"><tbody><tr><td>분과</td><td>의제</td></tr><tr><td>경제</td><td>5개</td></tr></tbody></table>
<ul data-ke-list-type="disc"><li>민관 협치</li><li>지역 혁신</li></ul>
</div>"""
RAW_SECOND = f"""<div class="tt_article_useless_p_margin"><p style="text-align: center; clear: none; float: none;"><span class="imageblock" style="display: inline-block; width: 694px;" href="{CFILE}" data-lightbox="lightbox"><img src="https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B" width="694" filename="원탁회의.jpg" filemime="image/jpeg"></span></p><p>100인 원탁회의를 다녀왔습니다.</p></div>"""


def build_real_archive(root: Path) -> Path:
    from tistory_migrate.normalize.images import find_media

    with Archive.open(root, create=True) as ar:
        ar.set_blog(BLOG)
        posts = [post("201", "민과 관이 함께하는 협치 성과 공유파티", "2019-12-13T15:20:00+09:00", body_raw=RAW_FIRST,
                      tags=["협치", "서대문구", "협치"], category="서대문 소식/협치"),
                 post("202", "소통과 신뢰의 협치서대문! 남가좌1동 '100인 원탁회의'", "2017-06-26T09:00:00+09:00",
                      body_raw=RAW_SECOND, tags=["원탁회의"], category="서대문 소식"),
                 post("203", "보호된 글", "2018-01-01T09:00:00+09:00", status="protected", body_raw="")]
        data = {DN: png(4, 3, 1), DNA: png(2, 2, 2), PDF: PDF_BYTES, CFILE: png(6, 4, 3)}
        for p in posts:
            images, files = find_media(p.body_raw, p.url) if p.body_raw else ([], [])
            p.images, p.attachments = images, files
            ar.put_post(p)
            for ref in images + files:
                payload = data.get(ref.original_url)
                if payload is not None:
                    store(ar, ref.identity, ref.original_url, payload)
    return root


def real_export(archive_dir: Path, out: Path, **options) -> Path:
    from tistory_migrate.pipeline import export as run_export

    with Archive.open(archive_dir) as ar:
        run_export(ar, ["naver"], out, Settings(), ExportOptions(start_date=date(2026, 1, 5), **options))
    return out / "naver"


def test_real_bodies_every_image_has_file_and_marker(tmp_path):
    out = real_export(build_real_archive(tmp_path / "ar"), tmp_path / "out")
    assert sorted(p.name for p in (out / "posts").iterdir() if p.name != PROBE) == ["01-202", "02-201"]  # oldest first
    for folder in (out / "posts").iterdir():
        if folder.name == PROBE:
            continue
        html = (folder / "body.html").read_text(encoding="utf-8")
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        assert not re.search(r"data-|class=|<script|<iframe|<figure|<img", html)
        for img in meta["images"]:
            assert img["file"] and (folder / img["file"]).is_file()
            assert f"<p>{img['marker']}</p>" in html
    b = out / "posts" / "02-201"
    html = (b / "body.html").read_text(encoding="utf-8")
    assert "youtube.com/watch?v=ddZ-f_nuQ8k" in html and "협치계획" in html and "<table>" in html
    assert (b / "tags.txt").read_text(encoding="utf-8") == "협치\n서대문구\n"
    assert [p.name for p in (b / "files").iterdir()][0].endswith(".pdf")
    assert [r["id"] for r in plan_rows(out)] == ["202", "203", "201"]


# --- flat memory: bundles staged on disk, only small stubs kept -----------------------------

SENTINEL = "본문표지"  # in every body below, never in a title, tag or category


def big_items(n: int, *, start: int = 1000) -> list[tuple[Post, Body]]:
    """``n`` public posts with ~24 KB bodies (each a different text) and no pictures."""
    items = []
    for i in range(start, start + n):
        text = f"<p>{SENTINEL} {i} " + "가나다라마바사 " * 1000 + "</p>"
        items.append((post(str(i), f"글 {i}", f"2020-01-01T09:{i % 60:02d}:00+09:00", body_raw=text, tags=["t"]),
                      Body(html=text)))
    return items


def exporter_for(tmp: Path, ar: Archive, **options) -> NaverExporter:
    ctx = ExportContext(archive=ar, out_dir=tmp / "out" / "naver", settings=Settings(),
                        options=ExportOptions(start_date=date(2026, 1, 5), **options), blog=BLOG)
    exporter = NaverExporter(ctx)
    exporter.start()
    return exporter


def _strings(obj, seen=None):
    """Every string reachable from ``obj`` through containers, dataclasses and plain objects."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(k, seen)
            yield from _strings(v, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from _strings(v, seen)
    elif hasattr(obj, "__slots__") or hasattr(obj, "__dict__"):
        names = list(getattr(obj, "__dict__", {})) + list(getattr(type(obj), "__slots__", ()))
        for name in names:
            if hasattr(obj, name):
                yield from _strings(getattr(obj, name), seen)


def test_exporter_keeps_no_body_between_posts(tmp_path):
    """What the exporter holds from export_post to finish() is per-post stubs of a few hundred
    bytes: no body text anywhere in its state, and staging gone once finish() returns."""
    items = big_items(30)
    with Archive.open(tmp_path / "archive", create=True) as ar:
        exporter = exporter_for(tmp_path, ar)
        for p, body in items:
            exporter.export_post(p, body)
        state = {k: v for k, v in vars(exporter).items() if k not in ("ctx", "summary")}
        held = list(_strings(state))
        assert not [s for s in held if SENTINEL in s]
        assert len(exporter.stubs) == 30
        for stub in exporter.stubs:
            size = sum(len(s.encode("utf-8")) for s in _strings(stub))
            assert size < 400, (stub.id, size)
        staging = tmp_path / "out" / "naver" / ".staging"
        assert len([p for p in staging.iterdir() if p.is_dir()]) == 30  # bundles are on disk already
        exporter.finish()
    out = tmp_path / "out" / "naver"
    assert not staging.exists()
    assert sorted(p.name for p in out.iterdir()) == ["data", "index.html", "plan.csv", "posts"]
    assert len(list((out / "posts").iterdir())) == 31  # and the probe bundle
    assert f"{SENTINEL} 1029 " in (out / "posts" / "30-1029" / "body.html").read_text(encoding="utf-8")
    assert f"{SENTINEL} 1029 " in page_data(out)["posts"][29]["html"]


def test_memory_held_does_not_grow_with_bodies(tmp_path):
    """Python memory still held after export_post, 10 posts against 70 posts of ~24 KB bodies:
    the old exporter kept every paste body (+1.5 MB here); stubs cost a few hundred bytes each."""
    import gc
    import tracemalloc

    def held_after(n: int, sub: str) -> int:
        items = big_items(n)
        with Archive.open(tmp_path / sub / "archive", create=True) as ar:
            exporter = exporter_for(tmp_path / sub, ar)
            gc.collect()
            tracemalloc.start()
            base = tracemalloc.get_traced_memory()[0]
            for p, body in items:
                exporter.export_post(p, body)
            gc.collect()
            held = tracemalloc.get_traced_memory()[0] - base
            tracemalloc.stop()
            exporter.finish()
        return held

    small, large = held_after(10, "a"), held_after(70, "b")
    per_post = (large - small) / 60
    assert per_post < 2_000, f"{per_post:.0f} bytes held per post (bodies are ~24,000 bytes)"


def test_staging_never_left_behind(tmp_path):
    items, media = main_items()
    # A plan naming a post the archive lacks fails in finish(), after the bundles were staged.
    foreign = tmp_path / "foreign.csv"
    foreign.write_text("id\r\n101\r\n999\r\n", encoding="utf-8-sig", newline="")
    with pytest.raises(UsageError, match="999"):
        contract_export(tmp_path / "a", items, media=media, plan_file=foreign)
    out = tmp_path / "a" / "out" / "naver"
    assert list(out.iterdir()) == []
    # A run that dies between posts (no finish()): removed when the exporter goes away.
    import gc

    with Archive.open(tmp_path / "b" / "archive", create=True) as ar:
        exporter = exporter_for(tmp_path / "b", ar)
        exporter.export_post(*items[0])
        staging = tmp_path / "b" / "out" / "naver" / ".staging"
        assert staging.is_dir()
        del exporter
        gc.collect()
        assert not staging.exists()
    # Left by a killed run: the next export removes it.
    killed = tmp_path / "c" / "out" / "naver" / ".staging" / "0-101"
    killed.mkdir(parents=True)
    (killed / "body.html").write_text("old", encoding="utf-8")
    out = contract_export(tmp_path / "c", items, media=media)
    assert not (out / ".staging").exists() and (out / "posts" / "01-101").is_dir()


def test_reexport_into_an_earlier_bundle_keeps_a_persons_files(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path / "a", items, media=media)
    fresh = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    folder = out / "posts" / "01-101"
    (folder / "mine.txt").write_text("내 메모", encoding="utf-8")
    (folder / "images" / "99-old.png").write_bytes(b"stale")
    (folder / "meta.json").write_text("{}", encoding="utf-8")
    with Archive.open(tmp_path / "a" / "archive") as ar:
        exporter = exporter_for(tmp_path / "a", ar)
        for p, body in items:
            exporter.export_post(p, body)
        exporter.finish()
    again = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert again.pop("posts/01-101/mine.txt") == "내 메모".encode("utf-8")
    assert again == fresh  # the stale picture went, meta.json was rewritten, nothing staged is left


@pytest.mark.parametrize("count", [0, 1, 3])
def test_page_written_in_pieces_equals_the_whole(count):
    """write_page streams the data block post by post; the bytes must equal escaping the whole
    data object at once (what the page was before it streamed)."""
    import html as html_mod

    from tistory_migrate.exporters.naver.page import load_template, render_page, script_json

    hostile = '</script><!-- & > \u2028\u2029 "q" \\ 한글'
    posts = [{"id": str(i), "title": hostile * i, "html": f"<p>{hostile}</p>", "n": i, "ok": i % 2 == 0,
              "tags": [hostile, ""], "none": None} for i in range(count)]
    data = {"host": "h.tistory.com", "title": hostile, "per_day": 3, "start": "2026-01-05", "posts": posts}
    template = load_template().replace("{{PROBE_CARD}}", "").replace("{{BLOG_TITLE}}", html_mod.escape(hostile, quote=True))
    head, _, tail = template.partition("{{DATA_JSON}}")
    want = head + script_json(data) + tail
    got = render_page(iter(posts), blog_host="h.tistory.com", blog_title=hostile, per_day=3, start_date=date(2026, 1, 5))
    assert got == want


def test_heading_spacer_setting_reaches_the_bundle(tmp_path):
    p = post("7", "제목", "2021-05-05T00:00:00+09:00")
    body = Body(html="<h2>소제목</h2><p>본문</p>", images=[])
    on = contract_export(tmp_path / "on", [(p, body)])
    off = contract_export(tmp_path / "off", [(p, body)],
                          settings=Settings().with_overrides("naver", heading_spacer=False))
    heading = '<p><span style="font-size:24px"><strong>소제목</strong></span></p>'
    assert f"{heading}\n<p><br></p>\n<p>본문</p>" in (on / "posts" / "01-7" / "body.html").read_text(encoding="utf-8")
    assert f"{heading}\n<p>본문</p>" in (off / "posts" / "01-7" / "body.html").read_text(encoding="utf-8")
