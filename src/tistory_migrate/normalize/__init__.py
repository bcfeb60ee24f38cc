"""Normalize a Tistory post body into paste-friendly, sanitized HTML with media markers.

``normalize_body`` runs at export (so improvements need no refetch); ``images.find_media``
runs at scrape. Both start from ``tree.parse_body`` and ``images.scan``, so the images a body
yields here are exactly the ones the archive downloaded, in the same order.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any

from tistory_migrate.models import Embed, MediaRef, Post
from tistory_migrate.normalize.html import normalize_tree, serialize
from tistory_migrate.normalize.images import scan
from tistory_migrate.normalize.text import body_text, clean_text
from tistory_migrate.normalize.tree import parse_body_checked
from tistory_migrate.normalize.vocabulary import NOTE_FLATTENED, NOTE_TEXT_LOST

__all__ = ["NormalizedBody", "normalize_body", "normalize_post"]


@dataclass
class NormalizedBody:
    html: str
    text: str
    images: list[MediaRef] = field(default_factory=list)
    attachments: list[MediaRef] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # Korean, one per kind of downgrade
    internal_links: list[str] = field(default_factory=list)  # post ids ("entry/<slug>" for slugs)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def normalize_body(raw_html: str, *, page_url: str, blog_hosts: Collection[str],
                   link_base: str | None = None, own_markers: bool = False) -> NormalizedBody:
    """``page_url`` resolves image and file references; ``link_base`` (default: ``page_url``)
    resolves links. They differ for a backup body: its pictures are ``./img/x`` files of the
    backup (``backup:{no}/``) while a link such as ``/133`` is another post of the blog.
    ``own_markers``: ``raw_html`` is this function's own output (a second pass), whose
    ``data-tm-*`` markers are kept; in any other body they are removed first."""
    raw = clean_text(raw_html or "")
    root, check = parse_body_checked(raw, check_loss=True, own_markers=own_markers)
    media = scan(root, page_url, arrow_lines=False)  # normalize_tree decides them
    found = normalize_tree(root, media, page_url=link_base or page_url, blog_hosts=blog_hosts)
    if check.flattened:
        found.notes.append(NOTE_FLATTENED)
    if check.lost:
        found.notes.append(NOTE_TEXT_LOST)
    return NormalizedBody(
        html=serialize(root),
        text=body_text(root),
        images=media.images,
        attachments=media.attachments,
        embeds=found.embeds,
        notes=found.notes,
        internal_links=found.internal,
    )


def body_base(post: Post) -> str:
    """What relative references in a body resolve against. Backup bodies point at their own
    files (``./img/x.png``), which the backup reader recorded under ``backup:{no}/…``."""
    return f"backup:{post.id}/" if post.body_source == "backup" else post.url


def normalize_post(post: Post, blog_hosts: Collection[str]) -> NormalizedBody:
    """Normalize a stored post's body the one way every export (and ``redirects resolve
    --verify``) does: pictures against ``body_base``, links against the post's own URL."""
    body = normalize_body(post.body_raw or "", page_url=body_base(post), blog_hosts=blog_hosts,
                          link_base=post.url if post.url.startswith(("http://", "https://")) else None)
    # A file the body names only by its stored path (a legacy ``[##_ATTACH_PATH_##]/cfile….pdf``)
    # keeps the name it was uploaded as, which the backup recorded on the post's own ref.
    stored = {r.identity: r.filename for r in post.attachments if r.filename}
    for ref in body.attachments:
        if stored.get(ref.identity):
            ref.filename = stored[ref.identity]
    return body
