"""Post page -> Post: ``post.parse_post_page`` (metadata chain + raw body slice),
``dates`` (the KST date chain), ``selectors`` (skin selectors as data)."""

from tistory_migrate.extract.dates import KstDate, find_visible_date, parse_kst, to_iso
from tistory_migrate.extract.pagemeta import is_tistory
from tistory_migrate.extract.post import PageResult, parse_post_page

__all__ = ["KstDate", "PageResult", "find_visible_date", "is_tistory", "parse_kst", "parse_post_page", "to_iso"]
