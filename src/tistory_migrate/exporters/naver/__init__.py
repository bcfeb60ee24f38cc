"""``export --format naver``: a paste bundle per post, a paste-helper page and a publish plan.

No API can publish to Naver Blog and its terms forbid automation (naver-target.md facts 1–2),
so the product is what a person needs to publish by hand, fast::

    OUT/naver/index.html                the paste-helper page (naver_page.py)
    OUT/naver/plan.csv                  publishing order, days, what to do with each original (plan.py)
    OUT/naver/posts/0001-123/           one folder per bundled post, in publishing order
        title.txt body.html body.txt tags.txt meta.json NOTES.md images/ files/

Memory stays flat however big the blog (users have 10,000 posts): ``export_post`` writes each
bundle's files at once into ``OUT/naver/.staging/<n>-<id>/``, appends the rest (meta, paste
HTML and text) as one line to ``.staging/records.jsonl`` and keeps only a ``Stub`` (id, title,
status, date, counts, the line's offset: no body). A bundle's number, folder name and day depend
on the whole blog and on an edited plan, so ``finish()`` decides them from the stubs, moves each
staged folder to its ``posts/NN-id`` name, writes ``meta.json`` and ``NOTES.md`` there, writes
``plan.csv`` and streams ``index.html`` one post at a time (records read back by offset: one
open file, not one per post, because opening files is what a bundle costs most). The staging
folder never outlives the export: removed in ``finish()``, by a finalizer if the run dies before
it, and at the next ``start()`` after a kill.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

from tistory_migrate.errors import ConfigError, UsageError
from tistory_migrate.exporters.base import Exporter, NamedMedia, copy_media, name_media
from tistory_migrate.exporters.naver.page import write_page
from tistory_migrate.exporters.naver.body import PasteBody, Replacement, to_paste_html
from tistory_migrate.redirects.links import rewrite_post_links
from tistory_migrate.redirects.store import load_map
from tistory_migrate.exporters.naver.plan import PlanEdit, PlanRow, check_per_day, read_plan, schedule, write_plan
from tistory_migrate.models import Post

# Why a post is not bundled, as shown in the page and plan.csv (the person reading them is Korean).
REASONS = {
    "protected": "보호글: 비밀번호가 걸려 본문을 가져오지 못했습니다",
    "private": "비공개 글 (--include-private 로 포함)",
    "unknown": "공개 여부를 알 수 없는 글 (--include-private 로 포함)",
    "missing": "티스토리에서 찾을 수 없는 글 (삭제되었을 수 있음)",
    "failed": "가져오기에 실패한 글 (scrape를 다시 실행하세요)",
    "no-body": "본문이 없습니다",
    "plan": "plan.csv에서 제외 (include=no)",
}
STATUS_KO = {"public": "공개", "protected": "보호", "private": "비공개", "missing": "없음", "failed": "실패",
             "unknown": "알 수 없음"}
EMBED_PREFIX = {"youtube": "▶ 동영상: ", "vimeo": "▶ 동영상: ", "kakaotv": "▶ 동영상: ", "tistory-video": "▶ 동영상: ",
                "map": "📍 지도: ", "link": "🔗 "}
# The normalizer's notes are short labels ("동영상 → 링크"); NOTES.md says what to do about
# each. Matched by substring (English kept for older normalizers); an unknown note is kept
# as it is rather than lost.
VIDEO_NOTE = "동영상이 링크로 바뀌었습니다 (네이버는 iframe을 막습니다). 편집기의 동영상 버튼으로 다시 넣을 수 있습니다."
CODE_NOTE = "코드 블록은 글자만 남았습니다 (색 강조 없음). 편집기의 '코드' 구성요소로 옮기면 보기 좋습니다."
NOTE_KO = (
    (("동영상", "video"), VIDEO_NOTE),
    (("사진 묶음", "grid"), "사진 묶음(그리드)이 낱장 사진으로 바뀌었습니다. 편집기에서 '이미지 그룹'으로 다시 묶을 수 있습니다."),
    (("슬라이드", "slide"), "슬라이드 사진이 낱장 사진으로 바뀌었습니다."),
    (("코드", "highlight"), CODE_NOTE),
    (("지도", "map"), "지도가 링크로 바뀌었습니다. 편집기의 '장소' 기능으로 다시 넣을 수 있습니다."),
    (("링크 카드", "opengraph"), "링크 카드가 일반 링크로 바뀌었습니다. 편집기에 주소를 붙여넣으면 카드로 다시 만들어집니다."),
    (("삽입 요소", "embed"), "삽입 요소(외부 위젯)가 링크로 바뀌었습니다."),
    (("더보기", "more"), "'더보기' 접기 블록이 펼쳐진 글로 바뀌었습니다."),
    (("첨부 파일 주소", "attachment"), "첨부 파일 주소가 없어 파일을 받지 못했습니다 (티스토리 백업에만 있음)."),
    (("사진에 걸린 링크", "linked image"), "사진에 걸려 있던 링크는 빠졌습니다. 필요하면 사진 아래에 링크를 다시 넣으세요."),
)
FEATURE_NOTES = {
    "pre": CODE_NOTE,
    "list": "목록(글머리표/번호)이 있습니다. 네이버가 붙여넣은 목록을 어떻게 바꾸는지 확인되지 않았으니 모양을 확인하세요.",
    "nested-list": "목록 안에 목록이 있습니다. 붙여넣은 뒤 들여쓰기를 확인하세요.",
    "table": "표가 있습니다. 붙여넣은 뒤 칸이 맞는지 확인하세요.",
    "nested-table": "표 안에 표가 있습니다. 네이버 편집기는 표를 겹치지 못하니 직접 고쳐야 합니다.",
}
_BUNDLE_DIR = re.compile(r"^\d+-\d+$")
STAGING = ".staging"  # under OUT/naver: same filesystem, so a finished bundle is moved by a rename
RECORDS = "records.jsonl"
# meta.json fields only finish() knows (numbering, plan); staged with these placeholders, which
# keep their place in the dict so the final file has the same key order.
PLAN_FIELDS = ("order", "folder", "planned_date", "tistory_original")


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


class NaverExporter(Exporter):
    name = "naver"
    description = "Naver Blog paste bundles (posts/NNNN-id/), a paste-helper page (index.html) and a publish plan (plan.csv)"

    def start(self) -> None:
        super().start()
        opts, ns = self.ctx.options, self.ctx.settings.naver
        self.mode = opts.naver_images or ns.images
        if self.mode not in ("markers", "remote"):
            raise UsageError(f"--naver-images must be markers or remote, not {self.mode!r}.")
        self.per_day = check_per_day(opts.per_day if opts.per_day is not None else ns.per_day)
        self.start_date = opts.start_date or date.today()  # the one "now": the user's plan day one
        self.edits: dict[str, PlanEdit] = read_plan(opts.plan_file) if opts.plan_file else {}
        self.stubs: list[Stub] = []
        self.staging = self.ctx.out_dir / STAGING
        _remove_tree(self.staging)  # left by a run that was killed (no finalizer ran)
        self.staging.mkdir()
        self._records = open(self.staging / RECORDS, "w+b")
        # The runner calls abort() when an export stops early; this finalizer is the safety net
        # (the staged bundles go when the exporter is collected or the interpreter exits).
        self._cleanup = weakref.finalize(self, _discard, self.staging, self._records)
        self._redirects = load_map(self.ctx.archive)  # new URLs of published posts, read once

    # -- per post ---------------------------------------------------------------------------
    def export_post(self, post: Post, body) -> None:
        if not self.wants(post):
            return
        has_body = bool((post.body_raw or "").strip()) and post.status not in ("missing", "failed")
        named_by_id = bool(self.ctx.options.ids)  # --ids names posts on purpose: bundle any with a body
        n = len(self.stubs)
        if not has_body:
            reason = post.status if post.status in ("protected", "missing", "failed") else "no-body"
            stub = self._stub(post, n, False, False, reason)
        elif post.status == "public" or self.ctx.options.include_private or named_by_id:
            stub = self._stub(post, n, True, True)
        else:
            stub = self._stub(post, n, True, False, post.status if post.status in REASONS else "unknown")
        if has_body:
            prepared = self._prepare(post, body)
            stub.image_count = len(prepared.images)
            # The edited plan is read in start(), so whether this post ends up bundled is known
            # now: only those are staged (a private post left out costs no disk).
            if self._included(stub):
                self._stage(stub, prepared)
        self.stubs.append(stub)

    @staticmethod
    def _stub(post: Post, position: int, can_bundle: bool, default_include: bool, reason_key: str = "") -> Stub:
        return Stub(id=post.id, title=post.title, url=post.url, status=post.status, published=post.published,
                    category=post.category, position=position, can_bundle=can_bundle,
                    default_include=default_include, reason_key=reason_key)

    def _included(self, stub: Stub) -> bool:
        """Bundled or not, defaults then the plan's include column (the one rule for both
        export_post's staging and finish())."""
        edit = self.edits.get(stub.id)
        if edit is not None and edit.include is not None:
            return edit.include and stub.can_bundle
        return stub.can_bundle and stub.default_include

    def _prepare(self, post: Post, body) -> Prepared:
        ns = self.ctx.settings.naver
        e = Prepared(post)
        e.images = name_media(self.ctx, list(body.images), default_hint="image")
        e.files = name_media(self.ctx, list(body.attachments), default_hint="file")
        width = max(2, len(str(len(e.images))))
        for item in e.images:
            caption = (item.ref.caption or "").strip()
            text = f"[사진 {item.index:0{width}d}] {item.name}" + (f" — {caption}" if caption else "")
            if not item.ok:
                text += f" (사진 파일 없음, 원본: {item.ref.original_url})"
            e.markers.append(text)
        embeds = list(body.embeds)
        e.embeds = [x.to_dict() if hasattr(x, "to_dict") else dict(x) for x in embeds]

        def resolve(kind: str, index: int) -> Replacement | None:
            if kind == "image" and index < len(e.images):
                item = e.images[index]
                if self.mode == "remote" and not item.ref.expires and item.ref.original_url.startswith(("http://", "https://")):
                    return Replacement(text=(item.ref.caption or "").strip(), img_src=item.ref.original_url,
                                       alt=(item.ref.caption or "").strip())
                return Replacement(text=e.markers[index])
            if kind == "attachment" and index < len(e.files):
                item = e.files[index]
                label = item.ref.filename or item.name
                if item.ok:
                    return Replacement(text=f"[첨부 {item.index:02d}] {item.name}")
                return Replacement(text=label, href=item.ref.original_url, prefix=f"[첨부 {item.index:02d}] 파일 없음, 원본: ")
            if kind == "embed" and index < len(embeds):
                em = embeds[index]
                return Replacement(text=em.title or em.url, href=em.url, prefix=EMBED_PREFIX.get(em.kind, "🔗 "))
            e.notes.append(f"본문의 표시 하나({kind} {index})가 가리키는 항목이 없어 빠졌습니다.")
            return None

        line = self._date_line(post)
        body_html = rewrite_post_links(body.html, self._redirects)  # links between posts -> their Naver URLs
        paste = to_paste_html(body_html, resolve, date_line=line, date_line_position=ns.date_line_position)
        # Every image gets its marker: one the body lost (should not happen) goes at the end.
        lost = [i for i in range(len(e.images)) if i not in paste.found.get("image", set())]
        lost_files = [i for i in range(len(e.files)) if i not in paste.found.get("attachment", set())]
        if lost or lost_files:
            extra = "".join(f'<figure data-tm-image="{i}"></figure>' for i in lost)
            extra += "".join(f'<p data-tm-attachment="{i}"></p>' for i in lost_files)
            paste = to_paste_html(body_html + extra, resolve, date_line=line, date_line_position=ns.date_line_position)
            e.notes.append("본문에서 자리를 찾지 못한 사진/첨부를 글 끝에 붙였습니다. 알맞은 자리로 옮기세요.")
        e.paste = paste
        e.tags = clean_tags(post.tags, ns.max_tags)
        e.raw_notes = list(body.notes)
        e.internal_links = sorted(set(getattr(body, "internal_links", None) or []))
        e.notes = self._notes(e, paste) + e.notes
        return e

    def _date_line(self, post: Post) -> str | None:
        ns = self.ctx.settings.naver
        if ns.date_line_position == "none" or not ns.date_line:
            return None
        day = format_day(post.published, ns.date_format) or "날짜 미상"
        try:
            return ns.date_line.format_map({"date": day, "url": post.url, "title": post.title, "id": post.id})
        except (KeyError, ValueError, IndexError) as exc:
            raise ConfigError(f"naver.date_line {ns.date_line!r} cannot be filled ({exc}).",
                              hint="Use only {date}, {url}, {title} and {id} in it.") from None

    def _notes(self, e: Prepared, paste: PasteBody) -> list[str]:
        ns, post = self.ctx.settings.naver, e.post
        notes: list[str] = []
        if post.status != "public":
            notes.append(f"티스토리에서 {STATUS_KO.get(post.status, post.status)} 글이었습니다. 공개해도 되는지 확인하세요.")
        for raw in e.raw_notes:
            ko = next((k for keys, k in NOTE_KO if any(key in raw.lower() for key in keys)), raw)
            if ko not in notes:
                notes.append(ko)
        for em in e.embeds:
            if em.get("kind") in ("youtube", "vimeo", "kakaotv", "tistory-video"):
                if VIDEO_NOTE not in notes:
                    notes.append(VIDEO_NOTE)
        for feature in ("pre", "list", "nested-list", "table", "nested-table"):
            if feature in paste.features and FEATURE_NOTES[feature] not in notes:
                notes.append(FEATURE_NOTES[feature])
        if len(post.title) > ns.max_title_chars:
            notes.append(f"제목이 {len(post.title)}자로 네이버 제목 한도({ns.max_title_chars}자)보다 깁니다. 줄여 주세요.")
        if not post.title.strip():
            notes.append("제목이 비어 있습니다.")
        if len(e.images) > ns.max_images_per_post:
            notes.append(f"사진이 {len(e.images)}장으로 한 글의 한도({ns.max_images_per_post}장)보다 많습니다. 글을 나누거나 사진을 줄이세요.")
        for item in e.images:
            if not item.ok:
                notes.append(f"사진 {item.index:02d}: 파일을 받지 못했습니다 ({item.reason or item.status}). 원본: {item.ref.original_url}")
            elif item.media and item.media.bytes and item.media.bytes > ns.max_image_bytes:
                notes.append(f"사진 {item.index:02d} ({item.name}): {_mb(item.media.bytes)}로 크기 한도({_mb(ns.max_image_bytes)})보다 큽니다. 줄여서 올리세요.")
        for item in e.files:
            if not item.ok:
                notes.append(f"첨부 {item.index:02d}: 파일을 받지 못했습니다 ({item.reason or item.status}). 원본: {item.ref.original_url}")
        if self.mode == "remote":
            kept = sum(1 for item in e.images if item.ref.expires)
            if kept:
                notes.append(f"사진 {kept}장은 주소가 만료되는 링크라 [사진 NN] 표시로 남겼습니다. 해당 파일을 올리세요.")
        clean = clean_tags(post.tags, 10**6)
        if len(clean) > ns.max_tags:
            notes.append(f"태그 {len(clean)}개 중 앞의 {ns.max_tags}개만 남겼습니다 (네이버 한도).")
        parts = category_parts(post.category)
        if len(parts) > 2:
            notes.append(f"카테고리 '{post.category}'는 {len(parts)}단계라 네이버용으로 '{'/'.join(parts[:2])}'를 제안합니다.")
        links = len(e.internal_links)
        if links:
            notes.append(f"같은 블로그의 다른 글로 가는 링크가 {links}개 있습니다. 그 글들을 옮긴 뒤 네이버 주소로 바꾸세요.")
        if post.kind != "post":
            kind = {"notice": "공지", "page": "페이지"}.get(post.kind, post.kind)
            notes.append(f"티스토리의 {kind}였습니다. 네이버에서도 공지로 둘지 정하세요.")
        if not post.published:
            notes.append("원래 작성 날짜를 알 수 없습니다.")
        return notes

    # -- staging (during export_post) -----------------------------------------------------------
    def _stage(self, stub: Stub, e: Prepared) -> None:
        """Write the bundle's files now, under .staging/; what finish() still needs (the meta
        with placeholders for the plan's four fields, the paste HTML and text for the page) goes
        to one line of records.jsonl."""
        assert e.paste is not None
        stub.staged = f"{stub.position}-{stub.id}"  # position first: unique even if an id repeats
        folder = self.staging / stub.staged
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
        line = json.dumps({"meta": self._meta(e), "html": e.paste.html, "text": e.paste.text}).encode("ascii") + b"\n"
        stub.record_at = self._records.tell()
        stub.record_len = len(line)
        self._records.write(line)

    def _record(self, s: Stub) -> dict:
        self._records.seek(s.record_at)
        return json.loads(self._records.read(s.record_len))

    # -- at the end -------------------------------------------------------------------------
    def abort(self) -> None:
        self._cleanup()

    def finish(self):
        try:
            return self._finish()
        finally:
            self._cleanup()  # the staging folder never outlives the export, even on an error

    def _finish(self):
        stubs = self._apply_plan()
        bundled = [s for s in stubs if s.include]
        width = max(2, len(str(len(bundled))))
        days = schedule(len(bundled), self.start_date, self.per_day)
        for n, (s, day) in enumerate(zip(bundled, days), 1):
            s.order = n
            s.folder = f"posts/{n:0{width}d}-{s.id}"
            s.day = self.edits[s.id].date if s.id in self.edits and self.edits[s.id].date else day
        posts_dir = self.ctx.out_dir / "posts"
        self._remove_stale(posts_dir, {Path(s.folder).name for s in bundled})
        self._records.flush()
        if bundled:
            posts_dir.mkdir(exist_ok=True)  # once here, not per bundle: a mkdir costs as much as a write
        for s in bundled:
            self._place_bundle(s)
        write_plan(self.ctx.out_dir / "plan.csv", self._plan_rows(stubs))
        host = self.ctx.blog.host if self.ctx.blog else (stubs[0].url.split("/")[2] if stubs else "blog")
        title = (self.ctx.blog.title if self.ctx.blog else None) or host
        # Written next to the bundles first, then renamed: a failed run never leaves half a page.
        part = self.staging / "index.html"
        with open(part, "w", encoding="utf-8", newline="\n") as fh:
            write_page(fh, (self._page_record(s) for s in stubs), blog_host=host, blog_title=title,
                       per_day=self.per_day, start_date=self.start_date)
        os.replace(part, self.ctx.out_dir / "index.html")
        self.summary.files += 2
        self.summary.posts = len(bundled)
        for s in stubs:
            if not s.include:
                key = "plan" if (s.can_bundle and s.default_include) else (s.reason_key or "plan")
                self.summary.skipped[key] = self.summary.skipped.get(key, 0) + 1
        self.summary.first_to_open = str(self.ctx.out_dir / "index.html")
        return self.summary

    def _apply_plan(self) -> list[Stub]:
        known = {s.id for s in self.stubs}
        for post_id, edit in sorted(self.edits.items(), key=lambda kv: kv[1].line):
            if post_id not in known and not self.ctx.options.ids:
                raise UsageError(f"{self.ctx.options.plan_file}, line {edit.line}: post {post_id} is not in this archive.",
                                 hint="Remove that line, or export from the archive the plan was made for.")
        unplanned: list[str] = []
        for s in self.stubs:
            s.include = self._included(s)
            if s.include and not s.staged:  # pragma: no cover - export_post stages by the same rule
                raise RuntimeError(f"post {s.id} is bundled but was not staged")
            s.choice = self.ctx.settings.naver.duplicate_choice
            edit = self.edits.get(s.id)
            if edit is None:
                unplanned.append(s.id)
                continue
            s.plan_order = edit.order
            if edit.tistory_original:
                s.choice = edit.tistory_original
            if edit.include is True and not s.can_bundle:
                self.summary.warnings.append(f"Post {s.id} is marked include=yes in the plan but has no body to bundle.")
            elif edit.include is False:
                s.reason_key = "plan"
        if self.edits and unplanned:
            shown = ", ".join(unplanned[:10]) + (" …" if len(unplanned) > 10 else "")
            self.summary.warnings.append(f"{len(unplanned)} posts are not in the plan file ({shown}); "
                                         "they keep their defaults and come after the rows with an order number.")
        # Plan order first (rows a person numbered), then archive order; ties keep archive order.
        big = 10**9
        return sorted(self.stubs, key=lambda s: (s.plan_order if s.plan_order is not None else big, s.position))

    def _remove_stale(self, posts_dir: Path, keep: set[str]) -> None:
        """Bundles from an earlier export whose number or post changed would mislead: remove
        them, but only folders shaped like our own (NNNN-id)."""
        if not posts_dir.is_dir():
            return
        for child in posts_dir.iterdir():
            if child.is_dir() and _BUNDLE_DIR.match(child.name) and child.name not in keep:
                shutil.rmtree(child)

    def _place_bundle(self, s: Stub) -> None:
        """Move the staged bundle to its numbered folder and write what needed the plan."""
        staged = self.staging / s.staged
        folder = self.ctx.out_dir / s.folder
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
        meta = self._final_meta(s)
        (folder / "meta.json").write_text(_meta_json(meta), encoding="utf-8", newline="\n")
        (folder / "NOTES.md").write_text(_notes_md(meta, s.day), encoding="utf-8", newline="\n")
        self.summary.files += 6 + s.media_copied

    def _final_meta(self, s: Stub, record: dict | None = None) -> dict:
        meta = (record or self._record(s))["meta"]
        meta.update(zip(PLAN_FIELDS, (s.order, s.folder, s.day.isoformat() if s.day else None, s.choice)))
        return meta

    def _meta(self, e: Prepared) -> dict:
        post = e.post
        return {
            "id": post.id,
            "order": 0,  # PLAN_FIELDS: filled in by _place_bundle
            "folder": "",
            "title": post.title,
            "original_url": post.url,
            "slug_url": post.slug_url,
            "published": post.published,
            "updated": post.updated,
            "status": post.status,
            "category": post.category,
            "naver_category": naver_category(post.category),
            "tags": e.tags,
            "planned_date": None,
            "tistory_original": "",
            "images": [{
                "n": item.index,
                "file": f"images/{item.name}" if item.ok else None,
                "marker": e.markers[item.index - 1],
                "original_url": item.ref.original_url,
                "caption": item.ref.caption,
                "expires": item.ref.expires,
                "status": item.status,
                "bytes": item.media.bytes if item.ok and item.media else None,
                "width": (item.media.width if item.media and item.media.width else item.ref.width),
                "height": (item.media.height if item.media and item.media.height else item.ref.height),
            } for item in e.images],
            "attachments": [{
                "n": item.index,
                "file": f"files/{item.name}" if item.ok else None,
                "name": item.ref.filename,
                "original_url": item.ref.original_url,
                "status": item.status,
            } for item in e.files],
            "embeds": e.embeds,
            "notes": e.notes,
            "normalizer_notes": e.raw_notes,
        }

    def _plan_rows(self, stubs: list[Stub]) -> Iterator[PlanRow]:
        for i, s in enumerate(stubs, 1):
            yield PlanRow(order=i, id=s.id, title=s.title, original_url=s.url, status=s.status, include=s.include,
                          date=s.day if s.include else None, images=s.image_count,
                          reason="" if s.include else REASONS.get(s.reason_key, ""), tistory_original=s.choice,
                          folder=s.folder)

    def _page_record(self, s: Stub) -> dict:
        """One post of the page's data; a bundled post's body, tags and markers are read back
        from its record (one post in memory at a time)."""
        record = self._record(s) if s.include else None
        meta = self._final_meta(s, record) if record else None
        rec = {
            "id": s.id,
            "n": s.order,
            "bundled": s.include,
            "folder": s.folder,
            "title": s.title,
            "url": s.url,
            "date": format_day(s.published, "%Y-%m-%d") or "",
            "planned": s.day.isoformat() if s.day else "",
            "category": s.category or "",
            "naver_category": naver_category(s.category) or "",
            "status": s.status,
            "status_ko": STATUS_KO.get(s.status, s.status),
            "reason": "" if s.include else REASONS.get(s.reason_key, ""),
            "choice": s.choice,
            "image_count": s.image_count,
            "notes": meta["notes"] if meta else [],
        }
        if meta:
            rec.update({
                "tags": meta["tags"],
                "html": record["html"],
                "text": record["text"],
                "images": [{"n": img["n"], "marker": img["marker"],
                            "src": f"{s.folder}/{img['file']}" if img["file"] else ""} for img in meta["images"]],
            })
        return rec


