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
