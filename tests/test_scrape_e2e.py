"""Full scrapes of the fixture blogs, through the loopback server (the real requests path)
and through --mirror, compared with each blog's expected.json."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from tistory_migrate.archive import Archive
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.fetch.http import HttpFetcher
from tistory_migrate.fetch.mirror import MirrorFetcher
from tistory_migrate.normalize import normalize_body
from tistory_migrate.pipeline import Scraper, ScrapeOptions
from tistory_migrate.settings import Settings

from support.paths import DEMO_BLOG, HANBIT_BLOG

FAST = Settings().with_overrides("fetch", page_delay=0.0, media_delay=0.0, retries=1, backoff_base=0.01)
THOROUGH = FAST.with_overrides("scrape", full_list_walks=True, tag_lists=True)
BLOGS = [pytest.param(DEMO_BLOG, id="seodaemun"), pytest.param(HANBIT_BLOG, id="hanbit-custom")]


def expected(blog: Path) -> dict:
    return json.loads((blog / "expected.json").read_text(encoding="utf-8"))


def scrape_http(blog: Path, archive: Path, settings: Settings = FAST, **opts):
    exp = expected(blog)
    with FixtureServer([blog]) as srv:
        fetcher = HttpFetcher(settings.fetch, resolve=srv.resolve_map())
        report = Scraper(fetcher, settings, ScrapeOptions(url=opts.pop("url", exp["base_url"]), archive=archive, **opts)).run()
        return report, list(srv.log)


def scrape_mirror(blog: Path, archive: Path, settings: Settings = FAST, **opts):
    exp = expected(blog)
    fetcher = MirrorFetcher([blog])
    return Scraper(fetcher, settings, ScrapeOptions(url=exp["base_url"], archive=archive, offline=True, **opts)).run()


def check_archive(blog: Path, archive: Path) -> None:
    exp = expected(blog)
    with Archive.open(archive, readonly=True) as ar:
        b = ar.get_blog()
        assert b.title == exp["blog_title"]
        assert b.base_url == exp["base_url"]
        stored = {p.id: p for p in ar.iter_posts()}
        assert set(stored) == set(exp["posts"]), "every expected post, nothing else"
        for pid, e in exp["posts"].items():
            p = stored[pid]
            assert p.status == e["status"], pid
            assert p.kind == e["kind"], pid
            if e.get("title") is not None:
                assert p.title == e["title"], pid
            if "body_source" in e:  # issue 14: a gone page whose body the feed kept
                assert p.body_source == e["body_source"] and p.rescued(), pid
            if p.status == "missing" and not p.rescued():
                continue
            for field in ("published", "category", "url", "slug_url"):
                if field in e:
                    assert getattr(p, field) == e[field], (pid, field)
            if "category_source" in e:  # issue 14: e.g. a leaf completed from the sidebar tree
                assert p.extra.get("category_source") == e["category_source"], pid
            for text in e.get("warnings_contain", []):
                assert text in p.warnings, (pid, text, p.warnings)
            if "updated" in e and e["updated"] is not None:
                assert p.updated == e["updated"], pid
            if "tags" in e:
                assert p.tags == e["tags"], pid
            if "author" in e and e["author"]:
                assert p.author == e["author"], pid
            if p.status != "public" and not p.rescued():
                continue
            if "images" in e:
                assert len(p.images) == e["images"], (pid, [m.original_url for m in p.images])
            if "attachments" in e:
                assert len(p.attachments) == e["attachments"], pid
            body = normalize_body(p.body_raw, page_url=p.url, blog_hosts={b.host})
            for snippet in e.get("must_contain", []):
                assert snippet in body.text or snippet in html.unescape(p.body_raw), (pid, snippet)
            for snippet in e.get("must_not_contain", []):
                assert snippet not in body.html and snippet not in body.text, (pid, snippet)
            for m in p.images + p.attachments:
                assert ar.get_media(m.identity) is not None, (pid, m.original_url)
        missing = {tuple(x) for x in exp.get("images", {}).get("missing", [])}
        failed = set()
        ok_hashes = set()
        for p in stored.values():
            for m in p.images + p.attachments:
                media = ar.get_media(m.identity)
                if media.status == "ok":
                    ok_hashes.add(media.sha256)
                    assert (archive / media.path).read_bytes()
                else:
                    failed.add((p.id, m.original_url))
        assert failed == missing
        if "unique_files" in exp.get("images", {}):
            files = {m.sha256 for m in ar.iter_media() if m.status == "ok"}
            assert len(files) == exp["images"]["unique_files"] + exp.get("attachments", {}).get("unique_files", 0)


@pytest.mark.parametrize("blog", BLOGS)
def test_loopback_scrape_matches_expected(blog, tmp_path):
    report, log = scrape_http(blog, tmp_path / "a")
    check_archive(blog, tmp_path / "a")
    exp = expected(blog)
    protected = {pid for pid, e in exp["posts"].items() if e["status"] == "protected"}
    missing = {pid for pid, e in exp["posts"].items() if e["status"] == "missing"}
    assert {r.id for r in report.protected} == protected
    assert {r.id for r in report.missing} == missing
    assert report.exit_code == 0
    assert not any("img1.daumcdn.net/thumb" in u for u in log), "thumbnails are never downloaded"


@pytest.mark.parametrize("blog", BLOGS)
def test_mirror_scrape_matches_expected(blog, tmp_path):
    report = scrape_mirror(blog, tmp_path / "a")
    check_archive(blog, tmp_path / "a")
    assert report.exit_code == 0


@pytest.mark.parametrize("blog", BLOGS)
def test_thorough_walk_source_counts_match_fixture(blog, tmp_path):
    """With every list walked to its end, each source yields exactly the ids the fixture lists."""
    report, _ = scrape_http(blog, tmp_path / "a", THOROUGH)
    exp = expected(blog)
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        by_source: dict[str, set[str]] = {}
        for p in ar.iter_posts():
            for s in p.sources:
                by_source.setdefault(s, set()).add(p.id)
    for source, ids in exp["source_ids"].items():
        assert by_source.get(source, set()) == set(ids), source
    for source, n in exp["sources"].items():
        assert report.sources.get(source) == n, source


@pytest.mark.parametrize("blog", BLOGS)
def test_default_walk_is_cheaper_and_finds_the_same_posts(blog, tmp_path):
    _, quick_log = scrape_http(blog, tmp_path / "q")
    _, full_log = scrape_http(blog, tmp_path / "f", THOROUGH)
    with Archive.open(tmp_path / "q", readonly=True) as q, Archive.open(tmp_path / "f", readonly=True) as f:
        assert q.post_ids() == f.post_ids()
    assert len(quick_log) <= len(full_log)


def test_resume_fetches_nothing_new(tmp_path):
    scrape_http(DEMO_BLOG, tmp_path / "a")
    report, log = scrape_http(DEMO_BLOG, tmp_path / "a")
    post_pages = [u for u in log if u.rstrip("/").split("/")[-1].isdigit()]
    media = [u for u in log if "kakaocdn" in u or "daumcdn" in u or "uf.tistory" in u]
    assert media == [], "stored images are not fetched again"
    assert report.skipped_existing >= 13
    # discovery pages are re-checked; post pages of stored posts are not
    stored_ids = {str(i) for i in expected(DEMO_BLOG)["posts"] if expected(DEMO_BLOG)["posts"][i]["status"] == "public"}
    refetched = {u.rstrip("/").split("/")[-1] for u in post_pages} & stored_ids
    assert refetched == set()
    check_archive(DEMO_BLOG, tmp_path / "a")


def test_reparse_works_offline(tmp_path):
    scrape_mirror(DEMO_BLOG, tmp_path / "a")
    report = Scraper(None, FAST, ScrapeOptions(archive=tmp_path / "a", reparse=True)).run()
    assert report.mode == "reparse"
    check_archive(DEMO_BLOG, tmp_path / "a")


def test_single_post_url(tmp_path):
    exp = expected(DEMO_BLOG)
    pid = next(i for i, e in exp["posts"].items() if e["status"] == "public" and e["kind"] == "post")
    report, log = scrape_http(DEMO_BLOG, tmp_path / "a", url=exp["base_url"] + "/" + pid)
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        assert ar.post_ids() == [pid]
        assert ar.get_post(pid).sources == ["url"]
    assert not any(u.endswith("/rss") for u in log)


def test_dry_run_writes_nothing(tmp_path):
    report, log = scrape_http(DEMO_BLOG, tmp_path / "a", dry_run=True)
    assert not (tmp_path / "a").exists()
    assert report.planned_requests and report.planned_requests >= 14
    assert report.mode == "dry-run"


class PageHook:
    """Replace what the server answers for some post paths (status and/or body)."""

    def __init__(self, answers: dict[str, tuple[int, bytes | None]]):
        self.answers = answers

    def __call__(self, handler, url, entry):
        path = handler.path.split("?")[0]
        if path not in self.answers:
            return False
        status, body = self.answers[path]
        if body is None:
            body = entry.path.read_bytes() if entry and entry.path else b""
        handler.send_body(status, {"Content-Type": "text/html; charset=utf-8"}, body)
        return True


def _page(pid: str) -> str:
    return (DEMO_BLOG / "posts" / f"{pid}.html").read_text(encoding="utf-8") if (DEMO_BLOG / "posts" / f"{pid}.html").exists() \
        else next(p for p in DEMO_BLOG.rglob(f"{pid}*.html")).read_text(encoding="utf-8")


def scrape_with_hook(tmp_path, hook, name="a"):
    with FixtureServer([DEMO_BLOG], hook=hook) as srv:
        fetcher = HttpFetcher(FAST.fetch, resolve=srv.resolve_map())
        return Scraper(fetcher, FAST, ScrapeOptions(url="https://seodaemun.tistory.com", archive=tmp_path / name)).run()


def test_page_failing_falls_back_to_rss_then_resume_reads_the_page(tmp_path):
    report = scrape_with_hook(tmp_path, PageHook({"/156": (500, b"oops")}))
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        post = ar.get_post("156")
        assert post.body_source == "rss" and post.status == "public"
        assert any("RSS" in w for w in post.warnings)
        assert len(post.images) == 4  # the RSS body carries the same images, downloaded too
        assert all(ar.get_media(m.identity).status == "ok" for m in post.images)
    assert report.exit_code == 1 and any(f.id == "156" for f in report.failed)
    report = scrape_with_hook(tmp_path, None)
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        assert ar.get_post("156").body_source == "page"
    assert report.exit_code == 0


def test_post_without_title_is_failed_with_reason_and_run_goes_on(tmp_path):
    title = expected(DEMO_BLOG)["posts"]["138"]["title"]
    broken = _page("138").replace(title, "")  # every title source (meta, JSON-LD, skin header) is empty
    report = scrape_with_hook(tmp_path, PageHook({"/138": (200, broken.encode("utf-8"))}))
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        post = ar.get_post("138")
        assert post.status == "failed" and any("title" in w for w in post.warnings)
        assert ar.get_post("156").status == "public"
    assert report.exit_code == 1 and any(f.id == "138" and "title" in f.reason.english() for f in report.failed)


def test_block_page_stops_the_run_and_resume_finishes(tmp_path):
    from tistory_migrate.errors import Blocked

    block = ("<html><head><title>Kakao</title></head><body><form action='https://accounts.kakao.com/login'>"
             "비정상적인 접근이 감지되었습니다. 잠시 후 다시 시도해 주세요.</form></body></html>").encode("utf-8")
    with pytest.raises(Blocked) as info:
        scrape_with_hook(tmp_path, PageHook({"/150": (200, block)}))
    assert "run the same command again" in info.value.hint
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        saved = set(ar.post_ids())
        assert "150" not in saved and {"112", "114", "120"} <= saved  # what came before is kept
    report = scrape_with_hook(tmp_path, None)
    assert report.exit_code == 0
    check_archive(DEMO_BLOG, tmp_path / "a")


def test_second_run_reads_little_and_still_finds_what_is_new(tmp_path):
    """After a complete run, list walks stop at the first page holding only archived posts;
    a post missing from the archive (new on top, or an old one) is still found (lists, RSS,
    sitemap, then the id probe; ``always``: the first run's probes remembered every absent number)."""
    always = FAST.with_overrides("scrape", probe_ids="always")
    scrape_http(DEMO_BLOG, tmp_path / "a", always)
    with Archive.open(tmp_path / "a") as ar:
        ar.conn.execute("DELETE FROM posts WHERE id IN ('168', '112')")  # the newest post and the oldest
    report, log = scrape_http(DEMO_BLOG, tmp_path / "a", always)
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        assert {"168", "112"} <= set(ar.post_ids())
    pages = [u for u in log if "seodaemun.tistory.com" in u and not u.endswith(("/168", "/112", "/robots.txt"))]
    assert len(pages) <= 12, pages  # no full list walks
    check_archive(DEMO_BLOG, tmp_path / "a")
