"""Phase 2's matching, pure: which Naver post is the copy of which archive post (docs/design.md).

``redirects.resolve`` lists the Naver posts; this module decides, without any I/O:

1. by the original URL in the original-date line the Naver export writes into every body
   ("원문: 2019-12-13 · https://x.tistory.com/123 (티스토리에서 옮긴 글)");
2. else by exact normalized title, only when the title is unique among the archive's posts
   and among the Naver posts.

Never by date: Naver has no backdating (every post is dated the day it was pasted), so a
date says nothing about which original it is. Earlier matches are kept (re-runnable): a
post already in the stored map is never matched again and its Naver post is not reused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tistory_migrate import urls
from tistory_migrate.i18n import msg
from tistory_migrate.models import Post, post_id_sort_key
from tistory_migrate.redirects.forms import post_paths
from tistory_migrate.redirects.naver_pages import NaverPost, normalize_title
from tistory_migrate.report import Match, Unmatched

# An address inside text (a date line, the second column of a --naver-urls line).
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'()\[\]{}]+")
# Why a post was not matched (``Unmatched.reason``), shown in the reader's language.
# TRANSLATORS: why an old post was not matched to a Naver post.
SEVERAL_BY_URL = msg("original URL on several Naver posts")
# TRANSLATORS: why an old post was not matched to a Naver post.
NOT_FOUND = msg("not found on Naver")


@dataclass
class Matching:
    """What ``match_posts`` decided this run."""

    matched: list[Match] = field(default_factory=list)
    ambiguous: list[Unmatched] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    naver_unmatched: list[dict] = field(default_factory=list)  # {"url", "title", "sources"}


class OriginalIndex:
    """Finds the archive post an old Tistory URL names (any host of the blog, any form)."""

    def __init__(self, hosts: list[str], posts: list[Post]):
        self.hosts = {_bare(h) for h in hosts}
        self.by_id = {p.id: p.id for p in posts}
        self.by_slug: dict[str, str] = {}
        for p in posts:
            slug = post_paths(p).slug
            if slug:
                self.by_slug[slug] = p.id

    def post_for(self, url: str) -> str | None:
        url = url.rstrip(".,;:·…")
        info = urls.classify(url)
        if _bare(info.host) not in self.hosts or not info.is_post:
            return None
        if info.id:
            return self.by_id.get(info.id)
        if info.slug:
            return self.by_slug.get(unicodedata.normalize("NFC", info.slug))
        return None


def _bare(host: str) -> str:
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host


def date_line_markers(date_line: str) -> list[str]:
    """Words that mark the original-date line: the fixed text around {date}/{url} in the
    setting, plus the default wording (a changed setting must not orphan older posts)."""
    words = {"원문", "티스토리에서 옮긴 글"}
    for piece in re.split(r"\{[a-z]+\}", date_line or ""):
        piece = piece.strip(" ·:-()[]|,")
        if len(piece) >= 2:
            words.add(piece)
    return sorted(words)


def original_post(text: str | None, index: OriginalIndex, markers: list[str]) -> str | None:
    """The archive post id named by the original-date line in ``text``, if any.

    Only URLs on a line carrying the date-line wording count: a plain link to another old
    post inside the body must never make a match.
    """
    if not text:
        return None
    for line in text.splitlines():
        if not any(m in line for m in markers):
            continue
        for url in URL_IN_TEXT.findall(line):
            pid = index.post_for(url)
            if pid:
                return pid
    return None


def _title_keys(title: str, max_chars: int) -> set[str]:
    keys = {normalize_title(title)}
    if max_chars and len(title) > max_chars:
        keys.add(normalize_title(title[:max_chars]))  # the Naver export trims long titles
    keys.discard("")
    return keys


def open_posts(naver: list[NaverPost], used_urls: set[str]) -> list[NaverPost]:
    """The Naver posts the stored map does not point at yet: the ones left to match."""
    return [n for n in naver if n.url not in used_urls]


def match_posts(posts: list[Post], hosts: list[str], naver: list[NaverPost], *, kept: set[str],
                used_urls: set[str], date_line: str, max_title_chars: int) -> Matching:
    """Match the archive's ``posts`` (of a blog on ``hosts``) to the ``naver`` posts (in a stable
    order). Posts in ``kept`` and Naver posts in ``used_urls`` are paired already (the stored
    map) and are left alone; ``date_line`` is the setting the Naver export wrote the line with."""
    out = Matching()
    by_id = {p.id: p for p in posts}
    done = set(kept)

    # 1. by the original URL in the date line
    index = OriginalIndex(hosts, posts)
    markers = date_line_markers(date_line)
    claims: dict[str, list[NaverPost]] = {}
    for n in open_posts(naver, used_urls):
        pid = original_post(n.text, index, markers)
        if pid and pid not in done:
            claims.setdefault(pid, []).append(n)
    taken: set[str] = set()
    ambiguous: dict[str, Unmatched] = {}
    for pid in sorted(claims, key=post_id_sort_key):
        found = claims[pid]
        if len(found) > 1:
            ambiguous[pid] = Unmatched(pid, by_id[pid].title, by_id[pid].url, SEVERAL_BY_URL,
                                       sorted(n.url for n in found))
            taken.update(n.url for n in found)  # the user decides which copy stays
            continue
        out.matched.append(Match(pid, by_id[pid].title, found[0].url, "original-url", found[0].title))
        done.add(pid)
        taken.add(found[0].url)

    # 2. by exact normalized title, unique on both sides (counted over all posts, matched or not)
    archive_titles: dict[str, list[str]] = {}
    for p in posts:
        for key in _title_keys(p.title, max_title_chars):
            archive_titles.setdefault(key, []).append(p.id)
    naver_titles: dict[str, list[NaverPost]] = {}
    for n in naver:
        key = normalize_title(n.title)
        if key:
            naver_titles.setdefault(key, []).append(n)
    for p in posts:
        if p.id in done or p.id in ambiguous:
            continue
        keys = _title_keys(p.title, max_title_chars)
        found = [n for k in sorted(keys) for n in naver_titles.get(k, [])]
        owners = {pid for k in keys for pid in archive_titles.get(k, [])}
        if not found:
            continue
        if len(found) > 1 or len(owners) > 1:
            reason = (msg("title not unique (several Naver posts have it)") if len(found) > 1
                      else msg("title not unique (several posts of the old blog have it)"))
            ambiguous[p.id] = Unmatched(p.id, p.title, p.url, reason,
                                        sorted(n.url for n in found))
            continue
        if found[0].url in taken or found[0].url in used_urls:
            continue
        out.matched.append(Match(p.id, p.title, found[0].url, "title", found[0].title))
        done.add(p.id)
        taken.add(found[0].url)

    out.ambiguous = [ambiguous[k] for k in sorted(ambiguous, key=post_id_sort_key)]
    out.unmatched = [Unmatched(p.id, p.title, p.url, NOT_FOUND) for p in posts
                     if p.id not in done and p.id not in ambiguous]
    out.naver_unmatched = [{"url": n.url, "title": n.title, "sources": list(n.sources)}
                           for n in naver if n.url not in taken and n.url not in used_urls]
    return out
