"""Everything a person sees: rich progress bars, the report tables, error messages.

Only ``cli.py`` and this module print. Progress goes to stderr so ``--json`` keeps stdout
clean for machines. Printing never fails for a character the output cannot encode (a Korean
Windows console or a file or pipe in cp949: ``safe_streams``), and progress is plain lines
when stderr is not a terminal (``PlainProgress``). ``out`` and ``err`` are the two consoles;
``use_streams`` points them at other streams for a while (httpie's ``Environment`` idea), so
tests run a command in-process and read what a person would see (docs/design.md, "Tests").

Every line is in the chosen language (docs/i18n.md): messages are looked up when printed.
What the records hold may be a ``Message`` (reasons, warnings, notes: rendered in the reader's
language) or plain text (what older versions stored, a server's words: shown as it is); the
keys of the report's counts (statuses, sources ...) are English words translated here.
"""

from __future__ import annotations

import json
import re
import sys
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from tistory_migrate.console.plain import PlainProgress, safe_streams
from tistory_migrate.errors import MigrateError
from tistory_migrate.i18n import N_, Message, _, ngettext
from tistory_migrate.report import ExportSummary, ScrapeReport

# The words the report's dictionaries use as keys (statuses, sources, media and probe counts,
# match methods), shown with _(key); a key not listed here is shown as it is.
KEY_LABELS = (
    N_("public"), N_("protected"), N_("private"), N_("missing"), N_("failed"), N_("unknown"), N_("found"),
    N_("protected (from list pages)"), N_("ok"), N_("gaps"), N_("probed"), N_("skipped"),
    N_("list"), N_("category"), N_("tag"), N_("rss"), N_("sitemap"), N_("probe"), N_("backup"), N_("url"),
    N_("file"), N_("original-url"), N_("title"), N_("posts read"), N_("comments"), N_("not probed"),
    # where a post's category came from (report.category_sources)
    N_("entryInfo"), N_("skin"), N_("another_category"), N_("tiara"), N_("tree"),
)
# What the report puts in place of a category name.
CATEGORY_LABELS = (N_("(none)"), N_("(unknown until the post is read)"))
CHANGED_LABELS = (N_("category"), N_("body"), N_("pictures"))  # what --reparse changed (report.reparse_changed)
ARCHIVE_TITLE = N_("archive")  # the report's title when it knows no blog
ELAPSED, LEFT = N_("elapsed"), N_("left")
ERROR, WHAT_TO_DO, NOTE, INTERNAL_ERROR = N_("Error:"), N_("What to do:"), N_("Note:"), N_("Internal error:")
OS_ERROR_HINT = N_("check the path, free disk space and permissions, then run the same command again.")
INTERNAL_ERROR_HINT = N_("run the same command again with --debug and report the output.")
POST_LISTS = (N_("Protected (password) posts"), N_("Missing posts (listed but gone)"),
              N_("Private or unknown posts from the backup"), N_("Rescued from the feed (the page is gone)"))
PARTIAL_NOTE = N_("Some pages or files failed after retries. Run the same command again later to fetch what is "
                  "missing; everything already saved is kept.")


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


def text(value: Any) -> str:
    """What a record holds, for a person: a ``Message`` in the current language, plain text as
    it is, nothing as an empty string."""
    if value is None:
        return ""
    return value.render() if isinstance(value, Message) else str(value)


def label(key: Any) -> str:
    """A key of the report's counts (a status, a source ...) in the current language."""
    return text(key) if isinstance(key, Message) else _(str(key))


def _counts(counts: dict) -> str:
    return ", ".join(f"{label(k)} {v}" for k, v in counts.items())


class RichProgress:
    """The pipeline's Progress protocol on a rich progress display (stderr), or as plain
    lines (``PlainProgress``) when stderr is not a terminal. Task descriptions come in English
    (marked with ``N_`` where they are written) and are shown translated."""

    def __init__(self) -> None:
        self._plain = None if err.is_terminal else PlainProgress(
            lambda line: err.print(escape(line), highlight=False, soft_wrap=True))
        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn(escape(_(ELAPSED))), TimeElapsedColumn(), TextColumn(escape(_(LEFT))), TimeRemainingColumn(),
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

    def start(self, task: str, description: Any, total: int | None = None) -> None:
        shown = text(description) if isinstance(description, Message) else _(description)
        if self._plain is not None:
            self._plain.start(task, shown, total)
            return
        if task in self._tasks:
            self._progress.update(self._tasks[task], description=shown, total=total)
            return
        self._tasks[task] = self._progress.add_task(shown, total=total)

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


