"""A post page's category: the full path, and which source said it (issue 14).

Sources in order (docs/tistory-markup.md §3.1, §5.5):

1. ``window.T.entryInfo.categoryLabel`` (2021+ skins): the full path. ``categoryId`` 0 with no
   label is Tistory's "no category".
2. the skin's category link (``span.category a[href=/category/Parent/Child]``, the skin headers
   of ``selectors.SKINS``): its ``href`` carries the full path even where its text shows only
   the last level;
3. the "other posts in this category" box (``div.another_category h4``, one link per level);
   then, for a skin the table does not know, a ``/category/…`` link inside an element of class
   "category" outside the sidebars, whose href agrees with its text;
4. ``window.tiara.entry.categoryName`` (the analytics script): the last level only.

A path seen only as a last level (a skin whose link text is the leaf and whose href is not a
category path, tiara) is completed from the blog's category tree in the sidebar
(``ul.tt_category``) when that leaf is unique there. Tistory's "no category" placeholders become
None (``models.category_path``). Every source but entryInfo leaves a warning naming it; the
source is kept in ``post.extra["category_source"]`` for the report's counts.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from tistory_migrate.extract.fields import not_content
from tistory_migrate.extract.pagemeta import PageMeta
from tistory_migrate.extract.selectors import ANOTHER_CATEGORY_H4, CATEGORY_TREE, SKINS
from tistory_migrate.i18n import msg
from tistory_migrate.markup import compiled, squeezed_text
from tistory_migrate.models import Post, category_path
from tistory_migrate.urls import classify

# The skin's own category link anywhere outside the sidebars (skins the table does not know).
_CATEGORY_LINK = "//*[contains(concat(' ', normalize-space(@class), ' '), ' category ')]//a[starts-with(@href, '/category/') or contains(@href, '/category/')]"


class _Everything(frozenset):
    """A tree that has every name: ``category_path`` keeps a placeholder (decided later, against
    the blog's real tree)."""

    def __contains__(self, item: object) -> bool:
        return True


_EVERY_NAME = _Everything()


def category_tree(doc: lxml_html.HtmlElement) -> frozenset[str]:
    """Every category path the sidebar's ``ul.tt_category`` links (decoded, NFC)."""
    found: set[str] = set()
    for a in compiled(CATEGORY_TREE)(doc):
        path = _href_path(a.get("href") or "")
        if path:
            found.add(path)
    return frozenset(found)


def complete_leaf(leaf: str, tree: frozenset[str] | set[str]) -> str | None:
    """The one path of ``tree`` whose last level is ``leaf`` (None: absent or not unique)."""
    if "/" in leaf:
        return leaf if leaf in tree else None
    matches = [p for p in tree if p.rsplit("/", 1)[-1] == leaf]
    return matches[0] if len(matches) == 1 else None


def _href_path(href: str) -> str | None:
    info = classify(href.strip()) if href.strip() else None
    if info is None or info.kind != "category" or not info.slug:
        return None
    return category_path(info.slug, _EVERY_NAME)


def _skin_link(doc: lxml_html.HtmlElement) -> tuple[str, str, bool] | None:
    """(path, skin name, full) from the skin headers: the link's href path when it has one
    (full), else the element's text (full only when it shows levels)."""
    for skin in SKINS:
        for xp in skin.category:
            for el in compiled(xp)(doc):
                links = [el] if el.tag == "a" else list(el.iter("a"))
                for a in links:
                    path = _href_path(a.get("href") or "")
                    if path and _agrees(path, squeezed_text(a)):
                        return path, skin.name, True
                text = squeezed_text(el)
                if text:
                    return text, skin.name, "/" in text
    return None


def _any_category_link(doc: lxml_html.HtmlElement) -> str | None:
    """A skin the table does not know: a category link inside an element of class "category"
    outside the sidebars, whose href path agrees with its text."""
    for a in compiled(_CATEGORY_LINK)(doc):
        if not_content(a):
            continue
        path = _href_path(a.get("href") or "")
        if path and _agrees(path, squeezed_text(a)):
            return path
    return None


def _agrees(path: str, text: str) -> bool:
    """The href's path is the link's category when the link shows its last level (or the whole
    path, or nothing): an href that says something else (a broken copy of the page) is not."""
    shown = category_path(text, _EVERY_NAME)
    return shown is None or shown == path or shown == path.rsplit("/", 1)[-1]


def _another_category(doc: lxml_html.HtmlElement) -> str | None:
    for h4 in compiled(ANOTHER_CATEGORY_H4)(doc):
        links = [squeezed_text(a) for a in h4.xpath(".//a") if squeezed_text(a)]
        if not links:
            m = re.search(r"'(.+)'", squeezed_text(h4))
            links = [p.strip() for p in m.group(1).split(">")] if m else []
        if links:
            return "/".join(links)
    return None


def read_category(doc: lxml_html.HtmlElement, pm: PageMeta, post: Post) -> str | None:
    """The category path ("부모/자식") or None; sets ``post.extra["category_source"]``."""
    entry = pm.entry_info or {}
    label = entry.get("categoryLabel")
    if isinstance(label, str) and label.strip():
        post.extra["category_source"] = "entryInfo"
        # the sidebar tree is read only when the label is a "no category" placeholder
        return category_path(label) or category_path(label, category_tree(doc))
    if entry and str(entry.get("categoryId")) == "0":
        post.extra["category_source"] = "entryInfo"
        return None  # Tistory's "no category"
    tree = category_tree(doc)
    found = _skin_link(doc)
    if found and found[2]:
        post.extra["category_source"] = "skin"
        post.warn(msg("category: taken from the {skin} skin header (no window.T.entryInfo)", skin=found[1]))
        return category_path(found[0], tree)
    other = _another_category(doc)
    if other:
        post.extra["category_source"] = "another_category"
        post.warn(msg("category: taken from the 'other posts in this category' box (no window.T.entryInfo)"))
        return category_path(other, tree)
    link = _any_category_link(doc)
    if link:
        post.extra["category_source"] = "skin"
        post.warn(msg("category: taken from the {skin} skin header (no window.T.entryInfo)", skin="category link"))
        return category_path(link, tree)
    name = ((pm.tiara or {}).get("entry") or {}).get("categoryName")
    leaf, source = (name.strip(), "tiara") if isinstance(name, str) and name.strip() else (None, None)
    if leaf is None and found:
        leaf, source = found[0], "skin"
    if leaf is None:
        post.warn(msg("category: not found"))
        return None
    return leaf_category(leaf, source or "skin", tree, post)


def leaf_category(leaf: str, source: str, tree: frozenset[str] | set[str], post: Post) -> str | None:
    """A category known only by its last level (``source``: tiara, skin, rss, list): completed
    from the blog's ``tree`` when the leaf is unique there, else kept as it is; a warning either way."""
    value = category_path(leaf, tree)
    if value is None:
        post.extra["category_source"] = source
        return None
    full = complete_leaf(value, tree) if tree else None
    if full and full != value:
        post.extra["category_source"] = "tree"
        post.warn(msg("category: {leaf} from {source} completed to {path} from the blog's category tree",
                      leaf=value, source=source, path=full))
        return full
    post.extra["category_source"] = source
    if value in tree:  # a top-level category: the last level is the whole path
        post.warn(msg("category: taken from {source} (no window.T.entryInfo)", source=source))
        return value
    post.warn(msg("category: taken from {source}, which names the last level only", source=source))
    return value
