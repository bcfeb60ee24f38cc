"""tistory-migrate: move a whole Tistory blog to Naver Blog (and WordPress/WXR)."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/tistory-migrate/tistory-migrate"