def print_problem(message: Any, hint: Any = None, *, internal: bool = False) -> None:
    """"Error: ..." and "What to do: ..." on stderr (``internal``: a bug, not the person's doing)."""
    err.print(f"[bold red]{escape(_(INTERNAL_ERROR if internal else ERROR))}[/] {escape(text(message))}")
    if hint:
        err.print(f"[yellow]{escape(_(WHAT_TO_DO))}[/] {escape(text(hint))}")


def print_error(exc: MigrateError) -> None:
    print_problem(exc.message, exc.hint)


def print_os_error(exc: OSError) -> None:
    """A file the system refused (the system's own words), and what to check."""
    print_problem(str(exc), _(OS_ERROR_HINT))


def print_internal_error(exc: Exception) -> None:
    """A bug: its type and first words; the traceback only with --debug."""
    print_problem(f"{type(exc).__name__}: {str(exc)[:300]}", _(INTERNAL_ERROR_HINT), internal=True)


def print_notices(messages: Any) -> None:
    for message in messages:
        print_notice(message)


def print_notice(message: Any) -> None:
    """A one-line note that does not stop the command (stderr, so --json stays clean)."""
    err.print(f"[yellow]{escape(_(NOTE))}[/] {escape(text(message))}")


def styled(style: str, value: Any) -> str:
    """``value`` as literal text in a rich ``style``."""
    return f"[{style}]{escape(value)}[/]"


