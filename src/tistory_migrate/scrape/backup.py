"""Bring the owner's backup into the archive, merged with the public scrape by post number.

The reading and the merge rules live in ``backup/``; this is the pipeline step: for every
backup post, find what the public blog shows for that number (the scrape's record, or one
page fetch when the scrape never met it), merge, store the post, and store its image files
from inside the backup (images the backup did not copy are downloaded like scraped ones).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tistory_migrate import urls
from tistory_migrate.archive import SPOOL_DIR
from tistory_migrate.errors import BackupError, FetchError
from tistory_migrate.models import BlogInfo, Post

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from tistory_migrate.pipeline import Scraper


def ingest_backups(scraper: "Scraper", paths: list["Path"]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tistory_migrate.archive import Archive
    from tistory_migrate.backup import merge_posts, open_backups
    from tistory_migrate.normalize.images import sniff

    if scraper.archive is None:  # dry run: say what the backup holds, write nothing
        with open_backups(paths, scraper.settings.backup) as backups:
            n = sum(1 for _ in backups.posts())
        scraper.report.counts["in the backup"] = n
        return
    ar: Archive = scraper.archive
    if scraper._pool is None:
        scraper._pool = ThreadPoolExecutor(max_workers=max(1, scraper.settings.fetch.media_workers),
                                           thread_name_prefix="media")
    scraped = bool(scraper.options.url)
    with open_backups(paths, scraper.settings.backup, spool_dir=ar.root / SPOOL_DIR) as backups:
        if ar.get_blog() is None:
            name = backups.blog_name
            base = f"https://{name}.tistory.com" if name else ""
            blog = BlogInfo(base_url=base, host=base.split("://", 1)[1] if base else "", name=name,
                            tistory_host=f"{name}.tistory.com" if name else None)
            ar.set_blog(blog)
            scraper.blog = blog
        numbers = backups.post_numbers()
        scraper.progress.start("backup", "Reading the backup", total=len(numbers) or None)
        count = 0
        for bpost in backups.posts():
            count += 1
            public = ar.get_post(bpost.id)
            status = None
            if scraped:
                public, status = _public_side(scraper, bpost, public)
            merged = merge_posts(bpost, public, public_status=status)
            if scraper.blog and scraper.blog.base_url and (not merged.url or merged.url.startswith("backup:")):
                merged.url = urls.post_url(scraper.blog.base_url, merged.id, merged.kind)
            for ref in merged.images + merged.attachments:
                if ref.local_path:
                    if ar.media_status(ref.identity) == "ok" and not scraper.options.refresh:
                        continue
                    try:
                        data = backups.read_file(ref.local_path)
                    except BackupError as exc:
                        ar.put_media_failure(ref.identity, ref.original_url, "failed", exc.message)
                        continue
                    found = sniff(data)
                    if found is None and ref.kind == "image":
                        ar.put_media_failure(ref.identity, ref.original_url, "failed", "the file in the backup is not an image")
                        continue
                    if found is None:
                        from tistory_migrate.scrape.media import _Guess

                        name = ref.filename or ref.local_path.rsplit("/", 1)[-1]
                        found = _Guess(ext=name.rsplit(".", 1)[-1].lower() if "." in name else "bin")
                    ar.put_media(ref.identity, ref.original_url, data, sniffed=found)
                elif ref.original_url.startswith(("http://", "https://")):
                    if ar.media_status(ref.identity) is not None and not scraper.options.refresh:
                        continue
                    if scraper.options.offline:
                        ar.put_media_failure(ref.identity, ref.original_url, "missing",
                                             "not in the backup, and --mirror reads no other files")
                    else:
                        scraper._submit(ref, merged.id)
                else:
                    if ar.media_status(ref.identity) is None:
                        ar.put_media_failure(ref.identity, ref.original_url, "missing", "not in the backup")
            ar.put_post(merged)
            scraper.progress.advance("backup")
            scraper._drain(block=False)
        for note in backups.notes:
            scraper.report.warnings.append(note)
    scraper._drain(block=True)


def _public_side(scraper: "Scraper", bpost: Post, public: Post | None) -> tuple[Post | None, str]:
    """What the public blog shows for this number: the scrape's record, the stored page of an
    earlier merge, or one page fetch when the scrape never met the post."""
    from tistory_migrate.extract.post import parse_post_page

    ar = scraper.archive
    base = scraper.blog.base_url if scraper.blog else ""
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
                ref = _stored_refs(scraper).get(bpost.id)
                if ref is not None:  # what the list pages said (their excerpt is the summary)
                    scraper._merge_ref(result.post, ref)
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
        resp = scraper.fetcher.get(url, kind="page")
    except FetchError as exc:
        bpost.warn(f"could not check the public page ({exc.reason})")
        return None, "public"
    if resp.status in (404, 410):
        ar.put_page(url, resp.status, resp.headers, b"", "post")
        return None, "missing"
    if resp.status != 200:
        return None, "public"
    ar.put_page(url, resp.status, resp.headers, resp.body, "post")
    result = parse_post_page(resp.text, resp.final_url or url)
    if result.kind == "protected":
        return result.post, "protected"
    if result.kind == "post" and result.post is not None:
        return result.post, "public"
    return None, "missing"


def _stored_refs(scraper: "Scraper") -> dict:
    refs = getattr(scraper, "_stored_refs", None)
    if refs is None:
        refs = scraper.archive.get_refs()
        scraper._stored_refs = refs
    return refs
