"""What the archive hands out: named rows and records, never positional tuples."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from tistory_migrate.i18n import Message
from tistory_migrate.models import Post


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class StoredPage:
    url: str
    kind: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str

    @property
    def validators(self) -> dict[str, str]:
        return {k: v for k, v in self.headers.items() if k in ("etag", "last-modified")}

    @property
    def text(self) -> str:
        from tistory_migrate.fetch.response import decode_html

        return decode_html(self.body, self.headers.get("content-type"))


@dataclass(frozen=True)
class PostSummary:
    """One post as reports need it, read without its body."""

    id: str
    status: str
    kind: str | None
    category: str | None
    sources: list[str]
    title: str | None
    url: str | None
    last_warning: str | None  # English, as stored
    media_identities: list[str] = field(default_factory=list)  # images then attachments, in body order
    last_warning_message: Message | None = None  # the same warning as a message (reader's language)
    category_source: str | None = None  # Post.extra["category_source"] (None: stored by an older version)
    body_source: str | None = None


@dataclass(frozen=True)
class MediaProblem:
    """A media row that is not ``ok``: what the report lists per post."""

    identity: str
    original_url: str
    status: str
    reason: str | None  # English, as stored
    reason_message: Message | None = None  # the same reason as a message (reader's language)


def sort_key(post: Post) -> str:
    """Oldest first; posts without a date go last; ties by numeric id."""
    date = post.published or "9999"
    return f"{date}|{post.id.zfill(12)}"


def warning_message(last: str | None, codes: str | None) -> Message | None:
    """A post's last warning as a message: the one its ``warning_codes`` recorded for that
    text, else the text as it is (a post stored by an older version)."""
    if not last:
        return None
    try:
        for code in reversed(json.loads(codes or "[]")):
            message = Message.from_dict(code)
            if message.english() == last:
                return message
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    return Message.text(last)
