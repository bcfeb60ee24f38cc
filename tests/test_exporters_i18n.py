"""What `export` and `redirects resolve` tell the person, in the reader's language (issue 12).

The summaries' warnings and left-out reasons, `resolve`'s sources, reasons, warnings and verify
problems are ``Message``s, and the errors these modules raise go through ``_()``: under
``--lang ko`` none of them has three English words in a row, under the ⟦pseudo⟧ catalog each
is wrapped whole. What is machine-readable or exported does not follow the language: ``--json``
prints the same English, the exported files are the same bytes.

The lines ``console.py`` writes around these records are the console's own (checked by
``test_i18n_coverage.py``); here the records are checked, in what the command line prints and
one by one.
"""

from __future__ import annotations

import errno
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

import tistory_migrate
from tistory_migrate import i18n
from tistory_migrate.archive import Archive
from tistory_migrate.errors import MigrateError, NothingToDo
from tistory_migrate.exporters import resolve_formats
from tistory_migrate.exporters.base import STATUS_FAILED, STATUS_MISSING, ExportOptions, status_reason
from tistory_migrate.exporters.naver import SKIP_REASONS
from tistory_migrate.exporters.wxr import NO_BODY
from tistory_migrate.exporters.naver.bundle import date_line
from tistory_migrate.exporters.naver.plan import check_per_day, parse_plan, read_plan
from tistory_migrate.fetch.http import HttpFetcher
from tistory_migrate.fetch.mirror import MirrorFetcher
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.i18n import Message
from tistory_migrate.models import Post
from tistory_migrate.normalize import normalize_post
from tistory_migrate.pipeline import ScrapeOptions, Scraper
from tistory_migrate.redirects import naver_pages as nl
from tistory_migrate.redirects.match import NOT_FOUND, SEVERAL_BY_URL
from tistory_migrate.redirects.resolve import resolve
from tistory_migrate.redirects.styles import home_address, style_named
from tistory_migrate.settings import FetchSettings, NaverSettings, Settings

from support.cli import run_cli
from support.exporters import run_exporter
from support.fixture_blog import build_archive
from support.i18n import english_runs, pseudo_locale, unwrapped_words

DEMO = Path(tistory_migrate.__file__).parent / "demo" / "seodaemun"
NAVER_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "naver"
NAVER_HOSTS = ("blog.naver.com", "rss.blog.naver.com", "m.blog.naver.com")
HANGUL = re.compile("[가-힣]")
# Words a message carries as data: names the command line takes, file and format names.
DATA = {"HTTP", "WordPress", "RSS", "JSON", "ID", "URL", "FILE", "ARCHIVE", "resultCode", "include=yes",
        "tistory-migrate", "naver", "wxr", "redirects", "jsonl", "all", "plan.csv", "CSV", "UTF-8", "CP949"}


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory) -> Path:
    """The demo blog scraped from its saved pages (in English: the archive does not care)."""
    folder = tmp_path_factory.mktemp("i18n") / "archive"
    Scraper(MirrorFetcher([DEMO]), Settings(), ScrapeOptions(url="https://seodaemun.tistory.com", archive=folder,
                                                            offline=True)).run()
    return folder


@pytest.fixture()
def pseudo(tmp_path, monkeypatch):
    """Speak the ⟦pseudo⟧ catalog in this process."""
    monkeypatch.setenv(i18n.LOCALE_DIR_ENV, str(pseudo_locale(tmp_path / "pseudo")))
    i18n.set_language("ko")


def korean(texts: list[str]) -> None:
    """Each text is Korean: some Hangul and no three English words in a row."""
    for text in texts:
        assert HANGUL.search(text) and english_runs(text) == [], text


def wrapped(texts: list[str]) -> None:
    """Each text went through the catalog: nothing outside ⟦ ⟧ but data."""
    for text in texts:
        assert unwrapped_words(text, DATA) == [], text


# -- export ---------------------------------------------------------------------------------------
def summary_messages(summaries) -> list[Message]:
    return [m for s in summaries for m in list(s.warnings) + [label for _key, label, _n in s.left_out()]]


