"""``export --format jsonl``: the archive's contract, one JSON object per post.

``OUT/jsonl/posts.jsonl`` plus ``OUT/jsonl/media/<post id>/NN-name.ext``; the record shape is
documented in the README and in ``schema/post.schema.json``.
"""

from __future__ import annotations

import json

from tistory_migrate.exporters.base import (Exporter, NamedMedia, commit_temp, copy_media, file_name, name_media, strip_markers,
                                            temp_beside)
from tistory_migrate.i18n import N_
from tistory_migrate.models import Post
from tistory_migrate.report import ExportSummary


class JsonlExporter(Exporter):
    """posts.jsonl, one record per post as it comes, plus each post's media files."""

    name = "jsonl"
    description = N_("posts.jsonl (one JSON object per post) + media/ — the archive's portable contract")

    def start(self) -> None:
        super().start()
        # Written beside, replacing posts.jsonl in finish(): an export that stops early (an
        # error, Ctrl-C, a full disk) leaves the earlier posts.jsonl whole, never half of one.
        self._path = self.ctx.out_dir / "posts.jsonl"
        self._fh = open(temp_beside(self._path), "w", encoding="utf-8", newline="\n")
        self.summary.first_to_open = str(self._path)

    def _media_list(self, post: Post, items: list[NamedMedia], folder: str, *, images: bool, captions: list) -> list[dict]:
        out = []
        folder = file_name(post.id)  # a post number: as it is
        for item in items:
            dest = copy_media(self.ctx, item, self.ctx.out_dir / "media" / folder)
            if dest is not None:
                self.summary.files += 1
            m = item.media
            rec = {
                "src": item.ref.src,
                "original_url": item.ref.original_url,
                "file": f"media/{folder}/{item.name}" if dest is not None else None,
                "sha256": m.sha256 if m and m.status == "ok" else None,
                "bytes": m.bytes if m and m.status == "ok" else None,
            }
            if images:
                rec["width"] = (m.width if m and m.width else item.ref.width)
                rec["height"] = (m.height if m and m.height else item.ref.height)
                rec["caption"] = captions[item.index - 1] if item.index - 1 < len(captions) else item.ref.caption
            else:
                rec = {"name": item.ref.filename or item.name, "url": item.ref.original_url, **{k: rec[k] for k in ("file", "sha256", "bytes")}}
            rec["status"] = item.status
            rec["reason"] = item.reason if item.status != "ok" else None
            out.append(rec)
        return out

    def export_post(self, post: Post, body) -> None:
        if not self.wants(post):
            return
        used: set[str] = set()  # pictures and files share media/<id>/: "01-x.png" only once
        images = name_media(self.ctx, body.images, default_hint="image", used=used)
        files = name_media(self.ctx, body.attachments, default_hint="file", used=used)
        self.count_svgs(images + files)
        record = {
            "id": post.id,
            "kind": post.kind,
            "url": post.url,
            "slug_url": post.slug_url,
            "title": post.title,
            "published": post.published,
            "updated": post.updated,
            "category": post.category,
            "tags": list(post.tags),
            "author": post.author,
            "summary": post.summary,
            "status": post.status,
            "body_source": post.body_source,
            "body_html": strip_markers(body.html),
            "body_text": body.text,
            "images": self._media_list(post, images, "media", images=True, captions=[r.caption for r in body.images]),
            "attachments": self._media_list(post, files, "media", images=False, captions=[]),
            "embeds": [e.to_dict() for e in body.embeds],
            "sources": sorted(set(post.sources)),
            "warnings": list(post.warnings),
        }
        self._fh.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
        self.summary.posts += 1

    def finish(self) -> ExportSummary:
        try:
            self._fh.close()
            self.ctx.copies.wait()
            commit_temp(self._path)
            self.warn_svgs()
        except BaseException:
            self.abort()
            raise
        return self.summary

    def abort(self) -> None:
        """Remove the unfinished posts.jsonl; the one an earlier export wrote stays as it was."""
        self._fh.close()
        self.ctx.copies.wait(raise_errors=False)
        temp_beside(self._path).unlink(missing_ok=True)
