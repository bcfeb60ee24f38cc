"""One post at a time through every exporter, each post isolated: an error that one post's data
meets (in its normalization, or in one format's handling of it) leaves that post out, listed with
its reason (``ExportSummary.fail``), and the export goes on; ``pipeline.export`` calls
``export_one`` for every post."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Optional

from tistory_migrate.errors import MigrateError
from tistory_migrate.exporters.base import Exporter
from tistory_migrate.i18n import Message, msg
from tistory_migrate.models import Post

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.normalize import NormalizedBody

ERROR_TEXT_MAX = 300  # characters of an error's own text kept in a post's reason


def post_error(exc: BaseException, *, normalizing: bool) -> Optional[Message]:
    """Why one post is left out after ``exc``, or None when ``exc`` stops the whole export:
    an interruption, the disk or a file (``OSError``: every post would meet it), the archive
    or the command line (``MigrateError``). Anything else is a defect one post's data met
    (a RecursionError, a ValueError deep in a parser...): that post alone is left out."""
    if not isinstance(exc, Exception) or isinstance(exc, (OSError, MigrateError)):
        return None
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    text = text if len(text) <= ERROR_TEXT_MAX else text[:ERROR_TEXT_MAX] + "…"
    if normalizing:
        # TRANSLATORS: why one post was left out of an export; {error} is the program's own error text.
        return msg("its body could not be converted ({error})", error=text)
    # TRANSLATORS: why one post was left out of one export format; {error} is the program's own error text.
    return msg("it could not be written ({error})", error=text)


def export_one(exporters: Iterable[Exporter], post: Post,
               normalize: Callable[[Post], "NormalizedBody"]) -> None:
    """Hand ``post`` to every exporter that wants it, normalized once (``normalize``) if one of
    them reads bodies. An error in one post stops only that post: in its normalization, it is
    left out of every format that reads bodies; in one exporter, of that format alone. Errors
    that are not the post's (``post_error`` None) go up and stop the export."""
    wanting = [e for e in exporters if e.wants(post)]
    body = None
    if any(e.uses_body for e in wanting):
        try:
            body = normalize(post)
        except Exception as exc:
            reason = post_error(exc, normalizing=True)
            if reason is None:
                raise
            for exporter in [e for e in wanting if e.uses_body]:
                exporter.leave_out(post, reason)
            wanting = [e for e in wanting if not e.uses_body]  # the redirect map needs no body
    for exporter in wanting:
        try:
            exporter.export_post(post, body)
        except Exception as exc:
            reason = post_error(exc, normalizing=False)
            if reason is None:
                raise
            exporter.leave_out(post, reason)
