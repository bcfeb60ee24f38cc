"""The WXR in real WordPress (issue 16; docs/wordpress-import.md): Debian's WordPress, MariaDB
on a unix socket and the official importer, all in a temporary folder on loopback
(``support.wpsite``). What WordPress stored is read back with SQL and compared with the WXR.

Sites (each its own database, wp-content and port; permalinks ``/%post_id%/``):

* ``full``: the demo blog's mirror plus ``fixtures/backups`` (zip and legacy XML, whose post 11
  has a comment with a reply), attachments fetched from the site's own ``/media/``, then the
  same file imported again (nothing may be added); the front end answers each old ``/N``;
* ``split``: the same archive as ``--max-items 5`` parts imported in turn: the same posts;
* ``nofetch``: the same file without fetching attachments;
* ``demo``: the demo blog alone, whose post 161 has a picture the CDN answers 404 for.

Skips with the reason when the packages or ../shared are absent; fails instead under
``TM_REQUIRE_TOOLS=1`` (CI).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.etree
import pytest

from tistory_migrate.fetch.serve import FixtureServer

from support import wpsite
from support.cli import run_cli
from support.paths import DEMO_BLOG, FIXTURES

pytestmark = pytest.mark.slow

NS = {"wp": "http://wordpress.org/export/1.2/", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/"}
BACKUPS = FIXTURES / "backups"
HANGUL = re.compile("[가-힣]")


def _require() -> None:
    missing = wpsite.missing()
    if missing:
        if os.environ.get("TM_REQUIRE_TOOLS") == "1":
            pytest.fail("TM_REQUIRE_TOOLS=1 but real WordPress cannot run: missing " + "; ".join(missing))
        pytest.skip("real WordPress needs " + "; ".join(missing))


@pytest.fixture(scope="module")
def world():
    _require()
    root = Path(tempfile.mkdtemp(prefix="tm-wp-"))  # short: the socket path has a length limit
    marker = root / "marker"
    marker.write_text("")
    time.sleep(0.01)
    archives = root / "archives"
    full = archives / "full"
    result = run_cli(["scrape", "https://seodaemun.tistory.com", "-o", full, "--mirror", DEMO_BLOG, "--backup",
                      BACKUPS / "seodaemun-1-1-article112-172.zip", "--backup", BACKUPS / "legacy-seodaemun.xml", "--quiet"])
    assert result.code in (0, 1), result.text
    demo = archives / "demo"
    result = run_cli(["scrape", "https://seodaemun.tistory.com", "-o", demo, "--mirror", DEMO_BLOG, "--quiet"])
    assert result.code in (0, 1), result.text
    db = wpsite.Database(root / "db")
    # The demo world's CDN and blog answer on loopback (a picture the archive lacks is fetched
    # from its original address, as on a real site; the lost one answers 404).
    cdn = FixtureServer([DEMO_BLOG]).start()
    try:
        yield {"root": root, "db": db, "full": full, "demo": demo, "marker": marker,
               "route": {"TM_ROUTE_HOSTS": ",".join(cdn.hosts()), "TM_ROUTE_TO": f"127.0.0.1:{cdn.port}"}}
    finally:
        cdn.stop()
        db.stop()
        shutil.rmtree(root, ignore_errors=True)


def _export(archive: Path, out: Path, port: int, *extra: str) -> Path:
    result = run_cli(["export", archive, "-f", "wxr", "-o", out, "--media-base-url", f"http://127.0.0.1:{port}/media",
                      "--wordpress-url", f"http://127.0.0.1:{port}", "--quiet", *extra])
    assert result.code == 0, result.text
    return out / "wxr"


def _site(world, name: str, archive: Path, *extra: str) -> tuple[wpsite.Site, Path]:
    port = wpsite.free_port()
    out = _export(archive, world["root"] / f"out-{name}", port, *extra)
    site = wpsite.Site(world["root"] / name, world["db"], f"wp_{name}", port, media_dir=out / "media",
                       extra_env=world["route"])
    site.root.mkdir()
    return site.create(), out


def _parse(path: Path):
    return lxml.etree.parse(str(path), lxml.etree.XMLParser(recover=False, resolve_entities=False)).getroot()


def _wxr(paths: list[Path]) -> dict:
    """What the WXR files say: posts and attachments by id, categories, tags."""
    posts, atts, cats, tags, authors = {}, {}, {}, {}, {}
    for path in paths:
        root = _parse(path)
        ch = root.find("channel")
        for a in ch.findall("wp:author", NS):
            authors[a.findtext("wp:author_login", namespaces=NS)] = a.findtext("wp:author_display_name", namespaces=NS)
        for c in ch.findall("wp:category", NS):
            cats[c.findtext("wp:category_nicename", namespaces=NS)] = (c.findtext("wp:cat_name", namespaces=NS),
                                                                      c.findtext("wp:category_parent", namespaces=NS))
        for t in ch.findall("wp:tag", NS):
            tags[t.findtext("wp:tag_slug", namespaces=NS)] = t.findtext("wp:tag_name", namespaces=NS)
        for item in ch.findall("item"):
            f = {k: item.findtext(f"wp:{k}", namespaces=NS) for k in (
                "post_id", "post_date", "post_date_gmt", "status", "post_name", "post_type", "post_parent",
                "attachment_url", "comment_status")}
            f["title"] = item.findtext("title")
            f["creator"] = item.findtext("dc:creator", namespaces=NS)
            f["content"] = item.findtext("content:encoded", namespaces=NS)
            f["terms"] = sorted((c.get("domain"), c.get("nicename")) for c in item.findall("category"))
            f["comments"] = len(item.findall("wp:comment", NS))
            (atts if f["post_type"] == "attachment" else posts)[f["post_id"]] = f
    return {"posts": posts, "atts": atts, "cats": cats, "tags": tags, "authors": authors}


def _stored(site: wpsite.Site) -> dict:
    rows = site.sql("SELECT p.ID, p.post_title, p.post_date, p.post_date_gmt, p.post_status, p.post_name, p.post_type, "
                    "p.post_parent, p.comment_status, p.guid, u.user_login, u.display_name FROM {p}posts p LEFT JOIN {p}users u "
                    "ON u.ID = p.post_author WHERE p.ID > 3 AND p.post_type IN ('post', 'page', 'attachment') ORDER BY p.ID")
    terms = site.sql("SELECT r.object_id, x.taxonomy, t.slug FROM {p}term_relationships r JOIN {p}term_taxonomy x "
                     "ON x.term_taxonomy_id = r.term_taxonomy_id JOIN {p}terms t ON t.term_id = x.term_id")
    by_post: dict[str, list] = {}
    for t in terms:
        by_post.setdefault(t["object_id"], []).append(("category" if t["taxonomy"] == "category" else "post_tag", t["slug"]))
    return {"rows": rows, "terms": {k: sorted(v) for k, v in by_post.items()}}


def _counts(site: wpsite.Site) -> dict:
    return site.sql("SELECT (SELECT COUNT(*) FROM {p}posts WHERE post_type IN ('post','page')) AS posts, "
                    "(SELECT COUNT(*) FROM {p}posts WHERE post_type = 'attachment') AS attachments, "
                    "(SELECT COUNT(*) FROM {p}terms) AS terms, (SELECT COUNT(*) FROM {p}users) AS users, "
                    "(SELECT COUNT(*) FROM {p}comments) AS comments")[0]


def _check_posts(site: wpsite.Site, wxr: dict, stored: dict) -> None:
    rows = [r for r in stored["rows"] if r["post_type"] != "attachment"]
    authors = wxr["authors"]
    assert sorted(r["ID"] for r in rows) == sorted(wxr["posts"]), "every post once, none more"
    for r in rows:
        w = wxr["posts"][r["ID"]]
        assert (r["post_title"], r["post_date"], r["post_date_gmt"], r["post_status"], r["post_name"], r["post_type"]) == (
            w["title"], w["post_date"], w["post_date_gmt"], w["status"], w["post_name"], w["post_type"]), r["ID"]
        assert not r["post_name"].isdigit() and not re.search(r"-2$", r["post_name"]), r  # kept as written
        assert r["user_login"] == w["creator"]
        assert r["display_name"] == authors[w["creator"]]
        assert r["comment_status"] == w["comment_status"]
        expected = w["terms"]
        if r["post_type"] == "post" and not any(domain == "category" for domain, _ in expected):
            expected = sorted(expected + [("category", "uncategorized")])  # WordPress's default category
        assert stored["terms"].get(r["ID"], []) == expected, r["ID"]


def _check_terms(site: wpsite.Site, wxr: dict) -> None:
    cats = site.sql("SELECT t.slug, t.name, (SELECT pt.slug FROM {p}terms pt WHERE pt.term_id = x.parent) AS parent "
                    "FROM {p}terms t JOIN {p}term_taxonomy x ON x.term_id = t.term_id WHERE x.taxonomy = 'category' "
                    "AND t.slug != 'uncategorized'")
    assert {c["slug"]: (c["name"], c["parent"] or "") for c in cats} == wxr["cats"]
    assert any(parent for _, parent in wxr["cats"].values()), "the fixture has a child category"
    tags = site.sql("SELECT t.slug, t.name FROM {p}terms t JOIN {p}term_taxonomy x ON x.term_id = t.term_id "
                    "WHERE x.taxonomy = 'post_tag'")
    assert {t["slug"]: t["name"] for t in tags} == wxr["tags"]


def _check_attachments(site: wpsite.Site, wxr: dict, stored: dict, media: Path) -> None:
    atts = {r["ID"]: r for r in stored["rows"] if r["post_type"] == "attachment"}
    assert sorted(atts) == sorted(wxr["atts"]), "each attachment once, under the id the WXR gives"
    files = {r["post_id"]: r["meta_value"] for r in site.sql(
        "SELECT post_id, meta_value FROM {p}postmeta WHERE meta_key = '_wp_attached_file'")}
    contents = {r["ID"]: r["post_content"] for r in site.sql(
        "SELECT ID, post_content FROM {p}posts WHERE post_type IN ('post', 'page')")}
    uploads = site.root / "wp-content" / "uploads"
    for att_id, w in wxr["atts"].items():
        row = atts[att_id]
        assert row["post_parent"] == w["post_parent"]
        name = unquote(urlsplit(w["attachment_url"]).path.rsplit("/", 1)[1])
        stored_file = uploads / files[att_id]
        if not w["attachment_url"].startswith(site.home + "/media/"):
            assert stored_file.stat().st_size > 0  # fetched from its original address (the fixture CDN)
            continue
        assert hashlib.sha256(stored_file.read_bytes()).digest() == hashlib.sha256((media / name).read_bytes()).digest()
        # WordPress's own renames: spaces become -, an inner ".uf" that is no file type gets a _
        expected = re.sub(r"\.([A-Za-z]{2,5}\d?)(?=\.)", r".\1_", name.replace(" ", "-"))
        assert stored_file.name == expected, "the file keeps its (Hangul) name"
        body = contents[w["post_parent"]]
        if w["attachment_url"] in wxr["posts"][w["post_parent"]]["content"]:
            assert w["attachment_url"] not in body and row["guid"] in body, "the body points at the upload"
    assert any(HANGUL.search(f) for f in files.values())


@pytest.fixture(scope="module")
def full(world):
    site, out = _site(world, "full", world["full"])
    wxr = _wxr([out / "seodaemun.xml"])
    server = site.serve()
    try:
        first = site.import_wxr(out / "seodaemun.xml", fetch=True)
        before = _counts(site)
        again = site.import_wxr(out / "seodaemun.xml", fetch=True)
        yield {"site": site, "out": out, "wxr": wxr, "first": first, "again": again, "before": before}
    finally:
        server.terminate()
        server.wait()


def test_full_import_stores_what_the_wxr_says(full):
    site, wxr = full["site"], full["wxr"]
    assert "All done. Have fun!" in full["first"]
    assert not [line for line in full["first"] if "Failed to import" in line], full["first"]
    stored = _stored(site)
    _check_posts(site, wxr, stored)
    _check_terms(site, wxr)
    _check_attachments(site, wxr, stored, full["out"] / "media")
    statuses = {w["status"] for w in wxr["posts"].values()}
    assert statuses == {"publish", "private"}


def test_legacy_comments_keep_their_reply_and_open_status(full):
    site = full["site"]
    comments = site.sql("SELECT comment_ID, comment_post_ID, comment_parent, comment_author FROM {p}comments "
                        "WHERE comment_post_ID = 11 ORDER BY comment_ID")
    assert [(c["comment_author"]) for c in comments] == ["주민A", "서대문구청"]
    assert comments[0]["comment_parent"] == "0" and comments[1]["comment_parent"] == comments[0]["comment_ID"]
    assert site.sql("SELECT comment_status FROM {p}posts WHERE ID = 11")[0]["comment_status"] == "open"


def test_links_between_posts_point_at_wordpress(full):
    site, wxr = full["site"], full["wxr"]
    contents = {r["ID"]: r["post_content"] for r in site.sql("SELECT ID, post_content FROM {p}posts WHERE ID > 3")}
    linked = [(pid, target) for pid, body in contents.items() for target in re.findall(
        re.escape(site.home) + r"/(\d+)/", body or "")]
    assert linked, "the demo has links between posts"
    for _, target in linked:
        assert target in wxr["posts"]
    left = {n for body in contents.values() for n in re.findall(r"seodaemun\.tistory\.com/(\d+)", body or "")}
    assert left and not left & set(wxr["posts"]), "only links to posts WordPress does not have (deleted 133) stay"


def test_reimport_adds_nothing(full):
    assert _counts(full["site"]) == full["before"]
    assert sum("already exists" in line for line in full["again"]) >= len(full["wxr"]["posts"])
    assert not [line for line in full["again"] if "Failed to import" in line]


def test_old_numeric_paths_answer_with_the_post(full):
    site, wxr = full["site"], full["wxr"]
    public = [pid for pid, w in wxr["posts"].items() if w["status"] == "publish" and w["post_type"] == "post"]
    assert len(public) >= 10
    for pid in public:
        status, headers, _ = wpsite.get(f"{site.home}/{pid}")
        if status in (301, 302):
            assert headers["location"] == f"{site.home}/{pid}/"
            status, headers, _ = wpsite.get(headers["location"])
        assert status == 200 and headers.get("x-tm-post") == pid, (pid, status)


def test_only_loopback_was_contacted_and_nothing_written_beside_wordpress(full, world):
    lines = full["site"].http_log.read_text(encoding="utf-8").splitlines()
    assert lines and all(re.match(r"(allowed http://127\.0\.0\.1:|routed \S+ via 127\.0\.0\.1:)\d+", line)
                         for line in lines), lines
    assert any(line.startswith("routed ") for line in lines)  # the picture only Tistory's CDN has
    changed = [p for base in (wpsite.WORDPRESS, Path("/etc/wordpress"), Path("/var/lib/wordpress")) if base.exists()
               for p in base.rglob("*") if not p.is_symlink() and p.stat().st_mtime > world["marker"].stat().st_mtime]
    assert changed == []


def test_split_parts_import_to_the_same_posts(world, full):
    site, out = _site(world, "split", world["full"], "--max-items", "5")
    parts = sorted(out.glob("seodaemun-*.xml"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert len(parts) >= 3
    server = site.serve()
    try:
        for part in parts:
            lines = site.import_wxr(part, fetch=True)
            assert "All done. Have fun!" in lines and not [x for x in lines if "Failed to import" in x], lines
    finally:
        server.terminate()
        server.wait()
    wxr = _wxr(parts)
    assert sorted(wxr["atts"]) == sorted(full["wxr"]["atts"]), "attachment ids do not depend on the parts"
    stored = _stored(site)
    _check_posts(site, wxr, stored)
    _check_attachments(site, wxr, stored, out / "media")
    keys = ("ID", "post_title", "post_date", "post_date_gmt", "post_status", "post_name", "post_type", "post_parent")
    assert [[r[k] for k in keys] for r in stored["rows"]] == [[r[k] for k in keys] for r in _stored(full["site"])["rows"]]


def test_without_fetching_attachments(world):
    site, out = _site(world, "nofetch", world["full"])
    lines = site.import_wxr(out / "seodaemun.xml", fetch=False)
    failed = [x for x in lines if "Failed to import" in x]
    assert failed and all("Fetching attachments is not enabled" in x for x in failed)
    wxr = _wxr([out / "seodaemun.xml"])
    _check_posts(site, wxr, _stored(site))
    # Every parser of the importer reads the same titles (CDATA), so none adds a post again.
    before = _counts(site)
    for parser in ("xml", "regex"):
        lines = site.import_wxr(out / "seodaemun.xml", fetch=False, parser=parser)
        assert "All done. Have fun!" in lines, (parser, lines)
        assert _counts(site) == before, parser


def test_a_picture_gone_from_tistory_is_a_note_not_an_error(world):
    site, out = _site(world, "demo", world["demo"])
    server = site.serve()
    try:
        lines = site.import_wxr(out / "seodaemun.xml", fetch=True)
    finally:
        server.terminate()
        server.wait()
    assert "All done. Have fun!" in lines and not [x for x in lines if "Failed to import" in x], lines
    body = site.sql("SELECT post_content FROM {p}posts WHERE ID = 161")[0]["post_content"]
    assert "사진 없음" in body and "zZ0lost" not in body
