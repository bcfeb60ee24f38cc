"""Readable, safe file names for downloaded media: ``03-원래이름.jpg``.

The person pasting into Naver uploads files in body order, so names start with the position,
then the author's own file name. Names must be safe on every OS the user may unzip to
(Windows included) and in zip files, so everything a path could be built from is removed.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_BYTES = 120  # whole name, UTF-8; well under every filesystem's 255-byte limit

# Extensions we recognise in a hint and replace by the real one from the bytes.
KNOWN_EXTS = {
    "jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "bmp", "tif", "tiff", "svg", "heic", "heif",
    "avif", "ico", "psd", "mp4", "mov", "m4v", "avi", "wmv", "mkv", "webm", "mp3", "wav", "m4a",
    "pdf", "zip", "7z", "rar", "gz", "tar", "hwp", "hwpx", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "txt", "csv", "epub", "bin",
}  # fmt: skip
IMAGE_EXTS = {"jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "svg", "heic", "heif", "avif", "ico"}

# Windows refuses these as names (with any extension). Our NN- prefix makes every final name
# legal by construction; ``windows_safe`` lets tests (and any prefix-less caller) check it.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')


def _clean_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    # Control and format characters (NUL, bidi overrides that disguise extensions, ZW spaces).
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    text = _FORBIDDEN.sub("_", text)
    return re.sub(r"\s+", " ", text)


def split_hint(hint: str | None) -> tuple[str, str]:
    """``"../a/사진.JPG"`` -> (``"사진"``, ``"jpg"``): basename only, known extension split off."""
    if not hint:
        return "", ""
    base = re.split(r"[/\\]", hint)[-1]
    base = _clean_chars(base).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if dot and stem and ext.lower() in KNOWN_EXTS:
        return stem.strip(" ."), ext.lower()
    return base, ""


def _fit(stem: str, budget: int) -> str:
    """Cut ``stem`` to ``budget`` UTF-8 bytes on a character boundary (NFC: whole syllables)."""
    if len(stem.encode("utf-8")) <= budget:
        return stem
    out = []
    used = 0
    for ch in stem:
        size = len(ch.encode("utf-8"))
        if used + size > budget:
            break
        out.append(ch)
        used += size
    return "".join(out).rstrip(" .-_")


def readable_name(index: int, total: int, hint: str | None, ext: str, used: set[str]) -> str:
    """``NN-<name>.<ext>``; adds the result to ``used``.

    ``index`` is the 1-based position shown to the person; NN is padded to the width ``total``
    needs (at least 2). ``ext`` is the real extension from the bytes (``sniff``); when empty the
    hint's own known extension is kept. A hint without a usable name gives ``image``/``file``.
    Unique within ``used`` ignoring case (Windows and macOS disks ignore it): ``-2``, ``-3``…
    """
    width = max(2, len(str(max(total, index, 0))))
    prefix = f"{index:0{width}d}-"
    stem, hint_ext = split_hint(hint)
    ext = (ext or hint_ext or "").lower().lstrip(".")
    ext = _clean_chars(ext).replace(" ", "")[:10]
    if ext == "jpeg":
        ext = "jpg"
    if not stem:
        stem = "image" if ext in IMAGE_EXTS else "file"
    suffix = f".{ext}" if ext else ""
    taken = {u.casefold() for u in used}
    n = 1
    while True:
        extra = "" if n == 1 else f"-{n}"
        budget = MAX_NAME_BYTES - len((prefix + extra + suffix).encode("utf-8"))
        name = f"{prefix}{_fit(stem, budget) or 'file'}{extra}{suffix}"
        if name.casefold() not in taken:
            used.add(name)
            return name
        n += 1


def windows_safe(name: str) -> bool:
    """True when Windows accepts ``name`` as a file name."""
    stem = name.split(".", 1)[0].rstrip(" ")
    return bool(name) and stem.upper() not in _RESERVED and not _FORBIDDEN.search(name) and name[-1] not in " ."
