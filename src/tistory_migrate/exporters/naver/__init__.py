"""``export --format naver``: a paste bundle per post, a paste-helper page and a publish plan.

Naver has no write API and its terms forbid automated posting, so the product is what a
person needs to publish by hand, fast (layout in docs/design.md, "Exporters")::

    OUT/naver/index.html                the paste-helper page (page.py), a light record per post
    OUT/naver/data/posts-NNNN.js        what the page's cards copy, 100 posts a chunk (page.py)
    OUT/naver/progress.json             the served helper's ticks (serve.py); never written here
    OUT/naver/plan.csv                  publishing order, days, what to do with each original (plan.py)
    OUT/naver/posts/0001-123/           one folder per bundled post, in publishing order
        title.txt body.html body.txt tags.txt meta.json NOTES.md images/ files/

Memory stays flat however big the blog (users have 10,000 posts): ``export_post`` builds each
bundle (``bundle.prepare``) and stages it at once (``staging.Staging``), keeping only a
``Stub`` (id, title, status, date, counts, where its record is: no body). A bundle's number,
folder name and day depend on the whole blog and on an edited plan, so ``finish()`` decides
them from the stubs, places each staged bundle under its ``posts/NN-id`` name, writes
``plan.csv`` and streams ``index.html`` one post at a time (records read back by offset: one
open file, not one per post, because opening files is what a bundle costs most).
"""

from __future__ import annotations

import html as html_mod
from datetime import date
from typing import Iterator

import tistory_migrate.exporters.naver.texts_ko as ko
from tistory_migrate.errors import UsageError
from tistory_migrate.exporters.base import Exporter, file_name
from tistory_migrate.exporters.naver.page import DATA_DIR, Chunks, write_page
from tistory_migrate.exporters.naver.sequence import WHY_KO, paste_sequence, why_not
from tistory_migrate.exporters.naver import probe as paste_probe
from tistory_migrate.pasteprobe import load as load_probe
from tistory_migrate.exporters.naver.bundle import format_day, naver_category, prepare
from tistory_migrate.redirects.links import rewrite_post_links
from tistory_migrate.redirects.store import load_map
from tistory_migrate.exporters.naver.plan import PlanEdit, PlanRow, check_per_day, read_plan, schedule, write_plan
from tistory_migrate.exporters.naver.staging import Staging, Stub
from tistory_migrate.i18n import N_, Message, _, msg
from tistory_migrate.models import Post
from tistory_migrate.report import ExportSummary

# Why a post is not bundled, as the summary shows it (the key ``export --json`` prints, shown
# translated); plan.csv and the page say it in Korean (``texts_ko.REASONS``, the same keys).
# TRANSLATORS: reasons posts were left out of the Naver export, each followed by how many.
SKIP_REASONS = {
    "protected": msg("protected"),
    "private": msg("private"),
    "unknown": msg("unknown"),
    "missing": msg("missing"),
    "failed": msg("failed"),
    "no-body": msg("no-body"),
    # TRANSLATORS: left out because the edited plan.csv says include=no.
    "plan": msg("plan"),
}


