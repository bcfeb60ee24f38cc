"""The redirect map: every old Tistory URL of every post, and where each post lives now.

Phase 1 (``export --format redirects``) lists the old URLs with an empty new URL; phase 2
(``redirect_resolve.resolve``) fills the new URLs into the archive
(``archive.get_meta("redirects")``: post id -> ``{"new_url", "method", …}``); ``render``
turns the map into what a person installs somewhere:

==============  =========================  ==================================================
style           file                       where it goes
==============  =========================  ==================================================
csv             redirects.csv              a spreadsheet (UTF-8 with BOM so Excel reads Hangul)
json            redirects.json             other tools
tistory-skin    tistory-skin-redirect.html the old blog's skin.html, before ``</body>``
nginx           nginx-redirects.conf       a custom domain served by nginx (``map`` + ``return``)
apache          apache-redirects.conf      a custom domain served by Apache (``.htaccess`` too)
netlify         _redirects                 a custom domain moved to Netlify / Cloudflare Pages
notice          notice.html                a "we moved" post (Korean) for the old blog
==============  =========================  ==================================================

Category and tag pages have no one new page; they go to ``home_url`` when it is given.
Nothing here touches the network.
"""

from __future__ import annotations

import html

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Iterable
from urllib.parse import quote

from tistory_migrate import urls
from tistory_migrate.errors import UsageError
from tistory_migrate.models import BlogInfo, Post

if TYPE_CHECKING:  # pragma: no cover
    from tistory_migrate.archive import Archive

META_KEY = "redirects"
CSV_COLUMNS = ("old_url", "new_url", "post_id", "form", "kind", "status", "title", "date")
STYLES: dict[str, str] = {
    "csv": "redirects.csv",
    "json": "redirects.json",
    "tistory-skin": "tistory-skin-redirect.html",
    "nginx": "nginx-redirects.conf",
    "apache": "apache-redirects.conf",
    "netlify": "_redirects",
    "notice": "notice.html",
}
# Posts that never had a public page have no old URL worth sending anywhere.
SKIP_STATUSES = ("missing", "failed")


@dataclass(frozen=True)
class OldUrl:
    url: str
    form: str  # numeric | entry | entry-encoded | mobile | mobile-entry | mobile-entry-encoded | notice | mobile-notice | page


@dataclass(frozen=True)
class PostPaths:
    """The host-less old paths of one post: what every render style is built from."""

    post_id: str
    kind: str
    title: str
    date: str
    numeric: tuple[str, ...]  # "/123", "/m/123" (or "/notice/1", "/m/notice/1")
    slug: str | None  # decoded /entry/ slug (NFC), None when the blog uses numeric URLs
    page_path: str | None  # "/pages/name" for static pages


# -- old URL forms -------------------------------------------------------------------------


def blog_hosts(blog: BlogInfo) -> list[str]:
    """Every host the blog answered on: the custom domain first, then NAME.tistory.com."""
    hosts = [blog.host]
    if blog.tistory_host:
        hosts.append(blog.tistory_host)
    if blog.name:
        hosts.append(f"{blog.name}.tistory.com")
    seen: list[str] = []
    for h in hosts:
        h = (h or "").lower().strip()
        if h and h not in seen:
            seen.append(h)
    return seen


def post_paths(post: Post) -> PostPaths:
    slug = None
    if post.slug_url:
        info = urls.classify(post.slug_url)
        if info.kind in ("entry", "mobile") and info.slug:
            slug = info.slug
    page_path = None
    if post.kind == "notice":
        numeric: tuple[str, ...] = (f"/notice/{post.id}", f"/m/notice/{post.id}")
    elif post.kind == "page":
        numeric = ()
        info = urls.classify(post.url)
        page_path = f"/pages/{info.slug}" if info.kind == "page" and info.slug else None
    else:
        numeric = (f"/{post.id}", f"/m/{post.id}")
    return PostPaths(post_id=post.id, kind=post.kind, title=post.title, date=(post.published or "")[:10],
                     numeric=numeric, slug=slug, page_path=page_path)


