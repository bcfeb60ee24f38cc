"""Exception tree and exit codes.

Every exception that may end a command knows its exit code and carries a message written
for a person, saying what happened and what to do next. Only ``cli.py`` turns them into
output and an exit status; no other module prints or exits.

    MigrateError                 exit 1 unless a subclass says otherwise
    ├── UsageError               2  the command line is wrong
    ├── ConfigError              3  the settings file has an unknown key or a bad value
    ├── NothingToDo              4  nothing to scrape
    │   ├── NotTistory               the site is not a Tistory blog
    │   ├── Unreachable              the blog cannot be reached
    │   └── Blocked                  a block/captcha/login page: resume later
    ├── BackupError              4  a backup that cannot be read
    ├── ArchiveError             5  archive missing, newer, in use or damaged
    ├── FileInUse                1  a file of the output cannot be replaced (open in another program)
    ├── DiskFull                 1  no space left on the disk (``is_disk_full``: every form it takes)
    └── FetchError               1  one URL failed after retries (caught per post, never fatal)
        ├── RobotsBlocked            robots.txt forbids the URL
        └── Refused                  not requested: an address that is not public, a post page
                                     redirected off the blog (never retried)

Ctrl-C (and SIGTERM) is KeyboardInterrupt, exit 130 (``ExitCode.INTERRUPTED``).
"""

from __future__ import annotations

import errno
from enum import IntEnum, unique

from tistory_migrate.i18n import N_, Message, _

INTERRUPTED_MESSAGE = N_("Interrupted. Run the same command again to resume; nothing saved is lost.")


@unique
class ExitCode(IntEnum):
    DONE = 0  # finished; protected/private/missing posts are reported, not failures
    PARTIAL = 1  # some pages, posts or media failed after retries
    USAGE = 2  # bad command line
    CONFIG = 3  # bad configuration file or value
    NOTHING = 4  # nothing to do: not a Tistory blog, no posts, unreachable
    ARCHIVE = 5  # archive missing, newer schema, locked or corrupt
    INTERRUPTED = 130  # Ctrl-C / SIGTERM


class MigrateError(Exception):
    """Base class: ``message`` is the plain sentence shown to the user, ``hint`` what to do.

    Both are written ``_("...").format(...)`` where the error is raised (it is printed right
    away, in the current language). An error whose sentence may also be stored (a backup post's
    warning, a media failure's reason) is raised with a ``Message`` (``msg(...)``) instead:
    ``message`` is then its rendering and ``detail`` the message itself, whose ``english()``
    goes where English is kept (jsonl, the archive's English text fields)."""

    exit_code: ExitCode = ExitCode.PARTIAL

    def __init__(self, message: str | Message, *, hint: str | Message | None = None):
        self.detail = message if isinstance(message, Message) else Message.text(message)
        self.message = self.detail.render()
        super().__init__(self.message)
        self.hint = hint.render() if isinstance(hint, Message) else hint

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class UsageError(MigrateError):
    exit_code = ExitCode.USAGE


class ConfigError(MigrateError):
    exit_code = ExitCode.CONFIG


class NothingToDo(MigrateError):
    exit_code = ExitCode.NOTHING


class NotTistory(NothingToDo):
    """The site answered but is not a Tistory blog."""


class Unreachable(NothingToDo):
    """The blog could not be reached at all."""


class Blocked(NothingToDo):
    """Tistory answered with a block, captcha or login page; resuming later works."""


class ArchiveError(MigrateError):
    exit_code = ExitCode.ARCHIVE


class FileInUse(MigrateError):
    """A file or folder the command must replace or remove cannot be: on Windows another
    program has it open (an image viewer on a picture, Excel on plan.csv); elsewhere it is not
    writable. Nothing was half-moved (the Naver bundles go in all at once)."""

    exit_code = ExitCode.PARTIAL

    def __init__(self, path: object, *, folder: bool = False):
        template = (_("A file in {path} is open in another program (an image viewer, Excel?) or cannot be changed.")
                    if folder else _("{path} is open in another program (an image viewer, Excel?) or cannot be changed."))
        super().__init__(template.format(path=path), hint=_("Close it, then run the same command again."))
        self.path = path


# What a full disk looks like: ENOSPC (and a full quota), Windows' ERROR_DISK_FULL (112) and
# ERROR_HANDLE_DISK_FULL (39), and SQLite's SQLITE_FULL (13, "database or disk is full").
DISK_FULL_ERRNOS = frozenset(e for e in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if e is not None)
DISK_FULL_WINERRORS = frozenset({112, 39})
SQLITE_FULL = 13


def is_disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or an error it was raised from) is a full disk, in any of its forms."""
    for _depth in range(8):
        if exc is None:
            return False
        if isinstance(exc, OSError) and (exc.errno in DISK_FULL_ERRNOS
                                         or getattr(exc, "winerror", None) in DISK_FULL_WINERRORS):
            return True
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL:  # sqlite3 itself is archive/'s alone
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class DiskFull(MigrateError):
    """The disk (or the quota) is full. Everything saved before is sound: the archive's
    transactions are atomic and files are written under temporary names, then renamed."""

    exit_code = ExitCode.PARTIAL

    def __init__(self, path: object | None = None):
        super().__init__(_("There is no space left on the disk ({path}).").format(path=path) if path else
                         _("There is no space left on the disk."),
                         hint=_("Free some space, then run the same command again; nothing saved is lost."))
        self.path = path


class BackupError(MigrateError):
    """A backup zip/folder/XML that cannot be read (corrupt, unsafe, not Tistory)."""

    exit_code = ExitCode.NOTHING


class FetchError(MigrateError):
    """One URL could not be fetched after all retries. Caught per post/medium, never fatal."""

    exit_code = ExitCode.PARTIAL

    def __init__(self, url: str, reason: str | Message, *, status: int | None = None):
        # ``reason_message`` is what the report and the post's warnings keep (shown in the
        # reader's language); ``reason`` its English text, as before.
        self.reason_message = reason if isinstance(reason, Message) else Message.text(reason)
        super().__init__(Message("{url}: {reason}", {"url": url, "reason": self.reason_message}))
        self.url = url
        self.reason = self.reason_message.english()
        self.status = status


class RobotsBlocked(FetchError):
    """robots.txt forbids this URL; ``--ignore-robots`` overrides."""


class Refused(FetchError):
    """A URL the tool does not follow: its host is not a public internet address (loopback,
    private, link-local, metadata...), or a post page was redirected outside the blog. Running
    again does not change the answer, so nothing stands in for it (no RSS copy)."""
