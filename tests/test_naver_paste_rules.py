"""body.html's paste rules (issue 13, "Paste HTML that survives"; docs/naver-paste.md §1.2, §7):
one snippet per rule, asserted on the HTML a person pastes."""

from __future__ import annotations

from tistory_migrate.exporters.naver.body import Replacement, to_paste_html
from tistory_migrate.exporters.naver.paragraphs import PasteChoices, code_line, list_label

NB = "\u00a0"


def lines(html: str, **choices) -> list[str]:
    out = to_paste_html(html, lambda kind, i: Replacement(text=f"[사진 {i + 1:02d}]"),
                        choices=PasteChoices(**choices) if choices else None)
    return out.html.splitlines()


def test_a_heading_is_sized_bold_text_then_a_blank_paragraph():
    assert lines("<h2>큰 제목</h2><p>본문</p><h3 style=\"text-align:center\">작은</h3><p>끝</p>") == [
        '<p><span style="font-size:24px"><strong>큰 제목</strong></span></p>', "<p><br></p>", "<p>본문</p>",
        '<p style="text-align: center"><span style="font-size:19px"><strong>작은</strong></span></p>', "<p><br></p>",
        "<p>끝</p>"]


def test_the_heading_spacer_is_a_setting_and_never_doubled():
    assert lines("<h2>제목</h2><p>본문</p>", heading_spacer=False) == [
        '<p><span style="font-size:24px"><strong>제목</strong></span></p>', "<p>본문</p>"]
    assert lines("<h2>제목</h2><p><br></p><p>본문</p>").count("<p><br></p>") == 1
    assert lines("<p>앞</p><h2>끝 제목</h2>")[-1] == '<p><span style="font-size:24px"><strong>끝 제목</strong></span></p>'


def test_nested_lists_are_marker_paragraphs_with_six_nbsp_per_level():
    html = "<ul><li>하나<ul><li>둘<ul><li>셋<ul><li>넷</li></ul></li></ul></li></ul></li><li>다시 하나</li></ul>"
    assert lines(html) == ["<p>• 하나</p>", f"<p>{NB * 6}◦ 둘</p>", f"<p>{NB * 12}▪ 셋</p>", f"<p>{NB * 18}▪ 넷</p>",
                           "<p>• 다시 하나</p>"]


def test_numbered_lists_count_per_level_restart_per_list_and_honour_start_and_type():
    html = ('<ol start="3"><li>셋<ol type="a"><li>가</li><li>나</li></ol></li><li>넷<ol type="i"><li>일</li>'
            '<li>이</li></ol></li></ol><p>사이</p><ol><li>다시</li></ol><ol type="A" start="2"><li>비</li></ol>')
    assert lines(html) == ["<p>3. 셋</p>", f"<p>{NB * 6}a. 가</p>", f"<p>{NB * 6}b. 나</p>", "<p>4. 넷</p>",
                           f"<p>{NB * 6}i. 일</p>", f"<p>{NB * 6}ii. 이</p>", "<p>사이</p>", "<p>1. 다시</p>", "<p>B. 비</p>"]
    assert [list_label(n, "I") for n in (4, 9, 14, 1999)] == ["IV", "IX", "XIV", "MCMXCIX"]
    assert [list_label(n, "a") for n in (1, 26, 27)] == ["a", "z", "aa"]


def test_a_list_item_with_paragraphs_keeps_them_indented_under_its_marker():
    assert lines("<ul><li><p>첫 문단</p><p>둘째 문단</p></li></ul>") == ["<p>• 첫 문단</p>", f"<p>{NB * 6}둘째 문단</p>"]


def test_flat_lists_stay_native_only_when_a_probe_said_so_nested_never():
    flat = "<ul><li>가</li><li>나</li></ul>"
    assert lines(flat) == ["<p>• 가</p>", "<p>• 나</p>"]
    assert lines(flat, native_lists=True) == ["<ul>", "<li>가</li>", "<li>나</li>", "</ul>"] or \
        lines(flat, native_lists=True) == ["<ul><li>가</li><li>나</li></ul>"]
    nested = "<ul><li>가<ul><li>나</li></ul></li></ul>"
    assert lines(nested, native_lists=True) == ["<p>• 가</p>", f"<p>{NB * 6}◦ 나</p>"]


def test_code_is_one_paragraph_per_line_with_nbsp_indentation_and_empty_paragraphs():
    html = "<pre><code>def f():\n\tif x:\n        return  1\n\nprint(f())   \n</code></pre>"
    assert lines(html) == ["<p>def f():</p>", f"<p>{NB * 4}if x:</p>", f"<p>{NB * 8}return{NB * 2}1</p>",
                           "<p><br></p>", "<p>print(f())</p>"]
    assert code_line("a b") == "a b"  # a single inner space stays a normal space
    out = to_paste_html("<pre>x = 1</pre>", lambda k, i: None)
    assert "pre" in out.features  # so NOTES.md keeps the note to use the editor's code button


def test_code_stays_pre_when_a_probe_showed_a_code_component():
    assert lines("<pre>  x = 1</pre>", keep_pre=True) == ["<pre>  x = 1</pre>"]


def test_author_span_styles_survive_and_nothing_else_of_a_style():
    out = lines('<p><span style="color:#ee2323;background-color:#fff593;font-size:24px">강조</span> '
                '<span style="color:#ff0000;padding-left:40px;font-family:x">빨강</span> <span>맨</span></p>')
    assert out == ['<p><span style="color:#ee2323;background-color:#fff593;font-size:24px">강조</span> '
                   '<span style="color:#ff0000">빨강</span> 맨</p>']


def test_never_an_img_of_data_or_file_urls_never_se_classes_nor_input_buffer_markers():
    body = ('<p class="se-text-paragraph"><span data-input-buffer="INPUT_BUFFER_DATA;UA;blog.naver.com">x</span>'
            '<img src="data:image/png;base64,AAAA"><img src="file:///C:/a.png">'
            '<img src="https://blog.kakaocdn.net/dn/a/img.jpg"></p><div class="se-component se-text">y</div>')
    html = "\n".join(lines(body))
    assert "<img" not in html and "se-" not in html and "data-" not in html and "input-buffer" not in html.lower()
    for src in ("data:image/png;base64,AAAA", "file:///C:/a.png", "FILE:///x.png"):
        out = to_paste_html('<figure data-tm-image="0"></figure>', lambda k, i: Replacement(text="캡션", img_src=src))
        assert "<img" not in out.html and "캡션" in out.html


def test_remote_is_marked_experimental_in_help_and_readmes():
    from pathlib import Path

    from support.cli import run_cli

    r = run_cli(["export", "--help"])
    assert r.code == 0 and "experimental" in " ".join(r.out.split())
    root = Path(__file__).resolve().parents[1]
    assert "remote (**experimental**)" in (root / "README.md").read_text(encoding="utf-8")
    assert "remote (**실험 기능**)" in (root / "README.ko.md").read_text(encoding="utf-8")
