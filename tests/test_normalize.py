"""normalize_body: snippet fixtures (must-contain / must-not-contain), marker contract,
idempotence (also as a hypothesis property), XSS corpus, real pages."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tistory_migrate.normalize import normalize_body
from tistory_migrate.normalize.images import find_media

SNIPPETS = Path(__file__).resolve().parents[1] / "fixtures" / "snippets" / "normalize"
REAL = Path(__file__).resolve().parents[2] / "shared" / "real-pages"
HOSTS = ["example.tistory.com", "blog.example.com"]
FILES = sorted(SNIPPETS.glob("*.html"))


def load(path: Path) -> tuple[dict[str, list[str]], str]:
    """The header comment's expectations and the body after it."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!--"), f"{path.name} must start with a comment describing it"
    header, body = text[4:].split("-->", 1)
    expect: dict[str, list[str]] = {}
    for line in header.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("what", "follows", "must-contain", "must-not-contain"):
            expect.setdefault(key.strip(), []).append(value.strip())
    assert expect.get("what") and expect.get("follows"), f"{path.name} must say what it is and what it follows"
    return expect, body


def page_for(path: Path) -> str:
    return "backup:77" if "backup" in path.name else "https://example.tistory.com/98"


def norm(body: str, page: str = "https://example.tistory.com/98"):
    return normalize_body(body, page_url=page, blog_hosts=HOSTS)


def norm_again(html: str, page: str = "https://example.tistory.com/98"):
    """A second pass over the normalizer's own output (its data-tm-* markers are its own)."""
    return normalize_body(html, page_url=page, blog_hosts=HOSTS, own_markers=True)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_snippet_expectations(path):
    expect, body = load(path)
    out = norm(body, page_for(path)).html
    for needle in expect.get("must-contain", []):
        assert needle in out, f"{path.name}: missing {needle!r}\n{out}"
    for needle in expect.get("must-not-contain", []):
        assert needle not in out, f"{path.name}: must not contain {needle!r}\n{out}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_snippet_idempotent_and_images_match_find_media(path):
    _, body = load(path)
    page = page_for(path)
    once = norm(body, page)
    twice = norm_again(once.html, page)
    assert twice.html == once.html
    assert twice.text == once.text
    assert [r.identity for r in twice.images] == [r.identity for r in once.images]
    assert [r.identity for r in twice.attachments] == [r.identity for r in once.attachments]
    assert [(e.kind, e.url) for e in twice.embeds] == [(e.kind, e.url) for e in once.embeds]
    assert twice.internal_links == once.internal_links
    images, attachments = find_media(body, page)
    assert images == once.images and attachments == once.attachments


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_markers_index_the_lists(path):
    _, body = load(path)
    out = norm(body, page_for(path))
    root = lxml.html.fragment_fromstring(out.html or "<p></p>", create_parent="div")
    figs = root.xpath("//figure[@data-tm-image]")
    assert {int(f.get("data-tm-image")) for f in figs} == set(range(len(out.images)))
    for fig in figs:
        ref = out.images[int(fig.get("data-tm-image"))]
        (img,) = fig.xpath("./img")
        assert (img.get("alt") or "") == (ref.caption or "")
        caps = fig.xpath("./figcaption")
        assert [c.text_content() for c in caps] == ([ref.caption] if ref.caption else [])
    atts = root.xpath("//p[@data-tm-attachment]")
    assert {int(p.get("data-tm-attachment")) for p in atts} == set(range(len(out.attachments)))
    embeds = root.xpath("//p[@data-tm-embed]")
    assert [int(p.get("data-tm-embed")) for p in embeds] == list(range(len(out.embeds)))
    # nothing but the markers and pre[data-ke-language] carries data-*, no classes or ids
    for el in root.iter():
        for name in el.attrib:
            assert not name.startswith("data-") or name.startswith("data-tm-") or name == "data-ke-language"
            assert name not in ("class", "id")


