"""Everything a person sees: rich progress bars, the report tables, error messages.

Only ``cli.py`` and this module print. Progress goes to stderr so ``--json`` keeps stdout
clean for machines. Printing never fails for a character the output cannot encode (a Korean
Windows console or a file or pipe in cp949: ``safe_streams``), and progress is plain lines
when stderr is not a terminal (``PlainProgress``). ``out`` and ``err`` are the two consoles;
``use_streams`` points them at other streams for a while (httpie's ``Environment`` idea), so
tests run a command in-process and read what a person would see (docs/design.md, "Tests").
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from tistory_migrate.errors import MigrateError
from tistory_migrate.report import ExportSummary, ScrapeReport


def _consoles(stdout: TextIO | None = None, stderr: TextIO | None = None,
              width: int | None = None) -> tuple[Console, Console]:
    """The ``out`` and ``err`` consoles; no stream given: the process's stdout and stderr."""
    return (Console(file=stdout, highlight=False, soft_wrap=True, width=width),
            Console(file=stderr, stderr=True, highlight=False, width=width))


out, err = _consoles()


@contextmanager
def use_streams(stdout: TextIO, stderr: TextIO, *, width: int | None = None) -> Iterator[None]:
    """Everything this module prints goes to ``stdout`` and ``stderr`` while the block runs
    (``width``: the columns a terminal would have); the consoles before are back after it."""
    global out, err
    saved = out, err
    out, err = _consoles(stdout, stderr, width)
    try:
        yield
    finally:
        out, err = saved


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

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
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
            text = "{task}: {done} of {total} ({percent}%)".format(
                task=state["description"], done=state["done"], total=state["total"], percent=percent)
        else:
            text = "{task}: {done}".format(task=state["description"], done=state["done"])
        err.print(escape(text), highlight=False, soft_wrap=True)


class RichProgress:
    """The pipeline's Progress protocol on a rich progress display (stderr), or as plain
    lines (``PlainProgress``) when stderr is not a terminal."""

    def __init__(self) -> None:
        self._plain = None if err.is_terminal else PlainProgress()
        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("elapsed"), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
            console=err, transient=False)
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> "RichProgress":
        if self._plain is None:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._plain is not None:
            self._plain.__exit__(*exc)
            return
        self._progress.stop()

    def start(self, task: str, description: str, total: int | None = None) -> None:
        if self._plain is not None:
            self._plain.start(task, description, total)
            return
        if task in self._tasks:
            self._progress.update(self._tasks[task], description=description, total=total)
            return
        self._tasks[task] = self._progress.add_task(description, total=total)

    def advance(self, task: str, n: int = 1) -> None:
        if self._plain is not None:
            self._plain.advance(task, n)
        elif task in self._tasks:
            self._progress.advance(self._tasks[task], n)

    def total(self, task: str, total: int) -> None:
        if self._plain is not None:
            self._plain.total(task, total)
        elif task in self._tasks:
            self._progress.update(self._tasks[task], total=total)


def print_error(exc: MigrateError) -> None:
    err.print(f"[bold red]Error:[/] {escape(exc.message)}")
    if exc.hint:
        err.print(f"[yellow]What to do:[/] {escape(exc.hint)}")


def print_notice(message: str) -> None:
    """A one-line note that does not stop the command (stderr, so --json stays clean)."""
    err.print(f"[yellow]Note:[/] {escape(message)}")


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(str(text))


def print_json(data: Any) -> None:
    out.file.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    out.file.flush()


