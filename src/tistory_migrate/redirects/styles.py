"""The redirect map in the styles a person installs somewhere; ``STYLES`` is the one registry.

``redirects render --style S`` and ``export --format redirects`` (style csv) both write through
``exporters.redirects.RedirectsExporter``, which renders with ``STYLES[S].render``; the
``--style`` choices and help come from ``STYLES`` too (docs/design.md):

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
Nothing here touches the archive or the network.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import astuple, dataclass, fields
from html import escape
from typing import Callable, Iterable

from tistory_migrate import urls
from tistory_migrate.errors import UsageError
from tistory_migrate.i18n import N_, _
from tistory_migrate.models import BlogInfo
from tistory_migrate.redirects.forms import MapEntry, OldUrl, encode_path, old_paths, old_urls
from tistory_migrate.spreadsheet import safe_cell

CSV_COLUMNS = tuple(f.name for f in fields(OldUrl))
# Category, tag, archive, search and guestbook pages have no single new page.
LIST_PREFIXES = ("/category", "/tag", "/m/category", "/m/tag")


@dataclass(frozen=True)
class Style:
    """One way to write the map: the file it goes to, how it is rendered, and where it is used."""

    file_name: str
    render: Callable[[BlogInfo, list[MapEntry], str | None], str]  # (blog, posts oldest first, home_url) -> text
    description: str  # English, marked with N_: shown translated with _(description)


def style_named(name: str) -> Style:
    """The style called ``name``; a usage error naming every style otherwise."""
    if name not in STYLES:
        raise UsageError(_("Unknown style '{name}'.").format(name=name),
                         hint=_("Choose one of: {choices}.").format(choices=", ".join(STYLES)))
    return STYLES[name]


def home_address(value: str | None) -> str | None:
    """``--home-url`` without surrounding spaces (None when empty); it must be an http(s) address."""
    home = (value or "").strip() or None
    if home and not re.match(r"^https?://[^\s\"'<>]+$", home):
        raise UsageError(_("--home-url {value} is not an http(s) address.").format(value=repr(home)))
    return home


def csv_text(rows: Iterable[OldUrl]) -> str:
    """``redirects.csv``: a header of ``CSV_COLUMNS``, CRLF lines, UTF-8 BOM first."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(v) for v in astuple(row)])
    return "\ufeff" + buf.getvalue()


def _resolved(items: list[MapEntry]) -> list[MapEntry]:
    return [e for e in items if e.new_url]


def _render_csv(blog: BlogInfo, items: list[MapEntry], home: str | None) -> str:
    hosts = blog.hosts()
    rows = [row for e in items for row in old_urls(e, hosts)]
    if home:
        for host in hosts:
            for prefix in LIST_PREFIXES:
                rows.append(OldUrl(old_url=f"https://{host}{prefix}/*", new_url=home, post_id="", form="list",
                                   kind=prefix.rsplit("/", 1)[1], status="", title="", date=""))
    return csv_text(rows)


def _render_json(blog: BlogInfo, items: list[MapEntry], home: str | None) -> str:
    doc = {
        "blog": {"base_url": blog.base_url, "hosts": blog.hosts(), "title": blog.title},
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
    entries: list[str] = []
    seen: set[str] = set()
    longest = 0
    for e in _resolved(items):
        for path, _form in old_paths(e.post):
            if path in seen or "$" in path:  # nginx would read $name in a key as a variable
                continue
            seen.add(path)
            for key in (path, path + "/") if not path.endswith("/") else (path,):
                entries.append(f"    {_nginx_str(key)} {_nginx_str(e.new_url)};")
                longest = max(longest, len(key.encode("utf-8")))
    if home:
        entries.append(f"    ~^/(m/)?(category|tag)(/|$) {_nginx_str(home)};")
    # nginx refuses a map whose keys do not fit its hash ("could not build map_hash"): Hangul
    # slugs are long in bytes, and a big blog has many keys. Size both from what is listed.
    lines = [
        "# tistory-migrate: old Tistory addresses -> new posts (custom domain on nginx).",
        "# Put the map in the http { } block and the if-block in the server { } of the old domain.",
        f"map_hash_bucket_size {_power_of_two(longest + 32, 64)};",
        f"map_hash_max_size {_power_of_two(len(entries) * 2, 2048)};",
        "map $uri $tistory_new_url {",
        "    default \"\";",
        *entries,
        "}", "", "# in server { }:", "# if ($tistory_new_url) { return 301 $tistory_new_url; }", "",
    ]
    return "\n".join(lines)


def _power_of_two(n: int, least: int) -> int:
    size = least
    while size < n:
        size *= 2
    return size


_APACHE_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}])")
# Inside a quoted Apache argument a '"' ends the argument and whitespace needs care: such
# characters (and other controls) are written as \xHH, which the regex reads as the same byte.
_APACHE_HEX = re.compile(r'["\x00-\x20\x7f]')


def _apache_literal(text: str) -> str:
    """``text`` as a regex that matches it literally and that Apache's config parser accepts."""
    return _APACHE_HEX.sub(lambda m: f"\\x{ord(m.group()):02x}", _APACHE_SPECIAL.sub(r"\\\1", text))


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
            pattern = "^/?" + _apache_literal(path.lstrip("/")) + "/?$"
            target = e.new_url.replace("%", "\\%").replace(" ", "%20").replace('"', "%22")
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
            enc = encode_path(path)
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


STYLES: dict[str, Style] = {
    "csv": Style("redirects.csv", _render_csv, N_("a spreadsheet (UTF-8 with BOM so Excel reads Hangul)")),
    "json": Style("redirects.json", _render_json, N_("other tools")),
    "tistory-skin": Style("tistory-skin-redirect.html", _render_tistory_skin,
                          N_("the old blog's skin.html, before </body>")),
    "nginx": Style("nginx-redirects.conf", _render_nginx, N_("a custom domain served by nginx (map + return)")),
    "apache": Style("apache-redirects.conf", _render_apache, N_("a custom domain served by Apache (.htaccess too)")),
    "netlify": Style("_redirects", _render_netlify, N_("a custom domain moved to Netlify / Cloudflare Pages")),
    "notice": Style("notice.html", _render_notice, N_('a "we moved" post (Korean) for the old blog')),
}
