"""What ``tistory-migrate probe`` prints: one row per element the probe post tested."""

from __future__ import annotations

from rich.table import Table

from tistory_migrate import console
from tistory_migrate.i18n import _


def print_probe(rows: list[tuple[str, str, str]], *, source: str, changes: list[str]) -> None:
    """``rows``: (element, the Naver component looked for, what happened), already in the
    reader's language; ``changes``: what the next export does differently because of it."""
    console.out.print(console.styled("bold", _("Paste probe: what Naver's editor kept")) + "  "
                      + console.escape(source))
    t = Table(show_header=True)
    t.add_column(_("element"))
    t.add_column(_("looked for"))
    t.add_column(_("result"))
    for element, component, state in rows:
        t.add_row(console.escape(element), console.escape(component), console.escape(state))
    console.out.print(t)
    for line in changes:
        console.out.print("  " + console.escape(line))
    console.out.print(console.escape(_("Stored with the archive: the next `export --format naver` uses it. "
                                       "You can delete the probe post on Naver now.")))
