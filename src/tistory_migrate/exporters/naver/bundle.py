"""One post -> its Naver bundle content: markers, paste HTML and text, tags, notes, meta.

``prepare`` is the whole of it: it names the post's pictures and files (``base.name_media``),
writes the visible marker that stands in for each one, resolves every ``data-tm-*`` marker of
the normalized body to its replacement (``Replacement``, see ``body.py``), turns the body into
paste HTML, and collects what the person must check before publishing (NOTES.md). Nothing here
touches the disk: ``staging.py`` writes what this returns. The Korean wording is in
``texts_ko.py``; the bundle layout in docs/design.md ("Exporters").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tistory_migrate.errors import ConfigError
from tistory_migrate.i18n import _
from tistory_migrate.exporters.base import ExportContext, NamedMedia, name_media
import tistory_migrate.exporters.naver.texts_ko as ko
from tistory_migrate.exporters.naver.body import PasteBody, Replacement, to_paste_html
from tistory_migrate.exporters.naver.paragraphs import PasteChoices
from tistory_migrate.models import Post
from tistory_migrate.urls import classify
from tistory_migrate.settings import NaverSettings

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.normalize import NormalizedBody

# meta.json fields only finish() knows (numbering, plan); staged with placeholders, which keep
# their place in the dict so the final file has the same key order.
PLAN_FIELDS = ("order", "folder", "planned_date", "tistory_original")
VIDEO_KINDS = ("youtube", "vimeo", "kakaotv", "tistory-video")
CHECKED_FEATURES = ("pre", "list", "nested-list", "table", "nested-table")


@dataclass
class Prepared:
    """One post's bundle content while ``export_post`` writes it; never kept past that call."""

    post: Post
    paste: PasteBody | None = None
    images: list[NamedMedia] = field(default_factory=list)
    files: list[NamedMedia] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)  # visible marker text per image
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    raw_notes: list[str] = field(default_factory=list)
    embeds: list[dict] = field(default_factory=list)
    internal_links: list[str] = field(default_factory=list)
    choices: PasteChoices = field(default_factory=PasteChoices)

    comments: list[dict] | None = None  # read with scrape --comments: the bundle gets comments.html

    def meta(self) -> dict:
        """meta.json as staged: the plan's fields (``PLAN_FIELDS``) still placeholders."""
        post = self.post
        return {
            "id": post.id,
            "order": 0,  # PLAN_FIELDS: filled in by final_meta
            "folder": "",
            "title": post.title,
            "original_url": post.url,
            "slug_url": post.slug_url,
            "published": post.published,
            "updated": post.updated,
            "status": post.status,
            "category": post.category,
            "naver_category": naver_category(post.category),
            "tags": self.tags,
            "planned_date": None,
            "tistory_original": "",
            "images": [{
                "n": item.index,
                "file": f"images/{item.name}" if item.ok else None,
                "marker": self.markers[item.index - 1],
                "original_url": item.ref.original_url,
                "caption": item.ref.caption,
                "expires": item.ref.expires,
                "status": item.status,
                "bytes": item.media.bytes if item.ok and item.media else None,
                "width": (item.media.width if item.media and item.media.width else item.ref.width),
                "height": (item.media.height if item.media and item.media.height else item.ref.height),
            } for item in self.images],
            "attachments": [{
                "n": item.index,
                "file": f"files/{item.name}" if item.ok else None,
                "name": item.ref.filename,
                "original_url": item.ref.original_url,
                "status": item.status,
            } for item in self.files],
            "embeds": self.embeds,
            "notes": self.notes,
            "normalizer_notes": self.raw_notes,
        }


