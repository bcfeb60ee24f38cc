"""The scrape side speaks the reader's language: errors and hints of scrape, archive, fetch,
settings and backup; the report's reasons, warnings and notes (stored as messages, so
``report ARCHIVE --lang ko`` is Korean for an archive scraped in English); the progress labels.
``--json`` stays the English it always was, with each message's code beside it, and what an
older version stored (plain text) is shown as it is.

The lines ``console.py`` adds around these messages (table titles, "Error:", "What to do:" ...)
are the shell's; they are checked by the shell's own coverage tests. Here an error's label is cut
off and the report is checked message by message.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from support.cli import run_cli
from support.i18n import english_runs, pseudo_locale, unwrapped_words
from tistory_migrate import i18n
from tistory_migrate.archive import Archive
from tistory_migrate.i18n import Message, msg
from tistory_migrate.models import Post
from tistory_migrate.report import Failure, MediaFailure, MissingPost, ScrapeReport

DEMO = Path(__file__).resolve().parents[1] / "src" / "tistory_migrate" / "demo" / "seodaemun"
BACKUPS = Path(__file__).resolve().parents[1] / "fixtures" / "backups"
BLOG = "https://seodaemun.tistory.com"
# Names that are data wherever they appear (never translated).
DATA = {"tistory-migrate", "scrape", "report", "urls.tsv", "HTTP", "TOML", "RSS", "JSON-LD", "og:title", "zip", "XML",
        "sitemap", "list", "category", "rss", "probe", "backup", "tag", "url"}
_LABEL = re.compile(r"^\s*(?:⟦[^⟧]*⟧|[^:⟦]{1,15}):\s+")  # "Error: ", "What to do: ", "⟦...⟧ " (the console's)


def _messages(report: ScrapeReport, *, printed: bool = False) -> list[Message]:
    """Every message of the report a person reads (``printed``: the ones the console prints
    today: a missing post's reason is in ``--json`` only)."""
    entries = (*report.failed, *report.media_failures) if printed else (*report.failed, *report.missing, *report.media_failures)
    return [*report.warnings, *report.notes, *(e.reason for e in entries if e.reason is not None)]


def _stored_report(archive: Path) -> ScrapeReport:
    with Archive.open(archive, readonly=True) as ar:
        return ScrapeReport.from_dict(ar.get_meta("report"))


def _rendered(messages: list[Message], lang: str, locale_dir: Path | None = None, monkeypatch=None) -> list[str]:
    if locale_dir is not None:
        monkeypatch.setenv(i18n.LOCALE_DIR_ENV, str(locale_dir))
    i18n.set_language(lang)
    try:
        return [m.render() for m in messages]
    finally:
        i18n.set_language("en")


def _error_text(stderr: str) -> str:
    """What an error said, without the console's labels and progress bars (the shell's words)."""
    return "\n".join(_LABEL.sub("", line) for line in stderr.splitlines() if line.strip() and "━" not in line)


@pytest.fixture(scope="module")
def english_archive(tmp_path_factory) -> tuple[Path, str]:
    """The demo blog scraped in English, and its `report --json`."""
    archive = tmp_path_factory.mktemp("scraped") / "a"
    assert run_cli(["scrape", BLOG, "--mirror", DEMO, "-o", archive, "--quiet"]).code == 0
    return archive, run_cli(["report", archive, "--json"]).out


# -- the report ---------------------------------------------------------------------------------
def test_a_korean_scrape_reports_its_reasons_and_notes_in_korean(tmp_path):
    result = run_cli(["--lang", "ko", "scrape", BLOG, "--mirror", DEMO, "-o", tmp_path / "a"])
    assert result.code == 0, result.text
    report = _stored_report(tmp_path / "a")
    assert len(_messages(report)) >= 3  # the comments note, the missing post, the lost picture
    for text in _rendered(_messages(report), "ko"):
        assert english_runs(text) == [], text
    for text in _rendered(_messages(report, printed=True), "ko"):
        assert text in result.out, (text, result.out)
    assert "HTTP 404: 티스토리 서버에서 파일이 지워졌습니다" in result.out
    assert "댓글은 가져오지 않았습니다" in result.out
    assert english_runs(_error_text(result.err)) == []


def test_report_of_an_english_archive_speaks_korean_and_json_stays_english(english_archive):
    archive, english_json = english_archive
    english = run_cli(["report", archive])
    korean = run_cli(["--lang", "ko", "report", archive])
    assert english.code == korean.code == 0
    assert "HTTP 404: the file is gone from Tistory's servers" in english.out
    assert "HTTP 404: 티스토리 서버에서 파일이 지워졌습니다" in korean.out
    assert "the file is gone" not in korean.out and "Comments were not read" not in korean.out
    for text in _rendered(_messages(_stored_report(archive)), "ko"):
        assert english_runs(text) == [], text
    for text in _rendered(_messages(_stored_report(archive), printed=True), "ko"):
        assert text in korean.out, text
    # --json does not change with the language: the same English, the codes beside it
    assert run_cli(["--lang", "ko", "report", archive, "--json"]).out == english_json
    data = json.loads(english_json)
    assert data["notes"] == ["Comments were not read (they are other people's names and words). To keep them too, "
                             "run the same command again with --comments."]
    lost = data["media_failures"][0]
    assert lost["reason"] == "HTTP 404: the file is gone from Tistory's servers"
    assert lost["reason_code"] == {"id": "HTTP {status}: the file is gone from Tistory's servers", "params": {"status": 404}}
    gone = next(m for m in data["missing"] if m["id"] == "133")
    assert gone["reason"] == "listed by sitemap but the page answers HTTP 404"
    assert len(data["note_codes"]) == len(data["notes"]) and len(data["warning_codes"]) == len(data["warnings"])


def test_the_report_keys_hold_english_text_as_before():
    """`to_dict` keeps today's English in today's fields; an old dict reads back as it was."""
    report = ScrapeReport(warnings=[msg("probe {url}: {reason}", url="u", reason=msg("timed out"))])
    report.failed.append(Failure("1", "u", msg("HTTP {status}", status=500), "post"))
    report.missing.append(MissingPost("2", None, "u2", ["rss"], None))
    report.media_failures.append(MediaFailure("1", "m", "failed", msg("empty response")))
    data = report.to_dict()
    assert data["warnings"] == ["probe u: timed out"] and data["failed"][0]["reason"] == "HTTP 500"
    assert data["missing"][0]["reason"] is None and "reason_code" not in data["missing"][0]
    back = ScrapeReport.from_dict(json.loads(json.dumps(data)))
    assert back.warnings == report.warnings and back.failed == report.failed and back.media_failures == report.media_failures
    assert back.to_dict() == data
    assert _rendered(back.warnings, "ko") == ["번호 확인 u: 시간 초과"]


def test_an_old_report_of_plain_text_is_shown_as_it_is(tmp_path):
    with Archive.open(tmp_path / "a", create=True) as ar:
        ar.set_meta("report", {"target": BLOG, "blog_title": "옛 블로그", "base_url": BLOG,
                               "warnings": ["an old warning in plain words"], "notes": ["An old note kept as it was."],
                               "failed": [{"id": "5", "url": f"{BLOG}/5", "reason": "timed out (gave up after 5 attempts)",
                                           "what": "post"}],
                               "missing": [{"id": "7", "url": f"{BLOG}/7", "sources": ["rss"], "reason": "HTTP 404"}]})
    korean = run_cli(["--lang", "ko", "report", tmp_path / "a"])
    assert korean.code == 0, korean.text
    for text in ("an old warning in plain words", "An old note kept as it was.", "timed out (gave up after 5 attempts)"):
        assert text in korean.out
    rep = _stored_report(tmp_path / "a")
    assert rep.failed[0].reason == Message.text("timed out (gave up after 5 attempts)")
    assert rep.to_dict()["warnings"] == ["an old warning in plain words"]


# -- post warnings ------------------------------------------------------------------------------
def test_post_warnings_stay_english_and_keep_their_message():
    post = Post(id="1", url="u")
    post.warn(msg("the page could not be fetched: {reason}", reason=msg("HTTP {status}", status=503)))
    post.warn(msg("the page could not be fetched: {reason}", reason=msg("HTTP {status}", status=503)))  # once
    post.warn("a plain sentence")
    assert post.warnings == ["the page could not be fetched: HTTP 503", "a plain sentence"]
    assert len(post.warning_codes) == 1
    back = Post.from_dict(json.loads(json.dumps(post.to_dict())))
    assert _rendered(back.warning_messages(), "ko") == ["페이지를 받지 못했습니다: HTTP 503", "a plain sentence"]
    old = Post.from_dict({"id": "2", "url": "u", "warnings": ["stored by an older version"]})
    assert old.warning_codes == [] and old.warning_messages() == [Message.text("stored by an older version")]


def test_a_missing_posts_reason_is_its_last_warning_in_the_readers_language(tmp_path):
    with Archive.open(tmp_path / "a", create=True) as ar:
        new = Post(id="3", url=f"{BLOG}/3", status="missing", sources=["rss"])
        new.warn(msg("listed by {sources} but the page answers {reason}", sources="rss", reason=msg("HTTP {status}", status=410)))
        ar.put_post(new)
        ar.put_post(Post.from_dict({"id": "4", "url": f"{BLOG}/4", "status": "missing", "sources": ["list"],
                                    "warnings": ["an older version's words"]}))
        summaries = {s.id: s for s in ar.post_summaries()}
    assert summaries["3"].last_warning == "listed by rss but the page answers HTTP 410"
    assert _rendered([summaries["3"].last_warning_message], "ko") == ["찾은 곳: rss. 하지만 페이지가 열리지 않습니다(HTTP 410)"]
    assert summaries["4"].last_warning_message == Message.text("an older version's words")


# -- media reasons ------------------------------------------------------------------------------
def test_media_reasons_keep_english_in_the_table_and_their_message_beside_it(tmp_path):
    with Archive.open(tmp_path / "a", create=True) as ar:
        ar.put_media_failure("i1", "https://x/1.jpg", "failed", msg("HTTP {status}", status=500))
        ar.put_media_failure("i2", "https://x/2.jpg", "missing", "plain reason")
        assert ar.get_media("i1").reason == "HTTP 500"
        problems = ar.media_problems()
    assert problems["i1"].reason_message == msg("HTTP {status}", status=500)
    assert problems["i2"].reason_message == Message.text("plain reason")


def test_an_archive_from_before_the_reason_code_column_opens_and_gains_it(tmp_path):
    with Archive.open(tmp_path / "a", create=True) as ar:
        ar.put_media_failure("i1", "https://x/1.jpg", "failed", "HTTP 500")
    conn = sqlite3.connect(tmp_path / "a" / "archive.sqlite3")
    conn.execute("ALTER TABLE media DROP COLUMN reason_code")  # the table as the previous version made it
    conn.commit()
    conn.close()
    with Archive.open(tmp_path / "a", readonly=True) as ar:  # read-only: read as it is
        assert ar.media_problems()["i1"].reason_message == Message.text("HTTP 500")
    with Archive.open(tmp_path / "a") as ar:  # writable: the column is added
        ar.put_media_failure("i2", "https://x/2.jpg", "failed", msg("empty response"))
        problems = ar.media_problems()
    assert problems["i1"].reason_message == Message.text("HTTP 500")
    assert problems["i2"].reason_message == msg("empty response") and problems["i2"].reason == "empty response"


# -- progress labels ----------------------------------------------------------------------------
def test_the_progress_labels_are_in_the_catalog():
    labels = ("Finding posts", "Reading posts", "Downloading images", "Re-reading stored pages", "Reading the backup")
    i18n.set_language("ko")
    try:
        korean = [i18n._(label) for label in labels]
    finally:
        i18n.set_language("en")
    assert korean == ["글 찾는 중", "글 읽는 중", "사진 받는 중", "저장된 페이지 다시 읽는 중", "백업 읽는 중"]


# -- errors -------------------------------------------------------------------------------------
def _error_cases(tmp_path: Path) -> list[tuple[list, int]]:
    (tmp_path / "empty").mkdir()
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a backup", encoding="utf-8")
    (tmp_path / "unknown.toml").write_text("[fetch]\npage_dealy = 3\n", encoding="utf-8")
    (tmp_path / "section.toml").write_text("[fetsh]\nx = 1\n", encoding="utf-8")
    (tmp_path / "value.toml").write_text("[fetch]\nretries = \"four\"\n", encoding="utf-8")
    (tmp_path / "perday.toml").write_text("[naver]\nper_day = 500\n", encoding="utf-8")
    (tmp_path / "choice.toml").write_text("[naver]\nimages = \"inline\"\n", encoding="utf-8")
    (tmp_path / "small.toml").write_text("[backup]\nmax_total_bytes = 1048576\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><head><title>Just a page</title></head><body>hello</body></html>",
                                     encoding="utf-8")
    (site / "urls.tsv").write_text("https://plain.example.com/\tindex.html\n", encoding="utf-8")
    out = tmp_path / "out"
    return [
        (["scrape", "ftp://x.tistory.com", "-o", out], 2),
        (["scrape", "notablog", "-o", out], 2),
        (["scrape", BLOG, "--resolve", "bad", "-o", out], 2),
        (["scrape", BLOG, "--resolve", "x=10.0.0.1:80", "-o", out], 2),
        (["scrape", BLOG, "--mirror", tmp_path / "nowhere", "-o", out], 2),
        (["scrape", BLOG, "--mirror", tmp_path / "empty", "-o", out], 2),
        (["scrape", "https://other.tistory.com", "--mirror", DEMO, "-o", out], 4),
        (["scrape", "https://plain.example.com", "--mirror", site, "-o", out], 4),
        (["scrape", BLOG, "--mirror", DEMO, "--category", "없는분류", "-o", out], 4),
        (["scrape", "--backup", tmp_path / "notes.txt", "-o", out], 4),
        (["scrape", "--backup", tmp_path / "empty", "-o", out], 4),
        *((["scrape", "--backup", BACKUPS / name, "-o", tmp_path / name], 4)
          for name in ("corrupt.zip", "not-tistory.zip", "zip-slip.zip")),
        (["scrape", "--backup", BACKUPS / "zip-bomb.zip", "--config", tmp_path / "small.toml", "-o", out], 4),
        (["report", tmp_path / "nothing-here"], 5),
        (["report", tmp_path / "stuff"], 5),
        (["scrape", BLOG, "--config", tmp_path / "missing.toml", "-o", out], 3),
        (["scrape", BLOG, "--config", tmp_path / "unknown.toml", "-o", out], 3),
        (["scrape", BLOG, "--config", tmp_path / "section.toml", "-o", out], 3),
        (["scrape", BLOG, "--config", tmp_path / "value.toml", "-o", out], 3),
        (["scrape", BLOG, "--config", tmp_path / "perday.toml", "-o", out], 3),
        (["scrape", BLOG, "--config", tmp_path / "choice.toml", "-o", out], 3),
    ]


def test_scrape_archive_fetch_settings_and_backup_errors_in_korean(tmp_path):
    for args, code in _error_cases(tmp_path):
        english = run_cli(args, cwd=tmp_path)
        korean = run_cli(["--lang", "ko", *args], cwd=tmp_path)
        assert english.code == korean.code == code, (args, english.text, korean.text)
        assert "Traceback" not in korean.text and english.err != korean.err, (args, korean.err)
        assert re.search("[가-힣]", korean.err), (args, korean.err)
        text = _error_text(korean.err).replace("File is not a zip file", "")  # the zip library's own words (data)
        assert english_runs(text) == [], (args, korean.err)


def test_scrape_archive_fetch_settings_and_backup_errors_are_all_marked(tmp_path):
    pseudo = pseudo_locale(tmp_path / "pseudo")
    env = {i18n.LOCALE_DIR_ENV: str(pseudo)}
    for args, code in _error_cases(tmp_path):
        result = run_cli(["--lang", "ko", *args], cwd=tmp_path, env=env)
        assert result.code == code and "⟦" in result.err, (args, result.err)
        assert unwrapped_words(_error_text(result.err), DATA) == [], (args, result.err)


def test_every_report_message_of_a_scrape_is_marked(english_archive, tmp_path, monkeypatch):
    archive, _ = english_archive
    messages = _messages(_stored_report(archive))
    with Archive.open(archive, readonly=True) as ar:  # and every post's warnings (the report's "missing" reasons)
        messages += [m for post in ar.iter_posts() for m in post.warning_messages()]
    assert any(not m.verbatim for m in messages)
    for text in _rendered(messages, "ko", pseudo_locale(tmp_path / "pseudo"), monkeypatch):
        assert text.startswith("⟦") and unwrapped_words(text, DATA) == [], text


def test_a_merged_backup_scrapes_messages_are_all_marked_and_korean(tmp_path, monkeypatch):
    """The demo blog with its backups (a second copy of one post, the real one, the legacy XML):
    the report's messages (duplicate numbers, pictures --mirror cannot have) and every post's
    warnings (merge conflicts, templates, leftovers) are marked and read as Korean."""
    archive = tmp_path / "a"
    result = run_cli(["scrape", BLOG, "--mirror", DEMO, "--backup", BACKUPS / "zip-bomb-lying.zip",
                      "--backup", BACKUPS / "seodaemun-1-1-article112-172.zip", "--backup", BACKUPS / "legacy-seodaemun.xml",
                      "-o", archive, "--quiet"])
    assert result.code in (0, 1), result.text
    messages = _messages(_stored_report(archive))
    with Archive.open(archive, readonly=True) as ar:
        warnings = [m for post in ar.iter_posts() for m in post.warning_messages()]
    assert any(m.id.startswith("backup:") or "backup" in m.id for m in warnings), warnings
    assert all(not m.verbatim for m in warnings), [m for m in warnings if m.verbatim]
    for text in _rendered(messages + warnings, "ko"):
        assert english_runs(text) == [], text
    for text in _rendered(messages + warnings, "ko", pseudo_locale(tmp_path / "pseudo"), monkeypatch):
        assert text.startswith("⟦") and unwrapped_words(text, DATA) == [], text


def test_a_backup_file_refused_while_reading_is_stored_as_its_message(tmp_path):
    """What `scrape --backup` stores for a picture the backup cannot give (scrape.backup): the
    error's message, English in the media table, Korean in the report."""
    from tistory_migrate.backup import open_backups
    from tistory_migrate.errors import BackupError
    from tistory_migrate.settings import BackupSettings

    bomb = json.loads((BACKUPS / "expected.json").read_text(encoding="utf-8"))["roles"]["bomb_entry"]
    with open_backups([BACKUPS / "zip-bomb-lying.zip"], BackupSettings()) as backups:
        with pytest.raises(BackupError) as info:
            backups.read_file("0:" + bomb)
    assert not info.value.detail.verbatim and info.value.message == info.value.detail.english()
    with Archive.open(tmp_path / "a", create=True) as ar:
        ar.put_media_failure("b", "backup:1/img/bomb.png", "failed", info.value.detail)
        assert ar.get_media("b").reason == info.value.message
        stored = ar.media_problems()["b"].reason_message
    assert stored == info.value.detail
    (korean,) = _rendered([stored], "ko")
    assert "항목을 읽을 수 없습니다" in korean, korean  # around the zip library's own words ("Bad CRC-32 ...")
