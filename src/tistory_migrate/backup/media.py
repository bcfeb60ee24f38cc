"""Images and files a backup post body refers to -> ``MediaRef`` records, in body order.

A backup body references the files Tistory copied as ``./img/<name>`` or ``img/<name>``
(sometimes percent-encoded) and the files it did not copy by their absolute CDN URL. The
normalizer's own scanner finds them (``normalize.images.find_media``), so scraped and backup
bodies share one rulebook: copied files get the stable pseudo-URL ``backup:{no}/img/{name}`` as
``original_url`` and ``identity`` (nothing to download: ``local_path`` says where the bytes
are), absolute URLs resolve like scraped ones.

Pure: the caller passes the set of files the post folder holds.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from tistory_migrate.backup.names import nfc
from tistory_migrate.i18n import Message, msg
from tistory_migrate.models import MediaRef
from tistory_migrate.normalize.images import find_media


@dataclass
class FoundMedia:
    """The refs of one backup body, tied to their files, and what could not be tied."""

    images: list[MediaRef] = field(default_factory=list)
    attachments: list[MediaRef] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)


def pseudo_url(no: str, rel: str) -> str:
    """``backup:{no}/img/{name}`` (name decoded, NFC): stable across runs and zips, so re-runs dedupe."""
    return f"backup:{no}/{rel}"


def lookup(rel: str, files: Collection[str]) -> str | None:
    """The file of the post folder that ``rel`` names, trying it as written and decoded.

    Tistory percent-encodes names in the HTML while the entry itself is stored decoded, but a
    stored ``%`` name has been seen in other exports too, so both spellings are tried.
    """
    for candidate in (rel, unquote(rel), nfc(rel), nfc(unquote(rel))):
        if candidate in files:
            return candidate
    return None


def find_backup_media(body_html: str, no: str, files: Collection[str]) -> FoundMedia:
    """Every image / attachment reference of one backup body, tied to the files of its folder.

    The references are ``normalize.images.find_media``'s (with ``page_url="backup:{no}/"``), so
    the refs stored in the archive are exactly the ones ``normalize_body`` puts markers for at
    export; this module only ties them to the files of the post folder.

    ``files``: paths relative to the post folder (``img/img.png``, ``file/보고서.hwp``).
    Files in ``file/`` that the body never names are still attachments of the post (appended);
    ``img/`` files the body never shows are only reported.
    """
    images, attachments = find_media(body_html, f"backup:{no}/")
    found = FoundMedia(images=list(images), attachments=list(attachments))
    used: set[str] = set()
    for ref in found.images + found.attachments:
        hit = None
        if ref.original_url.startswith(f"backup:{no}/"):
            rel = ref.original_url[len(f"backup:{no}/") :]
            hit = lookup(rel, files) or _quoted_lookup(rel, files)
            if hit is None:
                found.warnings.append(msg("backup: {src} is referenced but not in the backup, and has no original URL",
                                          src=ref.src))
        elif ref.kind == "attachment" and ref.filename:
            # A file block whose href is the CDN but whose copy sits in file/ (matched by name).
            hit = lookup(f"file/{ref.filename}", files)
        ref.local_path = hit
        if hit:
            used.add(hit)
    return _leftovers(found, no, files, used)


def _quoted_lookup(rel: str, files: Collection[str]) -> str | None:
    """A file stored under its percent-encoded name (``img/%EC%9B%90.jpg``)."""
    folder, _, name = rel.partition("/")
    return lookup(f"{folder}/{quote(name)}", files)


def _leftovers(found: FoundMedia, no: str, files: Collection[str], used: set[str]) -> FoundMedia:
    for path in sorted(files):
        if path in used:
            continue
        folder, _, name = path.partition("/")
        if folder == "file":
            url = pseudo_url(no, nfc(unquote(path)))
            found.attachments.append(
                MediaRef(kind="attachment", src=path, original_url=url, identity=url, filename=name, local_path=path)
            )
        elif folder == "img":
            found.warnings.append(msg("backup: {path} is in the backup but the body does not show it", path=path))
    return found
