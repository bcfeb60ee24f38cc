"""Build fixtures/backups/: Tistory backups (zip, folder, legacy XML) of the demo blog, and broken ones.

Run from the repository root: ``python tools/make_backup_fixtures.py``. Output is
deterministic (fixed zip timestamps, image bytes from fixed seeds), so re-running leaves git clean.

The zip / folder backup is a backup of THE DEMO BLOG (src/tistory_migrate/demo/seodaemun/):
its public posts come from ``fixtures/blogs/content_seodaemun.py`` (imported read-only) with the
same numbers, titles, categories, tags and body blocks, rendered the way the official backup
stores them (docs/tistory-backup.md) rather than the way a skin renders them; its images are
the very bytes the demo blog serves. What a backup has and the public blog does not is added
here (``BACKUP_ONLY``, ``PROTECTED_BODIES``), and so are the few places where the two disagree
(``NOT_EXPORTED``, ``CONFLICTS``), so a merged run has real work to do.
``fixtures/backups/expected.json`` is written from the same tables, so the tests compare the
reader's output with what was put in, never with numbers copied by hand.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "backups"
DEMO = ROOT / "src" / "tistory_migrate" / "demo" / "seodaemun"
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "fixtures" / "blogs"))
import bodies as B  # noqa: E402  (the demo blog's own block renderer, for the text blocks)
import content_seodaemun as C  # noqa: E402  (read only: the demo blog's posts)
from make_fixture_images import make, pdf_bytes, png_bytes, pattern  # noqa: E402

BLOG = C.NAME
FOLDER = f"{BLOG}-1-1"
STAMP = (2023, 6, 30, 12, 0, 0)  # the backup was taken the day before the blog closed
DEMO_BLOG = B.Blog(C, DEMO)

# --- what the backup adds to, or does differently from, the public blog --------------------

# Posts only the backup has. 130 is private and 131 a template: neither is listed anywhere on
# the demo blog and both answer 404 there (urls.tsv does not list them), which is how a merged
# run tells them apart from public posts. Bodies use the content module's block language.
BACKUP_ONLY = [
    dict(
        id="130", title="2017 상반기 협치분과 회의록 (내부 검토용)", published="2017-06-15T18:40:00+09:00",
        category="협치", tags=["협치분과", "회의록"], role="private",
        body=[
            ("p", "2017년 상반기 협치분과 회의에서 나온 안건을 정리했습니다. 공개 전 검토용입니다."),
            ("img", "own_minutes", None),
            ("cap", "▲ 분과 회의 안건 정리표"),
            ("p", "다음 회의에서 우선순위 투표를 진행할 예정입니다."),
        ],
        snippet="공개 전 검토용입니다",
    ),
    dict(
        id="131", title="보도자료 서식", published="2017-06-20T09:00:00+09:00",
        category="", tags=[], role="template",
        body=[("p", "[제목] / [일시] / [장소] / [내용] / [문의처]")],
        snippet="[일시]",
    ),
]
# The protected post's body: the public page shows only a password form, the backup has it all.
PROTECTED_BODIES = {
    "147": [
        ("p", "협치분과위원 워크숍 자료입니다. 위원 여러분만 보실 수 있도록 비밀번호를 걸어 두었습니다."),
        ("img", "own_workshop", None),
        ("cap", "▲ 워크숍 일정표"),
        ("ul", ["1부: 2018년 협치 의제 돌아보기", "2부: 2019년 지역사회혁신계획 분과별 토의"]),
    ],
}
PROTECTED_SNIPPETS = {"147": "비밀번호를 걸어 두었습니다"}
# Images made only for the backup (the public blog never shows them).
OWN_MEDIA = {
    "own_minutes": dict(kind="png", w=40, h=30, seed=6, file="img.png"),
    "own_workshop": dict(kind="png", w=36, h=44, seed=7, file="img.png"),
}
# An image the backup did not copy: its absolute URL stays in the HTML. dn_nam2 is one the
# demo blog SERVES, so a run over loopback downloads it and an offline (--mirror) backup run
# reports it missing. (161's dn_lost, which the demo blog answers 404 for, IS in the backup:
# the backup rescues a picture the CDN lost.)
NOT_EXPORTED = {("126", "dn_nam2")}
# One deliberate disagreement with the public page: the backup's tag set has one more tag.
CONFLICTS = {"138": {"tags": ["안산", "벚꽃축제", "봄나들이"]}}
# Author-inserted ads between paragraphs (seen in a real 2025 backup), after this block index.
ADS_AFTER = {"114": 1}
# Tag line: the 2025 backup has an empty div.tags on a post without tags; some have none.
NO_TAG_DIV = {"172"}
# Posts whose Hangul entry names fill the unflagged-name zips (UTF-8 and CP949 bytes).
NAME_ZIP_POSTS = ["112", "156"]

# Text blocks keep the markup of the editor that wrote them (the backup stores the editor's
# HTML, not the skin's): era per demo skin, as fixtures/blogs/bodies.py names them.
ERA = {"classic-2016": "old2016", "odyssey-2018": "odyssey", "classic-2020": "ke2020"}


# --- rendering one post the way the backup stores it ---------------------------------------


def file_title(title: str) -> str:
    """Title as a file name: spaces -> '-', Hangul and brackets kept. How Tistory writes
    ``/ ? :`` is UNVERIFIED; they and other characters Windows refuses are dropped here."""
    return re.sub(r'[\\/:*?"<>|]', "", title).replace(" ", "-")


def _sha(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def _arrow(line: str | None) -> str | None:
    """A "▲ …" line under a picture is its caption, without the mark (the normalizer's rule,
    normalize/images.py ``arrow_caption``); a figcaption is kept as written."""
    return re.sub(r"^\s*[▲△]\s*", "", line) or None if line else None


def media_spec(key: str) -> dict:
    return OWN_MEDIA[key] if key in OWN_MEDIA else C.MEDIA[key]


def media_bytes(key: str) -> bytes:
    """The demo blog's bytes for its pictures (same maker, same seed as fixtures/blogs/build.py)."""
    if key in OWN_MEDIA:
        s = OWN_MEDIA[key]
        return make(s["kind"], s["w"], s["h"], s["seed"])
    spec = C.MEDIA[key]
    data = make(spec["kind"], spec["w"], spec["h"], list(C.MEDIA).index(key))
    served = DEMO / "media" / f"{key}.{B.EXT[spec['kind']]}"
    if served.exists():
        assert served.read_bytes() == data, f"{key}: bytes differ from the demo blog's; rebuild the demo first"
    return data


