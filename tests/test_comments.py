"""Comments through Tistory's comment endpoint (issue 15): the parser's bounds, the scrape step
over the loopback fixture server (paging, replies, placeholders, a custom domain calling
NAME.tistory.com, every failure kind), the second run's one request per post, an interrupted
run, every export, and an archive written before comments existed."""

from __future__ import annotations

import json
import sqlite3

import pytest
from lxml import etree

from support.cli import assert_clean, run_cli
from support.loopback import scrape_loopback
from support.paths import DEMO_BLOG, FIXTURES, HANBIT_BLOG
from tistory_migrate.archive import Archive
from tistory_migrate.extract.comments import CommentShapeError, page_comment_count, parse_comment_count, parse_comment_page
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.pipeline import export
from tistory_migrate.settings import Settings

HANBIT_API = FIXTURES / "api" / "hanbitnote-api"
FAST = Settings().with_overrides("fetch", page_delay=0.0, media_delay=0.0, retries=1, backoff_base=0.01,
                                 backoff_max=0.02).with_overrides("scrape", probe_ids=False)
COMMENTS = FAST.with_overrides("scrape", comments=True)
DEMO_URL, HANBIT_URL = "https://seodaemun.tistory.com", "https://blog.hanbit-note.kr"


def page(items, **data) -> bytes:
    return json.dumps({"data": {"items": items, **data}}).encode()


def scrape(folders, url, archive, settings=COMMENTS, fetcher_wrap=None, **options):
    return scrape_loopback(folders, url, archive, settings, fetcher_wrap=fetcher_wrap, **options)


def api_calls(log):
    return [u for u in log if "/m/api/" in u and "/comment" in u]


# -- the parser ---------------------------------------------------------------------------------
def test_replies_follow_their_parent_and_placeholders_have_no_text():
    body = page([{"id": 1, "content": "a<br>b &amp; c", "written": "2024-01-02 03:04:05",
                  "writer": {"name": "가", "homepage": "https://ga.tistory.com"},
                  "children": [{"id": 2, "content": "re", "written": "2024-01-02T05:00:00+09:00",
                                "writer": {"name": "나", "isOwner": True}}]},
                 {"id": 3, "isSecret": True, "content": "secret words", "writer": {"name": "다"}},
                 {"id": 4, "isDeleted": True, "content": "gone", "writer": {"name": "라"}}],
                isLast=False, nextId=5, totalItems=9)
    p = parse_comment_page(body, "application/json")
    assert [(c.id, c.parent) for c in p.comments] == [("1", None), ("2", "1"), ("3", None), ("4", None)]
    first, reply, secret, deleted = p.comments
    assert first.text == "a\nb & c" and first.homepage == "https://ga.tistory.com"
    assert first.date == "2024-01-02T03:04:05+09:00" and "KST" in first.warnings[0]
    assert reply.owner and reply.warnings == []
    assert secret.secret and secret.text is None and secret.author is None
    assert deleted.deleted and deleted.text is None
    assert (p.is_last, p.next_id, p.total) == (False, "5", 9)


@pytest.mark.parametrize("body,ctype,kind", [
    (b"<!DOCTYPE html><html><body>error</body></html>", "text/html", "html"),
    (b'{"data": {"items": [{"id": 1, "content": "cut', "application/json", "not-json"),
    (b'{"data": {"list": []}}', "application/json", "shape"),
    (b'{"data": {"items": [{"content": "no id"}]}}', "application/json", "shape"),
    (b"[" * 200_000 + b"]" * 200_000, "application/json", "too-deep"),
    (b'{"data": {"items": [], "pad": "' + b"x" * (5 * 1024 * 1024) + b'"}}', "application/json", "too-large"),
])
def test_answers_that_do_not_match_are_refused_by_kind(body, ctype, kind):
    with pytest.raises(CommentShapeError) as exc:
        parse_comment_page(body, ctype)
    assert exc.value.kind == kind


def test_deep_replies_are_walked_without_recursion():
    item: dict = {"id": 1, "content": "x"}
    node = item
    for n in range(2, 14):  # as deep as the depth bound allows
        child = {"id": n, "content": "x"}
        node["children"] = [child]
        node = child
    comments = parse_comment_page(page([item], isLast=True)).comments
    assert [c.parent for c in comments] == [None] + [str(n) for n in range(1, 13)]


def test_count_answer():
    assert parse_comment_count(b'{"data": 7}') == 7
    assert parse_comment_count(b'{"data": {"count": 3}}') == 3
    with pytest.raises(CommentShapeError):
        parse_comment_count(b'{"data": "seven"}')


