"""``redirects render --style S``: golden files for every style, each style's own rules, and
the tistory-skin script run in headless Chromium on a loopback copy of a fixture post page.

Every render runs the redirects exporter through the export lifecycle (``run_export`` with
``ExportOptions(redirect_style=S)``), the one path that writes the map."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
from pathlib import Path
from urllib.parse import quote

import pytest

from tistory_migrate.errors import UsageError
from tistory_migrate.exporters.base import ExportOptions
from tistory_migrate.pipeline import export as run_export
from tistory_migrate.models import Post
from tistory_migrate.redirects import STYLES
from tistory_migrate.settings import Settings

from support.fixture_blog import OLD, SLUG_101, SLUG_103, build_archive

GOLDEN = Path(__file__).resolve().parent / "golden" / "redirects"
HOME = "https://blog.naver.com/tm_fixture"
NEW = {
    "101": "https://blog.naver.com/tm_fixture/223100000001",
    "103": "https://blog.naver.com/tm_fixture/223100000003",
    "106": "https://blog.naver.com/tm_fixture/223100000007",
}


def render(ar, style: str, out: Path, *, home_url: str | None = None) -> Path:
    """What `redirects render` does: the file written under ``out/redirects/``."""
    [summary] = run_export(ar, ["redirects"], out, Settings(), ExportOptions(redirect_style=style, home_url=home_url))
    return Path(summary.first_to_open)


def resolved_archive(root: Path):
    ar = build_archive(root)
    ar.set_meta("redirects", {pid: {"new_url": url, "method": "original-url"} for pid, url in NEW.items()})
    return ar


@pytest.mark.parametrize("style", list(STYLES))
def test_render_matches_golden(tmp_path, style):
    with resolved_archive(tmp_path / "ar") as ar:
        path = render(ar, style, tmp_path / "out", home_url=HOME)
    assert path == tmp_path / "out" / "redirects" / STYLES[style].file_name
    data = path.read_bytes()
    golden = GOLDEN / path.name
    if os.environ.get("TM_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert golden.is_file(), "no golden file yet: run with TM_REGEN_GOLDEN=1"
    assert data == golden.read_bytes()


def test_render_refuses_unknown_style_and_bad_home(tmp_path):
    with resolved_archive(tmp_path / "ar") as ar:
        with pytest.raises(UsageError):
            render(ar, "htaccess2", tmp_path / "out")
        with pytest.raises(UsageError):
            render(ar, "nginx", tmp_path / "out", home_url="javascript:alert(1)")



def test_each_style_keeps_the_files_of_the_others(tmp_path):
    with resolved_archive(tmp_path / "ar") as ar:
        first = render(ar, "tistory-skin", tmp_path / "out").read_bytes()
        render(ar, "nginx", tmp_path / "out", home_url=HOME)
    folder = tmp_path / "out" / "redirects"
    assert sorted(p.name for p in folder.iterdir()) == ["nginx-redirects.conf", "tistory-skin-redirect.html"]
    assert (folder / "tistory-skin-redirect.html").read_bytes() == first


def test_the_default_style_is_what_export_writes(tmp_path):
    with resolved_archive(tmp_path / "ar") as ar:
        run_export(ar, ["redirects"], tmp_path / "export", Settings())
        rendered = render(ar, "csv", tmp_path / "render")
    assert (tmp_path / "export" / "redirects" / "redirects.csv").read_bytes() == rendered.read_bytes()


def test_every_style_has_its_own_file_and_a_description():
    names = [s.file_name for s in STYLES.values()]
    assert len(set(names)) == len(names)
    assert all(s.description and "\n" not in s.description for s in STYLES.values())


def test_csv_and_json_carry_the_new_urls(tmp_path):
    with resolved_archive(tmp_path / "ar") as ar:
        rows = list(csv.DictReader(io.StringIO(render(ar, "csv", tmp_path).read_text("utf-8-sig"))))
        doc = json.loads(render(ar, "json", tmp_path, home_url=HOME).read_text("utf-8"))
    by_url = {r["old_url"]: r for r in rows}
    assert by_url[f"{OLD}/m/entry/{SLUG_103}"]["new_url"] == NEW["103"]
    assert by_url[f"{OLD}/104"]["new_url"] == ""
    posts = {p["id"]: p for p in doc["posts"]}
    assert posts["106"]["new_url"] == NEW["106"] and "/notice/106" in posts["106"]["old_paths"]
    assert posts["105"]["new_url"] is None
    assert doc["list_pages"][0] == {"prefix": "/category", "new_url": HOME}


def test_apache_rules_match_the_old_paths(tmp_path):
    with resolved_archive(tmp_path / "ar") as ar:
        text = render(ar, "apache", tmp_path, home_url=HOME).read_text("utf-8")
    rules = [(re.compile(m.group(1).replace("\\ ", " ")), m.group(2))
             for m in re.finditer(r'^RewriteRule "(.+?)" "(.+?)" \[R=301,L,NE\]$', text, re.M)]

    def target(path: str) -> str | None:  # Apache matches the decoded path; .htaccess drops the leading /
        for rx, to in rules:
            if rx.search(path.lstrip("/")):
                return to
        return None

    assert target("/101") == NEW["101"] and target("/m/101/") == NEW["101"]
    assert target(f"/entry/{SLUG_103}") == NEW["103"] and target(f"/m/entry/{SLUG_103}") == NEW["103"]
    assert target("/notice/106") == NEW["106"]
    assert target("/1011") is None and target("/104") is None
    assert target("/category/협치") == HOME and target("/tag/원탁회의") == HOME


def test_nginx_and_netlify_list_every_resolved_path(tmp_path):
    with resolved_archive(tmp_path / "ar") as ar:
        nginx = render(ar, "nginx", tmp_path, home_url=HOME).read_text("utf-8")
        netlify = render(ar, "netlify", tmp_path, home_url=HOME).read_text("utf-8")
    entries = dict(re.findall(r'^\s+"([^"]+)" "([^"]+)";$', nginx, re.M))
    assert entries["/101"] == NEW["101"] and entries[f"/entry/{SLUG_101}"] == NEW["101"]
    assert entries["/entry/" + quote(SLUG_103, safe="")] == NEW["103"]
    assert "/104" not in entries
    assert nginx.count("{") == nginx.count("}")
    lines = [ln.split() for ln in netlify.splitlines() if ln and not ln.startswith("#")]
    assert all(len(parts) == 3 and parts[2] == "301" for parts in lines)  # a space in a path would break this
    assert ["/m/notice/106", NEW["106"], "301"] in lines
    assert ["/tag/*", HOME, "301"] in lines


def test_notice_lists_every_moved_post(tmp_path):
    with resolved_archive(tmp_path / "ar") as ar:
        html = render(ar, "notice", tmp_path, home_url=HOME).read_text("utf-8")
    assert "블로그를 옮겼습니다" in html
    for pid, url in NEW.items():
        assert f'href="{url}"' in html
    assert html.count("<li>") == 3
    assert f'href="{OLD}/notice/106"' in html


def test_skin_script_is_safe_inside_a_script_tag(tmp_path):
    with build_archive(tmp_path / "ar") as ar:
        post = ar.get_post("104")
        post.slug_url = f"{OLD}/entry/" + quote("</script><script>alert(1)</script>", safe="")
        ar.put_post(post)
        ar.set_meta("redirects", {"104": {"new_url": "https://blog.naver.com/x/223100000009", "method": "title"}})
        text = render(ar, "tistory-skin", tmp_path).read_text("utf-8")
    assert text.count("</script>") == 1 and text.count("<script>") == 1
    assert "\\u003c/script\\u003e" in text


# -- the skin script in a real browser -----------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
FIXTURE_PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "blogs" / "seodaemun" / "posts" / "123.html"
SLUG_123 = "민과-관이-함께하는-협치-성과-공유파티"
NEW_123 = "https://blog.naver.com/tm_fixture/223100000123"


def _browser_or_skip():
    """Run whenever Chromium and playwright are here; skip when not, unless TM_REQUIRE_BROWSER=1
    (CI), which turns a missing browser into a failure."""
    required = os.environ.get("TM_REQUIRE_BROWSER") == "1"
    if not Path(CHROMIUM).exists():
        if required:
            pytest.fail(f"TM_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        if required:
            pytest.fail("TM_REQUIRE_BROWSER=1 but playwright is not installed")
        pytest.skip("playwright is not installed")
    return sync_api


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.browser
def test_skin_script_sends_old_urls_to_their_new_url_in_chromium(tmp_path):
    sync_api = _browser_or_skip()
    from tistory_migrate.fetch.serve import FixtureServer

    with build_archive(tmp_path / "ar") as ar:
        ar.put_post(Post(id="123", url=f"{OLD}/123", slug_url=f"{OLD}/entry/{quote(SLUG_123, safe='')}",
                         title="민과 관이 함께하는 협치 성과 공유파티", published="2019-12-16T10:00:00+09:00", body_raw="<p>x</p>"))
        ar.set_meta("redirects", {"123": {"new_url": NEW_123, "method": "original-url"},
                                  "101": {"new_url": NEW["101"], "method": "original-url"}})
        script = render(ar, "tistory-skin", tmp_path / "skin", home_url=HOME).read_text("utf-8")

    # A loopback copy of a fixture post page with the script where the skin would hold it.
    page_html = (FIXTURE_PAGE.read_text("utf-8") if FIXTURE_PAGE.is_file()
                 else "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><div id='content'>글</div></body></html>")
    assert "</body>" in page_html
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text(page_html.replace("</body>", script + "</body>", 1), encoding="utf-8")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    ct = "Content-Type: text/html; charset=utf-8"
    paths = ["/123", "/entry/" + quote(SLUG_123, safe=""), "/m/123", "/101", "/104", "/category/" + quote("협치", safe="")]
    (site / "urls.tsv").write_text("".join(f"{base}{p}\tpage.html\t200\t{ct}\n" for p in paths), encoding="utf-8")

    with FixtureServer([site], port=port), sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        try:
            def visit(path: str, *, block_target: bool = False, expect: bool = True) -> tuple[str, list[str], object]:
                page = browser.new_page()
                landed: list[str] = []

                def route(r):
                    url = r.request.url
                    if url.startswith(base):
                        r.continue_()
                    elif url.startswith("https://blog.naver.com/") and r.request.is_navigation_request():
                        landed.append(url)
                        if block_target:
                            r.fulfill(status=204)  # "no content": the browser stays on the old page
                        else:
                            r.fulfill(status=200, content_type="text/html", body="<html><body>new blog</body></html>")
                    else:
                        r.abort()  # the fixture page's skin/CDN assets: never leave this machine

                page.route("**/*", route)
                page.goto(base + path, wait_until="commit" if block_target else "load")
                if expect and not block_target:
                    try:
                        page.wait_for_url("https://blog.naver.com/**", timeout=5000)
                    except sync_api.TimeoutError:
                        pass
                return page.url, landed, page

            for path, want in (("/123", NEW_123), ("/entry/" + quote(SLUG_123, safe=""), NEW_123), ("/m/123", NEW_123),
                               ("/101", NEW["101"]), ("/category/" + quote("협치", safe=""), HOME)):
                url, landed, page = visit(path)
                assert landed == [want], path
                assert url == want, path
                page.close()

            url, landed, page = visit("/104", expect=False)  # not resolved: the visitor stays on the old page
            page.wait_for_timeout(300)
            assert landed == [] and url == base + "/104"
            assert page.locator("#tm-moved").count() == 0
            page.close()

            # If the new page does not load, the visible link is still there.
            _, landed, page = visit("/123", block_target=True)
            link = page.wait_for_selector("#tm-moved a", timeout=10000)
            assert link.get_attribute("href") == NEW_123
            assert landed == [NEW_123]
            page.close()
        finally:
            browser.close()
