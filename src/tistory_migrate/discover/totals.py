"""Pure: the blog's own count of its posts, as its pages show it. The sidebar's category box
starts with "분류 전체보기" followed by the count in parentheses (``<span class="c_cnt">(13)</span>``
in the Magazine, Odyssey and classic skins; docs/tistory-markup.md §1). That count is what the
blog says it holds (public and protected posts, no notices), so a scrape that finds fewer has
posts no list shows. None when the page shows no count.
"""

from __future__ import annotations

import re

# "분류 전체보기" then, within a few tags, "(N)": bounded repetition, no nested quantifiers.
_TOTAL = re.compile(r"분류\s*전체\s*보기\s*(?:</?[a-zA-Z][^<>]{0,200}>\s*){0,4}\(\s*(\d{1,7})\s*\)")


def sidebar_total(html: str) -> int | None:
    """The count beside "분류 전체보기" in ``html``, or None."""
    if not html:
        return None
    m = _TOTAL.search(html)
    return int(m.group(1)) if m else None