# -- the scrape step -----------------------------------------------------------------------------
def test_demo_comments_are_read_and_a_second_run_asks_once_per_post(tmp_path):
    ar = tmp_path / "ar"
    report, log = scrape([DEMO_BLOG], DEMO_URL, ar)
    assert report.exit_code == 0, report.failed
    assert report.comments == {"posts read": 14, "comments": 6, "failed": 0}
    assert report.comments_by_post == {"120": 1, "156": 5}
    assert "https://seodaemun.tistory.com/m/api/156/comment?startId=9004" in log
    with Archive.open(ar, readonly=True) as a:
        got = a.get_comments("156")
        assert [c["id"] for c in got] == ["9001", "9002", "9003", "9004", "9005"]
        assert [c["parent"] for c in got] == [None, "9001", None, None, "9004"]
        assert got[2]["secret"] and got[2]["text"] is None
        assert a.get_comments("126") == []
        assert a.get_comments("133") is None  # missing post: no page, no comments
    report, log = scrape([DEMO_BLOG], DEMO_URL, ar)
    calls = api_calls(log)
    assert report.exit_code == 0
    assert len(calls) == 14 and all(u.endswith("/comment/count") for u in calls), calls
    with Archive.open(ar, readonly=True) as a:
        assert len(a.get_comments("156")) == 5  # nothing doubled


def test_a_count_shown_by_a_page_fetched_in_the_same_run_saves_the_request(tmp_path):
    """With --refresh the post pages are fetched again: a post whose page shows the comment
    count already stored gets no comment request; one whose page shows another count is asked."""
    ar = tmp_path / "ar"
    report, _log = scrape([DEMO_BLOG], DEMO_URL, ar)
    assert report.exit_code == 0
    shown = {}
    for path in sorted((DEMO_BLOG / "posts").glob("*.html")):
        n = page_comment_count(path.read_text(encoding="utf-8"), path.stem)
        if n is not None:
            shown[path.stem] = n
    with Archive.open(ar, readonly=True) as a:
        stored = a.comment_counts()
    same = {pid for pid, n in shown.items() if stored.get(pid) == n}
    differs = {pid for pid, n in shown.items() if pid in stored and stored[pid] != n}
    assert same and differs, (shown, stored)  # the demo has both kinds: 123/142 (0 and 0), 120 (0 shown, 1 stored)
    _report, log = scrape([DEMO_BLOG], DEMO_URL, ar, refresh=True)
    asked = {u.split("/m/api/")[1].split("/")[0] for u in api_calls(log)}
    assert not asked & same, asked & same
    assert differs <= asked and asked == set(stored) - same


def test_page_comment_count_reads_the_skin_span_of_that_post_only():
    html = '<span id="commentCount7_0">3</span><span id="commentCount8_0">5</span>'
    assert page_comment_count(html, "8") == 5 and page_comment_count(html, "9") is None
    assert page_comment_count('<span id="commentCount8_0">²</span>', "8") is None


def test_comments_off_by_default_ask_nothing_and_export_null(tmp_path):
    ar = tmp_path / "ar"
    report, log = scrape([DEMO_BLOG], DEMO_URL, ar, settings=FAST)
    assert report.exit_code == 0 and not api_calls(log) and not report.comments
    assert any("--comments" in n.english() for n in report.notes)
    export(Archive.open(ar, readonly=True), ["jsonl"], tmp_path / "out", FAST)
    records = [json.loads(line) for line in (tmp_path / "out" / "jsonl" / "posts.jsonl").open(encoding="utf-8")]
    assert records and all(r["comments"] is None for r in records)


def test_custom_domain_calls_the_tistory_host_and_failures_are_reported(tmp_path):
    ar = tmp_path / "ar"
    report, log = scrape([HANBIT_BLOG, HANBIT_API], HANBIT_URL, ar)
    calls = api_calls(log)
    assert calls and all(u.startswith("https://hanbitnote.tistory.com/m/api/") for u in calls)
    assert report.exit_code == 1  # comments were asked for and some could not be read
    reasons = {f.id: f.reason.english() for f in report.failed if f.what == "comments"}
    assert set(reasons) == {"38", "42", "45"}
    assert "not valid JSON" in reasons["38"] and "web page" in reasons["42"]
    assert report.counts.get("public") == 7  # every post scraped as without comments
    with Archive.open(ar, readonly=True) as a:
        c31 = a.get_comments("31")
        assert [(c["id"], c["parent"]) for c in c31] == [("501", None), ("502", "501"), ("503", None), ("504", None)]
        assert c31[1]["owner"] and c31[2]["secret"] and c31[2]["author"] is None
        assert c31[3]["homepage"] is None and c31[3]["text"] == "사진이 정말 예쁘네요"
        assert c31[3]["date"].endswith("+09:00")
        assert a.get_comments("35") == []
        assert a.get_comments("38") is None and a.get_comments("45") is None


