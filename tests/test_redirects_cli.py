"""`redirects resolve` and `redirects render` through the command line, against the fixture
Naver blog on loopback."""

from __future__ import annotations

import json
from pathlib import Path

from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.archive import Archive
from tistory_migrate.redirects import STYLES

from support.cli import assert_clean, run_cli
from support.fixture_blog import build_archive

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "naver"


def test_resolve_then_render_every_style(tmp_path):
    build_archive(tmp_path / "ar").close()
    with FixtureServer([FIXTURE]) as srv:
        resolve = []
        for host in ("blog.naver.com", "rss.blog.naver.com", "m.blog.naver.com"):
            resolve += ["--resolve", f"{host}={srv.address}"]
        cfg = tmp_path / "c.toml"
        cfg.write_text("[fetch]\npage_delay = 0.0\nretries = 0\n", encoding="utf-8")
        proc = run_cli(["redirects", "resolve", tmp_path / "ar", "--naver-blog", "tm_fixture_down", *resolve,
                        "--config", cfg, "--json"])
    assert_clean(proc, 0)
    data = json.loads(proc.out)
    assert any(m["post_id"] == "101" for m in data["matched"])  # from RSS, the post list failing
    out = tmp_path / "out"
    for style, spec in STYLES.items():
        proc = run_cli(["redirects", "render", tmp_path / "ar", "--style", style, "-o", out,
                        "--home-url", "https://blog.naver.com/tm_fixture"])
        assert_clean(proc, 0, f"Wrote {out / 'redirects' / spec.file_name}")
    # one folder, one file per style: a render never removes what another style wrote
    assert sorted(p.name for p in (out / "redirects").iterdir()) == sorted(s.file_name for s in STYLES.values())
    text = (out / "redirects" / STYLES["csv"].file_name).read_text(encoding="utf-8-sig")
    assert "https://blog.naver.com/" in text


def test_resolve_needs_a_source(tmp_path):
    build_archive(tmp_path / "ar").close()
    assert_clean(run_cli(["redirects", "resolve", tmp_path / "ar"]), 2, "--naver-blog")
    assert_clean(run_cli(["redirects", "render", tmp_path / "ar", "--style", "pdf", "-o", tmp_path / "o"]),
                 2, "Unknown style")


def test_render_needs_blog_information_and_an_http_home(tmp_path):
    Archive.open(tmp_path / "empty", create=True).close()
    assert_clean(run_cli(["redirects", "render", tmp_path / "empty", "--style", "csv", "-o", tmp_path / "o"]),
                 2, "no blog information")
    build_archive(tmp_path / "ar").close()
    assert_clean(run_cli(["redirects", "render", tmp_path / "ar", "--style", "nginx", "-o", tmp_path / "o",
                          "--home-url", "javascript:alert(1)"]), 2, "is not an http(s) address")
    assert not (tmp_path / "o").exists()  # refused before anything is written