class PostBuilder:
    """Renders one post's body blocks into backup HTML and collects its files and refs."""

    def __init__(self, no: str, era: str, local_style: str):
        self.no = no
        self.era = era
        self.style = local_style  # "./img/" or "img/"
        self.files: dict[str, bytes] = {}
        self.images: list[dict] = []
        self.attachments: list[dict] = []
        self._cdn_named = 0

    def file_name(self, key: str) -> str:
        spec = media_spec(key)
        if spec.get("family") in ("uf", "t1"):
            return spec["filename"]  # old uploads keep the uploaded name
        # CDN-named files: img.jpg, img_1.png, img_2.jpg ... (one counter per post)
        cdn_file = spec["file"]
        stem, ext = cdn_file.rsplit(".", 1)
        n, self._cdn_named = self._cdn_named, self._cdn_named + 1
        return f"{stem}.{ext}" if n == 0 else f"{stem}_{n}.{ext}"

    def image(self, key: str, figcaption: str | None, arrow: str | None) -> str:
        if (self.no, key) in NOT_EXPORTED:
            url = DEMO_BLOG.media_urls(key)["original"]
            self.images.append(dict(src=url, file=None, caption=figcaption or _arrow(arrow), figcaption=figcaption, sha256=None))
            esc = B.e(url)
            cap = f"<figcaption>{B.e(figcaption, quote=False)}</figcaption>" if figcaption else ""
            # simplified block with the junk sizes real backups carry
            return (f'<figure class="imageblock alignCenter" data-origin-width="0" data-origin-height="0">'
                    f'<span data-url="{esc}" data-lightbox="lightbox"><img src="{esc}" height="NaN" /></span>{cap}</figure>')
        name = self.file_name(key)
        data = media_bytes(key)
        self.files[f"img/{name}"] = data
        src = self.style + (quote(name) if self.style == "img/" and not name.isascii() else name)
        self.images.append(dict(src=src, file=f"img/{name}", caption=figcaption or _arrow(arrow), figcaption=figcaption,
                                sha256=_sha(data)))
        cap = f"<figcaption>{B.e(figcaption, quote=False)}</figcaption>" if figcaption else ""
        return (f'<figure class="imageblock alignCenter"><span data-lightbox="lightbox">'
                f'<img src="{B.e(src)}" /></span>{cap}</figure>')

    def grid(self, keys: list[str]) -> str:
        spans = []
        for key in keys:
            name = self.file_name(key)
            data = media_bytes(key)
            self.files[f"img/{name}"] = data
            src = self.style + name
            self.images.append(dict(src=src, file=f"img/{name}", caption=None, figcaption=None, sha256=_sha(data)))
            spans.append(f'<span data-lightbox="lightbox"><img src="{B.e(src)}" /></span>')
        return f'<figure class="imagegridblock"><div class="image-container">{"".join(spans)}</div></figure>'

    def attachment(self, key: str) -> str:
        # The file block keeps its CDN href; the file itself sits in file/ under its real name.
        spec = C.ATTACHMENTS[key]
        url = DEMO_BLOG.media_urls(key, attachment=True)["original"]
        data = pdf_bytes(spec["lines"])
        self.files[f"file/{spec['name']}"] = data
        self.attachments.append(dict(src=url, file=f"file/{spec['name']}", filename=spec["name"], sha256=_sha(data)))
        return B.render_block(DEMO_BLOG, {"id": self.no}, ("file", key), "ke")

    def blocks(self, blocks: list[tuple]) -> str:
        out = []
        i = 0
        while i < len(blocks):
            b = blocks[i]
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if b[0] == "img":
                arrow = nxt[1] if nxt and nxt[0] == "cap" else None
                if self.era.startswith("ke") and b[2] is None and arrow:
                    # the new editor keeps the caption inside the figure
                    out.append(self.image(b[1], arrow, None))
                    i += 2
                    continue
                out.append(self.image(b[1], b[2], arrow))
            elif b[0] == "grid":
                out.append(self.grid(b[1]))
            elif b[0] == "file":
                out.append(self.attachment(b[1]))
            elif b[0] == "more":
                bid = f"{self.no}_0"
                out.append(f'<button type="button" class="btn_more" id="more{bid}" data-id="{bid}">{B.e(b[1])}</button>'
                           f'<div class="moreless_content" id="content{bid}" style="display: none;">'
                           f"{self.blocks(b[2])}</div>")
            else:
                out.append(B.render_block(DEMO_BLOG, {"id": self.no}, b, self.era))
            if ADS_AFTER.get(self.no) == i:
                out.append('<center><ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-0000000000000000" '
                           'data-ad-slot="0"></ins><script>(adsbygoogle = window.adsbygoogle || []).push({});</script></center>')
            i += 1
        return "\n".join(out)


