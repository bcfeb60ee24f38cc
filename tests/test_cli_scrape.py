"""scrape / report / export through the command line on the demo blog (--mirror and --resolve):
filters, --json, --dry-run, report, and what gets written where."""

from __future__ import annotations

import json

from tistory_migrate.archive import Archive
from tistory_migrate.fetch.serve import FixtureServer

from support.cli import assert_clean, run_cli
from support.paths import DEMO_BLOG

URL = "https://seodaemun.tistory.com"


def scrape(tmp_path, *extra, name="a"):
    return run_cli(["scrape", URL, "-o", tmp_path / name, "--mirror", DEMO_BLOG, *extra])


def ids(tmp_path, name="a"):
    with Archive.open(tmp_path / name, readonly=True) as ar:
        return {p.id: p for p in ar.iter_posts()}


def test_json_report_and_report_command(tmp_path):
    result = scrape(tmp_path, "--json")
    assert_clean(result, 0)
    data = json.loads(result.out)
    assert data["counts"]["public"] == 13 and data["counts"]["protected"] == 1 and data["counts"]["missing"] == 1
    assert [r["id"] for r in data["protected"]] == ["147"]
    assert data["media"]["missing"] == 1 and data["media_failures"][0]["post"] == "161"
    assert any("Comments were not read" in n and "--comments" in n for n in data["notes"])
    again = run_cli(["report", tmp_path / "a", "--json"])
    assert_clean(again, 0)
    assert json.loads(again.out)["counts"] == data["counts"]
    human = run_cli(["report", tmp_path / "a"])
    assert_clean(human, 0, "Protected (password) posts", "147", "Comments were not read")


def test_category_filter(tmp_path):
    assert_clean(scrape(tmp_path, "--category", "협치/원탁회의", "--quiet"), 0)
    got = ids(tmp_path)
    assert got and all(p.category == "협치/원탁회의" for p in got.values() if p.status == "public")
    assert {"120", "123", "126", "142", "156"} <= set(got)
    assert "138" not in got


def test_tag_url_target(tmp_path):
    result = run_cli(["scrape", URL + "/tag/원탁회의", "-o", tmp_path / "a", "--mirror", DEMO_BLOG, "--quiet"])
    assert_clean(result, 0)
    assert set(ids(tmp_path)) == {"112", "120", "123", "126", "142", "156"}


def test_limit_and_since(tmp_path):
    assert_clean(scrape(tmp_path, "--limit", "3", "--quiet"), 0)
    assert len(ids(tmp_path)) == 3
    assert_clean(scrape(tmp_path, "--since", "2020-01-01", "--quiet", name="b"), 0)
    got = ids(tmp_path, "b")
    assert got and all((p.published or "9999") >= "2020-01-01" for p in got.values() if p.status == "public")


def test_dry_run(tmp_path):
    result = scrape(tmp_path, "--dry-run")
    assert_clean(result, 0, "Dry run", "A full run would fetch about")
    assert not (tmp_path / "a").exists()


def test_export_all_formats_writes_only_under_out(tmp_path):
    assert_clean(scrape(tmp_path, "--quiet"), 0)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli(["export", tmp_path / "a", "--format", "all", "-o", tmp_path / "out", "--start-date", "2026-01-05"])
    assert_clean(result, 0, "naver", "wxr", "redirects", "jsonl")
    after = sorted(p.name for p in tmp_path.iterdir())
    assert set(after) - set(before) == {"out"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["jsonl", "naver", "redirects", "wxr"]


def test_jsonl_matches_the_schema(tmp_path):
    import jsonschema

    from importlib.resources import files

    schema = json.loads(files("tistory_migrate").joinpath("schema/post.schema.json").read_text(encoding="utf-8"))
    assert_clean(scrape(tmp_path, "--quiet"), 0)
    assert_clean(run_cli(["export", tmp_path / "a", "--format", "jsonl", "-o", tmp_path / "out", "--quiet"]), 0)
    lines = (tmp_path / "out" / "jsonl" / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 15
    for line in lines:
        rec = json.loads(line)
        jsonschema.validate(rec, schema)
        for img in rec["images"]:
            if img["status"] == "ok":
                assert (tmp_path / "out" / "jsonl" / img["file"]).is_file()
    by_id = {json.loads(l)["id"]: json.loads(l) for l in lines}
    assert by_id["161"]["images"][-1]["status"] == "missing" or any(i["status"] == "missing" for i in by_id["161"]["images"])
    assert by_id["172"]["kind"] == "notice"


def test_loopback_cli_with_resolve(tmp_path):
    with FixtureServer([DEMO_BLOG]) as srv:
        cfg = tmp_path / "c.toml"
        cfg.write_text("[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\n", encoding="utf-8")
        result = run_cli(["scrape", URL, "-o", tmp_path / "a", *srv.resolve_args(), "--config", cfg, "--quiet"])
    assert_clean(result, 0)
    assert len(ids(tmp_path)) == 15
