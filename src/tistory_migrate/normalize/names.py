"""File and folder names the tool writes: the one rule, and readable media names.

Every name written under ``scrape -o``, ``export -o`` or ``demo --out`` is valid on Windows,
macOS and Linux and in zip files (``safe_component``; ``windows_safe`` checks one):

* no ``<>:"/\\|?*``, no control or format characters, no trailing dot or space, NFC;
* not a reserved device name (``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM0``–``COM9``,
  ``LPT0``–``LPT9``, ``CONIN$``, ``CONOUT$``), with or without an extension: ``CON.txt`` is
  ``CON`` to Windows, so it becomes ``CON_.txt``;
* distinct from its neighbours compared case-insensitively (Windows and macOS disks ignore
  case): the writers keep a ``used`` set of casefolded names;
* short: ``len(output folder) + 1 + len(relative path) <= 259`` UTF-16 code units (Windows'
  MAX_PATH less its terminating NUL; Hangul is one unit, an emoji two) for an output folder
  of ``OUT_DIR_UNITS`` units. The deepest folder the tool writes under it
  (``export/naver/.staging/NNNNN-ID/images/`` in the demo) leaves each name ``MAX_NAME_UNITS``.

A name that must be shortened is shortened the same way on every run (``shorten``): its
``NN-`` prefix and extension stay, the middle is cut on a character boundary and a short hash
of the full name takes its place, so two long names that differ only in the middle stay apart.

Readable media names (``readable_name``) are ``03-원래이름.jpg``: the person pasting into
Naver uploads files in body order, so names start with the position, then the author's own
file name, with everything a path could be built from removed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_NAME_BYTES = 120  # whole name, UTF-8; well under every filesystem's 255-byte limit
PATH_UNITS = 259  # Windows MAX_PATH (260) less the terminating NUL, in UTF-16 code units
OUT_DIR_UNITS = 100  # the output folder length the rule is held for
REL_PATH_UNITS = PATH_UNITS - OUT_DIR_UNITS - 1  # 158: every relative path the tool writes fits
MAX_NAME_UNITS = 100  # one readable name; the deepest folder prefix is under 50 units
HASH_CHARS = 8  # hex digits of sha256 that stand for the part of a name that was cut

# Extensions we recognise in a hint and replace by the real one from the bytes.
KNOWN_EXTS = {
    "jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "bmp", "tif", "tiff", "svg", "heic", "heif",
    "avif", "ico", "psd", "mp4", "mov", "m4v", "avi", "wmv", "mkv", "webm", "mp3", "wav", "m4a",
    "pdf", "zip", "7z", "rar", "gz", "tar", "hwp", "hwpx", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "txt", "csv", "epub", "bin",
}  # fmt: skip
IMAGE_EXTS = {"jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "svg", "heic", "heif", "avif", "ico"}

# Windows refuses these as names (with any extension). Our NN- prefix makes every readable
# name legal by construction; ``safe_component`` fixes any other name, ``windows_safe`` checks.
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"0123456789", "\u00b9", "\u00b2", "\u00b3"))}
_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_PATH_SEPARATORS = re.compile(r"[/\\]")
_NUMBER_PREFIX = re.compile(r"^[0-9]+-")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")


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


def utf16_units(text: str) -> int:
    """The length Windows counts: UTF-16 code units (a character beyond U+FFFF is two)."""
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def _fits(name: str, max_units: int, max_bytes: int) -> bool:
    return utf16_units(name) <= max_units and len(name.encode("utf-8", "surrogatepass")) <= max_bytes


def _cut(text: str, max_units: int, max_bytes: int, *, from_end: bool = False) -> str:
    """The longest start (or end) of ``text`` within both budgets, on a character boundary
    (NFC: whole syllables), never starting or ending with a combining mark cut from its base."""
    chars = list(reversed(text)) if from_end else list(text)
    out: list[str] = []
    units = size = 0
    for ch in chars:
        u, b = (2 if ord(ch) > 0xFFFF else 1), len(ch.encode("utf-8", "surrogatepass"))
        if units + u > max_units or size + b > max_bytes:
            break
        out.append(ch)
        units, size = units + u, size + b
    if from_end:
        out.reverse()
        while out and unicodedata.combining(out[0]):
            out.pop(0)
    elif len(out) < len(chars) and unicodedata.combining(chars[len(out)]):
        while out and unicodedata.combining(out[-1]):
            out.pop()
        if out:
            out.pop()  # the base of the marks that did not fit
    return "".join(out)


def shorten(name: str, max_units: int = MAX_NAME_UNITS, max_bytes: int = MAX_NAME_BYTES) -> str:
    """``name`` cut to ``max_units`` UTF-16 units and ``max_bytes`` UTF-8 bytes, the same way
    on every run: the ``NN-`` prefix and the extension stay, the middle is replaced by ``~`` and
    the first hex digits of the full name's sha256. A name that fits comes back unchanged."""
    if _fits(name, max_units, max_bytes):
        return name
    prefix = m.group(0) if (m := _NUMBER_PREFIX.match(name)) else ""
    ext = m.group(0) if (m := _EXTENSION.search(name[len(prefix):])) else ""
    middle = name[len(prefix):len(name) - len(ext)]
    tag = "~" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]
    fixed = prefix + tag + ext
    units, size = max_units - utf16_units(fixed), max_bytes - len(fixed.encode("utf-8"))
    if units < 0 or size < 0:  # an absurd prefix or extension: the hash alone must do
        return _cut(tag[1:] + ext, max_units, max_bytes, from_end=True)
    head = _cut(middle, units * 2 // 3, size * 2 // 3)
    tail_units, tail_bytes = units - utf16_units(head), size - len(head.encode("utf-8", "surrogatepass"))
    tail = _cut(middle[len(head):], tail_units, tail_bytes, from_end=True)
    return prefix + head.rstrip(" .") + tag + tail.rstrip(" .") + ext


def safe_component(name: str, *, max_units: int = MAX_NAME_UNITS, max_bytes: int = MAX_NAME_BYTES) -> str:
    """``name`` as one file or folder name every OS accepts (the rules in this module's
    docstring, but for case: uniqueness is the caller's, within its folder). Names that are
    already safe come back unchanged."""
    text = _PATH_SEPARATORS.sub("_", _clean_chars(name or "")).strip(" ")
    text = text.rstrip(" .") or "_"
    if set(text) == {"."}:
        text = "_"
    stem, dot, rest = text.partition(".")
    if stem.rstrip(" ").upper() in _RESERVED:
        text = stem.rstrip(" ") + "_" + dot + rest
    text = shorten(text, max_units, max_bytes)
    return text if windows_safe(text) else "_" + text  # pragma: no cover - shorten keeps it safe


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
        name = shorten(f"{prefix}{stem}{extra}{suffix}")
        if name.casefold() not in taken:
            used.add(name)
            return name
        n += 1


def windows_safe(name: str) -> bool:
    """True when Windows accepts ``name`` as one file or folder name (length aside)."""
    stem = name.split(".", 1)[0].rstrip(" ")
    return (bool(name) and stem.upper() not in _RESERVED and not _FORBIDDEN.search(name)
            and not _PATH_SEPARATORS.search(name) and name[-1] not in " ." and name not in (".", ".."))
