"""Settings: defaults with units, TOML overrides, unknown keys are errors, flags win."""

from __future__ import annotations

import pytest

from tistory_migrate.errors import ConfigError
from tistory_migrate.settings import Settings, load_settings


def test_defaults():
    s = Settings()
    assert s.fetch.page_delay == 1.0 and s.naver.per_day == 5 and s.fetch.respect_robots


def test_toml_overrides_and_flags_win(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[fetch]\npage_delay = 2.5\nretries = 1\n[naver]\nper_day = 3\n", encoding="utf-8")
    s = load_settings(cfg)
    assert s.fetch.page_delay == 2.5 and s.fetch.retries == 1 and s.naver.per_day == 3
    assert s.with_overrides("fetch", page_delay=0.2).fetch.page_delay == 0.2
    assert s.with_overrides("fetch", page_delay=None).fetch.page_delay == 2.5


def test_project_file_in_cwd(tmp_path):
    (tmp_path / "tistory-migrate.toml").write_text("[fetch]\nmedia_workers = 2\n", encoding="utf-8")
    assert load_settings(cwd=tmp_path).fetch.media_workers == 2


@pytest.mark.parametrize("text,match", [
    ("[fetch]\npage_dealy = 2\n", "Unknown setting 'fetch.page_dealy'"),
    ("[fetcher]\npage_delay = 2\n", r"Unknown section \[fetcher\]"),
    ("[fetch]\npage_delay = 'slow'\n", "must be a number"),
    ("[fetch]\nretries = 1.5\n", "whole number"),
    ("[fetch]\nrespect_robots = 'no'\n", "true or false"),
    ("[naver]\nper_day = 500\n", "between 1 and 200"),
    ("[naver]\nduplicate_choice = 'maybe'\n", "private, delete or keep"),
    ("this is = not [toml", "not valid TOML"),
])
def test_bad_config(tmp_path, text, match):
    cfg = tmp_path / "c.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=match):
        load_settings(cfg)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_retired_key_is_accepted_with_a_notice(tmp_path):
    """An old settings file with scrape.download_media keeps working; the key does nothing."""
    cfg = tmp_path / "c.toml"
    cfg.write_text("[scrape]\ndownload_media = false\nprobe_max_gap = 7\n", encoding="utf-8")
    s = load_settings(cfg)
    assert s.scrape.probe_max_gap == 7
    assert len(s.notices) == 1 and "download_media is no longer used" in s.notices[0]
    assert not hasattr(s.scrape, "download_media")
    assert load_settings(None, cwd=tmp_path).notices == ()


def test_retired_key_notice_is_printed_once_and_the_command_runs(tmp_path):
    import subprocess
    import sys

    cfg = tmp_path / "c.toml"
    cfg.write_text("[scrape]\ndownload_media = true\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "tistory_migrate", "export", str(tmp_path / "nope"), "--format", "jsonl",
                        "-o", str(tmp_path / "out"), "--config", str(cfg)], capture_output=True, text=True)
    assert p.stderr.count("download_media is no longer used") == 1
    assert p.returncode == 5  # the command went on to its own error (no archive there)


def test_a_settings_file_saved_by_notepad_with_a_bom_loads(tmp_path):
    """Windows Notepad saves "UTF-8 (BOM)": the mark is not part of the first key."""
    cfg = tmp_path / "c.toml"
    cfg.write_bytes("\ufeff[naver]\nper_day = 3\n".encode("utf-8"))
    assert load_settings(cfg).naver.per_day == 3


@pytest.mark.parametrize("section,key,value,match", [
    ("fetch", "retries", -1, "fetch.retries' cannot be negative"),
    ("fetch", "media_workers", -2, "fetch.media_workers' cannot be negative"),
    ("wxr", "max_items", -5, "wxr.max_items' cannot be negative"),
    ("scrape", "probe_max_gap", -1, "scrape.probe_max_gap' cannot be negative"),
    ("fetch", "page_delay", -0.5, "fetch.page_delay' cannot be negative"),
    ("fetch", "read_timeout", 0, "fetch.read_timeout' must be more than 0"),
    ("fetch", "max_page_bytes", 0, "fetch.max_page_bytes' must be more than 0"),
    ("fetch", "page_workers", 0, "fetch.page_workers' must be more than 0"),
    ("backup", "max_entries", 0, "backup.max_entries' must be more than 0"),
    ("fetch", "page_deadline", 0, "fetch.page_deadline' must be more than 0"),
    ("fetch", "page_deadline", -1.5, "fetch.page_deadline' cannot be negative"),
    ("fetch", "media_rate_window", 0, "fetch.media_rate_window' must be more than 0"),
    ("fetch", "media_min_rate", -1, "fetch.media_min_rate' cannot be negative"),
    ("fetch", "connect_timeout", "nan", "must be a number"),
])
def test_numbers_out_of_range_name_their_key(tmp_path, section, key, value, match):
    cfg = tmp_path / "c.toml"
    cfg.write_text(f"[{section}]\n{key} = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=match):
        load_settings(cfg)


@pytest.mark.parametrize("section,key", [("fetch", "page_delay"), ("fetch", "media_delay"), ("fetch", "retries"),
                                         ("fetch", "media_min_rate"),
                                         ("wxr", "max_items"), ("scrape", "probe_max_gap")])
def test_zero_stays_valid_where_it_means_something(tmp_path, section, key):
    cfg = tmp_path / "c.toml"
    cfg.write_text(f"[{section}]\n{key} = 0\n", encoding="utf-8")
    assert getattr(getattr(load_settings(cfg), section), key) == 0
