"""``export --format wxr``: strict XML, WordPress importer rules, golden file, a real consumer.

The blog is ``support.fixture_blog`` (hand-written normalized bodies, so the
golden file only moves when the WXR writer does). One test runs the real ``normalize_body``
through ``pipeline.export`` on the raw Tistory bodies.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
import pytest

from tistory_migrate.exporters.base import ExportOptions
from tistory_migrate.pipeline import export as run_export
from tistory_migrate.exporters.wxr_xml import cdata, importable_url, xml_clean
from tistory_migrate.settings import Settings

from support.exporters import run_exporter
from support.fixture_blog import OLD, build_archive

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
}
GOLDEN = Path(__file__).resolve().parent / "golden" / "wxr"
BASE = "https://media.example.org/seodaemun"


def strict(path: Path) -> lxml.etree._Element:
    """Parse with recovery off: one stray byte and this raises."""
    parser = lxml.etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=True)
    return lxml.etree.parse(str(path), parser).getroot()


def items(root, post_type=None):
    out = root.findall("channel/item")
    if post_type:
        out = [i for i in out if i.findtext("wp:post_type", namespaces=NS) == post_type]
    return out


def wp(item, name):
    return item.findtext(f"wp:{name}", namespaces=NS)


def export(tmp_path, **options):
    with build_archive(tmp_path / "ar") as ar:
        summary = run_exporter(ar, "wxr", tmp_path / "out", options=ExportOptions(**options))
    return summary, tmp_path / "out" / "wxr"


def test_wxr_follows_the_wordpress_importer_rules(tmp_path):
    summary, out = export(tmp_path)
    root = strict(out / "seodaemun.xml")
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert {k: v for k, v in root.nsmap.items()} == NS
    channel = root.find("channel")
    assert wp(channel, "wxr_version") == "1.2"
    assert wp(channel, "base_site_url") == OLD and wp(channel, "base_blog_url") == OLD
    logins = {a.findtext("wp:author_login", namespaces=NS) for a in channel.findall("wp:author", NS)}
    assert logins == {"seodaemun"}  # the Korean author name leaves no ASCII: the blog's name is the login
    assert all(i.findtext("dc:creator", namespaces=NS) in logins for i in items(root))

    # categories: parents first, category_parent = the parent's slug
    seen: dict[str, str] = {}
    for cat in channel.findall("wp:category", NS):
        parent = wp(cat, "category_parent")
        assert not parent or parent in seen, "a child category came before its parent"
        seen[wp(cat, "category_nicename")] = wp(cat, "cat_name")
    assert sorted(seen.values()) == sorted(["협치", "원탁회의", "성과 공유", "소식"])
    tags = {wp(t, "tag_name") for t in channel.findall("wp:tag", NS)}
    assert tags == {"협치", "원탁회의", "서대문구", "명랑거북이", "C++ & <협치>"}

    posts = {wp(i, "post_id"): i for i in items(root) if wp(i, "post_type") in ("post", "page")}
    assert set(posts) == {"101", "102", "103", "104", "105", "106", "108"}  # 107: protected, no body
    assert summary.skipped == {"no body (protected or not fetched)": 1}
    p101 = posts["101"]
    assert p101.findtext("title") == "협치란? 서대문구, 협치 어떻게 할까요?"
    assert wp(p101, "post_date") == "2016-07-05 10:20:00" and wp(p101, "post_date_gmt") == "2016-07-05 01:20:00"
    assert p101.findtext("pubDate") == "Tue, 05 Jul 2016 01:20:00 +0000"
    assert wp(p101, "status") == "publish" and wp(p101, "post_type") == "post"
    assert wp(p101, "post_name").startswith("%ed%98%91%ec%b9%98%eb%9e%80-")  # slug, like WordPress stores Hangul
    assert wp(posts["104"], "post_name") == "%ec%9b%90%ed%83%81%ed%9a%8c%ec%9d%98-%ed%9b%84%ea%b8%b0"  # 원탁회의 후기
    assert not any(wp(p, "post_name").isdigit() for p in posts.values())  # WordPress would rename a number
    assert wp(posts["106"], "post_type") == "page"  # notice
    cats = [(c.get("domain"), c.text) for c in p101.findall("category")]
    assert cats == [("category", "원탁회의"), ("post_tag", "협치"), ("post_tag", "원탁회의"), ("post_tag", "서대문구")]
    assert all(c.get("nicename") for c in p101.findall("category"))
    assert p101.findtext("excerpt:encoded", namespaces=NS).startswith("협치가 뭐예요?")

    # comments from the legacy backup, replies pointing at their parent
    comments = p101.findall("wp:comment", NS)
    assert [(wp(c, "comment_id"), wp(c, "comment_parent"), wp(c, "comment_author")) for c in comments] == [
        ("1", "0", "주민1"), ("2", "1", "서대문구청")]
    assert wp(comments[1], "comment_date") == "2016-07-06 10:30:00"

    # what XML writers get wrong: "]]>" inside CDATA, forbidden characters, & and <
    p108 = posts["108"]
    body = p108.findtext("content:encoded", namespaces=NS)
    assert "a[b[0]]&gt;c" in body and "\x0b" not in body
    for item in items(root):
        assert "data-tm-" not in (item.findtext("content:encoded", namespaces=NS) or "")


def test_attachments_without_media_base_url(tmp_path):
    summary, out = export(tmp_path)
    root = strict(out / "seodaemun.xml")
    posts = {wp(i, "post_id"): i for i in items(root, "post")}
    atts = items(root, "attachment")
    by_parent: dict[str, list[str]] = {}
    for a in atts:
        assert wp(a, "post_parent") in posts, "an attachment must belong to a post of the file"
        assert wp(a, "status") == "inherit"
        by_parent.setdefault(wp(a, "post_parent"), []).append(wp(a, "attachment_url"))
    # kakaocdn dn originals already qualify; cfile ?original and the signed pdf become media/<name>
    assert by_parent["101"] == ["https://blog.kakaocdn.net/dn/bq1Wx/btqAbC/kQ2x/img.jpg", "media/101-02-image.jpg"]
    assert by_parent["102"] == ["https://blog.kakaocdn.net/dn/cZ9y/btqXyZ/Ab12/img.png",
                                "media/102-01-50%EC%9D%B8%20%EC%9B%90%ED%83%81%ED%9A%8C%EC%9D%98%20%EC%9E%90%EB%A3%8C%EC%A7%91.pdf"]
    assert any("--media-base-url" in w for w in summary.to_dict()["warnings"])
    assert any("never downloaded" in w for w in summary.to_dict()["warnings"])  # the expired dna image
    body102 = posts["102"].findtext("content:encoded", namespaces=NS)
    assert 'src="https://blog.kakaocdn.net/dna/x1/y2/AAAAAAAA/img.jpg?credential=abc' in body102  # kept as it was
    # every file the XML names is in media/, with readable names unique across the folder
    names = sorted(p.name for p in (out / "media").iterdir())
    assert names == ["101-01-원탁회의.jpg", "101-02-image.jpg", "102-01-50인 원탁회의 자료집.pdf",
                     "102-01-명랑거북이 토론회.png", "103-01-남가좌1동.jpg"]


def test_attachments_with_media_base_url_are_all_importable(tmp_path):
    summary, out = export(tmp_path, media_base_url=BASE + "/")
    root = strict(out / "seodaemun.xml")
    urls = [wp(a, "attachment_url") for a in items(root, "attachment")]
    assert len(urls) == 5
    for url in urls:
        # WordPress's importer rule: a file extension at the end, no query string
        assert url.startswith(BASE + "/") and importable_url(url), url
        assert (out / "media" / _unquote(urlsplit(url).path.rsplit("/", 1)[1])).is_file()
    for item in items(root, "post"):
        body = item.findtext("content:encoded", namespaces=NS)
        for src in re.findall(r'<img src="([^"]+)"', body):
            assert src.startswith(BASE) or "kakaocdn.net/dna/" in src  # the one never-downloaded image
    assert not any("--media-base-url" in w for w in summary.to_dict()["warnings"])


def _unquote(s: str) -> str:
    from urllib.parse import unquote

    return unquote(s)


def test_internal_links_point_at_resolved_new_urls(tmp_path):
    with build_archive(tmp_path / "ar") as ar:
        ar.set_meta("redirects", {"101": {"new_url": "https://blog.naver.com/tm_fixture/223100000001", "method": "original-url"}})
        run_exporter(ar, "wxr", tmp_path / "out")
    root = strict(tmp_path / "out" / "wxr" / "seodaemun.xml")
    body = next(wp(i, "post_id") == "103" and i.findtext("content:encoded", namespaces=NS) for i in items(root, "post")
                if wp(i, "post_id") == "103")
    assert '<a href="https://blog.naver.com/tm_fixture/223100000001">협치란?</a>' in body


def test_max_items_splits_into_numbered_files(tmp_path):
    _, out = export(tmp_path, max_items=3, media_base_url=BASE)
    files = sorted(p.name for p in out.glob("*.xml"))
    assert files == ["seodaemun-1.xml", "seodaemun-2.xml", "seodaemun-3.xml"]
    counts, all_posts = [], []
    for name in files:
        root = strict(out / name)
        assert wp(root.find("channel"), "wxr_version") == "1.2"
        post_ids = {wp(i, "post_id") for i in items(root) if wp(i, "post_type") != "attachment"}
        assert {wp(a, "post_parent") for a in items(root, "attachment")} <= post_ids  # attachments travel with their post
        counts.append(len(post_ids))
        all_posts += post_ids
    assert counts == [3, 3, 1] and len(set(all_posts)) == 7
    assert not list(out.glob(".items-*"))


def test_wxr_matches_golden_and_is_deterministic(tmp_path):
    _, out = export(tmp_path / "a", media_base_url=BASE)
    _, again = export(tmp_path / "b", media_base_url=BASE)
    data = (out / "seodaemun.xml").read_bytes()
    assert data == (again / "seodaemun.xml").read_bytes()
    golden = GOLDEN / "seodaemun.xml"
    if os.environ.get("TM_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert golden.is_file(), "no golden file yet: run with TM_REGEN_GOLDEN=1"
    assert data.decode("utf-8") == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("text", ["]]>", "a]]>b]]>c", "]]]]>", "x]]", "\x00\x0b\x1f ok \ufffe", "\ud800"])
def test_cdata_survives_anything(text):
    doc = f"<r>{cdata(text)}</r>".encode("utf-8", "surrogatepass")
    got = lxml.etree.fromstring(doc, lxml.etree.XMLParser(recover=False)).text or ""
    assert got == xml_clean(text)


def test_with_the_real_normalizer(tmp_path):
    """The raw Tistory bodies through pipeline.export (normalize_body, then every format)."""
    with build_archive(tmp_path / "ar") as ar:
        summaries = run_export(ar, ["wxr", "redirects"], tmp_path / "out", Settings(), ExportOptions(media_base_url=BASE))
    assert [s.format for s in summaries] == ["wxr", "redirects"]
    root = strict(tmp_path / "out" / "wxr" / "seodaemun.xml")
    bodies = {wp(i, "post_id"): i.findtext("content:encoded", namespaces=NS) for i in items(root, "post")}
    assert "data-tm-" not in "".join(bodies.values())
    assert bodies["101"].count("<img") == 2 and f'src="{BASE}/101-01-' in bodies["101"]
    assert len(items(root, "attachment")) >= 4


def test_normalizer_survives_control_characters(tmp_path):
    with build_archive(tmp_path / "ar") as ar:
        run_export(ar, ["wxr"], tmp_path / "out", Settings(), ExportOptions(ids=["108"]))
    root = strict(tmp_path / "out" / "wxr" / "seodaemun.xml")
    assert "끝 &amp; 마무리" in root.findtext("channel/item/content:encoded", namespaces=NS)


# -- a real WXR consumer -------------------------------------------------------------------------


def _tools_or_skip():
    pelican = shutil.which("pelican-import") or (str(Path(os.sys.executable).parent / "pelican-import")
                                                  if (Path(os.sys.executable).parent / "pelican-import").exists() else None)
    missing = [name for name, found in (("pelican-import", pelican), ("pandoc", shutil.which("pandoc"))) if not found]
    if missing:
        if os.environ.get("TM_REQUIRE_TOOLS") == "1":
            pytest.fail(f"TM_REQUIRE_TOOLS=1 but {', '.join(missing)} is missing (pip install pelican; apt-get install pandoc)")
        pytest.skip(f"{', '.join(missing)} not installed")
    return pelican


def test_pelican_imports_every_published_post(tmp_path):
    pelican = _tools_or_skip()
    _, out = export(tmp_path, media_base_url=BASE)
    dest = tmp_path / "pelican"
    proc = subprocess.run([pelican, "--wpfile", "-m", "markdown", "-o", str(dest), str(out / "seodaemun.xml")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    files = {p.name: p.read_text(encoding="utf-8") for p in dest.glob("*.md")}
    expected = {  # id -> (title, date, category, tags, a sentence of the body)
        "101": ("협치란? 서대문구, 협치 어떻게 할까요?", "2016-07-05 10:20", "원탁회의", ["협치", "원탁회의", "서대문구"], "민과 관이 함께 모여"),
        "102": ("협치 서대문 50인 원탁회의 열다! '협치로 만들어가는 서대문'", "2017-05-20 14:05", "원탁회의",
                ["원탁회의", "명랑거북이"], "명랑거북이 토론회"),
        "103": ("소통과 신뢰의 협치서대문! 남가좌1동 '100인 원탁회의'를 다녀와서", "2017-06-26 18:00", "협치", ["원탁회의"],
                "남가좌1동 주민센터"),
        "104": ("원탁회의 후기", "2017-09-01 09:00", "소식", [], "주민 150여 명이"),
        "108": ("민과 관이 함께하는 협치 성과 공유파티", "2019-12-16 11:11", "성과 공유", ["협치", "C++ & <협치>"], "끝 & 마무리"),
    }
    for pid, (title, date, category, tags, sentence) in expected.items():
        hits = [text for text in files.values() if f"Title: {title}" in text and f"Date: {date}" in text]
        assert len(hits) == 1, f"post {pid} did not come through pelican ({sorted(files)})"
        text = hits[0]
        assert f"Category: {category}" in text
        if tags:
            assert "Tags: " + ", ".join(tags) in text
        assert sentence in text
    assert len([t for t in files.values() if "Status: published" in t or "Title:" in t]) >= 6


# -- always well-formed, whatever the text -------------------------------------------------------

from hypothesis import HealthCheck, given, settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_any_text, category=_any_text | st.sampled_from(["/", " / ", "a//b", "]]>/<x>"]), tag=_any_text,
       body=_any_text, comment=_any_text)
def test_any_text_gives_well_formed_wxr(tmp_path_factory, title, category, tag, body, comment):
    from html import escape

    from tistory_migrate.archive import Archive
    from tistory_migrate.exporters.base import ExportContext
    from tistory_migrate.exporters.wxr import WxrExporter
    from tistory_migrate.models import Post

    from support.fixture_blog import BLOG, Body

    root = tmp_path_factory.mktemp("any")
    with Archive.open(root / "ar", create=True) as ar:
        ar.set_blog(BLOG)
        post = Post(id="7", url=f"{OLD}/7", title=title, category=category, tags=[tag], body_raw="<p>x</p>",
                    published="2020-01-02T03:04:05+09:00", extra={"comments": [{"author": comment, "body": comment, "parent": None}]})
        ctx = ExportContext(archive=ar, out_dir=root / "out" / "wxr", settings=Settings(), options=ExportOptions(), blog=BLOG)
        exporter = WxrExporter(ctx)
        exporter.start()
        exporter.export_post(post, Body(html=f"<p>{escape(xml_clean(body))}</p>", text=body))
        exporter.finish()
    doc = strict(root / "out" / "wxr" / "seodaemun.xml")
    item = items(doc)[0]
    assert (item.findtext("title") or "") == xml_clean(title)
    assert (wp(item.find("wp:comment", NS), "comment_content") or "") == xml_clean(comment)
