"""One post must not stop an export: an error in one post's normalization, or in one format's
handling of it, leaves that post out (listed with its reason, exit 1) and every other post is
exported; no file is left half-written.

The error is a fault in a dependency (``support.faults.DependencyFault``: nh3, json), raised for
one post's data, so these tests do not depend on which normalizer defect exists today."""

from __future__ import annotations

import json
from pathlib import Path

import nh3
import pytest

from support.cli import run_cli
from support.faults import DependencyFault
from support.fixture_blog import OLD, build_archive
from tistory_migrate.exporters import EXPORTERS
from tistory_migrate.models import Post

BAD = "150"
SENTINEL = "TM-FAULT-150"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "A"
    ar = build_archive(root)
    ar.put_post(Post(id=BAD, url=f"{OLD}/{BAD}", title="고장 난 글", status="public", published="2017-08-01T09:00:00+09:00",
                     body_raw=f"<p>{SENTINEL} 본문입니다.</p>", sources=["front"]))
    ar.close()
    return root


def exported_ids(out: Path) -> dict[str, set[str]]:
    """The post ids each format's files hold, read from the files themselves."""
    found: dict[str, set[str]] = {}
    jsonl = out / "jsonl" / "posts.jsonl"
    if jsonl.exists():
        found["jsonl"] = {json.loads(line)["id"] for line in jsonl.read_text(encoding="utf-8").splitlines()}
    naver = out / "naver" / "posts"
    if naver.is_dir():
        found["naver"] = {d.name.split("-", 1)[1] for d in naver.iterdir()}
    wxr = sorted((out / "wxr").glob("*.xml")) if (out / "wxr").is_dir() else []
    if wxr:
        text = wxr[0].read_text(encoding="utf-8")
        found["wxr"] = {pid for pid in ("101", "102", "103", "104", "105", "108", "106", BAD) if f"<wp:post_id>{pid}</wp:post_id>" in text}
    redirects = out / "redirects" / "redirects.csv"
    if redirects.exists():
        found["redirects"] = {pid for pid in ("101", "102", BAD) if f"{OLD}/{pid}" in redirects.read_text(encoding="utf-8")}
    return found


def leftovers(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.name.endswith(".tmp") or p.name == ".staging")


def test_a_post_whose_normalization_fails_is_left_out_of_every_format(archive: Path, tmp_path: Path, monkeypatch):
    fault = DependencyFault(nh3, "clean", when=SENTINEL).install(monkeypatch)
    out = tmp_path / "out"
    result = run_cli(["export", str(archive), "-f", "all", "-o", str(out)])
    assert result.code == 1, result.text
    assert fault.calls == 1  # normalized once for every format, and it failed once
    assert "Traceback" not in result.text
    for name in ("jsonl", "naver", "wxr"):
        assert f"Post {BAD} was left out: its body could not be converted (RecursionError: maximum recursion depth exceeded)" \
            in result.text, result.text
    ids = exported_ids(out)
    assert BAD not in ids["jsonl"] and {"101", "102", "103", "108"} <= ids["jsonl"], ids
    assert BAD not in ids["naver"] and "101" in ids["naver"], ids
    assert BAD not in ids["wxr"] and {"101", "102"} <= ids["wxr"], ids
    assert BAD in ids["redirects"]  # the redirect map reads no body: nothing failed for it
    assert leftovers(out) == []
    plan = (out / "naver" / "plan.csv").read_text(encoding="utf-8-sig")
    row = next(line for line in plan.splitlines() if f",{BAD}," in line)
    assert ",no," in row and "변환 중 오류가 나서 뺐습니다" in row, row  # the plan still lists every post


def test_json_lists_the_post_and_its_reason(archive: Path, tmp_path: Path, monkeypatch):
    DependencyFault(nh3, "clean", when=SENTINEL).install(monkeypatch)
    result = run_cli(["export", str(archive), "-f", "jsonl", "-o", str(tmp_path / "out"), "--json"])
    assert result.code == 1, result.text
    summary = json.loads(result.out)[0]
    assert summary["failed"] == [{"id": BAD, "reason": "its body could not be converted (RecursionError: maximum recursion depth exceeded)",
                                  "reason_code": {"id": "its body could not be converted ({error})",
                                                  "params": {"error": "RecursionError: maximum recursion depth exceeded"}}}]
    assert summary["skipped"] == {"an error in that post": 1}
    assert summary["posts"] == 8  # the fixture blog's eight, without 150


