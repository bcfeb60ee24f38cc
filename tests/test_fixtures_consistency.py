"""The fixture blogs check themselves: urls.tsv <-> files, real media bytes, parseable pages and
feeds, and expected.json numbers recomputed from the served pages (not copied from the builder).

These tests read only the fixture folders, with a deliberately tiny urls.tsv reader, so they
do not depend on the mirror/fetcher code they are meant to feed.
"""

from __future__ import annotations

import html
import json
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import lxml.html
import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOGS = {
    "seodaemun": ROOT / "src" / "tistory_migrate" / "demo" / "seodaemun",
    "hanbit-custom": ROOT / "fixtures" / "blogs" / "hanbit-custom",
}
SELF_DESCRIBING = {"README.md", "expected.json", "urls.tsv"}


def norm(url: str) -> str:
    """The urls.tsv matching rule: lower-case scheme/host, no fragment, canonical %-encoding."""
    parts = urlsplit(url)
    path = quote(unquote(parts.path), safe="/!$&'()*+,;=:@~-._")
    query = parts.query  # queries must match exactly (signed dna URLs)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def read_urls(folder: Path) -> list[dict]:
    rows = []
    for n, line in enumerate((folder / "urls.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert 2 <= len(cols) <= 4, f"urls.tsv line {n}: {line!r}"
        headers = {}
        if len(cols) == 4 and cols[3]:
            for pair in cols[3].split(" | "):
                name, sep, value = pair.partition(": ")
                assert sep and name and value, f"urls.tsv line {n}: bad header {pair!r}"
                headers[name.lower()] = value
        rows.append({"url": cols[0], "path": cols[1], "status": int(cols[2]) if len(cols) > 2 and cols[2] else 200,
                     "headers": headers, "line": n})
    return rows


@pytest.fixture(scope="module", params=sorted(BLOGS))
def blog(request):
    folder = BLOGS[request.param]
    rows = read_urls(folder)
    by_url = {norm(r["url"]): r for r in rows}
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return {"name": request.param, "folder": folder, "rows": rows, "by_url": by_url, "expected": expected}


def served(blog, url: str) -> dict | None:
    return blog["by_url"].get(norm(url))


def page(blog, url: str) -> lxml.html.HtmlElement:
    row = served(blog, url)
    assert row and row["status"] == 200, f"{url} is not served"
    # decode by the served charset (utf-8): Tistory prints <meta charset> late in <head>, too late
    # for lxml's byte sniffing, so real pages must be decoded the same way
    return lxml.html.fromstring((blog["folder"] / row["path"]).read_bytes().decode("utf-8"))


# --- urls.tsv <-> files -----------------------------------------------------------------------


def test_every_listed_file_exists_and_no_url_is_listed_twice(blog):
    seen = set()
    for r in blog["rows"]:
        key = norm(r["url"])
        assert key not in seen, f"{r['url']} listed twice"
        seen.add(key)
        if r["path"] == "-":
            assert r["status"] != 200, f"line {r['line']}: 200 without a body"
        else:
            assert (blog["folder"] / r["path"]).is_file(), f"line {r['line']}: {r['path']} missing"


def test_every_file_in_the_folder_is_listed(blog):
    listed = {r["path"] for r in blog["rows"]}
    for path in blog["folder"].rglob("*"):
        rel = path.relative_to(blog["folder"]).as_posix()
        if path.is_file() and rel not in SELF_DESCRIBING:
            assert rel in listed, f"{rel} is in the folder but not in urls.tsv"
    assert (blog["folder"] / "README.md").is_file()


def test_bodies_carry_a_content_type_and_redirects_a_location(blog):
    for r in blog["rows"]:
        if r["status"] == 200:
            assert "content-type" in r["headers"], f"line {r['line']} has no Content-Type"
        if r["status"] in (301, 302):
            assert r["headers"].get("location", "").startswith("https://")


# --- media --------------------------------------------------------------------------------------


def sniff(data: bytes) -> tuple[str, int, int]:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        w, h = struct.unpack(">II", data[16:24])
        return "png", w, h
    if data[:6] in (b"GIF87a", b"GIF89a"):
        w, h = struct.unpack("<HH", data[6:10])
        return "gif", w, h
    if data.startswith(b"\xff\xd8\xff"):
        i = 2
        while i < len(data):
            marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return "jpg", w, h
            i += 2 + length
    if data.startswith(b"%PDF-"):
        return "pdf", 0, 0
    raise AssertionError("not a known image/document format")


def test_media_files_are_real_and_match_expected_sizes(blog):
    files = blog["expected"]["images"]["files"]
    assert len(files) == blog["expected"]["images"]["unique_files"]
    for url, info in files.items():
        row = served(blog, url)
        assert row and row["status"] == 200, url
        kind, w, h = sniff((blog["folder"] / row["path"]).read_bytes())
        assert (kind, w, h) == (info["type"], info["width"], info["height"]), url
        assert row["headers"]["content-type"].startswith("image/")
    for r in blog["rows"]:
        if r["headers"].get("content-type", "").startswith(("image/", "application/pdf")):
            sniff((blog["folder"] / r["path"]).read_bytes())  # raises if not real


def test_one_image_lies_about_its_type_in_the_demo_blog():
    rows = read_urls(BLOGS["seodaemun"])
    liars = [r for r in rows if r["path"] != "-" and r["headers"].get("content-type") == "image/jpeg"
             and sniff((BLOGS["seodaemun"] / r["path"]).read_bytes())[0] != "jpg"]
    assert len(liars) == 1 and liars[0]["url"].endswith("/img.jpg")


def original_url(ref: str) -> str:
    """Minimal, test-local family rules (docs 4.2) to find what a body reference downloads."""
    ref = html.unescape(ref)
    popup = re.search(r"open_img\('([^']+)'\)", ref)  # the old skins' pop-up viewer (issue 14)
    if popup:
        ref = popup.group(1)
    m = re.match(r"https?://(cfile\d+)\.uf\.tistory\.com/(?:image|attach|original)/(\w+)", ref)
    if m:
        return f"https://{m.group(1)}.uf.tistory.com/original/{m.group(2)}"
    if re.match(r"https://t1\.daumcdn\.net/cfile/tistory/\w+$", ref):
        return ref + "?original"
    return ref


BODY_REFS = (
    "//figure[contains(@class,'imageblock') or contains(@class,'imagegridblock')]//span[@data-url]/@data-url"
    " | //span[contains(@class,'imageblock')]/@href"
    " | //div[contains(@class,'imageblock')]//span[@data-url]/@data-url"
    " | //img[contains(@onclick,'open_img(')]/@onclick"
)


def test_post_pages_reference_exactly_the_expected_media_and_each_is_listed(blog):
    for pid, post in blog["expected"]["posts"].items():
        if post["status"] != "public":
            continue
        root = page(blog, post["slug_url"] or post["url"])
        images = [original_url(x) for x in root.xpath(BODY_REFS)]
        files = [html.unescape(x) for x in root.xpath("//figure[contains(@class,'fileblock')]//a/@href")]
        assert len(images) == post["images"], pid
        assert len(files) == post["attachments"], pid
        assert [norm(u) for u in images] == [norm(u) for u in post["image_urls"]], pid
        for url in images + files:
            assert served(blog, url), f"post {pid}: {url} is referenced but not in urls.tsv"
    missing = blog["expected"]["images"]["missing"]
    for pid, url in missing:
        assert served(blog, url)["status"] == 404


def test_thumbnail_proxy_urls_are_never_served(blog):
    assert not [r for r in blog["rows"] if "daumcdn.net/thumb/" in r["url"]]


# --- pages and feeds ------------------------------------------------------------------------


def test_every_html_file_parses(blog):
    for r in blog["rows"]:
        if r["headers"].get("content-type", "").startswith("text/html") and r["path"] != "-":
            root = lxml.html.fromstring((blog["folder"] / r["path"]).read_bytes().decode("utf-8"))
            assert root.xpath("//body"), r["path"]


def test_post_pages_match_expected_meta(blog):
    bid = blog["expected"]["blog_id"]
    for pid, post in blog["expected"]["posts"].items():
        if post["status"] == "missing":
            row = served(blog, post["url"])
            assert row and row["status"] == 404, pid
            continue
        root = page(blog, post["slug_url"] or post["url"])
        assert root.xpath("string(//meta[@property='og:title']/@content)") == post["title"]
        txid = root.xpath("//meta[@property='article:txid']/@content")
        text = root.text_content()
        if post["status"] == "protected":
            assert not txid and root.xpath("//input[@type='password']")
            assert "보호되어 있는 글입니다. 내용을 보시려면 비밀번호를 입력하세요." in text
        else:
            assert txid == [f"{bid}_{pid}"]
            normalized = " ".join(text.split())
            for snippet in post["must_contain"]:
                assert " ".join(snippet.split()) in normalized, (pid, snippet)
            for tag in post["tags"]:
                assert tag in root.xpath("//a[@rel='tag']/text()") or f"#{tag}" in root.xpath("//a[@rel='tag']/text()")


def test_feeds_are_well_formed(blog):
    base = blog["expected"]["base_url"]
    rss = ET.fromstring((blog["folder"] / served(blog, base + "/rss")["path"]).read_bytes())
    items = rss.findall("./channel/item")
    assert len(items) == blog["expected"]["sources"]["rss"]
    for item in items:
        assert item.find("guid").get("isPermaLink") == "true"
        assert item.find("pubDate").text.endswith("+0900")
        assert "<" in item.find("description").text  # entity-escaped HTML decoded by the XML parser
    sm = ET.fromstring((blog["folder"] / served(blog, base + "/sitemap.xml")["path"]).read_bytes())
    assert sm.tag.endswith("urlset")
    robots = (blog["folder"] / served(blog, base + "/robots.txt")["path"]).read_text(encoding="utf-8")
    assert f"Sitemap: {base}/sitemap.xml" in robots
    for scraped in ("/category", "/tag", "/rss", "/entry", "/notice", "/1"):
        assert f"Disallow: {scraped}\n" not in robots


# --- expected.json recomputed from what is served -----------------------------------------------


def id_of(blog, href: str) -> str:
    """Post id of a link, through the served page's own article:txid / entryInfo."""
    url = href if href.startswith("http") else blog["expected"]["base_url"] + href
    url = url.split("?")[0].split("#")[0]
    for pid, post in blog["expected"]["posts"].items():
        if norm(url) in (norm(post["url"]), norm(post.get("slug_url") or post["url"])):
            return pid
    raise AssertionError(f"{href} is no known post")


ITEM_LINKS = "//ul[@class='list_category']//a[@class='link_category']/@href | //div[@class='list']//h2/a/@href"
NEXT = "//a[contains(@class,'link_next') or contains(@class,'next')]"


def walk_list(blog, path: str) -> set[str]:
    ids, url, pages = set(), blog["expected"]["base_url"] + path, 0
    while url:
        root = page(blog, url)
        pages += 1
        ids.update(id_of(blog, h) for h in root.xpath(ITEM_LINKS))
        nxt = root.xpath(NEXT)[0]
        assert ("no-more-next" in nxt.get("class")) == (nxt.get("href") is None)
        url = blog["expected"]["base_url"] + nxt.get("href") if nxt.get("href") else None
    assert pages == blog["expected"]["list_pages"][path], path
    return ids


def test_source_counts_match_the_served_lists_and_feeds(blog):
    exp = blog["expected"]
    lists = {path for path in exp["list_pages"]}
    got = {"list": set(), "category": set(), "tag": set()}
    for path in lists:
        kind = "category" if path.startswith("/category") else "tag" if path.startswith("/tag") else "list"
        got[kind] |= walk_list(blog, path)
    base = exp["base_url"]
    rss = ET.fromstring((blog["folder"] / served(blog, base + "/rss")["path"]).read_bytes())
    got["rss"] = {id_of(blog, i.find("link").text) for i in rss.findall("./channel/item")}
    sm = ET.fromstring((blog["folder"] / served(blog, base + "/sitemap.xml")["path"]).read_bytes())
    locs = [el.text for el in sm.iter() if el.tag.endswith("loc")]
    got["sitemap"] = set()
    for loc in locs:
        path = loc[len(base):]
        if re.fullmatch(r"/\d+|/notice/\d+|/entry/.+", path):
            got["sitemap"].add(re.search(r"(\d+)$", path).group(1) if not path.startswith("/entry/") else id_of(blog, loc))
    for source, ids in got.items():
        assert len(ids) == exp["sources"][source], source
        assert sorted(ids, key=int) == exp["source_ids"][source], source
        for pid in ids:
            assert source in exp["posts"][pid]["sources"], (pid, source)


def test_demo_blog_special_cases():
    exp = json.loads((BLOGS["seodaemun"] / "expected.json").read_text(encoding="utf-8"))
    posts = exp["posts"]
    statuses = [p["status"] for p in posts.values()]
    assert statuses.count("protected") == 1 and statuses.count("missing") == 1
    assert [p for p in posts.values() if p["kind"] == "notice"]
    assert {"classic-2016", "classic-2020", "odyssey-2018", "magazine-2025"} <= {p.get("skin") for p in posts.values()}
    list_only = [pid for pid, p in posts.items() if p["status"] == "public" and not {"rss", "sitemap"} & set(p["sources"])]
    assert list_only, "some post must be reachable only from list pages"
    assert any(p.get("internal_links") for p in posts.values())
    used_twice = [u for u, f in exp["images"]["files"].items() if len(f["used_by"]) > 1]
    assert used_twice and exp["images"]["missing"]
    old = (BLOGS["seodaemun"] / "posts" / "112.html").read_text(encoding="utf-8")
    assert re.search(r'article:published_time" content="\d{14}"', old) and "window.T.entryInfo" not in old
    assert "<body>" in old


def test_symlink_to_the_demo_blog():
    link = ROOT / "fixtures" / "blogs" / "seodaemun"
    assert link.is_symlink() and (link / "urls.tsv").is_file()
