"""The legacy (pre-2016) Tistory XML backup: one file, streamed.

Shape (Tattertools/Textcube export, docs/tistory-backup.md): a root element holding
``<post slogan="…">`` (and ``<notice>``) elements with ``id``, ``visibility``, ``title``,
``content`` (HTML with ``[##_1C|file|attrs|caption_##]`` and ``[##_ATTACH_PATH_##]``
placeholders), ``published``/``created``/``modified`` (Unix seconds), ``category``, ``tag``\\*,
``attachment``\\* (``name``, ``label``, ``mime``, ``size``, ``width``, ``height`` as attributes
or children, bytes in base64 ``content``) and nested ``comment``\\*.

Files can exceed 100 MB, so the file is read with ``lxml.etree.iterparse`` and each finished
element is cleared (and its earlier siblings dropped) so memory stays at about one post.
Attachment bytes are never kept: at the end of each ``<attachment>`` its base64 text is decoded
in slices straight into a file of a private spool folder (a temporary directory owned by the
``BackupSet``, removed on ``close``), and the ``MediaRef.local_path`` points there. The peak is
therefore one attachment's base64 text (what lxml holds for one text node), not the whole file.
Placeholders are left in ``body_raw`` (expanding them is the normalizer's job); the references
they make are the ones ``normalize.images.find_media`` finds, in body order, tied to the spooled
attachment bytes by name or cfile id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from tistory_migrate.backup.media import pseudo_url
from tistory_migrate.backup.names import nfc
from tistory_migrate.errors import BackupError
from tistory_migrate.i18n import Message, _, msg
from tistory_migrate.markup import positive_int
from tistory_migrate.models import KST, MediaRef, Post
from tistory_migrate.normalize.images import find_media

POST_TAGS = {"post": "post", "notice": "notice"}
# Textcube's "syndicated" is public and pushed to the portal: public for our purposes.
VISIBILITY = {"public": "public", "syndicated": "public", "private": "private", "protected": "protected"}
B64_SLICE = 4 * 1024 * 1024  # base64 characters decoded at a time (a multiple of 4)



def looks_like_legacy_xml(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<?xml") or text.startswith(b"<blog")


def unix_to_kst(value: str | None) -> str | None:
    if not value or not (value.strip().lstrip("-").isascii() and value.strip().lstrip("-").isdigit()) or int(value) <= 0:
        return None
    return datetime.fromtimestamp(int(value), KST).isoformat()


class LegacyXmlBackup:
    """Posts of one legacy XML file; attachments spooled under ``spool``."""

    def __init__(self, path: Path, spool: Path, index: int = 0, label: str | None = None):
        self.path = Path(path)
        self.index = index  # position among the --backup paths: prefix of local_path keys
        self.label = label or str(path)
        self.spool = spool
        self.blog_name: str | None = None
        self._spooled: dict[str, Path] = {}
        self._complete = False
        self._count = 0

    # -- files -----------------------------------------------------------------------------
    def names(self) -> list[str]:
        self._ensure_spooled()
        return list(self._spooled)

    def read(self, entry: str) -> bytes:
        self._ensure_spooled()
        path = self._spooled.get(entry)
        if path is None:
            raise BackupError(msg("{label} has no attachment {entry}.", label=self.label, entry=repr(entry)))
        return path.read_bytes()

    def close(self) -> None:
        """Nothing to release: the spool folder belongs to the BackupSet, which removes it."""

    def _ensure_spooled(self) -> None:
        if not self._complete:
            for _post in self.posts():
                pass

    # -- posts -----------------------------------------------------------------------------
    def posts(self) -> Iterator[Post]:
        try:
            yield from self._parse()
        except etree.XMLSyntaxError as exc:
            raise BackupError(
                msg("{label} is not a readable XML backup ({error}).", label=self.label, error=str(exc)),
                hint=_("The file may be cut short; export it again or check the download."),
            ) from None
        self._complete = True

    def _parse(self) -> Iterator[Post]:
        context = etree.iterparse(
            str(self.path), events=("start", "end"), huge_tree=True, resolve_entities=False, no_network=True
        )
        depth = 0
        root_seen = False
        current: dict | None = None
        for event, el in context:
            if event == "start":
                depth += 1
                if depth == 1:
                    root_seen = True
                    if el.tag not in ("blog",):
                        raise BackupError(msg("{label} is XML but not a Tistory backup (root <{tag}>, expected <blog>).",
                                              label=self.label, tag=el.tag))
                elif depth == 2 and el.tag in POST_TAGS:
                    current = {"files": {}}
                continue
            depth -= 1
            if depth == 1 and el.tag == "setting":
                name = el.findtext("name")
                if name and re.fullmatch(r"[A-Za-z0-9-]+", name.strip()):
                    self.blog_name = name.strip()
            elif depth == 2 and current is not None and el.tag == "attachment":
                self._spool_attachment(el, current)
            elif depth == 1 and el.tag in POST_TAGS and current is not None:
                post = self._post(el, POST_TAGS[el.tag], current)
                current = None
                if post is not None:
                    yield post
            if depth <= 1:
                # Finished top-level element: free it and everything before it.
                el.clear()
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
        if not root_seen:
            raise BackupError(msg("{label} is empty.", label=self.label))

    def _spool_attachment(self, el, current: dict) -> None:
        name = _field(el, "name")
        if not name:
            return
        content = el.find("content")
        text = content.text if content is not None else None
        if content is not None:
            content.clear()  # drop the base64 text before the next element arrives
        # <id> comes before <attachment> in every export seen; a counter covers the rest.
        pid = (el.getparent().findtext("id") or "").strip()
        self._count += 1
        target = self.spool / (pid if (pid.isascii() and pid.isdigit()) else f"n{self._count}")
        target.mkdir(parents=True, exist_ok=True)
        safe = hashlib.sha256(name.encode()).hexdigest()[:16]
        path = target / safe
        ok = True
        with open(path, "wb") as out:
            if text:
                compact = "".join(text.split())
                try:
                    for i in range(0, len(compact), B64_SLICE):
                        out.write(base64.b64decode(compact[i : i + B64_SLICE], validate=True))
                except (binascii.Error, ValueError):
                    ok = False
        mime = _field(el, "mime") or ""
        current["files"][name] = {
            "path": path if text and ok else None,
            "label": nfc(_field(el, "label") or name),
            "mime": mime,
            "width": positive_int(_field(el, "width")),
            "height": positive_int(_field(el, "height")),
            "bad": bool(text) and not ok,
        }

    def _post(self, el, kind: str, current: dict) -> Post | None:
        pid = (el.findtext("id") or "").strip()
        title = nfc((el.findtext("title") or "").strip())
        warnings: list[Message] = []
        if not (pid.isascii() and pid.isdigit()):
            # Without an id the post cannot be matched or addressed: report, do not guess.
            raise BackupError(msg("{label}: a <{tag}> without a numeric <id> (title {title}).", label=self.label, tag=el.tag,
                                  title=repr(title)))
        body = el.findtext("content") or ""
        visibility = (el.findtext("visibility") or "").strip().lower()
        status = VISIBILITY.get(visibility, "unknown")
        if visibility and visibility not in VISIBILITY:
            warnings.append(msg("backup: unknown visibility {visibility}", visibility=repr(visibility)))
        slogan = el.get("slogan")
        base = f"https://{self.blog_name}.tistory.com" if self.blog_name else None
        url = f"{base}/{pid}" if base and kind == "post" else (f"{base}/notice/{pid}" if base else f"backup:{pid}")
        tags: list[str] = []
        for t in el.findall("tag"):
            tag = nfc(" ".join((t.text or "").split()))
            if tag and tag not in tags:
                tags.append(tag)
        images, attachments = self._media(pid, body, current["files"], warnings)
        comments, secret = _comments(el)
        if secret:
            warnings.append(msg("backup: {n} secret comment(s) left out (they were private to the author)", n=secret))
        extra: dict = {"comments": comments, "backup_format": "legacy-xml"}
        if slogan:
            extra["slogan"] = nfc(slogan)
        post = Post(
            id=pid,
            url=url,
            title=title,
            kind=kind,
            slug_url=f"{base}/entry/{quote(nfc(slogan), safe='')}" if base and slogan else None,
            published=unix_to_kst(el.findtext("published")) or unix_to_kst(el.findtext("created")),
            updated=unix_to_kst(el.findtext("modified")),
            category=nfc((el.findtext("category") or "").strip()) or None,
            tags=tags,
            status=status,
            body_source="backup",
            body_raw=body,
            images=images,
            attachments=attachments,
            sources=["backup"],
            extra=extra,
        )
        for warning in warnings:
            post.warn(warning)
        if not title:
            post.warn(msg("backup: the post has no title"))
        return post

    def _media(self, pid: str, body: str, files: dict, warnings: list[Message]) -> tuple[list[MediaRef], list[MediaRef]]:
        """The refs ``normalize.images.find_media`` finds in the body (the very ones
        ``normalize_body`` marks at export: placeholders -> cfile URLs), tied to the spooled
        attachment bytes; attachments the body never names come after them."""
        images, attachments = find_media(body, f"backup:{pid}/")
        used: set[str] = set()
        for ref in images + attachments:
            name = _match_attachment(ref, files)
            if name is None:
                ref.local_path = None
                warnings.append(msg("backup: {src} is referenced but not in the backup", src=ref.src))
                continue
            used.add(name)
            info = files[name]
            ref.filename = info["label"] or ref.filename
            ref.width = ref.width or info["width"]
            ref.height = ref.height or info["height"]
            ref.local_path = self._register(pid, name, info)
        extra = [self._unnamed(pid, n, i) for n, i in files.items() if n not in used]
        for name, info in files.items():
            if info["bad"]:
                warnings.append(msg("backup: attachment {name} has damaged base64 data", name=name))
        return images, attachments + extra

    def _register(self, pid: str, name: str, info: dict) -> str | None:
        if info["path"] is None:
            return None
        key = f"legacy/{pid}/{name}"
        self._spooled[key] = info["path"]
        return f"{self.index}:{key}"

    def _unnamed(self, pid: str, name: str, info: dict) -> MediaRef:
        """An attachment of the post that its body never names (still a file of the post)."""
        url = pseudo_url(pid, f"file/{name}")
        return MediaRef(
            kind="attachment",
            src=name,
            original_url=url,
            identity=url,
            filename=info["label"] or name,
            width=info["width"],
            height=info["height"],
            local_path=self._register(pid, name, info),
        )


def _comments(post_el) -> tuple[list[dict], int]:
    """Flat list of ``{author, date, body, parent}``; ``parent`` = index of the parent in the list."""
    out: list[dict] = []
    secret = 0

    def walk(el, parent: int | None) -> None:
        nonlocal secret
        for c in el.findall("comment"):
            if (c.findtext("secret") or "0").strip() not in ("", "0", "false"):
                secret += 1
                continue
            author = c.findtext("commenter/name") or c.findtext("name") or ""
            out.append(
                {
                    "author": nfc(author.strip()),
                    "date": unix_to_kst(c.findtext("written")),
                    "body": c.findtext("content") or "",
                    "parent": parent,
                }
            )
            walk(c, len(out) - 1)

    walk(post_el, None)
    return out, secret


_CFILE_ID = re.compile(r"^cfile[0-9]+\.uf[.@]([0-9A-Fa-f]{8,})", re.IGNORECASE)


def _match_attachment(ref: MediaRef, files: dict) -> str | None:
    """The attachment a ref found by normalize points at: by name, else by the cfile id
    (``cfile30.uf.11613F….png`` is served as ``cfile30.uf.tistory.com/original/11613F…``)."""
    where = f"{ref.src} {ref.identity} {ref.original_url}"
    for name in files:
        if name in where:
            return name
    upper = where.upper()
    for name in files:
        m = _CFILE_ID.match(name)
        if m and m.group(1).upper() in upper:
            return name
    return None


def _field(el, name: str) -> str | None:
    """A value given as attribute or child element (both shapes exist in exports)."""
    value = el.get(name)
    if value is None:
        value = el.findtext(name)
    return value.strip() if value else None
