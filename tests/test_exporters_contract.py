"""The contract every entry of ``exporters.EXPORTERS`` keeps, checked by one run over all of them
(Scrapy's shared exporter test; docs/design.md, "Exporters").

On the demo archive (the demo blog scraped from its saved pages once for this module), each
exporter, driven through its lifecycle exactly as pipeline.export drives it:

* ``start`` / ``export_post`` for every post / ``finish`` returns its ``ExportSummary``;
* writes only under ``OUT/<name>/``: nothing else appears in OUT, in the working folder or in
  the temporary folder, and the archive (opened read-only) is unchanged;
* is deterministic: a second run over its own output, and a run into a fresh folder, give the
  same bytes;
* after ``abort()`` part way, leaves no staging or temporary file and no open file, and a
  later full export is the same as a clean one;
* reads only the ``ExportOptions`` fields it declares in ``options_read``, and every field is
  read by some exporter;
* is called ``…Exporter``, with a ``name`` and ``description`` no other exporter has.

The checks are functions so the last tests can prove they fail: an exporter that writes
beside its folder, into the temporary folder, a clock, leaves a temporary file on abort or
reads an option it does not declare is caught.
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

import tistory_migrate
from tistory_migrate.archive import Archive
from tistory_migrate.errors import ExitCode, UsageError
from tistory_migrate.exporters import EXPORTERS, FORMAT_CHOICES, resolve_formats
from tistory_migrate.exporters.base import ExportContext, Exporter, ExportOptions
from tistory_migrate.exporters.jsonl import JsonlExporter
from tistory_migrate.fetch.mirror import MirrorFetcher
from tistory_migrate.normalize import normalize_post
from tistory_migrate.pipeline import ScrapeOptions, Scraper
from tistory_migrate.report import ExportSummary
from tistory_migrate.settings import Settings

DEMO = Path(tistory_migrate.__file__).parent / "demo" / "seodaemun"
START = date(2026, 1, 5)  # the Naver plan's day one: fixed, or the plan would follow the clock
ABORT_AFTER = 3  # posts exported before abort()
FORMATS = list(EXPORTERS)
OPTION_FIELDS = frozenset(f.name for f in fields(ExportOptions))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(archive folder, the archive opened read-only, [(post, normalized body)] oldest first)."""
    folder = tmp_path_factory.mktemp("contract") / "archive"
    Scraper(MirrorFetcher([DEMO]), Settings(), ScrapeOptions(url="https://seodaemun.tistory.com", archive=folder,
                                                            offline=True)).run()
    with Archive.open(folder, readonly=True) as archive:
        hosts = archive.get_blog().hosts()
        posts = [(post, normalize_post(post, hosts)) for post in archive.iter_posts()]
        assert len(posts) > ABORT_AFTER
        yield folder, archive, posts


# -- the harness --------------------------------------------------------------------------------
class RecordingOptions(ExportOptions):
    """ExportOptions that remember which of their fields were read."""

    def __getattribute__(self, name):
        if name in OPTION_FIELDS:
            object.__getattribute__(self, "__dict__").setdefault("_read", set()).add(name)
        return object.__getattribute__(self, name)

    @property
    def read(self) -> set[str]:
        return set(self.__dict__.get("_read", ()))


