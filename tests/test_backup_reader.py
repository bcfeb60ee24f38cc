"""The official backup reader on the committed fixtures (fixtures/backups/README.md).

Expected values come from fixtures/backups/expected.json, written by
tools/make_backup_fixtures.py from the same table that built the zips.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest

from tistory_migrate.backup import open_backups
from tistory_migrate.backup.names import decode_entry_name, is_unsafe
from tistory_migrate.errors import BackupError, ExitCode
from tistory_migrate.normalize.images import find_media
from tistory_migrate.settings import BackupSettings

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "backups"
EXPECTED = json.loads((FIX / "expected.json").read_text(encoding="utf-8"))
MAIN_ZIP = FIX / EXPECTED["zip"]
ROLES = EXPECTED["roles"]
NUMBERS = sorted(EXPECTED["posts"], key=int)


def read_all(path: Path | list[Path], settings: BackupSettings | None = None):
    paths = path if isinstance(path, list) else [path]
    with open_backups(paths, settings or BackupSettings()) as bs:
        posts = list(bs.posts())
        files = {
            ref.local_path: bs.read_file(ref.local_path)
            for p in posts
            for ref in p.images + p.attachments
            if ref.local_path
        }
    return posts, files


def check_against_expected(posts, files, numbers=None):
    want = EXPECTED["posts"]
    numbers = numbers or sorted(want, key=int)
    assert [p.id for p in posts] == numbers
    for post in posts:
        exp = want[post.id]
        assert post.title == exp["title"]
        assert post.published == exp["published"]
        assert post.category == exp["category"]
        assert post.tags == exp["tags"]
        assert exp["snippet"] in post.body_raw
        assert post.status == "unknown"
        assert post.body_source == "backup"
        assert post.sources == ["backup"]
        assert post.url == f"https://{EXPECTED['blog']}.tistory.com/{post.id}"
        attachments = post.attachments  # links to other posts ("/133") are not files of the backup
        for refs, exps in ((post.images, exp["images"]), (attachments, exp["attachments"])):
            assert [r.src for r in refs] == [e["src"] for e in exps]
            for ref, e in zip(refs, exps):
                if e["file"] is None:
                    assert ref.local_path is None
                    assert ref.original_url == e["src"]  # left for the scraper to download
                    continue
                assert ref.local_path, ref
                assert hashlib.sha256(files[ref.local_path]).hexdigest() == e["sha256"]
                if ref.src.startswith(("http://", "https://")):
                    assert not ref.original_url.startswith("backup:")
                else:
                    assert ref.original_url == ref.identity == f"backup:{post.id}/{e['file']}"
                if "caption" in e:
                    assert ref.caption == e["caption"]
                if "filename" in e:
                    assert ref.filename == e["filename"]


def test_backup_only_zip_every_post():
    posts, files = read_all(MAIN_ZIP)
    check_against_expected(posts, files)


def test_body_is_inner_html_of_contents_style_only():
    posts, _ = read_all(MAIN_ZIP)
    for post in posts:
        assert 'class="tags"' not in post.body_raw
        assert "title-article" not in post.body_raw
        assert not post.body_raw.rstrip().endswith("<br>")
    # ads the author inserted stay in the raw body: stripping them is the normalizer's job
    for no in ROLES["ads"]:
        assert "adsbygoogle" in next(p for p in posts if p.id == no).body_raw


def test_repeated_img_png_names_stay_per_post():
    posts, files = read_all(MAIN_ZIP)
    by_id = {p.id: p for p in posts}
    name, nos = ROLES["repeated_image_name"]["file"], ROLES["repeated_image_name"]["posts"]
    refs = [next(r for r in by_id[no].images if r.local_path and r.local_path.endswith("/" + name)) for no in nos]
    assert len({r.identity for r in refs}) == len(nos)
    assert len({files[r.local_path] for r in refs}) == len(nos)


def test_folder_with_blog_level(tmp_path):
    posts, files = read_all(FIX / "unpacked")
    check_against_expected(posts, files)


def test_folder_without_blog_level(tmp_path):
    # The user unpacked only the post folders into a folder of their own naming.
    target = tmp_path / "내 백업"
    shutil.copytree(FIX / "unpacked" / "seodaemun-1-1", target)
    with open_backups([target], BackupSettings()) as bs:
        posts = list(bs.posts())
        assert [p.id for p in posts] == NUMBERS
        assert bs.blog_name is None
        assert posts[0].url == f"backup:{NUMBERS[0]}"  # no blog name anywhere: pseudo URL until merged
        img = posts[0].images[0]
        assert hashlib.sha256(bs.read_file(img.local_path)).hexdigest() == EXPECTED["posts"][NUMBERS[0]]["images"][0]["sha256"]


def test_folder_named_like_the_root_gives_the_blog_name():
    with open_backups([FIX / "unpacked" / "seodaemun-1-1"], BackupSettings()) as bs:
        assert bs.blog_name == "seodaemun"
        assert next(bs.posts()).url == f"https://seodaemun.tistory.com/{NUMBERS[0]}"


@pytest.mark.parametrize("name", ["names-utf8-unflagged.zip", "names-cp949.zip"])
def test_unflagged_names_decode_to_hangul(name):
    with zipfile.ZipFile(FIX / name) as zf:
        raw = [i for i in zf.infolist() if not i.filename.isascii()]
        assert raw and all(not i.flag_bits & 0x800 for i in raw)  # the fixture really is unflagged
    posts, files = read_all(FIX / name)
    check_against_expected(posts, files, numbers=ROLES["name_zips"])
    hangul = [r.local_path for p in posts for r in p.images + p.attachments if r.local_path and not r.local_path.isascii()]
    assert hangul, "the name zips must hold Hangul entry names"


def test_flagged_utf8_and_nfd_names_end_nfc():
    nfd = unicodedata.normalize("NFD", "서대문/1/img/사진.png")
    info = zipfile.ZipInfo(nfd)
    info.flag_bits |= 0x800
    name = decode_entry_name(info)
    assert name == unicodedata.normalize("NFC", nfd) and name != nfd


def test_cp949_name_decoding_unit():
    info = zipfile.ZipInfo("x")
    info.filename = "12/img/원탁.png".encode("cp949").decode("cp437")
    assert decode_entry_name(info) == "12/img/원탁.png"


@pytest.mark.parametrize("name", ["zip-slip.zip", "absolute-path.zip"])
def test_unsafe_paths_refused(name):
    with pytest.raises(BackupError, match="unsafe path"):
        open_backups([FIX / name], BackupSettings())


def test_unsafe_name_rules():
    assert is_unsafe("../a") and is_unsafe("a/../../b") and is_unsafe("/etc/x") and is_unsafe("C:/x")
    assert is_unsafe("a\\..\\b")
    assert not is_unsafe("blog-1-1/12/img/..hidden.png") and not is_unsafe("a/b.html")


def test_declared_size_over_bound_refused_early():
    small = BackupSettings(max_total_bytes=1024 * 1024)
    with pytest.raises(BackupError, match="zip bomb") as exc:
        open_backups([FIX / "zip-bomb.zip"], small)
    assert exc.value.exit_code == ExitCode.NOTHING
    # the same zip is fine under the default bounds
    posts, _ = read_all(FIX / "zip-bomb.zip")
    assert [p.id for p in posts] == [NUMBERS[0]]


def test_entry_bound_refused():
    with pytest.raises(BackupError, match="limit"):
        open_backups([FIX / "zip-bomb.zip"], BackupSettings(max_entry_bytes=64 * 1024))
    with pytest.raises(BackupError, match="entries"):
        open_backups([MAIN_ZIP], BackupSettings(max_entries=3))


def test_lying_sizes_caught_while_reading():
    # Headers claim 100 bytes; the data inflates to 4 MB. Opening passes (declared sizes are
    # small); reading the file stops with a BackupError instead of returning 4 MB.
    with open_backups([FIX / "zip-bomb-lying.zip"], BackupSettings()) as bs:
        with pytest.raises(BackupError):
            bs.read_file("0:" + ROLES["bomb_entry"])


def test_real_bytes_counted_across_reads():
    # The bound is just above the declared total, so opening passes and only the running
    # count of bytes really read can stop repeated reads of one file.
    with zipfile.ZipFile(MAIN_ZIP) as zf:
        declared = sum(i.file_size for i in zf.infolist())
    entry = next(f"0:seodaemun-1-1/{no}/{img['file']}" for no in NUMBERS for img in EXPECTED["posts"][no]["images"]
                 if img["file"] and not img["file"].isascii())
    settings = BackupSettings(max_total_bytes=declared + 1)
    with open_backups([MAIN_ZIP], settings) as bs:
        with pytest.raises(BackupError, match="unpacks to more than"):
            for _ in range(declared):
                bs.read_file(entry)


def test_corrupt_zip_clear_message():
    with pytest.raises(BackupError, match="not a readable zip") as exc:
        open_backups([FIX / "corrupt.zip"], BackupSettings())
    assert exc.value.hint and "Download" in exc.value.hint


def test_non_tistory_zip():
    with pytest.raises(BackupError, match="does not look like a Tistory backup"):
        open_backups([FIX / "not-tistory.zip"], BackupSettings())


def test_missing_and_wrong_kind_of_path(tmp_path):
    with pytest.raises(BackupError, match="does not exist"):
        open_backups([tmp_path / "nope.zip"], BackupSettings())
    txt = tmp_path / "notes.txt"
    txt.write_text("hello", encoding="utf-8")
    with pytest.raises(BackupError, match="neither a zip"):
        open_backups([txt], BackupSettings())


def test_several_backups_merge_by_number():
    with open_backups([FIX / "names-cp949.zip", MAIN_ZIP], BackupSettings()) as bs:
        posts = list(bs.posts())
        by_id = {p.id: p for p in posts}
        assert sorted(by_id, key=int) == NUMBERS and len(posts) == len(NUMBERS)  # each number once
        first, other = ROLES["name_zips"][0], next(n for n in NUMBERS if n not in ROLES["name_zips"] and EXPECTED["posts"][n]["images"])
        assert by_id[first].images[0].local_path.startswith("0:")  # first copy wins
        assert by_id[other].images[0].local_path.startswith("1:")
        assert any(f"post {first} is in backups 1 and 2" in n.english() for n in bs.notes)


def test_several_backups_come_out_ordered_by_number():
    with open_backups([FIX / "names-cp949.zip", MAIN_ZIP], BackupSettings()) as bs:
        assert [p.id for p in bs.posts()] == NUMBERS


def test_read_file_rejects_foreign_keys():
    with open_backups([MAIN_ZIP], BackupSettings()) as bs:
        for bad in (f"seodaemun-1-1/{NUMBERS[0]}/img/img.png", "7:x", "0:seodaemun-1-1/9/img/x.png"):
            with pytest.raises(BackupError):
                bs.read_file(bad)


def test_post_without_body_is_failed_not_fatal(tmp_path):
    root = tmp_path / "b" / "blog-1-1"
    shutil.copytree(FIX / "unpacked" / "seodaemun-1-1", root)
    broken, fine = NUMBERS[1], NUMBERS[2]
    (root / broken / EXPECTED["posts"][broken]["file"]).write_text("<html><body><p>broken export</p></body></html>", encoding="utf-8")
    with open_backups([tmp_path / "b"], BackupSettings()) as bs:
        posts = {p.id: p for p in bs.posts()}
    assert posts[broken].status == "failed" and any("no post body" in w for w in posts[broken].warnings)
    assert posts[fine].status == "unknown"


def test_refs_match_what_the_normalizer_marks():
    # The archive downloads/stores what post.images says; the exporter places what
    # normalize_body finds. They must be the same list, or markers point at nothing.
    posts, _ = read_all(MAIN_ZIP)
    for post in posts:
        imgs, atts = find_media(post.body_raw, f"backup:{post.id}/")
        assert [r.identity for r in post.images] == [r.identity for r in imgs], post.id
        # the backup adds file/ entries the body never names, after the body's own
        assert [r.identity for r in post.attachments][: len(atts)] == [r.identity for r in atts], post.id


def test_a_zip_entry_named_twice_keeps_the_first_and_says_so(tmp_path):
    """As unzip does: the first of two same-named entries is used, and the report is told."""
    import warnings

    dup = tmp_path / "dup.zip"
    with zipfile.ZipFile(MAIN_ZIP) as src, zipfile.ZipFile(dup, "w") as out:
        infos = src.infolist()
        for info in infos:
            out.writestr(info, src.read(info))
        target = next(i for i in infos if i.filename.endswith(".html") and "/112/" in "/" + i.filename)
        first = src.read(target)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
            out.writestr(target.filename, "<html><body>가짜 두 번째 사본</body></html>")
    with open_backups([dup], BackupSettings()) as backups:
        post = next(p for p in backups.posts() if p.id == "112")
        notes = [n.english() for n in backups.notes]
    assert "가짜 두 번째 사본" not in post.body_raw and first  # the first copy's body
    assert any("twice; the first copy was used" in n and "112" in n for n in notes), notes
