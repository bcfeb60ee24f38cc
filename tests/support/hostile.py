"""Hostile post bodies (issue 17, deep markup): markup nested past what a parser or a recursive
walk survives, numbers written with other Unicode digits, and imitations of the normalizer's own
markers. Written by us, modelled on the old editor's markup (docs/tistory-markup.md): a ``<span
style>`` opened in every paragraph and never closed is what the old editor left when a colour was
applied across paragraphs. Used by tests/badinput/cases.py, tests/test_visible_text.py and
bench/normalize_speed.py (depth d and 2d)."""

from __future__ import annotations


def unclosed_spans(n: int = 400) -> str:
    """``n`` paragraphs, each opening a ``<span>`` it never closes: browsers close it at the next
    ``<p>``; libxml2 nests one level deeper per paragraph (lost past ~the 120th before)."""
    return "".join(f'<p><span style="color:#333333">{i}번째 문단입니다. 옛 편집기가 닫지 않은 글자색 태그 paragraph {i}'
                   for i in range(1, n + 1))


def nested_divs(depth: int = 300) -> str:
    """Text ``depth`` ``<div>``s deep, and a paragraph after them (lost at export before)."""
    return ("<div>" * depth + "<p>가장 깊은 곳에 있는 문장입니다 the deepest sentence</p>" + "</div>" * depth
            + "<p>깊은 상자 다음에 오는 마지막 문단입니다 the last paragraph</p>")


def nested_blockquotes(depth: int = 250) -> str:
    """Quotes in quotes, ``depth`` deep (a RecursionError before)."""
    return ("<blockquote>" * depth + "<p>인용 속 인용 속에 있는 문장입니다 quoted deep inside</p>" + "</blockquote>" * depth
            + "<p>인용 다음에 오는 문단입니다 after the quotes</p>")


def nested_tables(depth: int = 24) -> str:
    """Tables in table cells, ``depth`` deep (time grew as 2^depth before: 99 s at depth 25)."""
    return ("<table><tbody><tr><td>칸 " * depth + "<p>가장 안쪽 표의 칸에 있는 문장입니다 the innermost cell</p>"
            + "</td></tr></tbody></table>" * depth + "<p>표 다음에 오는 문단입니다 after the tables</p>")


def unicode_digits() -> str:
    """Numbers in attributes written with other Unicode digits (a ValueError in int() before)."""
    return ('<p>다른 숫자로 쓴 속성이 있는 글입니다 unicode digits</p>'
            '<table><tr><td colspan="²" rowspan="③">합친 칸에 있는 글자입니다 merged cell text</td><td colspan="٣">셋</td></tr></table>'
            '<ol start="①"><li>번호 목록의 첫째 항목입니다 first list item</li></ol>'
            '<p><img src="https://blog.kakaocdn.net/dn/uni/btqUni0001/Zz00000000000000000001/img.png" '
            'width="²" height="①" data-origin-width="²"></p>')


def foreign_markers() -> str:
    """A body imitating the normalizer's markers (phantom attachments and pictures before)."""
    return ('<p>표시를 흉내 낸 속성이 있는 글입니다 imitated markers</p>'
            '<p data-tm-attachment="0"><a href="https://www.example.com/not-a-file">그냥 웹 페이지로 가는 링크입니다</a></p>'
            '<p data-tm-attachment="7">첨부 파일처럼 보이는 문단입니다 looks like a file.hwp</p>'
            '<figure data-tm-image="²"><p>사진처럼 보이는 상자 안의 글입니다 not a picture</p></figure>'
            '<p data-tm-embed="0">삽입 요소처럼 보이는 문단입니다 not an embed</p>'
            '<a href="https://www.example.com/x" data-tm-post="../../x">다른 글처럼 보이는 링크입니다 a link</a>')


def over_parser_limit(depth: int = 3000) -> str:
    """Deeper than libxml2 reads even with huge_tree (2048): the HTML5 fallback's case."""
    return ("<div>" * depth + "<p>이천 단계보다 깊은 곳의 문장입니다 beyond the parser's limit</p>" + "</div>" * depth
            + "<p>아주 깊은 상자 다음의 마지막 문단입니다 after the deepest boxes</p>")


# name -> (body, texts that must reach every export)
HOSTILE = {
    "unclosed-spans": (unclosed_spans(), ["400번째 문단입니다", "1번째 문단입니다", "200번째 문단입니다"]),
    "nested-divs": (nested_divs(), ["가장 깊은 곳에 있는 문장입니다", "깊은 상자 다음에 오는 마지막 문단입니다"]),
    "nested-blockquotes": (nested_blockquotes(), ["인용 속 인용 속에 있는 문장입니다", "인용 다음에 오는 문단입니다"]),
    "nested-tables": (nested_tables(), ["가장 안쪽 표의 칸에 있는 문장입니다", "표 다음에 오는 문단입니다"]),
    "unicode-digits": (unicode_digits(), ["합친 칸에 있는 글자입니다", "번호 목록의 첫째 항목입니다"]),
    "foreign-markers": (foreign_markers(), ["그냥 웹 페이지로 가는 링크입니다", "사진처럼 보이는 상자 안의 글입니다"]),
    "over-parser-limit": (over_parser_limit(), ["이천 단계보다 깊은 곳의 문장입니다", "아주 깊은 상자 다음의 마지막 문단입니다"]),
}
