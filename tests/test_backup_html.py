"""Pure pieces of the backup reader: post HTML fields, body slicing, names, dates."""

from __future__ import annotations

import os
import unicodedata
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tistory_migrate.backup import open_backups
from tistory_migrate.backup.names import decode_entry_name
from tistory_migrate.backup.post_html import parse_backup_html, parse_kst, slice_body, split_tags
from tistory_migrate.errors import BackupError
from tistory_migrate.settings import BackupSettings

PAGE = """<meta charset="utf-8" /><html lang="ko"><head><title>{title}</title></head><body>
<div class="article-header"><h2 class="title-article">{h2}</h2>
<div class="box-info"><p class="category">{cat}</p><p class="date">{date}</p></div></div>
<div class="article-view"><div class="contents_style">{body}</div><br>{tags}</div></body></html>"""


def page(**kw):
    values = {"title": "T", "h2": "제목", "cat": "", "date": "2020-01-02 03:04:05", "body": "<p>x</p>", "tags": ""}
    values.update(kw)
    return PAGE.format(**values)


def test_pasted_full_document_inside_body_is_kept_whole():
    # Seen on real pages: a whole <html> document pasted into the editor. The header must
    # still be read and the body must run to the matching </div>, not to the inner </body>.
    inner = '<!DOCTYPE html><html lang="ko"><head><title>X</title></head><body><div><p>안쪽</p></div></body></html>'
    p = parse_backup_html(page(body=inner, tags='<div class="tags">#a</div>'))
    assert p.body_html == inner
    assert p.title == "제목" and p.tags == ["a"]


def test_div_tokens_in_comments_and_scripts_do_not_end_the_body():
    body = "<p>a</p><!-- </div> --><script>var s='</div>';</script><div><p>b</p></div>"
    assert parse_backup_html(page(body=body)).body_html == body


def test_title_falls_back_to_head_then_file_name():
    assert parse_backup_html(page(h2="")).title == "T"
    p = parse_backup_html(page(h2="", title=""), file_name="12-서대문-소식.html")
    assert p.title == "서대문 소식" and p.warnings


def test_no_body_container_fails_loudly():
    with pytest.raises(BackupError, match="no post body"):
        parse_backup_html("<html><body><p>hi</p></body></html>", file_name="1.html")


def test_category_and_missing_date():
    p = parse_backup_html(page(cat=" 여행 / 서울 ", date=""))
    assert p.category == "여행/서울"
    assert p.published is None and any("no date" in w.english() for w in p.warnings)


@pytest.mark.parametrize(
    "text,iso",
    [
        ("2019-12-13 10:20:30", "2019-12-13T10:20:30+09:00"),
        ("2019-12-13 00:00", "2019-12-13T00:00:00+09:00"),
        ("2019-13-13 10:20:30", None),
        ("13 Dec 2019", None),
        ("", None),
    ],
)
def test_parse_kst(text, iso):
    assert parse_kst(text) == iso


def test_split_tags():
    assert split_tags("#협치 #two word tag  #협치 # ") == ["협치", "two word tag"]
    assert split_tags("") == []


def test_slice_body_absent():
    assert slice_body("<div class='article-view'></div>") is None
    assert slice_body("<div class='x contents_style y'>a</div>") is not None


hangul = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(name=hangul, encoding=st.sampled_from(["utf-8", "cp949"]))
def test_unflagged_names_round_trip(name, encoding):
    path = f"blog-1-1/3/img/{name}.png"
    try:
        raw = path.encode(encoding)
    except UnicodeEncodeError:  # CP949 lacks some modern syllables: such names cannot be CP949
        return
    info = zipfile.ZipInfo("x")
    info.filename = raw.decode("cp437")
    assert decode_entry_name(info) == unicodedata.normalize("NFC", path)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_folder_symlink_leading_outside_is_refused(tmp_path):
    root = tmp_path / "blog-1-1"
    (root / "1").mkdir(parents=True)
    (root / "1" / "1.html").write_text(page(), encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", root / "1" / "leak.txt")
    with pytest.raises(BackupError, match="outside"):
        open_backups([root], BackupSettings())


def test_cp949_bytes_that_are_also_valid_utf8_decode_as_hangul():
    # Find a KS X 1001 syllable whose CP949 bytes happen to be valid UTF-8 (lead C2-C8,
    # trail A1-BF); such a name must still come out as Hangul.
    for cp in range(0xAC00, 0xD7A4):
        try:
            raw = chr(cp).encode("cp949")
            raw.decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        break
    else:  # pragma: no cover
        pytest.skip("no ambiguous syllable")
    info = zipfile.ZipInfo("x")
    info.filename = (b"3/img/" + raw + b".png").decode("cp437")
    assert decode_entry_name(info) == f"3/img/{chr(cp)}.png"