def test_notes_embeds_links():
    _, body = load(SNIPPETS / "embeds-video-card-map.html")
    out = norm(body)
    assert [e.kind for e in out.embeds] == ["youtube", "youtube", "youtube", "link", "kakaotv", "map", "link"]
    assert out.embeds[0].title == "봄 여행 브이로그"
    assert out.notes == ["동영상 → 링크", "링크 카드 → 링크", "지도 → 링크", "삽입 요소 → 링크"]
    assert out.images == []  # card images and video thumbnails are not content
    _, body = load(SNIPPETS / "links-internal.html")
    assert norm(body).internal_links == ["631", "12", "entry/티스토리-이전"]
    _, body = load(SNIPPETS / "image-grid.html")
    assert norm(body).notes == ["사진 묶음 → 낱장 사진"]
    _, body = load(SNIPPETS / "moreless-code-structure.html")
    assert set(norm(body).notes) == {"코드 강조 없음", "더보기 접기 → 펼친 글"}


def test_text_rules():
    _, body = load(SNIPPETS / "text-spacers-entities.html")
    out = norm(body)
    assert out.text == "첫 문단입니다.\n\n둘째 <b> 문단 A&B 입니다.\n\n셋째 줄\n\n넷째 줄"
    assert "\ufeff" not in out.html and "\u200b" not in out.html
    _, body = load(SNIPPETS / "text-nfd.html")
    assert unicodedata.is_normalized("NFC", norm(body).html)
    # Korean spacing is the author's: nothing inserted, nothing removed between words
    assert norm("<p>띄어쓰기를안한문장 그리고  두칸</p>").text == "띄어쓰기를안한문장 그리고 두칸"
    # leading no-break spaces are an indent and stay
    assert norm("<p>&nbsp;&nbsp;들여쓰기</p>").html == "<p>&nbsp;&nbsp;들여쓰기</p>"


def test_arrow_caption_becomes_figcaption_not_a_line():
    body = '<p><img src="https://blog.kakaocdn.net/dn/a/b/c/img.jpg"></p><p>&nbsp;</p><p>▲ 협치란?</p><p>본문</p>'
    out = norm(body)
    assert out.html == (
        '<figure data-tm-image="0"><img src="https://blog.kakaocdn.net/dn/a/b/c/img.jpg" alt="협치란?">'
        "<figcaption>협치란?</figcaption></figure><p><br></p><p>본문</p>"
    )


_CAT = '<p><img src="http://example.org/photos/cat.png"></p>'
_CAT_FIG = '<figure data-tm-image="0"><img src="http://example.org/photos/cat.png" alt="{0}"><figcaption>{0}</figcaption></figure>'


@pytest.mark.parametrize("between,line", [
    ("<li>", "<p>▲ 캡션</p>"),  # a stray list item around the line: unwrapped later
    ("<div>", "<p>▲ 캡션</p> &amp;nbsp; "),  # an unclosed wrapper, a literal "&nbsp;" after the line
    ("<p>&nbsp;</p>" * 4, "<p>▲ 캡션</p>"),  # a run of spacers: one pause once tidied
    ("", "▲ 캡션"),  # loose text after the picture's paragraph: a paragraph of its own later
    ("", "<center>▲ 캡션</center>"),
    ("<span>", "<b>▲ 캡션</b>"),
])  # fmt: skip
def test_arrow_line_right_under_the_picture_in_the_final_shape_is_its_caption(between, line):
    out = norm(_CAT + between + line + "<p>본문</p>")
    assert out.html.replace("<p><br></p>", "") == _CAT_FIG.format("캡션") + "<p>본문</p>"
    assert [r.caption for r in out.images] == ["캡션"]


@pytest.mark.parametrize("between,line", [
    ("<p>본문 한 줄</p>", "<p>▲ 캡션</p>"),
    ("텍스트 ", "<p>▲ 캡션</p>"),  # loose text between: a paragraph of its own later
    ('<p><iframe src="https://www.youtube.com/embed/wXDxUsuN5WE"></iframe></p>', "<p>▲ 캡션</p>"),  # a video link
    ("", "<h3>▲ 캡션</h3>"),  # a heading is not a caption line
])  # fmt: skip
def test_arrow_line_not_right_under_the_picture_stays_a_line(between, line):
    out = norm(_CAT + between + line)
    assert "▲ 캡션" in out.html and out.images[0].caption is None