def prepare(ctx: ExportContext, post: Post, body: "NormalizedBody", html: str, mode: str,
            choices: PasteChoices | None = None) -> Prepared:
    """The bundle of ``post``. ``html`` is the normalized body's HTML with links between posts
    already pointing at their Naver addresses; ``mode`` is how pictures go in (one of
    ``settings.NAVER_IMAGES``: ``markers`` or ``remote``, experimental); ``choices`` how lists,
    code and headings are written (``paragraphs.PasteChoices``, from a paste probe)."""
    choices = choices or PasteChoices(heading_spacer=ctx.settings.naver.heading_spacer)
    own_hosts = set(ctx.blog.hosts()) if ctx.blog else set()
    ns = ctx.settings.naver
    e = Prepared(post, choices=choices)
    e.images = name_media(ctx, list(body.images), default_hint="image")
    e.files = name_media(ctx, list(body.attachments), default_hint="file")
    width = max(2, len(str(len(e.images))))
    for item in e.images:
        caption = (item.ref.caption or "").strip()
        text = ko.IMAGE_MARKER.format(n=item.index, width=width, name=item.name)
        text += ko.IMAGE_MARKER_CAPTION.format(caption=caption) if caption else ""
        if not item.ok:
            text += ko.IMAGE_MARKER_NO_FILE.format(url=item.ref.original_url)
        e.markers.append(text)
    embeds = list(body.embeds)
    e.embeds = [x.to_dict() if hasattr(x, "to_dict") else dict(x) for x in embeds]

    def resolve(kind: str, index: int) -> Replacement | None:
        if kind == "image" and index < len(e.images):
            item = e.images[index]
            if mode == "remote" and not item.ref.expires and not item.svg and hotlinkable(item.ref.original_url, own_hosts):
                return Replacement(text=(item.ref.caption or "").strip(), img_src=item.ref.original_url,
                                   alt=(item.ref.caption or "").strip())
            return Replacement(text=e.markers[index])
        if kind == "attachment" and index < len(e.files):
            item = e.files[index]
            label = item.ref.filename or item.name
            if item.ok:
                return Replacement(text=ko.ATTACHMENT_MARKER.format(n=item.index, name=item.name))
            return Replacement(text=label, href=item.ref.original_url,
                               prefix=ko.ATTACHMENT_MISSING_PREFIX.format(n=item.index))
        if kind == "embed" and index < len(embeds):
            em = embeds[index]
            if em.kind == "link" and choices.bare_link_cards:
                return Replacement(text=em.url)  # the probe showed the editor makes a card of a bare address
            return Replacement(text=em.title or em.url, href=em.url,
                               prefix=ko.EMBED_PREFIX.get(em.kind, ko.EMBED_PREFIX_DEFAULT))
        e.notes.append(ko.NOTE_DANGLING_MARKER.format(kind=kind, index=index))
        return None

    line = date_line(ns, post)
    paste = to_paste_html(html, resolve, date_line=line, date_line_position=ns.date_line_position, choices=choices)
    # Every image gets its marker: one the body lost (should not happen) goes at the end.
    lost = [i for i in range(len(e.images)) if i not in paste.found.get("image", set())]
    lost_files = [i for i in range(len(e.files)) if i not in paste.found.get("attachment", set())]
    if lost or lost_files:
        extra = "".join(f'<figure data-tm-image="{i}"></figure>' for i in lost)
        extra += "".join(f'<p data-tm-attachment="{i}"></p>' for i in lost_files)
        paste = to_paste_html(html + extra, resolve, date_line=line, date_line_position=ns.date_line_position,
                              choices=choices)
        e.notes.append(ko.NOTE_MOVED_TO_END)
    e.paste = paste
    e.tags = clean_tags(post.tags, ns.max_tags)
    e.raw_notes = list(body.notes)
    e.internal_links = sorted(set(getattr(body, "internal_links", None) or []))
    e.notes = _notes(ns, e, paste, mode) + e.notes
    e.comments = ctx.archive.get_comments(post.id)
    if e.comments is not None:
        e.notes.append(ko.NOTE_COMMENTS.format(count=len(e.comments)))
    return e


def hotlinkable(url: str, own_hosts: set[str]) -> bool:
    """Whether ``--naver-images remote`` may write ``<img src=url>``: an http(s) picture that is
    not on Tistory's or Kakao's servers nor on the blog's own hosts (those are refused by the
    editor or stay hotlinks that break with the Tistory blog; never data: or file:)."""
    if not url.lower().startswith(("http://", "https://")):
        return False
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    if not host or ":" in host or host.replace(".", "").isdigit() or host in own_hosts or host == "tistory.com" or host.endswith(".tistory.com"):
        return False
    return classify(url).kind != "media"


def date_line(ns: NaverSettings, post: Post) -> str | None:
    """The "원문: date · url" line a bundle starts (or ends) with; None when switched off."""
    if ns.date_line_position == "none" or not ns.date_line:
        return None
    day = format_day(post.published, ns.date_format) or ko.UNKNOWN_DATE
    try:
        return ns.date_line.format_map({"date": day, "url": post.url, "title": post.title, "id": post.id})
    except (KeyError, ValueError, IndexError) as exc:
        raise ConfigError(_("naver.date_line {value} cannot be filled ({error}).").format(
            value=repr(ns.date_line), error=exc), hint=_("Use only {date}, {url}, {title} and {id} in it.")) from None


