"""A bundle's paste sequence: ``body.html`` cut at each picture into pieces to paste one by one.

The served helper (``serve.py``) copies the pieces in order: a text piece as rich HTML with a
plain-text fallback, a picture as ``image/png`` drawn from its file in the browser. A picture
becomes its own piece only when its marker paragraph stands at the top level of the body (a
marker inside a table or a list stays text) and the clipboard can carry it (``why_not``):
anything else keeps its "[사진 NN]" marker inside a text piece, with the file one click away
on the page. Title and tags are separate buttons, never pieces.

Pure but for reading the first bytes of a picture to know whether a GIF is animated.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

# What Chromium decodes into a canvas and what the clipboard then carries as PNG.
CLIPBOARD_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif")
MAX_SIDE = 16_384  # Chromium's canvas limit a side
_WS = re.compile(r"[ \t\r\n\f]+")

# Why a picture keeps its marker, as the page shows it (Korean: the page is Korean).
WHY_KO = {
    "missing": "사진 파일이 없어 표시 줄을 그대로 둡니다.",
    "animated": "움직이는 GIF는 클립보드로 옮기면 멈춘 사진이 됩니다. 표시 줄 자리에 사진 버튼으로 파일을 올리세요.",
    "side": "가로나 세로가 16,384픽셀보다 커서 클립보드로 옮길 수 없습니다. 사진 버튼으로 파일을 올리세요.",
    "format": "이 형식은 클립보드로 옮길 수 없습니다. 사진 버튼으로 파일을 올리세요.",
    "nested": "표나 목록 안에 있는 사진이라 표시 줄을 그대로 둡니다. 사진 버튼으로 파일을 올리세요.",
}


def why_not(image: dict, folder: Path | None) -> str | None:
    """None when the clipboard can carry this picture (meta.json's image entry); else a key of
    ``WHY_KO``. Pictures whose PNG is too big (``naver.max_image_bytes``) are found in the
    browser, once the PNG exists."""
    file = image.get("file")
    if not file:
        return "missing"
    if not file.lower().endswith(CLIPBOARD_TYPES):
        return "format"
    if max(image.get("width") or 0, image.get("height") or 0) > MAX_SIDE:
        return "side"
    if file.lower().endswith(".gif") and folder is not None and is_animated_gif(folder / file):
        return "animated"
    return None


def is_animated_gif(path: Path) -> bool:
    """More than one image in a GIF (its image descriptors after a graphic control block)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return data.count(b"\x21\xf9\x04") > 1


def paste_sequence(html: str, images: list[dict], carried: dict[int, bool]) -> list[dict]:
    """The pieces of ``html`` (body.html): ``{"k": "t", "html", "text"}`` for text and
    ``{"k": "i", "n"}`` for a picture ``n`` (1-based, as in meta.json) that ``carried`` says
    the clipboard can take. Empty text between two pictures makes no piece."""
    markers = {img["marker"]: img["n"] for img in images if carried.get(img["n"])}
    pieces: list[dict] = []
    blocks: list = []

    def flush() -> None:
        if blocks:
            text = "\n\n".join(t for t in (_text(b) for b in blocks) if t)
            pieces.append({"k": "t", "html": "\n".join(_html(b) for b in blocks) + "\n", "text": text + "\n"})
            blocks.clear()

    if html.strip():
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        for child in root:
            if not isinstance(child.tag, str):
                continue
            n = markers.get(_WS.sub(" ", child.text_content()).strip()) if child.tag == "p" else None
            if n is not None:
                flush()
                pieces.append({"k": "i", "n": n})
                del markers[_WS.sub(" ", child.text_content()).strip()]  # one piece per picture
            else:
                blocks.append(child)
        flush()
    return pieces


def _html(el) -> str:
    tail, el.tail = el.tail, None
    try:
        return etree.tostring(el, encoding="unicode", method="html")
    finally:
        el.tail = tail


def _text(el) -> str:
    return el.text_content().strip("\n")
