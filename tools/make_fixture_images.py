"""Tiny, dependency-free writers for the fixture blogs' media files.

The fixture blogs need small but *real* files (a sniffer must find true magic bytes and
true dimensions) and Pillow is not part of the project, so this module writes them with the
standard library only: PNG (zlib + struct), GIF (uncompressed-LZW trick: clear code before
every pixel run keeps the code width at its minimum), baseline JPEG (a textbook encoder with
the standard Huffman tables, 4:4:4, no restart markers) and a one-page PDF.

Output is deterministic (no timestamps), so re-running the builder leaves git clean.
``fixtures/blogs/build.py`` imports these functions; run that file, not this one.
"""

from __future__ import annotations

import math
import struct
import zlib

Pixel = tuple[int, int, int]


def pattern(width: int, height: int, seed: int) -> list[list[Pixel]]:
    """A recognisable picture: a diagonal gradient with a band, different per ``seed``."""
    base = [(200, 80, 60), (60, 140, 200), (80, 170, 90), (230, 190, 60), (150, 90, 180), (40, 40, 40)]
    r0, g0, b0 = base[seed % len(base)]
    rows = []
    for y in range(height):
        row = []
        for x in range(width):
            t = (x + y) / max(1, width + height - 2)
            band = 60 if (height // 3) <= y < (2 * height // 3) and (x // (6 + seed // 6) + seed) % 2 == 0 else 0
            row.append(
                (
                    min(255, int(r0 * (1 - t) + 255 * t * 0.6) + band) % 256,
                    min(255, int(g0 * (1 - t) + 255 * t * 0.3)),
                    min(255, int(b0 * (1 - t) + 255 * t * 0.5)),
                )
            )
        rows.append(row)
    return rows


# --- PNG -------------------------------------------------------------------------------------


def png_bytes(pixels: list[list[Pixel]]) -> bytes:
    height, width = len(pixels), len(pixels[0])

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


# --- GIF -------------------------------------------------------------------------------------


def gif_bytes(pixels: list[list[Pixel]]) -> bytes:
    """GIF89a with a 4-colour palette (pixels are quantised to the nearest palette entry)."""
    height, width = len(pixels), len(pixels[0])
    palette = [(250, 250, 250), (220, 60, 60), (60, 120, 220), (40, 40, 40)]

    def nearest(px: Pixel) -> int:
        return min(range(4), key=lambda i: sum((a - b) ** 2 for a, b in zip(px, palette[i])))

    indices = [nearest(px) for row in pixels for px in row]
    min_code = 2  # 4 colours
    clear, end = 1 << min_code, (1 << min_code) + 1
    # Emit a clear code every 2 pixels so the code width never grows past 3 bits.
    codes: list[int] = []
    for i, idx in enumerate(indices):
        if i % 2 == 0:
            codes.append(clear)
        codes.append(idx)
    codes.append(end)
    bits, nbits, out = 0, 0, bytearray()
    for code in codes:
        bits |= code << nbits
        nbits += 3
        while nbits >= 8:
            out.append(bits & 0xFF)
            bits >>= 8
            nbits -= 8
    if nbits:
        out.append(bits & 0xFF)
    blocks = b"".join(bytes([len(out[i : i + 255])]) + bytes(out[i : i + 255]) for i in range(0, len(out), 255))
    header = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x81, 0, 0)  # global table, 4 entries
    table = b"".join(bytes(c) for c in palette)
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + bytes([min_code]) + blocks + b"\x00"
    return header + table + image + b"\x3b"


# --- JPEG (baseline, 4:4:4) --------------------------------------------------------------------

_ZIGZAG = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
    28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
    54, 47, 55, 62, 63,
]  # fmt: skip
_Q_LUMA = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29,
    51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121,
    120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
]  # fmt: skip
_Q_CHROMA = [17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
             47, 66, 99, 99, 99, 99, 99, 99] + [99] * 32  # fmt: skip
