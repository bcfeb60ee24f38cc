"""Where Naver bundles wait until ``finish()`` numbers them: ``OUT/naver/.staging/``.

``export_post`` stages each bundle at once (``Staging.stage``): its files go into
``.staging/<position>-<id>/`` and what ``finish()`` still needs (meta, paste HTML and text)
goes as one ASCII JSON line to ``.staging/records.jsonl``; the exporter keeps only a ``Stub``
with the line's offset, so memory stays flat however big the blog. ``finish()`` then removes
stale bundles of an earlier export (``remove_stale``), moves each staged folder to its
``posts/NN-id`` name and writes ``meta.json`` and ``NOTES.md`` there (``Staging.place``).

The staging folder never outlives the export: ``discard()`` removes it (finish and abort call
it), a finalizer does if the run dies before, and the next ``Staging`` removes what a killed
run left. Same filesystem as ``OUT/naver``, so a finished bundle moves by a rename. The
layout is in docs/design.md ("Exporters").
"""

from __future__ import annotations

import json
import os
import re
import shutil
import weakref
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from tistory_migrate.exporters.base import ExportContext, copy_media, file_name
from tistory_migrate.exporters.naver.bundle import Prepared, final_meta, meta_json, notes_md

STAGING = ".staging"  # under OUT/naver
RECORDS = "records.jsonl"
BUNDLE_DIR = re.compile(r"^\d+-\d+$")  # posts/NN-id, the only folders remove_stale may touch
BUNDLE_FILES = 6  # title.txt body.html body.txt tags.txt meta.json NOTES.md


@dataclass(slots=True)
class Stub:
    """What ``finish()`` keeps of one post: no body, no media records — a few hundred bytes."""

    id: str
    title: str
    url: str
    status: str
    published: str | None
    category: str | None
    position: int  # archive order (oldest first)
    can_bundle: bool
    default_include: bool
    reason_key: str = ""
    image_count: int = 0
    media_copied: int = 0  # image and attachment files placed in the staged bundle
    staged: str = ""  # folder name under .staging/ ("" = nothing staged)
    record_at: int = 0  # its line in .staging/records.jsonl: byte offset and length
    record_len: int = 0
    # filled in finish()
    include: bool = False
    order: int = 0
    folder: str = ""
    day: date | None = None
    choice: str = "private"
    plan_order: int | None = None


class Staging:
    """``OUT/naver/.staging/`` for one export: staged bundle folders plus records.jsonl."""

    def __init__(self, ctx: ExportContext):
        self.ctx = ctx
        self.root = ctx.out_dir / STAGING
        shutil.rmtree(self.root, ignore_errors=True)  # left by a run that was killed (no finalizer ran)
        self.root.mkdir()
        self._records = open(self.root / RECORDS, "w+b")
        # pipeline.export calls abort() when an export stops early; this finalizer is the safety net
        # (the staged bundles go when the staging is collected or the interpreter exits).
        self._cleanup = weakref.finalize(self, _discard, self.root, self._records)

    def stage(self, stub: Stub, e: Prepared) -> None:
        """Write the bundle's files now; what finish() still needs (the meta with placeholders
        for the plan's four fields, the paste HTML and text for the page) goes to one line of
        records.jsonl."""
        assert e.paste is not None
        stub.staged = file_name(f"{stub.position}-{stub.id}")  # position first: unique even if an id repeats
        folder = self.root / stub.staged
        folder.mkdir()
        files = {
            "title.txt": e.post.title.strip() + "\n",
            "body.html": e.paste.html,
            "body.txt": e.paste.text,
            "tags.txt": "".join(t + "\n" for t in e.tags),
        }
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8", newline="\n")
        for item in e.images:
            if copy_media(self.ctx, item, folder / "images") is not None:
                stub.media_copied += 1
        for item in e.files:
            if copy_media(self.ctx, item, folder / "files") is not None:
                stub.media_copied += 1
        # ASCII JSON: any string, even a lone surrogate, reads back exactly as it was.
        line = json.dumps({"meta": e.meta(), "html": e.paste.html, "text": e.paste.text}).encode("ascii") + b"\n"
        stub.record_at = self._records.tell()
        stub.record_len = len(line)
        self._records.write(line)

    def record(self, stub: Stub) -> dict:
        """The staged record of ``stub``: {"meta", "html", "text"}."""
        self._records.seek(stub.record_at)
        return json.loads(self._records.read(stub.record_len))

    def meta(self, stub: Stub, record: dict | None = None) -> dict:
        """The bundle's final meta.json content (the plan's fields filled in from ``stub``)."""
        return final_meta((record or self.record(stub))["meta"], stub.order, stub.folder, stub.day, stub.choice)

    def flush(self) -> None:
        self._records.flush()

    def place(self, stub: Stub) -> int:
        """Move the staged bundle to its numbered folder and write what needed the plan;
        returns the number of files the bundle holds."""
        staged = self.root / stub.staged
        folder = self.ctx.out_dir / stub.folder
        if not folder.exists():
            staged.rename(folder)
        else:
            # A folder of an earlier export with the same number and post: its files are
            # replaced, and images/ files/ go whole (names may have changed since); anything
            # else a person put there stays.
            for sub in ("images", "files"):
                if (folder / sub).is_dir():
                    shutil.rmtree(folder / sub)
            for child in staged.iterdir():
                os.replace(child, folder / child.name)
            staged.rmdir()
        meta = self.meta(stub)
        (folder / "meta.json").write_text(meta_json(meta), encoding="utf-8", newline="\n")
        (folder / "NOTES.md").write_text(notes_md(meta, stub.day), encoding="utf-8", newline="\n")
        return BUNDLE_FILES + stub.media_copied

    def discard(self) -> None:
        """Close records.jsonl and remove the staging folder (at most once)."""
        self._cleanup()


def remove_stale(posts_dir: Path, keep: set[str]) -> None:
    """Bundles from an earlier export whose number or post changed would mislead: remove
    them, but only folders shaped like our own (NNNN-id)."""
    if not posts_dir.is_dir():
        return
    for child in posts_dir.iterdir():
        if child.is_dir() and BUNDLE_DIR.match(child.name) and child.name not in keep:
            shutil.rmtree(child)


def _discard(root: Path, records: IO[bytes]) -> None:
    records.close()
    shutil.rmtree(root, ignore_errors=True)
