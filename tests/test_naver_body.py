"""Normalized body -> paste-friendly HTML for Naver (exporters/naver/body.to_paste_html)."""

from __future__ import annotations

import re

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from tistory_migrate.exporters.naver.body import KEEP, Replacement, to_paste_html

ALLOWED_ATTRS = {"href", "style", "colspan", "rowspan", "src", "alt"}


def markers(kind, index):
    if kind == "image":
        return Replacement(text=f"[사진 {index + 1:02d}] {index + 1:02d}-pic.jpg")
    if kind == "attachment":
        return Replacement(text=f"[첨부 {index + 1:02d}] {index + 1:02d}-doc.pdf")
    return Replacement(text="영상", href="https://www.youtube.com/watch?v=abc", prefix="▶ 동영상: ")


def tags_and_attrs(html):
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    tags, attrs = set(), set()
    for el in root.iter():
        if el is root or not isinstance(el.tag, str):
            continue
        tags.add(el.tag)
        attrs.update(el.attrib)
    return tags, attrs


def test_markers_are_replaced_at_their_place_and_data_attributes_vanish():
    body = ('<p data-ke-size="size16">앞 문단</p>'
            '<figure data-tm-image="0"><img src="https://blog.kakaocdn.net/dn/a/b/c/img.jpg" alt="캡션"><figcaption>캡션</figcaption></figure>'
            '<p>가운데</p><p data-tm-attachment="0"><a href="https://x/y.pdf">y.pdf</a></p>'
            '<p data-tm-embed="0"><a href="https://www.youtube.com/watch?v=abc">영상</a></p>'
            '<p>글 <a href="https://a.tistory.com/3" data-tm-post="3">다른 글</a></p>')
    out = to_paste_html(body, markers)
    assert out.html.splitlines() == [
        "<p>앞 문단</p>",
        "<p>[사진 01] 01-pic.jpg</p>",
        "<p>가운데</p>",
        "<p>[첨부 01] 01-doc.pdf</p>",
        '<p>▶ 동영상: <a href="https://www.youtube.com/watch?v=abc">영상</a></p>',
        '<p>글 <a href="https://a.tistory.com/3">다른 글</a></p>',
    ]
    assert out.found == {"image": {0}, "attachment": {0}, "embed": {0}}
    assert "data-" not in out.html


def test_only_the_paste_vocabulary_survives():
    body = ('<h1 class="t" id="x">큰 제목</h1><h4>작은 제목</h4><div style="text-align: center; color: red">가운데 <b>굵게</b> '
            '<i>기울임</i> <span style="font-size: 20px">크게</span> <font color="red">빨강</font></div>'
            '<script>alert(1)</script><iframe src="https://evil"></iframe><form><input value="x"></form>'
            '<p align="right" onclick="x()">오른쪽 <a href="javascript:alert(1)">나쁜 링크</a> <del>취소</del></p>'
            '<blockquote data-ke-style="style1">인용</blockquote><hr data-ke-style="style1">'
            '<pre class="python" data-ke-language="python"><code><span class="hljs-keyword">def</span> f(): return 1 &lt; 2</code></pre>'
            '<table class="x"><tbody><tr><th>가</th><td colspan="2" style="width: 50%">나<br>다</td></tr></tbody></table>')
    out = to_paste_html(body, markers)
    tags, attrs = tags_and_attrs(out.html)
    assert tags <= KEEP | {"span"} and attrs <= ALLOWED_ATTRS
    assert '<p><span style="font-size:24px"><strong>큰 제목</strong></span></p>\n<p><br></p>' in out.html
    assert '<p><span style="font-size:19px"><strong>작은 제목</strong></span></p>' in out.html
    assert ('<p style="text-align: center">가운데 <strong>굵게</strong> <em>기울임</em> '
            '<span style="font-size:20px">크게</span> 빨강</p>') in out.html
    assert '<p style="text-align: right">오른쪽 나쁜 링크 <s>취소</s></p>' in out.html
    assert "<p>def f(): return 1 &lt; 2</p>" in out.html
    assert '<td colspan="2">나<br>다</td>' in out.html
    assert "alert" not in out.html and "evil" not in out.html
    assert {"pre", "table"} <= out.features


def test_date_line_top_bottom_and_plain_text():
    body = "<p>본문 <strong>굵게</strong></p><ul><li>하나<ul><li>둘</li></ul></li></ul><p><a href=\"https://n.com\">링크</a></p>"
    top = to_paste_html(body, markers, date_line="원문: 2019-12-13", date_line_position="top")
    bottom = to_paste_html(body, markers, date_line="원문: 2019-12-13", date_line_position="bottom")
    assert top.html.startswith("<p>원문: 2019-12-13</p>\n")
    assert bottom.html.endswith("<p>원문: 2019-12-13</p>\n")
    assert top.text == "원문: 2019-12-13\n\n본문 굵게\n\n• 하나\n\n\xa0\xa0\xa0\xa0\xa0\xa0◦ 둘\n\n링크 (https://n.com)\n"
    assert {"list", "nested-list"} <= top.features


def test_remote_image_and_block_inside_inline_host():
    def remote(kind, index):
        return Replacement(text="캡션", img_src="https://blog.kakaocdn.net/dn/a/img.jpg", alt="캡션")

    out = to_paste_html('<figure data-tm-image="0"><img src="x"></figure><strong>굵게 <div>블록</div></strong>', remote)
    assert out.html.splitlines()[:2] == ['<p><img src="https://blog.kakaocdn.net/dn/a/img.jpg" alt="캡션"></p>', "<p>캡션</p>"]
    assert "<p><strong>굵게 <br>블록</strong></p>" in out.html


def test_empty_paragraphs_dropped_spacers_kept_loose_text_wrapped():
    out = to_paste_html("느슨한 글 <b>굵게</b><p></p><p>\xa0</p><p>끝</p>", markers)
    assert out.html.splitlines() == ["<p>느슨한 글 <strong>굵게</strong></p>", "<p>\xa0</p>", "<p>끝</p>"]


FRAGMENTS = st.sampled_from([
    "<p>글</p>", "<b>굵</b>", "<div>칸<div>안</div></div>", "<script>alert(1)</script>", "<iframe src=x></iframe>",
    '<a href="javascript:alert(1)">x</a>', '<img src=x onerror="alert(1)">', "<ul><li>a<li>b</ul>", "<table><tr><td>1",
    '<figure data-tm-image="0"><img src="u"></figure>', "<pre><code>a<b>b</b></code></pre>", "<h1>제</h1>", "텍스트 ",
    "<svg><script>alert(1)</script></svg>", "<style>p{}</style>", '<p style="text-align:center;background:url(x)">c</p>',
    "&lt;script&gt;", "<blockquote><p>인</p></blockquote>", "<hr>", "<br>", "<u><s>x</s></u>",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(FRAGMENTS, max_size=12))
def test_any_mix_keeps_to_the_vocabulary(parts):
    out = to_paste_html("".join(parts), markers)
    tags, attrs = tags_and_attrs(out.html) if out.html else (set(), set())
    assert tags <= KEEP | {"span"} and attrs <= ALLOWED_ATTRS - {"src", "alt"}
    assert not re.search(r"<script|onerror|javascript:|data-tm", out.html, re.I)
    # Stable: converting the output again changes nothing.
    assert to_paste_html(out.html, markers).html == out.html
