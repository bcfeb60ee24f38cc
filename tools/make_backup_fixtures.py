"""Build fixtures/backups/: small Tistory backups (zip, folder, legacy XML) and broken ones.

Run from the repository root: ``python tools/make_backup_fixtures.py``. Output is
deterministic (fixed zip timestamps, fixed image seeds), so re-running leaves git clean.
``fixtures/backups/expected.json`` is written from the same POSTS table, so the tests compare
the reader's output with what was put in, not with numbers copied by hand.

The posts belong to the Seodaemun fixture blog (서대문구청 티스토리, closed 2023): titles and
text follow the public seed page; ids are kept in POSTS so they can follow the public demo
replica (src/tistory_migrate/demo/seodaemun/) if its numbering changes.
"""

from __future__ import annotations

import base64
import json
import shutil
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "backups"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixture_images import jpeg_bytes, pattern, pdf_bytes, png_bytes  # noqa: E402

BLOG = "seodaemun"
FOLDER = f"{BLOG}-1-1"
STAMP = (2023, 6, 30, 12, 0, 0)

IMG_A = png_bytes(pattern(12, 8, 1))
IMG_B = png_bytes(pattern(10, 10, 2))
IMG_C = jpeg_bytes(pattern(16, 16, 3))
IMG_D = png_bytes(pattern(8, 6, 4))
PDF = pdf_bytes(["Seodaemun governance plan 2019", "fixture attachment"])
HWP = b"HWP Document File fixture\x00" + bytes(range(32))

MISSING_IMG = "https://blog.kakaocdn.net/dn/bSeoDa/btqMissing/K1aBcD2eFgH3iJkL4mNoP0/img.jpg"
FILEBLOCK_URL = "https://blog.kakaocdn.net/dn/cSeoDa/btqFileBlk/Q9wErT8yUiO7pAsD6fGhJ1/tfile.hwp?attach=1&knm=tfile.hwp"

