"""Where an archive lives: a synced or network folder gets a warning (not an error).

SQLite and sync clients do not mix: OneDrive, Dropbox, Google Drive, iCloud Drive and Box copy
a database file while it is being written (the copy is damaged, or two copies conflict) and may
lock it during a run; a network drive may not honour SQLite's locks at all. Public-office PCs
often put Documents and the Desktop in OneDrive, so this is a common place for an archive.

``location_notices(path)`` returns the sentences to show (the command line prints them, like
``Settings.notices``); it never raises and never prints. A folder counts as synced when one
of its names is a sync client's folder (``OneDrive``, ``OneDrive - Company``, ``Dropbox``,
``Google Drive``, ``My Drive``, ``iCloud Drive``, ``iCloudDrive``, macOS's ``Mobile
Documents`` and ``CloudStorage``, ``Box``, ``Box Sync``) or it lies under the folder Windows
names in ``%OneDrive%``; it counts as a network folder when it is a UNC path
(``\\\\server\\share``) or, on Windows, on a drive ``GetDriveTypeW`` calls remote.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import PurePath, PureWindowsPath

from tistory_migrate.i18n import _

# Folder names of the sync clients (macOS puts them all under ~/Library/CloudStorage now).
_SYNCED = re.compile(r"^(onedrive( - .+)?|dropbox( \(.+\))?|google ?drive|my drive|icloud ?drive"
                     r"|mobile documents|cloudstorage|box|box sync)$", re.IGNORECASE)
_ONEDRIVE_ENV = ("OneDrive", "OneDriveConsumer", "OneDriveCommercial")
DRIVE_REMOTE = 4  # GetDriveTypeW
_WINDOWS = sys.platform == "win32"


def location_notices(path: os.PathLike | str) -> list[str]:
    """The warnings an archive at ``path`` deserves (empty: a local, unsynced folder)."""
    text = str(path)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        share = "\\".join(PureWindowsPath(text).parts[:1]) or text
        return [_network(text, share)]
    absolute = os.path.abspath(text)
    synced = _synced_name(absolute)
    if synced:
        return [_("The archive {path} is in a folder that {name} syncs. Sync clients can copy the archive's "
                  "database while it is being written, or lock it during a run: a local folder that is not "
                  "synced is safer (for example C:\\tistory-archive or ~/tistory-archive).").format(path=absolute, name=synced)]
    drive = _remote_drive(text, absolute)
    if drive:
        return [_network(absolute, drive)]
    return []


def _network(path: str, where: str) -> str:
    return _("The archive {path} is on a network folder ({where}). The archive's database is not safe on a "
             "network drive (its locks may not work there): a local folder is safer.").format(path=path, where=where)


def _synced_name(absolute: str) -> str | None:
    parts = PureWindowsPath(absolute).parts if _WINDOWS else PurePath(absolute).parts
    for part in parts:
        if _SYNCED.match(part):
            return part
    for var in _ONEDRIVE_ENV:
        root = os.environ.get(var)
        if root and _is_under(absolute, root):
            return "OneDrive"
    return None


def _is_under(path: str, root: str) -> bool:
    norm = os.path.normcase(os.path.abspath(root)).rstrip("\\/")
    here = os.path.normcase(path)
    return here == norm or here.startswith(norm + os.sep)


def _remote_drive(given: str, absolute: str) -> str | None:
    """The drive (``Z:``) when Windows says it is a network drive."""
    drive = (PureWindowsPath(given).drive or PureWindowsPath(absolute).drive) if _WINDOWS else ""
    if not drive or _drive_type(drive + "\\") != DRIVE_REMOTE:
        return None
    return drive


def _drive_type(root: str) -> int:  # pragma: no cover - Windows only; tests replace it
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]
    except (AttributeError, OSError, ImportError):
        return 0
