"""Images and attachments of a post body: which files, in body order, from where.

Public API (docs/design.md):
* ``resolve_original(url, base_url=None) -> Resolved | None``   (families.py)
* ``find_media(body_html, page_url) -> (images, attachments)``
* ``sniff(data) -> Sniffed | None``                             (sniff.py)
* ``readable_name(index, total, hint, ext, used) -> str``      (names.py)

``scan`` is what ``normalize_body`` uses too: it returns, besides the refs, the element each
ref came from so the HTML step can put the marker exactly there. Both go through
``tree.parse_body`` (same chrome stripping), so the archive's downloads and the exported
markers always agree.

One ref per picture even when it shows in several attributes (span[data-url], href,
data-phocus, lazy attributes, src, srcset, dir): the first candidate in ``_URL_ATTRS`` order
that resolves wins; they are ordered from "is the original" to "a resized copy". A picture
shown twice gets one ref; both places point at it (one file to upload). Captions come from
``captions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from tistory_migrate.markup import classes, positive_int, squeezed_text, tag_of
from tistory_migrate.models import MediaRef
from tistory_migrate.normalize.captions import arrow_caption, clean_alt, figcaption_of, picture_block
from tistory_migrate.normalize.families import Resolved, basename_hint, http_fallback, resolve_original
from tistory_migrate.normalize.names import KNOWN_EXTS, readable_name
from tistory_migrate.normalize.placeholders import ATTACH_PATH
from tistory_migrate.normalize.sniff import Sniffed, sniff
from tistory_migrate.normalize.tree import ParseCheck, parse_body, parse_body_checked

__all__ = ["Resolved", "Sniffed", "find_media", "http_fallback", "readable_name", "resolve_original", "scan", "sniff"]

# Attribute order per element, best original first (see module doc).
# ``onclick``: old skins opened the original in a pop-up, ``open_img('…')`` (issue 14): the only
# place some pages name it.
_URL_ATTRS = ("data-url", "data-phocus", "onclick", "href", "dir", "data-original", "data-src", "data-lazy-src",
              "src", "srcset")
# A URL in a script attribute: the first quoted http(s) or protocol-relative one.
_SCRIPT_URL = re.compile(r"""['"]((?:https?:)?//[^'"\s]+)['"]""")
# Lightbox scripts other than Tistory's data-lightbox: rel="lightbox[…]", data-fancybox, class "lightbox".
_LIGHTBOX = re.compile(r"lightbox|fancybox|colorbox|highslide", re.I)
# Families whose links are files of the blog (attachments) rather than web pages.
_FILE_FAMILIES = {"uf-cfile", "t1-cfile", "kakaocdn-dn", "kakaocdn-dna", "local"}
_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp|heic|avif|svg)$", re.I)
_VIDEO_EXT = re.compile(r"\.(?:mp4|mov|m4v|webm|avi|wmv)$", re.I)
_POOR_NAME = re.compile(r"^(?:img|image|images?_?[0-9]*|photo)\.\w+$|^[0-9A-Fa-f]{16,}$", re.I)


@dataclass
class Found:
    """Where one ref sits in the tree (for ``normalize_body``)."""

    kind: str  # image | attachment
    index: int  # into the images / attachments list
    element: object  # element the marker replaces (figure, span.imageblock, img, a, video…)
    group: object | None = None  # the grid/slide figure holding several pictures
    block: object | None = None  # a picture's block: its pictures share the "▲" line below it


@dataclass
class MediaScan:
    """The refs of one body, in body order, and where each sits (``found``)."""

    images: list[MediaRef] = field(default_factory=list)
    attachments: list[MediaRef] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)


def find_media(body_html: str, page_url: str, *, own_markers: bool = False) -> tuple[list[MediaRef], list[MediaRef]]:
    """Every content image and attachment of a body, in body order (no duplicates);
    ``own_markers`` as for ``normalize_body``."""
    result = scan(parse_body(body_html, own_markers=own_markers), page_url)
    return result.images, result.attachments


def find_media_checked(body_html: str, page_url: str) -> tuple[list[MediaRef], list[MediaRef], ParseCheck]:
    """``find_media`` and how the body's parse went (``tree.ParseCheck``: text lost, deep
    markup flattened), for the scrape to say so on the post."""
    root, check = parse_body_checked(body_html, check_loss=True)
    result = scan(root, page_url)
    return result.images, result.attachments, check


def scan(root, page_url: str, *, arrow_lines: bool = True) -> MediaScan:
    """The media of a parsed body (``tree.parse_body``); ``page_url`` resolves relative ones.
    ``arrow_lines=False``: no "▲" line read as a caption here (``normalize_body`` decides them
    after its markup steps, ``captions.take_arrow_lines``)."""
    s = _Scanner(page_url, arrow_lines)
    s.walk(root)
    return s.out


# --- helpers ----------------------------------------------------------------------------------


def _srcset_first(value: str) -> str:
    return value.strip().split(",")[0].strip().split(" ")[0] if value else ""


def _good_name(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip()
    return name or None


def _pick_name(candidates) -> str | None:
    """First real file name; ``img.jpg`` (Tistory's storage name) only when nothing better."""
    poor = None
    for name in candidates:
        name = _good_name(name)
        if not name:
            continue
        if _POOR_NAME.match(name):
            if poor is None and "." in name:
                poor = name
            continue
        return name
    return poor


# Tags ``_Scanner.visit`` always looks at; p/span/div and others only with the attributes it
# tests (substring tests here, visit checks the class token).
_UNIT_TAGS = frozenset({"figure", "img", "a", "video", "source"})


def _descendants(el, tag: str):
    return [d for d in el.iter(tag)] if el is not None else []


class _Scanner:
    def __init__(self, page_url: str, arrow_lines: bool = True):
        self.page_url = page_url
        self.arrow_lines = arrow_lines
        self.out = MediaScan()
        self.index: dict[tuple[str, str], int] = {}
        self.resolved: dict[str, Resolved | None] = {}

    # -- recording ----------------------------------------------------------------------------
    def add(self, ref: MediaRef, element, *, group=None, block=None) -> None:
        bucket = self.out.images if ref.kind == "image" else self.out.attachments
        key = (ref.kind, ref.identity)
        idx = self.index.get(key)
        if idx is None:
            idx = len(bucket)
            self.index[key] = idx
            bucket.append(ref)
        else:
            known = bucket[idx]
            # A later occurrence may carry what the first lacked (caption, size, real name).
            known.caption = known.caption or ref.caption
            known.width = known.width or ref.width
            known.height = known.height or ref.height
            if ref.filename and (not known.filename or _POOR_NAME.match(known.filename)):
                known.filename = _pick_name([known.filename, ref.filename])
        self.out.found.append(Found(ref.kind, idx, element, group, block))

    # -- walking ------------------------------------------------------------------------------
    def walk(self, root) -> None:
        """Visit, in body order, the elements ``visit`` may act on, never inside a handled one.

        Same order and result as descending child by child (every other element only holds
        them), in one flat loop: a cheap test skips the plain paragraphs and spans that make up
        most of a body without the cost of ``visit``.
        """
        handled: set = set()  # descendants of handled units (kept referenced: proxy identity)
        for el in root.iterdescendants():
            tag = el.tag
            if not isinstance(tag, str):
                continue  # comments, processing instructions
            tag = tag.lower()
            cls = el.get("class") or ""
            if not (tag in _UNIT_TAGS or "og-image" in cls or el.get("data-video-thumbnail") is not None
                    or (tag == "p" and el.get("data-tm-attachment") is not None)
                    or ((tag == "span" or tag == "div") and "imageblock" in cls)):
                continue  # visit() would return False: nothing here, look inside (we do anyway)
            if handled and el in handled:
                continue
            if self.visit(el, tag) is not False:
                handled.update(el.iterdescendants())

    def visit(self, el, tag: str):
        """Handle ``el`` if it is a media unit; return False to descend into it."""
        cls = classes(el)
        if tag == "figure":
            return self.figure(el, cls)
        if tag == "p" and el.get("data-tm-attachment") is not None:
            return self.marker_attachment(el)
        if "og-image" in cls or el.get("data-video-thumbnail") is not None:
            return True  # card/video backgrounds are not content
        if tag in ("span", "div") and "imageblock" in cls:
            return self.image_unit(el, el, block=el)
        if tag == "img":
            host = self.link_host(el)
            return self.image_unit(el, host if host is not None else el, block=None)
        if tag == "a":
            return self.link(el)
        if tag in ("video", "source"):
            return self.video_file(el, el)
        return False

    def figure(self, fig, cls: set[str]):
        if fig.get("data-tm-image") is not None:
            img = next(iter(fig.iter("img")), None)
            if img is not None:
                self.image_unit(img, fig, block=fig, caption=figcaption_of(fig))
            return True
        ke = (fig.get("data-ke-type") or "").lower()
        if ke == "opengraph" or "og" in cls:
            return True
        if ke == "video" or fig.get("data-video-url") is not None:
            url = fig.get("data-video-url") or ""
            video = next(iter(fig.iter("video", "source")), None)
            if _VIDEO_EXT.search(urlsplit(url).path) and self.resolve(url):
                self.attachment(url, fig, name=fig.get("data-video-title"))
            elif video is not None:
                self.video_file(video, fig)
            return True
        if "fileblock" in cls or ke == "file":
            a = next(iter(fig.iter("a")), None)
            if a is not None and a.get("href"):
                names = [squeezed_text(n) for n in a.iter() if "name" in classes(n)]
                self.attachment(a.get("href"), fig, name=names[0] if names else None)
            return True
        if any("image" in c for c in cls) or ke.startswith("image"):
            units = [s for s in fig.iter("span") if s.get("data-url") is not None]
            if not units:
                units = list(fig.iter("img"))
            grid = fig if len(units) > 1 or "imagegridblock" in cls or "imageslideblock" in cls else None
            caption = figcaption_of(fig)
            for i, unit in enumerate(units):
                last = i == len(units) - 1
                self.image_unit(unit, unit if grid is not None else fig, block=fig, group=grid,
                                caption=caption if last else None, outer=fig)
            return True
        return False  # a figure of something else (table, quote): look inside

    def link_host(self, img):
        """The ``<a>`` wrapping only this picture, if any: the marker replaces the link too."""
        parent = img.getparent()
        if parent is not None and tag_of(parent) == "a" and len(parent) == 1 and not (parent.text or "").strip():
            return parent
        return None

    # -- units --------------------------------------------------------------------------------
    def resolve(self, url: str | None) -> Resolved | None:
        if not url:
            return None
        # One body names the same picture in several attributes (data-url, src, href…):
        # resolve each distinct value once (Resolved is frozen, sharing it is safe).
        try:
            return self.resolved[url]
        except KeyError:
            res = self.resolved[url] = resolve_original(url, self.page_url)
            return res

    def candidates(self, unit, host):
        """(attribute value, element) pairs in preference order for one picture (lazily: the
        caller stops at the first that resolves)."""
        els = list(unit.iter())  # the unit first, then its descendants in body order
        anchors = [a for a in ([host] if host is not None and tag_of(host) == "a" else [])]
        anchors += [a for a in unit.iterancestors("a")][:1]
        for attr in _URL_ATTRS:
            pool = els + anchors if attr in ("href", "onclick") else els
            for el in pool:
                value = el.get(attr)
                if not value:
                    continue
                if attr == "onclick":
                    m = _SCRIPT_URL.search(value)
                    if not m or ("open_img" not in value and not self.href_is_picture(el, m.group(1))):
                        continue  # a script opening a page, not the picture
                    value = m.group(1)
                if attr == "srcset":
                    value = _srcset_first(value)
                if attr == "href" and not self.href_is_picture(el, value):
                    continue
                yield value, el

    def href_is_picture(self, el, value: str) -> bool:
        # A link around a picture is its original only if it is a lightbox or a picture file;
        # otherwise it is a link to a page (kept by the HTML step, not downloaded).
        if el.get("data-lightbox") is not None or el.get("data-fancybox") is not None:
            return True
        if _LIGHTBOX.search(el.get("rel") or "") or _LIGHTBOX.search(el.get("class") or ""):
            return bool(self.resolve(value))
        res = self.resolve(value)
        return bool(res) and (res.family in _FILE_FAMILIES or bool(_IMAGE_EXT.search(urlsplit(res.original_url).path)))

    def image_unit(self, unit, element, *, block=None, group=None, caption=None, outer=None):
        """Record one picture; without ``caption``/``data-alt``, a "▲" line below it."""
        cands = self.candidates(unit, element)
        chosen = None
        for value, _el in cands:
            if ATTACH_PATH in value:
                chosen = (value, None)
                break
            res = self.resolve(value)
            if res is not None:
                chosen = (value, res)
                break
        if chosen is None:
            return True  # placeholder, skin asset, emoticon, data: URI: not content
        src, res = chosen
        imgs = [unit] if tag_of(unit) == "img" else _descendants(unit, "img")
        img = imgs[0] if imgs else None
        chain = [e for e in (img, unit, outer) if e is not None]
        caption = caption or next((c for c in (clean_alt(e.get("data-alt")) for e in chain) if c), None)
        block = picture_block(element if block is None else block)
        if caption is None and self.arrow_lines:
            caption = arrow_caption(block)
        names = [e.get("data-filename") for e in chain] + [img.get("filename") if img is not None else None]
        ref = self.ref("image", src, res, names, caption, chain)
        self.add(ref, element, group=group, block=block)
        return True

    def ref(self, kind: str, src: str, res: Resolved | None, names, caption, chain) -> MediaRef:
        if res is None:  # [##_ATTACH_PATH_##]/name: only a backup can supply the bytes
            name = unquote(src.split(ATTACH_PATH, 1)[1].lstrip("/"))
            return MediaRef(kind=kind, src=src, original_url="", identity=f"attach-path:{name}",
                            caption=caption, filename=_pick_name([*names, name]), local_path=name)
        url_name = basename_hint(res.original_url)
        if (res.family == "kakaocdn-dna" or res.family == "kakaocdn-dn") and "?" in res.original_url:
            query = urlsplit(res.original_url).query
            # parse_qs only when a "knm" key can be there (literally, or percent-encoded)
            knm = parse_qs(query).get("knm") if "knm" in query or "%" in query else None
            if knm:
                names = [*names, knm[0]]
        return MediaRef(
            kind=kind,
            src=src,
            original_url=res.original_url,
            identity=res.identity,
            caption=caption,
            filename=_pick_name([*names, url_name]),
            width=next((w for w in (positive_int(e.get("data-origin-width")) for e in chain) if w), None),
            height=next((h for h in (positive_int(e.get("data-origin-height")) for e in chain) if h), None),
            expires=res.expires,
            local_path=res.original_url[7:].split("/", 1)[1] if res.family == "local" and "/" in res.original_url[7:] else None,
        )

    # -- attachments --------------------------------------------------------------------------
    def link(self, a):
        href = a.get("href") or ""
        if next(a.iter("img"), None) is not None:
            return False
        if ATTACH_PATH in href:
            self.attachment(href, a, name=squeezed_text(a) or None)
            return True
        res = self.resolve(href)
        if res is None or res.family not in _FILE_FAMILIES:
            return False
        self.attachment(href, a, name=squeezed_text(a) or None, res=res)
        return True

    def marker_attachment(self, p):
        a = next(iter(p.iter("a")), None)
        if a is not None and a.get("href"):
            self.attachment(a.get("href"), p, name=squeezed_text(a) or None)
        elif squeezed_text(p):
            self.attachment(f"{ATTACH_PATH}/{squeezed_text(p)}", p, name=squeezed_text(p))
        return True

    def video_file(self, video, element):
        src = video.get("src") or next((s.get("src") for s in video.iter("source") if s.get("src")), None)
        if src and self.resolve(src):
            self.attachment(src, element, name=None)
        return True

    def attachment(self, href: str, element, *, name: str | None, res: Resolved | None = None) -> None:
        if ATTACH_PATH not in href:
            res = res or self.resolve(href)
            if res is None:
                return
        if name and ATTACH_PATH in name:  # the link text is the placeholder path itself
            name = unquote(name.split(ATTACH_PATH, 1)[1].lstrip("/")) or None
        # Link text is the real name only when it looks like one ("보고서.hwp", not "여기").
        text_name = name if name and "." in name and name.rsplit(".", 1)[1].lower() in KNOWN_EXTS else None
        ref = self.ref("attachment", href, res, [text_name], None, [element])
        if ref.filename is None or ref.filename == basename_hint(ref.original_url):
            ref.filename = text_name or ref.filename or (name if name else None)
        self.add(ref, element)
