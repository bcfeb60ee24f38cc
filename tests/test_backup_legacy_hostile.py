"""A legacy XML backup with one bad post: an impossible date, ids and dates in other Unicode
digits, a thread of 1,500 nested replies. The bad post is flagged (and left out when it has no
number); every other post is imported."""

from __future__ import annotations

from pathlib import Path

from support.cli import run_cli
from tistory_migrate.archive import Archive
from tistory_migrate.backup import open_backups
from tistory_migrate.backup.legacy_xml import unix_to_kst
from tistory_migrate.settings import BackupSettings


def legacy_xml(posts: list[str]) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<blog type="tattertools/1.1">\n'
            "<setting><name>legacy</name></setting>\n" + "\n".join(posts) + "\n</blog>\n")


def post(pid: str, *, published: str = "1498269600", modified: str = "1498356000", extra: str = "") -> str:
    return (f"<post><id>{pid}</id><visibility>public</visibility><title>글 {pid}</title>"
            f"<content>&lt;p&gt;본문 {pid}&lt;/p&gt;</content><published>{published}</published>"
            f"<modified>{modified}</modified>{extra}</post>")


def read(path: Path):
    with open_backups([path], BackupSettings()) as bs:
        posts = {p.id: p for p in bs.posts()}
        return posts, list(bs.notes)


def test_an_impossible_date_flags_that_post_and_the_rest_arrive(tmp_path: Path):
    path = tmp_path / "legacy.xml"
    path.write_text(legacy_xml([post("1"), post("2", published="99999999999999999", modified="-5"), post("3")]),
                    encoding="utf-8")
    posts, _notes = read(path)
    assert sorted(posts) == ["1", "2", "3"]
    assert posts["2"].published is None and posts["2"].updated is None
    assert any("<published> '99999999999999999' is not a date" in w for w in posts["2"].warnings), posts["2"].warnings
    assert posts["1"].published == "2017-06-24T11:00:00+09:00" == posts["3"].published


def test_the_command_line_imports_every_other_post_without_a_disk_message(tmp_path: Path):
    path = tmp_path / "legacy.xml"
    path.write_text(legacy_xml([post("1"), post("2", published="99999999999999999"), post("3")]), encoding="utf-8")
    result = run_cli(["scrape", "--backup", str(path), "-o", str(tmp_path / "A"), "--quiet"])
    assert result.code in (0, 1), result.text
    assert "disk" not in result.text.lower() and "Traceback" not in result.text
    with Archive.open(tmp_path / "A", readonly=True) as ar:
        assert sorted(ar.post_ids(), key=int) == ["1", "2", "3"]
        assert ar.get_post("2").published is None


def test_unicode_digits_are_no_number_and_no_date(tmp_path: Path):
    path = tmp_path / "legacy.xml"
    path.write_text(legacy_xml([post("1"), post("²"), post("①"), post("３"), post("4", published="²", modified="①"),
                                post("5")]), encoding="utf-8")
    posts, notes = read(path)
    assert sorted(posts) == ["1", "4", "5"]
    left_out = [n.english() for n in notes]
    assert len(left_out) == 3 and all("without a numeric <id>" in n for n in left_out), left_out
    assert posts["4"].published is None and posts["4"].updated is None
    assert unix_to_kst("１４９８２６９６００") is None and unix_to_kst("1498269600") == "2017-06-24T11:00:00+09:00"


def test_1500_nested_replies_are_read_in_order(tmp_path: Path):
    depth = 1500
    thread = ""
    for n in reversed(range(depth)):
        thread = (f"<comment><commenter><name>c{n}</name></commenter><content>답글 {n}</content>"
                  f"<written>1498269600</written>{thread}</comment>")
    path = tmp_path / "legacy.xml"
    path.write_text(legacy_xml([post("1", extra=thread + "<comment><content>마지막</content></comment>"), post("2")]),
                    encoding="utf-8")
    posts, _notes = read(path)
    comments = posts["1"].extra["comments"]
    assert len(comments) == depth + 1
    assert [c["body"] for c in comments[:3]] == ["답글 0", "답글 1", "답글 2"]
    assert [c["parent"] for c in comments[:depth]] == [None, *range(depth - 1)]
    assert comments[-1] == {"author": "", "date": None, "body": "마지막", "parent": None}
    assert "2" in posts
