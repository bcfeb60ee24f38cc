"""What a run tells the person: progress while it runs, outcome records after it.

The scrape report says what was found where and what could not be had, with reasons. It is
printed at the end of a scrape, stored in the archive (``meta.report``) and shown again by
``tistory-migrate report ARCHIVE``. Plain data only; ``console.py`` renders it. Each list of
the report is filled in one module (docs/design.md, "The scrape report").

Its reasons, warnings and notes are ``i18n.Message``s, shown in the reader's language (``str()``
renders one), so ``report ARCHIVE`` speaks Korean for an archive scraped in English.
``to_dict()`` (``--json`` and what the archive keeps) has their English text in the same fields
as before, plus each one's message (``reason_code`` beside an entry's ``reason``,
``warning_codes``/``note_codes`` beside ``warnings``/``notes``); ``from_dict`` reads them back,
and what an older version stored (plain text) is shown as it is.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Protocol

from tistory_migrate.i18n import N_, Message, msg

COMMENTS_NOTE = N_("Comments were not read (they are other people's names and words). To keep them too, "
                   "run the same command again with --comments.")


class Progress(Protocol):
    """How long work reports progress (``console.RichProgress`` draws it). ``description`` is
    English marked with ``N_`` where ``start`` is called; the console translates it."""

    def start(self, task: str, description: str, total: int | None = None) -> None: ...
    def advance(self, task: str, n: int = 1) -> None: ...
    def total(self, task: str, total: int) -> None: ...


class NullProgress:
    """Progress that shows nothing (``--quiet``, ``--json``, tests)."""

    def start(self, task: str, description: str, total: int | None = None) -> None:
        pass

    def advance(self, task: str, n: int = 1) -> None:
        pass

    def total(self, task: str, total: int) -> None:
        pass


def _message(value: Any) -> Message | None:
    """A reason as a message: text (an older report, a caller's plain string) is kept verbatim."""
    if value is None or isinstance(value, Message):
        return value
    try:
        return Message.from_dict(value)
    except (KeyError, TypeError, ValueError):
        return Message.text(str(value))


def _record(cls, data: Any):
    """A report entry from what an archive stored (older versions: loose dicts)."""
    if isinstance(data, cls):
        return data
    data = dict(data)
    names = {f.name for f in fields(cls)}
    values = {k: v for k, v in data.items() if k in names}
    for f in fields(cls):
        values.setdefault(f.name, None)
    if isinstance(data.get("reason_code"), dict):
        values["reason"] = data["reason_code"]
    return cls(**values)


class _Reasoned:
    """An entry with a ``reason`` message: English ``reason`` in ``to_dict``, plus ``reason_code``
    (its id and parameters) unless it is plain text."""

    def __post_init__(self) -> None:
        self.reason = _message(self.reason)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        reason = self.reason
        d["reason"] = reason.english() if reason is not None else None
        if reason is not None and not reason.verbatim:
            d["reason_code"] = reason.to_dict()
        return d


@dataclass
class Failure(_Reasoned):
    """A page or post that could not be read after retries."""

    id: str | None
    url: str
    reason: Message
    what: str  # post | list | rss | sitemap


@dataclass
class PostLine:
    """A post the person should know of: protected, or private/unknown from the backup."""

    id: str
    title: str | None
    url: str | None
    status: str | None = None  # only for private/unknown posts

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if d["status"] is None:
            del d["status"]
        return d


@dataclass
class ChangedPost:
    """``scrape --reparse``: a post whose category, body or pictures the new rules changed."""

    id: str
    title: str | None
    url: str | None
    changed: list[str] = field(default_factory=list)  # "category" | "body" | "pictures"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MissingPost(_Reasoned):
    """A post some source named whose page is gone (``id`` is None for an ``/entry/`` link)."""

    id: str | None
    title: str | None
    url: str | None
    sources: list[str]
    reason: Message | None


@dataclass
class MediaFailure(_Reasoned):
    """An image or attachment that is missing or failed, with the first post that uses it."""

    post: str
    url: str
    status: str
    reason: Message | None


@dataclass
class GrownBody:
    """A post whose body ``scrape --reparse`` read longer than the archive had it (a page
    stored by a version that lost text at the parser's depth limit): visible characters."""

    id: str
    title: str | None
    url: str | None
    before: int
    after: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_ENTRY_LISTS = {"protected": PostLine, "missing": MissingPost, "failed": Failure, "private": PostLine,
                "media_failures": MediaFailure, "rescued": PostLine, "reparse_changed": ChangedPost,
                "bodies_grown": GrownBody}
_MESSAGE_LISTS = {"warnings": "warning_codes", "notes": "note_codes"}


def _messages(texts: Any, codes: Any) -> list[Message]:
    """A stored list of warnings or notes: its messages where the codes match it one for one,
    else its text as it is (an older report)."""
    texts = [t for t in texts if isinstance(t, (str, Message))] if isinstance(texts, list) else []
    if isinstance(codes, list) and len(codes) == len(texts):
        out = []
        for text, code in zip(texts, codes):
            m = _message(code) if isinstance(code, dict) else None
            out.append(m if m is not None else _message(text))
        return out
    return [_message(t) for t in texts]


@dataclass
class ScrapeReport:
    """The outcome of ``scrape``; ``to_dict`` is what ``--json`` prints and the archive keeps."""

    target: str = ""
    blog_title: str | None = None
    base_url: str | None = None
    mode: str = "scrape"  # scrape | reparse | dry-run | backup
    sources: dict[str, int] = field(default_factory=dict)  # source -> distinct post ids it yielded
    only_one_source: dict[str, list[str]] = field(default_factory=dict)  # source -> ids only it found
    counts: dict[str, int] = field(default_factory=dict)  # status -> posts
    kinds: dict[str, int] = field(default_factory=dict)  # post | notice | page
    by_category: dict[str, int] = field(default_factory=dict)
    category_sources: dict[str, int] = field(default_factory=dict)  # where each post's category came from
    protected: list[PostLine] = field(default_factory=list)
    missing: list[MissingPost] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)  # posts and pages that failed, with reasons
    private: list[PostLine] = field(default_factory=list)
    rescued: list[PostLine] = field(default_factory=list)  # page gone or private, body from the feed
    reparse_changed: list[ChangedPost] = field(default_factory=list)  # --reparse: category/body/pictures changed
    media: dict[str, int] = field(default_factory=dict)  # ok / failed / missing
    media_failures: list[MediaFailure] = field(default_factory=list)
    probe: dict[str, int] = field(default_factory=dict)  # gaps, probed, found, skipped
    comments: dict[str, int] = field(default_factory=dict)  # posts read, comments, failed (--comments)
    comments_by_post: dict[str, int] = field(default_factory=dict)  # post id -> comments (posts that have any)
    skipped_existing: int = 0  # posts already in the archive (resume)
    bodies_grown: list[GrownBody] = field(default_factory=list)  # --reparse: bodies now read longer
    requests: int = 0
    requests_by_host: dict[str, int] = field(default_factory=dict)
    estimated_seconds: float | None = None  # dry-run
    planned_requests: int | None = None  # dry-run
    duration_seconds: float = 0.0
    warnings: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=lambda: [Message(COMMENTS_NOTE)])
    exit_code: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _ENTRY_LISTS:
                value = [e.to_dict() for e in value]
            elif f.name in _MESSAGE_LISTS:
                value = [_message(m).english() for m in value]
            out[f.name] = copy.deepcopy(value)
        for name, codes in _MESSAGE_LISTS.items():
            out[codes] = [_message(m).to_dict() for m in getattr(self, name)]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ScrapeReport":
        names = set(cls.__dataclass_fields__)
        values = {k: v for k, v in data.items() if k in names}
        for name, record in _ENTRY_LISTS.items():
            if isinstance(values.get(name), list):
                values[name] = [_record(record, e) for e in values[name] if isinstance(e, (dict, record))]
        for name, codes in _MESSAGE_LISTS.items():
            if name in values:
                values[name] = _messages(values[name], data.get(codes))
        return cls(**values)

    @property
    def partial(self) -> bool:
        return bool(self.failed or self.media_failures)


