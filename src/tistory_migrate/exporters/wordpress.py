"""The WordPress side of a move, pure: post slugs as WordPress makes them, permalink patterns,
and every post's WordPress address (no network; docs/design.md, "Moving to WordPress").

* ``wp_slug`` is WordPress's ``sanitize_title`` (``remove_accents`` + ``sanitize_title_with_dashes``
  in the "save" context, wp-includes/formatting.php): Hangul kept, percent-encoded in lower
  case, the encoded form cut at 200 characters on a character boundary. WordPress runs the
  same function on the ``wp:post_name`` it imports, so a slug made here is kept as written.
* ``SitePlan`` gives every post of the archive its slug once, unique in post-number order
  (``-2``, ``-3`` as ``wp_unique_post_slug`` does), ``post-N`` when the title gives nothing or
  only digits (WordPress renames a numeric slug: it could be a year or a page number), and,
  with a site address, its WordPress URL under the chosen ``Permalinks``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from tistory_migrate.errors import UsageError
from tistory_migrate.i18n import _
from tistory_migrate.models import SKIP_STATUSES, post_id_sort_key

SLUG_MAX = 200  # bytes of the percent-encoded form, as utf8_uri_encode( $title, 200 )
DEFAULT_PERMALINKS = "/%post_id%/"
PLAIN = "?p=%post_id%"
PERMALINK_TAGS = ("%post_id%", "%postname%", "%year%", "%monthnum%", "%day%")
# WordPress gives these slugs a suffix: they would be read as a feed or an embed.
RESERVED_SLUGS = frozenset({"feed", "rdf", "rss", "rss2", "atom", "embed"})

_STRIP = ("%c2%ad %c2%a1 %c2%bf %c2%ab %c2%bb %e2%80%b9 %e2%80%ba %e2%80%98 %e2%80%99 %e2%80%9c %e2%80%9d "
          "%e2%80%9a %e2%80%9b %e2%80%9e %e2%80%9f %e2%80%a2 %c2%a9 %c2%ae %c2%b0 %e2%80%a6 %e2%84%a2 %c2%b4 "
          "%cb%8a %cc%81 %cd%81 %cc%80 %cc%84 %cc%8c %e2%80%8b %e2%80%8c %e2%80%8d %e2%80%8e %e2%80%8f "
          "%e2%80%aa %e2%80%ab %e2%80%ac %e2%80%ad %e2%80%ae %ef%bb%bf %ef%bf%bc").split()
_TO_HYPHEN = ("%c2%a0 %e2%80%93 %e2%80%94 %e2%80%80 %e2%80%81 %e2%80%82 %e2%80%83 %e2%80%84 %e2%80%85 "
              "%e2%80%86 %e2%80%87 %e2%80%88 %e2%80%89 %e2%80%8a %e2%80%a8 %e2%80%a9 %e2%80%af").split()
_ENTITY_HYPHENS = ("&nbsp;", "&#160;", "&ndash;", "&#8211;", "&mdash;", "&#8212;")
_LIGATURES = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
              "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "œ": "oe", "Œ": "OE", "ı": "i"}


def _remove_accents(text: str) -> str:
    """Latin letters without their accents (WordPress's ``remove_accents``); Hangul untouched."""
    out = []
    for ch in text:
        if "\u00c0" <= ch <= "\u024f":
            ch = _LIGATURES.get(ch) or "".join(c for c in unicodedata.normalize("NFKD", ch)
                                               if not unicodedata.combining(c))
        out.append(ch)
    return "".join(out)


def utf8_uri_encode(text: str, length: int = 0) -> str:
    """Non-ASCII characters as lower-case %xx octets; at most ``length`` characters of the
    encoded form, cut before a character that would not fit whole."""
    out, used = [], 0
    for ch in text:
        enc = ch if ord(ch) < 128 else "".join(f"%{b:x}" for b in ch.encode("utf-8"))
        if length and used + len(enc) > length:
            break
        out.append(enc)
        used += len(enc)
    return "".join(out)


def wp_slug(title: str | None) -> str:
    """``sanitize_title(title)`` as WordPress 6.1 computes it ("" when nothing is left)."""
    t = unicodedata.normalize("NFC", _remove_accents(title or ""))
    t = re.sub(r"<[^>]*>?", "", t)  # strip_tags
    t = re.sub(r"%([a-fA-F0-9]{2})", r"---\1---", t).replace("%", "")
    t = re.sub(r"---([a-fA-F0-9]{2})---", r"%\1", t)
    t = utf8_uri_encode(t.lower(), SLUG_MAX).lower()
    for s in _TO_HYPHEN + list(_ENTITY_HYPHENS) + ["/"]:
        t = t.replace(s, "-")
    for s in _STRIP:
        t = t.replace(s, "")
    t = t.replace("%c3%97", "x")
    t = re.sub(r"&.+?;", "", t).replace(".", "-")
    t = re.sub(r"[^%a-z0-9 _-]", "", t)
    t = re.sub(r"\s+", "-", t)
    return re.sub(r"-+", "-", t).strip("-")


def truncate_slug(slug: str, length: int) -> str:
    """WordPress's ``_truncate_post_slug``: at most ``length`` encoded characters, whole characters."""
    if len(slug) > length:
        decoded = unquote(slug)
        slug = slug[:length] if decoded == slug else utf8_uri_encode(decoded, length).lower()
    return slug.rstrip("-")


def unusable_slug(slug: str) -> bool:
    """Empty, only digits (a year, a page number to WordPress) or ``page2``-like."""
    return not slug or re.fullmatch(r"(page)?\d+", slug) is not None


@dataclass(frozen=True)
class Permalinks:
    """A WordPress permalink structure (Settings → Permalinks), checked: ``?p=%post_id%`` or a
    path made of ``PERMALINK_TAGS`` that names each post by ``%post_id%`` or ``%postname%``."""

    pattern: str = DEFAULT_PERMALINKS

    @classmethod
    def parse(cls, value: str | None) -> "Permalinks":
        pattern = (value or "").strip() or DEFAULT_PERMALINKS
        if pattern in (PLAIN, "/" + PLAIN):
            return cls(PLAIN)
        tags = re.findall(r"%[^%/]*%", pattern)
        bad = [t for t in tags if t not in PERMALINK_TAGS]
        literal = re.sub(r"%[^%/]*%", "", pattern)
        if (bad or not pattern.startswith("/") or "%" in literal or not re.fullmatch(r"[A-Za-z0-9/_.\-]*", literal)
                or not ({"%post_id%", "%postname%"} & set(tags))):
            raise UsageError(
                _("--wordpress-permalinks {value} is not a permalink structure this tool can follow.").format(
                    value=repr(pattern)),
                hint=_("Use {plain} or a path made of {tags} that contains {required} (default {default}).").format(
                    plain=PLAIN, tags=" ".join(PERMALINK_TAGS), required="%post_id% / %postname%",
                    default=DEFAULT_PERMALINKS))
        return cls(pattern)

    @property
    def plain(self) -> bool:
        return self.pattern == PLAIN

    def post_path(self, wp_id: int, slug: str, kind: str, post_date: str | None) -> str:
        """The site-relative address WordPress gives the post (``post_date``: its local
        ``YYYY-MM-DD hh:mm:ss``; a post without one can only be named by its id)."""
        if kind == "page":
            if self.plain:
                return f"/?page_id={wp_id}"
            return "/" + slug + ("/" if self.pattern.endswith("/") else "")
        if self.plain or (post_date is None and re.search("%(year|monthnum|day)%", self.pattern)):
            return f"/?p={wp_id}"
        year, month, day = (post_date or "0000-00-00")[:10].split("-")
        values = {"%post_id%": str(wp_id), "%postname%": slug, "%year%": year, "%monthnum%": month, "%day%": day}
        return re.sub(r"%[a-z_]+%", lambda m: values[m.group(0)], self.pattern)


def site_address(value: str | None) -> str | None:
    """``--wordpress-url`` checked: an http(s) address without query, no trailing slash."""
    url = (value or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment \
            or re.search(r"[\s\"'<>]", url):
        raise UsageError(_("--wordpress-url {value} is not an http(s) address of a site.").format(value=repr(url)))
    return url.rstrip("/")


@dataclass(frozen=True)
class PlannedPost:
    """One post as WordPress will store it."""

    id: str
    wp_id: int
    kind: str  # post | page
    slug: str
    post_date: str | None
    exported: bool  # has a body and a status the WXR writes


@dataclass
class SitePlan:
    """Every post's WordPress slug (and, with ``base_url``, address), made once per export."""

    posts: dict[str, PlannedPost] = field(default_factory=dict)
    by_entry_slug: dict[str, str] = field(default_factory=dict)  # decoded /entry/ slug -> post id
    base_url: str | None = None
    permalinks: Permalinks = field(default_factory=Permalinks)

    @classmethod
    def build(cls, rows, *, base_url: str | None = None, permalinks: Permalinks | None = None,
              numeric_id=int, local_date=lambda published: None, entry_slug=lambda slug_url: None) -> "SitePlan":
        """``rows``: ``Archive.post_addresses()``; the three functions turn a post id into
        WordPress's number, a stored date into the local ``post_date`` and a post's
        ``/entry/`` URL into its decoded slug."""
        plan = cls(base_url=base_url, permalinks=permalinks or Permalinks())
        used: set[str] = set()
        for pid, kind, status, title, published, _url, slug_url, has_body in sorted(
                rows, key=lambda r: post_id_sort_key(r[0])):
            if status in SKIP_STATUSES:
                continue
            text_slug = entry_slug(slug_url) if slug_url else None
            if text_slug:
                plan.by_entry_slug[unicodedata.normalize("NFC", text_slug)] = pid
            base = wp_slug(text_slug) or wp_slug(title)
            if unusable_slug(base):
                base = f"post-{pid}" if pid.isdigit() else (wp_slug(f"post-{pid}") or "post")
            slug, n = base, 2
            while slug in used or slug in RESERVED_SLUGS:
                suffix = f"-{n}"
                slug = truncate_slug(base, SLUG_MAX - len(suffix)) + suffix
                n += 1
            used.add(slug)
            plan.posts[pid] = PlannedPost(pid, numeric_id(pid), "page" if kind in ("notice", "page") else "post",
                                          slug, local_date(published), bool(has_body))
        return plan

    def slug(self, post_id: str) -> str | None:
        found = self.posts.get(post_id)
        return found.slug if found else None

    def url_for(self, post_id: str) -> str | None:
        """The WordPress address of a post the WXR carries (None without ``base_url``).
        ``post_id`` may be ``entry/<decoded slug>``, as ``a[data-tm-post]`` carries it."""
        if self.base_url is None:
            return None
        key = str(post_id)
        if key.startswith("entry/"):
            key = self.by_entry_slug.get(unicodedata.normalize("NFC", key[len("entry/"):]), key)
        found = self.posts.get(key)
        if found is None or not found.exported:
            return None
        return self.base_url + self.permalinks.post_path(found.wp_id, found.slug, found.kind, found.post_date)


def site_plan(archive, options) -> SitePlan:
    """The plan of ``archive`` (``Archive.post_addresses``) for ``ExportOptions`` ``options``:
    ``--wordpress-url`` and ``--wordpress-permalinks`` checked here (exit 2 when wrong)."""
    from tistory_migrate import urls
    from tistory_migrate.exporters.wxr_xml import numeric_id, wp_dates

    def entry_slug(slug_url: str) -> str | None:
        info = urls.classify(slug_url)
        return info.slug if info.kind in ("entry", "mobile") and info.slug else None

    def local_date(published: str | None) -> str | None:
        dates = wp_dates(published)
        return dates[0] if dates else None

    base = site_address(options.wordpress_url)
    permalinks = Permalinks.parse(options.wordpress_permalinks)
    return SitePlan.build(archive.post_addresses(), base_url=base, permalinks=permalinks, numeric_id=numeric_id,
                          local_date=local_date, entry_slug=entry_slug)