def test_export_all_of_the_demo_in_korean_and_json_and_files_the_same(demo_archive, tmp_path):
    args = ["export", demo_archive, "--format", "all", "--start-date", "2026-01-05"]
    english = run_cli([*args, "-o", tmp_path / "out", "--json"])
    ko_json = run_cli(["--lang", "ko", *args, "-o", tmp_path / "out", "--json"])
    assert english.code == ko_json.code == 0
    assert ko_json.out == english.out  # --json is English whatever the language
    run_cli([*args, "-o", tmp_path / "en"])
    ko = run_cli(["--lang", "ko", *args, "-o", tmp_path / "ko"])
    assert ko.code == 0, ko.text
    assert _tree(tmp_path / "ko") == _tree(tmp_path / "en")  # what the export contains: the same bytes
    summaries = json.loads(english.out)
    warnings = [w for s in summaries for w in s["warnings"]]
    reasons = {key for s in summaries for key in s["skipped"]}
    assert warnings and reasons  # the demo has both: relative media, posts without a new address, left-out posts
    for text in warnings:
        assert text not in ko.out
    # The summary line's "(left out: ...)" is console's to render from left_out() (its reasons
    # as Messages); every other line is checked whole.
    shown = re.sub(r"\(left out: .*\)$", "", ko.out, flags=re.M)
    assert english_runs(shown) == [], ko.out


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _summaries(tmp_path: Path) -> list:
    """Summaries with every warning and left-out reason the exporters have (bodies normalized
    the export's way)."""
    out = tmp_path / "out"
    with build_archive(tmp_path / "ar") as ar:
        ar.put_post(Post(id="109", url="https://seodaemun.tistory.com/109", title="사라진 글", status="missing"))
        ar.put_post(Post(id="110", url="https://seodaemun.tistory.com/110", title="비공개 글", status="private",
                         body_raw="<p>본문</p>"))
        ar.put_post(Post(id="111", url="https://seodaemun.tistory.com/111", title="날짜 없는 글", body_raw="<p>본문</p>"))
        plan = tmp_path / "plan.csv"
        plan.write_text("id,include\n107,yes\n101,no\n", encoding="utf-8")
        options = ExportOptions(start_date=date(2026, 1, 5), plan_file=plan)
        hosts = ar.get_blog().hosts()
        summaries = [run_exporter(ar, name, out, options=options,
                                  body_for=lambda pid: normalize_post(ar.get_post(pid), hosts))
                     for name in ("naver", "wxr", "redirects")]
    with Archive.open(tmp_path / "bare", create=True) as bare:
        bare.put_post(Post(id="1", url="https://x.tistory.com/1", title="글", body_raw="<p>본문</p>"))
        summaries.append(run_exporter(bare, "redirects", tmp_path / "bare-out",
                                      body_for=lambda pid: normalize_post(bare.get_post(pid), [])))
    return summaries


def test_every_summary_warning_and_reason_in_korean(tmp_path):
    summaries = _summaries(tmp_path)
    english = [m.english() for m in summary_messages(summaries)]
    for needle in ("include=yes in the plan", "not in the plan file", "no publication date", "relative paths",
                   "never downloaded", "no new address yet", "no blog information", "status missing", "protected",
                   "private", "plan", "no body (protected or not fetched)"):
        assert any(needle in text for text in english), needle
    assert summaries[0].to_dict()["skipped"] == {"plan": 1, "protected": 1, "missing": 1, "private": 1}
    i18n.set_language("ko")
    korean([m.render() for m in summary_messages(summaries)])
    assert summaries[0].to_dict()["skipped"] == {"plan": 1, "protected": 1, "missing": 1, "private": 1}
    assert [w for s in summaries for w in s.to_dict()["warnings"]] == [w.english() for s in summaries for w in s.warnings]


def test_every_summary_warning_and_reason_goes_through_the_catalog(tmp_path, pseudo):
    wrapped([m.render() for m in summary_messages(_summaries(tmp_path))])


def test_every_fixed_reason(pseudo):
    reasons = [*SKIP_REASONS.values(), STATUS_MISSING, STATUS_FAILED, status_reason("gone"), NO_BODY, NOT_FOUND,
               SEVERAL_BY_URL]
    assert [r.english() for r in SKIP_REASONS.values()] == list(SKIP_REASONS)  # the key is the English text
    wrapped([r.render() for r in reasons])
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(i18n.LOCALE_DIR_ENV)
        i18n.set_language("ko")
        korean([r.render() for r in reasons if r.params.get("status") != "gone"])


# -- errors ---------------------------------------------------------------------------------------
def _plan_error(text: str):
    return lambda tmp: parse_plan(text)


def _file(data: bytes):
    def run(tmp: Path):
        path = tmp / "plan.csv"
        path.write_bytes(data)
        read_plan(path)
    return run


def _resolve_without_blog(tmp: Path):
    with Archive.open(tmp / "empty", create=True) as ar:
        resolve(ar, None, naver_blog="tm_fixture")


