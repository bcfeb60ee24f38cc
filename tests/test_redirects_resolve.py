"""Phase 2 of the redirect map against the fixture Naver blogs, over loopback HTTP.

``fixtures/naver`` (see its build.py) is served by ``FixtureServer``; ``HttpFetcher`` reaches
it through ``resolve={host: addr}``, so the real request path runs. The archive is the
fixture Tistory blog of ``support.fixture_blog``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tistory_migrate.errors import NothingToDo
from tistory_migrate.fetch.http import HttpFetcher
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.models import Post
from tistory_migrate.normalize import normalize_post
from tistory_migrate.redirects import load_map
from tistory_migrate.redirects import naver_pages as nl
from tistory_migrate.redirects.match import match_posts
from tistory_migrate.redirects.resolve import resolve
from tistory_migrate.settings import FetchSettings

from support.fixture_blog import SLUG_103, build_archive

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "naver"
NAVER = "https://blog.naver.com/tm_fixture/"


@pytest.fixture()
def naver():
    with FixtureServer([FIXTURE]) as srv:
        hosts = {"blog.naver.com": srv.address, "rss.blog.naver.com": srv.address, "m.blog.naver.com": srv.address}
        fetcher = HttpFetcher(FetchSettings(page_delay=0, media_delay=0, respect_robots=False, retries=0), resolve=hosts)
        yield srv, fetcher
        fetcher.close()


def test_resolve_matches_by_original_url_then_unique_title(tmp_path, naver):
    srv, fetcher = naver
    with build_archive(tmp_path / "ar") as ar:
        report = resolve(ar, fetcher, naver_blog="tm_fixture", page_size=3)
        stored = load_map(ar)
        assert stored.new_url_for("103") == NAVER + "223100000003"
        assert stored.new_url_for("108") is None
        # links written with the text permalink carry "entry/<decoded slug>" (normalize.html)
        assert stored.new_url_for("entry/" + SLUG_103) == NAVER + "223100000003"
    got = {m.post_id: (m.new_url.rsplit("/", 1)[1], m.method) for m in report.matched}
    assert got == {
        "101": ("223100000001", "original-url"),  # date line only on the mobile page (not in RSS)
        "102": ("223100000002", "title"),  # no date line; its title came through the \' JSON escape
        "103": ("223100000003", "original-url"),  # renamed on Naver; /entry/ slug URL in the date line
        "104": ("223100000004", "original-url"),  # same title as 105, told apart by the date line
        "106": ("223100000007", "original-url"),  # notice: /notice/106
    }
    data = report.to_dict()  # the English text, as --json prints it
    assert data["sources"]["list"] == "ok: 7 post(s)" and data["sources"]["rss"].startswith("ok")
    assert [u.post_id for u in report.ambiguous] == ["105"]
    assert "title not unique" in report.ambiguous[0].reason.english()
    assert {u.post_id for u in report.unmatched} == {"107", "108"}
    assert [n["url"] for n in report.naver_unmatched] == [NAVER + "223100000005", NAVER + "223100000006"]
    assert stored.entries["101"].method == "original-url" and stored.entries["102"].method == "title"
    assert stored.entries["103"].slug == SLUG_103 and "list" in stored.entries["103"].sources
    # RSS posts carried their text: only posts missing from RSS needed their mobile page.
    pages = [u for u in srv.log if "m.blog.naver.com" in u]
    assert sorted(p.rsplit("/", 1)[1] for p in pages) == ["223100000001", "223100000002", "223100000005"]


def test_resolve_is_rerunnable_and_keeps_earlier_matches(tmp_path, naver):
    _, fetcher = naver
    with build_archive(tmp_path / "ar") as ar:
        # An earlier run (or the user) matched 105 by hand; the same Naver post is never reused.
        ar.set_meta("redirects", {"105": {"new_url": NAVER + "223100000005", "method": "manual"}})
        first = resolve(ar, fetcher, naver_blog="tm_fixture", page_size=3)
        second = resolve(ar, fetcher, naver_blog="tm_fixture", page_size=3)
        assert load_map(ar).new_url_for("105") == NAVER + "223100000005"
        # an entry written by hand stays exactly as written when resolve adds its matches
        assert ar.get_meta("redirects")["105"] == {"new_url": NAVER + "223100000005", "method": "manual"}
    assert [k.post_id for k in first.kept] == ["105"]
    assert not second.matched
    assert sorted(k.post_id for k in second.kept) == ["101", "102", "103", "104", "105", "106"]
    assert NAVER + "223100000005" not in [n["url"] for n in second.naver_unmatched]


def test_post_list_500_falls_back_to_rss(tmp_path, naver):
    _, fetcher = naver
    with build_archive(tmp_path / "ar") as ar:
        report = resolve(ar, fetcher, naver_blog="tm_fixture_down", page_size=3)
    assert report.sources["list"].english().startswith("failed on page 1")
    assert any("RSS" in w.english() for w in report.warnings)
    got = {m.post_id: m.method for m in report.matched}
    assert got == {"101": "original-url", "108": "title"}
    assert all(m.new_url.startswith("https://blog.naver.com/tm_fixture_down/2232") for m in report.matched)


def test_naver_urls_file_accepts_every_url_form(tmp_path, naver):
    _, fetcher = naver
    listing = tmp_path / "naver-urls.txt"
    listing.write_text(
        "# my published posts\n"
        "https://m.blog.naver.com/PostView.naver?blogId=tm_fixture&logNo=223100000002\n"
        "http://blog.naver.com/PostView.nhn?blogId=tm_fixture&logNo=223100000004&redirect=Dlog\n"
        "blog.naver.com/tm_fixture/223100000005?fromRss=true&trackingCode=rss\thttps://seodaemun.tistory.com/105\n"
        "https://cafe.naver.com/somewhere/1\n", encoding="utf-8")
    with build_archive(tmp_path / "ar") as ar:
        report = resolve(ar, fetcher, naver_blog=None, naver_urls_file=listing)
    got = {m.post_id: (m.new_url, m.method) for m in report.matched}
    # 102: title from its page; 104: date line on its page; 105: the original URL given in the file
    assert got == {"102": (NAVER + "223100000002", "title"), "104": (NAVER + "223100000004", "original-url"),
                   "105": (NAVER + "223100000005", "original-url")}
    assert any(":5: not a Naver post address" in w.english() for w in report.warnings)


def test_resolve_with_nothing_listed_says_what_to_do(tmp_path, naver):
    _, fetcher = naver
    with build_archive(tmp_path / "ar") as ar, pytest.raises(NothingToDo) as err:
        resolve(ar, fetcher, naver_blog="no_such_blog", page_size=3)
    assert "--naver-urls" in (err.value.hint or "")


def test_verify_lists_published_posts_missing_images(tmp_path, naver):
    _, fetcher = naver
    with build_archive(tmp_path / "ar") as ar:
        report = resolve(ar, fetcher, naver_blog="tm_fixture", page_size=3, verify=True)
    checked = {v.post_id: v for v in report.verified}
    assert set(checked) == {"101", "102", "103", "104", "106"}
    assert [v.post_id for v in report.missing_images] == ["102"]
    assert checked["102"].naver_images == 1 and checked["102"].archive_images == 2
    assert checked["101"].naver_images == 2 and not checked["101"].problems



def test_verify_counts_a_backup_post_the_way_the_export_does(tmp_path, naver):
    # A body from the owner's backup: its pictures are the backup's own ./img/ files, which
    # the backup reader recorded under backup:{id}/…, and a link to another post of the blog.
    _, fetcher = naver
    body = ('<p>남가좌1동 원탁회의 자료입니다.</p><p><img src="./img/x.png" alt="회의"></p>'
            '<figure><img src="./img/y.jpg"></figure><p><a href="/101">앞 글</a>도 읽어 주세요.</p>')
    post = Post(id="109", url="https://seodaemun.tistory.com/109", title="원탁회의 자료 (백업)",
                published="2019-12-20T10:00:00+09:00", body_raw=body, body_source="backup")
    with build_archive(tmp_path / "ar") as ar:
        ar.put_post(post)
        ar.set_meta("redirects", {"109": {"new_url": NAVER + "223100000006", "method": "manual"}})
        report = resolve(ar, fetcher, naver_blog="tm_fixture", page_size=3, verify=True)
        exported = normalize_post(ar.get_post("109"), ar.get_blog().hosts())
    checked = {v.post_id: v for v in report.verified}
    assert [i.identity for i in exported.images] == ["backup:109/img/x.png", "backup:109/img/y.jpg"]
    assert checked["109"].archive_images == len(exported.images) == 2
    assert checked["109"].archive_text == len("".join(exported.text.split())) > 0



def test_matching_is_pure_and_never_by_date():
    old = "https://seodaemun.tistory.com"
    posts = [Post(id="1", url=f"{old}/1", title="첫 글", published="2020-01-01T09:00:00+09:00"),
             Post(id="2", url=f"{old}/2", title="둘째 글", published="2020-01-02T09:00:00+09:00"),
             Post(id="3", url=f"{old}/3", title="셋째 글", published="2020-01-03T09:00:00+09:00"),
             Post(id="4", url=f"{old}/4", title="넷째 글", published="2020-01-04T09:00:00+09:00")]
    naver = [nl.NaverPost("tm", "10", title="새 제목", text=f"본문\n원문: 2020-01-01 · {old}/1 (티스토리에서 옮긴 글)"),
             nl.NaverPost("tm", "11", title="둘째  글"),  # the same title, spaces aside
             nl.NaverPost("tm", "12", title="전혀 다른 글", add_date="2020. 1. 3."),  # only the date agrees with 3
             nl.NaverPost("tm", "13", title="넷째 글")]  # already in the stored map
    got = match_posts(posts, ["seodaemun.tistory.com"], naver, kept={"4"},
                      used_urls={"https://blog.naver.com/tm/13"}, date_line="원문: {date} · {url}", max_title_chars=100)
    assert [(m.post_id, m.new_url.rsplit("/", 1)[1], m.method) for m in got.matched] == [
        ("1", "10", "original-url"), ("2", "11", "title")]
    assert [u.post_id for u in got.unmatched] == ["3"]
    assert [n["url"] for n in got.naver_unmatched] == ["https://blog.naver.com/tm/12"]


# -- the parsers, on their own -------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "https://blog.naver.com/tm_fixture/223100000003",
    "http://blog.naver.com/tm_fixture/223100000003/",
    "blog.naver.com/tm_fixture/223100000003",
    "https://m.blog.naver.com/tm_fixture/223100000003?fromRss=true&trackingCode=rss",
    "https://blog.naver.com/PostView.naver?blogId=tm_fixture&logNo=223100000003",
    "https://blog.naver.com/PostView.nhn?logNo=223100000003&blogId=tm_fixture",
    "https://m.blog.naver.com/PostView.naver?blogId=tm_fixture&logNo=223100000003&navType=by",
    "https://blog.naver.com/tm_fixture?Redirect=Log&logNo=223100000003",
    "https://blog.naver.com/tm_fixture/223100000003#SE-1a2b",
])
def test_every_naver_url_form_gives_the_canonical_url(url):
    assert nl.parse_naver_url(url).url == NAVER + "223100000003"


@pytest.mark.parametrize("url", ["https://blog.naver.com/tm_fixture", "https://cafe.naver.com/x/123456",
                                 "https://blog.naver.com/PostList.naver?blogId=tm_fixture", "", "not a url"])
def test_non_post_urls_are_refused(url):
    assert nl.parse_naver_url(url) is None


def test_post_list_parser_tolerates_escaped_single_quotes():
    text = (FIXTURE / "list" / "tm_fixture-2.json").read_text(encoding="utf-8")
    page = nl.parse_post_list(text, "tm_fixture")
    assert page.ok and page.total_count == 7
    assert [p.title for p in page.posts] == ["원탁회의 후기", "[옮긴 글] 남가좌1동 100인 원탁회의 다녀왔어요",
                                             "협치 서대문 50인 원탁회의 열다! '협치로 만들어가는 서대문'"]
    with pytest.raises(ValueError):
        nl.parse_post_list("<html>blocked</html>", "tm_fixture")


def test_rss_and_post_page_parsers():
    items = nl.parse_rss((FIXTURE / "rss" / "tm_fixture.xml").read_bytes(), "tm_fixture")
    assert [i.log_no for i in items] == ["223100000007", "223100000006", "223100000004", "223100000003"]
    assert "seodaemun.tistory.com/entry/" in items[3].text and items[3].title.startswith("[옮긴 글]")
    page = nl.parse_post_page((FIXTURE / "posts" / "tm_fixture-223100000001.html").read_text(encoding="utf-8"))
    assert page.found_body and page.image_count == 2  # the profile picture outside the body is not counted
    assert page.title == "협치란? 서대문구, 협치 어떻게 할까요?"
    assert page.text.splitlines()[-1] == "원문: 2016-07-05 · https://seodaemun.tistory.com/101 (티스토리에서 옮긴 글)"
    assert SLUG_103 not in page.text


def test_titles_compare_after_normalization():
    assert nl.normalize_title("협치 서대문  50인 ‘원탁회의’") == nl.normalize_title("협치 서대문 50인 'ᄋ원탁회의'".replace("ᄋ", ""))
    assert nl.normalize_title("A&amp;B") == nl.normalize_title("a&b")


def test_the_published_paste_probe_is_never_matched(tmp_path, naver):
    from tistory_migrate.models import Post
    from tistory_migrate.pasteprobe import PROBE_TITLE

    _, fetcher = naver
    listing = tmp_path / "naver-urls.txt"
    listing.write_text(f"https://blog.naver.com/tm_fixture/223100000099\t{PROBE_TITLE}\n"
                       "https://blog.naver.com/tm_fixture/223100000002\n", encoding="utf-8")
    with build_archive(tmp_path / "ar") as ar:
        # even a Tistory post that bears the probe's title (unique on both sides) is not matched to it
        ar.put_post(Post(id="150", url="https://seodaemun.tistory.com/150", title=PROBE_TITLE,
                         published="2020-01-01T09:00:00+09:00", body_raw="<p>x</p>"))
        report = resolve(ar, fetcher, naver_blog=None, naver_urls_file=listing)
    assert {m.post_id for m in report.matched} == {"102"}
    assert all("223100000099" not in n["url"] for n in report.naver_unmatched)
