"""Links between posts, pointed at the posts' new addresses (docs/design.md).

The normalizer marks every link to another post of the old blog with ``data-tm-post``; the
Naver and WXR exporters call ``rewrite_post_links`` so that, once ``redirects resolve`` knows
where the linked post was published, the link goes there instead of to the old blog.
"""

from __future__ import annotations

import html
import re

from tistory_migrate.redirects.store import RedirectMap

_POST_LINK = re.compile(r'<a\b[^>]*\bdata-tm-post="([^"]+)"[^>]*>')
_HREF = re.compile(r'\bhref="[^"]*"')


def rewrite_post_links(html_text: str, redirects: RedirectMap) -> str:
    """Point every link to another post of the old blog (``a[data-tm-post]``, marked by the
    normalizer) at that post's new URL, once ``redirects resolve`` knows it (``redirects`` is
    ``store.load_map(archive)``, read once per export). Links to posts not yet published stay."""
    if "data-tm-post" not in html_text or not redirects.entries:
        return html_text

    def swap(m: re.Match) -> str:
        new = redirects.new_url_for(html.unescape(m.group(1)))
        if not new:
            return m.group(0)
        return _HREF.sub(lambda _: f'href="{html.escape(new, quote=True)}"', m.group(0), count=1)

    return _POST_LINK.sub(swap, html_text)