def _meta_json(meta: dict) -> str:
    return json.dumps(meta, ensure_ascii=False, indent=2) + "\n"


def _notes_md(meta: dict, day: date | None) -> str:
    """NOTES.md from the bundle's meta (title, original URL and date, counts, notes)."""
    title = meta["title"].strip() or "(제목 없음)"
    lines = [f"# {title}", "", f"- 원문: {meta['original_url']}",
             f"- 원래 날짜: {format_day(meta['published'], '%Y-%m-%d') or '알 수 없음'}",
             f"- 게시 예정일: {day.isoformat() if day else '-'}",
             f"- 사진 {len(meta['images'])}장, 첨부 {len(meta['attachments'])}개", ""]
    if meta["notes"]:
        lines += ["## 확인할 것", ""] + [f"- {n}" for n in meta["notes"]]
    else:
        lines.append("바뀐 것이나 따로 확인할 것이 없습니다.")
    return "\n".join(lines) + "\n"


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _discard(staging: Path, records) -> None:
    records.close()
    _remove_tree(staging)




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
    return [p.strip() for p in (category or "").split("/") if p.strip()]


def naver_category(category: str | None) -> str | None:
    """Naver categories have two levels: keep the first two of the Tistory path."""
    parts = category_parts(category)
    return "/".join(parts[:2]) if parts else None


def format_day(iso: str | None, fmt: str) -> str | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).strftime(fmt)
    except ValueError:
        return iso[:10] if re.match(r"\d{4}-\d{2}-\d{2}", iso) else None


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
