"""The bad-input corpus: one row per case, each with what the user gets (message snippet, exit code).

A case names a *site* (a tiny loopback blog built by a function below, or none), the command
line (``{url}``, ``{A}`` = the archive folder, ``{cfg}`` = a fast config file, ``{fixtures}``
are filled in by the test), the exit code from ``errors.ExitCode``, the snippet the output must
hold, whether an *existing* archive is given as ``-o`` (it must come out unchanged), and an
optional export step with checks on every exported file (XSS, XML well-formedness, paths).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from tistory_migrate.errors import ExitCode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

FIXTURES = ROOT / "fixtures"
SNIPPETS = FIXTURES / "snippets" / "extract"
HTML = {"Content-Type": "text/html;charset=UTF-8"}
PNG = synth._png(7)

Entry = tuple  # (url, body bytes | str | None, status, headers)


# -- site builders --------------------------------------------------------------------------------
def _post(pid: int, body: str, title: str | None = None, images: list[tuple[str, str]] | None = None) -> synth.Post:
    return synth.Post(id=pid, title=title or f"글 {pid}", published=datetime(2020, 1, 1, 9, tzinfo=synth.KST) + timedelta(days=pid),
                      category="일상", tags=["태그"], paragraphs=["본문"], images=images or [], raw_body=body)


def blog(host: str, posts: list[synth.Post], *, extra: list[Entry] = (), charset: str = "utf-8",
         header_charset: bool = True, robots: str = "User-agent: *\nDisallow: /manage\n") -> list[Entry]:
    """A small but complete Tistory blog (Magazine skin): front list, posts, RSS, sitemap, robots."""
    s = synth.Synth(folder=Path("."), host=host, base=f"https://{host}", posts=posts)
    newest = sorted(posts, key=lambda p: p.id, reverse=True)
    ctype = {"Content-Type": "text/html;charset=" + charset.upper()} if header_charset else {"Content-Type": "text/html"}

    def enc(text: str) -> bytes:
        if charset != "utf-8":
            text = text.replace('<meta charset="utf-8">', "")
        return text.encode(charset)

    entries: list[Entry] = []
    front = synth.list_page(s, newest, "/", 1, 1, synth.BLOG_TITLE, len(posts), newest[:5])
    entries += [(s.base + "/", enc(front), 200, ctype), (s.base + "/?page=1", enc(front), 200, ctype)]
    for p in posts:
        entries.append((f"{s.base}/{p.id}", enc(synth.post_page(s, p, newest[:5])), 200, ctype))
    entries.append((s.base + "/rss", synth.rss(s, newest), 200, {"Content-Type": "application/rss+xml;charset=UTF-8"}))
    entries.append((s.base + "/sitemap.xml", synth.sitemap(s), 200, {"Content-Type": "application/xml;charset=UTF-8"}))
    entries.append((s.base + "/robots.txt", robots, 200, {"Content-Type": "text/plain"}))
    return entries + list(extra)


def img(n: int, name: str | None = None, *, status: int = 200) -> tuple[str, str, Entry]:
    """An image URL on blog.kakaocdn.net, its figure markup, and its urls.tsv entry."""
    url = f"https://blog.kakaocdn.net/dn/bad{n:03d}/btqBad{n:04d}/Zz{n:020d}/img.png"
    fname = name if name is not None else f"photo{n}.png"
    from html import escape

    markup = (f'<figure class="imageblock alignCenter" data-filename="{escape(fname)}" data-origin-width="8" data-origin-height="8">'
              f'<span data-url="{url}"><img src="{url}" data-filename="{escape(fname)}" loading="lazy" width="8" height="8"/>'
              f"</span><figcaption>{escape(fname)[:80]}</figcaption></figure>")
    entry = (url, PNG if status == 200 else None, status, {"Content-Type": "image/png"} if status == 200 else HTML)
    return url, markup, entry


def ok_blog() -> list[Entry]:
    _u, fig, entry = img(1)
    return blog("ok.tistory.com", [_post(1, f"<p>첫 글</p>{fig}"), _post(2, "<p>둘째 글</p>")], extra=[entry])


def site_not_tistory() -> list[Entry]:
    return [("https://www.example.org/", "<html><head><title>Shop</title></head><body><h1>Buy things</h1></body></html>", 200, HTML)]


def site_front(body: bytes | str | None, status: int = 200, headers: dict | None = None) -> Callable[[], list[Entry]]:
    return lambda: [("https://bad.tistory.com/", body, status, headers if headers is not None else HTML)]


def site_redirect_loop() -> list[Entry]:
    return [("https://loop.tistory.com/", None, 302, {"Location": "https://loop.tistory.com/home"}),
            ("https://loop.tistory.com/home", None, 302, {"Location": "https://loop.tistory.com/"})]


def site_no_posts() -> list[Entry]:
    return blog("empty.tistory.com", [])


def site_robots_forbid() -> list[Entry]:
    return blog("robots.tistory.com", [_post(1, "<p>글</p>")], robots="User-agent: *\nDisallow: /\n")


def site_blocked() -> list[Entry]:
    return [("https://blocked.tistory.com/", (SNIPPETS / "kakao-login-block.html").read_bytes(), 200, HTML)]


def site_euc_kr() -> list[Entry]:
    return blog("euckr.tistory.com", [_post(1, "<p>한글 본문입니다. 서대문구 협치</p>", title="옛날 한글 제목")],
                charset="euc-kr", header_charset=False)


def site_huge_post() -> list[Entry]:
    entries = blog("huge.tistory.com", [_post(1, "<p>작은 글</p>"), _post(2, "<p>곧 바뀜</p>")])
    big = b"<html><body>" + b"<p>" + b"x" * (50 * 1024 * 1024) + b"</p></body></html>"  # 50 MB
    return [e if e[0] != "https://huge.tistory.com/2" else (e[0], big, 200, HTML) for e in entries]


def site_unclosed() -> list[Entry]:
    return blog("unclosed.tistory.com", [_post(1, "<p>열린 <b>태그 <i>계속 <div><span>끝나지 않음<table><tr><td>칸")])


def site_nested_document() -> list[Entry]:
    inner = ("<!DOCTYPE html><html><head><title>안쪽 문서</title><meta charset='utf-8'><script>alert(1)</script></head>"
             "<body><p>붙여넣은 문서의 본문</p></body></html>")
    return blog("nested.tistory.com", [_post(1, inner)])


def site_protected() -> list[Entry]:
    entries = blog("prot.tistory.com", [_post(1, "<p>공개 글</p>")])
    page = (SNIPPETS / "protected-post.html").read_bytes()
    return entries + [("https://prot.tistory.com/2", page, 200, HTML)]


def site_images_404() -> list[Entry]:
    figs, extra = [], []
    for n in range(3):
        _u, fig, entry = img(10 + n, status=404)
        figs.append(fig)
        extra.append(entry)
    return blog("gone.tistory.com", [_post(1, "<p>사진이 모두 사라진 글</p>" + "".join(figs))], extra=extra)


def site_bad_names() -> list[Entry]:
    names = ["../../../evil.png", "..\\..\\evil2.png", "/etc/passwd.png", "C:\\Windows\\system32\\x.png",
             "a\x00b.png", "CON.png", "nul.jpg", "aux", "COM1.txt.png", "x" * 1000 + ".png", "  .png", ".htaccess"]
    figs, extra = [], []
    for n, name in enumerate(names):
        _u, fig, entry = img(100 + n, name)
        figs.append(fig.replace("\x00", "&#0;"))  # a NUL cannot travel raw in HTML; the entity decodes to one
        extra.append(entry)
    return blog("names.tistory.com", [_post(1, "<p>이상한 파일 이름</p>" + "".join(figs), title="../../제목/..\\CON")], extra=extra)


CONTROL = "".join(chr(c) for c in (1, 2, 8, 11, 12, 14, 31)) + "\ufffe\uffff"


def site_xml_hostile() -> list[Entry]:
    body = f"<p>본문 ]]> 과 제어문자 {CONTROL} 와 <![CDATA[ 안 ]]> 끝</p><p>&lt;/content:encoded&gt;</p>"
    return blog("xml.tistory.com", [_post(1, body, title=f"제목 ]]> {CONTROL} <b>굵게</b> & 앰퍼샌드")])


XSS_BODIES = [
    "<script>alert('xss-script')</script><p>a</p>",
    "<img src=x onerror=\"alert('xss-onerror')\">",
    "<p onclick=\"alert('xss-onclick')\" onmouseover=\"alert('xss-over')\">클릭</p>",
    "<a href=\"javascript:alert('xss-js')\">링크</a>",
    "<a href=\" JaVaScRiPt:alert('xss-js2')\">링크2</a>",
    "<a href=\"java&#x09;script:alert('xss-js3')\">링크3</a>",
    "<svg onload=\"alert('xss-svg')\"><script>alert('xss-svg2')</script></svg>",
    "<iframe src=\"javascript:alert('xss-iframe')\"></iframe>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-mxss')>",
    "<form action=\"javascript:alert('xss-form')\"><button>x</button></form>",
    "<div style=\"background:url(javascript:alert('xss-style'))\">스타일</div>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('xss-meta')\">",
    "<base href=\"javascript:alert('xss-base')//\">",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<details open ontoggle=\"alert('xss-toggle')\">",
]


def site_xss() -> list[Entry]:
    posts = [_post(n + 1, f"<p>글 {n + 1}</p>{body}", title=f"<script>alert('xss-title')</script>제목 {n + 1}")
             for n, body in enumerate(XSS_BODIES)]
    return blog("xss.tistory.com", posts)


# -- the corpus -----------------------------------------------------------------------------------
@dataclass
class Case:
    name: str
    argv: list[str]
    code: ExitCode
    snippet: str
    site: Callable[[], list[Entry]] | None = None
    existing_archive: bool = False  # -o points at a good archive that must come out unchanged
    export: bool = False  # then export every format and check every file written
    checks: list[str] = field(default_factory=list)  # extra checks by name (see test_bad_input.py)
    files: dict[str, bytes] = field(default_factory=dict)  # files written into the case folder first
    bug: str | None = None  # a known defect in code this suite does not own: run as xfail(strict=True)


SCRAPE = ["scrape", "{url}", "-o", "{A}", "--config", "{cfg}", "--quiet"]
NOTHING, USAGE, PARTIAL, DONE = ExitCode.NOTHING, ExitCode.USAGE, ExitCode.PARTIAL, ExitCode.DONE
BK = str(FIXTURES / "backups")

CASES: list[Case] = [
    # the address itself
    Case("malformed-url-bracket", ["scrape", "http://[::1", "-o", "{A}", "--quiet"], USAGE, "does not look like a blog address",
         existing_archive=True),
    Case("malformed-url-spaces", ["scrape", "not a web address", "-o", "{A}", "--quiet"], USAGE, "does not look like a blog address", existing_archive=True),
    Case("scheme-file", ["scrape", "file:///etc/passwd", "-o", "{A}", "--quiet"], USAGE, "only http and https", existing_archive=True),
    Case("scheme-ftp", ["scrape", "ftp://x.tistory.com/", "-o", "{A}", "--quiet"], USAGE, "only http and https", existing_archive=True),
    Case("scheme-javascript", ["scrape", "javascript://alert(1)", "-o", "{A}", "--quiet"], USAGE, "only http and https", existing_archive=True),
    Case("scheme-data", ["scrape", "data://text/html,hi", "-o", "{A}", "--quiet"], USAGE, "only http and https", existing_archive=True),
    Case("resolve-not-loopback", ["scrape", "https://x.tistory.com", "-o", "{A}", "--resolve", "x.tistory.com=10.0.0.1:80", "--quiet"],
         USAGE, "only sends requests to this machine", existing_archive=True),
    # the site
    Case("unreachable-host", ["scrape", "https://gone.tistory.com", "-o", "{A}", "--resolve", "gone.tistory.com=127.0.0.1:9",
                              "--config", "{cfg}", "--quiet"], NOTHING, "Could not reach https://gone.tistory.com/", existing_archive=True),
    Case("non-tistory-site", [*SCRAPE[:1], "https://www.example.org", *SCRAPE[2:]], NOTHING, "is not a Tistory blog",
         site=site_not_tistory, existing_archive=True),
    Case("front-404", SCRAPE, NOTHING, "answered HTTP 404", site=site_front("<html><body>nope</body></html>", 404), existing_archive=True),
    Case("front-500-forever", SCRAPE, NOTHING, "HTTP 500", site=site_front("<html>down</html>", 500), existing_archive=True),
    Case("redirect-loop", [*SCRAPE[:1], "https://loop.tistory.com", *SCRAPE[2:]], NOTHING, "redirect loop",
         site=site_redirect_loop, existing_archive=True),
    Case("robots-forbid-all", [*SCRAPE[:1], "https://robots.tistory.com", *SCRAPE[2:]], NOTHING, "robots.txt forbids",
         site=site_robots_forbid, existing_archive=True),
    Case("blocked-captcha", [*SCRAPE[:1], "https://blocked.tistory.com", *SCRAPE[2:]], NOTHING, "block, captcha or login page",
         site=site_blocked, existing_archive=True),
    Case("empty-body", SCRAPE, NOTHING, "is not a Tistory blog", site=site_front(b""), existing_archive=True),
    Case("binary-garbage", SCRAPE, NOTHING, "is not a Tistory blog",
         site=site_front(bytes(range(256)) * 64, headers={"Content-Type": "application/octet-stream"}), existing_archive=True),
    Case("no-posts", [*SCRAPE[:1], "https://empty.tistory.com", *SCRAPE[2:]], NOTHING, "no posts", site=site_no_posts),
    # pages that are hard to read
    Case("euc-kr-no-charset-header", [*SCRAPE[:1], "https://euckr.tistory.com", *SCRAPE[2:]], DONE, "",
         site=site_euc_kr, checks=["euc-kr-title"]),
    Case("page-50mb", [*SCRAPE[:1], "https://huge.tistory.com", *SCRAPE[2:], "--json"], PARTIAL, "larger than the limit",
         site=site_huge_post),
    Case("unclosed-tags", [*SCRAPE[:1], "https://unclosed.tistory.com", *SCRAPE[2:]], DONE, "", site=site_unclosed, export=True),
    Case("nested-html-document", [*SCRAPE[:1], "https://nested.tistory.com", *SCRAPE[2:]], DONE, "", site=site_nested_document,
         export=True),
    Case("protected-post", [*SCRAPE[:1], "https://prot.tistory.com", *SCRAPE[2:], "--json"], DONE, '"protected"', site=site_protected),
    Case("every-image-404", [*SCRAPE[:1], "https://gone.tistory.com", *SCRAPE[2:], "--json"], DONE, "the file is gone",
         site=site_images_404, export=True),
    # names and text that attack the exports
    Case("hostile-image-names", [*SCRAPE[:1], "https://names.tistory.com", *SCRAPE[2:]], DONE, "", site=site_bad_names,
         export=True, checks=["names-inside"]),
    Case("xml-hostile-text", [*SCRAPE[:1], "https://xml.tistory.com", *SCRAPE[2:]], DONE, "", site=site_xml_hostile,
         export=True, checks=["xml-well-formed"]),
    Case("xss-corpus", [*SCRAPE[:1], "https://xss.tistory.com", *SCRAPE[2:]], DONE, "", site=site_xss, export=True,
         checks=["no-xss", "xml-well-formed"]),
    # backups
    Case("backup-zip-slip", ["scrape", "--backup", f"{BK}/zip-slip.zip", "-o", "{A}", "--quiet"], NOTHING, "evil", existing_archive=True),
    Case("backup-absolute-path", ["scrape", "--backup", f"{BK}/absolute-path.zip", "-o", "{A}", "--quiet"], NOTHING, "/etc/cron.d/evil",
         existing_archive=True),
    # the lying bomb's entry is referenced by no post, so it must simply never be inflated
    Case("backup-zip-bomb-lying", ["scrape", "--backup", f"{BK}/zip-bomb-lying.zip", "-o", "{A}", "--config", "{cfg_backup}", "--quiet"],
         DONE, "", checks=["nothing-inflated"]),
    Case("backup-zip-bomb-small-limit", ["scrape", "--backup", f"{BK}/zip-bomb.zip", "-o", "{A}", "--config", "{cfg_backup}", "--quiet"],
         NOTHING, "zip bomb", existing_archive=True),
    Case("backup-corrupt", ["scrape", "--backup", f"{BK}/corrupt.zip", "-o", "{A}", "--quiet"], NOTHING, "corrupt.zip", existing_archive=True),
    Case("backup-not-tistory", ["scrape", "--backup", f"{BK}/not-tistory.zip", "-o", "{A}", "--quiet"], NOTHING, "not-tistory.zip",
         existing_archive=True),
    Case("backup-missing-file", ["scrape", "--backup", "{here}/nope.zip", "-o", "{A}", "--quiet"], USAGE, "does not exist",
         existing_archive=True),
    # configuration and the archive folder
    Case("config-not-toml", ["scrape", "https://x.tistory.com", "-o", "{A}", "--config", "{here}/bad.toml", "--quiet"], ExitCode.CONFIG,
         "is not valid TOML", existing_archive=True, files={"bad.toml": b"[fetch\npage_delay = = 1\n"}),
    Case("config-negative", ["scrape", "https://x.tistory.com", "-o", "{A}", "--config", "{here}/neg.toml", "--quiet"], ExitCode.CONFIG,
         "cannot be negative", existing_archive=True, files={"neg.toml": b"[fetch]\npage_delay = -1\n"}),
    Case("output-is-a-file", ["scrape", "https://ok.tistory.com", "-o", "{here}/afile", "--config", "{cfg}", "--quiet"], ExitCode.ARCHIVE,
         "is not a folder", site=ok_blog, files={"afile": b"not a folder"}),
    Case("output-holds-other-files", ["scrape", "https://ok.tistory.com", "-o", "{here}/photos", "--config", "{cfg}", "--quiet"],
         ExitCode.ARCHIVE, "already holds other files", site=ok_blog, files={"photos/holiday.jpg": b"\xff\xd8\xff"}),
    Case("archive-newer-schema", ["report", "{A}"], ExitCode.ARCHIVE, "newer tistory-migrate", existing_archive=True,
         checks=["newer-schema"]),
    Case("export-corrupt-archive", ["export", "{A}", "-f", "jsonl", "-o", "{here}/out", "--quiet"], ExitCode.ARCHIVE,
         "cannot be read", files={"A/archive.sqlite3": b"this is not a database" * 100}),
]
