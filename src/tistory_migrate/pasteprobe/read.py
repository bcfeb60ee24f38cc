"""``tistory-migrate probe``: read the published probe post and store what survived.

The page comes from the person's saved file (``--from-file``) or from Naver through the one
network seam (a ``Fetcher`` the command line built with ``crawl=False``, as ``redirects
resolve --verify`` does): the post's mobile page ``m.blog.naver.com/ID/LOGNO``, which holds
the body without the desktop page's iframe. The tool never logs in, so the post must be public.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from tistory_migrate.fetch.response import decode_html
from tistory_migrate.errors import FetchError, NothingToDo, UsageError
from tistory_migrate.i18n import _
from tistory_migrate.pasteprobe import ProbeResult, store
from tistory_migrate.pasteprobe.page import MAX_BYTES, read_probe_page
from tistory_migrate.redirects.naver_pages import parse_naver_url

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.fetch import Fetcher

MOBILE_URL = "https://m.blog.naver.com/{id}/{log_no}"


def probe_from_file(path: Path) -> ProbeResult:
    """The probe result of a saved page (bounded: a file larger than ``MAX_BYTES`` is refused
    before it is read)."""
    try:
        size = path.stat().st_size
    except OSError:
        raise UsageError(_("The file {path} does not exist.").format(path=path)) from None
    if not path.is_file():
        raise UsageError(_("{path} is not a file.").format(path=path),
                         hint=_("Give the page you saved from the browser (an .html file)."))
    if size > MAX_BYTES:
        raise NothingToDo(_("The page is too large to be a published probe post ({size} MB).").format(
            size=size // (1024 * 1024)), hint=_("Save the published probe post's page again, or use --naver-url."))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(_("{path} cannot be read ({error}).").format(path=path, error=exc.strerror or exc)) from None
    text = decode_html(data)  # a saved page: its <meta charset>, else UTF-8, else CP949
    return ProbeResult(read_probe_page(text), source=str(path), read_at=_now())


def probe_from_url(fetcher: "Fetcher", url: str) -> ProbeResult:
    """The probe result of a published post, read from its public mobile page."""
    key = parse_naver_url(url)
    if key is None:
        raise UsageError(_("'{url}' is not the address of a Naver blog post.").format(url=url),
                         hint=_("Example: https://blog.naver.com/ID/223456789012"))
    page_url = MOBILE_URL.format(id=key.blog_id, log_no=key.log_no)
    try:
        resp = fetcher.get(page_url, kind="page", max_bytes=MAX_BYTES)
    except FetchError as exc:
        raise NothingToDo(_("The probe post could not be read: {reason}").format(reason=exc.message),
                          hint=_("Check that it is published publicly, or save its page and use --from-file.")) from None
    if resp.status != 200:
        raise NothingToDo(_("Naver answered HTTP {status} for the probe post.").format(status=resp.status),
                          hint=_("Check that it is published publicly, or save its page and use --from-file."))
    return ProbeResult(read_probe_page(resp.text), source=key.url, read_at=_now())


def record(archive, result: ProbeResult) -> ProbeResult:
    """Store ``result`` with the archive (replacing an earlier probe's)."""
    store(archive, result)
    return result



def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
