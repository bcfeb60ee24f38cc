"""Moving to WordPress without a WordPress (issue 16): slugs as WordPress makes them (checked
against WordPress's own ``sanitize_title`` where PHP and Debian's WordPress are installed),
permalink patterns, the WordPress redirect map, links between posts, attachment ids, pictures
gone from Tistory, ``comment_status`` and protected posts. ``test_wordpress_real.py`` imports
the result into a real WordPress."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import lxml.etree
import pytest

from tistory_migrate.errors import UsageError
from tistory_migrate.exporters.base import ExportOptions
from tistory_migrate.exporters.wordpress import Permalinks, SitePlan, site_address, wp_slug
from tistory_migrate.exporters.wxr import first_attachment_id
from tistory_migrate.exporters.wxr_xml import url_file_name
from tistory_migrate.i18n import msg

from support.cli import run_cli
from support.exporters import run_exporter
from support.fixture_blog import IMG_103, build_archive

NS = {"wp": "http://wordpress.org/export/1.2/", "content": "http://purl.org/rss/1.0/modules/content/"}
PHP_SLUG = Path(__file__).resolve().parent / "support" / "wordpress" / "slug.php"
TITLES = ["협치란? 서대문구, 협치 어떻게 할까요?", '"민과 관이 함께 가다" 서대문 협치 일취월장!', "C++ & <협치>",
          "Café déjà vu — naïve façade", "a.b/c d_e", "2016", "「서대문」 소식 · 2023년 – 안내…", "100%  확실한 50% 할인",
          "&nbsp;공백&amp;기호", "이모지 😀 포함", "가" * 80, "ab" * 120, "  ", "‘따옴표’ “큰따옴표” ©®™", "Ｆｕｌｌ ｗｉｄｔｈ ＡＢＣ"]


def _rows(*posts):
    """``Archive.post_addresses()`` rows: (id, kind, status, title, published, url, slug_url, has body)."""
    return [(pid, kind, "public", title, "2020-05-06T07:08:09+09:00", None, None, True) for pid, kind, title in posts]


def test_slug_rules():
    assert wp_slug("협치란? 서대문구") == "%ed%98%91%ec%b9%98%eb%9e%80-%ec%84%9c%eb%8c%80%eb%ac%b8%ea%b5%ac"
    long = wp_slug("가" * 80)
    assert len(long) == 198 and long == "%ea%b0%80" * 22  # 200 encoded characters, cut between characters
    plan = SitePlan.build(_rows(("30", "post", "같은 제목"), ("4", "post", "같은 제목"), ("12", "post", "같은 제목"),
                                ("7", "post", "2016"), ("8", "post", "!!!"), ("9", "post", "feed"), ("10", "notice", "page2")))
    same = wp_slug("같은 제목")
    # unique in post-number order, whatever the order the rows come in
    assert [plan.slug(i) for i in ("4", "12", "30")] == [same, same + "-2", same + "-3"]
    assert (plan.slug("7"), plan.slug("8"), plan.slug("9"), plan.slug("10")) == ("post-7", "post-8", "feed-2", "post-10")
    long_plan = SitePlan.build(_rows(("1", "post", "가" * 80), ("2", "post", "가" * 80)))
    assert long_plan.slug("2") == "%ea%b0%80" * 22 + "-2"  # 198 + "-2": WordPress's _truncate_post_slug limit
    longer = SitePlan.build(_rows(("1", "post", "a" * 300), ("2", "post", "a" * 300)))
    assert longer.slug("1") == "a" * 200 and longer.slug("2") == "a" * 198 + "-2"


def test_slugs_equal_wordpress_sanitize_title():
    php = shutil.which("php")
    if not php or not Path("/usr/share/wordpress/wp-includes/formatting.php").is_file():
        if os.environ.get("TM_REQUIRE_TOOLS") == "1":
            pytest.fail("TM_REQUIRE_TOOLS=1 but php or Debian's wordpress is missing (apt-get install php-cli wordpress)")
        pytest.skip("needs php and Debian's wordpress (apt-get install php-cli php-mbstring wordpress)")
    done = subprocess.run([php, str(PHP_SLUG)], input="\n".join(TITLES) + "\n", capture_output=True, text=True,
                          encoding="utf-8", check=True)
    assert done.stdout.splitlines() == [wp_slug(t) for t in TITLES]
    # and WordPress keeps a slug made here as it is (it sanitizes the imported post_name again)
    again = subprocess.run([php, str(PHP_SLUG)], input="\n".join(wp_slug(t) for t in TITLES) + "\n",
                           capture_output=True, text=True, encoding="utf-8", check=True)
    assert again.stdout.splitlines() == [wp_slug(t) for t in TITLES]


@pytest.mark.parametrize(("pattern", "post", "page"), [
    (None, "/112/", "/notice-slug/"),
    ("/%postname%/", "/slug/", "/notice-slug/"),
    ("/%year%/%monthnum%/%day%/%postname%", "/2020/05/06/slug", "/notice-slug"),
    ("/archives/%post_id%.html", "/archives/112.html", "/notice-slug"),
    ("?p=%post_id%", "/?p=112", "/?page_id=172"),
    ("/?p=%post_id%", "/?p=112", "/?page_id=172"),
])
def test_permalink_patterns(pattern, post, page):
    links = Permalinks.parse(pattern)
    assert links.post_path(112, "slug", "post", "2020-05-06 07:08:09") == post
    assert links.post_path(172, "notice-slug", "page", "2020-05-06 07:08:09") == page


def test_permalinks_without_a_date_fall_back_to_the_id():
    assert Permalinks.parse("/%year%/%postname%/").post_path(5, "s", "post", None) == "/?p=5"


@pytest.mark.parametrize("pattern", ["/%category%/%postname%/", "/%author%/%post_id%/", "/%year%/", "%postname%",
                                     "/%postname%?x=1", "/%post_id%/%hour%/", "/%post_id% /"])
def test_other_permalink_patterns_are_usage_errors(pattern):
    with pytest.raises(UsageError):
        Permalinks.parse(pattern)


@pytest.mark.parametrize("url", ["wp.example.org", "ftp://wp.example.org", "https://wp.example.org/?x=1", "https://"])
def test_site_address_must_be_http(url):
    with pytest.raises(UsageError):
        site_address(url)


def test_bad_pattern_exits_2_before_writing(tmp_path):
    with build_archive(tmp_path / "ar"):
        pass
    result = run_cli(["export", tmp_path / "ar", "-f", "wxr", "-o", tmp_path / "out", "--wordpress-url", "https://wp.example.org",
                      "--wordpress-permalinks", "/%category%/%postname%/"])
    assert result.code == 2 and "%category%" in result.err
    assert not (tmp_path / "out").exists()


def test_file_names_in_attachment_urls_keep_hangul():
    assert url_file_name("112-01-원탁회의 토론.jpg") == "112-01-원탁회의 토론.jpg"
    assert url_file_name("a#b?c%d&e\"f.png") == "a%23b%3Fc%25d%26e%22f.png"


def _wxr(tmp_path, name="out", **options):
    with build_archive(tmp_path / name / "ar") as ar:
        ar.set_meta("redirects", {"101": {"new_url": "https://blog.naver.com/tm_fixture/223100000001", "method": "original-url"}})
        summary = run_exporter(ar, "wxr", tmp_path / name / "out", options=ExportOptions(**options))
    out = tmp_path / name / "out" / "wxr"
    return summary, out


def _items(path: Path):
    root = lxml.etree.parse(str(path)).getroot()
    return root.findall("channel/item")


def test_links_between_posts_go_to_wordpress_before_naver(tmp_path):
    _, out = _wxr(tmp_path, wordpress_url="https://new.example.org/blog/", wordpress_permalinks="/%postname%/")
    body = next(i.findtext("content:encoded", namespaces=NS) for i in _items(out / "seodaemun.xml")
                if i.findtext("wp:post_id", namespaces=NS) == "103")
    slug = wp_slug("협치란? 서대문구, 협치 어떻게 할까요?")
    assert f'<a href="https://new.example.org/blog/{slug}/">협치란?</a>' in body
    assert "blog.naver.com" not in body


def test_attachment_ids_start_above_the_posts_and_do_not_depend_on_parts(tmp_path):
    assert first_attachment_id([108]) == 20_000 and first_attachment_id([9_999]) == 20_000
    assert first_attachment_id([10_000]) == 30_000 and first_attachment_id([123_456]) == 140_000

    def ids(out: Path) -> dict[str, str]:
        return {i.findtext("wp:attachment_url", namespaces=NS): i.findtext("wp:post_id", namespaces=NS)
                for p in sorted(out.glob("*.xml")) for i in _items(p) if i.findtext("wp:post_type", namespaces=NS) == "attachment"}

    base = "https://media.example.org/m"
    _, one = _wxr(tmp_path, "one", media_base_url=base)
    _, parts = _wxr(tmp_path, "parts", media_base_url=base, max_items=2)
    _, again = _wxr(tmp_path, "again", media_base_url=base)
    assert ids(one) == ids(parts) == ids(again)
    assert sorted(ids(one).values()) == [str(20_000 + n) for n in range(len(ids(one)))]


def test_a_picture_gone_from_tistory_is_a_note(tmp_path):
    with build_archive(tmp_path / "ar") as ar:
        ar.put_media_failure(IMG_103.identity, IMG_103.original_url, "missing",
                             msg("HTTP {status}: the file is gone from Tistory's servers", status=410))
        summary = run_exporter(ar, "wxr", tmp_path / "out", options=ExportOptions(media_base_url="https://m.example.org"))
    items = _items(tmp_path / "out" / "wxr" / "seodaemun.xml")
    assert not [i for i in items if i.findtext("wp:post_parent", namespaces=NS) == "103"]
    body = next(i.findtext("content:encoded", namespaces=NS) for i in items if i.findtext("wp:post_id", namespaces=NS) == "103")
    assert "[사진 없음: 티스토리 서버에서 지워진 사진입니다]" in body and IMG_103.original_url not in body
    gone = [w for w in summary.to_dict()["warnings"] if "gone from Tistory" in w]
    assert len(gone) == 1 and "103 #01" in gone[0] and IMG_103.original_url in gone[0]


def test_comment_status_follows_the_source_and_protected_posts_are_listed(tmp_path):
    with build_archive(tmp_path / "ar") as ar:
        post = ar.get_post("101")
        post.extra["accept_comment"] = True
        ar.put_post(post)
        protected = ar.get_post("102")
        protected.status = "protected"
        ar.put_post(protected)
        summary = run_exporter(ar, "wxr", tmp_path / "out")
    items = {i.findtext("wp:post_id", namespaces=NS): i for i in _items(tmp_path / "out" / "wxr" / "seodaemun.xml")}
    assert items["101"].findtext("wp:comment_status", namespaces=NS) == "open"
    assert items["104"].findtext("wp:comment_status", namespaces=NS) == "closed"  # the source says nothing
    assert items["102"].findtext("wp:status", namespaces=NS) == "private"
    assert any("protected post(s) are imported as private" in w and "102" in w for w in summary.to_dict()["warnings"])


def test_an_archive_without_accept_comment_exports_closed(tmp_path):
    """Archives written before ``accept_comment`` was stored have no such key: comments closed."""
    with build_archive(tmp_path / "ar") as ar:
        post = ar.get_post("101")
        assert "accept_comment" not in post.extra
        run_exporter(ar, "wxr", tmp_path / "out")
    items = _items(tmp_path / "out" / "wxr" / "seodaemun.xml")
    assert {i.findtext("wp:comment_status", namespaces=NS) for i in items} == {"closed"}


def test_legacy_backup_stores_accept_comment(tmp_path):
    from support.paths import FIXTURES

    result = run_cli(["scrape", "--backup", FIXTURES / "backups" / "legacy-seodaemun.xml", "-o", tmp_path / "ar", "--quiet"])
    assert result.code in (0, 1), result.text
    result = run_cli(["export", tmp_path / "ar", "-f", "wxr", "-o", tmp_path / "out", "--quiet"])
    assert result.code == 0, result.text
    items = {i.findtext("wp:post_id", namespaces=NS): i for i in _items(next((tmp_path / "out" / "wxr").glob("*.xml")))}
    assert items["11"].findtext("wp:comment_status", namespaces=NS) == "open"
    assert len(items["11"].findall("wp:comment", NS)) == 2


def test_redirects_with_wordpress_url_writes_the_wordpress_map_beside(tmp_path):
    with build_archive(tmp_path / "ar") as ar:
        run_exporter(ar, "redirects", tmp_path / "plain")
        run_exporter(ar, "redirects", tmp_path / "wp", options=ExportOptions(wordpress_url="https://wp.example.org"))
    assert sorted(p.name for p in (tmp_path / "plain" / "redirects").iterdir()) == ["redirects.csv"]
    folder = tmp_path / "wp" / "redirects"
    assert sorted(p.name for p in folder.iterdir()) == ["redirects.csv", "wordpress-redirects.csv"]
    assert (folder / "redirects.csv").read_bytes() == (tmp_path / "plain" / "redirects" / "redirects.csv").read_bytes()
    text = (folder / "wordpress-redirects.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeffold_path,wordpress_url,post_id,form,title\r\n")
    rows = list(csv.DictReader(text.lstrip("\ufeff").splitlines()))
    assert {r["post_id"] for r in rows} == {"101", "102", "103", "104", "105", "106", "108"}
    by_path = {r["old_path"]: r["wordpress_url"] for r in rows}
    assert by_path["/101"] == by_path["/m/101"] == "https://wp.example.org/101/"
    assert "/107" not in by_path  # protected without a body: not in the WXR, no WordPress address
    assert by_path["/104"] == "https://wp.example.org/104/"  # /%post_id%/ keeps the number
    assert by_path["/notice/106"] == f"https://wp.example.org/{wp_slug('티스토리 블로그 운영을 종료합니다')}/"  # a page


def test_the_gone_note_keeps_the_text_after_the_picture():
    import lxml.html

    from tistory_migrate.exporters.wxr import WxrExporter

    root = lxml.html.fragment_fromstring('<div><figure data-tm-image="0"><img src="x" alt="캡션 글">'
                                         '</figure>뒤의 글</div>')
    WxrExporter._gone_note(root[0])
    assert lxml.html.tostring(root, encoding="unicode") == "<div><p>[사진 없음: 티스토리 서버에서 지워진 사진입니다] 캡션 글</p>뒤의 글</div>"
