"""The paste-probe bundle ``posts/00-probe/`` and what a stored probe result changes.

One post with one of each element whose fate in SmartEditor ONE no source settles (flat and
nested lists, ``<pre>`` with indentation, a quotation, a table with merged cells, coloured,
highlighted and sized text, a heading then a paragraph, a bare address line, one picture),
written in the form whose fate it tests (never reshaped like a post's ``body.html``). It is not
a post: not in plan.csv, not numbered, not counted in progress, untouched by ``--ids``; the
helper page shows it apart ("먼저 확인하기", ``probe_card``). ``tistory-migrate probe`` reads the
published copy back (``pasteprobe``); ``choices`` turns the stored result into how the next
export writes lists, code and link cards, and what NOTES.md says about merged cells.
"""

from __future__ import annotations

import html
import struct
import zlib
from pathlib import Path

from tistory_migrate.exporters.naver.page import script_json
from tistory_migrate.exporters.naver.paragraphs import PasteChoices
from tistory_migrate.pasteprobe import FLATTENED, PROBE_TAG, PROBE_TITLE, TEXTS, ProbeResult

FOLDER = "posts/00-probe"
IMAGE_NAME = "01-probe.png"

_T = TEXTS
BODY_HTML = "\n".join([
    f"<p>{PROBE_TAG} · 붙여넣기 확인용 글입니다. 전체 공개로 게시한 뒤 그 주소로 tistory-migrate probe 를 실행하고, "
    "확인이 끝나면 이 글을 지우세요.</p>",
    f"<h2>{_T['heading'][0]}</h2>",
    "<p>제목 바로 다음 문단입니다. 이 문단의 글자가 커지거나 굵어졌다면 제목의 모양이 번진 것입니다.</p>",
    f"<ul><li>{_T['list'][0]}</li><li>{_T['list'][1]}</li></ul>",
    f"<ul><li>{_T['nested-list'][0]}<ul><li>{_T['nested-list'][1]}</li></ul></li></ul>",
    "<ol><li>번호 하나</li><li>번호 둘</li></ol>",
    f"<pre>{_T['code'][0]}\n    {_T['code'][1]}</pre>",
    f"<blockquote>{_T['quote'][0]}</blockquote>",
    f'<table><tbody><tr><td colspan="2">{_T["table-merged"][0]}</td></tr>'
    f'<tr><td rowspan="2">{_T["table-merged"][1]}</td><td>칸 1</td></tr><tr><td>칸 2</td></tr></tbody></table>',
    f'<p><span style="color:#ee2323">{_T["styles"][0]}</span> '
    f'<span style="background-color:#fff593">{_T["styles"][1]}</span> '
    f'<span style="font-size:24px">{_T["styles"][2]}</span></p>',
    f"<p>{_T['link-card'][0]}</p>",
    f"<p>[사진 01] {IMAGE_NAME}</p>",
]) + "\n"

BODY_TEXT = "\n\n".join([
    f"{PROBE_TAG} · 붙여넣기 확인용 글입니다.", _T["heading"][0], "제목 바로 다음 문단입니다.",
    f"- {_T['list'][0]}\n- {_T['list'][1]}", f"- {_T['nested-list'][0]}\n  - {_T['nested-list'][1]}",
    "1. 번호 하나\n2. 번호 둘", f"{_T['code'][0]}\n    {_T['code'][1]}", f"> {_T['quote'][0]}",
    f"{_T['table-merged'][0]}\n{_T['table-merged'][1]} | 칸 1\n칸 2", " ".join(_T["styles"]), _T["link-card"][0],
    f"[사진 01] {IMAGE_NAME}",
]) + "\n"

NOTES_MD = f"""# {PROBE_TITLE}

이 글은 옮길 글이 아니라, 네이버 편집기가 붙여넣은 모양을 **내 계정에서** 어떻게 바꾸는지 재는 글입니다.
목록, 코드, 인용, 합친 칸이 있는 표, 색·형광펜·크기, 제목, 주소 한 줄, 사진 한 장이 들어 있습니다.

1. 네이버 블로그 글쓰기를 열고, 도우미 페이지(index.html) 맨 위 "먼저 확인하기"의 "확인용 제목 복사"로 제목을,
   "확인용 본문 복사"로 본문을 붙여넣습니다 (title.txt, body.html 과 같은 내용입니다).
2. [사진 01] 자리에 images/{IMAGE_NAME} 을 올립니다.
3. **전체 공개**로 게시하고 글 주소를 복사합니다.
4. `tistory-migrate probe 보관_폴더 --naver-url 글주소` 를 실행합니다
   (또는 게시한 글을 m.blog.naver.com 에서 열어 저장하고 `--from-file 파일` 로 줍니다).
5. 결과는 보관 폴더에 저장되고, 다음 `export --format naver` 가 살아남은 모양을 골라 씁니다.
6. 확인이 끝나면 이 글을 네이버에서 지우세요.
"""