def _resolve_bad_urls_file(tmp: Path):
    (tmp / "urls.txt").write_bytes(b"\xff\xfe\x00bad")
    with build_archive(tmp / "ar") as ar:
        resolve(ar, None, naver_blog=None, naver_urls_file=tmp / "urls.txt")


def _plan_names_a_post_not_in_the_archive(tmp: Path):
    (tmp / "plan.csv").write_text("id\n999\n", encoding="utf-8")
    with build_archive(tmp / "ar") as ar:
        hosts = ar.get_blog().hosts()
        run_exporter(ar, "naver", tmp / "out", options=ExportOptions(plan_file=tmp / "plan.csv"),
                     body_for=lambda pid: normalize_post(ar.get_post(pid), hosts))


ERRORS = {
    "unknown format": lambda tmp: resolve_formats(["pdf"]),
    "per day": lambda tmp: check_per_day(0),
    "plan missing": lambda tmp: read_plan(tmp / "nothing.csv"),
    "plan encoding": _file(b"id\n\x80\xff\n"),
    "plan empty": _plan_error(""),
    "plan without id": _plan_error("order,title\n1,x\n"),
    "plan id": _plan_error("id\nabc\n"),
    "plan twice": _plan_error("id\n12\n12\n"),
    "plan order": _plan_error("id,order\n12,first\n"),
    "plan include": _plan_error("id,include\n12,maybe\n"),
    "plan date": _plan_error("id,date\n12,tomorrow\n"),
    "plan choice": _plan_error("id,tistory_original\n12,hide\n"),
    "plan post not in the archive": _plan_names_a_post_not_in_the_archive,
    "date line": lambda tmp: date_line(NaverSettings(date_line="{nope}"), Post(id="1", url="u", title="t")),
    "style": lambda tmp: style_named("pdf"),
    "home url": lambda tmp: home_address("javascript:alert(1)"),
    "naver blog id": lambda tmp: resolve(None, None, naver_blog="blog.naver.com/x y"),
    "no naver source": lambda tmp: resolve(None, None, naver_blog=None),
    "archive without blog": _resolve_without_blog,
    "naver urls file": _resolve_bad_urls_file,
}


def _raised(name: str, tmp: Path) -> MigrateError:
    with pytest.raises(MigrateError) as err:
        ERRORS[name](tmp)
    return err.value


