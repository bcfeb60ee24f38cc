"""Steps 1 and 2 of ``html.normalize_tree``: every picture and file the scan found becomes our
marker (``figure[data-tm-image]``, ``p[data-tm-attachment]``), every video, map and link card a
``p[data-tm-embed]`` link, exactly where the original sat.
"""

from __future__ import annotations

from lxml import etree

from tistory_migrate.markup import classes, remove_keep_tail, tag_of
from tistory_migrate.models import Embed
from tistory_migrate.normalize.embeds import embed_of
from tistory_migrate.normalize.images import MediaScan
from tistory_migrate.normalize.placeholders import ATTACH_PATH
from tistory_migrate.normalize.vocabulary import NOTE_GRID, NOTE_LINKED_IMAGE, NOTE_NO_FILE

Element = etree.Element


def _replace(old, new) -> None:
    new.tail = old.tail
    old.tail = None
    old.getparent().replace(old, new)


# --- 1. markers for media ----------------------------------------------------------------------


def image_marker(index: int, url: str, caption: str | None):
    """``<figure data-tm-image="i"><img src alt><figcaption>`` for picture ``i`` of the body."""
    fig = Element("figure")
    fig.set("data-tm-image", str(index))
    img = etree.SubElement(fig, "img")
    if url:
        img.set("src", url)
    img.set("alt", caption or "")
    if caption:
        cap = etree.SubElement(fig, "figcaption")
        cap.text = caption
    return fig


def attachment_marker(index: int, url: str, name: str):
    """``<p data-tm-attachment="i"><a href>name</a></p>`` for file ``i`` (the bare name when the
    file has no address: only a backup holds it)."""
    p = Element("p")
    p.set("data-tm-attachment", str(index))
    if url:
        a = etree.SubElement(p, "a")
        a.set("href", url)
        a.text = name
    else:
        p.text = name
    return p


def attachment_link(index: int, link, url: str):
    """A legacy attachment link (``<a href="[##_ATTACH_PATH_##]/file">text</a>`` in a backup or
    legacy XML body) kept as the link it was, with its text: ``<a data-tm-attachment="i">``;
    the exporters point it at the exported file (issue 14). Without a web address its href
    stays the placeholder, so a second pass finds the same file."""
    a = Element("a")
    a.set("data-tm-attachment", str(index))
    a.set("href", url if url.startswith(("http://", "https://")) else (link.get("href") or ""))
    a.text = link.text
    for child in link:
        a.append(child)
    return a


def _legacy_link(element, ref) -> bool:
    text = "".join(element.itertext()).strip()
    legacy = ATTACH_PATH in (ref.src or "") or ref.original_url.startswith("backup:")  # a backup's ./file/x too
    return tag_of(element) == "a" and legacy and bool(text) and ATTACH_PATH not in text


def place_media(scan: MediaScan, notes: list[str]) -> list:
    """Swap every media element for its marker; grids become consecutive single pictures.
    Returns (marker, the block the picture sat in) for every picture placed, in body order:
    step 6 looks below them for a "▲" line."""
    groups: dict[int, list] = {}
    for f in scan.found:
        if f.group is not None:
            groups.setdefault(id(f.group), [f.group]).append(f)
    done_groups: set[int] = set()
    placed: list = []
    for f in scan.found:
        if f.kind == "attachment":
            ref = scan.attachments[f.index]
            name = ref.filename or ref.src
            if not ref.original_url and NOTE_NO_FILE not in notes:
                notes.append(NOTE_NO_FILE)
            if f.element.getparent() is not None:
                if _legacy_link(f.element, ref):
                    _replace(f.element, attachment_link(f.index, f.element, ref.original_url))
                else:
                    _replace(f.element, attachment_marker(f.index, ref.original_url, name))
            continue
        ref = scan.images[f.index]
        fig = image_marker(f.index, ref.original_url, ref.caption)
        if f.group is not None:
            gid = id(f.group)
            if gid in done_groups:
                continue
            done_groups.add(gid)
            members = groups[gid][1:]
            if len(members) > 1 and NOTE_GRID not in notes:
                notes.append(NOTE_GRID)
            figs = [image_marker(m.index, scan.images[m.index].original_url, scan.images[m.index].caption) for m in members]
            group = f.group
            if group.getparent() is None:
                continue
            parent = group.getparent()
            pos = parent.index(group)
            tail = group.tail
            parent.remove(group)
            for k, fg in enumerate(figs):
                parent.insert(pos + k, fg)
            figs[-1].tail = tail
            placed.extend((fg, m.block) for fg, m in zip(figs, members))
            continue
        el = f.element
        if el.getparent() is None:
            continue
        if tag_of(el) == "a" and el.get("href") and el.get("data-lightbox") is None and NOTE_LINKED_IMAGE not in notes:
            notes.append(NOTE_LINKED_IMAGE)
        _replace(el, fig)
        placed.append((fig, f.block))
    return placed


# --- 2. embeds ---------------------------------------------------------------------------------


def place_embeds(root, notes: list[str]) -> list[Embed]:
    """Swap every video, map and link card for a ``p[data-tm-embed]`` link; drop the frames
    left over. Returns the embeds in body order."""
    embeds: list[Embed] = []
    todo = []
    for el in root.iter("figure", "iframe", "embed", "div", "p"):
        tag = el.tag
        # cheap pre-filter: most <p>/<div> are text, only a few attributes make them embeds
        if tag == "p" and el.get("data-tm-embed") is None:
            continue
        if tag == "div" and not (el.get("class") and ("tt-youtube-plugin" in el.get("class") or "map" in el.get("class"))):
            continue
        if todo and _is_inside(el, todo[-1][0]):
            continue
        found = embed_of(el, tag_of(el), classes(el))
        if found is not None:
            todo.append((el, found))
    for el, (embed, note) in todo:
        if el.getparent() is None:
            continue
        p = Element("p")
        p.set("data-tm-embed", str(len(embeds)))
        a = etree.SubElement(p, "a")
        a.set("href", embed.url)
        a.text = embed.title or embed.url
        embeds.append(embed)
        if note and note not in notes:
            notes.append(note)
        _replace(el, p)
    # Whatever frames are left (no usable src, srcdoc) carry nothing we can keep.
    for el in list(root.iter("iframe", "embed", "object", "video", "audio")):
        if el.getparent() is not None:
            remove_keep_tail(el)
    return embeds


def _is_inside(el, ancestor) -> bool:
    return any(a is ancestor for a in el.iterancestors())
