"""The redirect map: every old Tistory URL of a post and where the post lives now (docs/design.md).

Phase 1 and the rendering, used by the exporters (these names are exported here):

* ``forms``    pure: every old URL form of a post (``PostPaths``, ``MapEntry``, ``OldUrl`` rows)
* ``store``    the resolved map in the archive's meta (``RedirectEntry``, ``RedirectMap``)
* ``links``    links between posts pointed at their new addresses (naver and wxr exports)
* ``styles``   ``STYLES``, the one registry of what ``redirects render --style`` writes

Phase 2, ``redirects resolve``, is imported from its own modules, so that an exporter (or
``--help``) never loads the Naver side: ``naver_pages`` (pure parsers of Naver pages),
``match`` (pure: Naver posts to archive posts) and ``resolve`` (lists the Naver blog through
a ``Fetcher``, matches, verifies, saves).
"""

from tistory_migrate.redirects.forms import MapEntry, OldUrl, PostPaths, encode_path, old_paths, old_urls, post_paths
from tistory_migrate.redirects.links import rewrite_post_links
from tistory_migrate.redirects.store import RedirectEntry, RedirectMap, add_entries, load_map
from tistory_migrate.redirects.styles import STYLES, Style, home_address, style_named

__all__ = [
    "MapEntry", "OldUrl", "PostPaths", "encode_path", "old_paths", "old_urls", "post_paths",
    "rewrite_post_links",
    "RedirectEntry", "RedirectMap", "add_entries", "load_map",
    "STYLES", "Style", "home_address", "style_named",
]