# The system's own words an error quotes (the OS and the codec speak their own language).
SYSTEM_WORDS = {"plan missing": os.strerror(errno.ENOENT),
                "naver urls file": "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_in_korean(name, tmp_path):
    english = _raised(name, tmp_path)
    i18n.set_language("ko")
    error = _raised(name, tmp_path)
    assert type(error) is type(english) and error.exit_code == english.exit_code
    korean([text.replace(SYSTEM_WORDS.get(name, "\0"), "") for text in [error.message, error.hint] if text])
    assert (error.hint is None) == (english.hint is None)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_go_through_the_catalog(name, tmp_path, pseudo):
    error = _raised(name, tmp_path)
    wrapped([error.message] + ([error.hint] if error.hint else []))


def test_english_errors_are_what_they_were(tmp_path):
    assert _raised("plan choice", tmp_path).message == \
        "plan.csv, line 2: tistory_original must be private, delete or keep, not 'hide'."
    error = _raised("unknown format", tmp_path)
    assert (error.message, error.hint) == ("Unknown export format 'pdf'.",
                                           "Choose one of: naver, wxr, redirects, jsonl, or all (see `tistory-migrate formats`).")
    assert _raised("home url", tmp_path).message == "--home-url 'javascript:alert(1)' is not an http(s) address."
    assert _raised("date line", tmp_path).hint == "Use only {date}, {url}, {title} and {id} in it."


# -- redirects resolve -----------------------------------------------------------------------------
@pytest.fixture()
def naver_server():
    with FixtureServer([NAVER_FIXTURE]) as srv:
        yield srv


def _resolve_cli(srv, archive: Path, blog: str, *extra: str):
    """`redirects resolve ARCHIVE --naver-blog BLOG --verify` against the fixture Naver blogs,
    on a fresh copy of the fixture archive (a run stores its matches: the next one keeps them)."""
    build_archive(archive).close()
    cfg = archive.parent / "c.toml"
    cfg.write_text("[fetch]\npage_delay = 0.0\nretries = 0\n", encoding="utf-8")
    args = ["redirects", "resolve", archive, "--naver-blog", blog, "--verify", "--config", cfg]
    for host in NAVER_HOSTS:
        args += ["--resolve", f"{host}={srv.address}"]
    return run_cli([*args, *extra])


def _resolve_in_process(srv, archive: Path, blog: str | None, urls_file: Path | None = None):
    hosts = {host: srv.address for host in NAVER_HOSTS}
    fetcher = HttpFetcher(FetchSettings(page_delay=0, media_delay=0, respect_robots=False, retries=0), resolve=hosts)
    try:
        with build_archive(archive) as ar:
            return resolve(ar, fetcher, naver_blog=blog, naver_urls_file=urls_file, page_size=30, verify=True)
    finally:
        fetcher.close()


def _urls_file(folder: Path) -> Path:
    """A --naver-urls file: one published post, one line that is no Naver post address."""
    folder.mkdir(parents=True, exist_ok=True)
    listing = folder / "naver-urls.txt"
    listing.write_text("https://blog.naver.com/tm_fixture/223100000002\nhttps://cafe.naver.com/somewhere/1\n",
                       encoding="utf-8")
    return listing


def _resolve_messages(report) -> tuple[list[Message], list[Message]]:
    """(what `redirects resolve` prints of the report, what only --json has)."""
    printed = list(report.sources.values()) + [u.reason for u in report.ambiguous] + list(report.warnings)
    other = [u.reason for u in report.unmatched] + [p for v in report.verified for p in v.problems]
    return printed, other


@pytest.mark.parametrize("blog", ["tm_fixture", "tm_fixture_down"])
def test_resolve_in_korean_and_json_the_same(blog, naver_server, tmp_path):
    english = _resolve_cli(naver_server, tmp_path / "en" / blog, blog, "--json")
    ko_json = _resolve_cli(naver_server, tmp_path / "ko" / blog, blog, "--lang", "ko", "--json")
    assert english.code == ko_json.code == 0, english.text
    assert ko_json.out == english.out  # --json: English whatever the language
    ko = _resolve_cli(naver_server, tmp_path / "text" / blog, blog, "--lang", "ko")
    assert ko.code == 0, ko.text
    data = json.loads(english.out)
    assert data["sources"] and (data["warnings"] or data["ambiguous"])
    for text in list(data["sources"].values()) + data["warnings"] + [u["reason"] for u in data["ambiguous"]]:
        assert text not in ko.out, text
    # A failed request's own words ("HTTP 500 (gave up after 1 attempts)") are the fetcher's.
    fetch_words = [s.split(": ", 1)[1] for s in data["sources"].values() if s.startswith("failed on page")]
    i18n.set_language("ko")
    printed, other = _resolve_messages(_resolve_in_process(naver_server, tmp_path / "inproc" / blog, blog))
    assert printed and other
    for message in printed:
        assert message.render() in ko.out
    texts = [m.render() for m in printed + other]
    for words in fetch_words:
        texts = [t.replace(words, "") for t in texts]
    korean(texts)


def test_resolve_from_a_urls_file_in_korean(naver_server, tmp_path):
    i18n.set_language("ko")
    report = _resolve_in_process(naver_server, tmp_path / "ar", None, _urls_file(tmp_path))
    data = report.to_dict()
    assert data["sources"] == {"file": "ok: 1 address(es)"}
    assert [w.split(": ", 1)[1] for w in data["warnings"]] == ["not a Naver post address: 'https://cafe.naver.com/somewhere/1'"]
    printed, other = _resolve_messages(report)
    korean([m.render() for m in printed + other])


def test_resolve_records_go_through_the_catalog(naver_server, tmp_path, pseudo):
    for blog in ("tm_fixture", "tm_fixture_down"):
        printed, other = _resolve_messages(_resolve_in_process(naver_server, tmp_path / blog, blog))
        wrapped([m.render() for m in printed + other])
    printed, other = _resolve_messages(_resolve_in_process(naver_server, tmp_path / "file", None, _urls_file(tmp_path)))
    wrapped([m.render() for m in printed + other])
    listing = tmp_path / "urls.txt"
    listing.write_text("https://cafe.naver.com/somewhere/1\n", encoding="utf-8")
    with build_archive(tmp_path / "nothing") as ar, pytest.raises(NothingToDo) as err:
        resolve(ar, None, naver_blog=None, naver_urls_file=listing)
    wrapped([err.value.message, err.value.hint])


def test_the_post_list_parser_says_why_in_the_readers_language():
    for text in ("<html>blocked</html>", "{}"):
        with pytest.raises(ValueError) as err:
            nl.parse_post_list(text, "tm_fixture")
        said = err.value.args[0]
        assert isinstance(said, Message) and said.english().startswith("the post list")
        i18n.set_language("ko")
        korean([said.render()])
        i18n.set_language("en")
