"""The paste-helper page ``OUT/naver/index.html``: one self-contained file a person opens from
disk (no server, no network, no external fonts) to copy each post into Naver's editor.

The markup, CSS and script live in ``templates/naver_index.html``; this module only fills in
the blog's name and the post data. Post data goes in as JSON inside
``<script type="application/json">`` and the script renders it with ``textContent`` (never
``innerHTML``), so a post body, however hostile, is data and never markup of the page.
"""

from __future__ import annotations

import html
import io
import json
from datetime import date
from importlib import resources
from typing import Iterable, TextIO

TEMPLATE = "naver_index.html"

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
                probe_card: str = "") -> str:
    buf = io.StringIO()
    write_page(buf, posts, blog_host=blog_host, blog_title=blog_title, per_day=per_day, start_date=start_date,
               probe_card=probe_card)
    return buf.getvalue()


def write_page(fh: TextIO, posts: Iterable[dict], *, blog_host: str, blog_title: str, per_day: int,
               start_date: date, probe_card: str = "") -> None:
    """Write the page to ``fh`` one post record at a time (a 10,000-post blog never has all its
    bodies in memory). The bytes equal ``script_json`` of the whole data object: JSON of a list
    is its items' JSON joined by "," inside [ ], and the escaping maps single characters, so
    escaping piece by piece gives what escaping the whole gives."""
    data = {"host": blog_host, "title": blog_title, "per_day": per_day, "start": start_date.isoformat(),
            "posts": []}
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
