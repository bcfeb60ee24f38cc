"""Images and files a backup post body refers to -> ``MediaRef`` records, in body order.

A backup body references the files Tistory copied as ``./img/<name>`` or ``img/<name>``
(sometimes percent-encoded) and the files it did not copy by their absolute CDN URL. Copied
files get the stable pseudo-URL ``backup:{no}/img/{name}`` as ``original_url`` and ``identity``
(nothing to download: ``local_path`` says where the bytes are); absolute URLs go through
``normalize.images.resolve_original`` like scraped ones, so both paths share one rulebook of
URL families.

Pure: the caller passes the set of files the post folder holds.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

import lxml.html

from tistory_migrate.backup.names import nfc
from tistory_migrate.models import MediaRef

# Sub-folders of a post folder and the kind of media each holds.
FOLDERS = {"img": "image", "file": "attachment"}

_NUMBER = re.compile(r"^\d+$")


@dataclass
class FoundMedia:
    images: list[MediaRef] = field(default_factory=list)
    attachments: list[MediaRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def pseudo_url(no: str, rel: str) -> str:
    """``backup:{no}/img/{name}`` (name decoded, NFC): stable across runs and zips, so re-runs dedupe."""
    return f"backup:{no}/{rel}"


def local_ref(src: str) -> str | None:
    """``./img/a%20b.png`` -> ``img/a%20b.png`` (as written); None if not a post-folder path."""
    if not src:
        return None
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc or src.strip().startswith("//"):
        return None
    path = posixpath.normpath(parts.path)
    first = path.split("/", 1)[0]
    return path if first in FOLDERS and "/" in path else None


def lookup(rel: str, files: Collection[str]) -> str | None:
    """The file of the post folder that ``rel`` names, trying it as written and decoded.

    Tistory percent-encodes names in the HTML while the entry itself is stored decoded, but a
    stored ``%`` name has been seen in other exports too, so both spellings are tried.
    """
    for candidate in (rel, unquote(rel), nfc(rel), nfc(unquote(rel))):
        if candidate in files:
            return candidate
    return None


def _int(value: str | None) -> int | None:
    # The backup carries junk sizes (data-origin-width="0", height="NaN"): keep positives only.
    if value and value.strip().isdigit() and int(value) > 0:
        return int(value)
    return None


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _caption(img) -> str | None:
    for anc in img.iterancestors("figure"):
        caps = anc.xpath("./figcaption")
        if caps:
            text = " ".join(caps[0].text_content().split())
            return text or None
        return None
    return None


def find_backup_media(
    body_html: str,
    no: str,
    files: Collection[str],
    resolve: Callable[[str], object | None] | None,
    finder: Callable[[str, str], tuple[list[MediaRef], list[MediaRef]]] | None = None,
) -> FoundMedia:
    """Every image / attachment reference of one backup body.

    ``finder`` is ``normalize.images.find_media``: when given, it finds the references (with
    ``page_url="backup:{no}/"``), so the refs stored in the archive are exactly the ones
    ``normalize_body`` puts markers for at export; this module then only ties them to the
    files of the post folder. Without it (normalize not importable) the small scanner below
    does the finding itself.

    ``files``: paths relative to the post folder (``img/img.png``, ``file/보고서.hwp``).
    ``resolve``: ``normalize.images.resolve_original`` (or None when it is not available):
    returns an object with ``original_url``, ``identity``, ``expires``, or None for non-content.
    Files in ``file/`` that the body never names are still attachments of the post (appended);
    ``img/`` files the body never shows are only reported.
    """
    found = FoundMedia()
    seen: set[tuple[str, str]] = set()
    used_files: set[str] = set()
    if not body_html.strip():
        return _leftovers(found, no, files, used_files)
    if finder is not None:
        return _tie_to_files(finder(body_html, f"backup:{no}/"), no, files)
    root = lxml.html.fragment_fromstring(body_html, create_parent="div")

    def add(kind: str, ref: MediaRef) -> None:
        key = (kind, ref.identity)
        if key in seen:
            return
        seen.add(key)
        (found.images if kind == "image" else found.attachments).append(ref)

    def local(kind_hint: str | None, src: str, *, filename: str | None = None, el=None) -> bool:
        rel = local_ref(src)
        if rel is None:
            return False
        folder = rel.split("/", 1)[0]
        kind = kind_hint or FOLDERS[folder]
        hit = lookup(rel, files)
        # The pseudo URL uses the decoded NFC name, exactly as normalize.families resolves
        # ``./img/…`` against ``backup:{no}/``, so the exporter's figure and this record match.
        name = nfc(unquote(rel)).split("/", 1)[1]
        url = pseudo_url(no, f"{folder}/{name}")
        if hit is None:
            found.warnings.append(f"backup: {src} is referenced but not in the backup, and has no original URL")
        else:
            used_files.add(hit)
        add(
            kind,
            MediaRef(
                kind=kind,
                src=src,
                original_url=url,
                identity=url,
                caption=_caption(el) if el is not None and kind == "image" else None,
                filename=filename or posixpath.basename(name),
                width=_int(el.get("data-origin-width")) if el is not None else None,
                height=_int(el.get("data-origin-height")) if el is not None else None,
                local_path=hit,
            ),
        )
        return True

    def remote(kind: str, src: str, url: str, *, filename: str | None, el, local_hit: str | None = None) -> None:
        if resolve is None:
            # resolve_original not available: keep the URL itself; identity without the query
            # so a signed URL does not make every run a new file.
            original, identity, expires = url, url.split("?", 1)[0], "expires=" in url
        else:
            res = resolve(url)
            if res is None:  # skin asset / no-image placeholder: not content
                return
            original, identity, expires = res.original_url, res.identity, res.expires
        if local_hit:
            used_files.add(local_hit)
        add(
            kind,
            MediaRef(
                kind=kind,
                src=src,
                original_url=original,
                identity=identity,
                caption=_caption(el) if kind == "image" else None,
                filename=filename,
                width=_int(el.get("data-origin-width")),
                height=_int(el.get("data-origin-height")),
                expires=bool(expires),
                local_path=local_hit,
            ),
        )

    for el in root.iter("img", "a"):
        if el.tag == "img":
            src = (el.get("src") or "").strip()
            if not src or src.startswith("data:"):
                continue
            hint = el.get("data-filename") or el.get("filename")
            if local("image", src, filename=hint, el=el):
                continue
            if _is_http(src):
                parent = el.getparent()
                data_url = parent.get("data-url") if parent is not None and parent.tag == "span" else None
                url = data_url if data_url and _is_http(data_url) else src
                remote("image", src, _absolute(url), filename=hint, el=el)
            else:
                found.warnings.append(f"backup: image {src!r} is neither in the backup nor a web address")
        else:
            href = (el.get("href") or "").strip()
            rel = local_ref(href)
            if rel is not None and rel.startswith("file/"):
                local("attachment", href, filename=_link_name(el), el=el)
                continue
            block = next((a for a in el.iterancestors("figure") if "fileblock" in _classes(a)), None)
            if block is not None and _is_http(href):
                name = _link_name(el)
                hit = lookup(f"file/{name}", files) if name else None
                remote("attachment", href, _absolute(href), filename=name, el=el, local_hit=hit)
    return _leftovers(found, no, files, used_files)


def _tie_to_files(refs: tuple[list[MediaRef], list[MediaRef]], no: str, files: Collection[str]) -> FoundMedia:
    """Point each ref found by ``normalize.images.find_media`` at its file in the post folder."""
    found = FoundMedia(images=list(refs[0]), attachments=list(refs[1]))
    used: set[str] = set()
    for ref in found.images + found.attachments:
        hit = None
        if ref.original_url.startswith(f"backup:{no}/"):
            rel = ref.original_url[len(f"backup:{no}/") :]
            hit = lookup(rel, files) or _quoted_lookup(rel, files)
            if hit is None:
                found.warnings.append(f"backup: {ref.src} is referenced but not in the backup, and has no original URL")
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
            found.warnings.append(f"backup: {path} is in the backup but the body does not show it")
    return found


def _link_name(a) -> str | None:
    names = a.xpath(".//span[contains(concat(' ', normalize-space(@class), ' '), ' name ')]")
    text = " ".join((names[0] if names else a).text_content().split())
    if text:
        return nfc(text)
    href = a.get("href") or ""
    base = posixpath.basename(urlsplit(href).path)
    return nfc(unquote(base)) or None


def _is_http(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _absolute(url: str) -> str:
    return "https:" + url if url.startswith("//") else url
