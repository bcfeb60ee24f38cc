"""The paste-helper page in real headless Chromium (Debian's /usr/bin/chromium via playwright):
copy buttons put the bundle's body.html on the clipboard, "done" survives a reload, nothing
leaves file://, hostile bodies never run, no console errors.

Skipped when chromium or playwright is missing, unless TM_REQUIRE_BROWSER=1 (then it fails).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from support.naver import Body, contract_export, golden_source, main_items, post

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser


def _browser_or_skip():
    required = os.environ.get("TM_REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            pytest.fail("TM_REQUIRE_BROWSER=1 but playwright is not installed")
        pytest.skip("playwright is not installed")
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        if required:
            pytest.fail(f"TM_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    return sync_playwright


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _browser_or_skip()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page whose console errors and non-file requests are recorded."""

    def __init__(self, browser, *, clipboard=True):
        perms = ["clipboard-read", "clipboard-write"] if clipboard else []
        self.context = browser.new_context(permissions=perms)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []

        def route(r):
            if r.request.url.startswith(("file://", "data:", "blob:")):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def close(self):
        self.context.close()


def tags_and_text(html: str) -> tuple[list[str], str]:
    html = re.sub(r"^<meta charset=['\"]utf-8['\"]>", "", html)  # Chromium prefixes clipboard HTML
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    tags = [el.tag for el in root.iter() if el is not root and isinstance(el.tag, str)]
    return tags, re.sub(r"\s+", " ", root.text_content()).strip()


def wait_copy(page, kind: str) -> str:
    """Wait until the page finished a copy of ``kind``; returns how it copied. Polls with
    evaluate: wait_for_function would eval a string, which the page's CSP forbids."""
    for _ in range(100):
        state = page.evaluate("() => window.__lastCopy && [window.__lastCopy.kind, window.__lastCopy.via]")
        if state and state[0] == kind and state[1]:
            return state[1]
        page.wait_for_timeout(50)
    raise AssertionError(f"the page never finished copying {kind}")


def read_clipboard_html(page) -> str | None:
    return page.evaluate("""async () => {
        const items = await navigator.clipboard.read();
        for (const item of items) {
            if (item.types.includes('text/html')) return await (await item.getType('text/html')).text();
        }
        return null;
    }""")


def test_copy_body_done_checkbox_and_no_network(browser, tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path, items, media=media, include_private=True)
    w = Watched(browser)
    try:
        page = w.page
        page.goto((out / "index.html").as_uri())
        card = page.locator("#post-101")
        assert card.locator(".title").inner_text() == "첫 글: 협치 성과 공유파티"
        assert page.locator("#progress").inner_text() == "완료 0 / 3"

        card.locator("button[data-copy=body]").click()
        via = wait_copy(page, "본문")
        expected = (out / "posts" / "01-101" / "body.html").read_text(encoding="utf-8")
        if via == "clipboard":
            got = read_clipboard_html(page)
        else:  # Chromium refused the async clipboard on file://: the page's own record of the copy
            got = page.evaluate("window.__lastCopy.html")
        assert got is not None
        assert tags_and_text(got) == tags_and_text(expected)
        plain = (out / "posts" / "01-101" / "body.txt").read_text(encoding="utf-8")
        assert page.evaluate("window.__lastCopy.text") == plain
        if via == "clipboard":  # the plain-text flavour is on the clipboard too
            assert page.evaluate("() => navigator.clipboard.readText()") == plain

        card.locator("button[data-copy=title]").click()
        if wait_copy(page, "제목") == "clipboard":
            assert page.evaluate("navigator.clipboard.readText()") == "첫 글: 협치 성과 공유파티"
        card.locator("button[data-copy=tags]").click()
        wait_copy(page, "태그")
        assert page.evaluate("window.__lastCopy.text") == "협치, 서대문"

        # Preview shows the bundle's own image files.
        card.locator("button[data-action=preview]").click()
        # Wait for the pictures to finish loading (on a busy machine they may not have yet);
        # a broken picture is "complete" with width 0 and still fails below.
        card.locator(".preview img").first.wait_for()
        page.wait_for_function("id => [...document.querySelectorAll(`#${id} .preview img`)].every(i => i.complete)",
                               arg="post-101")
        srcs = card.locator(".preview img").evaluate_all("els => els.map(e => [e.getAttribute('src'), e.naturalWidth])")
        assert srcs == [["posts/01-101/images/01-IMG_1590.png", 4], ["posts/01-101/images/02-2.png", 2]]

        assert card.locator("a.folder").get_attribute("href") == "posts/01-101/images/"
        assert page.locator("#post-102 a.folder").count() == 0  # its only picture is missing: no dead link

        card.locator("input[data-done='101']").check()
        assert page.locator("#progress").inner_text() == "완료 1 / 3"
        page.reload()
        assert page.locator("input[data-done='101']").is_checked()
        assert not page.locator("input[data-done='102']").is_checked()
        assert page.locator("#progress").inner_text() == "완료 1 / 3"

        # Filters: status "done" leaves one card; category narrows to its posts.
        page.select_option("#filter-status", "done")
        assert page.locator("article.post:not(.hidden)").evaluate_all("els => els.map(e => e.id)") == ["post-101"]
        page.select_option("#filter-status", "skipped")
        assert page.locator("article.post:not(.hidden)").evaluate_all("els => els.map(e => e.id)") == ["post-103", "post-105"]
        page.select_option("#filter-status", "")
        page.select_option("#filter-category", "공지")
        assert page.locator("article.post:not(.hidden)").evaluate_all("els => els.map(e => e.id)") == ["post-102"]
        assert page.locator("#plan-rows tr").count() == 5
        assert w.errors == [] and w.outside == [] and w.dialogs == []
    finally:
        w.close()


