"""Every path a run wrote, checked against Windows' rules, written here on their own (not with
``normalize.names``, the code under test): a name Windows refuses, two names one Windows
folder cannot hold side by side, a path longer than Windows' MAX_PATH.

``problems(root, padded_to=100)`` walks ``root`` (the output folder of ``scrape -o``,
``export -o`` or ``demo --out``) and returns one line per problem; ``[]`` is a pass. The
length rule is ``padded_to + 1 + len(relative path) <= 259`` UTF-16 code units, whatever the
real length of ``root``. ``padded_dir(base, units)`` makes a folder whose absolute path is
exactly ``units`` UTF-16 units long, so the real path length is the one the rule counts.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

MAX_PATH_UNITS = 259  # 260 with the terminating NUL
_BAD_CHARS = re.compile(r'[<>:"/\\|?*]')
_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³")}


def units(text: str) -> int:
    """UTF-16 code units, as Windows counts a path."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def name_problem(name: str) -> str | None:
    """Why Windows would refuse ``name`` as a file or folder name, or None."""
    if not name:
        return "empty name"
    if _BAD_CHARS.search(name):
        return "forbidden character"
    if any(ord(c) < 32 or unicodedata.category(c) in ("Cc", "Cs") for c in name):
        return "control character"
    if name[-1] in ". ":
        return "trailing dot or space"
    base = name.split(".")[0].rstrip(" ").upper()
    if base in _DEVICES:
        return "reserved device name"
    if unicodedata.normalize("NFC", name) != name:
        return "not NFC (macOS would store another spelling)"
    return None


def problems(root: Path, *, padded_to: int = 100) -> list[str]:
    """Everything under ``root`` that Windows would refuse (see the module docstring)."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        seen: dict[str, str] = {}
        for name in dirs + files:
            rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "\\")
            why = name_problem(name)
            if why:
                found.append(f"{rel}: {why}")
            key = name.upper().casefold()
            if key in seen:
                found.append(f"{rel}: same name as {seen[key]!r} when case is ignored")
            seen[key] = name
            total = padded_to + 1 + units(rel)
            if total > MAX_PATH_UNITS:
                found.append(f"{rel}: {total} UTF-16 units with a {padded_to}-unit output folder (max {MAX_PATH_UNITS})")
    return found


def all_paths(root: Path) -> list[str]:
    return sorted(os.path.relpath(os.path.join(f, n), root) for f, ds, fs in os.walk(root) for n in ds + fs)


def padded_dir(base: Path, total_units: int = 100) -> Path:
    """A new folder under ``base`` whose absolute path is exactly ``total_units`` units
    (Hangul in its name, so the padding is counted the way Windows counts it)."""
    base = base.resolve()
    room = total_units - units(str(base)) - 1
    if room < 4:
        raise ValueError(f"{base} is already {units(str(base))} units long")
    name = ("출력폴더-" + "x" * room)[:room]
    folder = base / name
    folder.mkdir(parents=True)
    assert units(str(folder)) == total_units, (folder, units(str(folder)))
    return folder
