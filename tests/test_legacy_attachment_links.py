"""Issue 14: a legacy attachment link (``<a href="[##_ATTACH_PATH_##]/file">text</a>`` in a
legacy XML or backup body) stays a link with its text and points at the exported file in
every format (today's bodies and the legacy-XML fixture blog's post 11)."""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import unquote

import pytest

from support.cli import run_cli
from support.paths import FIXTURES
from tistory_migrate.normalize import normalize_body

XML = FIXTURES / "backups" / "legacy-seodaemun.xml"

# body, the link's words, the file name the scan gives it
BODIES = [
    ('<p>자세한 내용은 <a href="[##_ATTACH_PATH_##]/report2012.hwp">결과 <b>보고서</b> 내려받기</a>를 보세요.</p>',
     "결과 보고서 내려받기", "report2012.hwp"),
    ('<div>첨부: <a href="[##_ATTACH_PATH_##]/%EC%9E%90%EB%A3%8C.zip">자료 묶음</a></div>', "자료 묶음", "자료.zip"),
    ('<p><a href="[##_ATTACH_PATH_##]/cfile2.uf.2D4E6F.pdf">자료</a></p>', "자료", "cfile2.uf.2D4E6F.pdf"),
    # the official backup's own folder: {no}/file/ (docs/tistory-backup.md)
    ('<p>자세한 내용은 <a href="./file/report.pdf">결과 보고서</a>를 보세요.</p>', "결과 보고서", "report.pdf"),
]


@pytest.mark.parametrize(("raw", "words", "name"), BODIES)
def test_the_link_keeps_its_anchor_and_words(raw, words, name):
    body = normalize_body(raw, page_url="backup:11/", blog_hosts=["seodaemun.tistory.com"])
    assert [a.filename for a in body.attachments] == [name]
    link = re.search(r'<a data-tm-attachment="0" href="([^"]+)">(.*?)</a>', body.html)
    assert link is not None, body.html
    assert re.sub(r"<[^>]+>", "", link.group(2)) == words
    assert words in body.text
    again = normalize_body(body.html, page_url="backup:11/", blog_hosts=["seodaemun.tistory.com"])
    assert again.html == body.html  # normalizing twice equals once


def test_a_placeholder_as_the_link_text_is_a_file_name():
    body = normalize_body('<p><a href="[##_ATTACH_PATH_##]/x.pdf">[##_ATTACH_PATH_##]/x.pdf</a></p>',
                          page_url="backup:3/", blog_hosts=["x.tistory.com"])
    assert [a.filename for a in body.attachments] == ["x.pdf"]
    assert "data-tm-attachment" in body.html and "ATTACH_PATH" not in body.text.replace("[##_ATTACH_PATH_##]/x.pdf", "")


EXPECTED = json.loads((FIXTURES / "backups" / "expected.json").read_text(encoding="utf-8"))
LINKED = {pid: exp["attachment_links"] for pid, exp in EXPECTED["legacy"].items() if exp.get("attachment_links")}


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The legacy XML backup scraped on its own and exported to jsonl, WXR and Naver."""
    tmp = tmp_path_factory.mktemp("legacy-links")
    archive, out = tmp / "a", tmp / "out"
    result = run_cli(["scrape", "--backup", XML, "-o", archive, "-q"])
    assert result.code in (0, 1), result.err
    result = run_cli(["export", archive, "--format", "jsonl", "--format", "wxr", "--format", "naver",
                      "--include-private", "-o", out, "-q"])
    assert result.code == 0, result.err
    return out


def _records(out) -> dict:
    lines = (out / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines)}


def _naver_bundle(out, pid: str):
    return next(p for p in (out / "naver" / "posts").iterdir() if p.name.split("-", 1)[-1] == pid)


def test_the_fixture_truth_has_a_legacy_attachment_link():
    """fixtures/backups/expected.json records the link (issue 14): the tests below follow it."""
    assert LINKED, "no legacy post with attachment_links in fixtures/backups/expected.json"
    xml = XML.read_text(encoding="utf-8")
    for links in LINKED.values():
        for link in links:
            assert f'&lt;a href="{link["href"]}"&gt;{link["words"]}&lt;/a&gt;' in xml
            assert link["file"] in EXPECTED["legacy_files"]


@pytest.mark.parametrize("pid", sorted(LINKED))
def test_every_format_points_the_link_at_the_exported_file(exported, pid):
    out = exported
    rec = _records(out)[pid]
    assert "ATTACH_PATH" not in rec["body_html"]
    wxr = next((out / "wxr").glob("*.xml")).read_text(encoding="utf-8")
    item = wxr.split(f"<wp:post_id>{pid}</wp:post_id>")[0].rsplit("<item>", 1)[1]
    assert "ATTACH_PATH" not in item
    bundle = _naver_bundle(out, pid)
    paste = (bundle / "body.html").read_text(encoding="utf-8")
    assert "ATTACH_PATH" not in paste
    for n, link in enumerate(LINKED[pid], 1):
        words, sha = link["words"], EXPECTED["legacy_files"][link["file"]]
        # jsonl: media/<id>/<name>, the file holds the attachment's bytes, the link keeps its words
        att = next(a for a in rec["attachments"] if a["sha256"] == sha)
        assert att["file"].startswith(f"media/{pid}/") and _sha(out / "jsonl" / att["file"]) == sha
        linked = [unquote(h) for h in re.findall(rf'<a href="([^"]+)">{re.escape(words)}</a>', rec["body_html"])]
        assert att["file"] in linked, linked  # a relative URL: percent-encoded in the HTML
        # WXR: a link with the same words to the exported file beside the XML
        hrefs = re.findall(rf'<a href="([^"]+)">{re.escape(words)}</a>', item)
        assert hrefs and all((out / "wxr" / unquote(h)).is_file() and _sha(out / "wxr" / unquote(h)) == sha
                             for h in hrefs), hrefs
        # Naver: "words ([첨부 NN] name)", name the bundle's file with those bytes
        name = next(f.name for f in (bundle / "files").iterdir() if _sha(f) == sha)
        assert f"{words} ([첨부 {n:02d}] {name})" in paste


@pytest.mark.parametrize("pid", sorted(LINKED))
def test_the_exported_attachment_carries_its_uploaded_name(exported, pid):
    rec = _records(exported)[pid]
    for link in LINKED[pid]:
        att = next(a for a in rec["attachments"] if a["sha256"] == EXPECTED["legacy_files"][link["file"]])
        assert att["name"] == link["label"]