def print_report(report: ScrapeReport, *, archive: str | None = None) -> None:
    r = report
    title = r.blog_title or r.base_url or r.target or "archive"
    if r.mode == "dry-run":
        out.print(f"[bold]Dry run for {escape(title)}[/] (nothing was written)")
    else:
        out.print(f"[bold]{escape(title)}[/]  {escape(r.base_url or '')}")
    if r.sources:
        t = Table(title="Where posts were found", show_header=True)
        t.add_column("source")
        t.add_column("posts", justify="right")
        for src, n in r.sources.items():
            t.add_row(src, str(n))
        out.print(t)
    if r.counts:
        out.print("Posts: " + ", ".join(f"{k} {v}" for k, v in r.counts.items()))
    if r.by_category:
        t = Table(title="Posts per category")
        t.add_column("category")
        t.add_column("posts", justify="right")
        for cat, n in r.by_category.items():
            t.add_row(escape(cat), str(n))
        out.print(t)
    if r.only_one_source:
        for src, ids in r.only_one_source.items():
            if src in ("url", "backup"):
                continue
            out.print(f"Found only by {src}: {', '.join(ids[:30])}{' …' if len(ids) > 30 else ''}")
    for label, rows in (("Protected (password) posts", r.protected), ("Missing posts (listed but gone)", r.missing),
                        ("Private or unknown posts from the backup", r.private)):
        if rows:
            out.print(f"[bold]{label}:[/] {len(rows)}")
            for row in rows[:20]:
                out.print(f"  {row.id or '-'}  {escape(row.title or '')}  {row.url or ''}")
            if len(rows) > 20:
                out.print(f"  … and {len(rows) - 20} more (see `tistory-migrate report ARCHIVE --json`)")
    if r.failed:
        out.print(f"[bold red]Failed:[/] {len(r.failed)}")
        for row in r.failed[:20]:
            out.print(f"  {row.url}: {escape(row.reason or '')}")
    if r.media:
        out.print("Images and files: " + ", ".join(f"{k} {v}" for k, v in r.media.items()))
        for row in r.media_failures[:20]:
            out.print(f"  post {row.post}: {row.url} — {escape(row.reason or '')}")
        if len(r.media_failures) > 20:
            out.print(f"  … and {len(r.media_failures) - 20} more")
    if r.probe:
        out.print("Id probing: " + ", ".join(f"{k} {v}" for k, v in r.probe.items()))
    if r.skipped_existing:
        out.print(f"Already in the archive (not fetched again): {r.skipped_existing}")
    if r.mode == "dry-run" and r.planned_requests is not None:
        out.print(f"A full run would fetch about {r.planned_requests} pages from the blog, "
                  f"taking at least {format_seconds(r.estimated_seconds or 0)} at the current politeness delay.")
    for w in r.warnings[:10]:
        out.print(f"[yellow]Note:[/] {escape(w)}")
    for n in r.notes:
        out.print(f"[dim]{escape(n)}[/]")
    if r.mode != "dry-run":
        out.print(f"Took {format_seconds(r.duration_seconds)}; {r.requests} requests.")
        if r.exit_code == 1:
            out.print("[yellow]Some pages or files failed after retries. Run the same command again later to fetch "
                      "what is missing; everything already saved is kept.[/]")
        if archive:
            out.print(f"Next: tistory-migrate export {archive} --format naver -o out")


def format_seconds(seconds: float) -> str:
    seconds = float(seconds or 0)
    if seconds < 90:
        return f"{seconds:.1f} s"
    minutes = seconds / 60
    if minutes < 90:
        return f"{minutes:.0f} min"
    return f"{minutes / 60:.1f} h"


def print_resolve(result: Any) -> None:
    """The outcome of `redirects resolve`: what matched, what did not, what looks incomplete."""
    total = len(result.matched) + len(result.kept)
    out.print(f"[bold]Matched {total} posts[/] ({len(result.matched)} new this run, {len(result.kept)} from earlier runs).")
    for source, what in result.sources.items():
        out.print(f"  {source}: {escape(what)}")
    for m in result.matched[:30]:
        out.print(f"  {m.post_id}  {escape(m.title)}  →  {m.new_url}  ({m.method})")
    if result.ambiguous:
        out.print(f"[yellow]Not sure ({len(result.ambiguous)}):[/] several Naver posts could be the same original.")
        for u in result.ambiguous[:20]:
            out.print(f"  {u.post_id}  {escape(u.title)}: {escape(u.reason)}")
        out.print("  Settle them with --naver-urls FILE (a Naver URL, a tab, then the original Tistory URL).")
    if result.unmatched:
        out.print(f"Not found on Naver yet: {len(result.unmatched)} (publish them, then run this again).")
    missing = result.missing_images
    if missing:
        out.print(f"[yellow]Published posts with fewer images than the original: {len(missing)}[/]")
        for v in missing[:20]:
            out.print(f"  {v.post_id}  {escape(v.title)}: {v.naver_images} of {v.archive_images} images  {v.new_url}")
    for w in result.warnings[:10]:
        out.print(f"[yellow]Note:[/] {escape(w)}")
    out.print("Next: tistory-migrate redirects render ARCHIVE --style tistory-skin -o out")


def print_export(summaries: list[ExportSummary], *, brief: bool = False) -> None:
    """One line per format (``brief``: only that line), then its notes and what to open first."""
    for s in summaries:
        skipped = ", ".join(f"{k} {v}" for k, v in s.skipped.items())
        out.print(f"[bold]{s.format}[/]: {s.posts} posts, {s.files} files → {s.out_dir}"
                  + (f" (left out: {skipped})" if skipped and not brief else ""))
        if brief:
            continue
        for w in s.warnings[:10]:
            out.print(f"  [yellow]Note:[/] {escape(w)}")
        if s.first_to_open:
            out.print(f"  Open first: {s.first_to_open}")


def print_serving(blog_url: str, address: str) -> None:
    out.print(f"Serving the demo blog {blog_url} on {address} (this machine only).")


def print_demo(outcome: Any) -> None:
    """The demo's closing lines: the scrape report, each export, what to open first."""
    print_report(outcome.report)
    print_export(outcome.summaries, brief=True)
    naver = outcome.export_dir / "naver" / "index.html"
    first = naver if naver.exists() else outcome.export_dir
    out.print(f"\n[bold green]Done.[/] Open first: {first}")
    out.print(f"The archive is in {outcome.archive_dir}; the exports are in {outcome.export_dir}.")