def build_posts() -> list[dict]:
    """Every post of the backup, oldest number first, with what the reader must return."""
    extra = {p["id"]: p for p in BACKUP_ONLY}
    demo = {p["id"]: p for p in C.POSTS if p["status"] in ("public", "protected")}  # deleted 133 is gone
    posts = []
    for index, no in enumerate(sorted({*demo, *extra}, key=int)):
        src = demo.get(no) or extra[no]
        role = src.get("role") or ("protected" if src.get("status") == "protected" else "public")
        blocks = PROTECTED_BODIES.get(no, src["body"])
        era = ERA.get(src.get("skin", ""), "ke")
        builder = PostBuilder(no, era, "./img/" if index % 2 == 0 else "img/")
        body = builder.blocks(blocks)
        tags = CONFLICTS.get(no, {}).get("tags", src["tags"])
        title = CONFLICTS.get(no, {}).get("title", src["title"])
        # backups carry no notion of notices: 172 comes out as an ordinary post, no category
        category = "" if src.get("kind") == "notice" else (src.get("category") or "")
        # file names: {no}-{title}.html, {no}.html and {title}.html mixed, as in real backups
        file = [f"{no}-{file_title(title)}.html", f"{no}.html", f"{file_title(title)}.html"][index % 3]
        if '"' in title:
            file = f"{no}.html"
        snippet = src.get("snippet") or PROTECTED_SNIPPETS.get(no) or src["must_contain"][0]
        posts.append(dict(
            no=no, file=file, header="2025" if index % 2 == 0 else "skeleton", title=title,
            date=src["published"][:19].replace("T", " "), published=src["published"], category=category,
            tags=list(tags), tags_div=None if no in NO_TAG_DIV else " ".join(f"#{t}" for t in tags),
            body=body, files=builder.files, images=builder.images, attachments=builder.attachments,
            role=role, snippet=snippet,
        ))
    return posts


POSTS = build_posts()
FIRST = POSTS[0]["no"]
LAST = POSTS[-1]["no"]
MAIN_ZIP = f"{FOLDER}-article{FIRST}-{LAST}.zip"
IMG_A = png_bytes(pattern(12, 8, 1))  # legacy XML picture
PDF = pdf_bytes(["Seodaemun governance plan 2019", "fixture attachment"])  # legacy XML attachment


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
    honest = tree_entries(POSTS[:1]) + [(f"{FOLDER}/{FIRST}/img/bomb.png", zeros)]
    write_zip(OUT / "zip-bomb.zip", honest)
    # The same, but the headers claim the big entry is 100 bytes: only counting real bytes
    # (or zipfile's size/CRC check) catches it.
    path = OUT / "zip-bomb-lying.zip"
    write_zip(path, honest)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(f"{FOLDER}/{FIRST}/img/bomb.png")
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