# Each post: number, folder file name, header style, fields, body, files in the post folder.
# header "2025" = the nesting seen in a real 2025 backup; "skeleton" = the reconstructed one.
POSTS = [
    {
        "no": "1",
        "file": "1-협치란-서대문구,-협치-어떻게-할까요.html",
        "header": "2025",
        "title": "협치란? 서대문구, 협치 어떻게 할까요?",
        "date": "2016-07-05 14:30:00",
        "category": "서대문 소식/협치",
        "tags": ["협치", "원탁회의", "서대문구"],
        "tags_div": "#협치 #원탁회의 #서대문구",
        "body": (
            '<p data-ke-size="size16">협치가 뭐예요? 최근 새로운 화두로 떠오른 협치의 시대를 맞아 원탁회의가 열렸어요.</p>'
            '<figure class="imageblock alignCenter"><span data-lightbox="lightbox">'
            '<img src="./img/img.png" /></span><figcaption>▲ 7월 1일 원탁회의 모습</figcaption></figure>'
            '<p data-ke-size="size16">소통과 화합이 잘 이루어지면 모든 문제가 해결되겠지요?</p>'
            '<figure class="imageblock alignCenter"><span data-lightbox="lightbox">'
            '<img src="./img/img_1.png" /></span><figcaption>▲문석진 구청장의 기조 강연</figcaption></figure>'
        ),
        "files": {"img/img.png": IMG_A, "img/img_1.png": IMG_B},
        "images": [
            {"src": "./img/img.png", "file": "img/img.png", "caption": "▲ 7월 1일 원탁회의 모습"},
            {"src": "./img/img_1.png", "file": "img/img_1.png", "caption": "▲문석진 구청장의 기조 강연"},
        ],
        "attachments": [],
        "public": True,
        "snippet": "최근 새로운 화두로 떠오른 협치의 시대",
    },
    {
        "no": "2",
        "file": "2.html",
        "header": "skeleton",
        "title": '"민과 관이 함께 가다" 서대문 협치 일취월장!',
        "date": "2018-07-03 09:05:41",
        "category": "서대문 소식/협치",
        "tags": [],
        "tags_div": "",  # present and empty
        "body": (
            "<p>2018년도에는 150인의 원탁회의에서 2019년도 사업에 대한 논의가 뜨겁게 진행되고 있었어요.</p>"
            f'<p><img src="img/{quote("원탁회의.jpg")}" width="16" height="16" data-origin-width="0" /></p>'
            '<figure class="imageblock alignCenter" data-origin-width="1200" data-origin-height="800">'
            f'<span data-url="{MISSING_IMG}" data-lightbox="lightbox"><img src="{MISSING_IMG}" /></span></figure>'
            '<p><a href="./file/협치계획.pdf">협치계획.pdf</a></p>'
        ),
        "files": {"img/원탁회의.jpg": IMG_C, "file/협치계획.pdf": PDF},
        "images": [
            {"src": f"img/{quote('원탁회의.jpg')}", "file": "img/원탁회의.jpg", "caption": None},
            {"src": MISSING_IMG, "file": None, "caption": None},
        ],
        "attachments": [{"src": "./file/협치계획.pdf", "file": "file/협치계획.pdf", "filename": "협치계획.pdf"}],
        "public": True,
        "snippet": "150인의 원탁회의에서",
    },
    {
        "no": "3",
        "file": "민과-관이-함께하는-협치-성과-공유파티-'서대문구-지역사회혁신계획'.html",
        "header": "2025",
        "title": "민과 관이 함께하는 협치 성과 공유파티 '서대문구 지역사회혁신계획'",
        "date": "2019-12-16 18:00:00",
        "category": "서대문 소식",
        "tags": [],
        "tags_div": None,  # no tag div at all
        "body": (
            "<p>따뜻한 사회, 모두가 행복한 서대문으로 지난 12월 13일 협치 성과 공유 파티가 열렸어요.</p>"
            '<center><ins class="adsbygoogle" data-ad-client="ca-pub-0"></ins>'
            "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></center>"
            '<figure class="fileblock" data-ke-align="alignCenter">'
            f'<a href="{FILEBLOCK_URL.replace("&", "&amp;")}"><div class="image"></div><div class="desc">'
            '<div class="filename"><span class="name">혁신계획.hwp</span></div><div class="size">0.01MB</div></div></a></figure>'
        ),
        "files": {"file/혁신계획.hwp": HWP},
        "images": [],
        "attachments": [{"src": FILEBLOCK_URL, "file": "file/혁신계획.hwp", "filename": "혁신계획.hwp"}],
        "public": True,
        "snippet": "협치 성과 공유 파티가 열렸어요",
    },
    {
        "no": "4",
        "file": "4-내부-검토-메모.html",
        "header": "skeleton",
        "title": "내부 검토 메모 (비공개)",
        "date": "2020-03-02 08:00:00",
        "category": "서대문 소식",
        "tags": ["메모"],
        "tags_div": "#메모",
        "body": '<p>공개 전 검토용 메모입니다.</p><p><img src="./img/img.png" /></p>',
        "files": {"img/img.png": IMG_D},
        "images": [{"src": "./img/img.png", "file": "img/img.png", "caption": None}],
        "attachments": [],
        "public": False,  # the public fixture blog does not show it (404): private
        "snippet": "공개 전 검토용 메모",
    },
    {
        "no": "5",
        "file": "5.html",
        "header": "2025",
        "title": "보도자료 서식",
        "date": "2020-03-05 10:00:00",
        "category": "",
        "tags": [],
        "tags_div": "",
        "body": "<p>[제목] / [일시] / [장소] / [내용]</p>",
        "files": {},
        "images": [],
        "attachments": [],
        "public": False,  # a template: never published, never listed
        "snippet": "[일시]",
    },
]


def page_html(post: dict) -> str:
    if post["header"] == "2025":
        header = (
            '<div class="article-header"><div class="inner-article-header"><div class="box-meta">'
            f'<h2 class="title-article">{_esc(post["title"])}</h2>'
            f'<div class="box-info"><p class="category">{_esc(post["category"])}</p>'
            f'<p class="date">{post["date"]}</p></div></div></div></div>'
        )
    else:
        header = (
            f'<div class="article-header"><h2 class="title-article">{_esc(post["title"])}</h2>'
            f'<div class="box-info"><p class="category">{_esc(post["category"])}</p>'
            f'<p class="date">{post["date"]}</p></div></div>'
        )
    tags = "" if post["tags_div"] is None else f'\n      <div class="tags">{_esc(post["tags_div"])}</div>'
    return f"""<meta charset="utf-8" />
<html lang="ko">
<head>
  <link rel="stylesheet" type="text/css" href="../style.css" />
  <title>{_esc(post["title"])}</title>
</head>
<body id="tt-body-page" class="">
<div id="wrap" class="wrap-right"><div id="container"><main class="main ">
  <div class="area-main"><div class="area-view">
    {header}
    <hr>
    <div class="article-view">
      <div class="contents_style">{post["body"]}</div>
      <br>{tags}
    </div>
  </div></div>
</main></div></div>
</body>
</html>
"""


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tree_entries(posts: list[dict], folder: str | None = FOLDER) -> list[tuple[str, bytes]]:
    prefix = f"{folder}/" if folder else ""
    out = [(f"{prefix}style.css", b"body { font-family: sans-serif; }\n")]
    for post in posts:
        out.append((f"{prefix}{post['no']}/{post['file']}", page_html(post).encode("utf-8")))
        for rel, data in post["files"].items():
            out.append((f"{prefix}{post['no']}/{rel}", data))
    return out


