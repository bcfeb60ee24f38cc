"""The paste-helper page ``OUT/naver/index.html``: one self-contained file a person opens from
disk (no server, no network, no external fonts) to copy each post into Naver's editor.

The markup, CSS and script live in ``templates/naver_index.html``; this module only fills in
the blog's name and the post data. Post data goes in as JSON inside
``<script type="application/json">`` and the script renders it with ``textContent`` (never
``innerHTML``), so a post body, however hostile, is data and never markup of the page.
"""

from __future__ import annotations

import html
import json
from datetime import date
from importlib import resources

TEMPLATE = "naver_index.html"

# Inside a <script> element only "</script" or "<!--" can end the data early; escaping every
# <, > and & makes that impossible whatever the bodies contain. U+2028/2029 are escaped too:
# harmless to JSON.parse, but they end a line in older JavaScript engines if anyone ever
# copies the block into code.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


def load_template() -> str:
    return resources.files("tistory_migrate.exporters").joinpath("templates", TEMPLATE).read_text(encoding="utf-8")


def render_page(posts: list[dict], *, blog_host: str, blog_title: str, per_day: int, start_date: date) -> str:
    data = {"host": blog_host, "title": blog_title, "per_day": per_day, "start": start_date.isoformat(),
            "posts": posts}
    page = load_template()
    page = page.replace("{{BLOG_TITLE}}", html.escape(blog_title, quote=True))
    # Data last, so nothing inside it is ever taken for a placeholder.
    head, sep, tail = page.partition("{{DATA_JSON}}")
    if not sep:  # pragma: no cover - the template ships with the package
        raise RuntimeError("naver_index.html has no {{DATA_JSON}} placeholder")
    return head + script_json(data) + tail
