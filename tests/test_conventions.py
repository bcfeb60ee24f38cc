"""The rules that keep the file list meaning something (docs/design.md, "Layers"), as tests.

An ``ast`` pass reads every module under ``src/tistory_migrate/`` and every import in it:
module-level, inside functions and under ``TYPE_CHECKING`` (all of them count, for cycles
too, with the package ``__init__`` an import runs first). It fails on an import the layer table below forbids, an import cycle, a module over 400
lines (``wc -l``), ``pipeline.py`` over 250, ``requests`` outside ``fetch/http.py``, typer or
rich outside the shell, SQL or ``.conn`` outside the archive, and an import of another
module's ``_private`` name. The registry checks run the real command line: ``formats`` and the
help texts name exactly what ``EXPORTERS`` and ``redirects.styles.STYLES`` hold, every command
(walked from the typer app) shows an example, and every setting and export option is read
somewhere. The checkers are tested on small fake packages at the bottom, so each rule is known
to be able to fail.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.cli import run_cli

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "tistory_migrate"

# -- the layer table (docs/design.md, "Layers") ---------------------------------------------------
# Module patterns are relative to tistory_migrate: "scrape.*" is the package scrape/ and every
# module in it (a module that becomes a package keeps its row: "archive.*" is archive.py or
# archive/). A module's row is the most specific pattern that names it; it may import only the
# modules its row lists, and the root package (version, PROJECT_URL). A module with no row fails;
# a row whose modules do not exist has nothing to check.
KERNEL = ("i18n", "errors", "settings", "models", "urls", "markup", "report", "spreadsheet", "jsonbound")
FETCH_PROTOCOL = ("fetch", "fetch.response")  # the Fetcher protocol and the Response record
REDIRECTS_EFFECTFUL = (*KERNEL, "archive.*", "redirects.forms", "redirects.store", "redirects.links",
                       "redirects.styles")

LAYERS: dict[str, tuple[str, ...]] = {
    # shell: the only importers of typer and rich
    "__main__": ("cli",),
    "cli.*": ("*",),
    "cli_text.*": ("cli_text.*", "i18n", "errors", "settings", "console"),  # typer's words in the chosen language
    "console.*": ("console.*", "report", "errors", "i18n"),
    # order: the only code that knows the order of stages
    "pipeline": ("scrape.*", "exporters.*", "normalize.*", "fetch.*", "archive.*", *KERNEL),
    # effectful steps
    "scrape.*": ("scrape.*", *KERNEL, "archive.*", *FETCH_PROTOCOL, "discover.*", "extract.*", "normalize.*",
                 "backup.*"),
    "exporters.*": ("exporters.*", *KERNEL, "archive.*", "normalize.*", "redirects.forms", "redirects.store",
                    "redirects.links", "redirects.styles", "pasteprobe"),
    # the paste probe: its record (read by the Naver exporter), the page reader, the fetch
    "pasteprobe.*": ("pasteprobe.*", *KERNEL, "archive.*", *FETCH_PROTOCOL, "redirects.naver_pages"),
    "redirects": ("redirects.*", *KERNEL),
    "redirects.resolve": ("redirects.*", *KERNEL, "archive.*", *FETCH_PROTOCOL, "normalize.*", "pasteprobe"),
    "redirects.store": REDIRECTS_EFFECTFUL,
    "redirects.links": REDIRECTS_EFFECTFUL,
    "redirects.styles": REDIRECTS_EFFECTFUL,
    # pure stages
    "redirects.match": (*KERNEL, "redirects.forms", "redirects.naver_pages"),
    "redirects.forms": KERNEL,
    "redirects.naver_pages": KERNEL,
    "discover.*": ("discover.*", *KERNEL, "extract.dates", "extract.pagemeta", "extract.selectors"),
    "extract.*": ("extract.*", *KERNEL),
    "normalize.*": ("normalize.*", *KERNEL),
    "backup.*": ("backup.*", *KERNEL, "normalize.*"),
    # storage
    "archive.*": ("archive.*", "i18n", "errors", "models", "fetch.response", "jsonbound"),
    # network seam
    "fetch.*": ("fetch.*", "i18n", "errors", "settings", "jsonbound"),
    # kernel: each may import the ones before it; markup only lxml; i18n only the standard library
    "i18n": (),
    "errors": ("i18n",),
    "settings": ("i18n", "errors"),
    "models": ("i18n", "errors", "settings"),
    "urls": ("i18n", "errors", "settings", "models"),
    "markup": (),
    "report": ("i18n", "errors", "settings", "models", "urls", "markup"),
    "spreadsheet": (),  # CSV cells a spreadsheet keeps as text: standard library only
    "jsonbound": ("i18n",),  # JSON read within size and depth bounds: every layer's JSON reader
    "": (),  # the root package: version and PROJECT_URL, importable by every module
}

# Packages from outside only these modules may import (any other outside import is free, except
# in markup, which imports lxml, html5lib and the standard library only).
OWNED_IMPORTS: dict[str, tuple[str, ...]] = {
    "requests": ("fetch.http",),
    "typer": ("cli.*", "console.*", "cli_text.*"),
    "rich": ("cli.*", "console.*"),
    "sqlite3": ("archive.*",),
}
ONLY_LXML = ("markup",)
MARKUP_PARSERS = ("lxml", "html5lib")  # html5lib: the fallback where libxml2 stops early (markup.parse_checked)
ONLY_STDLIB = ("i18n",)
SQL_OWNERS = ("archive.*",)  # the only modules that touch .conn or run execute()
MAX_LINES = 400
MAX_LINES_OF = {"pipeline": 250}


# -- reading the package --------------------------------------------------------------------------
@dataclass(frozen=True)
class Import:
    target: str  # the dotted module imported, relative to the package ("" = the root package)
    names: tuple[str, ...]  # the names taken from it (``from X import a, b``), empty for ``import X``
    line: int


@dataclass(frozen=True)
class Module:
    name: str  # relative dotted name: "cli", "fetch.http", "scrape" (its __init__), "" (the root)
    shown: str  # its file, relative to the package folder
    is_package: bool
    tree: ast.Module
    lines: int  # what wc -l counts


def load_package(root: Path) -> dict[str, Module]:
    """Every module of the package folder ``root`` by its relative dotted name."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        data = path.read_bytes()
        modules[".".join(parts)] = Module(".".join(parts), path.relative_to(root).as_posix(), is_package,
                                          ast.parse(data, str(path)), data.count(b"\n"))
    return modules


