"""Discovery parsers (pure text -> records): list pages, ``/rss``, ``/sitemap.xml``."""

from tistory_migrate.discover.listing import ListPage, parse_list_page
from tistory_migrate.discover.rss import RssChannel, RssItem, parse_rss, rss_channel_info
from tistory_migrate.discover.sitemap import Sitemap, parse_sitemap

__all__ = ["ListPage", "RssChannel", "RssItem", "Sitemap", "parse_list_page", "parse_rss", "parse_sitemap", "rss_channel_info"]