class RawNameInfo(zipfile.ZipInfo):
    """A ZipInfo whose name is written as the given bytes, with the UTF-8 flag as we say.

    zipfile always flags non-ASCII names as UTF-8; real zips made by Korean Windows tools
    store CP949 or UTF-8 bytes *without* the flag, which is what the reader must survive.
    """

    def __init__(self, raw: bytes, flag_utf8: bool):
        super().__init__(raw.decode("cp437"), STAMP)
        self._raw = raw
        self._flag = flag_utf8
        self.compress_type = zipfile.ZIP_DEFLATED
        self.external_attr = 0o644 << 16

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own name
        flags = self.flag_bits | 0x800 if self._flag else self.flag_bits & ~0x800
        return self._raw, flags


def write_zip(path: Path, entries: list[tuple[str, bytes]], encoding: str | None = None) -> None:
    """``encoding`` None: zipfile's default (UTF-8 flag on Hangul names); else raw, unflagged."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            if encoding is None:
                info = zipfile.ZipInfo(name, STAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
            else:
                info = RawNameInfo(name.encode(encoding), flag_utf8=False)
            zf.writestr(info, data)


def write_tree(root: Path, entries: list[tuple[str, bytes]]) -> None:
    if root.exists():
        shutil.rmtree(root)
    for name, data in entries:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def bomb_zips() -> None:
    zeros = b"\0" * (4 * 1024 * 1024)  # 4 MB of zeros deflate to about 4 KB
    honest = tree_entries(POSTS[:1]) + [(f"{FOLDER}/1/img/bomb.png", zeros)]
    write_zip(OUT / "zip-bomb.zip", honest)
    # The same, but the headers claim the big entry is 100 bytes: only counting real bytes
    # (or zipfile's size/CRC check) catches it.
    path = OUT / "zip-bomb-lying.zip"
    write_zip(path, honest)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(f"{FOLDER}/1/img/bomb.png")
    size = len(zeros).to_bytes(4, "little")
    lie = (100).to_bytes(4, "little")
    # uncompressed size sits at offset 22 of the local header and 24 of the central header
    local = info.header_offset
    assert data[local + 22 : local + 26] == size
    data[local + 22 : local + 26] = lie
    name = info.filename.encode("ascii")
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    assert data[central + 24 : central + 28] == size
    data[central + 24 : central + 28] = lie
    path.write_bytes(bytes(data))


def legacy_xml() -> str:
    png = base64.encodebytes(IMG_A).decode("ascii")
    pdf = base64.encodebytes(PDF).decode("ascii")
    return f"""<?xml version="1.0" encoding="utf-8" ?>
<blog type="tattertools/1.1" migrational="false">
  <setting><name>{BLOG}</name><title>서대문구청 티스토리 블로그</title></setting>
  <category><name>서대문 소식</name><priority>1</priority></category>
  <post slogan="서대문-주민-원탁회의" format="1.1">
    <id>11</id>
    <visibility>public</visibility>
    <title>소통과 신뢰의 협치서대문! 남가좌1동 '100인 원탁회의'를 다녀와서</title>
    <content>&lt;p&gt;남가좌1동 주민센터 3층 대강당에서 원탁회의가 열렸습니다.&lt;/p&gt;
