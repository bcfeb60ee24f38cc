"""The scrape report: what was found where, and what could not be had, with reasons.

Printed at the end of a scrape, stored in the archive (``meta.report``) and shown again by
``tistory-migrate report ARCHIVE``. Plain data only; ``console.py`` renders it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

COMMENTS_NOTE = ("Comments are not included: Tistory loads them in the visitor's browser, "
                 "not in the page, so they cannot be read from the public pages.")


@dataclass
class ScrapeReport:
    target: str = ""
    blog_title: str | None = None
    base_url: str | None = None
    mode: str = "scrape"  # scrape | reparse | dry-run | backup
    sources: dict[str, int] = field(default_factory=dict)  # source -> distinct post ids it yielded
    only_one_source: dict[str, list[str]] = field(default_factory=dict)  # source -> ids only it found
    counts: dict[str, int] = field(default_factory=dict)  # status -> posts
    kinds: dict[str, int] = field(default_factory=dict)  # post | notice | page
    by_category: dict[str, int] = field(default_factory=dict)
    protected: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)  # posts and pages that failed, with reasons
    private: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, int] = field(default_factory=dict)  # ok / failed / missing / skipped
    media_failures: list[dict[str, Any]] = field(default_factory=list)  # post, url, reason
    probe: dict[str, int] = field(default_factory=dict)  # probed, found, gaps_skipped
    skipped_existing: int = 0  # posts already in the archive (resume)
    requests: int = 0
    requests_by_host: dict[str, int] = field(default_factory=dict)
    estimated_seconds: float | None = None  # dry-run
    planned_requests: int | None = None  # dry-run
    duration_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=lambda: [COMMENTS_NOTE])
    exit_code: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ScrapeReport":
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})

    @property
    def partial(self) -> bool:
        return bool(self.failed or self.media_failures)


# -- after an export ----------------------------------------------------------------------------
from pathlib import Path  # noqa: E402  (this section's own import: the sections above need none)


@dataclass
class ExportSummary:
    """What one exporter tells the person when it is done: counts, what it left out and why,
    warnings, and the file to open first. ``export --json`` prints ``to_dict()``."""

    format: str
    out_dir: Path
    posts: int = 0
    files: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    warnings: list[str] = field(default_factory=list)
    first_to_open: str | None = None  # what a person should open first

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "out_dir": str(self.out_dir), "posts": self.posts, "files": self.files,
                "skipped": dict(self.skipped), "warnings": list(self.warnings), "first_to_open": self.first_to_open}