class NaverExporter(Exporter):
    """Paste bundles for Naver Blog: stage each post in ``export_post``, number and place the
    bundles, write plan.csv and index.html in ``finish``; ``abort`` leaves nothing staged."""

    name = "naver"
    description = N_("Naver Blog paste bundles (posts/NNNN-id/), a paste-helper page (index.html) and a publish plan (plan.csv)")
    options_read = Exporter.options_read + ("include_private", "naver_images", "per_day", "start_date", "plan_file")

    def start(self) -> None:
        super().start()
        opts, ns = self.ctx.options, self.ctx.settings.naver
        self.mode = opts.naver_images or ns.images  # both checked already: the flag by cli, the file by settings
        self.per_day = check_per_day(opts.per_day if opts.per_day is not None else ns.per_day)
        self.start_date = opts.start_date or date.today()  # the one "now": the user's plan day one
        self.edits: dict[str, PlanEdit] = read_plan(opts.plan_file) if opts.plan_file else {}
        self.stubs: list[Stub] = []
        self.staging = Staging(self.ctx)
        self._redirects = load_map(self.ctx.archive)  # new URLs of published posts, read once
        self.probe = load_probe(self.ctx.archive)  # what a paste probe measured, if one was read
        self.choices = paste_probe.choices(self.probe, ns.heading_spacer)

    # -- per post ---------------------------------------------------------------------------
    def export_post(self, post: Post, body) -> None:
        if not self.wants(post):
            return
        has_body = bool((post.body_raw or "").strip()) and not post.skipped()
        named_by_id = bool(self.ctx.options.ids)  # --ids names posts on purpose: bundle any with a body
        n = len(self.stubs)
        if not has_body:
            reason = post.status if post.status in ("protected", "missing", "failed") else "no-body"
            stub = self._stub(post, n, False, False, reason)
        elif post.status == "public" or self.ctx.options.include_private or named_by_id:
            stub = self._stub(post, n, True, True)
        else:
            stub = self._stub(post, n, True, False, post.status if post.status in ko.REASONS else "unknown")
        if has_body:
            html = rewrite_post_links(body.html, self._redirects)  # links between posts -> their Naver URLs
            prepared = prepare(self.ctx, post, body, html, self.mode, self.choices)
            self.count_svgs(prepared.images + prepared.files)
            stub.image_count = len(prepared.images)
            # The edited plan is read in start(), so whether this post ends up bundled is known
            # now: only those are staged (a private post left out costs no disk).
            if self._included(stub):
                self.staging.stage(stub, prepared)
        self.stubs.append(stub)

    def leave_out(self, post: Post, reason: Message) -> None:
        """An error stopped ``post``: listed, and in plan.csv and the page as not bundled (why in
        Korean); what it staged goes with the staging folder."""
        super().leave_out(post, reason)
        self.stubs.append(self._stub(post, len(self.stubs), False, False, "error"))

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

    # -- at the end -------------------------------------------------------------------------
    def abort(self) -> None:
        self.ctx.copies.wait(raise_errors=False)
        self.staging.discard()

    def finish(self) -> ExportSummary:
        try:
            return self._finish()
        finally:
            self.ctx.copies.wait(raise_errors=False)  # no copy still writing into what goes now
            self.staging.discard()  # the staging folder never outlives the export, even on an error

    def _finish(self) -> ExportSummary:
        stubs = self._apply_plan()
        bundled = [s for s in stubs if s.include]
        width = max(2, len(str(len(bundled))))
        days = schedule(len(bundled), self.start_date, self.per_day)
        for n, (s, day) in enumerate(zip(bundled, days), 1):
            s.order = n
            s.folder = "posts/" + file_name(f"{n:0{width}d}-{s.id}")
            s.day = self.edits[s.id].date if s.id in self.edits and self.edits[s.id].date else day
        self.staging.flush()
        self.ctx.copies.wait()  # every picture in its staged bundle before anything moves
        for s in bundled:
            self.summary.files += self.staging.finalize(s)
        write_plan(self.staging.root / "plan.csv", self._plan_rows(stubs))
        self.summary.files += paste_probe.write_bundle(self.staging.root / paste_probe.FOLDER)  # not a post
        host = self.ctx.blog.host if self.ctx.blog else (stubs[0].url.split("/")[2] if stubs else "blog")
        title = (self.ctx.blog.title if self.ctx.blog else None) or host
        chunks = Chunks(self.staging.root)
        with open(self.staging.root / "index.html", "w", encoding="utf-8", newline="\n") as fh:
            write_page(fh, chunks.split(self._page_record(s) for s in stubs), blog_host=host, blog_title=title,
                       per_day=self.per_day, start_date=self.start_date,
                       max_image_bytes=self.ctx.settings.naver.max_image_bytes,
                       probe_card=paste_probe.probe_card(self.probe))
        # Everything is staged: it goes in at once, or (a file open in another program) not at all.
        # OUT/naver/progress.json (the served helper's ticks) is never among them: a re-export keeps it.
        self.staging.commit(bundled, ("plan.csv", "index.html", DATA_DIR, paste_probe.FOLDER))
        self.summary.files += 3 + chunks.count
        self.summary.posts = len(bundled)
        for s in stubs:
            if not s.include and s.reason_key != "error":  # those are counted by leave_out, with their reason
                key = "plan" if (s.can_bundle and s.default_include) else (s.reason_key or "plan")
                self.summary.skip(SKIP_REASONS.get(key) or Message.text(key))
        self.summary.first_to_open = str(self.ctx.out_dir / "index.html")
        self.warn_svgs()
        return self.summary
    def _apply_plan(self) -> list[Stub]:
        known = {s.id for s in self.stubs}
        for post_id, edit in sorted(self.edits.items(), key=lambda kv: kv[1].line):
            if post_id not in known and not self.ctx.options.ids:
                raise UsageError(_("{file}, line {line}: post {id} is not in this archive.").format(
                    file=self.ctx.options.plan_file, line=edit.line, id=post_id),
                    hint=_("Remove that line, or export from the archive the plan was made for."))
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
                self.summary.warn(msg("Post {id} is marked include=yes in the plan but has no body to bundle.", id=s.id))
            elif edit.include is False:
                s.reason_key = "plan"
        if self.edits and unplanned:
            shown = ", ".join(unplanned[:10]) + (" …" if len(unplanned) > 10 else "")
            self.summary.warn(msg("{n} posts are not in the plan file ({ids}); "
                                  "they keep their defaults and come after the rows with an order number.",
                                  n=len(unplanned), ids=shown))
        # Plan order first (rows a person numbered), then archive order; ties keep archive order.
        big = 10**9
        return sorted(self.stubs, key=lambda s: (s.plan_order if s.plan_order is not None else big, s.position))

    def _plan_rows(self, stubs: list[Stub]) -> Iterator[PlanRow]:
        for i, s in enumerate(stubs, 1):
            yield PlanRow(order=i, id=s.id, title=s.title, original_url=s.url, status=s.status, include=s.include,
                          date=s.day if s.include else None, images=s.image_count,
                          reason="" if s.include else ko.REASONS.get(s.reason_key, ""), tistory_original=s.choice,
                          folder=s.folder)

    def _page_record(self, s: Stub) -> dict:
        """One post of the page's data; a bundled post's body, tags and markers are read back
        from its record (one post in memory at a time)."""
        record = self.staging.record(s) if s.include else None
        meta = self.staging.meta(s, record) if record else None
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
            "status_ko": ko.STATUS_KO.get(s.status, s.status),
            "reason": "" if s.include else ko.REASONS.get(s.reason_key, ""),
            "choice": s.choice,
            "image_count": s.image_count,
            "notes": meta["notes"] if meta else [],
            "note_count": len(meta["notes"]) if meta else 0,
        }
        if meta:
            staged = self.staging.root / s.staged
            why = {img["n"]: why_not(img, staged) for img in meta["images"]}
            pieces = paste_sequence(record["html"], meta["images"], {n: w is None for n, w in why.items()})
            in_pieces = {p["n"] for p in pieces if p["k"] == "i"}
            for img in meta["images"]:
                n = img["n"]
                if why[n] is None and n not in in_pieces and html_mod.escape(img["marker"], quote=False) in record["html"]:
                    why[n] = "nested"  # its marker is inside a table or a list: it stays text
            rec.update({
                "tags": meta["tags"],
                "html": record["html"],
                "text": record["text"],
                "images": [{"n": img["n"], "marker": img["marker"],
                            "src": f"{s.folder}/{img['file']}" if img["file"] else "",
                            "why": WHY_KO[why[img["n"]]] if why[img["n"]] else ""} for img in meta["images"]],
                "pieces": pieces,
            })
        return rec