def _encode_path(path: str) -> str:
    # Tistory publishes slugs as UTF-8 percent-encoding of everything but unreserved chars.
    return "/".join(quote(seg, safe="") for seg in path.split("/"))


def old_paths(p: PostPaths) -> list[tuple[str, str]]:
    """(path, form) pairs, raw and percent-encoded spellings of text slugs both listed."""
    out: list[tuple[str, str]] = []
    if p.kind == "notice":
        out += [(p.numeric[0], "notice"), (p.numeric[1], "mobile-notice")]
    elif p.numeric:
        out += [(p.numeric[0], "numeric"), (p.numeric[1], "mobile")]
    if p.slug:
        for prefix, form in (("/entry/", "entry"), ("/m/entry/", "mobile-entry")):
            raw = prefix + p.slug
            enc = prefix + quote(p.slug, safe="")
            out.append((raw, form))
            if enc != raw:
                out.append((enc, form + "-encoded"))
    if p.page_path:
        out.append((p.page_path, "page"))
        enc = _encode_path(p.page_path)
        if enc != p.page_path:
            out.append((enc, "page-encoded"))
    return out


def old_urls(post: Post, blog: BlogInfo) -> list[OldUrl]:
    """Every old URL of ``post``: each path form on each host, over https and http."""
    return [OldUrl(r["old_url"], r["form"]) for r in _rows_for(post_paths(post), post.status, "", blog)]


# -- the stored map ------------------------------------------------------------------------


def stored_map(archive: "Archive") -> dict[str, dict]:
    """post id -> {"new_url", "method", "naver_title", "sources", "slug"} as stored by resolve
    (entries written by hand need only "new_url")."""
    data = archive.get_meta(META_KEY) or {}
    return data if isinstance(data, dict) else {}


def save_map(archive: "Archive", entries: dict[str, dict]) -> None:
    archive.set_meta(META_KEY, {k: entries[k] for k in sorted(entries, key=_id_sort)})


def new_url_for(archive: "Archive", post_id: str) -> str | None:
    """The post's new URL once resolved (what internal links between posts are rewritten to).

    ``post_id`` is what ``a[data-tm-post]`` carries: a numeric id, or ``entry/<decoded slug>``
    for a link written with the text permalink (matched against the slug stored by resolve).
    """
    return new_url_in(stored_map(archive), post_id)


def new_url_in(stored: dict[str, dict], post_id: str) -> str | None:
    """``new_url_for`` on a map already read (exporters read it once per export)."""
    key = str(post_id)
    entry = stored.get(key)
    if entry is None and key.startswith("entry/"):
        slug = unicodedata.normalize("NFC", key[len("entry/"):])
        entry = next((e for e in stored.values() if isinstance(e, dict) and e.get("slug") == slug), None)
    url = entry.get("new_url") if isinstance(entry, dict) else None
    return url or None


_POST_LINK = re.compile(r'<a\b[^>]*\bdata-tm-post="([^"]+)"[^>]*>')
_HREF = re.compile(r'\bhref="[^"]*"')


def rewrite_post_links(html_text: str, stored: dict[str, dict]) -> str:
    """Point every link to another post of the old blog (``a[data-tm-post]``, marked by the
    normalizer) at that post's new URL, once ``redirects resolve`` knows it (``stored`` is
    ``stored_map(archive)``, read once per export). Links to posts not yet published stay."""
    if "data-tm-post" not in html_text or not stored:
        return html_text

    def swap(m: re.Match) -> str:
        new = new_url_in(stored, html.unescape(m.group(1)))
        if not new:
            return m.group(0)
        return _HREF.sub(lambda _: f'href="{html.escape(new, quote=True)}"', m.group(0), count=1)

    return _POST_LINK.sub(swap, html_text)


