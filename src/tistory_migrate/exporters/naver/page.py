"""The paste-helper page ``OUT/naver/index.html`` and its data ``OUT/naver/data/``: files a
person opens from disk (no server, no network, no external fonts) to copy each post into
Naver's editor, or through ``tistory-migrate helper`` (``serve.py``) to paste pictures too.

The markup, CSS and script live in ``templates/naver_index.html``; this module only fills in
the blog's name and the post data. The page carries a light record per post (what the list,
the filters, the progress count and the plan need) as JSON inside
``<script type="application/json">``; what a card needs to copy (body, pieces, tags, pictures,
notes) is in ``data/posts-NNNN.js`` chunks of ``CHUNK`` posts, loaded by ``<script src>`` when
a card is shown (``fetch`` fails on a ``file://`` page; a script element does not), so a
10,000-post blog opens as fast as a small one. The script renders everything with
``textContent`` (never ``innerHTML``), so a post body, however hostile, is data and never
markup of the page.
"""

from __future__ import annotations

import html
import io
import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, TextIO

TEMPLATE = "naver_index.html"
DATA_DIR = "data"  # beside index.html: the chunks and helper.js
CHUNK = 100  # posts per data chunk
HEAVY = ("tags", "html", "text", "images", "notes", "pieces")  # in the chunks, not in index.html
HELPER_JS = "helper.js"  # the running helper's address for the file:// page (serve.py); null otherwise
NO_HELPER = "window.__TM_HELPER = null;\n"

# Inside a <script> element only "</script" or "<!--" can end the data early; escaping every
# <, > and & makes that impossible whatever the bodies contain. U+2028/2029 are escaped too:
# harmless to JSON.parse, but they end a line in older JavaScript engines if anyone ever
# copies the block into code.
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                               "\u2029": "\\u2029"})


def script_json(data: object) -> str:
    # str.translate maps single characters like the per-character loop it replaced, in C.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


def load_template() -> str:
    return resources.files("tistory_migrate.exporters.naver").joinpath("templates", TEMPLATE).read_text(encoding="utf-8")


def render_page(posts: list[dict], *, blog_host: str, blog_title: str, per_day: int, start_date: date,
                probe_card: str = "", max_image_bytes: int | None = None) -> str:
    buf = io.StringIO()
    write_page(buf, posts, blog_host=blog_host, blog_title=blog_title, per_day=per_day, start_date=start_date,
               probe_card=probe_card, max_image_bytes=max_image_bytes)
    return buf.getvalue()


def write_page(fh: TextIO, posts: Iterable[dict], *, blog_host: str, blog_title: str, per_day: int,
               start_date: date, probe_card: str = "", max_image_bytes: int | None = None) -> None:
    """Write the page to ``fh`` one post record at a time (a 10,000-post blog never has all its
    bodies in memory). The bytes equal ``script_json`` of the whole data object: JSON of a list
    is its items' JSON joined by "," inside [ ], and the escaping maps single characters, so
    escaping piece by piece gives what escaping the whole gives."""
    data: dict = {"host": blog_host, "title": blog_title, "per_day": per_day, "start": start_date.isoformat()}
    if max_image_bytes is not None:
        data["max_png"] = max_image_bytes  # the largest PNG the served helper puts on the clipboard
    data["posts"] = []
    # One pass over the template, never over its own output: the template is cut at the data
    # first, then each part gets the title, so a title (or a post) that contains a placeholder
    # is only ever text.
    head, sep, tail = load_template().partition("{{DATA_JSON}}")
    if not sep:  # pragma: no cover - the template ships with the package
        raise RuntimeError("naver_index.html has no {{DATA_JSON}} placeholder")
    head = head.replace("{{PROBE_CARD}}", probe_card)  # static markup of ours (probe.probe_card), before any data
    title = html.escape(blog_title, quote=True)
    head, tail = head.replace("{{BLOG_TITLE}}", title), tail.replace("{{BLOG_TITLE}}", title)
    opening = script_json(data)
    if not opening.endswith(_EMPTY_POSTS_END):  # pragma: no cover - "posts" is the last key above
        raise RuntimeError("the page data must end with its posts list")
    fh.write(head)
    fh.write(opening[: -len(_EMPTY_POSTS_END)] + "[")
    for n, post in enumerate(posts):
        if n:
            fh.write(",")
        fh.write(script_json(post))
    fh.write("]}")
    fh.write(tail)


_EMPTY_POSTS_END = "[]}"


def chunk_name(k: int) -> str:
    return f"posts-{k:04d}.js"


class Chunks:
    """Writes ``data/`` under ``root`` while the page streams: ``split`` takes each record's
    heavy fields (``HEAVY``) out into the current chunk and leaves the light record, with the
    number of the chunk that holds the rest (0: a post that is not bundled has none)."""

    def __init__(self, root: Path):
        self.folder = root / DATA_DIR
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self._items: list[dict] = []
        (self.folder / HELPER_JS).write_text(NO_HELPER, encoding="utf-8", newline="\n")

    def split(self, records: Iterable[dict]) -> Iterator[dict]:
        for rec in records:
            heavy = {k: rec.pop(k) for k in HEAVY if k in rec}
            rec["chunk"] = 0
            if heavy and rec.get("bundled"):
                heavy["id"] = rec["id"]
                self._items.append(heavy)
                rec["chunk"] = self.count + 1
                if len(self._items) >= CHUNK:
                    self._write()
            yield rec
        if self._items:
            self._write()

    def _write(self) -> None:
        self.count += 1
        text = f"__tmChunk({self.count},{script_json(self._items)});\n"
        (self.folder / chunk_name(self.count)).write_text(text, encoding="utf-8", newline="\n")
        self._items = []


def read_chunk(text: str) -> tuple[int, list[dict]]:
    """A chunk file's number and items (for tests and tools)."""
    head, _, rest = text.partition(",")
    return int(head.removeprefix("__tmChunk(")), json.loads(rest.rstrip().removesuffix(");"))