# -- redirects resolve ------------------------------------------------------------------------
# What `redirects resolve` found: filled by redirects.resolve (sources, warnings, verified) and
# redirects.match (everything matched or not); console.print_resolve renders it. What is for
# people (a reason, a source's outcome, a warning, a problem) is an ``i18n.Message``, shown in
# the reader's language; ``to_dict()`` (``--json``) has its English text, whatever the language.
from tistory_migrate.i18n import Message  # noqa: E402  (this section's own import)


def _english(value: Any) -> Any:
    """``value`` as JSON data: every ``Message`` in it as its English text, dataclasses as dicts."""
    if isinstance(value, Message):
        return value.english()
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _english(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _english(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_english(v) for v in value]
    return copy.deepcopy(value)


@dataclass
class Match:
    """An archive post and the Naver post found to be its copy."""

    post_id: str
    title: str
    new_url: str
    method: str  # original-url | title  (kept entries keep the method they were found by)
    naver_title: str = ""


@dataclass
class Unmatched:
    """An archive post no single Naver post could be matched to, and why."""

    post_id: str
    title: str
    url: str
    reason: Message  # "not found on Naver" | "title not unique (…)" | "original URL on several Naver posts"
    candidates: list[str] = field(default_factory=list)


@dataclass
class Verified:
    """``--verify`` on one published post: the archive's image and text counts against Naver's."""

    post_id: str
    title: str
    new_url: str
    archive_images: int
    naver_images: int | None
    archive_text: int
    naver_text: int | None
    problems: list[Message] = field(default_factory=list)

    @property
    def missing_images(self) -> bool:
        return self.naver_images is not None and self.naver_images < self.archive_images


@dataclass
class ResolveReport:
    """The outcome of ``redirects resolve`` (``--json`` prints ``to_dict()``)."""

    naver_blog: str | None
    matched: list[Match] = field(default_factory=list)  # new this run
    kept: list[Match] = field(default_factory=list)  # from earlier runs
    unmatched: list[Unmatched] = field(default_factory=list)
    ambiguous: list[Unmatched] = field(default_factory=list)
    naver_unmatched: list[dict] = field(default_factory=list)  # Naver posts no original was found for
    sources: dict[str, Message] = field(default_factory=dict)  # list | rss | file -> what happened
    warnings: list[Message] = field(default_factory=list)
    verified: list[Verified] = field(default_factory=list)

    @property
    def missing_images(self) -> list[Verified]:
        return [v for v in self.verified if v.missing_images]

    def to_dict(self) -> dict:
        data = _english(self)
        data["missing_images"] = [v.post_id for v in self.missing_images]
        return data


# -- after an export ----------------------------------------------------------------------------
from pathlib import Path  # noqa: E402  (this section's own import: the sections above need none)

# TRANSLATORS: a reason posts were left out of an export, followed by how many: an error
# stopped that one post (the posts are listed with the error under the summary line).
EXPORT_FAILED = msg("an error in that post")


@dataclass
class ExportSummary:
    """What one exporter tells the person when it is done: counts, what it left out and why,
    warnings, and the file to open first. ``export --json`` prints ``to_dict()``.

    ``warnings`` are ``Message``s (``str()`` renders one in the reader's language). ``skipped``
    counts the posts left out by reason, keyed by the reason's English text (what ``--json``
    prints); ``skip(reason)`` counts one and keeps the reason as a message, and ``left_out()``
    gives (English key, message, count) for showing them in the reader's language. ``failed``
    lists the posts an error left out, each with its reason (``fail``): the export of the
    others went on, and the command exits 1."""

    format: str
    out_dir: Path
    posts: int = 0
    files: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # English reason -> count
    warnings: list[Message] = field(default_factory=list)
    first_to_open: str | None = None  # what a person should open first
    reasons: dict[str, Message] = field(default_factory=dict, repr=False)  # English reason -> the reason
    failed: list[tuple[str, Message]] = field(default_factory=list)  # (post id, why): left out by an error

    def skip(self, reason: Message, n: int = 1) -> None:
        """Count ``n`` posts left out for ``reason`` (under its English text in ``skipped``)."""
        key = reason.english()
        self.skipped[key] = self.skipped.get(key, 0) + n
        self.reasons.setdefault(key, reason)

    def warn(self, message: Message) -> None:
        self.warnings.append(message)

    def fail(self, post_id: str, reason: Message) -> None:
        """Post ``post_id`` is left out because an error stopped it (``reason``); counted with
        the posts left out, and listed by id."""
        self.failed.append((post_id, reason))
        self.skip(EXPORT_FAILED)

    def left_out(self) -> list[tuple[str, Message, int]]:
        """Each reason posts were left out for, in ``skipped``'s order: (the English key, the
        reason as a message, how many). A key counted without ``skip`` is shown as it is."""
        return [(key, self.reasons.get(key) or Message.text(key), n) for key, n in self.skipped.items()]

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "out_dir": str(self.out_dir), "posts": self.posts, "files": self.files,
                "skipped": dict(self.skipped), "warnings": [_english(w) for w in self.warnings],
                "first_to_open": self.first_to_open,
                "failed": [{"id": pid, "reason": r.english(), "reason_code": r.to_dict()} for pid, r in self.failed]}