def _id_sort(post_id: str) -> tuple[int, str]:
    return (int(post_id), "") if post_id.isdigit() else (10**18, post_id)


# -- rows ------------------------------------------------------------------------------------


@dataclass
class MapEntry:
    post: PostPaths
    status: str
    new_url: str  # "" until resolved
    method: str  # "" until resolved


def entries(archive: "Archive") -> list[MapEntry]:
    """Every post with an old page, oldest first, with its new URL when known."""
    stored = stored_map(archive)
    out = []
    for post in archive.iter_posts():
        if post.status in SKIP_STATUSES:
            continue
        known = stored.get(post.id) or {}
        out.append(MapEntry(post_paths(post), post.status, known.get("new_url") or "", known.get("method") or ""))
    return out


def csv_rows(post: Post, blog: BlogInfo, new_url: str = "") -> list[dict[str, str]]:
    return _rows_for(post_paths(post), post.status, new_url, blog)


def _rows_for(p: PostPaths, status: str, new_url: str, blog: BlogInfo) -> list[dict[str, str]]:
    return [{"old_url": f"{scheme}://{host}{path}", "new_url": new_url, "post_id": p.post_id, "form": form,
             "kind": p.kind, "status": status, "title": p.title, "date": p.date}
            for host in blog_hosts(blog) for scheme in ("https", "http") for path, form in old_paths(p)]


