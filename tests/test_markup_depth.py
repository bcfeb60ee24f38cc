"""markup's parse chain on deep markup (issue 17): nothing a browser shows is lost to libxml2's
depth limit, the fallback and the flattening keep text and pictures in order, and a loss is
counted. Bodies from support.hostile; the old behaviour is the plain libxml2 parser's."""

from __future__ import annotations

import threading

from lxml import etree

from support.hostile import nested_divs, over_parser_limit, unclosed_spans
from tistory_migrate import markup
from tistory_migrate.normalize.tree import lost_characters, parse_body_checked


def _depth(root) -> int:
    deepest = depth = 0
    for event, _el in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def test_past_libxml2s_own_limit_everything_is_kept():
    doc = markup.parse_document(f"<html><body>{over_parser_limit(3000)}</body></html>")
    assert markup.last_parse_fell_back()
    text = markup.text_of(doc)
    assert "이천 단계보다 깊은 곳의 문장입니다" in text and "아주 깊은 상자 다음의 마지막 문단입니다" in text
    assert _depth(doc) <= markup.FALLBACK_DEPTH + 4
    # the plain parser it replaced lost both
    old = etree.fromstring(f"<html><body>{over_parser_limit(3000)}</body></html>", etree.HTMLParser())
    assert old is None or "마지막 문단" not in markup.text_of(old)


def test_huge_tree_reads_what_the_old_parse_cut_and_needs_no_fallback():
    page = f"<html><body>{unclosed_spans(400)}</body></html>"
    doc = markup.parse_plain_document(page)
    assert not markup.last_parse_fell_back()
    assert "400번째 문단입니다" in markup.text_of(doc)
    assert "400번째 문단입니다" not in markup.text_of(etree.fromstring(page, etree.HTMLParser()))


def test_the_fallback_flag_is_per_parse_and_per_thread():
    markup.parse_document(f"<html><body>{over_parser_limit(2500)}</body></html>")
    assert markup.last_parse_fell_back()
    seen = []
    thread = threading.Thread(target=lambda: seen.append(markup.last_parse_fell_back()))
    thread.start()
    thread.join()
    assert seen == [False]
    markup.parse_document("<p>짧은 글</p>")
    assert not markup.last_parse_fell_back()


def test_capped_leaves_out_only_the_deep_start_and_end_tags():
    deep = "<div>" * 5 + "<p>글<img src=a.png><br>끝" + "</div>" * 5 + "<p>뒤"
    out = markup.capped(deep, 3)
    assert out == "<div>" * 3 + "<p>글<img src=a.png><br>끝" + "</div>" * 3 + "<p>뒤"
    # tags a parser closes by itself are no depth; comments and scripts are copied as they are
    assert markup.capped("<li>a<li>b<li>c", 1) == "<li>a<li>b<li>c"
    assert markup.capped("<b><i><!-- <u> --><script>'<s>'</script>x</i></b>", 1) == "<b><!-- <u> --><script>'<s>'</script>x</b>"


def test_flatten_below_keeps_text_and_leaves_in_order():
    root = etree.fromstring("<div><section><div><p>하나<b>둘</b></p><img src='x.png'/>셋<div>넷</div></div></section>다섯</div>")
    removed = markup.flatten_below(root, 2)
    assert removed == 1  # the <p> holding <b>: unwrapped; leaves (<b>, <img>, the inner <div>) kept
    assert "".join(root.itertext()) == "하나둘셋넷다섯"
    assert [el.tag for el in root.iter()][:3] == ["div", "section", "div"]
    assert root.find(".//img") is not None and root.find(".//br") is not None


def test_flatten_below_is_iterative():
    root = el = etree.Element("div")
    for _ in range(5000):
        el = etree.SubElement(el, "span")
    el.text = "글"
    markup.flatten_below(root, 10)
    assert _depth(root) <= 12 and "".join(root.itertext()) == "글"


def test_a_loss_is_counted_and_a_whole_parse_is_not():
    raw = nested_divs(300)
    truncated = etree.fromstring(f"<html><body>{raw}</body></html>", etree.HTMLParser())
    body = truncated.find("body") if truncated is not None else None
    assert lost_characters(raw, body) > 40
    root, check = parse_body_checked(raw, check_loss=True)
    assert check.lost == 0 and check.flattened > 0
    assert "깊은 상자 다음에 오는 마지막 문단입니다" in markup.text_of(root)


def test_sizes_are_ascii_digits():
    assert markup.positive_int(" 80 ") == 80
    assert [markup.positive_int(v) for v in ("²", "①", "٣", "-1", "0", "NaN")] == [None] * 6


def test_the_normalizers_depth_notes_have_their_notes_md_text():
    from tistory_migrate.exporters.naver.texts_ko import NOTE_KO
    from tistory_migrate.normalize.vocabulary import NOTE_FLATTENED, NOTE_TEXT_LOST

    def notes_md(raw: str) -> str | None:
        return next((text for keys, text in NOTE_KO if any(key in raw.lower() for key in keys)), None)

    assert notes_md(NOTE_FLATTENED).startswith("태그가 너무 깊게 겹쳐 있어")
    assert notes_md(NOTE_TEXT_LOST).startswith("원문 글자 일부를 읽지 못했습니다")