def test_hostile_bodies_never_run(browser, tmp_path):
    evil = '</script><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>'
    p = post("9", evil, "2021-01-01T00:00:00+09:00", tags=[evil], category=evil)
    body = Body(html=f"<p>{evil}</p><p><a href=\"javascript:alert(4)\">링크</a></p><iframe src=\"https://evil.example\"></iframe>"
                     f"<p>{evil.replace('<', '&lt;')}</p>")
    out = contract_export(tmp_path, [(p, body)])
    w = Watched(browser)
    try:
        page = w.page
        page.goto((out / "index.html").as_uri())
        card = page.locator("#post-9")
        assert card.locator(".title").inner_text() == evil
        card.locator("button[data-action=preview]").click()
        card.locator("button[data-copy=body]").click()
        wait_copy(page, "본문")
        # the page's own scripts and its data files only: helper.js, the data block, the script, one chunk,
        # and the probe card's own two (exporters/naver/probe.py)
        srcs = page.evaluate("[...document.scripts].map(s => String(s.getAttribute('src')))")
        assert sorted(srcs) == ["data/helper.js", "data/posts-0001.js", "null", "null", "null", "null"]
        assert page.evaluate("document.querySelectorAll('#probe-card script').length") == 2
        assert page.evaluate("document.querySelectorAll('[onerror],[onload],iframe,svg').length") == 0
        assert w.dialogs == [] and w.outside == []
        assert w.errors == []
    finally:
        w.close()


def test_probe_card_copies_the_probe_body(browser, tmp_path):
    from tistory_migrate.exporters.naver.probe import BODY_HTML, BODY_TEXT

    items, media = main_items()
    out = contract_export(tmp_path, items, media=media)
    w = Watched(browser)
    try:
        page = w.page
        page.goto((out / "index.html").as_uri())
        assert "먼저 확인하기" in page.locator("#probe-card").inner_text()
        button = page.locator("#probe-card button[data-probe-copy=html]")
        button.click()
        for _ in range(100):
            if button.get_attribute("data-copied") == "1":
                break
            page.wait_for_timeout(50)
        assert button.get_attribute("data-copied") == "1"
        got = read_clipboard_html(page)
        if got is not None:  # the async clipboard took it (else the copy-event fallback did)
            assert tags_and_text(got) == tags_and_text(BODY_HTML)
            assert page.evaluate("() => navigator.clipboard.readText()") == BODY_TEXT
        assert (out / "posts" / "00-probe" / "body.html").read_text(encoding="utf-8") == BODY_HTML
        assert w.errors == [] and w.outside == []
    finally:
        w.close()


