"""Author styles the normalizer keeps (normalize/styles.py): colour, highlight and size as span
styles, in one spelling, everything else of a style dropped. Each rule of issue 13 ("Paste HTML
that survives") is one snippet here, asserted on the normalized HTML itself."""

from __future__ import annotations

import pytest

from tistory_migrate.normalize import normalize_body
from tistory_migrate.normalize.styles import font_size_attr, parse_color, parse_size


def norm(html: str) -> str:
    out = normalize_body(html, page_url="https://a.tistory.com/1", blog_hosts={"a.tistory.com"}).html
    again = normalize_body(out, page_url="https://a.tistory.com/1", blog_hosts={"a.tistory.com"}).html
    assert again == out, "normalizing twice must equal once"
    return out


@pytest.mark.parametrize("value, expected", [
    ("#f00", "#ff0000"), ("#EE2323", "#ee2323"), ("rgb(0, 117, 200)", "#0075c8"), ("rgb(100%, 0%, 0%)", "#ff0000"),
    ("rgba(0, 117, 200, 1)", "#0075c8"), ("red", "#ff0000"), ("CornflowerBlue", "#6495ed"),
    ("#fff593 !important", "#fff593"),
    # black, near black, transparent: the skin's default, not the author's choice
    ("#000", None), ("black", None), ("#333333", None), ("rgb(51, 51, 51)", None), ("#222", None),
    ("transparent", None), ("rgba(255, 0, 0, 0)", None), ("rgba(255,0,0,0.2)", None),
    # not colours
    ("inherit", None), ("#12345", None), ("url(x.png)", None), ("expression(alert(1))", None), ("", None),
])  # fmt: skip
def test_colours_are_read_in_every_spelling_and_dark_or_transparent_ones_dropped(value, expected):
    assert parse_color(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("20px", 20), ("18pt", 24), ("1.6em", 24), ("200%", 30), ("0.7em", 10), ("8px", 8), ("72px", 72),
    # within 1 px of the editor's 15 px: dropped (old posts must not arrive hard-set to 11 pt)
    ("15px", None), ("16px", None), ("14px", None), ("11pt", None), ("1em", None), ("100%", None),
    # outside 8-72 px, or no unit we read
    ("7px", None), ("73px", None), ("500%", None), ("large", None), ("12", None), ("calc(1em + 2px)", None),
])  # fmt: skip
def test_sizes_in_px_pt_em_percent_between_8_and_72_px_away_from_the_default(value, expected):
    assert parse_size(value) == expected


@pytest.mark.parametrize("value, expected", [("1", 10), ("2", 13), ("3", None), ("4", 18), ("5", 24), ("6", 32),
                                             ("7", 48), ("9", 48), ("+2", 24), ("-1", 13), ("x", None)])
def test_font_size_attribute_is_mapped_as_browsers_do(value, expected):
    assert font_size_attr(value) == expected


def test_span_styles_become_one_spelling():
    out = norm('<p>앞 <span style="COLOR: rgb(255, 0, 0); font-size: 20px; font-family: Gulim; margin: 3px">빨강</span> 뒤</p>')
    assert out == '<p>앞 <span style="color:#ff0000;font-size:20px">빨강</span> 뒤</p>'


def test_font_color_and_size_become_a_span():
    out = norm('<p><font color="#0075c8" size="5" face="Gulim">파랑 크게</font> <font color="black">검정</font></p>')
    assert out == '<p><span style="color:#0075c8;font-size:24px">파랑 크게</span> 검정</p>'


def test_highlight_is_kept():
    out = norm('<p><span style="background-color: #fff593;">형광펜</span> '
               '<span style="background: rgb(255, 245, 147)">줄임말</span></p>')
    assert out == ('<p><span style="background-color:#fff593">형광펜</span> '
                   '<span style="background-color:#fff593">줄임말</span></p>')


def test_paragraph_and_div_styles_move_onto_their_text_and_the_blocks_inside():
    out = norm('<p style="color: #0000ff; text-align: center">파란 <b>굵게</b></p>'
               '<div style="background-color: yellow"><p>하나</p>사이 글<p style="color: red">둘</p></div>')
    assert out == ('<p style="text-align:center"><span style="color:#0000ff">파란 <strong>굵게</strong></span></p>'
                   '<p><span style="background-color:#ffff00">하나</span></p>'
                   '<p><span style="background-color:#ffff00">사이 글</span></p>'
                   '<p><span style="color:#ff0000;background-color:#ffff00">둘</span></p>')


def test_bold_and_colour_on_one_span_keep_both():
    assert norm('<p><span style="font-weight: bold; color: #ee2323">강조</span></p>') == \
        '<p><span style="color:#ee2323"><strong>강조</strong></span></p>'


def test_default_looking_styles_and_other_properties_are_dropped():
    out = norm('<p><span style="font-size: 11pt; color: #000000; font-family: 맑은 고딕">평범</span> '
               '<span style="color: #333">본문색</span> <span style="background-color: transparent">투명</span> '
               '<span style="letter-spacing: 2px; padding-left: 40px">여백</span></p>'
               '<p style="font-size: 11pt; line-height: 1.8">문단</p>')
    assert out == '<p>평범 본문색 투명 여백</p><p>문단</p>'


def test_a_later_declaration_wins_as_in_css():
    assert norm('<p><span style="color: red; color: black">검정</span></p>') == '<p>검정</p>'
    assert norm('<p><span style="color: black; color: red">빨강</span></p>') == \
        '<p><span style="color:#ff0000">빨강</span></p>'


def test_a_hostile_style_carries_nothing():
    out = norm('<p><span style="color: red; background: url(javascript:alert(1)); font-size: expression(1)">x</span>'
               '<span style="color:&quot;&gt;&lt;script&gt;">y</span></p>')
    assert out == '<p><span style="color:#ff0000">x</span>y</p>'


def test_styles_do_not_enter_code_or_picture_markers():
    out = norm('<div style="color: red"><pre><span style="color: blue">code</span></pre>'
               '<figure class="imageblock"><img src="https://blog.kakaocdn.net/dn/a/b/c/img.jpg"></figure></div>')
    assert '<pre><code>' in out or "<pre>code</pre>" in out
    assert "color" not in out.split("<figure")[1]
    assert "<pre><span" not in out


def test_deep_nesting_of_styled_boxes_costs_no_recursion():
    html = '<div style="color: red">' * 200 + "깊은 글" + "</div>" * 200
    out = norm(html)  # deeper than the normalizer's depth bound: unwrapped (issue 17), text and colour kept
    assert "깊은 글" in out and 'style="color:#ff0000"' in out, out


def test_jsonl_and_wxr_carry_the_kept_styles(tmp_path):
    import json

    from tistory_migrate.archive import Archive

    from support.cli import run_cli
    from support.naver import BLOG, post

    archive = tmp_path / "A"
    with Archive.open(archive, create=True) as ar:
        ar.set_blog(BLOG)
        ar.put_post(post("9", "색 글자", "2020-01-01T09:00:00+09:00",
                         body_raw='<p>앞 <span style="color: rgb(238, 35, 35); font-family: Gulim">빨강</span> '
                                  '<font size="5">크게</font></p>'))
    r = run_cli(["export", str(archive), "-f", "jsonl", "-f", "wxr", "-o", str(tmp_path / "out"), "--quiet"])
    assert r.code == 0, r.out + r.err
    want = '<span style="color:#ee2323">빨강</span> <span style="font-size:24px">크게</span>'
    [record] = [json.loads(line) for line in (tmp_path / "out" / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert want in record["body_html"]
    wxr = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "wxr").glob("*.xml"))
    assert want in wxr
