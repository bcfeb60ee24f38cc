"""Nothing the browser shows is lost (issue 17): for every fixture body and every hostile body,
the visible text of the raw body, read as a browser reads it (html5lib), minus what the
normalizer removes on purpose, reaches each export's text (jsonl ``body_html``, the Naver
``body.html``, the WXR ``content:encoded``): every run of 20 or more characters appears, in order.

A "run" is one text node of the raw body (whitespace collapsed, zero-width characters removed,
NFC): inline tags split text into runs, so a run is never a join the export may spell otherwise.
Removed on purpose, so not looked for: the platform's chrome (``tree.is_chrome``: scripts,
styles, ads, buttons, comment regions, forms, SVG...), the string-level removals of
``tree.preclean`` (``<!-- X - START -->`` regions, a pasted document's head), frames and media
players (they become one link titled by their address), link cards' descriptions (a card becomes
one link with its title), double escapes (``&amp;lt;`` shows as ``&lt;``: the normalizer undoes
them, so the runs are compared unescaped) and the "▲" caption lines (they become the picture's caption, which a
Naver bundle writes in the picture's marker, before the place the line stood).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import unicodedata
from pathlib import Path

import html5lib
import lxml.html
import pytest
from lxml import etree

from support.cli import run_cli
from support.hostile import HOSTILE
from tistory_migrate.archive import Archive
from tistory_migrate.extract.post import parse_post_page
from tistory_migrate.models import BlogInfo, Post
from tistory_migrate.normalize.tree import is_chrome, preclean

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "fixtures" / "snippets" / "normalize"
BLOGS = ROOT / "fixtures" / "blogs"
MIN_RUN = 20
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
# Removed on purpose besides the chrome (see the docstring): their text is not looked for.
ON_PURPOSE_TAGS = {"iframe", "video", "audio", "picture", "source", "noscript", "template", "object", "embed"}
WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def _bodies() -> dict[str, str]:
    bodies = {}
    for path in sorted(SNIPPETS.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        bodies[f"snippet {path.stem}"] = text[4:].split("-->", 1)[1]
    for folder in sorted(p for p in BLOGS.iterdir() if (p / "posts").is_dir()):
        for page in sorted((folder / "posts").glob("*.html")):
            result = parse_post_page(page.read_text(encoding="utf-8", errors="replace"), "https://x.tistory.com/1")
            if result.post is not None and result.post.body_raw.strip():
                bodies[f"{folder.name} {page.stem}"] = result.post.body_raw
    for key, (body, _needles) in HOSTILE.items():
        bodies[f"hostile {key}"] = body
    return bodies


BODIES = _bodies()


def _squeeze(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", ZERO_WIDTH.sub("", text)).split())


def _on_purpose(el) -> bool:
    if not isinstance(el.tag, str):
        return True  # comments
    tag = el.tag.lower()
    if tag in ON_PURPOSE_TAGS or is_chrome(el):
        return True
    kind = (el.get("data-ke-type") or "").lower()
    return kind in ("opengraph", "video", "map") or "og" in (el.get("class") or "").split()


def visible_runs(raw: str) -> list[str]:
    """The raw body's text runs of at least MIN_RUN characters, in order, as a browser shows it."""
    doc = html5lib.parse(f"<html><body>{preclean(raw)}</body></html>", treebuilder="lxml", namespaceHTMLElements=False)
    body = doc.getroot().find("body")
    pieces: list[str] = []
    stack: list = [(body, False)]
    while stack:  # iterative: a hostile body is thousands of levels deep
        el, done = stack.pop()
        if done:
            pieces.append(el.tail or "")
            continue
        if el is not body:
            stack.append((el, True))
        if el is not body and _on_purpose(el):
            continue
        pieces.append(el.text or "")
        stack.extend((child, False) for child in reversed(el))  # then each child, then el's tail
    runs = [_squeeze(html_lib.unescape(p) if "&" in p else p) for p in pieces]  # double escapes: undone on purpose
    return [r for r in runs if len(r) >= MIN_RUN and not r.startswith("▲")]


def _html_text(fragment: str) -> str:
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div", parser=lxml.html.HTMLParser(huge_tree=True))
    return _squeeze(html_lib.unescape(root.text_content()) if "&" in root.text_content() else root.text_content())


def missing_runs(runs: list[str], text: str) -> list[str]:
    """The runs not found in ``text`` in order (each searched after the previous one found)."""
    missing, pos = [], 0
    for run in runs:
        at = text.find(run, pos)
        if at < 0:
            missing.append(run)
        else:
            pos = at + len(run)
    return missing


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, dict[str, str]]:
    """Every body as a post of one archive, exported in every format: {post id: {format: text}}."""
    base = tmp_path_factory.mktemp("visible")
    archive = base / "A"
    with Archive.open(archive, create=True) as ar:
        ar.set_blog(BlogInfo(base_url="https://x.tistory.com", host="x.tistory.com", title="보이는 글자", name="x"))
        for n, (name, body) in enumerate(BODIES.items(), 1):
            ar.put_post(Post(id=str(n), url=f"https://x.tistory.com/{n}", title=name, published="2020-01-01T09:00:00+09:00",
                             body_raw=body, sources=["list"]))
    result = run_cli(["export", str(archive), "-f", "all", "-o", str(base / "out"), "--quiet"])
    assert result.code in (0, 1), result.text
    texts: dict[str, dict[str, str]] = {}
    out = base / "out"
    for line in (out / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts.setdefault(str(record["id"]), {})["jsonl"] = _html_text(record["body_html"])
    for path in out.glob("naver/posts/*/body.html"):
        post_id = path.parent.name.split("-", 1)[1]
        texts.setdefault(post_id, {})["naver"] = _html_text(path.read_text(encoding="utf-8"))
    for path in out.rglob("*.xml"):
        for item in etree.parse(str(path), etree.XMLParser(huge_tree=True)).iter("item"):
            post_id = item.findtext(f"{WP}post_id")
            if item.findtext(f"{WP}post_type") == "post" and post_id:
                texts.setdefault(post_id, {})["wxr"] = _html_text(item.findtext(CONTENT) or "")
    return texts


@pytest.mark.parametrize("n,name", list(enumerate(BODIES, 1)), ids=list(BODIES))
def test_every_visible_run_reaches_every_export(n, name, exported):
    runs = visible_runs(BODIES[name])
    got = exported.get(str(n), {})
    assert set(got) == {"jsonl", "naver", "wxr"}, sorted(got)
    problems = {fmt: missing_runs(runs, text) for fmt, text in sorted(got.items())}
    assert not any(problems.values()), {fmt: m[:5] for fmt, m in problems.items() if m}


def test_the_comparison_can_fail():
    """A lost paragraph is found, and so is a reordered one."""
    runs = visible_runs("<p>첫째 문단은 스무 글자보다 깁니다 first</p><p>둘째 문단도 스무 글자보다 깁니다 second</p>")
    assert len(runs) == 2
    assert missing_runs(runs, runs[0]) == [runs[1]]
    assert missing_runs(runs, runs[1] + " " + runs[0]) == [runs[1]]
    assert missing_runs(runs, " ".join(runs)) == []


def test_hostile_bodies_have_runs_past_the_old_limits():
    """The hostile bodies' text after the point where the old parse stopped is looked for."""
    runs = visible_runs(HOSTILE["unclosed-spans"][0])
    assert len(runs) == 400 and runs[-1].startswith("400번째")
    assert any("마지막 문단" in r for r in visible_runs(HOSTILE["nested-divs"][0]))
