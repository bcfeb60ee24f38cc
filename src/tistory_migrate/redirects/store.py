"""The resolved redirect map, kept in the archive's meta table (docs/design.md).

``archive.get_meta("redirects")`` holds post id -> ``{"new_url", "method", "naver_title",
"sources", "slug"}``: written by ``redirects resolve``, or by hand (then only ``"new_url"``
is needed). ``load_map`` reads it into ``RedirectEntry`` records once per export or resolve;
``add_entries`` adds new matches and leaves every other stored entry exactly as it was.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tistory_migrate.models import post_id_sort_key

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.archive import Archive

META_KEY = "redirects"


@dataclass(frozen=True)
class RedirectEntry:
    """Where one post lives now, and how that was found."""

    new_url: str
    method: str = ""  # original-url | title | whatever a hand-written entry says
    naver_title: str = ""
    sources: tuple[str, ...] = ()  # list | rss | file | page: where the Naver post was seen
    slug: str | None = None  # the post's decoded /entry/ slug, for links written with it

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RedirectEntry":
        return cls(new_url=data.get("new_url") or "", method=data.get("method") or "",
                   naver_title=data.get("naver_title") or "", sources=tuple(data.get("sources") or ()),
                   slug=data.get("slug"))

    def to_dict(self) -> dict[str, Any]:
        return {"new_url": self.new_url, "method": self.method, "naver_title": self.naver_title,
                "sources": list(self.sources), "slug": self.slug}


@dataclass(frozen=True)
class RedirectMap:
    """The stored map, read once: post id -> ``RedirectEntry``, in stored order."""

    entries: dict[str, RedirectEntry] = field(default_factory=dict)

    def new_url_for(self, post_id: str) -> str | None:
        """The post's new URL once resolved (what internal links between posts are rewritten to).

        ``post_id`` is what ``a[data-tm-post]`` carries: a numeric id, or ``entry/<decoded slug>``
        for a link written with the text permalink (matched against the slug stored by resolve).
        """
        key = str(post_id)
        entry = self.entries.get(key)
        if entry is None and key.startswith("entry/"):
            slug = unicodedata.normalize("NFC", key[len("entry/"):])
            entry = next((e for e in self.entries.values() if e.slug == slug), None)
        return (entry.new_url if entry else None) or None


def _stored(archive: "Archive") -> dict[str, Any]:
    data = archive.get_meta(META_KEY) or {}
    return data if isinstance(data, dict) else {}


def load_map(archive: "Archive") -> RedirectMap:
    """The archive's redirect map (entries that are not objects are ignored)."""
    return RedirectMap({pid: RedirectEntry.from_dict(e) for pid, e in _stored(archive).items() if isinstance(e, dict)})


def add_entries(archive: "Archive", entries: dict[str, RedirectEntry]) -> None:
    """Store ``entries`` (post id -> entry) in the map, replacing those ids; the map is kept
    in post-number order and every other entry stays as stored."""
    data = dict(_stored(archive))
    data.update({pid: e.to_dict() for pid, e in entries.items()})
    archive.set_meta(META_KEY, {k: data[k] for k in sorted(data, key=post_id_sort_key)})