def _notes(ns: NaverSettings, e: Prepared, paste: PasteBody, mode: str) -> list[str]:
    """What to check before publishing, in NOTES.md order; each note once."""
    post = e.post
    notes: list[str] = []
    if post.status != "public":
        notes.append(ko.NOTE_NOT_PUBLIC.format(status=ko.STATUS_KO.get(post.status, post.status)))
    for raw in e.raw_notes:
        text = next((k for keys, k in ko.NOTE_KO if any(key in raw.lower() for key in keys)), raw)
        if text not in notes:
            notes.append(text)
    for em in e.embeds:
        if em.get("kind") in VIDEO_KINDS:
            if ko.VIDEO_NOTE not in notes:
                notes.append(ko.VIDEO_NOTE)
    for feature in CHECKED_FEATURES:
        text = ko.FEATURE_NOTES[feature]
        if feature == "list" and e.choices.native_lists and "nested-list" not in paste.features:
            text = ko.NOTE_NATIVE_LIST  # the probe said lists survive: they went as lists
        if feature in paste.features and text not in notes:
            notes.append(text)
    if "merged-cells" in paste.features and e.choices.merged_cells_lost:
        notes.append(ko.NOTE_MERGED_CELLS_LOST)
    if len(post.title) > ns.max_title_chars:
        notes.append(ko.NOTE_TITLE_TOO_LONG.format(chars=len(post.title), limit=ns.max_title_chars))
    if not post.title.strip():
        notes.append(ko.NOTE_TITLE_EMPTY)
    if len(e.images) > ns.max_images_per_post:
        notes.append(ko.NOTE_TOO_MANY_IMAGES.format(count=len(e.images), limit=ns.max_images_per_post))
    for item in e.images + e.files:
        if item.svg:
            notes.append(ko.NOTE_SVG_LEFT_OUT.format(n=item.index, url=item.ref.original_url))
    for item in e.images:
        if item.svg:
            continue
        if not item.ok:
            notes.append(ko.NOTE_IMAGE_MISSING.format(n=item.index, reason=item.reason or item.status,
                                                      url=item.ref.original_url))
        elif item.media and item.media.bytes and item.media.bytes > ns.max_image_bytes:
            notes.append(ko.NOTE_IMAGE_TOO_BIG.format(n=item.index, name=item.name, size=_mb(item.media.bytes),
                                                      limit=_mb(ns.max_image_bytes)))
    for item in e.files:
        if not item.ok and not item.svg:
            notes.append(ko.NOTE_ATTACHMENT_MISSING.format(n=item.index, reason=item.reason or item.status,
                                                           url=item.ref.original_url))
    if mode == "remote":
        notes.append(ko.NOTE_REMOTE_EXPERIMENTAL)
        kept = sum(1 for item in e.images if item.ref.expires)
        if kept:
            notes.append(ko.NOTE_EXPIRING_KEPT.format(count=kept))
    clean = clean_tags(post.tags, 10**6)
    if len(clean) > ns.max_tags:
        notes.append(ko.NOTE_TOO_MANY_TAGS.format(count=len(clean), limit=ns.max_tags))
    parts = category_parts(post.category)
    if len(parts) > 2:
        notes.append(ko.NOTE_DEEP_CATEGORY.format(category=post.category, depth=len(parts),
                                                  suggested="/".join(parts[:2])))
    if e.internal_links:
        notes.append(ko.NOTE_INTERNAL_LINKS.format(count=len(e.internal_links)))
    if post.kind != "post":
        notes.append(ko.NOTE_NOT_A_POST.format(kind=ko.KIND_KO.get(post.kind, post.kind)))
    if not post.published:
        notes.append(ko.NOTE_NO_DATE)
    return notes


def final_meta(meta: dict, order: int, folder: str, day: date | None, choice: str) -> dict:
    """The staged meta with the plan's fields filled in (same key order)."""
    meta.update(zip(PLAN_FIELDS, (order, folder, day.isoformat() if day else None, choice)))
    return meta


def meta_json(meta: dict) -> str:
    """meta.json's text: readable Hangul, two-space indent, a final newline."""
    return json.dumps(meta, ensure_ascii=False, indent=2) + "\n"


def notes_md(meta: dict, day: date | None) -> str:
    """NOTES.md from the bundle's meta (title, original URL and date, counts, notes)."""
    title = meta["title"].strip() or ko.NOTES_MD_NO_TITLE
    lines = [f"# {title}", "", ko.NOTES_MD_ORIGINAL.format(url=meta["original_url"]),
             ko.NOTES_MD_ORIGINAL_DATE.format(date=format_day(meta["published"], "%Y-%m-%d") or ko.NOTES_MD_UNKNOWN_DATE),
             ko.NOTES_MD_PLANNED.format(day=day.isoformat() if day else "-"),
             ko.NOTES_MD_COUNTS.format(images=len(meta["images"]), attachments=len(meta["attachments"])), ""]
    if meta["notes"]:
        lines += [ko.NOTES_MD_TO_CHECK, ""] + [f"- {n}" for n in meta["notes"]]
    else:
        lines.append(ko.NOTES_MD_NOTHING)
    return "\n".join(lines) + "\n"


def clean_tags(tags: list[str], limit: int) -> list[str]:
    """Trimmed, '#'-less, deduplicated (case-insensitively, first spelling wins), at most ``limit``."""
    out, seen = [], set()
    for tag in tags:
        t = re.sub(r"\s+", " ", (tag or "").strip().lstrip("#").strip())
        if t and t.casefold() not in seen:
            seen.add(t.casefold())
            out.append(t)
    return out[:limit]


def category_parts(category: str | None) -> list[str]:
    """The levels of a Tistory category path ("A/B/C" -> ["A", "B", "C"])."""
    return [p.strip() for p in (category or "").split("/") if p.strip()]


def naver_category(category: str | None) -> str | None:
    """Naver categories have two levels: keep the first two of the Tistory path."""
    parts = category_parts(category)
    return "/".join(parts[:2]) if parts else None


def format_day(iso: str | None, fmt: str) -> str | None:
    """An ISO date as ``fmt``; the date part of an unparsable one; None when there is none."""
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).strftime(fmt)
    except ValueError:
        return iso[:10] if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", iso) else None


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