def test_cli_comments_flag_and_robots(tmp_path):
    with FixtureServer([DEMO_BLOG]) as srv:
        resolve = [f"{h}={srv.address}" for h in srv.resolve_map()]
        cfg = tmp_path / "fast.toml"
        cfg.write_text("[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = 0\n[scrape]\nprobe_ids = false\n",
                       encoding="utf-8")
        args = ["scrape", DEMO_URL, "-o", tmp_path / "ar", "--config", cfg, "--comments", "--quiet",
                *[a for r in resolve for a in ("--resolve", r)]]
        assert_clean(run_cli(args), 0)
    with Archive.open(tmp_path / "ar", readonly=True) as a:
        assert len(a.get_comments("156")) == 5


def test_an_interrupted_comment_run_resumes_without_loss_or_duplicates(tmp_path):
    ar = tmp_path / "ar"

    class StopOnSecondPage:
        def __init__(self, inner):
            self.inner, self.stats = inner, inner.stats

        def get(self, url, **kw):
            if "startId=" in url:
                raise KeyboardInterrupt
            return self.inner.get(url, **kw)

        def close(self):
            self.inner.close()

    with pytest.raises(KeyboardInterrupt):
        scrape([DEMO_BLOG], DEMO_URL, ar, fetcher_wrap=StopOnSecondPage)
    with Archive.open(ar, readonly=True) as a:
        assert a.get_comments("156") is None  # half a thread is never stored
    report, _ = scrape([DEMO_BLOG], DEMO_URL, ar)
    assert report.exit_code == 0
    with Archive.open(ar, readonly=True) as a:
        assert [c["id"] for c in a.get_comments("156")] == ["9001", "9002", "9003", "9004", "9005"]


# -- exports ------------------------------------------------------------------------------------
def test_demo_comments_through_every_export(tmp_path):
    ar, out = tmp_path / "ar", tmp_path / "out"
    scrape([DEMO_BLOG], DEMO_URL, ar)
    with Archive.open(ar, readonly=True) as a:
        export(a, ["jsonl", "wxr", "naver"], out, COMMENTS)
    records = {r["id"]: r for r in map(json.loads, (out / "jsonl" / "posts.jsonl").open(encoding="utf-8"))}
    assert len(records["156"]["comments"]) == 5 and records["126"]["comments"] == []
    assert records["133"]["comments"] is None
    ns = {"wp": "http://wordpress.org/export/1.2/"}
    tree = etree.parse(str(next((out / "wxr").glob("*.xml"))))
    item = next(i for i in tree.iter("item") if i.findtext("wp:post_id", namespaces=ns) == "156")
    rows = [(c.findtext("wp:comment_id", namespaces=ns), c.findtext("wp:comment_parent", namespaces=ns),
             c.findtext("wp:comment_content", namespaces=ns)) for c in item.findall("wp:comment", ns)]
    assert [(i, p) for i, p, _ in rows] == [("1", "0"), ("2", "1"), ("3", "0"), ("4", "0"), ("5", "4")]
    assert rows[2][2] == "(비밀 댓글입니다)" and "secret words" not in etree.tostring(item, encoding="unicode")
    bundle = next((out / "naver" / "posts").glob("*-156"))
    page_text = (bundle / "comments.html").read_text(encoding="utf-8")
    assert "마포주민" in page_text and "(비밀 댓글입니다)" in page_text and "margin-left:2em" in page_text
    assert "comments.html" in (bundle / "NOTES.md").read_text(encoding="utf-8")


def test_no_comments_html_when_comments_were_not_read(tmp_path):
    ar, out = tmp_path / "ar", tmp_path / "out"
    scrape([DEMO_BLOG], DEMO_URL, ar, settings=FAST)
    with Archive.open(ar, readonly=True) as a:
        export(a, ["naver"], out, FAST)
    assert not list((out / "naver").rglob("comments.html"))


# -- an archive from before comments -------------------------------------------------------------
def test_an_archive_from_before_comments_opens_and_is_upgraded_in_place(tmp_path):
    ar = tmp_path / "ar"
    scrape([DEMO_BLOG], DEMO_URL, ar, settings=FAST)
    conn = sqlite3.connect(ar / "archive.sqlite3")  # the schema of the version before comments
    conn.execute("DROP TABLE comments")
    conn.commit()
    conn.close()
    with Archive.open(ar, readonly=True) as a:  # read-only: no table, no comments, no error
        assert a.get_comments("156") is None and a.comment_counts() == {}
        export(a, ["jsonl"], tmp_path / "out", FAST)
    report, _ = scrape([DEMO_BLOG], DEMO_URL, ar)  # opened for writing: the table is added
    assert report.exit_code == 0 and report.comments["comments"] == 6
    with Archive.open(ar, readonly=True) as a:
        assert a.count_posts() == 15 and len(a.get_comments("156")) == 5
