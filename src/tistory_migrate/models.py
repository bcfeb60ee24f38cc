"""Typed records passed between stages. Never positional tuples or loose dicts.

Dates are ISO-8601 strings with an offset (KST, ``+09:00``) so records serialise to JSON
unchanged; ``dates.py`` in ``extract`` is the one place that parses them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field, fields
from datetime import timedelta, timezone
from typing import Any, Literal

from tistory_migrate.i18n import Message

POST_KINDS = ("post", "notice", "page")
POST_STATUSES = ("public", "protected", "private", "missing", "failed", "unknown")
BODY_SOURCES = ("page", "rss", "backup")
PostKind = Literal["post", "notice", "page"]
PostStatus = Literal["public", "protected", "private", "missing", "failed", "unknown"]
BodySource = Literal["page", "rss", "backup"]
# Posts that have no page to move: left out of the WXR and the redirect map.
SKIP_STATUSES = ("missing", "failed")
# Korea Standard Time: Tistory's wall clock (no daylight saving).
KST = timezone(timedelta(hours=9))
DISCOVERY_SOURCES = ("list", "category", "tag", "rss", "sitemap", "probe", "backup", "url")
MEDIA_STATUSES = ("ok", "missing", "failed")


def post_id_sort_key(post_id: str) -> tuple[int, str]:
    """Post numbers in numeric order; anything else (an ``entry/<slug>`` key) after them."""
    return (int(post_id), "") if (post_id.isascii() and post_id.isdigit()) else (10**18, post_id)


# Tistory's words for "no category" (issue 14): never stored as a category. Matched exactly,
# after trimming and NFC, only as a whole one-level path.
UNCATEGORISED = frozenset({"카테고리 없음", "분류없음"})
# Where a post's category came from (``Post.extra["category_source"]``, the report's counts).
CATEGORY_SOURCES = ("entryInfo", "skin", "another_category", "tiara", "tree", "list", "rss", "backup")


def category_path(value: str | None, tree: "set[str] | frozenset[str] | None" = None) -> str | None:
    """A category as stored: levels trimmed and NFC, joined by "/"; None for no category
    (empty, or Tistory's "no category" placeholder unless the blog's ``tree`` has a real
    category of that name)."""
    if not isinstance(value, str):
        return None
    parts = [unicodedata.normalize("NFC", p).strip() for p in value.split("/")]
    parts = [p for p in parts if p]
    if not parts:
        return None
    path = "/".join(parts)
    if len(parts) == 1 and path in UNCATEGORISED and not (tree is not None and path in tree):
        return None
    return path


def _from_dict(cls, data: dict[str, Any]):
    """Build a dataclass from a dict, ignoring unknown keys (older/newer archives)."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class MediaRef:
    """One image or attachment reference found in a post body, in body order.

    ``original_url`` is what to request for the original-size file (a signed ``dna`` URL keeps
    its query for the request); ``identity`` is the stable key the archive stores the
    download under (``dna`` path without the query, ``cfile`` id, ...).
    """

    kind: str  # "image" | "attachment"
    src: str  # the reference exactly as found in the markup
    original_url: str
    identity: str
    caption: str | None = None
    filename: str | None = None  # original file name hint (data-filename, filename, span.name, knm, URL)
    width: int | None = None  # declared original size (data-origin-*), if any
    height: int | None = None
    expires: bool = False  # signed URL that stops working (kakaocdn dna)
    local_path: str | None = None  # backups: the file inside the backup this reference points to

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "MediaRef":
        return _from_dict(cls, data)


@dataclass
class MediaFile:
    """What the archive knows of one downloaded original (row of the ``media`` table)."""

    identity: str
    original_url: str
    status: str  # ok | missing | failed
    reason: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    ext: str | None = None  # real extension from the bytes: jpg png gif webp bmp svg mp4 pdf ...
    mime: str | None = None
    width: int | None = None
    height: int | None = None
    path: str | None = None  # relative to the archive folder, e.g. media/ab/abcd….jpg

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "MediaFile":
        return _from_dict(cls, data)


@dataclass
class Embed:
    """A video, map or link card in a body: exports turn it into one link."""

    kind: str  # youtube | vimeo | kakaotv | tistory-video | map | link
    url: str
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Embed":
        return _from_dict(cls, data)


