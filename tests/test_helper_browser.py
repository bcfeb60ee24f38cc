"""The served helper in real headless Chromium (Debian's /usr/bin/chromium via playwright), used
as a person would: the helper page and a test editor (a contenteditable that records what each
paste delivered) side by side, one copy and one paste per piece. The pasted pieces must rebuild
the post: its text equals body.html's text without the picture markers, each picture's pixels
equal its file decoded with EXIF orientation applied, no marker is left, no file dialog opens.
The person's actions are counted (each click, key chord and window switch is one).

Skipped when chromium, playwright or Pillow is missing, unless TM_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import base64
import io
import re

import lxml.html
import pytest

from support.naver import Body, contract_export, fig, image_ref, png, post
from test_naver_browser import ARGS, CHROMIUM, _browser_or_skip
from tistory_migrate.exporters.naver.serve import HelperServer

pytestmark = pytest.mark.browser

EDITOR = """<!DOCTYPE html><meta charset="utf-8"><title>editor</title>
<input id="title"><div id="body" contenteditable="true" style="min-height:200px"></div><input id="tags">
<script>
window.pastes = [];
document.addEventListener('paste', async (ev) => {
  const dt = ev.clipboardData, rec = {target: ev.target.id, types: [...dt.types]};
  rec.html = dt.getData('text/html'); rec.text = dt.getData('text/plain');
  const file = [...dt.items].filter(i => i.kind === 'file').map(i => i.getAsFile())[0];
  ev.preventDefault();
  if (file) {
    rec.image = await new Promise(r => { const f = new FileReader(); f.onload = () => r(f.result); f.readAsDataURL(file); });
    rec.mime = file.type;
  }
  window.pastes.push(rec);
});
</script>"""


def _jpeg_with_orientation() -> bytes:
    from PIL import Image

    im = Image.new("RGB", (6, 4))
    for x in range(6):
        for y in range(4):
            im.putpixel((x, y), (x * 40, y * 60, 200 if (x + y) % 2 else 20))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=100, subsampling=0, exif=exif)
    return buf.getvalue()


def _pixels(data: bytes):
    from PIL import Image, ImageOps

    im = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGBA")
    return im.size, im.tobytes()


def _text(html: str) -> str:
    html = re.sub(r"^<meta charset=['\"]utf-8['\"]>", "", html)
    root = lxml.html.fragment_fromstring(html, create_parent="div") if html.strip() else None
    return "" if root is None else root.text_content()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _browser_or_skip()
    try:
        import PIL  # noqa: F401
    except ImportError:
        pytest.skip("Pillow is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _export(tmp_path):
    jpeg = _jpeg_with_orientation()
    pics = [("dn/a/b/c/img.jpg", "https://blog.kakaocdn.net/dn/a/b/c/img.jpg", jpeg),
            ("dn/d/e/f/img.png", "https://blog.kakaocdn.net/dn/d/e/f/img.png", png(5, 3, 4)),
            ("dn/g/h/i/img.png", "https://blog.kakaocdn.net/dn/g/h/i/img.png", png(3, 7, 9))]
    p = post("201", "사진 세 장 글", "2021-03-01T09:00:00+09:00", tags=["사진", "서대문"])
    body = Body(html=("<p>첫 문단 <b>굵게</b></p>" + fig(0, "▲ 세로 사진") + "<p>둘째 문단</p>" + fig(1) + fig(2)
                      + "<p>끝 문단 <a href=\"https://example.com/\">링크</a></p>"),
                images=[image_ref(u, i, filename=f"p{n}.{u[-3:]}") for n, (i, u, _d) in enumerate(pics)])
    out = contract_export(tmp_path, [(p, body)], media=pics)
    return out, pics


def test_a_post_with_k_pictures_pastes_in_order_without_a_file_dialog(browser, tmp_path):
    out, pics = _export(tmp_path)
    k = len(pics)
    server = HelperServer(out)
    server.start_thread()
    origin = f"http://127.0.0.1:{server.port}"
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)  # the 127.0.0.1 origin only
    outside, errors, dialogs, choosers = [], [], [], []

    def route(r):
        url = r.request.url
        if url.startswith("http://editor.test/"):
            return r.fulfill(status=200, content_type="text/html; charset=utf-8", body=EDITOR)
        if url.startswith((origin + "/", "data:", "blob:")):
            return r.continue_()
        outside.append(url)
        return r.abort()

    context.route("**/*", route)
    actions = 0
    try:
        helper = context.new_page()
        editor = context.new_page()
        for pg in (helper, editor):
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            pg.on("filechooser", lambda fc: choosers.append(fc))
        editor.goto("http://editor.test/")
        helper.goto(server.url)
        card = helper.locator("#post-201")
        helper.wait_for_function("() => window.__tmProgressLoaded === true")
        card.locator("button[data-copy=next]").wait_for()

        def switch(pg):
            nonlocal actions
            pg.bring_to_front()
            actions += 1

        def copy_with(locator, kind_wait=None):
            nonlocal actions
            before = helper.evaluate("window.__lastCopy && JSON.stringify(window.__lastCopy)")
            locator.click()
            actions += 1
            for _ in range(200):
                state = helper.evaluate("window.__lastCopy && [window.__lastCopy.via, JSON.stringify(window.__lastCopy)]")
                if state and state[0] and state[1] != before:
                    return state[0]
                helper.wait_for_timeout(25)
            raise AssertionError("the helper never finished a copy")

        def paste(target: str):
            nonlocal actions
            n = editor.evaluate("window.pastes.length")
            editor.locator(target).focus()  # the caret stays where the last paste left it: no action
            editor.keyboard.press("Control+V")
            actions += 1
            for _ in range(200):
                if editor.evaluate("window.pastes.length") > n:
                    return editor.evaluate("window.pastes[window.pastes.length - 1]")
                editor.wait_for_timeout(25)
            raise AssertionError("the paste delivered nothing")

        # title first
        switch(helper)
        assert copy_with(card.locator("button[data-copy=title]")) == "clipboard"
        switch(editor)
        assert paste("#title")["text"] == "사진 세 장 글"
        # the body, piece by piece (one copy, one paste each)
        delivered = []
        pieces = 0
        state_texts = []
        while True:
            nxt = card.locator("button[data-copy=next]")
            if nxt.is_disabled():
                break
            switch(helper)
            assert copy_with(nxt) == "clipboard"
            state_texts.append(card.locator(".seq-state").inner_text())
            switch(editor)
            delivered.append(paste("#body"))
            pieces += 1
        assert pieces <= 2 * k + 1
        # tags last
        switch(helper)
        copy_with(card.locator("button[data-copy=tags]"))
        switch(editor)
        assert paste("#tags")["text"] == "사진, 서대문"
        switch(helper)
        card.locator("input[data-done='201']").check()
        actions += 1

        # what the pastes rebuilt
        body_html = (out / "posts" / "01-201" / "body.html").read_text(encoding="utf-8")
        markers = [m for m in re.findall(r"<p>(\[사진 \d+\][^<]*)</p>", body_html)]
        assert len(markers) == k
        want_text = _norm(_text(re.sub(r"<p>\[사진 \d+\][^<]*</p>", "", body_html)))
        got_text = _norm(" ".join(_text(d["html"]) for d in delivered if "text/html" in d["types"]))
        assert got_text == want_text
        assert "[사진" not in " ".join(d["text"] + d["html"] for d in delivered)  # no marker left
        images = [d for d in delivered if d.get("image")]
        assert [d["mime"] for d in images] == ["image/png"] * k
        for d, (_i, _u, data) in zip(images, pics):
            pasted = base64.b64decode(d["image"].split(",", 1)[1])
            assert _pixels(pasted) == _pixels(data)
        # the order: text, picture, text, picture, picture, text
        kinds = ["i" if d.get("image") else "t" for d in delivered]
        assert kinds == ["t", "i", "t", "i", "i", "t"]
        assert state_texts[1].startswith("2/6: [사진 1]") or state_texts[1].startswith("2/6: [사진 01]")
        assert choosers == [] and dialogs == [] and outside == [] and errors == []
        # progress saved by the server: the tick and the position
        for _ in range(200):  # the tick's save is asynchronous
            saved = server.progress.snapshot()["posts"].get("201")
            if saved and saved["done"]:
                break
            helper.wait_for_timeout(25)
        assert saved == {"done": True, "step": 6}
        assert '"201"' in (out / "progress.json").read_text(encoding="utf-8")
        print(f"\nactions for a post with {k} pictures: {actions} (pieces {pieces})")
        assert actions == 4 + 4 * pieces + 4 + 2
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def _gif(frames: int) -> bytes:
    from PIL import Image

    ims = [Image.new("RGB", (4, 4), color=(80 * i, 255 - 80 * i, 0)) for i in range(frames)]
    buf = io.BytesIO()
    ims[0].save(buf, "GIF", save_all=frames > 1, append_images=ims[1:], duration=100, loop=0)
    return buf.getvalue()


def test_shortcuts_back_and_again_the_picture_button_and_pictures_that_keep_their_marker(browser, tmp_path):
    pics = [("dn/a/a/a/img.png", "https://blog.kakaocdn.net/dn/a/a/a/img.png", png(4, 4, 1)),
            ("dn/b/b/b/img.gif", "https://blog.kakaocdn.net/dn/b/b/b/img.gif", _gif(3))]
    p = post("301", "움짤 글", "2021-03-01T09:00:00+09:00")
    body = Body(html="<p>앞</p>" + fig(0) + "<p>가운데</p>" + fig(1) + "<p>뒤</p>",
                images=[image_ref(u, i, filename=f"q{n}.{u[-3:]}") for n, (i, u, _d) in enumerate(pics)])
    out = contract_export(tmp_path, [(p, body)], media=pics)
    server = HelperServer(out)
    server.start_thread()
    origin = f"http://127.0.0.1:{server.port}"
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url)
        card = page.locator("#post-301")
        page.wait_for_function("() => window.__tmProgressLoaded === true")
        card.locator("button[data-copy=next]").wait_for()

        def clip_types():
            return page.evaluate("async () => (await navigator.clipboard.read()).flatMap(i => i.types)")

        # the animated GIF keeps its marker: the sequence is text, picture 1, text (with the GIF's marker)
        page.keyboard.press("n")
        assert card.locator(".seq-state").inner_text().startswith("1/3: 글: 원문: 2021-03-01")
        page.keyboard.press("n")
        page.wait_for_function("() => window.__lastCopy && window.__lastCopy.kind === '사진' && window.__lastCopy.via")
        assert "image/png" in clip_types()
        page.keyboard.press("n")
        page.wait_for_function("() => window.__lastCopy && window.__lastCopy.kind === '본문 조각' && window.__lastCopy.via")
        assert "[사진 02]" in page.evaluate("window.__lastCopy.text") and "가운데" in page.evaluate("window.__lastCopy.text")
        assert card.locator("button[data-copy=next]").is_disabled()
        # back one: piece 2 (the picture) is on the clipboard again; again: the same once more
        page.keyboard.press("b")
        page.wait_for_function("() => window.__lastCopy && window.__lastCopy.kind === '사진' && window.__lastCopy.via")
        assert card.locator(".seq-state").inner_text().startswith("2/3: [사진 01]")
        card.locator("button[data-copy=again]").click()
        page.wait_for_function("() => window.__lastCopy && window.__lastCopy.kind === '사진' && window.__lastCopy.via")
        assert "image/png" in clip_types()
        # the position survives a reload (saved by the server)
        for _ in range(100):
            if server.progress.snapshot()["posts"].get("301", {}).get("step") == 2:
                break
            page.wait_for_timeout(25)
        page.reload()
        page.wait_for_function("() => window.__tmProgressLoaded === true")
        card.locator("button[data-copy=next]").wait_for()
        assert card.locator(".seq-state").inner_text().startswith("2/3:")
        # the preview: each carried picture has its own copy button; the GIF says why not, its file one click away
        card.locator("button[data-action=preview]").click()
        card.locator("button[data-copy-image='1']").click()
        page.wait_for_function("() => window.__lastCopy && window.__lastCopy.n === 1 && window.__lastCopy.via")
        assert "image/png" in clip_types()
        kept = card.locator(".kept a[data-kept='2']")  # on the card itself, no preview needed
        assert kept.get_attribute("href") == "posts/01-301/images/02-q1.gif"
        gif = card.locator(".pic").nth(1)
        assert "움직이는 GIF" in gif.locator(".pic-why").inner_text()
        assert gif.locator("a.pic-open").get_attribute("href") == "posts/01-301/images/02-q1.gif"
        assert errors == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_ticks_made_on_the_file_page_reach_the_served_helper(browser, tmp_path):
    from tistory_migrate.exporters.naver.serve import run
    import threading

    out, _pics = _export(tmp_path)
    server = HelperServer(out)
    thread = threading.Thread(target=run, args=(server,), daemon=True)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((out / "index.html").as_uri())
        assert "tistory-migrate helper" in page.locator("#served-note").inner_text()
        page.locator("input[data-done='201']").check()  # ticked before the helper ran
        thread.start()
        for _ in range(100):
            if "port" in (out / "data" / "helper.js").read_text(encoding="utf-8"):
                break
            page.wait_for_timeout(20)
        page.reload()  # the file:// page now finds the helper and hands over its ticks
        assert server.url in page.locator("#served-note").inner_text()
        for _ in range(200):
            if server.progress.snapshot()["posts"].get("201", {}).get("done"):
                break
            page.wait_for_timeout(25)
        assert server.progress.snapshot()["posts"]["201"]["done"] is True
    finally:
        context.close()
        server.shutdown()
        thread.join(10)


def test_a_picture_whose_png_is_too_big_is_copied_as_its_marker(browser, tmp_path):
    from tistory_migrate.settings import Settings, NaverSettings
    import dataclasses

    pics = [("dn/a/a/a/img.png", "https://blog.kakaocdn.net/dn/a/a/a/img.png", png(40, 40, 1))]
    p = post("401", "큰 사진 글", "2021-03-01T09:00:00+09:00")
    body = Body(html="<p>앞</p>" + fig(0) + "<p>뒤</p>", images=[image_ref(pics[0][1], pics[0][0], filename="big.png")])
    settings = dataclasses.replace(Settings(), naver=dataclasses.replace(NaverSettings(), max_image_bytes=100))
    out = contract_export(tmp_path, [(p, body)], media=pics, settings=settings)
    server = HelperServer(out)
    server.start_thread()
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=f"http://127.0.0.1:{server.port}")
    try:
        page = context.new_page()
        page.goto(server.url)
        card = page.locator("#post-401")
        card.locator("button[data-copy=next]").wait_for()
        card.locator("button[data-copy=next]").click()
        page.wait_for_function("() => window.__lastCopy && window.__lastCopy.via")
        card.locator("button[data-copy=next]").click()
        page.wait_for_function("() => window.__lastCopy && window.__lastCopy.kind === '표시 줄' && window.__lastCopy.via")
        types = page.evaluate("async () => (await navigator.clipboard.read()).flatMap(i => i.types)")
        assert "image/png" not in types and "text/plain" in types
        assert page.evaluate("navigator.clipboard.readText()").startswith("[사진 01] 01-big.png")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