[##_1C|cfile30.uf.11613F345148691C3095BD.png|width="12" height="8" filename="원탁회의.png" filemime="image/png"|▲ 원탁회의 모습_##]
&lt;p&gt;&lt;a href="[##_ATTACH_PATH_##]/cfile2.uf.2D4E6F.pdf"&gt;자료&lt;/a&gt;&lt;/p&gt;</content>
    <location>/</location>
    <password>secret-should-not-leak</password>
    <acceptComment>1</acceptComment>
    <published>1498269600</published>
    <created>1498269000</created>
    <modified>1498356000</modified>
    <category>서대문 소식/협치</category>
    <tag>원탁회의</tag>
    <tag>남가좌1동</tag>
    <attachment mime="image/png" size="{len(IMG_A)}" width="12" height="8">
      <name>cfile30.uf.11613F345148691C3095BD.png</name>
      <label>원탁회의.png</label>
      <enclosure>0</enclosure>
      <attached>1498269000</attached>
      <downloads>0</downloads>
      <content>{png}</content>
    </attachment>
    <attachment mime="application/pdf" size="{len(PDF)}" width="0" height="0">
      <name>cfile2.uf.2D4E6F.pdf</name>
      <label>협치 자료집.pdf</label>
      <content>{pdf}</content>
    </attachment>
    <comment>
      <commenter id="0"><name>주민A</name><homepage></homepage><ip>127.0.0.1</ip></commenter>
      <content>좋은 행사였어요!</content>
      <password></password>
      <secret>0</secret>
      <written>1498300000</written>
      <comment>
        <commenter id="1"><name>서대문구청</name></commenter>
        <content>참여해 주셔서 감사합니다.</content>
        <secret>0</secret>
        <written>1498310000</written>
      </comment>
    </comment>
    <comment>
      <commenter id="0"><name>주민B</name></commenter>
      <content>전화번호 남깁니다 010-0000-0000</content>
      <secret>1</secret>
      <written>1498320000</written>
    </comment>
  </post>
  <post slogan="비공개-글" format="1.1">
    <id>12</id>
    <visibility>private</visibility>
    <title>비공개 초안</title>
    <content>&lt;p&gt;초안입니다.&lt;/p&gt;</content>
    <published>1500000000</published>
  </post>
  <notice>
    <id>13</id>
    <visibility>protected</visibility>
    <title>보호된 공지</title>
    <content>&lt;p&gt;비밀번호가 필요한 공지&lt;/p&gt;</content>
    <password>1234</password>
    <published>1510000000</published>
  </notice>
</blog>
"""


LEGACY_EXPECTED = {
    "11": {
        "status": "public",
        "kind": "post",
        "title": "소통과 신뢰의 협치서대문! 남가좌1동 '100인 원탁회의'를 다녀와서",
        "published": "2017-06-24T11:00:00+09:00",
        "updated": "2017-06-25T11:00:00+09:00",
        "category": "서대문 소식/협치",
        "tags": ["원탁회의", "남가좌1동"],
        "slug": "서대문-주민-원탁회의",
        "comments": [
            {"author": "주민A", "date": "2017-06-24T19:26:40+09:00", "body": "좋은 행사였어요!", "parent": None},
            {
                "author": "서대문구청",
                "date": "2017-06-24T22:13:20+09:00",
                "body": "참여해 주셔서 감사합니다.",
                "parent": 0,
            },
        ],
    },
    "12": {"status": "private", "kind": "post", "title": "비공개 초안"},
    "13": {"status": "protected", "kind": "notice", "title": "보호된 공지"},
}


def expected() -> dict:
    posts = {}
    for p in POSTS:
        posts[p["no"]] = {
            "title": p["title"],
            "published": p["date"].replace(" ", "T") + "+09:00",
            "category": p["category"] or None,
            "tags": p["tags"],
            "snippet": p["snippet"],
            "public": p["public"],
            "images": [
                {"src": i["src"], "file": i["file"], "caption": i["caption"], "sha256": _sha(p["files"].get(i["file"]))}
                for i in p["images"]
            ],
            "attachments": [
                {"src": a["src"], "file": a["file"], "filename": a["filename"], "sha256": _sha(p["files"].get(a["file"]))}
                for a in p["attachments"]
            ],
        }
    return {
        "blog": BLOG,
        "posts": posts,
        "legacy": LEGACY_EXPECTED,
        "legacy_files": {"cfile30.uf.11613F345148691C3095BD.png": _sha(IMG_A), "cfile2.uf.2D4E6F.pdf": _sha(PDF)},
    }


def _sha(data: bytes | None) -> str | None:
    import hashlib

    return hashlib.sha256(data).hexdigest() if data is not None else None


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    main_zip = OUT / f"{FOLDER}-article1-5.zip"
    write_zip(main_zip, tree_entries(POSTS))
    write_tree(OUT / "unpacked", tree_entries(POSTS))
    # One post with Hangul names, stored without the UTF-8 flag.
    write_zip(OUT / "names-utf8-unflagged.zip", tree_entries(POSTS[:2]), encoding="utf-8")
    write_zip(OUT / "names-cp949.zip", tree_entries(POSTS[:2]), encoding="cp949")
    write_zip(OUT / "zip-slip.zip", tree_entries(POSTS[:1]) + [("../../evil.html", b"<p>escape</p>")])
    write_zip(OUT / "absolute-path.zip", tree_entries(POSTS[:1]) + [("/etc/cron.d/evil", b"* * * * * root true\n")])
    bomb_zips()
    (OUT / "corrupt.zip").write_bytes(main_zip.read_bytes()[:700] + b"\x00garbage" * 8)
    write_zip(OUT / "not-tistory.zip", [("readme.txt", b"holiday photos\n"), ("photos/a.png", IMG_A)])
    (OUT / "legacy-seodaemun.xml").write_text(legacy_xml(), encoding="utf-8")
    (OUT / "expected.json").write_text(json.dumps(expected(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
