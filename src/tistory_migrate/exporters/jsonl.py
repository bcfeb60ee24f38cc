"""``export --format jsonl``: the archive's contract, one JSON object per post.

``OUT/jsonl/posts.jsonl`` plus ``OUT/jsonl/media/<post id>/NN-name.ext``; the record shape is
documented in the README and in ``schema/post.schema.json``.
"""

from __future__ import annotations

import html as html_text
import json

import lxml.html

from tistory_migrate.exporters.base import (Exporter, NamedMedia, commit_temp, copy_media, file_name, name_media, strip_markers,
                                            temp_beside)
from tistory_migrate.i18n import N_
from tistory_migrate.models import Post
from tistory_migrate.normalize.placeholders import ATTACH_PATH
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
        attachments = self._media_list(post, files, "media", images=False, captions=[])
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
            "body_html": strip_markers(_point_files(body.html, attachments)),
            "body_text": body.text,
            "images": self._media_list(post, images, "media", images=True, captions=[r.caption for r in body.images]),
            "attachments": attachments,
            "embeds": [e.to_dict() for e in body.embeds],
            "sources": sorted(set(post.sources)),
            "warnings": list(post.warnings),
            # null: comments were not read (scrape --comments); []: read, there are none
            "comments": self.ctx.archive.get_comments(post.id),
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


def _point_files(html: str, attachments: list[dict]) -> str:
    """A file the body names without a web address (a legacy ``[##_ATTACH_PATH_##]`` link, a
    backup's file) points at its exported copy (``media/<id>/<name>``); without one, the words
    stay and the placeholder goes (issue 14). Files with a web address keep it."""
    if ATTACH_PATH not in html and 'data-tm-attachment' not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    changed = False
    for el in root.iter():
        value = el.get("data-tm-attachment") if isinstance(el.tag, str) else None
        if value is None or not value.isdigit() or int(value) >= len(attachments):
            continue
        links = list(el.iter("a"))
        if links and all((a.get("href") or "").startswith(("http://", "https://")) for a in links):
            continue  # a web address: kept
        target = attachments[int(value)].get("file")
        if target and not links and (el.text or "").strip():
            link = lxml.html.Element("a")
            link.text, el.text = el.text, None
            el.insert(0, link)
            links = [link]
        for a in links:
            if target:
                a.set("href", target)
            elif "href" in a.attrib:
                del a.attrib["href"]
        changed = True
    if not changed:
        return html
    return html_text.escape(root.text or "", quote=False) + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)