def test_ids_of_another_post_never_touch_the_failing_one(archive: Path, tmp_path: Path, monkeypatch):
    fault = DependencyFault(nh3, "clean", when=SENTINEL).install(monkeypatch)
    out = tmp_path / "out"
    result = run_cli(["export", str(archive), "-f", "all", "-o", str(out), "--ids", "101", "--quiet"])
    assert result.code == 0, result.text
    assert fault.calls == 0
    assert exported_ids(out)["jsonl"] == {"101"}


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_every_format_alone(fmt: str, archive: Path, tmp_path: Path, monkeypatch):
    DependencyFault(nh3, "clean", when=SENTINEL).install(monkeypatch)
    out = tmp_path / "out"
    result = run_cli(["export", str(archive), "-f", fmt, "-o", str(out), "--quiet"])
    reads_bodies = EXPORTERS[fmt].uses_body
    assert result.code == (1 if reads_bodies else 0), result.text
    assert (f"Post {BAD} was left out" in result.text) == reads_bodies, result.text
    ids = exported_ids(out)[fmt]
    assert (BAD in ids) != reads_bodies and "101" in ids, ids
    assert leftovers(out) == []


def test_a_fault_in_one_format_leaves_the_post_in_the_others(archive: Path, tmp_path: Path, monkeypatch):
    """json.dumps fails on the post's record: jsonl and naver (its staging record) leave it out,
    WordPress (no JSON) exports it."""
    DependencyFault(json, "dumps", when=SENTINEL).install(monkeypatch)
    out = tmp_path / "out"
    result = run_cli(["export", str(archive), "-f", "jsonl", "-f", "naver", "-f", "wxr", "-o", str(out), "--quiet"])
    assert result.code == 1, result.text
    assert f"Post {BAD} was left out: it could not be written (RecursionError" in result.text
    ids = exported_ids(out)
    assert BAD not in ids["jsonl"] and BAD not in ids["naver"] and BAD in ids["wxr"], ids
    assert {"101", "102"} <= ids["jsonl"] & ids["naver"]
    assert leftovers(out) == []


def test_an_interrupted_export_keeps_the_earlier_files_whole(archive: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    assert run_cli(["export", str(archive), "-f", "jsonl", "-f", "wxr", "-f", "redirects", "-o", str(out), "--quiet"]).code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    DependencyFault(nh3, "clean", when=SENTINEL, exc=KeyboardInterrupt()).install(monkeypatch)
    result = run_cli(["export", str(archive), "-f", "jsonl", "-f", "wxr", "-f", "redirects", "-o", str(out), "--quiet"])
    assert result.code == 130, result.text
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert leftovers(out) == []


def test_an_error_that_is_not_the_posts_stops_the_export(archive: Path, tmp_path: Path, monkeypatch):
    """A disk error would meet every post: it stops the export (exit 1 with its message), and
    the unfinished posts.jsonl is removed."""
    DependencyFault(nh3, "clean", when=SENTINEL, exc=OSError(28, "No space left on device")).install(monkeypatch)
    out = tmp_path / "out"
    result = run_cli(["export", str(archive), "-f", "jsonl", "-o", str(out), "--quiet"])
    assert result.code == 1, result.text
    assert "Post 150 was left out" not in result.text
    assert not (out / "jsonl" / "posts.jsonl").exists()
    assert leftovers(out) == []


def test_redirects_verify_reports_the_post_and_goes_on(tmp_path: Path, monkeypatch):
    """``redirects resolve --verify`` normalizes each matched post the export's way: one that
    cannot be converted is a problem of that post, not the end of the command."""
    from support.fixture_blog import build_archive as build
    from tistory_migrate.fetch.http import HttpFetcher
    from tistory_migrate.fetch.serve import FixtureServer
    from tistory_migrate.redirects.resolve import resolve
    from tistory_migrate.settings import FetchSettings

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "naver"
    DependencyFault(nh3, "clean", when="원탁회의 모습").install(monkeypatch)  # post 101's caption
    with FixtureServer([fixture]) as srv:
        hosts = {"blog.naver.com": srv.address, "rss.blog.naver.com": srv.address, "m.blog.naver.com": srv.address}
        fetcher = HttpFetcher(FetchSettings(page_delay=0, media_delay=0, respect_robots=False, retries=0), resolve=hosts)
        try:
            with build(tmp_path / "ar") as ar:
                report = resolve(ar, fetcher, naver_blog="tm_fixture", page_size=3, verify=True)
        finally:
            fetcher.close()
    verified = {v.post_id: v for v in report.verified}
    assert [p.english() for p in verified["101"].problems] == [
        "its body could not be converted (RecursionError: maximum recursion depth exceeded)"]
    others = [v for k, v in verified.items() if k != "101"]
    assert others and all(v.naver_images is not None for v in others)  # the others were verified as usual
