"""Pure parsers for what Naver Blog publishes about a blog's posts (naver-target.md facts 8–10).

Phase 2 of the redirect map lists the posts the user published on Naver and matches them back
to the Tistory originals. Everything here is text in, records out: no I/O, no printing.

* ``parse_naver_url``   every Naver post URL form -> (blog id, logNo) -> canonical URL
* ``parse_post_list``   ``PostTitleListAsync.naver`` JSON (paged, every post, best effort)
* ``parse_rss``         ``rss.blog.naver.com/{id}.xml`` (latest ~20–30 posts, with body text)
* ``parse_post_page``   a rendered SmartEditor ONE post (mobile page): text, image count
* ``parse_urls_file``   the user's ``--naver-urls`` list (URL, optionally TAB title)
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote_plus, urlsplit

import lxml.etree
import lxml.html

from tistory_migrate import jsonbound
from tistory_migrate.i18n import msg
from tistory_migrate.markup import cls

NAVER_BLOG_HOSTS = ("blog.naver.com", "m.blog.naver.com")
# Public posts have openType 2 in the post list; 0 private, 1 neighbours, 3 mutual neighbours.
OPEN_TYPE_PUBLIC = "2"

# PostView.naver / PostView.nhn (old) / PostView.naver on m.: the ids come as query parameters.
_VIEW_PAGES = re.compile(r"^/(?:PostView|PostList)\.(?:naver|nhn)$", re.I)
_BLOG_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_LOG_NO = re.compile(r"^[0-9]{6,20}$")


@dataclass(frozen=True)
class NaverPostKey:
    blog_id: str
    log_no: str

    @property
    def url(self) -> str:
        """The canonical form stored in the redirect map."""
        return canonical_url(self.blog_id, self.log_no)


@dataclass
class NaverPost:
    """One post of the Naver blog, from whichever source named it."""

    blog_id: str
    log_no: str
    title: str = ""
    text: str | None = None  # body text when the source carries it (RSS description, post page)
    open_type: str | None = None  # post list only; None = unknown (RSS lists public posts only)
    category_no: str | None = None
    add_date: str | None = None  # as Naver writes it ("2023. 7. 1." or "3시간 전"): never matched on
    sources: list[str] = field(default_factory=list)  # list | rss | file | page

    @property
    def url(self) -> str:
        return canonical_url(self.blog_id, self.log_no)

    @property
    def public(self) -> bool:
        return self.open_type in (None, OPEN_TYPE_PUBLIC)


@dataclass
class NaverListPage:
    result_code: str
    total_count: int
    posts: list[NaverPost]

    @property
    def ok(self) -> bool:
        return self.result_code == "S"


@dataclass
class NaverPostPage:
    """What verification needs from a rendered post."""

    title: str
    text: str
    image_count: int
    image_urls: list[str]
    found_body: bool  # False: none of the body selectors matched (not a post, or new markup)


def canonical_url(blog_id: str, log_no: str) -> str:
    return f"https://blog.naver.com/{blog_id}/{log_no}"


def parse_naver_url(url: str) -> NaverPostKey | None:
    """(blog id, logNo) from any Naver post URL form, or None when it is not one.

    Accepted: ``blog.naver.com/ID/LOGNO``, ``m.blog.naver.com/ID/LOGNO`` (any scheme, with or
    without ``?fromRss=true&trackingCode=rss`` or a fragment), ``PostView.naver`` /
    ``PostView.nhn`` with ``blogId`` and ``logNo`` parameters on either host, and the old
    ``blog.naver.com/ID?Redirect=Log&logNo=LOGNO``.
    """
    raw = (url or "").strip()
    if not raw:
        return None
    if "://" not in raw:
        raw = "https://" + raw
    parts = urlsplit(raw)
    host = (parts.hostname or "").lower()
    if host not in NAVER_BLOG_HOSTS:
        return None
    query = {k.lower(): v[0].strip() for k, v in parse_qs(parts.query).items() if v}
    segments = [s for s in parts.path.split("/") if s]
    blog_id = log_no = None
    if len(segments) == 1 and _VIEW_PAGES.match("/" + segments[0]):
        blog_id, log_no = query.get("blogid"), query.get("logno")
    elif len(segments) == 2:
        blog_id, log_no = segments
    elif len(segments) == 1:
        blog_id, log_no = segments[0], query.get("logno")
    if not blog_id or not log_no or not _BLOG_ID.match(blog_id) or not _LOG_NO.match(log_no):
        return None
    return NaverPostKey(blog_id, log_no)


# -- post list JSON ------------------------------------------------------------------------

# Naver's JSON is not always valid: single quotes come escaped as \' (and other stray
# backslashes appear). Re-read every escape: keep the seven JSON knows, drop the backslash
# from the rest. Pairs are consumed left to right, so an escaped backslash (\\) stays one.
_ESCAPE = re.compile(r"\\(.)", re.S)
_JSON_ESCAPES = set('"\\/bfnrtu')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _loads_tolerant(text: str):
    """Within bounds (``jsonbound``: size, then nesting depth, before parsing)."""
    try:
        return jsonbound.loads(text)
    except json.JSONDecodeError:
        pass
    fixed = _ESCAPE.sub(lambda m: m.group(0) if m.group(1) in _JSON_ESCAPES else m.group(1), text)
    fixed = _CONTROL.sub(" ", fixed)
    fixed = _TRAILING_COMMA.sub(r"\1", fixed)
    return jsonbound.loads(fixed)


def parse_post_list(text: str, blog_id: str) -> NaverListPage:
    """One page of ``PostTitleListAsync.naver``. Raises ValueError when it is not that JSON (its
    argument a ``Message`` saying why)."""
    try:
        data = _loads_tolerant(text.strip().lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise ValueError(msg("the post list is not JSON ({error} at character {pos})", error=exc.msg, pos=exc.pos)) from None
    except jsonbound.JsonRefused as exc:
        # TRANSLATORS: {reason} says how the JSON is too large or too deep.
        raise ValueError(msg("the post list was not read: {reason}", reason=exc.reason)) from None
    if not isinstance(data, dict) or "resultCode" not in data:
        raise ValueError(msg("the post list JSON has no resultCode"))
    posts = []
    for item in data.get("postList") or []:
        if not isinstance(item, dict) or not str(item.get("logNo", "")).isdigit():
            continue
        posts.append(NaverPost(
            blog_id=blog_id,
            log_no=str(item["logNo"]),
            # URL-encoded with + for spaces; some titles also carry HTML entities.
            title=html.unescape(unquote_plus(str(item.get("title") or ""))),
            open_type=str(item["openType"]) if item.get("openType") is not None else None,
            category_no=str(item["categoryNo"]) if item.get("categoryNo") is not None else None,
            add_date=str(item["addDate"]) if item.get("addDate") is not None else None,
            sources=["list"],
        ))
    try:
        total = int(str(data.get("totalCount") or 0).replace(",", ""))
    except ValueError:
        total = 0
    return NaverListPage(result_code=str(data.get("resultCode")), total_count=total, posts=posts)


# -- RSS -----------------------------------------------------------------------------------


def parse_rss(xml: bytes | str, blog_id: str | None = None) -> list[NaverPost]:
    """Items of a Naver blog RSS feed. Items whose link is not a Naver post are skipped.

    ``description`` is the start of the post as HTML; its text is kept for URL matching.
    """
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
    root = lxml.etree.fromstring(data.lstrip(b"\xef\xbb\xbf \r\n\t"), parser)
    if root is None:
        return []
    out = []
    for item in root.iter("item"):
        key = parse_naver_url(item.findtext("link") or item.findtext("guid") or "")
        if key is None or (blog_id and key.blog_id.lower() != blog_id.lower()):
            continue
        description = item.findtext("description") or ""
        out.append(NaverPost(
            blog_id=key.blog_id, log_no=key.log_no,
            title=(item.findtext("title") or "").strip(),
            text=html_text(description),
            add_date=(item.findtext("pubDate") or "").strip() or None,
            sources=["rss"],
        ))
    return out


def html_text(fragment: str) -> str:
    """Visible text of an HTML fragment, block elements separated by newlines."""
    if not fragment or not fragment.strip():
        return ""
    doc = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for br in doc.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in doc.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"):
        el.tail = "\n" + (el.tail or "")
    return _squeeze(doc.text_content())


def _squeeze(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0\u200b]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


# -- rendered post page --------------------------------------------------------------------

# Selectors (XPath) by editor era, newest first (naver-target.md fact 10). SmartEditor ONE
# renders the body into .se-main-container; SmartEditor 2 posts used #postViewArea.
BODY_SELECTORS = (
    f"//*[{cls('se-main-container')}]",  # SmartEditor ONE (every post published since 2018/2019)
    "//*[@id='postViewArea']",  # SmartEditor 2 (older posts)
    f"//*[{cls('post_ct')}]",  # mobile page wrapper of old posts
)
# Looked up inside the body found above: SE ONE marks content images with a class (stickers
# and map thumbnails do not carry it); SmartEditor 2 bodies only have plain <img>.
IMAGE_SELECTORS = (
    f".//img[{cls('se-image-resource')}]",  # SE ONE image component (lazy: data-lazy-src)
    ".//img",  # SmartEditor 2
)
TITLE_SELECTORS = (f"//*[{cls('se-title-text')}]", f"//*[{cls('se_textarea')}]", "//*[@id='title_1']")


def parse_post_page(html_text_: str) -> NaverPostPage:
    doc = lxml.html.document_fromstring(html_text_ or "<html></html>")
    body = None
    for sel in BODY_SELECTORS:
        found = doc.xpath(sel)
        if found:
            body = found[0]
            break
    title = ""
    for sel in TITLE_SELECTORS:
        found = doc.xpath(sel)
        if found and found[0].text_content().strip():
            title = _squeeze(found[0].text_content()).replace("\n", " ")
            break
    if not title:
        meta = doc.xpath("//meta[@property='og:title']/@content")
        title = meta[0].strip() if meta else ""
    if body is None:
        return NaverPostPage(title=title, text="", image_count=0, image_urls=[], found_body=False)
    images: list[str] = []
    for sel in IMAGE_SELECTORS:
        images = [img.get("data-lazy-src") or img.get("src") or "" for img in body.xpath(sel)]
        if images:
            break
    for br in body.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in body.iter("p", "div", "li", "h1", "h2", "h3", "blockquote", "tr"):
        el.tail = "\n" + (el.tail or "")
    return NaverPostPage(title=title, text=_squeeze(body.text_content()), image_count=len(images),
                         image_urls=images, found_body=True)


# -- --naver-urls FILE ---------------------------------------------------------------------


@dataclass
class UrlsFileLine:
    lineno: int
    key: NaverPostKey | None
    title: str  # optional second column; may also hold the original Tistory URL
    raw: str


def parse_urls_file(text: str) -> list[UrlsFileLine]:
    """``URL[<TAB>TITLE]`` per line; ``#`` comments and blank lines skipped.

    A line whose URL is not a Naver post URL comes back with ``key=None`` so the caller can
    report it with its line number.
    """
    out = []
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        url, _, title = raw.partition("\t")
        out.append(UrlsFileLine(lineno, parse_naver_url(url.strip()), title.strip(), raw))
    return out


# -- titles ----------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def normalize_title(title: str) -> str:
    """The form titles are compared in: entities decoded, NFC, quotes and spaces unified, casefolded.

    Naver's editor turns straight quotes into curly ones in some cases and a title typed on a
    Mac arrives as NFD Hangul; neither should stop an exact match.
    """
    t = html.unescape(title or "")
    t = unicodedata.normalize("NFC", t).translate(_QUOTES)
    t = _INVISIBLE.sub("", t)
    return _SPACES.sub(" ", t).strip().casefold()
