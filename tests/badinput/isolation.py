"""Bad-input cases of issue 17, "one post must not stop a run; bounds before reading": a post
whose normalization fails, legacy XML backups with one bad post, deep JSON, a probe bound, a
backup page larger than its limit, SVG pictures. ``cases.py`` adds them to ``CASES``.

Everything here is written by us (the XML, zip and pages are built below, modelled on the real
shapes in docs/tistory-markup.md and docs/tistory-backup.md); no fixture folder is needed."""

from __future__ import annotations

import io
import zipfile

from cases import BK, DONE, HTML, NOTHING, PARTIAL, SCRAPE, Case, Entry, _post, blog, img
from tistory_migrate.errors import ExitCode

SENTINEL = "TM-FAULT-2"  # the dependency fault of the export cases raises for this post's body
FAST_PROBE = ("[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = 0\nbackoff_base = 0.01\n"
              "[scrape]\nprobe_ids = true\nprobe_max_gap = 5\n")


def _legacy(posts: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<blog type="tattertools/1.1">\n<setting><name>legacy</name></setting>\n'
            + "\n".join(posts) + "\n</blog>\n").encode("utf-8")


def _legacy_post(pid: str, published: str = "1498269600", extra: str = "") -> str:
    return (f"<post><id>{pid}</id><visibility>public</visibility><title>글 {pid}</title>"
            f"<content>&lt;p&gt;본문 {pid}&lt;/p&gt;</content><published>{published}</published>{extra}</post>")


def _nested_replies(depth: int) -> str:
    thread = ""
    for n in reversed(range(depth)):
        thread = f"<comment><commenter><name>c{n}</name></commenter><content>답글 {n}</content>{thread}</comment>"
    return thread


def _zip_with_big_post(size: int) -> bytes:
    """A tree backup: post 1 normal, post 2 a page of ``size`` bytes (deflated to a few KB)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for no, body in (("1", "<p>작은 글</p>"), ("2", ("<p>" + "가" * 40 + "</p>\n") * (size // 130 + 1))):
            z.writestr(f"big-1-1/{no}/{no}.html",
                       f"<html><head><title>글 {no}</title></head><body><div class='article-view'>"
                       f"<div class='contents_style'>{body}</div></div></body></html>")
    return buf.getvalue()


def site_fault_post() -> list[Entry]:
    return blog("fault.tistory.com", [_post(1, "<p>첫 글</p>"), _post(2, f"<p>{SENTINEL} 본문</p>"), _post(3, "<p>셋째 글</p>")])


def site_probe_far() -> list[Entry]:
    entries = blog("far.tistory.com", [_post(1, "<p>하나</p>"), _post(2, "<p>둘</p>")])
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               "<url><loc>https://far.tistory.com/1</loc></url><url><loc>https://far.tistory.com/2</loc></url>"
               "<url><loc>https://far.tistory.com/3000000000</loc></url></urlset>")
    return [e for e in entries if not e[0].endswith("/sitemap.xml")] + [
        ("https://far.tistory.com/sitemap.xml", sitemap, 200, {"Content-Type": "application/xml;charset=UTF-8"})]


def site_svg() -> list[Entry]:
    url, fig, _entry = img(41, "diagram.svg")
    url = url.replace("img.png", "img.svg")
    fig = fig.replace("img.png", "img.svg")
    svg = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="8" height="8">'
           b"<script>alert(document.cookie)</script></svg>")
    return blog("svg.tistory.com", [_post(1, "<p>도표</p>" + fig)], extra=[(url, svg, 200, {"Content-Type": "image/svg+xml"})])


def site_naver_deep() -> list[Entry]:
    deep = "[" * 100_000 + "]" * 100_000
    return [("https://blog.naver.com/PostTitleListAsync.naver?blogId=deep&currentPage=1&countPerPage=30", deep, 200,
             {"Content-Type": "application/json"}),
            ("https://rss.blog.naver.com/deep.xml", None, 404, HTML)]


BACKUP = ["scrape", "--backup", "{here}/backup.xml", "-o", "{A}", "--quiet"]

CASES: list[Case] = [
    # one post's failure in normalization (a fault in a dependency, nh3, for post 2's body)
    Case("export-one-post-fails", [*SCRAPE[:1], "https://fault.tistory.com", *SCRAPE[2:]], DONE, "", site=site_fault_post,
         export=True, export_code=PARTIAL, export_fault=("nh3", "clean", SENTINEL), checks=["post-2-left-out"]),
    # legacy XML: one bad post flagged or left out, every other post imported
    Case("legacy-xml-impossible-date", BACKUP, DONE, "",
         files={"backup.xml": _legacy([_legacy_post("1"), _legacy_post("2", "99999999999999999"), _legacy_post("3")])},
         checks=["posts-1-2-3"]),
    Case("legacy-xml-unicode-digits", [*BACKUP[:-1], "--json"], DONE, "without a numeric <id>",
         files={"backup.xml": _legacy([_legacy_post("1"), _legacy_post("²"), _legacy_post("①"), _legacy_post("2", "²"),
                                       _legacy_post("3")])},
         checks=["posts-1-2-3"]),
    Case("legacy-xml-1500-nested-replies", BACKUP, DONE, "",
         files={"backup.xml": _legacy([_legacy_post("1"), _legacy_post("2", extra=_nested_replies(1500)), _legacy_post("3")])},
         checks=["posts-1-2-3"]),
    # bounds before reading
    Case("backup-post-page-too-large", ["scrape", "--backup", "{here}/big-1-1.zip", "-o", "{A}", "--quiet", "--json"], PARTIAL,
         "more than the limit of 20.0 MB for one post; left out", files={"big-1-1.zip": _zip_with_big_post(30 * 1024 * 1024)},
         checks=["nothing-inflated"]),
    Case("probe-far-number", [*SCRAPE[:1], "https://far.tistory.com", "-o", "{A}", "--config", "{here}/probe.toml", "--quiet",
                              "--json"], DONE, '"probed": 5', site=site_probe_far, files={"probe.toml": FAST_PROBE.encode()}),
    Case("naver-post-list-deep-json", ["redirects", "resolve", "{A}", "--naver-blog", "deep"], NOTHING,
         "No post of the Naver blog could be listed", site=site_naver_deep, existing_archive=True),  # not a RecursionError
    # SVG pictures: in the archive, out of every export
    Case("svg-with-script", [*SCRAPE[:1], "https://svg.tistory.com", *SCRAPE[2:]], DONE, "", site=site_svg, export=True,
         checks=["no-svg-exported", "no-xss"]),
]
assert all(c.code in ExitCode for c in CASES) and BK
