"""The bad-input corpus: one row per case, each with what the user gets (message snippet, exit code).

A case names a *site* (a tiny loopback blog built by a function below, or none), the command
line (``{url}``, ``{A}`` = the archive folder, ``{cfg}`` = a fast config file, ``{fixtures}``
are filled in by the test), the exit code from ``errors.ExitCode``, the snippet the output must
hold, whether an *existing* archive is given as ``-o`` (it must come out unchanged), and an
optional export step with checks on every exported file (XSS, XML well-formedness, paths).

Every case runs with a resolver stub (``support.netstub``): the names in its ``dns`` answer the
addresses given, no other name resolves, and every socket connect is recorded: a case may
connect only to the addresses its ``--resolve`` arguments name (its own loopback site), so a
page that steers a request inside (a redirect, a picture, a sitemap) fails the case.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from tistory_migrate.errors import ExitCode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
import synth  # noqa: E402
from support.hostile import HOSTILE  # noqa: E402

FIXTURES = ROOT / "fixtures"
SNIPPETS = FIXTURES / "snippets" / "extract"
HTML = {"Content-Type": "text/html;charset=UTF-8"}
PNG = synth._png(7)

Entry = tuple  # (url, body bytes | str | None, status, headers)


def _probe_page(inner: bytes) -> bytes:
    """A SmartEditor ONE page (``.se-main-container``) around ``inner``."""
    return b'<html><body><div class="se-main-container">' + inner + b"</div></body></html>"


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


JSON = {"Content-Type": "application/json;charset=UTF-8"}


def site_comments(answers: dict[int, tuple[bytes | str | None, int, dict]]) -> Callable[[], list[Entry]]:
    """Two posts whose comment endpoint (/m/api/{id}/comment) answers ``answers[id]``."""
    def build() -> list[Entry]:
        entries = blog("cmt.tistory.com", [_post(1, "<p>첫 글</p>"), _post(2, "<p>둘째 글</p>")])
        return entries + [(f"https://cmt.tistory.com/m/api/{pid}/comment", *answer) for pid, answer in answers.items()]
    return build


EMPTY_COMMENTS = ('{"data": {"items": [], "isLast": true, "nextId": 0}}', 200, JSON)
XSS_COMMENT = json.dumps({"data": {"items": [{"id": 1, "content": "<script>alert(1)</script><img src=x onerror=alert(2)>",
                                              "writer": {"name": "<b onmouseover=alert(3)>x</b>",
                                                         "homepage": "javascript:alert(4)"},
                                              "written": "2024-01-01T00:00:00+09:00"}], "isLast": True}})


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


def _redirect_post_2(host: str, location: str, *, extra: list[Entry] = ()) -> list[Entry]:
    """A two-post blog whose post 2 answers ``302 → location`` (the lists and feeds still name it)."""
    entries = blog(host, [_post(1, "<p>첫 글</p>"), _post(2, "<p>둘째 글</p>")], extra=extra)
    return [e if e[0] != f"https://{host}/2" else (e[0], None, 302, {"Location": location}) for e in entries]


def site_redirect_loopback() -> list[Entry]:
    return _redirect_post_2("inner.tistory.com", "http://127.0.0.1:9/server-status")


def site_redirect_metadata() -> list[Entry]:
    return _redirect_post_2("inner.tistory.com", "http://169.254.169.254/latest/meta-data/iam/security-credentials/")


def site_redirect_private_name() -> list[Entry]:
    return _redirect_post_2("inner.tistory.com", "http://intranet.corp.example/wiki")


def site_redirect_mapped() -> list[Entry]:
    return _redirect_post_2("inner.tistory.com", "http://[::ffff:10.1.2.3]/admin")


def site_redirect_other_blog() -> list[Entry]:
    other = blog("other.tistory.com", [_post(5, "<p>다른 블로그의 글</p>", title="남의 글")])
    return _redirect_post_2("inner.tistory.com", "https://other.tistory.com/5", extra=other)


def site_images_inner() -> list[Entry]:
    sources = ["http://nas.home.example/photo.jpg", "http://169.254.169.254/latest/user-data",
               "http://[fe80::1]/cam.jpg", "http://127.0.0.1:9/x.png", "http://[::ffff:127.0.0.1]:9/y.png",
               "http://0.0.0.0:9/z.png", "http://rebound.example/w.png"]
    figs = "".join(f'<p><img src="{u}" alt="사진"></p>' for u in sources)
    attachment = ('<figure class="fileblock" data-ke-align="alignCenter"><a href="http://10.0.0.8/report.pdf" class="">'
                  '<div class="image"></div><div class="desc"><div class="filename"><span class="name">report.pdf</span>'
                  '</div><div class="size">1.00MB</div></div></a></figure>')
    return blog("inner.tistory.com", [_post(1, "<p>안쪽을 가리키는 사진</p>" + figs + attachment), _post(2, "<p>보통 글</p>")])


def site_popup_inner() -> list[Entry]:
    """Issue 14: originals named only in onclick="open_img('…')" or a lightbox link are found,
    so they meet the address guard like any other picture."""
    frame = "https://tistory1.daumcdn.net/tistory/1/skin/images/photo_frame.gif"
    body = (f"<p>팝업 사진</p><p><img src=\"{frame}\" onclick=\"open_img('http://127.0.0.1:9/secret.jpg')\"></p>"
            f'<p><a href="http://169.254.169.254/latest/meta-data/" rel="lightbox[x]"><img src="{frame}"></a></p>')
    return blog("inner.tistory.com", [_post(1, body), _post(2, "<p>보통 글</p>")])


def site_sitemap_inner() -> list[Entry]:
    index = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             "<sitemap><loc>http://169.254.169.254/sitemap.xml</loc></sitemap>"
             "<sitemap><loc>http://intranet.corp.example/sitemap.xml</loc></sitemap>"
             "<sitemap><loc>https://inner.tistory.com/sitemap-posts.xml</loc></sitemap></sitemapindex>\n")
    entries = blog("inner.tistory.com", [_post(1, "<p>첫 글</p>")])
    posts = next(e for e in entries if e[0].endswith("/sitemap.xml"))
    entries = [e if e[0] != posts[0] else (e[0], index, 200, e[3]) for e in entries]
    return entries + [("https://inner.tistory.com/sitemap-posts.xml", posts[1], 200, posts[3])]


def site_hostile(key: str) -> Callable[[], list[Entry]]:
    """A blog whose post 1 is one of support.hostile's bodies (deep markup, other digits,
    imitated markers) and whose post 2 is plain: both must arrive whole, in every export."""
    body = HOSTILE[key][0]
    pictures = [(url, PNG, 200, {"Content-Type": "image/png"})
                for url in sorted(set(re.findall(r'src="(https://blog\.kakaocdn\.net/[^"]+)"', body)))]
    return lambda: blog("deep.tistory.com", [_post(1, body, title=f"험한 본문 {key}"), _post(2, "<p>보통 글입니다</p>")],
                        extra=pictures)


# Names the corpus's resolver stub answers (documentation, private and link-local ranges only).
INNER_DNS = {"intranet.corp.example": ["10.0.0.5"], "nas.home.example": ["192.168.1.20"],
             "rebound.example": ["192.0.2.44", "172.16.5.5"]}


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
    dns: dict[str, list[str]] = field(default_factory=dict)  # names the resolver stub answers
    hook: Callable[[], object] | None = None  # makes the loopback server's hook (support/slow.py: drips, holds)
    export_code: ExitCode = ExitCode.DONE  # what the export step must exit with
    export_fault: tuple[str, str, str] | None = None  # (module, function, text): a dependency raises for that text


# -- servers that never finish: a page dripping a byte at a time, pictures far below the rate floor
def site_slow() -> list[Entry]:
    _u, fig, entry = img(1)
    return blog("slow.tistory.com", [_post(1, "<p>하나</p>"), _post(2, f"<p>둘</p>{fig}")], extra=[entry])


def drip_post_2():
    from support.slow import Drip

    return Drip(lambda url: url == "https://slow.tistory.com/2", piece=1, every=0.05)


def drip_pictures():
    from support.slow import Drip

    return Drip(lambda url: "kakaocdn" in url, piece=4, every=0.1)


SLOW_CONFIG = (b"[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = 1\nbackoff_base = 0.01\nread_timeout = 5.0\n"
               b"page_deadline = 1.0\nmedia_min_rate = 2000\nmedia_rate_window = 1.0\n")


SCRAPE = ["scrape", "{url}", "-o", "{A}", "--config", "{cfg}", "--quiet"]
NOTHING, USAGE, PARTIAL, DONE = ExitCode.NOTHING, ExitCode.USAGE, ExitCode.PARTIAL, ExitCode.DONE
BK = str(FIXTURES / "backups")
DEEP = [*SCRAPE[:1], "https://deep.tistory.com", *SCRAPE[2:]]

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
    Case("resolve-userinfo-elsewhere", ["scrape", "https://x.tistory.com", "-o", "{A}", "--resolve",
                                        "x.tistory.com=127.0.0.1@10.0.0.1:80", "--quiet"],
         USAGE, "only sends requests to this machine (127.0.0.1), not 127.0.0.1@10.0.0.1", existing_archive=True),
    Case("resolve-host-name-address", ["scrape", "https://x.tistory.com", "-o", "{A}", "--resolve",
                                       "x.tistory.com=127.0.0.1.nip.example:80", "--quiet"],
         USAGE, "only sends requests to this machine", existing_archive=True),
    Case("resolve-port-out-of-range", ["scrape", "https://x.tistory.com", "-o", "{A}", "--resolve",
                                       "x.tistory.com=127.0.0.1:70000", "--quiet"],
         USAGE, "the port must be a number from 1 to 65535", existing_archive=True),
    Case("resolve-ipv6-without-brackets", ["scrape", "https://x.tistory.com", "-o", "{A}", "--resolve",
                                           "x.tistory.com=::1:8080", "--quiet"],
         USAGE, "write an IPv6 address in brackets", existing_archive=True),
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
    # the comment endpoint (--comments): bounded, never a traceback, the posts kept
    Case("comments-nested-200k", [*SCRAPE[:1], "https://cmt.tistory.com", *SCRAPE[2:], "--comments", "--json"], PARTIAL,
         "nested too deeply", site=site_comments({1: ("[" * 200_000 + "]" * 200_000, 200, JSON), 2: EMPTY_COMMENTS})),
    Case("comments-10mb", [*SCRAPE[:1], "https://cmt.tistory.com", *SCRAPE[2:], "--comments", "--json"], PARTIAL,
         "larger than the limit", site=site_comments({1: ('{"data": "' + "x" * (10 * 1024 * 1024) + '"}', 200, JSON),
                                                       2: EMPTY_COMMENTS})),
    Case("comments-not-json", [*SCRAPE[:1], "https://cmt.tistory.com", *SCRAPE[2:], "--comments", "--json"], PARTIAL,
         "not valid JSON", site=site_comments({1: (b"\xff\xfe{{{", 200, JSON), 2: EMPTY_COMMENTS})),
    Case("comments-html-answer", [*SCRAPE[:1], "https://cmt.tistory.com", *SCRAPE[2:], "--comments", "--json"], PARTIAL,
         "web page, not data", site=site_comments({1: ("<html><body>로그인</body></html>", 200, HTML), 2: EMPTY_COMMENTS})),
    Case("comments-xss", [*SCRAPE[:1], "https://cmt.tistory.com", *SCRAPE[2:], "--comments"], DONE, "",
         site=site_comments({1: (XSS_COMMENT, 200, JSON), 2: EMPTY_COMMENTS}), export=True),
    Case("json-list-nested-200k", [*SCRAPE[:1], "https://cmt.tistory.com", *SCRAPE[2:], "--json"], DONE, '"public": 2',
         site=lambda: site_comments({})() + [("https://cmt.tistory.com/m/api/entry/0/POST?page=0&size=100",
                                               "[" * 200_000, 200, JSON),
                                              ("https://cmt.tistory.com/m/api/entry/0/POST?page=0&size=20",
                                               '{"data": {"items": [{"path": "javascript:alert(1)"}]}}', 200, JSON)]),
    Case("protected-post", [*SCRAPE[:1], "https://prot.tistory.com", *SCRAPE[2:], "--json"], DONE, '"protected"', site=site_protected),
    Case("every-image-404", [*SCRAPE[:1], "https://gone.tistory.com", *SCRAPE[2:], "--json"], DONE, "the file is gone",
         site=site_images_404, export=True),
    # servers that hold a page or a picture for ever, one byte at a time
    Case("page-drips-past-deadline", ["scrape", "https://slow.tistory.com", "-o", "{A}", "--config", "{here}/slow.toml", "--json"],
         PARTIAL, "the page did not arrive within 1 seconds (setting fetch.page_deadline)", site=site_slow, hook=drip_post_2,
         files={"slow.toml": SLOW_CONFIG}),
    Case("picture-below-rate-floor", ["scrape", "https://slow.tistory.com", "-o", "{A}", "--config", "{here}/slow.toml", "--json"],
         PARTIAL, "slower than 2000 bytes a second over 1 seconds", site=site_slow, hook=drip_pictures,
         files={"slow.toml": SLOW_CONFIG}),
    Case("config-page-deadline-zero", ["scrape", "https://x.tistory.com", "-o", "{A}", "--config", "{here}/d.toml", "--quiet"],
         ExitCode.CONFIG, "'fetch.page_deadline' must be more than 0", existing_archive=True,
         files={"d.toml": b"[fetch]\npage_deadline = 0\n"}),
    # requests a page steers inside the person's machine or network, or to another site
    Case("redirect-to-loopback", [*SCRAPE[:1], "https://inner.tistory.com", *SCRAPE[2:], "--json"], PARTIAL,
         "redirected to http://127.0.0.1:9/server-status; refused: 127.0.0.1 is an address of this computer (loopback)",
         site=site_redirect_loopback, checks=["post-2-failed"]),
    Case("redirect-to-metadata", [*SCRAPE[:1], "https://inner.tistory.com", *SCRAPE[2:], "--json"], PARTIAL,
         "refused: 169.254.169.254 is the cloud metadata address", site=site_redirect_metadata, checks=["post-2-failed"]),
    Case("redirect-to-private-name", [*SCRAPE[:1], "https://inner.tistory.com", *SCRAPE[2:], "--json"], PARTIAL,
         "refused: intranet.corp.example points to 10.0.0.5, an address of a local network", site=site_redirect_private_name,
         checks=["post-2-failed"], dns=INNER_DNS),
    Case("redirect-to-mapped-ipv6", [*SCRAPE[:1], "https://inner.tistory.com", *SCRAPE[2:], "--json"], PARTIAL,
         "refused: ::ffff:10.1.2.3 is an address of a local network", site=site_redirect_mapped, checks=["post-2-failed"]),
    Case("redirect-to-another-blog", [*SCRAPE[:1], "https://inner.tistory.com", *SCRAPE[2:], "--json"], PARTIAL,
         "refused: the post page redirects to https://other.tistory.com/5, outside the blog (inner.tistory.com)",
         site=site_redirect_other_blog, checks=["post-2-failed"]),
    Case("media-on-inner-addresses", [*SCRAPE[:1], "https://inner.tistory.com", *SCRAPE[2:], "--json"], PARTIAL,
         "refused: nas.home.example points to 192.168.1.20", site=site_images_inner, export=True,
         checks=["inner-media-refused"], dns=INNER_DNS),
    Case("popup-media-on-inner-addresses", [*SCRAPE[:1], "https://inner.tistory.com", *SCRAPE[2:], "--json"], PARTIAL,
         "refused: ", site=site_popup_inner, export=True, checks=["popup-media-refused"], dns=INNER_DNS),
    # a sitemap index naming inner addresses: only the blog's own sitemaps are read (and the spy sees no other)
    Case("sitemap-on-inner-addresses", [*SCRAPE[:1], "https://inner.tistory.com", *SCRAPE[2:], "--json"], DONE,
         '"public": 1', site=site_sitemap_inner, dns=INNER_DNS),
    # names and text that attack the exports
    Case("hostile-image-names", [*SCRAPE[:1], "https://names.tistory.com", *SCRAPE[2:]], DONE, "", site=site_bad_names,
         export=True, checks=["names-inside"]),
    Case("xml-hostile-text", [*SCRAPE[:1], "https://xml.tistory.com", *SCRAPE[2:]], DONE, "", site=site_xml_hostile,
         export=True, checks=["xml-well-formed"]),
    Case("xss-corpus", [*SCRAPE[:1], "https://xss.tistory.com", *SCRAPE[2:]], DONE, "", site=site_xss, export=True,
         checks=["no-xss", "xml-well-formed"]),
    # markup nested past the parser's limit or a recursive walk, other digits, imitated markers
    # (issue 17): every text reaches every export (check "hostile-text-kept")
    *[Case(f"hostile-{key}", DEEP, DONE, "", site=site_hostile(key), export=True,
           checks=["hostile-text-kept", *(["no-phantom-markers"] if key == "foreign-markers" else [])])
      for key in HOSTILE],
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
    Case("export-wordpress-permalinks-unknown", ["export", "{A}", "-f", "wxr", "-o", "{here}/out", "--wordpress-url",
                                                 "https://wp.example.org", "--wordpress-permalinks", "/%category%/%postname%/",
                                                 "--quiet"], ExitCode.USAGE, "is not a permalink structure", existing_archive=True),
    Case("export-wordpress-url-not-http", ["export", "{A}", "-f", "redirects", "-o", "{here}/out", "--wordpress-url",
                                           "wp.example.org/blog", "--quiet"], ExitCode.USAGE, "is not an http(s) address",
         existing_archive=True),
    Case("export-corrupt-archive", ["export", "{A}", "-f", "jsonl", "-o", "{here}/out", "--quiet"], ExitCode.ARCHIVE,
         "cannot be read", files={"A/archive.sqlite3": b"this is not a database" * 100}),
    # the paste probe's page (tistory-migrate probe): refused pages leave the archive as it was
    Case("probe-page-too-big", ["probe", "{A}", "--from-file", "{here}/big.html"], NOTHING, "too large",
         existing_archive=True, files={"big.html": _probe_page(b"x" * (8 * 1024 * 1024))}),
    Case("probe-page-deep-nesting", ["probe", "{A}", "--from-file", "{here}/deep.html"], NOTHING, "not the probe post",
         existing_archive=True, files={"deep.html": _probe_page(b"<div>" * 200_000 + b"TM-PROBE-1" + b"</div>" * 200_000)}),
    Case("probe-page-garbage", ["probe", "{A}", "--from-file", "{here}/g.html"], NOTHING, "SmartEditor ONE",
         existing_archive=True, files={"g.html": bytes(range(256)) * 4000}),
    Case("probe-page-desktop-frame", ["probe", "{A}", "--from-file", str(FIXTURES / "naver" / "probe" / "desktop-frame.html")],
         NOTHING, "SmartEditor ONE", existing_archive=True),
    Case("probe-page-not-the-probe", ["probe", "{A}", "--from-file", str(FIXTURES / "naver" / "probe" / "not-probe.html")],
         NOTHING, "not the probe post", existing_archive=True),
    Case("probe-page-is-a-folder", ["probe", "{A}", "--from-file", "{here}"], USAGE, "is not a file", existing_archive=True),
    Case("probe-page-missing", ["probe", "{A}", "--from-file", "{here}/nope.html"], USAGE, "does not exist",
         existing_archive=True),
    Case("probe-url-not-naver", ["probe", "{A}", "--naver-url", "https://evil.example/a/1"], USAGE,
         "is not the address of a Naver blog post", existing_archive=True),
    Case("probe-url-gone", ["probe", "{A}", "--naver-url", "https://blog.naver.com/tm_probe/223100000001", "--config", "{cfg}"],
         NOTHING, "HTTP 404", site=lambda: [("https://m.blog.naver.com/other/1", b"x", 200, HTML)], existing_archive=True),
    Case("probe-url-too-big", ["probe", "{A}", "--naver-url", "https://blog.naver.com/tm_probe/223100000001", "--config", "{cfg}"],
         NOTHING, "could not be read", existing_archive=True,
         site=lambda: [("https://m.blog.naver.com/tm_probe/223100000001", _probe_page(b"x" * (9 * 1024 * 1024)), 200, HTML)]),
    Case("probe-url-redirect-inside", ["probe", "{A}", "--naver-url", "https://blog.naver.com/tm_probe/223100000001",
                                       "--config", "{cfg}"], NOTHING, "could not be read", existing_archive=True,
         site=lambda: [("https://m.blog.naver.com/tm_probe/223100000001", b"", 302, {"Location": "http://10.0.0.5/x"})]),
]

from isolation import CASES as ISOLATION_CASES  # noqa: E402  (issue 17's cases; they import this module's builders)

CASES += ISOLATION_CASES