def _absolute(module: Module, node: ast.ImportFrom) -> str | None:
    """The full dotted name ``from X import`` names, relative imports resolved."""
    if not node.level:
        return node.module
    base = [PACKAGE, *module.name.split(".")] if module.name else [PACKAGE]
    if not module.is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _relative(full: str) -> str | None:
    if full == PACKAGE:
        return ""
    return full[len(PACKAGE) + 1:] if full.startswith(PACKAGE + ".") else None


def project_imports(module: Module, modules: dict[str, Module]) -> list[Import]:
    """Every import of a project module anywhere in ``module`` (``from X import m`` of a
    submodule m counts as an import of X.m)."""
    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                rel = _relative(alias.name)
                if rel is not None:
                    found.append(Import(rel, (), node.lineno))
        elif isinstance(node, ast.ImportFrom):
            full = _absolute(module, node)
            rel = _relative(full) if full else None
            if rel is None:
                continue
            names = tuple(a.name for a in node.names)
            subs = [n for n in names if _join(rel, n) in modules]
            for n in subs:
                found.append(Import(_join(rel, n), (), node.lineno))
            rest = tuple(n for n in names if n not in subs)
            if rest:
                found.append(Import(rel, rest, node.lineno))
    return found


def outside_imports(module: Module) -> list[tuple[str, int]]:
    """(top-level package, line) of every import that is not the project's (stdlib included)."""
    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            found += [(a.name.split(".")[0], node.lineno) for a in node.names if _relative(a.name) is None]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module \
                and _relative(node.module) is None:
            found.append((node.module.split(".")[0], node.lineno))
    return found


