"""The one way tests run the command line.

``run_cli(args)`` runs ``tistory-migrate ARGS`` in this process, through ``cli.main``, with
``console.use_streams`` and the process's stdout/stderr pointed at buffers: the result holds
the exit code and exactly the text a person would see, at a terminal 200 columns wide.
``run_cli_process(args)`` starts ``python -m tistory_migrate ARGS`` instead, for the tests
where a real process is the point (a signal, a kill, the real stdout's encoding); ``spawn``
starts one without waiting. ``assert_clean`` is the check every CLI test makes: the exit
code, no traceback, and the snippets the person must read.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence, TextIO

from tistory_migrate import cli, console, i18n

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = 200  # wide enough that no message the tests look for is wrapped
# The command line speaks the environment's language: the tests pin English (a test that wants
# Korean passes --lang ko or its own variables), so a developer's locale cannot flip them.
ENGLISH = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


@dataclass(frozen=True)
class Result:
    """What one command left: its exit code and what it wrote to stdout and stderr."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run_cli(args: Sequence[str | os.PathLike], *, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> Result:
    """Run the CLI in this process (``cwd``: the working folder; ``env``: variables set for
    the run) and return what it printed. Everything the run changes in this process (working
    folder, environment, signal handlers, the language) is put back afterwards."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with _restored_process(cwd, {"COLUMNS": str(COLUMNS), **ENGLISH, **(env or {})}), \
            contextlib.redirect_stdout(_ThisThread(stdout, sys.stdout)), \
            contextlib.redirect_stderr(_ThisThread(stderr, sys.stderr)), \
            console.use_streams(stdout, stderr, width=COLUMNS):
        try:
            cli.main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc, stderr)
    return Result(code, stdout.getvalue(), stderr.getvalue())


def run_cli_process(args: Sequence[str | os.PathLike], *, cwd: Path | None = None,
                    env: dict[str, str] | None = None, timeout: float = 120, encoding: str | None = None) -> Result:
    """Run ``python -m tistory_migrate ARGS`` as a child process and wait for it (its output
    read in ``encoding``: default, the child's own PYTHONIOENCODING or the locale's)."""
    encoding = encoding or (env or {}).get("PYTHONIOENCODING", "").split(":")[0] or None
    proc = subprocess.run(command(args), capture_output=True, text=True, cwd=cwd, env=process_env(env),
                          timeout=timeout, encoding=encoding)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def spawn(args: Sequence[str | os.PathLike], *, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    """Start ``python -m tistory_migrate ARGS`` without waiting (to signal or kill it)."""
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen(command(args), env=process_env(env), **popen)


def command(args: Sequence[str | os.PathLike]) -> list[str]:
    return [sys.executable, "-m", "tistory_migrate", *(str(a) for a in args)]


def process_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment, with the source tree importable, 200 columns, in English."""
    return {**os.environ, "COLUMNS": str(COLUMNS), "PYTHONPATH": str(ROOT / "src"), **ENGLISH, **(extra or {})}


def assert_clean(result: Result, code: int, *snippets: str) -> None:
    """The run ended with ``code``, printed no traceback, and said every snippet."""
    text = result.text
    assert result.code == code, f"exit {result.code}, expected {int(code)}:\n{text}"
    assert "Traceback" not in text, text
    for snippet in snippets:
        assert snippet in text, f"{snippet!r} not in:\n{text}"


class _ThisThread:
    """``sys.stdout`` or ``sys.stderr`` while ``run_cli`` runs: what the command's thread writes
    (click's usage errors, typer.echo) goes to ``own``; other threads, such as a test's loopback
    server complaining about a closed connection, keep writing to ``others``, as they would if
    the command ran in its own process."""

    def __init__(self, own: io.StringIO, others: TextIO) -> None:
        self._own, self._others, self._thread = own, others, threading.get_ident()

    def _target(self) -> TextIO:
        return self._own if threading.get_ident() == self._thread else self._others

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def __getattr__(self, name: str):
        return getattr(self._target(), name)


def scrape_demo_mirror(root: Path) -> Path:
    """``scrape`` of the demo blog's saved folder (``--mirror``) into ``root``: an archive as a
    person would have it, for tests that export one."""
    from support.paths import DEMO_BLOG

    result = run_cli(["scrape", "https://seodaemun.tistory.com", "-o", root, "--mirror", DEMO_BLOG, "--quiet"])
    assert result.code in (0, 1), result.text
    return root


def _exit_code(exc: SystemExit, stderr: io.StringIO) -> int:
    """The exit status Python would give for ``exc`` (a message is printed and means 1)."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=stderr)
    return 1


@contextlib.contextmanager
def _restored_process(cwd: Path | None, env: dict[str, str]) -> Iterator[None]:
    saved_cwd = os.getcwd()
    saved_env = {name: os.environ.get(name) for name in env}
    saved_signals = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    saved_language = i18n.language()  # main() chooses one for the whole process
    os.environ.update(env)
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        for sig, handler in saved_signals.items():
            signal.signal(sig, handler)
        i18n.set_language(saved_language)
