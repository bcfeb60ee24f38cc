"""Progress without a terminal, and output that never fails to encode (a Korean Windows
console, or a file or pipe in cp949). ``console`` uses both; they print through what it gives."""

from __future__ import annotations

import sys
import time
from typing import Any, Callable

from tistory_migrate.i18n import _


def safe_streams() -> None:
    """Let the process's stdout and stderr replace what their encoding cannot write (a "—" in
    cp949) instead of raising: a Windows console, or output redirected to a file or pipe in
    the locale's encoding. Streams that are not text files (tests' buffers) are left alone."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a closed or detached stream
                pass


PLAIN_EVERY_SECONDS = 10.0  # a plain progress line at most this often…
PLAIN_EVERY_FRACTION = 0.05  # …or each time another 5 % of a task is done


class PlainProgress:
    """Progress as plain lines on stderr, for a log file or a pipe (no terminal to redraw):
    a line when a task starts, then one when 10 s have passed or another 5 % is done since
    its last line, and its last state at the end."""

    def __init__(self, print_line: Callable[[str], None], clock: Callable[[], float] = time.monotonic) -> None:
        self._print = print_line
        self._clock = clock
        self._tasks: dict[str, dict[str, Any]] = {}

    def __enter__(self) -> "PlainProgress":
        return self

    def __exit__(self, *exc) -> None:
        for state in self._tasks.values():
            if state["shown"] != state["done"]:
                self._line(state)

    def start(self, task: str, description: str, total: int | None = None) -> None:
        state = self._tasks.setdefault(task, {"done": 0, "shown": None})
        state.update(description=description, total=total)
        self._line(state)

    def advance(self, task: str, n: int = 1) -> None:
        state = self._tasks.get(task)
        if state is None:
            return
        state["done"] += n
        total = state["total"]
        step = total * PLAIN_EVERY_FRACTION if total else None
        if (self._clock() - state["at"] >= PLAIN_EVERY_SECONDS
                or (step and state["done"] - (state["shown"] or 0) >= step)
                or (total and state["done"] >= total > (state["shown"] or 0))):
            self._line(state)

    def total(self, task: str, total: int) -> None:
        if task in self._tasks:
            self._tasks[task]["total"] = total

    def _line(self, state: dict[str, Any]) -> None:
        state["shown"], state["at"] = state["done"], self._clock()
        if state["total"]:
            percent = min(100, state["done"] * 100 // state["total"])
            line = _("{task}: {done} of {total} ({percent}%)").format(
                task=state["description"], done=state["done"], total=state["total"], percent=percent)
        else:
            line = _("{task}: {done}").format(task=state["description"], done=state["done"])
        self._print(line)