@dataclass(slots=True)  # one per post during discovery: kept small
class PostRef:
    """A post some discovery source pointed at (before its page is fetched)."""

    id: str  # numeric id as a string; for /entry/ links before resolution: "" and url set
    url: str
    kind: str = "post"
    sources: set[str] = field(default_factory=set)
    title: str | None = None
    summary: str | None = None  # list-page excerpt
    date_hint: str | None = None  # day precision from a list page, ISO
    category_hint: str | None = None


@dataclass
class Post:
    """One post as the archive keeps it (the jsonl record, docs/design.md): what its page (or the
    RSS feed, or the backup) said, the raw body as sliced from the source, its pictures and
    files in body order, where it was found, and what fell back or is missing (``warnings``, in
    English: the jsonl contract; ``warning_codes`` keeps each one's message id and parameters,
    so a report shows it in the reader's language: ``warning_messages()``).
    ``extra`` carries source data that no field has (legacy-backup comments, the body container
    the selectors matched, ``category_source``: where the category came from, counted by the
    report and absent from posts stored before issue 14); only ``from_dict`` reads it back."""

    id: str
    url: str  # canonical PC URL, numeric form when known
    title: str = ""
    kind: PostKind = "post"
    slug_url: str | None = None
    published: str | None = None
    updated: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    author: str | None = None
    summary: str | None = None
    status: PostStatus = "public"
    body_source: BodySource = "page"
    body_raw: str = ""  # the body HTML exactly as sliced from the source (normalized at export)
    images: list[MediaRef] = field(default_factory=list)
    attachments: list[MediaRef] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blog_id: str | None = None
    cover_image: str | None = None
    fetched_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warning_codes: list[dict[str, Any]] = field(default_factory=list)  # Message.to_dict() of warnings

    def warn(self, message: "Message | str") -> None:
        """Note what fell back or is missing: ``msg("...", **params)`` (plain text is kept as it
        is). ``warnings`` gets the English text once; ``warning_codes`` the message."""
        message = Message.from_dict(message)
        text = message.english()
        if text not in self.warnings:
            self.warnings.append(text)
            if not message.verbatim:
                self.warning_codes.append(message.to_dict())

    def rescued(self) -> bool:
        """A post whose page is gone or private but whose body came from the feed (issue 14):
        exported where non-public posts are, never left out like a missing one."""
        return self.status in ("missing", "private") and self.body_source == "rss" and bool(self.body_raw.strip())

    def skipped(self) -> bool:
        """No page to move: ``SKIP_STATUSES``, unless the feed's copy rescued it."""
        return self.status in SKIP_STATUSES and not self.rescued()

    def warning_messages(self) -> list[Message]:
        """``warnings`` as messages, in order: each one's recorded message where there is one
        (matched by its English text), else the text as it is (older archives, copied lists)."""
        known: dict[str, Message] = {}
        for code in self.warning_codes:
            try:
                m = Message.from_dict(code)
            except (KeyError, TypeError, ValueError):
                continue
            known.setdefault(m.english(), m)
        return [known.get(w) or Message.text(w) for w in self.warnings]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Post":
        post = _from_dict(cls, data)
        post.images = [MediaRef.from_dict(m) if isinstance(m, dict) else m for m in post.images]
        post.attachments = [MediaRef.from_dict(m) if isinstance(m, dict) else m for m in post.attachments]
        post.embeds = [Embed.from_dict(e) if isinstance(e, dict) else e for e in post.embeds]
        if post.category is not None and "category_source" not in (post.extra or {}):
            # stored before issue 14: Tistory's "no category" placeholder read as a category
            post.category = category_path(post.category)
        return post


@dataclass
class BlogInfo:
    """The blog as a whole: where it lives and what it is called."""

    base_url: str  # https://name.tistory.com (no trailing slash)
    host: str
    title: str | None = None
    blog_id: str | None = None
    name: str | None = None  # the tistory sub-domain name when known
    author: str | None = None
    description: str | None = None
    custom_domain: bool = False
    tistory_host: str | None = None  # NAME.tistory.com behind a custom domain, when known

    def hosts(self) -> list[str]:
        """Every host the blog answers on, lower-cased: the custom domain first, then
        NAME.tistory.com; each once."""
        found = [self.host, self.tistory_host, f"{self.name}.tistory.com" if self.name else None]
        out: list[str] = []
        for h in found:
            h = (h or "").lower().strip()
            if h and h not in out:
                out.append(h)
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "BlogInfo":
        return _from_dict(cls, data)