# Control characters from pages (a blog title carrying an OSC 52 "write the clipboard" or a CSI
# "clear the screen" sequence) must never reach the person's terminal: each is shown as \xNN.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert(value: Any) -> str:
    """``value`` as text with every C0/C1 control character (but newline and tab) made visible."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def escape(value: Any) -> str:
    """``value`` as literal text for rich: no markup, no control characters."""
    from rich.markup import escape as _escape

    return _escape(inert(value))


def print_json(data: Any) -> None:
    out.file.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    out.file.flush()


def _more(n: int, *, report_hint: bool = False) -> str:
    if report_hint:
        return "  " + escape(_("… and {n} more (see `tistory-migrate report ARCHIVE --json`)").format(n=n))
    return "  " + escape(_("… and {n} more").format(n=n))


def _category(name: str) -> str:
    return _(name) if name in CATEGORY_LABELS else name


def print_report(report: ScrapeReport, *, archive: str | None = None) -> None:
    r = report
    title = r.blog_title or r.base_url or r.target or _(ARCHIVE_TITLE)
    if r.mode == "dry-run":
        dry = _("Dry run for {title}").format(title=title)
        out.print(styled("bold", dry) + " " + escape(_("(nothing was written)")))
    else:
        out.print(f"[bold]{escape(title)}[/]  {escape(r.base_url or '')}")
    if r.sources:
        t = Table(title=_("Where posts were found"), show_header=True)
        t.add_column(_("source"))
        t.add_column(_("posts"), justify="right")
        for src, n in r.sources.items():
            t.add_row(escape(label(src)), str(n))
        out.print(t)
    if r.counts:
        out.print(escape(_("Posts: {counts}").format(counts=_counts(r.counts))))
    if r.by_category:
        t = Table(title=_("Posts per category"))
        t.add_column(_("category"))
        t.add_column(_("posts"), justify="right")
        for cat, n in r.by_category.items():
            t.add_row(escape(_category(cat)), str(n))
        out.print(t)
    for src, ids in r.only_one_source.items():
        if src in ("url", "backup"):
            continue
        shown = ", ".join(ids[:30]) + (" …" if len(ids) > 30 else "")
        out.print(escape(_("Found only by {source}: {ids}").format(source=label(src), ids=shown)))
    if r.category_sources:
        out.print(escape(_("Category taken from: {counts}").format(counts=_counts(r.category_sources))))
    for name, rows in zip(POST_LISTS, (r.protected, r.missing, r.private, r.rescued)):
        if rows:
            out.print(f"[bold]{escape(_(name))}:[/] {len(rows)}")
            for row in rows[:20]:
                out.print(f"  {escape(row.id or '-')}  {escape(row.title or '')}  {escape(row.url or '')}")
            if len(rows) > 20:
                out.print(_more(len(rows) - 20, report_hint=True))
    if r.reparse_changed:
        changed = _("Changed by the new rules (category, body or pictures)")
        out.print(f"[bold]{escape(changed)}:[/] {len(r.reparse_changed)}")
        for c in r.reparse_changed[:20]:
            what = ", ".join(_(w) for w in (c.changed or []) if w in CHANGED_LABELS)
            out.print(f"  {escape(c.id)}  {escape(c.title or '')}  ({escape(what)})")
        if len(r.reparse_changed) > 20:
            out.print(_more(len(r.reparse_changed) - 20, report_hint=True))
    if r.bodies_grown:
        out.print(styled("bold", _("Bodies read longer than the archive had them (text recovered):"))
                  + f" {len(r.bodies_grown)}")
        for grown in r.bodies_grown[:20]:
            out.print("  " + escape(_("{id}  {title}  {before} → {after} characters").format(
                id=grown.id, title=grown.title or "", before=grown.before, after=grown.after)))
        if len(r.bodies_grown) > 20:
            out.print(_more(len(r.bodies_grown) - 20, report_hint=True))
    if r.failed:
        out.print(styled("bold red", _("Failed:")) + f" {len(r.failed)}")
        for row in r.failed[:20]:
            out.print(f"  {escape(row.url)}: {escape(text(row.reason))}")
    if r.media:
        out.print(escape(_("Images and files: {counts}").format(counts=_counts(r.media))))
        for row in r.media_failures[:20]:
            out.print("  " + escape(_("post {id}: {url} — {reason}").format(id=row.post, url=row.url,
                                                                             reason=text(row.reason))))
        if len(r.media_failures) > 20:
            out.print(_more(len(r.media_failures) - 20))
    if r.probe:
        out.print(escape(_("Id probing: {counts}").format(counts=_counts(r.probe))))
    if r.comments:
        out.print(escape(_("Comments: {counts}").format(counts=_counts(r.comments))))
    if r.skipped_existing:
        out.print(escape(_("Already in the archive (not fetched again): {n}").format(n=r.skipped_existing)))
    if r.mode == "dry-run" and r.planned_requests is not None:
        out.print(escape(ngettext(
            "A full run would fetch about {n} page from the blog, taking at least {time} at the current "
            "politeness delay.",
            "A full run would fetch about {n} pages from the blog, taking at least {time} at the current "
            "politeness delay.", r.planned_requests).format(n=r.planned_requests,
                                                             time=format_seconds(r.estimated_seconds or 0))))
    for w in r.warnings[:10]:
        print_note(w)
    for n in r.notes:
        out.print(f"[dim]{escape(text(n))}[/]")
    if r.mode != "dry-run":
        out.print(escape(ngettext("Took {time}; {n} request.", "Took {time}; {n} requests.", r.requests)
                         .format(time=format_seconds(r.duration_seconds), n=r.requests)))
        if r.exit_code == 1:
            out.print(f"[yellow]{escape(_(PARTIAL_NOTE))}[/]")
        if archive:
            out.print(escape(_("Next: tistory-migrate export {archive} --format naver -o out").format(archive=archive)))



def print_note(message: Any, indent: str = "") -> None:
    out.print(f"{indent}[yellow]{escape(_(NOTE))}[/] {escape(text(message))}")


def format_seconds(seconds: float) -> str:
    seconds = float(seconds or 0)
    if seconds < 90:
        return _("{value} s").format(value=f"{seconds:.1f}")
    minutes = seconds / 60
    if minutes < 90:
        return _("{value} min").format(value=f"{minutes:.0f}")
    return _("{value} h").format(value=f"{minutes / 60:.1f}")


def print_resolve(result: Any) -> None:
    """The outcome of `redirects resolve`: what matched, what did not, what looks incomplete."""
    total = len(result.matched) + len(result.kept)
    matched = ngettext("Matched {n} post", "Matched {n} posts", total).format(n=total)
    out.print(styled("bold", matched) + " " + escape(_("({new} new this run, {kept} from earlier runs).").format(new=len(result.matched),
                                                                                  kept=len(result.kept))))
    for source, what in result.sources.items():
        out.print(f"  {escape(label(source))}: {escape(text(what))}")
    for m in result.matched[:30]:
        out.print(f"  {m.post_id}  {escape(m.title)}  →  {escape(m.new_url)}  ({escape(label(m.method))})")
    if result.ambiguous:
        not_sure = _("Not sure ({n}):").format(n=len(result.ambiguous))
        out.print(styled("yellow", not_sure) + " " + escape(_("several Naver posts could be the same original.")))
        for u in result.ambiguous[:20]:
            out.print(f"  {u.post_id}  {escape(u.title)}: {escape(text(u.reason))}")
        out.print("  " + escape(_("Settle them with --naver-urls FILE (a Naver URL, a tab, then the original "
                                  "Tistory URL).")))
    if result.unmatched:
        out.print(escape(_("Not found on Naver yet: {n} (publish them, then run this again).")
                         .format(n=len(result.unmatched))))
    missing = result.missing_images
    if missing:
        out.print(styled("yellow", _("Published posts with fewer images than the original: {n}").format(n=len(missing))))
        for v in missing[:20]:
            counted = ngettext("{naver} of {total} image", "{naver} of {total} images", v.archive_images)
            out.print(f"  {v.post_id}  {escape(v.title)}: "
                      f"{escape(counted.format(naver=v.naver_images, total=v.archive_images))}  {escape(v.new_url)}")
    for w in result.warnings[:10]:
        print_note(w)
    out.print(escape(_("Next: tistory-migrate redirects render ARCHIVE --style tistory-skin -o out")))


def print_export(summaries: list[ExportSummary], *, brief: bool = False) -> None:
    """One line per format (``brief``: only that line), then its notes and what to open first."""
    for s in summaries:
        line = _("{format}: {posts}, {files} → {folder}").format(
            format=f"[bold]{escape(s.format)}[/]",
            posts=escape(ngettext("{n} post", "{n} posts", s.posts).format(n=s.posts)),
            files=escape(ngettext("{n} file", "{n} files", s.files).format(n=s.files)), folder=escape(s.out_dir))
        if s.skipped and not brief:
            line += " " + escape(_("(left out: {reasons})").format(reasons=_counts(s.skipped)))
        out.print(line)
        for post_id, reason in s.failed[:10]:  # shown even in brief: these posts are not in the export
            out.print("  [red]" + escape(_("Post {id} was left out: {reason}").format(id=post_id, reason=text(reason))) + "[/]")
        if len(s.failed) > 10:
            out.print("  " + escape(_("… and {n} more (export --json lists them all)").format(n=len(s.failed) - 10)))
        if brief:
            continue
        for w in s.warnings[:10]:
            print_note(w, indent="  ")
        if s.first_to_open:
            out.print("  " + escape(_("Open first: {path}").format(path=s.first_to_open)))


def print_serving(blog_url: str, address: str) -> None:
    out.print(escape(_("Serving the demo blog {blog_url} on {address} (this machine only).")
                     .format(blog_url=blog_url, address=address)))


def print_wrote(path: Any) -> None:
    """The one file a command wrote (``redirects render``)."""
    out.print(escape(_("Wrote {path}").format(path=path)))


def print_demo(outcome: Any) -> None:
    """The demo's closing lines: the scrape report, each export, what to open first."""
    print_report(outcome.report)
    print_export(outcome.summaries, brief=True)
    naver = outcome.export_dir / "naver" / "index.html"
    first = naver if naver.exists() else outcome.export_dir
    out.print("\n" + styled("bold green", _("Done.")) + " " + escape(_("Open first: {path}").format(path=first)))
    out.print(escape(_("The archive is in {archive}; the exports are in {exports}.")
                     .format(archive=outcome.archive_dir, exports=outcome.export_dir)))
    if naver.exists():
        out.print(escape(_("To paste the pictures in place too, run: tistory-migrate helper {exports}")
                         .format(exports=outcome.export_dir)), soft_wrap=True)
