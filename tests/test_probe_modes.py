"""``scrape.probe_ids`` = always | auto | never (issue 15): ``auto`` probes only when the posts
found fall short of the blog's own count (the sidebar's "분류 전체보기 (N)"), newest gaps first,
and stops once the missing posts are found; skipped numbers are reported with how to probe them."""

from __future__ import annotations

import pytest

from support.loopback import scrape_loopback
from support.paths import DEMO_BLOG, HANBIT_BLOG
from tistory_migrate.archive import Archive
from tistory_migrate.discover.totals import sidebar_total
from tistory_migrate.errors import ConfigError
from tistory_migrate.settings import Settings, load_settings

FAST = Settings().with_overrides("fetch", page_delay=0.0, media_delay=0.0, retries=1, backoff_base=0.01)
DEMO = "https://seodaemun.tistory.com"


def scrape(archive, mode: str):
    return scrape_loopback([DEMO_BLOG], DEMO, archive, FAST.with_overrides("scrape", probe_ids=mode))


def probes(log, known):
    return [u for u in log if u.rsplit("/", 1)[-1].isdigit() and u.rsplit("/", 1)[-1] not in known]


def test_sidebar_total():
    assert sidebar_total((DEMO_BLOG / "pages" / "index.html").read_text(encoding="utf-8")) == 13
    assert sidebar_total((HANBIT_BLOG / "pages" / "index.html").read_text(encoding="utf-8")) == 7
    assert sidebar_total('<a href="/category">분류 전체보기</a>') is None
    assert sidebar_total("분류 전체보기 " + "<b>" * 100_000) is None  # bounded, no backtracking blow-up


@pytest.mark.parametrize("text,mode", [("true", "always"), ("false", "never"), ('"auto"', "auto"), ('"always"', "always")])
def test_old_true_false_still_accepted(tmp_path, text, mode):
    cfg = tmp_path / "s.toml"
    cfg.write_text(f"[scrape]\nprobe_ids = {text}\n", encoding="utf-8")
    assert load_settings(cfg).scrape.probe_ids == mode


def test_a_bad_choice_is_a_settings_error(tmp_path):
    cfg = tmp_path / "s.toml"
    cfg.write_text('[scrape]\nprobe_ids = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_settings(cfg)
    assert "scrape.probe_ids must be always, auto or never" in exc.value.message
    assert Settings().scrape.probe_ids == "auto"


def test_auto_probes_nothing_when_the_blog_count_is_met_and_says_so(tmp_path):
    report, log = scrape(tmp_path / "a", "auto")
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        known = set(ar.post_ids())
    assert probes(log, known) == []
    assert report.probe["not probed"] == report.probe["gaps"] > 100 and report.probe["probed"] == 0
    assert any('probe_ids = "always"' in w.english() for w in report.warnings)


def test_always_probes_every_gap(tmp_path):
    report, log = scrape(tmp_path / "a", "always")
    assert report.probe["probed"] == report.probe["gaps"] and "not probed" not in report.probe


def test_never_probes_nothing_and_says_how(tmp_path):
    report, log = scrape(tmp_path / "a", "never")
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        assert probes(log, set(ar.post_ids())) == []
    assert report.probe["not probed"] > 100
    assert any('"never"' in w.english() for w in report.warnings)


def test_auto_probes_newest_first_until_the_missing_post_is_found(tmp_path):
    scrape(tmp_path / "a", "auto")
    with Archive.open(tmp_path / "a") as ar:
        ar.conn.execute("DELETE FROM posts WHERE id IN ('112')")  # the oldest: no list walk of a later run reaches it
    report, log = scrape(tmp_path / "a", "auto")
    probed = [int(u.rsplit("/", 1)[-1]) for u in probes(log, set())]
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        stored = set(ar.post_ids())
    assert "112" in stored
    # newest first: every gap from the newest down to the lowest probed number, nothing below
    assert sorted(probed) == [n for n in range(min(probed), 172) if n == 112 or str(n) not in stored]
    assert len([p for p in probed if p < 112]) < 16 and 1 not in probed  # stopped within a batch of finding 112
    assert report.probe["found"] == 1 and report.probe["not probed"] > 50
