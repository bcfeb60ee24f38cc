"""``scrape --reparse`` recovers bodies an older version truncated at libxml2's depth limit
(issue 17): the stored page is read again whole, the body grows, and the report lists the post
(``ScrapeReport.bodies_grown``). The archive "scraped before this fix" is made the way that
version made it: the page parsed by the plain libxml2 parser (depth limit 256), the container
serialized from that tree because the raw slice disagreed with its text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import lxml.html

from support.cli import run_cli
from tistory_migrate.archive import Archive
from tistory_migrate.extract.body import find_container
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.report import GrownBody, ScrapeReport

sys.path.insert(0, str(Path(__file__).parent / "badinput"))
from cases import site_hostile  # noqa: E402
from test_bad_input import FAST, write_site  # noqa: E402


def old_body(page: str) -> str:
    """What the version before the fix stored for this page's body: lxml's own copy of the
    container, cut short where libxml2 stopped (no huge_tree, no fallback)."""
    doc = lxml.html.document_fromstring(page)
    _container, el = find_container(doc)
    return (el.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in el)


def test_reparse_recovers_truncated_bodies_and_lists_them(tmp_path: Path):
    site = write_site(tmp_path / "site", site_hostile("unclosed-spans")())
    (tmp_path / "fast.toml").write_text(FAST, encoding="utf-8")
    archive = tmp_path / "A"
    with FixtureServer([site]) as srv:
        result = run_cli(["scrape", "https://deep.tistory.com", "-o", str(archive), "--config", str(tmp_path / "fast.toml"),
                          "--quiet", *srv.resolve_args()])
    assert result.code == 0, result.text
    with Archive.open(archive) as ar:
        page = ar.get_page("https://deep.tistory.com/1")
        post = ar.get_post("1")
        assert "400번째 문단" in post.body_raw  # today's scrape keeps it all
        post.body_raw = old_body(page.text)
        assert "400번째 문단" not in post.body_raw and "100번째 문단" in post.body_raw  # the old loss, for real
        ar.put_post(post)

    result = run_cli(["scrape", "--reparse", "-o", str(archive), "--json"])
    assert result.code == 0, result.text
    report = json.loads(result.out)
    grown = report["bodies_grown"]
    assert [g["id"] for g in grown] == ["1"], grown  # post 2 read the same: not listed
    assert grown[0]["after"] > grown[0]["before"] * 2
    with Archive.open(archive, readonly=True) as ar:
        assert "400번째 문단" in ar.get_post("1").body_raw

    shown = run_cli(["report", str(archive)])
    assert "Bodies read longer than the archive had them" in shown.out, shown.text
    assert f"{grown[0]['before']} → {grown[0]['after']} characters" in shown.out


def test_a_report_stored_before_bodies_grown_existed_still_reads():
    old = {"target": "https://x.tistory.com", "mode": "scrape", "counts": {"public": 3}, "warnings": []}
    report = ScrapeReport.from_dict(old)
    assert report.bodies_grown == [] and report.counts == {"public": 3}
    report.bodies_grown.append(GrownBody("7", "제목", "https://x.tistory.com/7", 10, 900))
    again = ScrapeReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again.bodies_grown == report.bodies_grown