def _join(package: str, name: str) -> str:
    return f"{package}.{name}" if package else name


# -- the checks -----------------------------------------------------------------------------------
def _matches(pattern: str, name: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        base = pattern[:-2]
        return name == base or name.startswith(base + ".")
    return name == pattern


def row_of(name: str, layers: dict[str, tuple[str, ...]] = LAYERS) -> str | None:
    """The most specific pattern of the table that names module ``name``."""
    best = None
    for pattern in layers:
        if _matches(pattern, name) and (best is None or _specificity(pattern) > _specificity(best)):
            best = pattern
    return best


def _specificity(pattern: str) -> tuple[int, int]:
    return (0 if pattern.endswith("*") else 1, len(pattern))


def layer_violations(modules: dict[str, Module], layers: dict[str, tuple[str, ...]] = LAYERS) -> list[str]:
    problems = []
    for name, module in modules.items():
        row = row_of(name, layers)
        if row is None:
            problems.append(f"{module.shown}: no row of the layer table names {name!r}")
            continue
        for imp in project_imports(module, modules):
            if imp.target == "" or imp.target == name:
                continue
            if not any(_matches(allowed, imp.target) for allowed in layers[row]):
                problems.append(f"{module.shown}:{imp.line}: {name or PACKAGE} ({row!r}) may not import "
                                f"{imp.target or PACKAGE}")
    return _in_order(problems)


def import_cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Every set of modules that import each other, directly or through others (Tarjan).
    Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first: those count too, except
    the packages the importing module is itself inside."""
    graph = {name: sorted({t for imp in project_imports(m, modules) for t in _loaded(imp.target, name)
                           if t in modules}) for name, m in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(cycles)


def _loaded(target: str, importer: str) -> list[str]:
    """``target`` and the packages above it that importing it runs, as seen from ``importer``."""
    parts = target.split(".")
    chain = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
    return [t for t in chain if t and t != importer and not importer.startswith(t + ".")]


def long_modules(modules: dict[str, Module]) -> list[str]:
    problems = []
    for name, module in modules.items():
        limit = MAX_LINES_OF.get(name, MAX_LINES)
        if module.lines > limit:
            problems.append(f"{module.shown}: {module.lines} lines (at most {limit})")
    return _in_order(problems)


def outside_import_violations(modules: dict[str, Module]) -> list[str]:
    problems = []
    for name, module in modules.items():
        for top, line in outside_imports(module):
            owners = OWNED_IMPORTS.get(top)
            if owners is not None and not any(_matches(o, name) for o in owners):
                problems.append(f"{module.shown}:{line}: imports {top} (only {', '.join(owners)} may)")
            if name in ONLY_LXML and top not in MARKUP_PARSERS and top not in sys.stdlib_module_names:
                problems.append(f"{module.shown}:{line}: imports {top} (it imports only lxml and html5lib)")
            if name in ONLY_STDLIB and top not in sys.stdlib_module_names:
                problems.append(f"{module.shown}:{line}: imports {top} (it imports only the standard library)")
    return _in_order(problems)


def sql_outside_archive(modules: dict[str, Module]) -> list[str]:
    problems: list[str] = []
    for name, module in modules.items():
        if any(_matches(owner, name) for owner in SQL_OWNERS):
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Attribute) and node.attr == "conn":
                problems.append(f"{module.shown}:{node.lineno}: touches .conn (only the archive may)")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("execute", "executemany", "executescript"):
                problems.append(f"{module.shown}:{node.lineno}: runs SQL (only the archive may)")
    return _in_order(problems)


def private_imports(modules: dict[str, Module]) -> list[str]:
    """Imports (or ``module._name`` uses) of a name another module keeps private. A private
    module (``_helpers.py``) may be imported within its own package."""
    problems = []
    for name, module in modules.items():
        own_package = name if module.is_package else name.rpartition(".")[0]
        aliases: dict[str, str] = {}
        for imp in project_imports(module, modules):
            leaf = imp.target.rpartition(".")[2]
            if _private(leaf) and imp.target.rpartition(".")[0] != own_package:
                problems.append(f"{module.shown}:{imp.line}: imports the private module {imp.target}")
            for n in imp.names:
                if _private(n):
                    problems.append(f"{module.shown}:{imp.line}: imports {imp.target or PACKAGE}.{n}, "
                                    "a private name of another module")
        for node in ast.walk(module.tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    full = alias.name if isinstance(node, ast.Import) else f"{_absolute(module, node)}.{alias.name}"
                    rel = _relative(full)
                    if rel in modules and (alias.asname or isinstance(node, ast.ImportFrom)):
                        aliases[alias.asname or alias.name] = rel
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name) \
                    and node.value.id in aliases and aliases[node.value.id] != name:
                problems.append(f"{module.shown}:{node.lineno}: uses {aliases[node.value.id]}.{node.attr}, "
                                "a private name of another module")
    return _in_order(problems)


def _in_order(problems: list[str]) -> list[str]:
    """Problems ("file:line: what") by file, then line."""
    def place(problem: str) -> tuple[str, int, str]:
        file, _, rest = problem.partition(":")
        line = rest.split(":", 1)[0]
        return file, int(line) if line.isdigit() else 0, problem

    return sorted(problems, key=place)


def _private(name: str) -> bool:
    # ``_`` is gettext's translation function, public by a convention older than this one
    return name.startswith("_") and name != "_" and not (name.startswith("__") and name.endswith("__"))


def attributes_read(modules: dict[str, Module], *, outside: str) -> set[str]:
    """Every attribute name read (``x.name``) in the package, except in module ``outside``."""
    return {node.attr for name, m in modules.items() if name != outside for node in ast.walk(m.tree)
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)}


# -- the package, checked --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return load_package(SRC / PACKAGE)


def _report(problems: list) -> str:
    return "\n".join(str(p) for p in problems)


def test_every_import_is_allowed_by_the_layer_table(modules):
    problems = layer_violations(modules)
    assert problems == [], _report(problems)


def test_no_import_cycles(modules):
    cycles = import_cycles(modules)
    assert cycles == [], _report(" <-> ".join(c) for c in cycles)


def test_modules_are_short(modules):
    problems = long_modules(modules)
    assert problems == [], _report(problems)


def test_outside_packages_are_imported_only_where_they_belong(modules):
    problems = outside_import_violations(modules)
    assert problems == [], _report(problems)


def test_only_the_archive_runs_sql(modules):
    problems = sql_outside_archive(modules)
    assert problems == [], _report(problems)


def test_no_module_imports_another_modules_private_name(modules):
    problems = private_imports(modules)
    assert problems == [], _report(problems)


# -- registries and the command line ---------------------------------------------------------------
def _is_group(cmd) -> bool:
    return hasattr(cmd, "list_commands")


def _commands():
    """(path, command) of every command and group, walked from the typer app."""
    import typer

    from tistory_migrate.cli import app

    def walk(cmd, path):
        yield path, cmd
        if _is_group(cmd):
            for sub_name in cmd.list_commands(None):
                yield from walk(cmd.get_command(None, sub_name), [*path, sub_name])

    return list(walk(typer.main.get_command(app), []))


def _option_help(path: list[str], flag: str) -> str:
    for found, cmd in _commands():
        if found == path:
            for param in cmd.params:
                if param.param_type_name == "option" and flag in param.opts:
                    return param.help or ""
    raise AssertionError(f"no option {flag} on {' '.join(path)}")


def test_formats_lists_exactly_the_exporters_in_order():
    from tistory_migrate.exporters import EXPORTERS

    result = run_cli(["formats"])
    assert result.code == 0, result.text
    assert [line.split()[0] for line in result.out.splitlines() if line.strip()] == list(EXPORTERS)


def test_format_help_names_every_exporter():
    from tistory_migrate.exporters import EXPORTERS

    text = _option_help(["export"], "--format")
    assert [name for name in EXPORTERS if name not in text] == [], text


def test_style_help_names_every_redirect_style():
    styles = importlib.import_module(f"{PACKAGE}.redirects.styles").STYLES
    text = _option_help(["redirects", "render"], "--style")
    assert [name for name in styles if name not in text] == [], text


def test_every_command_has_help_with_an_example():
    missing = []
    for path, cmd in _commands():
        result = run_cli([*path, "--help"])
        assert result.code == 0, result.text
        if not _is_group(cmd) and "Example:" not in result.out:
            missing.append(" ".join(path))
    assert missing == []


def _fields_of(cls) -> list[str]:
    names = []
    for f in dataclasses.fields(cls):
        names.append(f"{cls.__name__}.{f.name}")
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        if dataclasses.is_dataclass(default):
            names += [f"{cls.__name__}.{f.name}.{sub}" for sub in
                      (n.split(".", 1)[1] for n in _fields_of(type(default)))]
    return names


def test_every_setting_is_read_somewhere(modules):
    from tistory_migrate.settings import Settings

    read = attributes_read(modules, outside="settings")
    assert [n for n in _fields_of(Settings) if n.rsplit(".", 1)[1] not in read] == []


def test_every_export_option_is_read_somewhere(modules):
    from tistory_migrate.exporters.base import ExportOptions

    read = attributes_read(modules, outside="exporters.base")
    assert [n for n in _fields_of(ExportOptions) if n.rsplit(".", 1)[1] not in read] == []


# -- each rule can fail: the checkers on fake packages --------------------------------------------
def fake_package(tmp_path: Path, files: dict[str, str]) -> dict[str, Module]:
    root = tmp_path / PACKAGE
    for rel, text in {"__init__.py": "", **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for folder in [p for p in root.rglob("*") if p.is_dir()]:
        (folder / "__init__.py").touch()
    return load_package(root)


def test_checker_reports_a_forbidden_import_at_any_depth(tmp_path):
    modules = fake_package(tmp_path, {
        "archive.py": "",
        "models.py": "",
        "extract/post.py": ("from tistory_migrate.models import Post\n"
                            "def read():\n    from tistory_migrate.archive import Archive\n"),
        "normalize/html.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                              "    from ..fetch import Fetcher\n"),
        "fetch/__init__.py": "",
        "settings.py": "from tistory_migrate import models\n",  # the kernel's order: models comes later
    })
    assert layer_violations(modules) == [
        "extract/post.py:3: extract.post ('extract.*') may not import archive",
        "normalize/html.py:3: normalize.html ('normalize.*') may not import fetch",
        "settings.py:1: settings ('settings') may not import models",
    ]


def test_checker_reports_a_module_without_a_row(tmp_path):
    assert layer_violations(fake_package(tmp_path, {"helpers.py": ""})) == [
        "helpers.py: no row of the layer table names 'helpers'"]


def test_checker_allows_what_the_table_allows(tmp_path):
    modules = fake_package(tmp_path, {
        "models.py": "", "errors.py": "", "archive.py": "from tistory_migrate.errors import ArchiveError\n",
        "scrape/posts.py": "from . import media\nfrom tistory_migrate.archive import Archive\nimport tistory_migrate\n",
        "scrape/media.py": "from tistory_migrate.models import MediaRef\n",
        "cli.py": "from tistory_migrate.scrape.posts import read\n",
    })
    assert layer_violations(modules) == []
    assert import_cycles(modules) == []


def test_checker_reports_a_cycle_through_type_checking(tmp_path):
    modules = fake_package(tmp_path, {
        "pipeline.py": ("from tistory_migrate.scrape.discovery import Discovery\n"
                        "def run():\n    from tistory_migrate.scrape import backup\n"),
        "scrape/discovery.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                "    from tistory_migrate.pipeline import Scraper\n"),
        "scrape/backup.py": "def ingest():\n    from tistory_migrate import pipeline\n",
    })
    assert import_cycles(modules) == [["pipeline", "scrape.backup", "scrape.discovery"]]


def test_checker_reports_long_modules(tmp_path):
    modules = fake_package(tmp_path, {"models.py": "x = 1\n" * 401, "urls.py": "x = 1\n" * 400,
                                      "pipeline.py": "x = 1\n" * 251})
    assert sorted(long_modules(modules)) == ["models.py: 401 lines (at most 400)",
                                             "pipeline.py: 251 lines (at most 250)"]


def test_checker_reports_outside_imports_out_of_place(tmp_path):
    modules = fake_package(tmp_path, {
        "fetch/http.py": "import requests\n", "fetch/mirror.py": "from requests import Session\n",
        "cli.py": "import typer\n", "report.py": "def show():\n    from rich.table import Table\n",
        "markup.py": "import json\nimport lxml.html\nimport bs4\n", "archive.py": "import sqlite3\n",
        "models.py": "import sqlite3\n",
    })
    assert sorted(outside_import_violations(modules)) == [
        "fetch/mirror.py:1: imports requests (only fetch.http may)",
        "markup.py:3: imports bs4 (it imports only lxml and html5lib)",
        "models.py:1: imports sqlite3 (only archive.* may)",
        "report.py:2: imports rich (only cli.*, console.* may)",
    ]


def test_checker_reports_sql_outside_the_archive(tmp_path):
    modules = fake_package(tmp_path, {
        "archive.py": "def f(self):\n    self.conn.execute('SELECT 1')\n",
        "pipeline.py": ("def f(archive):\n    n = archive.conn.total_changes\n"
                        "    archive.db.execute('DELETE FROM posts')\n"),
    })
    assert sql_outside_archive(modules) == ["pipeline.py:2: touches .conn (only the archive may)",
                                            "pipeline.py:3: runs SQL (only the archive may)"]


def test_checker_reports_private_names_of_other_modules(tmp_path):
    modules = fake_package(tmp_path, {
        "extract/post.py": "def _blog():\n    pass\n",
        "extract/site.py": "from tistory_migrate.extract.post import _blog, parse\n",
        "redirects/map.py": "def _id_sort(x):\n    return x\n",
        "redirects/resolve.py": ("from tistory_migrate.redirects import map as redirect_map\n"
                                 "key = redirect_map._id_sort\nfrom . import map\nother = map._id_sort\n"),
        "exporters/naver/_texts.py": "",
        "exporters/naver/bundle.py": "from tistory_migrate.exporters.naver import _texts\n",
        "exporters/wxr.py": "from tistory_migrate.exporters.naver._texts import REASONS\n",
        "fetch/http.py": "from tistory_migrate import __version__\n",
    })
    assert sorted(private_imports(modules)) == [
        "exporters/wxr.py:1: imports the private module exporters.naver._texts",
        "extract/site.py:1: imports extract.post._blog, a private name of another module",
        "redirects/resolve.py:2: uses redirects.map._id_sort, a private name of another module",
        "redirects/resolve.py:4: uses redirects.map._id_sort, a private name of another module",
    ]


def test_fields_read_nowhere_are_found(tmp_path):
    modules = fake_package(tmp_path, {"settings.py": "x = s.fetch.unused\n", "cli.py": "y = s.fetch.page_delay\n"})
    read = attributes_read(modules, outside="settings")
    assert "page_delay" in read and "fetch" in read and "unused" not in read


def test_checker_counts_the_package_an_import_runs_first(tmp_path):
    modules = fake_package(tmp_path, {
        "extract/__init__.py": "from tistory_migrate.extract.post import parse\n",
        "extract/post.py": "from tistory_migrate.discover import listing\n",
        "extract/dates.py": "",
        "discover/listing.py": "from tistory_migrate.extract.dates import parse_kst\n",
    })
    assert import_cycles(modules) == [["discover.listing", "extract", "extract.post"]]