# Issue 14: post 11's legacy attachment link, its words and the attachment it names (``file``: the
# <attachment><name>, a key of expected.json's legacy_files; ``label``: the name it was uploaded as).
LEGACY_LINK = {"href": "[##_ATTACH_PATH_##]/cfile2.uf.2D4E6F.pdf", "words": "자료", "file": "cfile2.uf.2D4E6F.pdf",
               "label": "협치 자료집.pdf"}


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
&lt;p&gt;&lt;a href="{LEGACY_LINK["href"]}"&gt;{LEGACY_LINK["words"]}&lt;/a&gt;&lt;/p&gt;</content>
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
        # every export keeps the link's words and points it at the exported attachment (issue 14)
        "attachment_links": [LEGACY_LINK],
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


def roles() -> dict:
    """Which post plays which part, so tests never hard-code post numbers."""
    by = lambda cond: [p["no"] for p in POSTS if cond(p)]  # noqa: E731
    img_names: dict[str, list[str]] = {}
    for p in POSTS:
        for name in p["files"]:
            img_names.setdefault(name, []).append(p["no"])
    repeated = sorted((n, nos) for n, nos in img_names.items() if n.startswith("img/") and len(nos) > 1
                      and len({_sha(next(q for q in POSTS if q["no"] == no)["files"][n]) for no in nos}) > 1)
    return {
        "public": by(lambda p: p["role"] == "public"),
        "protected": by(lambda p: p["role"] == "protected"),
        "private": by(lambda p: p["role"] == "private"),
        "template": by(lambda p: p["role"] == "template"),
        "conflict": sorted(CONFLICTS),
        "ads": sorted(ADS_AFTER),
        "empty_tag_div": by(lambda p: p["tags_div"] == ""),
        "no_tag_div": by(lambda p: p["tags_div"] is None),
        "tagged": by(lambda p: bool(p["tags"]) and p["role"] == "public" and "/" in p["category"]),
        "not_exported": [{"post": no, "url": DEMO_BLOG.media_urls(key)["original"]} for no, key in sorted(NOT_EXPORTED)],
        "repeated_image_name": {"file": repeated[0][0], "posts": repeated[0][1]},
        "name_zips": NAME_ZIP_POSTS,
        "bomb_entry": f"{FOLDER}/{FIRST}/img/bomb.png",
    }


def expected() -> dict:
    posts = {}
    for p in POSTS:
        posts[p["no"]] = {
            "file": p["file"],
            "title": p["title"],
            "published": p["published"],
            "category": p["category"] or None,
            "tags": p["tags"],
            "snippet": p["snippet"],
            "role": p["role"],
            "public": p["role"] in ("public", "protected"),
            "images": p["images"],
            "attachments": p["attachments"],
        }
    return {
        "blog": BLOG,
        "zip": MAIN_ZIP,
        "demo_blog": "src/tistory_migrate/demo/seodaemun",
        "posts": posts,
        "roles": roles(),
        "conflicts": CONFLICTS,
        "legacy": LEGACY_EXPECTED,
        "legacy_files": {"cfile30.uf.11613F345148691C3095BD.png": _sha(IMG_A), "cfile2.uf.2D4E6F.pdf": _sha(PDF)},
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob(f"{FOLDER}-article*.zip"):
        old.unlink()  # the name carries the post range
    main_zip = OUT / MAIN_ZIP
    write_zip(main_zip, tree_entries(POSTS))
    write_tree(OUT / "unpacked", tree_entries(POSTS))
    named = [p for p in POSTS if p["no"] in NAME_ZIP_POSTS]
    # Hangul entry names stored without the UTF-8 flag: as UTF-8 bytes, and as CP949 bytes.
    write_zip(OUT / "names-utf8-unflagged.zip", tree_entries(named), encoding="utf-8")
    write_zip(OUT / "names-cp949.zip", tree_entries(named), encoding="cp949")
    write_zip(OUT / "zip-slip.zip", tree_entries(POSTS[:1]) + [("../../evil.html", b"<p>escape</p>")])
    write_zip(OUT / "absolute-path.zip", tree_entries(POSTS[:1]) + [("/etc/cron.d/evil", b"* * * * * root true\n")])
    bomb_zips()
    (OUT / "corrupt.zip").write_bytes(main_zip.read_bytes()[:700] + b"\x00garbage" * 8)
    write_zip(OUT / "not-tistory.zip", [("readme.txt", b"holiday photos\n"), ("photos/a.png", IMG_A)])
    (OUT / "legacy-seodaemun.xml").write_text(legacy_xml(), encoding="utf-8")
    (OUT / "expected.json").write_text(json.dumps(expected(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