# Standard Huffman tables (ITU T.81 Annex K): (code counts per length 1..16, symbols)
_DC_LUMA = ([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], list(range(12)))
_DC_CHROMA = ([0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], list(range(12)))
_AC_LUMA = (
    [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D],
    bytes.fromhex(
        "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa"
    ),
)
_AC_CHROMA = (
    [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
    bytes.fromhex(
        "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa"
    ),
)


def _huff_codes(spec) -> dict[int, tuple[int, int]]:
    counts, symbols = spec
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            codes[symbols[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def _scaled(table: list[int], quality: int) -> list[int]:
    scale = 5000 // quality if quality < 50 else 200 - quality * 2
    return [max(1, min(255, (q * scale + 50) // 100)) for q in table]


class _Bits:
    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value: int, length: int) -> None:
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)  # byte stuffing
                self.acc, self.n = 0, 0

    def flush(self) -> bytes:
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)  # pad with 1 bits
        return bytes(self.out)


def _category(v: int) -> tuple[int, int]:
    if v == 0:
        return 0, 0
    size = abs(v).bit_length()
    return size, (v if v > 0 else v + (1 << size) - 1)


_COS = [[math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)] for u in range(8)]


def _fdct(block: list[float]) -> list[float]:
    out = [0.0] * 64
    for v in range(8):
        for u in range(8):
            s = 0.0
            for y in range(8):
                cy = _COS[v][y]
                row = block[y * 8 : y * 8 + 8]
                cu = _COS[u]
                s += cy * (row[0] * cu[0] + row[1] * cu[1] + row[2] * cu[2] + row[3] * cu[3]
                           + row[4] * cu[4] + row[5] * cu[5] + row[6] * cu[6] + row[7] * cu[7])  # fmt: skip
            cu_ = 1 / math.sqrt(2) if u == 0 else 1.0
            cv_ = 1 / math.sqrt(2) if v == 0 else 1.0
            out[v * 8 + u] = 0.25 * cu_ * cv_ * s
    return out


def jpeg_bytes(pixels: list[list[Pixel]], quality: int = 80) -> bytes:
    height, width = len(pixels), len(pixels[0])
    qt = [_scaled(_Q_LUMA, quality), _scaled(_Q_CHROMA, quality)]
    dc = [_huff_codes(_DC_LUMA), _huff_codes(_DC_CHROMA)]
    ac = [_huff_codes(_AC_LUMA), _huff_codes(_AC_CHROMA)]

    def seg(marker: int, payload: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    head = b"\xff\xd8" + seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    for i, table in enumerate(qt):  # DQT, stored in zig-zag order
        head += seg(0xDB, bytes([i]) + bytes(table[_ZIGZAG[k]] for k in range(64)))
    comps = b"".join(bytes([cid, 0x11, 0 if cid == 1 else 1]) for cid in (1, 2, 3))
    head += seg(0xC0, struct.pack(">BHHB", 8, height, width, 3) + comps)
    for cls, idx, spec in ((0, 0, _DC_LUMA), (1, 0, _AC_LUMA), (0, 1, _DC_CHROMA), (1, 1, _AC_CHROMA)):
        head += seg(0xC4, bytes([(cls << 4) | idx]) + bytes(spec[0]) + bytes(spec[1]))
    head += seg(0xDA, bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]))

    def ycc(px: Pixel) -> tuple[float, float, float]:
        r, g, b = px
        return (
            0.299 * r + 0.587 * g + 0.114 * b - 128,
            -0.168736 * r - 0.331264 * g + 0.5 * b,
            0.5 * r - 0.418688 * g - 0.081312 * b,
        )

    bits = _Bits()
    prev_dc = [0, 0, 0]
    for by in range(0, height, 8):
        for bx in range(0, width, 8):
            blocks: list[list[float]] = [[], [], []]
            for y in range(8):
                for x in range(8):
                    px = pixels[min(by + y, height - 1)][min(bx + x, width - 1)]
                    for c, val in enumerate(ycc(px)):
                        blocks[c].append(val)
            for c in range(3):
                t = 0 if c == 0 else 1
                coef = _fdct(blocks[c])
                quant = [int(round(coef[_ZIGZAG[k]] / qt[t][_ZIGZAG[k]])) for k in range(64)]
                diff = quant[0] - prev_dc[c]
                prev_dc[c] = quant[0]
                size, val = _category(diff)
                bits.put(*dc[t][size])
                if size:
                    bits.put(val, size)
                run = 0
                for k in range(1, 64):
                    if quant[k] == 0:
                        run += 1
                        continue
                    while run > 15:
                        bits.put(*ac[t][0xF0])
                        run -= 16
                    size, val = _category(quant[k])
                    bits.put(*ac[t][(run << 4) | size])
                    bits.put(val, size)
                    run = 0
                if run:
                    bits.put(*ac[t][0x00])  # end of block
    return head + bits.flush() + b"\xff\xd9"


# --- PDF -------------------------------------------------------------------------------------


def pdf_bytes(lines: list[str]) -> bytes:
    """A valid one-page PDF (ASCII text only: Korean would need an embedded CID font)."""
    text = "BT /F1 12 Tf 40 760 Td 16 TL " + " ".join(f"({ln}) '" for ln in lines) + " ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text.encode("ascii") + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def make(kind: str, width: int, height: int, seed: int) -> bytes:
    """``kind`` is the real format: jpeg | png | gif."""
    pixels = pattern(width, height, seed)
    return {"jpeg": jpeg_bytes, "png": png_bytes, "gif": gif_bytes}[kind](pixels)


if __name__ == "__main__":  # pragma: no cover - manual check
    import sys

    for kind in ("jpeg", "png", "gif"):
        data = make(kind, 64, 48, 1)
        path = f"/tmp/fixture-sample.{kind}"
        with open(path, "wb") as fh:
            fh.write(data)
        sys.stdout.write(f"{path} {len(data)} bytes\n")
