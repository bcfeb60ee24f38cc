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
    └── FetchError               1  one URL failed after retries (caught per post, never fatal)
        ├── RobotsBlocked            robots.txt forbids the URL
        └── Refused                  not requested: an address that is not public, a post page
                                     redirected off the blog (never retried)

Ctrl-C (and SIGTERM) is KeyboardInterrupt, exit 130 (``ExitCode.INTERRUPTED``).
"""

from __future__ import annotations

from enum import IntEnum, unique

from tistory_migrate.i18n import N_, Message

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
    """Base class: ``message`` is the plain sentence shown to the user."""

    exit_code: ExitCode = ExitCode.PARTIAL

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

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


class BackupError(MigrateError):
    """A backup zip/folder/XML that cannot be read (corrupt, unsafe, not Tistory)."""

    exit_code = ExitCode.NOTHING


class FetchError(MigrateError):
    """One URL could not be fetched after all retries. Caught per post/medium, never fatal."""

    exit_code = ExitCode.PARTIAL

    def __init__(self, url: str, reason: str | Message, *, status: int | None = None):
        # ``reason_message`` is the reason as a Message (shown in the reader's language);
        # ``reason`` its English text, as before.
        self.reason_message = reason if isinstance(reason, Message) else Message.text(reason)
        super().__init__(f"{url}: {self.reason_message.render()}")
        self.url = url
        self.reason = self.reason_message.english()
        self.status = status


class RobotsBlocked(FetchError):
    """robots.txt forbids this URL; ``--ignore-robots`` overrides."""


class Refused(FetchError):
    """A URL the tool does not follow: its host is not a public internet address (loopback,
    private, link-local, metadata...), or a post page was redirected outside the blog. Running
    again does not change the answer, so nothing stands in for it (no RSS copy)."""
