"""Step 8: bring the owner's backup into the archive, merged with the public scrape by post
number.

The reading and the merge rules live in ``backup/``; this is the scrape step: for every
backup post, find what the public blog shows for that number (the scrape's record, or one
page fetch when the scrape never met it), merge, store the post, and store its image files
from inside the backup (images the backup did not copy are downloaded like scraped ones).
"""

from __future__ import annotations

from pathlib import Path

from tistory_migrate import urls
from tistory_migrate.archive import SPOOL_DIR, Archive
from tistory_migrate.backup import merge_posts, open_backups
from tistory_migrate.errors import BackupError, FetchError
from tistory_migrate.extract.post import parse_post_page
from tistory_migrate.i18n import N_, msg
from tistory_migrate.models import BlogInfo, MediaRef, Post, PostRef
from tistory_migrate.normalize.sniff import sniff
from tistory_migrate.scrape import ScrapeContext
from tistory_migrate.scrape.media import FileGuess, MediaQueue
from tistory_migrate.scrape.pages import PageSource
from tistory_migrate.scrape.posts import merge_ref


def backup_numbers(ctx: ScrapeContext, archive: Archive, paths: list[Path]) -> set[str]:
    """The post numbers the backups hold (their files replace the blog's pictures)."""
    with open_backups(paths, ctx.settings.backup, spool_dir=archive.root / SPOOL_DIR) as backups:
        return set(backups.post_numbers())


def count_backup_posts(ctx: ScrapeContext, paths: list[Path]) -> None:
    """A dry run: say what the backup holds, write nothing."""
    with open_backups(paths, ctx.settings.backup) as backups:
        ctx.report.counts[N_("in the backup")] = sum(1 for _post in backups.posts())


class BackupIngest:
    """Merges backups into the archive through the scrape's :class:`PageSource` (to ask the
    public blog) and :class:`MediaQueue` (pictures the backup did not copy)."""

    def __init__(self, ctx: ScrapeContext, archive: Archive, pages: PageSource, media: MediaQueue):
        self.ctx = ctx
        self.archive = archive
        self.pages = pages
        self.media = media
        self._refs: dict[str, PostRef] | None = None  # what the list pages said, read once

    def run(self, paths: list[Path]) -> None:
        ctx, ar = self.ctx, self.archive
        scraped = bool(ctx.options.url)
        with open_backups(paths, ctx.settings.backup, spool_dir=ar.root / SPOOL_DIR) as backups:
            if ar.get_blog() is None:
                name = backups.blog_name
                base = f"https://{name}.tistory.com" if name else ""
                blog = BlogInfo(base_url=base, host=base.split("://", 1)[1] if base else "", name=name,
                                tistory_host=f"{name}.tistory.com" if name else None)
                ar.set_blog(blog)
                ctx.blog = blog
            numbers = backups.post_numbers()
            ctx.progress.start("backup", N_("Reading the backup"), total=len(numbers) or None)
            for bpost in backups.posts():
                public = ar.get_post(bpost.id)
                status = None
                if scraped:
                    public, status = self._public_side(bpost, public)
                merged = merge_posts(bpost, public, public_status=status)
                if ctx.blog and ctx.blog.base_url and (not merged.url or merged.url.startswith("backup:")):
                    merged.url = urls.post_url(ctx.blog.base_url, merged.id, merged.kind)
                for ref in merged.images + merged.attachments:
                    self._store_file(backups, ref)
                ar.put_post(merged)
                if merged.status == "failed":  # a backup post that could not be read: listed with its reason
                    reasons = bpost.warning_messages()
                    ctx.fail(bpost.extra.get("backup_file") or merged.url, reasons[-1] if reasons else "",
                             what="post", post_id=merged.id)
                ctx.progress.advance("backup")
                self.media.drain(block=False)
            for note in backups.notes:
                ctx.warn(note)
        self.media.drain(block=True)

    def _store_file(self, backups, ref: MediaRef) -> None:
        """One picture or file of a backup post: from inside the backup, else downloaded."""
        ar, refresh = self.archive, self.ctx.options.refresh
        if ref.local_path:
            if ar.media_status(ref.identity) == "ok" and not refresh:
                return
            try:
                data = backups.read_file(ref.local_path)
            except BackupError as exc:
                ar.put_media_failure(ref.identity, ref.original_url, "failed", exc.detail)
                return
            found = sniff(data)
            if found is None and ref.kind == "image":
                ar.put_media_failure(ref.identity, ref.original_url, "failed", msg("the file in the backup is not an image"))
                return
            if found is None:
                name = ref.filename or ref.local_path.rsplit("/", 1)[-1]
                found = FileGuess(ext=name.rsplit(".", 1)[-1].lower() if "." in name else "bin")
            ar.put_media(ref.identity, ref.original_url, data, sniffed=found)
        elif ref.original_url.startswith(("http://", "https://")):
            if ar.media_status(ref.identity) is not None and not refresh:
                return
            if self.ctx.options.offline:
                ar.put_media_failure(ref.identity, ref.original_url, "missing",
                                     msg("not in the backup, and --mirror reads no other files"))
            else:
                self.media.submit(ref)
        elif ar.media_status(ref.identity) is None:
            ar.put_media_failure(ref.identity, ref.original_url, "missing", msg("not in the backup"))

    def _stored_refs(self) -> dict[str, PostRef]:
        if self._refs is None:
            self._refs = self.archive.get_refs()
        return self._refs

    def _public_side(self, bpost: Post, public: Post | None) -> tuple[Post | None, str]:
        """What the public blog shows for this number: the scrape's record, the stored page of an
        earlier merge, or one page fetch when the scrape never met the post."""
        ar = self.archive
        base = self.ctx.base_url
        url = urls.post_url(base, bpost.id) if base else ""
        if public is not None and public.body_source == "backup":
            # An earlier merge is stored: read what the public page said from the stored page.
            if public.url and not public.url.startswith("backup:"):
                url = public.url
            earlier_sources = [s for s in public.sources if s != "backup"]
            page = ar.get_page(url) if url else None
            if page is None and public.status == "private":
                return None, "missing"
            if page is not None:
                if page.status in (404, 410):
                    return None, "missing"
                result = parse_post_page(page.text, url)
                if result.post is not None and result.kind in ("post", "protected"):
                    ref = self._stored_refs().get(bpost.id)
                    if ref is not None:  # what the list pages said (their excerpt is the summary)
                        merge_ref(result.post, ref)
                    result.post.sources = sorted(set(result.post.sources) | set(earlier_sources))
                    return result.post, "protected" if result.kind == "protected" else "public"
                return None, "missing"
            public = None
        if public is not None:
            if public.status == "protected":
                return public, "protected"
            if public.status in ("missing", "failed"):
                return None, "missing" if public.status == "missing" else "public"
            return public, "public"
        if not url:
            return None, "missing"
        if bpost.id in set(ar.get_meta("probed_absent", []) or []):
            return None, "missing"  # the id probe already met a 404 there
        try:
            resp = self.pages.check_page(url)
        except FetchError as exc:
            bpost.warn(msg("could not check the public page ({reason})", reason=exc.reason_message))
            return None, "public"
        if resp.status in (404, 410):
            return None, "missing"
        if resp.status != 200:
            return None, "public"
        result = parse_post_page(resp.text, resp.final_url or url)
        if result.kind == "protected":
            return result.post, "protected"
        if result.kind == "post" and result.post is not None:
            return result.post, "public"
        return None, "missing"
