"""The paste probe (issue 13): the probe bundle every Naver export writes, `tistory-migrate probe`
reading the published post (fixtures/naver/probe/, see its README for what is documented and
what assumed), the result stored with the archive, and the next export choosing by it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tistory_migrate.archive import Archive
from tistory_migrate.errors import NothingToDo
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.pasteprobe import ELEMENTS, FLATTENED, META_KEY, MISSING, PROBE_TAG, SURVIVED, load
from tistory_migrate.pasteprobe.page import read_probe_page

from support.cli import run_cli
from support.naver import BLOG, post

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "naver" / "probe"
NB = "\u00a0"


def page(name: str) -> str:
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


def test_every_element_survived():
    assert read_probe_page(page("survived")) == {key: SURVIVED for key in ELEMENTS}


def test_every_element_flattened():
    want = {key: FLATTENED for key in ELEMENTS}
    want["image"] = MISSING  # a picture that did not arrive is not "flattened"
    assert read_probe_page(page("flattened")) == want


# One component taken out of the "survived" page at a time: only that element changes.
REMOVALS = {
    "list": [('<ul class="se-text-list se-text-list-type-bullet-disc"><li class="se-text-list-item">'
              '<p class="se-text-paragraph"><span class="se-fs-">확인 목록', '<div><li><p class="se-text-paragraph">'
              '<span class="se-fs-">확인 목록')],
    "nested-list": [('<ul class="se-text-list se-text-list-type-bullet-circle">', "<ul>")],
    "code": [("se-code ", "se-text ")],
    "quote": [("se-quotation ", "se-text ")],
    "table-merged": [(' colspan="2"', ""), (' rowspan="2"', "")],
    "styles": [("color:#ee2323;", "color:#333333;"), ("background-color:#fff593;", ""), ("se-fs-fs24", "se-fs-fs15")],
    "heading": [("se-sectionTitle", "se-text")],
    "link-card": [("se-oglink ", "se-text ")],
    "image": [("se-image ", "se-text "), ("se-image-resource", "x")],
}


@pytest.mark.parametrize("element", sorted(REMOVALS))
def test_each_element_is_measured_on_its_own(element):
    text = page("survived")
    for old, new in REMOVALS[element]:
        assert old in text, old
        text = text.replace(old, new)
    got = read_probe_page(text)
    assert got[element] in (FLATTENED, MISSING)
    assert {k: v for k, v in got.items() if k != element} == {k: SURVIVED for k in ELEMENTS if k != element}


@pytest.mark.parametrize("name, words", [("not-probe", "not the probe post"), ("desktop-frame", "SmartEditor ONE")])
def test_a_page_that_is_not_the_published_probe_is_refused(name, words):
    with pytest.raises(NothingToDo) as exc:
        read_probe_page(page(name))
    assert words in exc.value.message


def make_archive(root: Path) -> Path:
    body = ("<p>앞</p><ul><li>가</li><li>나</li></ul><ul><li>바깥<ul><li>안쪽</li></ul></li></ul>"
            "<pre>def f():\n    return 1</pre><h2>제목</h2><p>뒤</p>")
    with Archive.open(root, create=True) as ar:
        ar.set_blog(BLOG)
        ar.put_post(post("5", "목록과 코드", "2020-01-01T09:00:00+09:00", body_raw=body))
    return root


def exported_body(archive: Path, out: Path) -> str:
    r = run_cli(["export", str(archive), "-f", "naver", "-o", str(out), "--quiet"])
    assert r.code == 0, r.out + r.err
    return (out / "naver" / "posts" / "01-5" / "body.html").read_text(encoding="utf-8")


def test_probe_from_file_is_stored_and_the_next_export_uses_it(tmp_path):
    archive = make_archive(tmp_path / "A")
    before = exported_body(archive, tmp_path / "before")
    assert "<ul>" not in before and "<pre>" not in before and "<p>• 가</p>" in before
    assert f"<p>{NB * 4}return 1</p>" in before

    r = run_cli(["probe", str(archive), "--from-file", str(PAGES / "survived.html")])
    assert r.code == 0, r.out + r.err
    assert "se-quotation" in r.out and "survived" in r.out and "Flat lists will be pasted as Naver lists" in r.out
    with Archive.open(archive, readonly=True) as ar:
        stored = load(ar)
    assert stored is not None and stored.elements == {k: SURVIVED for k in ELEMENTS}

    after = exported_body(archive, tmp_path / "after")
    assert "<ul>\n<li>가</li>\n<li>나</li>\n</ul>" in after or "<ul><li>가</li><li>나</li></ul>" in after
    assert f"<p>• 바깥</p>\n<p>{NB * 6}◦ 안쪽</p>" in after  # nested lists never go native
    assert "<pre>def f():\n    return 1</pre>" in after

    r = run_cli(["probe", str(archive), "--from-file", str(PAGES / "flattened.html"), "--json"])
    assert r.code == 0 and json.loads(r.out)["elements"]["list"] == FLATTENED
    assert exported_body(archive, tmp_path / "again") == before


def test_probe_in_korean_shows_the_table_translated(tmp_path):
    archive = make_archive(tmp_path / "A")
    r = run_cli(["--lang", "ko", "probe", str(archive), "--from-file", str(PAGES / "flattened.html")])
    assert r.code == 0, r.out + r.err
    assert "붙여넣기 확인" in r.out and "일반 글로 바뀜" in r.out and "보관 폴더에 저장했습니다" in r.out


def test_probe_from_naver_url_reads_the_mobile_page_through_the_fetcher(tmp_path):
    site = tmp_path / "naver"
    site.mkdir()
    shutil.copy(PAGES / "survived.html", site / "probe.html")
    (site / "urls.tsv").write_text("https://m.blog.naver.com/tm_probe/223100000099\tprobe.html\t200\t"
                                   "Content-Type: text/html;charset=UTF-8\n", encoding="utf-8")
    archive = make_archive(tmp_path / "A")
    with FixtureServer([site]) as srv:
        r = run_cli(["probe", str(archive), "--naver-url", "https://blog.naver.com/tm_probe/223100000099?fromRss=true",
                     "--resolve", f"m.blog.naver.com={srv.address}"])
        log = list(srv.log)
    assert r.code == 0, r.out + r.err
    assert log == ["https://m.blog.naver.com/tm_probe/223100000099"]
    with Archive.open(archive, readonly=True) as ar:
        assert load(ar).source == "https://blog.naver.com/tm_probe/223100000099"


def test_an_archive_of_the_previous_version_opens_and_gets_the_probe_in_place(tmp_path):
    """The previous version's archive: the same schema, no ``paste_probe`` key (written here with
    plain SQL, as that version left it). It exports without a probe, takes one in place, and a
    damaged value reads as no probe, never an error."""
    archive = make_archive(tmp_path / "A")
    db = archive / "archive.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM meta WHERE key=?", (META_KEY,))
        keys_before = {k for (k,) in conn.execute("SELECT key FROM meta")}
    assert "<p>• 가</p>" in exported_body(archive, tmp_path / "old")
    assert run_cli(["probe", str(archive), "--from-file", str(PAGES / "survived.html")]).code == 0
    with sqlite3.connect(db) as conn:
        keys_after = {k for (k,) in conn.execute("SELECT key FROM meta")}
        conn.execute("UPDATE meta SET value=? WHERE key=?", ('"not a record"', META_KEY))
    assert keys_after == keys_before | {META_KEY}
    assert "<p>• 가</p>" in exported_body(archive, tmp_path / "damaged")


def test_probe_bundle_is_written_apart_from_the_posts(tmp_path):
    archive = make_archive(tmp_path / "A")
    out = tmp_path / "out"
    exported_body(archive, out)
    naver = out / "naver"
    probe = naver / "posts" / "00-probe"
    assert sorted(p.name for p in probe.iterdir()) == ["NOTES.md", "body.html", "body.txt", "images", "title.txt"]
    body = (probe / "body.html").read_text(encoding="utf-8")
    assert PROBE_TAG in body and "<ul><li>바깥 항목<ul>" in body and "<pre>def probe():\n    return 1</pre>" in body
    assert 'colspan="2"' in body and 'rowspan="2"' in body and "<blockquote>" in body and "<h2>" in body
    assert 'style="color:#ee2323"' in body and "<p>https://www.naver.com/</p>" in body and "[사진 01] 01-probe.png" in body
    assert (probe / "images" / "01-probe.png").read_bytes().startswith(b"\x89PNG")
    plan = (naver / "plan.csv").read_text(encoding="utf-8-sig")
    assert "probe" not in plan and "확인용" not in plan
    index = (naver / "index.html").read_text(encoding="utf-8")
    assert "먼저 확인하기" in index and "posts/00-probe/NOTES.md" in index
    data = index.split('id="tm-data">', 1)[1]
    assert "00-probe" not in data  # not a post of the page: not numbered, not counted

    r = run_cli(["export", str(archive), "-f", "naver", "-o", str(out), "--ids", "5", "--quiet"])
    assert r.code == 0 and (probe / "body.html").read_text(encoding="utf-8") == body  # --ids leaves it as it is


def test_probe_command_errors_are_messages_with_exit_codes(tmp_path):
    archive = make_archive(tmp_path / "A")
    both = run_cli(["probe", str(archive), "--naver-url", "https://blog.naver.com/a/1", "--from-file", "x.html"])
    assert both.code == 2 and "Give either" in both.err
    neither = run_cli(["probe", str(archive)])
    assert neither.code == 2
    not_naver = run_cli(["probe", str(archive), "--naver-url", "https://evil.example/a/1"])
    assert not_naver.code == 2 and "is not the address of a Naver blog post" in not_naver.err
    wrong = run_cli(["probe", str(archive), "--from-file", str(PAGES / "not-probe.html")])
    assert wrong.code == 4 and "not the probe post" in wrong.err
    with Archive.open(archive, readonly=True) as ar:
        assert load(ar) is None  # nothing stored by a refused page


def test_link_cards_and_merged_cells_follow_the_probe(tmp_path):
    body = ('<p>앞</p><figure data-ke-type="opengraph" data-og-url="https://example.org/a" data-og-title="예시 글">'
            '<a href="https://example.org/a">예시 글</a></figure>'
            '<table><tbody><tr><td colspan="2">합친 칸</td></tr><tr><td>가</td><td>나</td></tr></tbody></table>')
    archive = tmp_path / "A"
    with Archive.open(archive, create=True) as ar:
        ar.set_blog(BLOG)
        ar.put_post(post("6", "카드와 표", "2020-01-01T09:00:00+09:00", body_raw=body))

    def bundle(out: Path) -> tuple[str, str]:
        r = run_cli(["export", str(archive), "-f", "naver", "-o", str(out), "--quiet"])
        assert r.code == 0, r.out + r.err
        folder = out / "naver" / "posts" / "01-6"
        return (folder / "body.html").read_text(encoding="utf-8"), (folder / "NOTES.md").read_text(encoding="utf-8")

    html, notes = bundle(tmp_path / "none")
    assert '🔗 <a href="https://example.org/a">예시 글</a>' in html and "합친 칸이 풀렸으니" not in notes
    assert run_cli(["probe", str(archive), "--from-file", str(PAGES / "survived.html")]).code == 0
    html, notes = bundle(tmp_path / "survived")
    assert "<p>https://example.org/a</p>" in html and "합친 칸이 풀렸으니" not in notes
    assert run_cli(["probe", str(archive), "--from-file", str(PAGES / "flattened.html")]).code == 0
    html, notes = bundle(tmp_path / "flattened")
    assert '🔗 <a href="https://example.org/a">예시 글</a>' in html and "합친 칸이 풀렸으니" in notes
    assert '<td colspan="2">합친 칸</td>' in html  # still written: the person merges them back


def test_an_archive_written_by_the_previous_version_takes_the_probe_in_place(tmp_path):
    """fixtures/archives/before-paste-probe: written by the code before this change (its README)."""
    archive = tmp_path / "old"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "archives" / "before-paste-probe" / "archive", archive)
    with sqlite3.connect(archive / "archive.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM meta WHERE key=?", (META_KEY,)).fetchone() == (0,)
    before = exported_body(archive, tmp_path / "before")
    assert '<span style="color:#ee2323">빨강</span>' in before and "<p>• 가</p>" in before
    assert run_cli(["probe", str(archive), "--from-file", str(PAGES / "survived.html")]).code == 0
    after = exported_body(archive, tmp_path / "after")
    assert "<ul>" in after and "<pre>def f():\n    return 1</pre>" in after
    with Archive.open(archive, readonly=True) as ar:
        assert ar.get_post("5").title == "목록과 코드" and load(ar).survived("list")