def csv_text(rows: Iterable[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return "\ufeff" + buf.getvalue()


# -- rendering -------------------------------------------------------------------------------


def render(archive: "Archive", style: str, out_dir: Path, *, home_url: str | None = None) -> Path:
    """Write the map in ``style`` to ``out_dir/<file>`` (see the table above); return the path."""
    if style not in STYLES:
        raise UsageError(f"Unknown redirect style '{style}'.", hint=f"Choose one of: {', '.join(STYLES)}.")
    blog = archive.get_blog()
    if blog is None:
        raise UsageError("The archive has no blog information yet, so there are no old addresses to map.",
                         hint="Run `tistory-migrate scrape` into this archive first.")
    home = (home_url or "").strip() or None
    if home and not re.match(r"^https?://[^\s\"'<>]+$", home):
        raise UsageError(f"--home-url {home!r} is not an http(s) address.")
    items = entries(archive)
    text = _RENDERERS[style](blog, items, home)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / STYLES[style]
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _resolved(items: list[MapEntry]) -> list[MapEntry]:
    return [e for e in items if e.new_url]


# Category, tag, archive, search and guestbook pages have no single new page.
LIST_PREFIXES = ("/category", "/tag", "/m/category", "/m/tag")


def _render_csv(blog: BlogInfo, items: list[MapEntry], home: str | None) -> str:
    rows = [row for e in items for row in _rows_for(e.post, e.status, e.new_url, blog)]
    if home:
        for host in blog_hosts(blog):
            for prefix in LIST_PREFIXES:
                rows.append({"old_url": f"https://{host}{prefix}/*", "new_url": home, "post_id": "", "form": "list",
                             "kind": prefix.rsplit("/", 1)[1], "status": "", "title": "", "date": ""})
    return csv_text(rows)


def _render_json(blog: BlogInfo, items: list[MapEntry], home: str | None) -> str:
    doc = {
        "blog": {"base_url": blog.base_url, "hosts": blog_hosts(blog), "title": blog.title},
        "home_url": home,
        "posts": [{
            "id": e.post.post_id, "kind": e.post.kind, "status": e.status, "title": e.post.title, "date": e.post.date,
            "new_url": e.new_url or None, "method": e.method or None,
            "old_paths": [path for path, _ in old_paths(e.post)],
        } for e in items],
        "list_pages": [{"prefix": p, "new_url": home} for p in LIST_PREFIXES] if home else [],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _js_json(value) -> str:
    """JSON safe inside an inline <script>: no "</script>", no line separators JS chokes on."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# The skin script. Tistory has no server-side redirect (naver-target.md fact 13), so a script
# in skin.html is the only way to move visitors of the old addresses. It replaces the history
# entry (location.replace) so "back" does not bounce between the two blogs, and first writes
# a visible link in case the redirect is blocked or slow. Mobile pages (/m/…) are rendered
# with Tistory's own mobile skin when the blog enables it, which does not run skin.html, so
# those visitors may stay on the old page: the notice post covers them.
_SKIN_TEMPLATE = """<!-- tistory-migrate: send visitors of old post addresses to the new blog.
     Paste this whole block into the skin (꾸미기 → 스킨 편집 → html 편집) just before </body>.
     Old addresses handled: /123, /entry/<slug>, /m/123, /m/entry/<slug>, /notice/123{list_note}.
     Note: /m/ pages are shown with Tistory's mobile skin when that option is on, and that skin
     does not run this script; turn the mobile skin off (꾸미기 → 모바일) so /m/ pages use it too. -->
<script>
(function () {{
  var byId = {by_id};
  var bySlug = {by_slug};
  var home = {home};
  var path;
  try {{ path = decodeURIComponent(location.pathname); }} catch (e) {{ path = location.pathname; }}
  path = path.normalize ? path.normalize("NFC") : path;
  var m = path.match(/^\\/(?:m\\/)?(?:notice\\/)?(\\d+)\\/?$/);
  var target = null;
  if (m) {{ target = byId[m[1]] || null; }}
  if (!target) {{
    m = path.match(/^\\/(?:m\\/)?entry\\/(.+?)\\/?$/);
    if (m) {{ target = bySlug[m[1]] || null; }}
  }}
  if (!target && home && /^\\/(?:m\\/)?(?:category|tag)(?:\\/|$)/.test(path)) {{ target = home; }}
  if (!target) {{ return; }}
  function notice() {{
    var box = document.createElement("p");
    box.id = "tm-moved";
    box.setAttribute("style", "margin:1em;padding:1em;border:2px solid #03c75a;background:#fff;font-size:16px;");
    box.appendChild(document.createTextNode("이 글은 새 블로그로 옮겼습니다: "));
    var a = document.createElement("a");
    a.href = target;
    a.appendChild(document.createTextNode(target));
    box.appendChild(a);
    document.body.insertBefore(box, document.body.firstChild);
  }}
  if (document.body) {{ notice(); }} else {{ document.addEventListener("DOMContentLoaded", notice); }}
  location.replace(target);
}})();
</script>
"""


def _render_tistory_skin(blog: BlogInfo, items: list[MapEntry], home: str | None) -> str:
    by_id: dict[str, str] = {}
    by_slug: dict[str, str] = {}
    for e in _resolved(items):
        for path in e.post.numeric:
            by_id[path.rsplit("/", 1)[1]] = e.new_url
        if e.post.slug:
            by_slug[e.post.slug] = e.new_url
    return _SKIN_TEMPLATE.format(by_id=_js_json(by_id), by_slug=_js_json(by_slug), home=_js_json(home),
                                 list_note=", /category/…, /tag/… (to the new home)" if home else "")


def _nginx_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _render_nginx(blog: BlogInfo, items: list[MapEntry], home: str | None) -> str:
    # $uri is the decoded, normalized path (no query), so raw Hangul slugs match it; the
    # percent-encoded spellings are listed too for servers built with odd merge settings.
    lines = [
        "# tistory-migrate: old Tistory addresses -> new posts (custom domain on nginx).",
        "# Put the map in the http { } block and the if-block in the server { } of the old domain.",
        "map $uri $tistory_new_url {",
        "    default \"\";",
    ]
    seen: set[str] = set()
    for e in _resolved(items):
        for path, _form in old_paths(e.post):
            if path in seen or "$" in path:  # nginx would read $name in a key as a variable
                continue
            seen.add(path)
            lines.append(f"    {_nginx_str(path)} {_nginx_str(e.new_url)};")
            if not path.endswith("/"):
                lines.append(f"    {_nginx_str(path + '/')} {_nginx_str(e.new_url)};")
    if home:
        lines.append(f"    ~^/(m/)?(category|tag)(/|$) {_nginx_str(home)};")
    lines += ["}", "", "# in server { }:", "# if ($tistory_new_url) { return 301 $tistory_new_url; }", ""]
    return "\n".join(lines)


_APACHE_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}\"\s])")


def _render_apache(blog: BlogInfo, items: list[MapEntry], home: str | None) -> str:
    # RewriteRule matches the decoded path; "^/?" lets one file work both in the server config
    # (path starts with /) and in .htaccess (it does not).
    lines = [
        "# tistory-migrate: old Tistory addresses -> new posts (custom domain on Apache, mod_rewrite).",
        "# Works in the <VirtualHost> of the old domain or in its .htaccess.",
        "RewriteEngine On",
    ]
    seen: set[str] = set()
    for e in _resolved(items):
        for path, form in old_paths(e.post):
            if form.endswith("-encoded") or path in seen:
                continue  # Apache decodes %XX before matching: the raw spelling covers both
            seen.add(path)
            pattern = "^/?" + _APACHE_SPECIAL.sub(r"\\\1", path.lstrip("/")) + "/?$"
            target = e.new_url.replace("%", "\\%").replace(" ", "%20")
            lines.append(f'RewriteRule "{pattern}" "{target}" [R=301,L,NE]')
    if home:
        lines.append(f'RewriteRule "^/?(m/)?(category|tag)(/|$)" "{home}" [R=301,L,NE]')
    return "\n".join(lines) + "\n"


def _render_netlify(blog: BlogInfo, items: list[MapEntry], home: str | None) -> str:
    # Fields are separated by spaces, so paths are written percent-encoded (one spelling).
    lines = ["# tistory-migrate: old Tistory addresses -> new posts (Netlify / Cloudflare Pages _redirects)."]
    seen: set[str] = set()
    for e in _resolved(items):
        for path, _form in old_paths(e.post):
            enc = _encode_path(path)
            if enc in seen:
                continue
            seen.add(enc)
            lines.append(f"{enc} {e.new_url} 301")
    if home:
        for prefix in LIST_PREFIXES:
            lines.append(f"{prefix}/* {home} 301")
    return "\n".join(lines) + "\n"


def _render_notice(blog: BlogInfo, items: list[MapEntry], home: str | None) -> str:
    moved = _resolved(items)
    name = escape(blog.title or blog.host, quote=False)
    parts = [
        "<h2>블로그를 옮겼습니다</h2>",
        f"<p>「{name}」의 글을 새 블로그로 옮겼습니다. 앞으로는 새 블로그에서 만나요!</p>",
    ]
    if home:
        parts.append(f'<p>새 블로그: <a href="{escape(home)}">{escape(home)}</a></p>')
    parts.append(f"<p>옮긴 글 {len(moved)}개의 새 주소는 아래와 같습니다.</p>")
    parts.append("<ul>")
    base = urls.blog_base(blog.base_url)
    for e in moved:
        old = base + (e.post.numeric[0] if e.post.numeric else (e.post.page_path or ""))
        date = f" ({escape(e.post.date)})" if e.post.date else ""
        parts.append(f'<li><a href="{escape(old)}">{escape(e.post.title or old, quote=False)}</a>{date} → '
                     f'<a href="{escape(e.new_url)}">{escape(e.new_url)}</a></li>')
    parts.append("</ul>")
    return "\n".join(parts) + "\n"


_RENDERERS = {
    "csv": _render_csv,
    "json": _render_json,
    "tistory-skin": _render_tistory_skin,
    "nginx": _render_nginx,
    "apache": _render_apache,
    "netlify": _render_netlify,
    "notice": _render_notice,
}
