"""The report tells the person of every post it could not have, including an ``/entry/`` link
on a list page whose page is gone (such links are never stored in the archive, so the report
used to lose them when it was rebuilt from the archive)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tistory_migrate.fetch.mirror import MirrorFetcher
from tistory_migrate.i18n import Message, msg
from tistory_migrate.pipeline import Scraper, ScrapeOptions
from tistory_migrate.report import MissingPost, ScrapeReport
from tistory_migrate.settings import Settings

DEMO = Path(__file__).resolve().parents[1] / "src" / "tistory_migrate" / "demo" / "seodaemun"
GONE = "https://seodaemun.tistory.com/entry/gone-post-slug"


def _blog_with_a_broken_entry_link(tmp_path: Path) -> Path:
    blog = tmp_path / "blog"
    shutil.copytree(DEMO, blog)
    index = blog / "pages" / "index.html"
    text = index.read_text(encoding="utf-8")
    item = ('<li class="item_category"><a href="/entry/gone-post-slug" class="link_category"><div class="info">'
            '<strong class="name">지워진 글</strong><p class="text summary">이 글은 지워졌습니다.</p>'
            '<span class="date">2020.01.02</span></div></a></li>\n')
    anchor = '<li class="item_category"><a href="/168"'
    assert anchor in text
    index.write_text(text.replace(anchor, item + anchor, 1), encoding="utf-8")
    return blog


def test_a_gone_entry_link_is_reported_as_missing(tmp_path):
    blog = _blog_with_a_broken_entry_link(tmp_path)
    settings = Settings().with_overrides("fetch", page_delay=0.0, media_delay=0.0)
    options = ScrapeOptions(url="https://seodaemun.tistory.com", archive=tmp_path / "a", offline=True)
    report = Scraper(MirrorFetcher([blog]), settings, options).run()
    gone = [m for m in report.missing if m.url == GONE]
    assert gone == [MissingPost(id=None, title="지워진 글", url=GONE, sources=["list"], reason=msg("HTTP {status}", status=404))]
    assert gone[0].to_dict()["reason"] == "HTTP 404"
    assert {m.id for m in report.missing} == {"133", None}  # the numbered missing post is still there
    assert report.exit_code == 0

    # The stored report (what `report ARCHIVE` shows later) keeps it too.
    p = subprocess.run([sys.executable, "-m", "tistory_migrate", "report", str(tmp_path / "a"), "--json"],
                       capture_output=True, text=True)
    stored = ScrapeReport.from_dict(json.loads(p.stdout))
    assert any(m.url == GONE and m.id is None for m in stored.missing)
    p = subprocess.run([sys.executable, "-m", "tistory_migrate", "report", str(tmp_path / "a")],
                       capture_output=True, text=True)
    assert GONE in p.stdout and "Missing posts (listed but gone): 2" in p.stdout


def test_old_reports_with_loose_entries_still_open():
    """A report stored by an earlier version (dict entries with other keys) is read tolerantly."""
    old = {"target": "x", "missing": [{"id": "5", "url": "u", "sources": ["rss"], "reason": "HTTP 404", "extra": 1}],
           "failed": [{"url": "u2", "what": "post", "reason": "timeout"}], "media_failures": [], "bogus": 3}
    rep = ScrapeReport.from_dict(old)
    assert rep.missing[0].id == "5" and rep.missing[0].title is None
    assert rep.failed[0].id is None and rep.failed[0].reason == Message.text("timeout")
    assert rep.to_dict()["failed"][0]["reason"] == "timeout" and "reason_code" not in rep.to_dict()["failed"][0]
    assert rep.to_dict()["missing"][0]["sources"] == ["rss"]


def test_a_refused_address_writes_no_archive(tmp_path):
    """`scrape ftp://…` is a usage error before anything is created."""
    p = subprocess.run([sys.executable, "-m", "tistory_migrate", "scrape", "ftp://x.tistory.com", "-o", str(tmp_path / "a")],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "only http and https" in " ".join(p.stderr.split())
    assert not (tmp_path / "a").exists()
