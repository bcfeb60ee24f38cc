"""Zip entry names: decode them to the right Hangul and refuse unsafe ones.

Tistory's backup zips have not been seen byte for byte (docs/tistory-backup.md marks the name
encoding UNVERIFIED), and zips re-packed by users on Windows or macOS differ again, so every
way a Korean name can be stored is accepted:

* the UTF-8 flag (bit 11) set: ``zipfile`` already decoded UTF-8;
* no flag: ``zipfile`` decoded the raw bytes as cp437, which is reversible, so the bytes are
  recovered and tried as UTF-8 first (strict: CP949 text almost never decodes as UTF-8 by
  accident, the reverse is common), then CP949 (Korean Windows), else the cp437 text stays.

Every name ends NFC (macOS writes NFD Hangul: 한 as ㅎ+ㅏ+ㄴ), so two spellings of one file
compare equal.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile

UTF8_FLAG = 0x800  # general purpose bit 11: "file name is UTF-8"

# Encodings tried, in order, for an entry stored without the UTF-8 flag.
UNFLAGGED_ENCODINGS = ("utf-8", "cp949")

_DRIVE = re.compile(r"^[A-Za-z]:")


def decode_entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's real name, NFC, with ``/`` separators."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:  # zipfile was given another metadata_encoding
            raw = None
        if raw is not None:
            name = _decode_unflagged(raw, name)
    return nfc(name.replace("\\", "/"))


def _decode_unflagged(raw: bytes, fallback: str) -> str:
    decoded = {}
    for encoding in UNFLAGGED_ENCODINGS:
        try:
            decoded[encoding] = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    utf8, cp949 = decoded.get("utf-8"), decoded.get("cp949")
    if utf8 is not None and cp949 is not None and _has_hangul(cp949) and not any(ord(c) >= 0x800 for c in utf8):
        # Both decodings work: CP949 syllables with lead byte C2-C8 and trail A1-BF also form
        # valid 2-byte UTF-8 (Latin/Greek/Cyrillic letters). In a Tistory backup Hangul is far
        # likelier than, say, "é", so CP949 wins when UTF-8 would give no Hangul at all.
        return cp949
    if utf8 is not None:
        return utf8
    return cp949 if cp949 is not None else fallback


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_unsafe(name: str) -> bool:
    """True for names that would escape the folder they are read into (zip-slip).

    Nothing is ever extracted, but such a name means the archive was made by hand or
    tampered with, so the whole backup is refused rather than half-trusted.
    """
    path = name.replace("\\", "/")
    if path.startswith("/") or _DRIVE.match(path):
        return True
    return any(part == ".." for part in path.split("/"))