def tree(root: Path) -> dict[str, bytes | None]:
    """Relative path -> bytes (None for a folder) of everything under ``root``."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def temporary(paths) -> list[str]:
    """The paths that look like staging or temporary files: a dot-name or a .tmp/.part end."""
    return [p for p in paths if any(part.startswith(".") for part in p.split("/")) or p.endswith((".tmp", ".part"))]


def open_files_under(root: Path) -> list[str]:
    """Files this process still holds open under ``root`` (Linux's /proc; elsewhere none)."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return []
    found = []
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(fd_dir / fd)
        except OSError:
            continue
        if target.startswith(str(root)):
            found.append(target)
    return found


@contextmanager
def elsewhere(work: Path):
    """Working folder and temporary folder moved to ``work/cwd`` and ``work/tmp``, both empty."""
    cwd, tmp = work / "cwd", work / "tmp"
    cwd.mkdir(parents=True)
    tmp.mkdir()
    old_cwd, old_tmp = os.getcwd(), tempfile.tempdir
    os.chdir(cwd)
    tempfile.tempdir = str(tmp)
    try:
        yield
    finally:
        os.chdir(old_cwd)
        tempfile.tempdir = old_tmp
    assert tree(cwd) == {}, f"wrote into the working folder: {sorted(tree(cwd))}"
    assert tree(tmp) == {}, f"wrote into the temporary folder: {sorted(tree(tmp))}"


def exporter_for(cls: type[Exporter], archive: Archive, out: Path, options: ExportOptions) -> Exporter:
    return cls(ExportContext(archive=archive, out_dir=out / cls.name, settings=Settings(), options=options,
                             blog=archive.get_blog()))


def export(cls: type[Exporter], archive: Archive, out: Path, posts, options: ExportOptions | None = None) -> ExportSummary:
    """pipeline.export's lifecycle: start, every post, finish."""
    exporter = exporter_for(cls, archive, out, options or ExportOptions(start_date=START))
    exporter.start()
    for post, body in posts:
        exporter.export_post(post, body)
    return exporter.finish()


# -- the checks ---------------------------------------------------------------------------------
def check_lifecycle(cls: type[Exporter], demo, work: Path) -> None:
    """start / export_post / finish; only OUT/<name>/ written; the same bytes every time."""
    folder, archive, posts = demo
    archive_before = tree(folder)
    out = work / "out"
    options = RecordingOptions(start_date=START)
    with elsewhere(work / "first"):
        summary = export(cls, archive, out, posts, options)
    assert isinstance(summary, ExportSummary) and summary.format == cls.name
    assert summary.out_dir == out / cls.name
    assert sorted(p.name for p in out.iterdir()) == [cls.name], "an exporter writes only under OUT/<name>/"
    assert tree(folder) == archive_before, "an exporter does not change the archive"
    first = tree(out / cls.name)
    assert any(data for data in first.values()), "an export writes something"
    assert temporary(first) == [], "finish() leaves no staging or temporary file"
    assert open_files_under(work) == [], "finish() closes what it opened"
    assert options.read <= set(cls.options_read), f"reads options it does not declare: {options.read - set(cls.options_read)}"
    with elsewhere(work / "again"):
        export(cls, archive, out, posts)
    assert tree(out / cls.name) == first, "a second run over its own output gives the same bytes"
    with elsewhere(work / "fresh"):
        export(cls, archive, work / "out2", posts)
    assert tree(work / "out2" / cls.name) == first, "a run into a fresh folder gives the same bytes"


def check_abort(cls: type[Exporter], demo, work: Path) -> None:
    """abort() part way leaves no staging, temporary or open file; a later export is clean."""
    folder, archive, posts = demo
    out = work / "out"
    with elsewhere(work / "aborted"):
        exporter = exporter_for(cls, archive, out, ExportOptions(start_date=START))
        exporter.start()
        for post, body in posts[:ABORT_AFTER]:
            exporter.export_post(post, body)
        exporter.abort()
    assert sorted(p.name for p in out.iterdir()) == [cls.name], "an exporter writes only under OUT/<name>/"
    assert temporary(tree(out / cls.name)) == [], "abort() leaves no staging or temporary file"
    assert open_files_under(work) == [], "abort() closes what the exporter opened"
    with elsewhere(work / "after"):
        export(cls, archive, out, posts)
        export(cls, archive, work / "clean", posts)
    assert tree(out / cls.name) == tree(work / "clean" / cls.name), "an aborted run leaves nothing behind that shows"


def check_names(registry: dict[str, type[Exporter]]) -> None:
    """Registry keys are the classes' names; class names end in Exporter; names and
    descriptions are given and unique."""
    classes = list(registry.values())
    for key, cls in registry.items():
        assert key == cls.name, f"{cls.__name__} is registered as {key!r} but is called {cls.name!r}"
        assert cls.__name__.endswith("Exporter"), f"{cls.__name__} does not end in Exporter"
        assert cls.name and cls.description, f"{cls.__name__} has no name or description"
    assert len({c.name for c in classes}) == len(classes), "two exporters share a name"
    assert len({c.description for c in classes}) == len(classes), "two exporters share a description"


# -- every exporter in the registry -------------------------------------------------------------
@pytest.mark.parametrize("name", FORMATS)
def test_lifecycle_writes_only_its_folder_and_the_same_bytes(name, demo, tmp_path):
    check_lifecycle(EXPORTERS[name], demo, tmp_path)


@pytest.mark.parametrize("name", FORMATS)
def test_abort_leaves_no_staging_or_temporary_files(name, demo, tmp_path):
    check_abort(EXPORTERS[name], demo, tmp_path)


def test_names_and_descriptions():
    check_names(EXPORTERS)


def test_every_export_option_is_read_by_some_exporter():
    read = {name for cls in EXPORTERS.values() for name in cls.options_read}
    assert read == OPTION_FIELDS


@pytest.mark.parametrize("name", FORMATS)
def test_an_exporter_declares_only_real_options(name):
    declared = EXPORTERS[name].options_read
    assert len(set(declared)) == len(declared)
    assert set(declared) <= OPTION_FIELDS


# -- the checks fail when they should -----------------------------------------------------------
class StrayExporter(JsonlExporter):
    """Writes beside its folder."""

    name = "stray"

    def finish(self):
        (self.ctx.out_dir.parent / "stray.txt").write_text("x", encoding="utf-8")
        return super().finish()


class TempFileExporter(JsonlExporter):
    """Leaves a file in the temporary folder."""

    name = "tempfile"

    def start(self) -> None:
        super().start()
        with tempfile.NamedTemporaryFile("w", delete=False) as fh:
            fh.write("x")


class ClockExporter(JsonlExporter):
    """Writes the time."""

    name = "clock"

    def finish(self):
        (self.ctx.out_dir / "when.txt").write_text(str(time.perf_counter_ns()), encoding="utf-8")
        return super().finish()


class LeakyAbortExporter(JsonlExporter):
    """Keeps its items in a temporary file and forgets it on abort()."""

    name = "leaky"

    def start(self) -> None:
        super().start()
        (self.ctx.out_dir / "items.part").write_text("", encoding="utf-8")

    def finish(self):
        (self.ctx.out_dir / "items.part").unlink()
        return super().finish()

    def abort(self) -> None:
        pass


class UndeclaredOptionExporter(JsonlExporter):
    """Reads --max-items without declaring it."""

    name = "undeclared"

    def start(self) -> None:
        super().start()
        self.limit = self.ctx.options.max_items


@pytest.mark.parametrize("cls", [StrayExporter, TempFileExporter, ClockExporter, UndeclaredOptionExporter])
def test_the_lifecycle_check_catches_a_bad_exporter(cls, demo, tmp_path):
    with pytest.raises(AssertionError):
        check_lifecycle(cls, demo, tmp_path)


def test_the_abort_check_catches_a_leftover_temporary_file(demo, tmp_path):
    with pytest.raises(AssertionError, match="abort"):
        check_abort(LeakyAbortExporter, demo, tmp_path)


def test_the_name_check_catches_a_bad_registry():
    class Stray(JsonlExporter):
        name = "stray"
        description = "something else"

    with pytest.raises(AssertionError, match="Exporter"):
        check_names({**EXPORTERS, "stray": Stray})
    with pytest.raises(AssertionError, match="description"):
        check_names({**EXPORTERS, "stray": StrayExporter})  # jsonl's description twice


# -- the registry and --format ------------------------------------------------------------------
@pytest.mark.parametrize("values, expected", [
    (["naver"], ["naver"]),
    (["wxr,naver", "naver"], ["wxr", "naver"]),  # comma lists and repeats, first mention wins
    ([" JSONL ", "Wxr,"], ["jsonl", "wxr"]),  # case and spaces ignored, empty parts dropped
    (["all"], FORMATS),
    (["jsonl", "all"], ["jsonl"] + [f for f in FORMATS if f != "jsonl"]),
])
def test_resolve_formats(values, expected):
    assert resolve_formats(values) == expected


@pytest.mark.parametrize("values, named", [(["naver,docx"], "docx"), ([""], ""), ([" , "], "")])
def test_resolve_formats_refuses_what_is_not_a_format(values, named):
    with pytest.raises(UsageError) as err:
        resolve_formats(values)
    assert err.value.message == f"Unknown export format '{named}'."
    assert err.value.hint == ("Choose one of: naver, wxr, redirects, jsonl, or all "
                              "(see `tistory-migrate formats`).")
    assert err.value.exit_code == ExitCode.USAGE


def test_format_help_names_the_registry():
    assert FORMAT_CHOICES == ", ".join(EXPORTERS) + ", or all"
