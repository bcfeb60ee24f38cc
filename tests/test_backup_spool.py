"""A legacy XML backup's attachments are spooled inside the archive folder while it streams,
never in the system's temporary folder, and the spool is gone when the run ends."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tistory_migrate.archive import SPOOL_DIR, Archive
from tistory_migrate.pipeline import Scraper, ScrapeOptions
from tistory_migrate.settings import Settings

LEGACY = Path(__file__).resolve().parent.parent / "fixtures" / "backups" / "legacy-seodaemun.xml"


def test_legacy_backup_writes_only_inside_the_archive(tmp_path, monkeypatch):
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # let tempfile read TMPDIR again
    seen = []
    real_mkdtemp = tempfile.mkdtemp

    def spy(*args, **kwargs):
        path = real_mkdtemp(*args, **kwargs)
        seen.append(path)
        return path

    monkeypatch.setattr(tempfile, "mkdtemp", spy)
    report = Scraper(None, Settings(), ScrapeOptions(backups=[LEGACY], archive=tmp_path / "a", offline=True)).run()
    assert report.counts
    assert seen and all(p.startswith(str(tmp_path / "a")) for p in seen)
    assert not (tmp_path / "a" / SPOOL_DIR).exists()
    assert os.listdir(system_tmp) == []
    with Archive.open(tmp_path / "a", readonly=True) as ar:
        assert any(m.status == "ok" for m in ar.iter_media())