def test_screenshot_for_the_readme(browser, tmp_path):
    """docs/naver-helper.png: regenerated with TM_REGEN_GOLDEN=1; otherwise only checks it exists
    once committed (a screenshot differs by a pixel between font versions, so no byte compare)."""
    target = REPO / "docs" / "naver-helper.png"
    if os.environ.get("TM_REGEN_GOLDEN") != "1":
        if not target.exists():
            pytest.skip("docs/naver-helper.png not generated yet (TM_REGEN_GOLDEN=1)")
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        return
    out = golden_source(tmp_path)
    w = Watched(browser)
    try:
        page = w.page
        page.set_viewport_size({"width": 1100, "height": 900})
        page.goto((out / "index.html").as_uri())
        first = page.locator("article.post:not(.skipped)").first
        first.locator("input[type=checkbox]").check()
        second = page.locator("article.post:not(.skipped)").nth(1)
        second.locator("button[data-action=preview]").click()
        page.wait_for_timeout(200)
        page.screenshot(path=str(target), full_page=False)
        assert w.errors == [] and w.outside == []
    finally:
        w.close()
    assert json.dumps(target.stat().st_size)  # written


HOSTILE_SPANS = (
    '<p><span style="background-image:url(https://evil.example/a.png);background-color:url(https://evil.example/b.png)">'
    "주소</span></p>"
    '<p><span style="color:expression(alert(1));font-size:expression(alert(2))">식</span></p>'
    '<p><span style="color:#0000ff;position:fixed;top:0;left:0;width:100%;height:100%">덮기</span></p>'
    '<p><span style="color:#0000ff !important;background-color:#FFF593;font-size:24px/**/;font-size:240px">철자</span></p>'
)


def test_preview_shows_author_styles_and_never_a_hostile_one(browser, tmp_path):
    """A span's colour, highlight and size (normalize/styles.py's spelling) show in the preview;
    anything else in its style, or another spelling, is dropped, never applied."""
    from tistory_migrate.exporters.naver.page import read_chunk, script_json

    body = Body(html='<p>바탕 <span style="color:#ee2323">빨강</span> <span style="background-color:#fff593">형광</span> '
                     '<span style="font-size:24px">크게</span> '
                     '<span style="color:#0000ff;background-color:#ffff00;font-size:20px">셋 다</span></p><p>자리</p>')
    out = contract_export(tmp_path, [(post("7", "꾸민 글", "2021-01-01T00:00:00+09:00"), body)])
    # What the exporter writes is already clean (its own tests); the page must hold even when a
    # bundle's data says otherwise, so the hostile styles go straight into the data chunk.
    chunk = out / "data" / "posts-0001.js"
    k, items = read_chunk(chunk.read_text(encoding="utf-8"))
    assert "<p>자리</p>" in items[0]["html"]
    items[0]["html"] = items[0]["html"].replace("<p>자리</p>", HOSTILE_SPANS)
    chunk.write_text(f"__tmChunk({k},{script_json(items)});\n", encoding="utf-8", newline="\n")

    w = Watched(browser)
    try:
        page = w.page
        page.goto((out / "index.html").as_uri())
        card = page.locator("#post-7")
        card.locator("button[data-action=preview]").click()
        card.locator(".preview span").first.wait_for()
        got = card.locator(".preview span").evaluate_all("""els => els.map(e => {
            const s = getComputedStyle(e), p = getComputedStyle(e.parentElement);
            return [e.textContent, s.color === p.color ? "-" : s.color,
                    s.backgroundColor, s.fontSize === p.fontSize ? "-" : s.fontSize,
                    s.position, s.backgroundImage, e.getAttribute("style")];
        })""")
        none = "rgba(0, 0, 0, 0)"
        shown = [row[:4] for row in got[:4]]
        assert shown == [["빨강", "rgb(238, 35, 35)", none, "-"],
                         ["형광", "-", "rgb(255, 245, 147)", "-"],
                         ["크게", "-", none, "24px"],
                         ["셋 다", "rgb(0, 0, 255)", "rgb(255, 255, 0)", "20px"]]
        hostile = {row[0]: row[1:] for row in got[4:]}
        assert set(hostile) == {"주소", "식", "덮기", "철자"}
        assert hostile["주소"] == ["-", none, "-", "static", "none", None]
        assert hostile["식"] == ["-", none, "-", "static", "none", None]
        # the allowed property of the overlay span stays; its position and box do not
        assert hostile["덮기"][:5] == ["rgb(0, 0, 255)", none, "-", "static", "none"]
        assert "position" not in hostile["덮기"][5] and "width" not in hostile["덮기"][5]
        assert hostile["철자"] == ["-", none, "-", "static", "none", None]
        assert all(row[4] == "static" and row[5] == "none" for row in got)
        assert w.errors == [] and w.outside == [] and w.dialogs == []
    finally:
        w.close()