def test_arrow_line_shared_by_the_pictures_of_one_block():
    a, b = ('<img src="http://example.org/photos/a.png">', '<img src="http://example.org/photos/b.png">')
    assert [r.caption for r in norm(f"<p>{a}{b}</p><p>▲ 둘</p>").images] == ["둘", "둘"]
    assert [r.caption for r in norm(f"<p>{a}</p><p>{b}</p><p>▲ 둘</p>").images] == [None, "둘"]
    # a grid's pictures without a caption take the line under the grid
    _, grid = load(SNIPPETS / "image-grid.html")
    assert [r.caption for r in norm(grid + "<p>▲ 줄 캡션</p>").images] == ["줄 캡션", "줄 캡션", "세 장 묶음"]
    # under pictures that have their captions, a "▲" line is text
    out = norm('<figure class="imageblock"><img src="http://example.org/photos/a.png"><figcaption>편집기 캡션</figcaption>'
               "</figure><p>▲ 본문 줄</p>")  # fmt: skip
    assert out.images[0].caption == "편집기 캡션" and "<p>▲ 본문 줄</p>" in out.html
    # ... unless it repeats that caption: the same picture twice, its line twice
    out = norm(f"<p>{a}</p><p>▲ 같은 줄</p><p>본문</p><p>{a}</p><p>▲ 같은 줄</p><p>끝</p>")
    assert "▲" not in out.html and out.html.count("<figcaption>같은 줄</figcaption>") == 2


def test_caption_text_is_the_figcaption_text():
    # alt, figcaption and the ref read the same text (double escapes undone in all three)
    for body in ('<figure class="imageblock"><img src="http://example.org/photos/a.png"><figcaption>a &amp;lt; b'
                 "</figcaption></figure>", _CAT + "<p>▲ a &amp;lt; b</p>"):  # fmt: skip
        out = norm(body)
        assert out.images[0].caption == "a < b"
        assert 'alt="a &lt; b"><figcaption>a &lt; b</figcaption>' in out.html
        assert find_media(body, "https://example.tistory.com/98")[0][0].caption == "a < b"
        assert norm_again(out.html).html == out.html


def test_alignment_only_as_text_align():
    out = norm('<div style="text-align:center" class="x"><p>가운데</p>느슨한 글<p style="text-align: left">왼쪽</p></div>'
               '<p align="right">오른쪽</p><center>옛날 가운데</center>')  # fmt: skip
    assert out.html == (
        '<p style="text-align:center">가운데</p><p style="text-align:center">느슨한 글</p><p>왼쪽</p>'
        '<p style="text-align:right">오른쪽</p><p style="text-align:center">옛날 가운데</p>'
    )


def test_figure_inside_paragraph_is_split_out():
    body = '<p>앞 글 <span class="imageblock"><img src="https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B"></span> 뒤 글</p>'
    assert norm(body).html == (
        '<p>앞 글</p><figure data-tm-image="0"><img src="https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B?original"'
        ' alt=""></figure><p>뒤 글</p>'
    )


def test_empty_and_junk_bodies():
    for body in ("", "   ", "<p>&nbsp;</p>", "<!-- x -->", "<script>x()</script>", "</div></p>"):
        out = norm(body)
        assert out.html == "" and out.text == "" and out.images == []


# --- XSS corpus -------------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<img src="https://blog.kakaocdn.net/dn/a/b/c/img.jpg" onerror="alert(1)" onload="alert(2)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" &#14;javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '<form action="https://evil.example"><input name=x><button>go</button></form>',
    '<p style="width: expression(alert(1)); background:url(javascript:alert(1))">style</p>',
    '<div style="behavior: url(x.htc)">b</div>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p onclick="alert(1)" onmouseover="alert(2)">click</p>',
    '<a href="https://ok.example" onclick="alert(1)" target="_blank">ok</a>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    '<template><img src=x onerror=alert(1)></template>',
    '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    '<p>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;</p>',
    '<figure data-tm-image="0"><img src="javascript:alert(1)" alt="x"></figure>',
    '<p data-tm-embed="0"><a href="javascript:alert(1)">x</a></p>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="https://example.tistory.com/1" data-tm-post="1" data-x="y" onfocus="alert(1)">p</a>',
    '<table background="javascript:alert(1)"><tr><td background="javascript:alert(1)">t</td></tr></table>',
    "<xmp><script>alert(1)</script></xmp>",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">e</a>',
    '<!--<img src=x onerror=alert(1)>-->',
    '<![CDATA[<script>alert(1)</script>]]>',
    '<details open ontoggle="alert(1)"><summary>s</summary></details>',
    '<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)>',
    '<marquee onstart=alert(1)>m</marquee>',
]

_BAD = re.compile(r"<\s*(script|iframe|object|embed|svg|math|form|input|button|style|base|meta|link|template|noscript"
                  r"|xmp|marquee|video|audio|details)\b|\son\w+\s*=|javascript:|vbscript:|data:|expression\(|behavior",
                  re.I)  # fmt: skip


