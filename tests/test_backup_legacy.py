"""The legacy (pre-2016) XML backup: streamed posts, visibility, comments, base64 attachments."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

import pytest

from tistory_migrate.backup import merge_posts, open_backups
from tistory_migrate.backup.legacy_xml import LegacyXmlBackup
from tistory_migrate.errors import BackupError
from tistory_migrate.normalize.images import find_media
from tistory_migrate.settings import BackupSettings

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "backups"
EXPECTED = json.loads((FIX / "expected.json").read_text(encoding="utf-8"))
XML = FIX / "legacy-seodaemun.xml"


def test_posts_fields_and_statuses():
    with open_backups([XML], BackupSettings()) as bs:
        posts = {p.id: p for p in bs.posts()}
    assert sorted(posts) == sorted(EXPECTED["legacy"])
    for pid, exp in EXPECTED["legacy"].items():
        post = posts[pid]
        assert post.title == exp["title"] and post.status == exp["status"] and post.kind == exp["kind"]
        assert post.body_source == "backup" and post.sources == ["backup"]
    p = posts["11"]
    exp = EXPECTED["legacy"]["11"]
    assert p.published == exp["published"] and p.updated == exp["updated"]
    assert p.category == exp["category"] and p.tags == exp["tags"]
    assert p.extra["slogan"] == exp["slug"]
    assert p.slug_url == "https://seodaemun.tistory.com/entry/" + "%EC%84%9C%EB%8C%80%EB%AC%B8-%EC%A3%BC%EB%AF%BC-%EC%9B%90%ED%83%81%ED%9A%8C%EC%9D%98"
    assert posts["13"].url == "https://seodaemun.tistory.com/notice/13"
    assert "[##_1C|" in p.body_raw  # placeholders left for the normalizer


def test_comments_kept_secret_ones_left_out():
    with open_backups([XML], BackupSettings()) as bs:
        p = next(p for p in bs.posts() if p.id == "11")
    assert p.extra["comments"] == EXPECTED["legacy"]["11"]["comments"]
    assert any("secret comment" in w for w in p.warnings)
    assert "010-0000-0000" not in json.dumps(p.to_dict(), ensure_ascii=False)


def test_password_never_copied():
    with open_backups([XML], BackupSettings()) as bs:
        dumped = json.dumps([p.to_dict() for p in bs.posts()], ensure_ascii=False)
    assert "secret-should-not-leak" not in dumped and "1234" not in dumped


def _check_legacy_media(bs, p):
    img, = p.images
    att, = p.attachments
    assert img.filename == "원탁회의.png" and (img.width, img.height) == (12, 8)
    assert att.filename == "협치 자료집.pdf"
    shas = {hashlib.sha256(bs.read_file(ref.local_path)).hexdigest() for ref in (img, att)}
    assert shas == set(EXPECTED["legacy_files"].values())
    assert hashlib.sha256(bs.read_file(img.local_path)).hexdigest() == EXPECTED["legacy_files"][
        "cfile30.uf.11613F345148691C3095BD.png"
    ]


def test_base64_attachments_decoded_lazily_to_spool():
    with open_backups([XML], BackupSettings()) as bs:
        p = next(p for p in bs.posts() if p.id == "11")
        _check_legacy_media(bs, p)
        spool = bs._spool
        assert spool is not None and any(spool.rglob("*"))
    assert not spool.exists()  # removed on close


def test_refs_match_what_the_normalizer_marks():
    with open_backups([XML], BackupSettings()) as bs:
        p = next(p for p in bs.posts() if p.id == "11")
    imgs, atts = find_media(p.body_raw, "backup:11/")
    assert [r.identity for r in p.images] == [r.identity for r in imgs]
    assert [r.identity for r in p.attachments] == [r.identity for r in atts]


def test_file_on_its_own_reads_the_placeholders_as_the_normalizer_does(tmp_path):
    # Without a BackupSet around it: the same refs, tied to the spooled bytes by cfile id / name.
    xml = LegacyXmlBackup(XML, tmp_path / "spool", index=0)
    p = next(p for p in xml.posts() if p.id == "11")
    img, = p.images
    assert img.src == img.original_url == "https://cfile30.uf.tistory.com/original/11613F345148691C3095BD"
    assert img.caption == "▲ 원탁회의 모습" and img.filename == "원탁회의.png"
    key = img.local_path.split(":", 1)[1]
    assert key == "legacy/11/cfile30.uf.11613F345148691C3095BD.png"
    assert hashlib.sha256(xml.read(key)).hexdigest() == EXPECTED["legacy_files"]["cfile30.uf.11613F345148691C3095BD.png"]
    att, = p.attachments
    assert att.src == "[##_ATTACH_PATH_##]/cfile2.uf.2D4E6F.pdf" and att.filename == "협치 자료집.pdf"
    assert hashlib.sha256(xml.read(att.local_path.split(":", 1)[1])).hexdigest() == EXPECTED["legacy_files"][
        "cfile2.uf.2D4E6F.pdf"]


def test_read_file_before_posts_spools_on_demand():
    with open_backups([XML], BackupSettings()) as bs:
        data = bs.read_file("0:legacy/11/cfile2.uf.2D4E6F.pdf")
    assert hashlib.sha256(data).hexdigest() == EXPECTED["legacy_files"]["cfile2.uf.2D4E6F.pdf"]


def test_legacy_visibility_survives_backup_only_merge():
    with open_backups([XML], BackupSettings()) as bs:
        posts = {p.id: p for p in bs.posts()}
    assert merge_posts(posts["12"], None, public_status=None).status == "private"
    assert merge_posts(posts["11"], None, public_status="missing").status == "private"


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc to read memory use")
def test_streaming_memory_stays_near_one_attachment(tmp_path):
    # 80 posts with a 300 KB attachment each (about 32 MB of base64): the reader must hold
    # about one post at a time. libxml2's memory is invisible to tracemalloc, so the
    # process's resident size is sampled after every post instead.
    payload = base64.encodebytes(bytes(range(256)) * 1200).decode("ascii")
    path = tmp_path / "big.xml"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="utf-8"?>\n<blog>\n')
        for i in range(1, 81):
            fh.write(
                f"<post><id>{i}</id><visibility>public</visibility><title>t{i}</title>"
                f"<content>[##_1C|f{i}.bin|width=\"1\"|_##]</content><published>1300000000</published>"
                f'<attachment mime="application/octet-stream"><name>f{i}.bin</name><label>f{i}.bin</label>'
                f"<content>{payload}</content></attachment></post>\n"
            )
        fh.write("</blog>\n")
    size = path.stat().st_size
    with open_backups([path], BackupSettings()) as bs:
        start = _rss()
        peak = start
        count = 0
        for _ in bs.posts():
            count += 1
            peak = max(peak, _rss())
        assert len(bs.read_file("0:legacy/80/f80.bin")) == 256 * 1200
    assert count == 80
    assert peak - start < size / 3, (peak - start, size)


def test_not_a_backup_xml(tmp_path):
    rss = tmp_path / "feed.xml"
    rss.write_text('<?xml version="1.0"?><rss><channel></channel></rss>', encoding="utf-8")
    with open_backups([rss], BackupSettings()) as bs:
        with pytest.raises(BackupError, match="not a Tistory backup"):
            list(bs.posts())
    cut = tmp_path / "cut.xml"
    cut.write_bytes(XML.read_bytes()[:1500])
    with open_backups([cut], BackupSettings()) as bs:
        with pytest.raises(BackupError, match="not a readable XML backup"):
            list(bs.posts())
