"""``/sitemap.xml`` -> post URLs and nested sitemap URLs (docs/tistory-markup.md §7).

Tistory's sitemap also lists ``/category``, ``/tag`` and ``/guestbook`` and misses older posts
on big blogs, so it is a hint: only post/notice/page URLs of this blog are kept, mobile URLs
become PC URLs, and the caller still walks the list pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tistory_migrate.discover.feedxml import child_text, children, local, parse_xml
from tistory_migrate.urls import blog_base, classify, pc_url, same_blog


@dataclass
class Sitemap:
    post_urls: list[str] = field(default_factory=list)
    sitemap_urls: list[str] = field(default_factory=list)  # a sitemap index points at these


def parse_sitemap(xml: bytes | str, url: str) -> Sitemap:
    root = parse_xml(xml)
    result = Sitemap()
    if root is None:
        return result
    base = blog_base(url)
    if local(root.tag) == "sitemapindex":
        for entry in children(root, "sitemap"):
            loc = child_text(entry, "loc")
            if loc and same_blog(loc, base) and loc not in result.sitemap_urls:
                result.sitemap_urls.append(loc.strip())
        return result
    for entry in children(root, "url"):
        loc = child_text(entry, "loc")
        if not loc or not same_blog(loc, base):
            continue
        if classify(loc, base).is_post:
            canonical = pc_url(loc, base)
            if canonical and canonical not in result.post_urls:
                result.post_urls.append(canonical)
    return result