def png(size: int = 48) -> bytes:
    """A small, deterministic picture (colour bands) to test the picture step."""
    rows = b"".join(b"\x00" + b"".join(bytes(((x * 5) % 256, (y * 5) % 256, 160)) for x in range(size))
                    for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def write_bundle(folder: Path) -> int:
    """Write the probe bundle into ``folder`` (created); returns the number of files."""
    (folder / "images").mkdir(parents=True, exist_ok=True)
    for name, text in (("title.txt", PROBE_TITLE + "\n"), ("body.html", BODY_HTML), ("body.txt", BODY_TEXT),
                       ("NOTES.md", NOTES_MD)):
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
    (folder / "images" / IMAGE_NAME).write_bytes(png())
    return 5


def choices(result: ProbeResult | None, heading_spacer: bool) -> PasteChoices:
    """How the next export writes what the probe measured (defaults without a probe)."""
    if result is None:
        return PasteChoices(heading_spacer=heading_spacer)
    return PasteChoices(native_lists=result.survived("list"), keep_pre=result.survived("code"),
                        heading_spacer=heading_spacer, bare_link_cards=result.survived("link-card"),
                        merged_cells_lost=result.elements.get("table-merged") == FLATTENED)


def probe_card(result: ProbeResult | None) -> str:
    """The helper page's "먼저 확인하기" card: our own static markup and the probe's texts as
    JSON data (never a post's), with two copy buttons of its own (the page's script is not
    needed, so the card stays one block of the template)."""
    state = ("확인을 마쳤습니다 (" + html.escape(result.read_at[:10]) + "). 다시 재려면 같은 순서를 따르세요."
             if result else "아직 확인하지 않았습니다.")
    data = script_json({"title": PROBE_TITLE, "html": BODY_HTML, "text": BODY_TEXT})
    return (
        '<section class="help" id="probe-card">\n'
        "  <h2>먼저 확인하기</h2>\n"
        "  <p>옮기기 전에 확인용 글 하나를 게시해 네이버 편집기가 목록·코드·표·글자 색을 어떻게 바꾸는지 재 보세요. "
        '<button type="button" data-probe-copy="title">확인용 제목 복사</button> '
        '<button type="button" data-probe-copy="html">확인용 본문 복사</button> 를 붙여넣고, '
        f'<a href="{FOLDER}/images/{IMAGE_NAME}">사진</a>을 [사진 01] 자리에 올려 전체 공개로 게시한 뒤 '
        "<code>tistory-migrate probe 보관_폴더 --naver-url 글주소</code> 를 실행하고 확인용 글은 지웁니다 "
        f'(<a href="{FOLDER}/NOTES.md">자세한 순서</a>). {state}</p>\n'
        f'  <script type="application/json" id="probe-data">{data}</script>\n'
        f"  <script>{_CARD_SCRIPT}</script>\n"
        "</section>\n"
    )


# The card's own copy: the async clipboard (rich HTML with a plain-text fallback), else a copy
# event with both flavours (file:// pages where the async clipboard is refused).
_CARD_SCRIPT = (
    "(function () {"
    " var d = JSON.parse(document.getElementById('probe-data').textContent);"
    " function viaEvent(html, text) {"
    "  var h = function (ev) { ev.clipboardData.setData('text/plain', text);"
    "   if (html) ev.clipboardData.setData('text/html', html); ev.preventDefault(); };"
    "  document.addEventListener('copy', h); var ok = false;"
    "  try { ok = document.execCommand('copy'); } catch (e) { ok = false; }"
    "  document.removeEventListener('copy', h); return ok; }"
    " function copy(btn, html, text) {"
    "  var done = function () { btn.setAttribute('data-copied', '1'); btn.textContent = '복사했습니다'; };"
    "  var fail = function () { if (viaEvent(html, text)) done(); };"
    "  try { if (html && navigator.clipboard && window.ClipboardItem) {"
    "   return navigator.clipboard.write([new ClipboardItem({'text/html': new Blob([html], {type: 'text/html'}),"
    " 'text/plain': new Blob([text], {type: 'text/plain'})})]).then(done, fail); }"
    "   if (!html && navigator.clipboard && navigator.clipboard.writeText) {"
    "    return navigator.clipboard.writeText(text).then(done, fail); } } catch (e) {}"
    "  fail(); }"
    " var buttons = document.querySelectorAll('[data-probe-copy]');"
    " for (var i = 0; i < buttons.length; i++) { buttons[i].addEventListener('click', function (ev) {"
    "  var b = ev.currentTarget; if (b.getAttribute('data-probe-copy') === 'title') copy(b, null, d.title);"
    "  else copy(b, d.html, d.text); }); }"
    "})();"
)
