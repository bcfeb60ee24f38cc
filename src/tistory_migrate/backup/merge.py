"""Merge a backup post with what the public blog shows for the same post number.

Who wins, and why:
* body and image files: the backup. It is the owner's own copy, with the files themselves,
  while the page's images may sit behind expiring signed URLs.
* kind, canonical and slug URL, visibility, updated date, author: the public page. The backup
  has none of them (docs/tistory-backup.md "What the backup lacks").
* published date: the page's ``article:published_time`` when it has one. The backup's single
  date may be the last edit (UNVERIFIED), so it is kept in ``extra["backup_published"]``.
* title, category, tags: the backup's, filled from the page when the backup has none. When
  both have a value and they differ, the backup's value stays and the difference is recorded
  as a warning on the post: never silently chosen.

Status: ``public_status`` is what the scrape found at the post's public URL:
"public" -> public; "protected" -> protected; "missing" (404, not shown) -> private (the
backup holds it, the public blog does not: private, draft or template); None (not checked,
backup-only run) -> unknown, unless the backup itself says (the legacy XML has visibility).
"""

from __future__ import annotations

import copy
import re
import unicodedata

from tistory_migrate.i18n import msg
from tistory_migrate.models import Post, category_path

PUBLIC_STATUSES = ("public", "protected", "missing", None)
LISTING_SOURCES = {"list", "category", "tag"}

# Titles Tistory users give templates and throwaway drafts ("서식", "양식", "템플릿", "샘플").
TEMPLATE_TITLE = re.compile(r"템플릿|서식|양식|견본|샘플|틀\s*$|\btemplate\b|\bsample\b|^\s*제목\s*없음\s*$", re.IGNORECASE)


def merge_posts(backup: Post, public: Post | None, *, public_status: str | None) -> Post:
    """The backup post completed by the public one; neither input is changed."""
    if public_status not in PUBLIC_STATUSES:
        raise ValueError(f"public_status must be one of {PUBLIC_STATUSES}, not {public_status!r}")
    if public is not None and public.id and backup.id and public.id != backup.id:
        raise ValueError(f"cannot merge backup post {backup.id} with public post {public.id}")
    post = copy.deepcopy(backup)
    post.body_source = "backup"
    if public is not None:
        _take_public(post, public)
    post.status = _status(backup, public, public_status)
    if public_status == "missing":
        post.warn(msg(
            "not shown on the public blog (404): private, a draft, a template or deleted; "
            "decide before publishing it to Naver"
        ))
    elif public_status == "protected":
        post.warn(msg("protected (password) on the public blog; the backup has its body but not its password"))
    if _looks_like_template(post, public, public_status):
        post.warn(msg(
            "looks like a template or a draft (template-like title, no category, not on any list page); "
            "check it before publishing"
        ))
    return post


def _take_public(post: Post, public: Post) -> None:
    post.url = public.url or post.url
    post.kind = public.kind or post.kind
    post.slug_url = public.slug_url or post.slug_url
    post.updated = public.updated or post.updated
    post.author = public.author or post.author
    post.summary = post.summary or public.summary
    post.blog_id = public.blog_id or post.blog_id
    post.cover_image = post.cover_image or public.cover_image
    post.fetched_at = public.fetched_at or post.fetched_at
    if public.published:
        if post.published and post.published != public.published:
            post.extra["backup_published"] = post.published
        post.published = public.published

    if not post.title:
        post.title = public.title
    elif public.title and _norm(public.title) != _norm(post.title):
        post.warn(msg("title differs: backup {backup}, public page {public} (kept the backup's)",
                      backup=repr(post.title), public=repr(public.title)))

    post.category = category_path(post.category)
    if not post.category:
        post.category = category_path(public.category)
    elif public.category and not _same_category(post.category, public.category):
        post.warn(msg("category differs: backup {backup}, public page {public} (kept the backup's)",
                      backup=repr(post.category), public=repr(public.category)))

    if not post.tags:
        post.tags = list(public.tags)
    elif public.tags and {_norm(t) for t in post.tags} != {_norm(t) for t in public.tags}:
        only_b = sorted(set(map(_norm, post.tags)) - set(map(_norm, public.tags)))
        only_p = sorted(set(map(_norm, public.tags)) - set(map(_norm, post.tags)))
        post.warn(msg("tags differ: only in backup {backup}, only on public page {public} (kept the backup's)",
                      backup=str(only_b), public=str(only_p)))

    for source in public.sources:
        if source not in post.sources:
            post.sources.append(source)
    for warning in public.warning_messages():
        post.warn(msg("public page: {warning}", warning=warning))
    post.extra = {**public.extra, **post.extra}


def _status(backup: Post, public: Post | None, public_status: str | None) -> str:
    if public_status is None:
        # Not checked. The legacy XML backup does record visibility; the zip backup does not.
        # A backup post that could not be read (too large, no body) stays "failed": the report
        # lists it with its reason and the run exits 1.
        return backup.status if backup.status in ("public", "private", "protected", "failed") else "unknown"
    if public_status == "missing":
        return "private"
    if public_status == "protected":
        return "protected"
    return public.status if public is not None and public.status in ("public", "protected") else "public"


def _looks_like_template(post: Post, public: Post | None, public_status: str | None) -> bool:
    """Template-like title AND no category AND never linked from a list page.

    All three are needed: private drafts also lack list links and many real posts have no
    category, so any one alone would flag ordinary posts. In a backup-only run nothing is
    known about list pages, so the first two decide.
    """
    if not TEMPLATE_TITLE.search(post.title or "") or post.category:
        return False
    if public_status is None:
        return True
    listed = public is not None and bool(LISTING_SOURCES & set(public.sources))
    return not listed


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _same_category(a: str, b: str) -> bool:
    """``Parent/Child`` equal after spacing; a bare leaf (RSS gives only the leaf) also matches."""
    pa = [_norm(p) for p in a.split("/") if p.strip()]
    pb = [_norm(p) for p in b.split("/") if p.strip()]
    if pa == pb:
        return True
    return (len(pa) == 1 and pb[-1:] == pa) or (len(pb) == 1 and pa[-1:] == pb)
