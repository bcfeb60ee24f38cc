"""Post page -> Post: ``post.parse_post_page`` (what the page is, id, URL, body slice),
``fields`` (each optional field's chain of sources), ``body`` (the raw body slice), ``pagemeta``
(meta tags, window.T, JSON-LD), ``dates`` (the KST date chain), ``site`` (whole-page checks:
Tistory or not, blocked, the blog), ``selectors`` (skin selectors as data)."""

from tistory_migrate.extract.dates import KstDate, find_visible_date, parse_kst, to_iso
from tistory_migrate.extract.pagemeta import is_tistory
from tistory_migrate.extract.post import PageResult, parse_post_page

__all__ = ["KstDate", "PageResult", "find_visible_date", "is_tistory", "parse_kst", "parse_post_page", "to_iso"]