@pytest.mark.parametrize("payload", XSS)
def test_xss_corpus(payload):
    out = norm(f"<p>앞</p>{payload}<p>뒤</p>")
    assert not _BAD.search(out.html), out.html
    # the text before survives (after: not always; an unclosed <style> swallows the rest, as browsers do)
    assert out.html.startswith("<p>앞</p>")
    again = norm_again(out.html)
    assert again.html == out.html


# --- property: normalizing twice equals once ----------------------------------------------------


def _pieces() -> list[str]:
    pieces = []
    for path in FILES:
        _, body = load(path)
        root = lxml.html.fragment_fromstring(body, create_parent="div")
        pieces.extend(lxml.html.tostring(c, encoding="unicode") for c in root if isinstance(c.tag, str))
    pieces += ["<p>&nbsp;</p>", "<br>", "텍스트 ", "<p>▲ 캡션</p>", "<div>", "</div>", "<p>", "</p>", "<span>", "<b>",
               "<center>", "<table><tr><td>", "<li>", " &amp;nbsp; ", "<h1>제목</h1>", '<a href="/5">링크</a>']  # fmt: skip
    return pieces


PIECES = _pieces()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
# Found by this test: a "▲" line a first pass did not take as a caption (a stray <li>, an unclosed
# <div> between) came out right under the picture's marker, and a second pass took it; or it
# took a wrapper's whole text (a literal "&nbsp;" after the line). Both decide on the final shape.
@example(['<p><img src="http://example.org/photos/cat.png"></p>\n', "<li>", "<p>▲ 캡션</p>"])
@example(['<p>[##_1C|cfile30.uf.11613F345148691C3095BD.png|width="665" height="361" filename="nextforge.png" '
          'filemime="image/jpeg"|_##]</p>\n', "<div>", "<p>▲ 캡션</p>", " &amp;nbsp; "])
# ... and by a longer run of it (more pieces): a caption read from the raw text ("▲ none", a double
# escape) that the figcaption, once tidied, says otherwise.
@example(['<p><img src="http://example.org/photos/a.png"><img src="http://example.org/photos/b.png"></p>', "<p>▲ none</p>"])
@example(['<p><img src="http://example.org/photos/cat.png"></p>\n', "<p>▲ a &amp;lt; b</p>"])
def test_property_normalize_twice_equals_once(parts):
    body = "".join(parts)
    once = norm(body)
    twice = norm_again(once.html)
    assert twice.html == once.html
    assert twice.text == once.text
    assert [r.identity for r in twice.images] == [r.identity for r in once.images]
    assert [r.caption for r in twice.images] == [r.caption for r in once.images]


# --- real pages ---------------------------------------------------------------------------------


def _real_body(name: str) -> str:
    if not REAL.is_dir():
        pytest.skip("shared real pages not present")
    page = lxml.html.fromstring((REAL / name).read_text(encoding="utf-8"))
    # the body container plus its chrome siblings (as the extractor's parent #article-view would be)
    body = page.xpath("//*[contains(concat(' ', @class, ' '), ' contents_style ')]")[0]
    return lxml.html.tostring(body.getparent(), encoding="unicode")


@pytest.mark.parametrize("name,images,text_start", [
    ("2018-odyssey-like-post-dom-dump.html", 26, "(dying light)다잉라이트 서브퀘스트 공략 - 정지 명령 입니다."),
    ("2009-classic-skin-post-dom-dump.html", 15, "무더위에 장마가 계속되는 여름입니다."),
])  # fmt: skip
def test_real_pages(name, images, text_start):
    out = norm(_real_body(name), "https://x.tistory.com/98")
    assert len(out.images) == images
    assert out.text.startswith(text_start), out.text[:200]
    for junk in ("adsbygoogle", "revenue", "공감", "구독하기", "카테고리의 다른 글", "접기", "google_ad_client", "관련글"):
        assert junk not in out.html and junk not in out.text
    assert norm_again(out.html, "https://x.tistory.com/98").html == out.html


def test_control_characters_do_not_break_parsing():
    out = norm('<p>a\x0bb\x00c &#11;&#1; d</p><p><a href="https://ok.example/x&#1;y">l</a></p>')
    assert out.html == '<p>abc d</p><p><a href="https://ok.example/xy">l</a></p>'
