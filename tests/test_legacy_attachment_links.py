"""Issue 14: a legacy attachment link (``<a href="[##_ATTACH_PATH_##]/file">text</a>`` in a
legacy XML or backup body) stays a link with its text and points at the exported file in
every format (today's bodies and the legacy-XML fixture blog's post 11)."""

from __future__ import annotations

import json
import re

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


def test_every_format_points_the_link_at_the_exported_file(tmp_path):
    archive, out = tmp_path / "a", tmp_path / "out"
    result = run_cli(["scrape", "--backup", XML, "-o", archive, "-q"])
    assert result.code in (0, 1), result.err
    result = run_cli(["export", archive, "--format", "jsonl", "--format", "wxr", "--format", "naver",
                      "--include-private", "-o", out, "-q"])
    assert result.code == 0, result.err
    rec = next(json.loads(line) for line in (out / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
               if json.loads(line)["id"] == "11")
    file_path = rec["attachments"][0]["file"]
    assert file_path and (out / "jsonl" / file_path).is_file()
    assert f'<a href="{file_path}">자료</a>' in rec["body_html"]
    assert "ATTACH_PATH" not in rec["body_html"]
    wxr = next((out / "wxr").glob("*.xml")).read_text(encoding="utf-8")
    item = wxr.split("<wp:post_id>11</wp:post_id>")[0].rsplit("<item>", 1)[1]
    link = re.search(r'<a href="([^"]+)">자료</a>', item)
    assert link is not None and "ATTACH_PATH" not in item
    assert (out / "wxr" / link.group(1)).is_file() or link.group(1).startswith("http")
    bundle = next(p for p in (out / "naver" / "posts").iterdir() if p.name.startswith(("11", "011")) or "-11-" in p.name
                  or p.name.endswith("-11"))
    paste = (bundle / "body.html").read_text(encoding="utf-8")
    assert "자료 ([첨부 01]" in paste and "ATTACH_PATH" not in paste
