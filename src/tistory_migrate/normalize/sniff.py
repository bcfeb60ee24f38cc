"""What a downloaded file really is, from its first bytes (no Pillow).

Tistory serves PNGs named ``img.jpg`` and the backup renames files, so the extension we write
comes from here. Sizes are read from the header only; a format we recognise but cannot size
returns ``width``/``height`` None. Unknown bytes -> None (the caller decides what that means:
for an image download it is "not an image").
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class Sniffed:
    ext: str  # canonical lower-case extension without the dot: jpg png gif webp ...
    mime: str
    width: int | None = None
    height: int | None = None

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


def sniff(data: bytes) -> Sniffed | None:
    if not data:
        return None
    for test in _TESTS:
        found = test(data)
        if found is not None:
            return found
    return None


def _jpeg(d: bytes) -> Sniffed | None:
    if not d.startswith(b"\xff\xd8\xff"):
        return None
    w = h = None
    i = 2
    n = len(d)
    # Walk the marker segments to the first SOFn (C0-CF except DHT C4, JPG C8, DAC CC).
    while i + 4 <= n:
        if d[i] != 0xFF:
            i += 1
            continue
        marker = d[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        if marker == 0xD9 or marker == 0xDA:  # end / start of scan: no SOF before it
            break
        seg_len = struct.unpack(">H", d[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if i + 9 <= n:
                h, w = struct.unpack(">HH", d[i + 5 : i + 9])
            break
        i += 2 + seg_len
    return Sniffed("jpg", "image/jpeg", w or None, h or None)


def _png(d: bytes) -> Sniffed | None:
    if not d.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    w = h = None
    if len(d) >= 24 and d[12:16] == b"IHDR":
        w, h = struct.unpack(">II", d[16:24])
    return Sniffed("png", "image/png", w, h)


def _gif(d: bytes) -> Sniffed | None:
    if d[:6] not in (b"GIF87a", b"GIF89a"):
        return None
    w, h = struct.unpack("<HH", d[6:10]) if len(d) >= 10 else (None, None)
    return Sniffed("gif", "image/gif", w, h)


def _webp(d: bytes) -> Sniffed | None:
    if len(d) < 16 or d[:4] != b"RIFF" or d[8:12] != b"WEBP":
        return None
    chunk = d[12:16]
    w = h = None
    if chunk == b"VP8 " and len(d) >= 30 and d[23:26] == b"\x9d\x01\x2a":
        w, h = (v & 0x3FFF for v in struct.unpack("<HH", d[26:30]))
    elif chunk == b"VP8L" and len(d) >= 25 and d[20] == 0x2F:
        bits = int.from_bytes(d[21:25], "little")
        w, h = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    elif chunk == b"VP8X" and len(d) >= 30:
        w = int.from_bytes(d[24:27], "little") + 1
        h = int.from_bytes(d[27:30], "little") + 1
    return Sniffed("webp", "image/webp", w, h)


def _bmp(d: bytes) -> Sniffed | None:
    if not d.startswith(b"BM") or len(d) < 26:
        return None
    header = struct.unpack("<I", d[14:18])[0]
    if header == 12:  # OS/2 BITMAPCOREHEADER: 16-bit sizes
        w, h = struct.unpack("<HH", d[18:22])
    elif header >= 40:
        w, h = struct.unpack("<ii", d[18:26])
    else:
        return None
    return Sniffed("bmp", "image/bmp", abs(w) or None, abs(h) or None)


def _tiff(d: bytes) -> Sniffed | None:
    if d[:4] == b"II*\x00":
        e = "<"
    elif d[:4] == b"MM\x00*":
        e = ">"
    else:
        return None
    w = h = None
    try:
        off = struct.unpack(e + "I", d[4:8])[0]
        count = struct.unpack(e + "H", d[off : off + 2])[0]
        for k in range(min(count, 64)):
            p = off + 2 + 12 * k
            tag, typ = struct.unpack(e + "HH", d[p : p + 4])
            val = struct.unpack(e + ("H" if typ == 3 else "I"), d[p + 8 : p + (10 if typ == 3 else 12)])[0]
            if tag == 256:
                w = val
            elif tag == 257:
                h = val
    except (struct.error, IndexError):
        pass  # header outside the bytes we were given: size unknown, format still known
    return Sniffed("tif", "image/tiff", w, h)


_SVG_HEAD = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.S | re.I)


def _svg(d: bytes) -> Sniffed | None:
    head = d[:4096].lstrip(b"\xef\xbb\xbf")
    if _SVG_HEAD.match(head):
        return Sniffed("svg", "image/svg+xml")
    return None


_HEIF = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_AVIF = {b"avif", b"avis"}
_MP4 = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4A ", b"dash", b"3gp4", b"3gp5", b"3g2a", b"mmp4", b"MSNV", b"f4v "}


def _isobmff(d: bytes) -> Sniffed | None:
    if len(d) < 12 or d[4:8] != b"ftyp":
        if len(d) >= 8 and d[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
            return Sniffed("mov", "video/quicktime")
        return None
    box = struct.unpack(">I", d[:4])[0]
    brands = {d[8:12]} | {d[i : i + 4] for i in range(16, min(box, len(d), 64), 4)}
    major = d[8:12]
    if major in _AVIF or (major not in _HEIF and brands & _AVIF):
        return Sniffed("avif", "image/avif", *_ispe(d))
    if major in _HEIF or brands & {b"heic", b"heix"}:
        return Sniffed("heic", "image/heic", *_ispe(d))
    if major == b"qt  ":
        return Sniffed("mov", "video/quicktime")
    if major in _MP4 or brands & _MP4:
        return Sniffed("mp4", "video/mp4")
    return None


def _ispe(d: bytes) -> tuple[int | None, int | None]:
    # The first image-spatial-extent property is the primary picture in every HEIC/AVIF seen.
    i = d.find(b"ispe", 0, 65536)
    if i < 0 or i + 16 > len(d):
        return None, None
    w, h = struct.unpack(">II", d[i + 8 : i + 16])
    return w or None, h or None


def _zip(d: bytes) -> Sniffed | None:
    if d[:4] not in (b"PK\x03\x04", b"PK\x05\x06"):
        return None
    # Zip containers that announce themselves with a first stored "mimetype" entry.
    if d[30:38] == b"mimetype":
        if d[38:58].startswith(b"application/hwp+zip"):
            return Sniffed("hwpx", "application/hwp+zip")
        if d[38:58].startswith(b"application/epub+zip"):
            return Sniffed("epub", "application/epub+zip")
    return Sniffed("zip", "application/zip")


def _ole(d: bytes) -> Sniffed | None:
    # OLE compound files hold .doc/.xls/.ppt/.hwp; only the HWP signature is cheap to see.
    if not d.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return None
    if b"HWP Document File" in d[:65536]:
        return Sniffed("hwp", "application/x-hwp")
    return None


def _magic(prefix: bytes, ext: str, mime: str, offset: int = 0):
    def test(d: bytes) -> Sniffed | None:
        return Sniffed(ext, mime) if d[offset : offset + len(prefix)] == prefix else None

    return test


_TESTS = [
    _jpeg,
    _png,
    _gif,
    _webp,
    _bmp,
    _tiff,
    _isobmff,
    _magic(b"%PDF-", "pdf", "application/pdf"),
    _zip,
    _ole,
    _magic(b"Rar!\x1a\x07", "rar", "application/vnd.rar"),
    _magic(b"7z\xbc\xaf\x27\x1c", "7z", "application/x-7z-compressed"),
    _magic(b"\x1f\x8b", "gz", "application/gzip"),
    _magic(b"ID3", "mp3", "audio/mpeg"),
    _magic(b"\x00\x00\x01\x00", "ico", "image/x-icon"),
    _svg,
]
