"""Where Naver bundles wait until ``finish()`` numbers them: ``OUT/naver/.staging/``.

``export_post`` stages each bundle at once (``Staging.stage``): its files go into
``.staging/<position>-<id>/`` and what ``finish()`` still needs (meta, paste HTML and text)
goes as one ASCII JSON line to ``.staging/records.jsonl``; the exporter keeps only a ``Stub``
with the line's offset, so memory stays flat however big the blog. ``finish()`` then writes
``meta.json`` and ``NOTES.md`` into each staged bundle (``Staging.finalize``), stages plan.csv
and index.html, and puts it all in place at once (``Staging.commit``): what an earlier export
had there moves aside first, so a file another program holds open (Windows refuses to move
it) stops the export with nothing half-moved.

The staging folder never outlives the export: ``discard()`` removes it (finish and abort call
it), a finalizer does if the run dies before, and the next ``Staging`` removes what a killed
run left. Same filesystem as ``OUT/naver``, so a finished bundle moves by a rename. The
layout is in docs/design.md ("Exporters").
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import weakref
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from tistory_migrate.errors import FileInUse
from tistory_migrate.exporters.base import ExportContext, copy_media, file_name
from tistory_migrate.exporters.comments import comments_html
from tistory_migrate.exporters.naver.bundle import Prepared, final_meta, meta_json, notes_md

STAGING = ".staging"  # under OUT/naver
RECORDS = "records.jsonl"
ASIDE = "replaced"  # under .staging/: what an earlier export had where the new files go, until they are in
BUNDLE_DIR = re.compile(r"^[0-9]+-[0-9]+$")  # posts/NN-id, the only folders remove_stale may touch
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
    extra_files: int = 0  # comments.html (scrape --comments)
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
        if e.comments is not None:  # read with scrape --comments: for the person's reference
            files["comments.html"] = comments_html(e.post.title, e.post.url, e.comments)
            stub.extra_files += 1
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

    def finalize(self, stub: Stub) -> int:
        """Write what needed the plan (meta.json, NOTES.md) into the staged bundle; returns the
        number of files the bundle holds."""
        folder = self.root / stub.staged
        meta = self.meta(stub)
        (folder / "meta.json").write_text(meta_json(meta), encoding="utf-8", newline="\n")
        (folder / "NOTES.md").write_text(notes_md(meta, stub.day), encoding="utf-8", newline="\n")
        return BUNDLE_FILES + stub.media_copied + stub.extra_files

    def commit(self, bundled: list[Stub], top_files: tuple[str, ...]) -> None:
        """Put the staged bundles (at their ``posts/NN-id`` names) and the staged ``top_files``
        (plan.csv, index.html) in place, all or nothing. First everything of an earlier export
        they replace, and its stale bundles, move aside into the staging folder, each by one
        rename; if one cannot move (on Windows: a picture open in a viewer, plan.csv in Excel)
        the ones moved go back and ``FileInUse`` names it, so the folder is as it was. Then the
        new ones move in: names that are free by then. A person's own files in an earlier
        bundle folder (not images/ or files/, which go whole: names may have changed) move
        into the new one."""
        out = self.ctx.out_dir
        keep = {Path(s.folder).name for s in bundled}
        posts = out / "posts"
        replaced = [out / name for name in top_files] + [out / s.folder for s in bundled]
        stale = [c for c in posts.iterdir() if c.is_dir() and BUNDLE_DIR.match(c.name) and c.name not in keep] \
            if posts.is_dir() else []
        aside_root = self.root / ASIDE
        aside_root.mkdir()
        moved: dict[Path, Path] = {}
        try:
            for path in [p for p in replaced if os.path.lexists(p)] + stale:
                aside = aside_root / str(len(moved))
                try:
                    os.replace(path, aside)
                except PermissionError:
                    raise FileInUse(path, folder=path.is_dir()) from None
                moved[path] = aside
        except BaseException:
            for path, aside in reversed(list(moved.items())):
                os.replace(aside, path)
            raise
        if bundled:
            posts.mkdir(exist_ok=True)  # once here, not per bundle: a mkdir costs as much as a write
        for s in bundled:
            staged, earlier = self.root / s.staged, moved.get(out / s.folder)
            if earlier is not None and earlier.is_dir():
                for child in earlier.iterdir():
                    if child.name not in ("images", "files") and not os.path.lexists(staged / child.name):
                        os.replace(child, staged / child.name)
            os.replace(staged, out / s.folder)
        for name in top_files:
            (out / name).parent.mkdir(exist_ok=True)  # posts/ for the probe bundle when no post is bundled
            os.replace(self.root / name, out / name)

    def discard(self) -> None:
        """Close records.jsonl and remove the staging folder (at most once)."""
        self._cleanup()


def _discard(root: Path, records: IO[bytes]) -> None:
    with contextlib.suppress(OSError):  # its last write may not fit on a full disk: the folder goes anyway
        records.close()
    shutil.rmtree(root, ignore_errors=True)
