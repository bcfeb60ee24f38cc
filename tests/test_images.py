"""normalize.images: URL families, find_media on snippets, sniff, readable names."""

from __future__ import annotations

import struct
import unicodedata
import zlib
from pathlib import Path

import pytest

from tistory_migrate.normalize.images import find_media, readable_name, resolve_original, sniff
from tistory_migrate.normalize.names import MAX_NAME_BYTES, windows_safe

SNIPPETS = Path(__file__).resolve().parents[1] / "fixtures" / "snippets" / "normalize"
PAGE = "https://example.tistory.com/98"

DNA = (
    "https://blog.kakaocdn.net/dna/5oSv2/dJMcahCLuga/AAAAAAAAAAAAAAAAAAAAADVx/img.png"
    "?credential=yqXZ&expires=1767193199&allow_ip=&allow_referer=&signature=zgyu2rj%2F9swm98FYobzyHqq08p8%3D"
)
DNA_ID = "blog.kakaocdn.net/dna/5oSv2/dJMcahCLuga/AAAAAAAAAAAAAAAAAAAAADVx/img.png"
DN = "https://blog.kakaocdn.net/dn/bBRNEQ/btqOvSfNJfW/6hTYrJRjAPKDZIvA8SHlAK/img.jpg"

# reference, base, expected original, expected identity, family, expires, readable name (hint = URL name)
FAMILY_TABLE = [
    (DN, None, DN, DN[8:], "kakaocdn-dn", False, "01-img.jpg"),
    ("http://blog.kakaocdn.net/dn/a/b/c/%EC%82%AC%EC%A7%84.png", None,
     "https://blog.kakaocdn.net/dn/a/b/c/%EC%82%AC%EC%A7%84.png", "blog.kakaocdn.net/dn/a/b/c/%EC%82%AC%EC%A7%84.png",
     "kakaocdn-dn", False, "01-사진.png"),
    (DNA, None, DNA, DNA_ID, "kakaocdn-dna", True, "01-img.png"),
    # thumb proxy wrapping a signed dna: fname decoded once, %252F stays %2F inside
    ("https://img1.daumcdn.net/thumb/R1280x0/?scode=mtistory2&fname=https%3A%2F%2Fblog.kakaocdn.net%2Fdna%2F5oSv2%2FdJMcahCLuga"
     "%2FAAAAAAAAAAAAAAAAAAAAADVx%2Fimg.png%3Fcredential%3DyqXZ%26expires%3D1767193199%26allow_ip%3D%26allow_referer%3D"
     "%26signature%3Dzgyu2rj%252F9swm98FYobzyHqq08p8%253D", None, DNA, DNA_ID, "kakaocdn-dna", True, "01-img.png"),
    ("https://img1.daumcdn.net/thumb/R750x0/?scode=mtistory2&fname=https%3A%2F%2Fblog.kakaocdn.net%2Fdn%2FbBRNEQ%2FbtqOvSfNJfW"
     "%2F6hTYrJRjAPKDZIvA8SHlAK%2Fimg.jpg", None, DN, DN[8:], "kakaocdn-dn", False, "01-img.jpg"),
    ("//i1.daumcdn.net/thumb/C176x120/?fname=https://img1.daumcdn.net/thumb/R750x0/?scode=mtistory2&fname=https%3A%2F%2Ft1"
     ".daumcdn.net%2Fcfile%2Ftistory%2F993FD43E5A629F6D08", None,
     "https://t1.daumcdn.net/cfile/tistory/993FD43E5A629F6D08?original", "t1.daumcdn.net/cfile/tistory/993FD43E5A629F6D08",
     "t1-cfile", False, "01-image.jpg"),
    ("https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B", None,
     "https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B?original", "t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B",
     "t1-cfile", False, "01-image.jpg"),
    ("https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B?original", None,
     "https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B?original", "t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B",
     "t1-cfile", False, "01-image.jpg"),
    ("http://cfile5.uf.tistory.com/attach/266686425878E4C429F88B", None,
     "https://cfile5.uf.tistory.com/original/266686425878E4C429F88B", "cfile5.uf.tistory.com/original/266686425878E4C429F88B",
     "uf-cfile", False, "01-image.jpg"),
    ("http://cfile3.uf.tistory.com/image/2314CF3D557D4E7D1D233C", None,
     "https://cfile3.uf.tistory.com/original/2314CF3D557D4E7D1D233C", "cfile3.uf.tistory.com/original/2314CF3D557D4E7D1D233C",
     "uf-cfile", False, "01-image.jpg"),
    ("//cdn.example.com/a/b.gif", None, "https://cdn.example.com/a/b.gif", "cdn.example.com/a/b.gif", "external", False,
     "01-b.gif"),
    ("http://example.org/x/photo.jpg?w=3", None, "http://example.org/x/photo.jpg?w=3", "example.org/x/photo.jpg?w=3",
     "external", False, "01-photo.jpg"),
    ("/attachment/pic.png", "https://example.tistory.com/98", "https://example.tistory.com/attachment/pic.png",
     "example.tistory.com/attachment/pic.png", "external", False, "01-pic.png"),
    ("./img/%EB%B0%94%EB%8B%A4%20%EC%82%AC%EC%A7%84.png", "backup:123", "backup:123/img/바다 사진.png",
     "backup:123/img/바다 사진.png", "local", False, "01-바다 사진.png"),
    ("img/img_1.png", "https://example.tistory.com/45", "backup:45/img/img_1.png", "backup:45/img/img_1.png", "local",
     False, "01-img_1.png"),
]  # fmt: skip


@pytest.mark.parametrize("ref,base,original,identity,family,expires,name", FAMILY_TABLE)
def test_family_table(ref, base, original, identity, family, expires, name):
    res = resolve_original(ref, base)
    assert res is not None
    assert (res.original_url, res.identity, res.family, res.expires) == (original, identity, family, expires)
    hint = unicodedata.normalize("NFC", __import__("urllib.parse").parse.unquote(original.split("?")[0].rsplit("/", 1)[-1]))
    if family in ("t1-cfile", "uf-cfile"):
        hint = None  # cfile URLs end in a hex id: no name
    assert readable_name(1, 9, hint, name.rsplit(".", 1)[1], set()) == name


@pytest.mark.parametrize(
    "ref",
    [
        "//t1.daumcdn.net/tistory_admin/static/images/no-image-v1.png",
        "https://img1.daumcdn.net/thumb/R800x0/?scode=mtistory2&fname=https%3A%2F%2Ft1.daumcdn.net%2Ftistory_admin%2Fstatic"
        "%2Fimages%2FopenGraph%2Fopengraph.png",
        "https://tistory1.daumcdn.net/tistory/5257724/skin/images/logo.png",
        "https://t1.daumcdn.net/keditor/emoticon/friends1/large/001.gif",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        "javascript:alert(1)",
        "",
        "relative/without/base.png",
    ],
)
def test_not_content(ref):
    assert resolve_original(ref) is None


def test_blog_attach_in_body_is_kept():
    # Profile/blog uploads are skin chrome on the page, but content when an author puts one in a body.
    res = resolve_original("https://tistory1.daumcdn.net/tistory/2665627/attach/e1270fc54cf1451f9cd3ac1d833e3f16")
    assert res is not None and res.family == "blog-attach"


def test_nested_thumb_depth_is_bounded():
    url = "https://example.org/x.png"
    for _ in range(10):
        url = "https://img1.daumcdn.net/thumb/R1/?fname=" + __import__("urllib.parse").parse.quote(url, safe="")
    assert resolve_original(url) is None


# --- find_media on snippets ---------------------------------------------------------------


def snippet(name: str) -> str:
    return (SNIPPETS / name).read_text(encoding="utf-8")


def test_dna_figure_one_ref_with_caption_and_real_name():
    images, attachments = find_media(snippet("image-dna-caption.html"), PAGE)
    assert attachments == []
    assert len(images) == 1  # span[data-url], data-phocus, img src and srcset are one picture
    ref = images[0]
    assert ref.identity == DNA_ID and ref.expires and ref.original_url == DNA
    assert ref.caption == "난가?"
    assert ref.filename == "2.png"  # the img's own data-filename (closest to the picture)
    assert (ref.width, ref.height) == (1576, 878)


def test_grid_spans_in_order_with_sizes():
    images, _ = find_media(snippet("image-grid.html"), PAGE)
    assert [r.identity.split("/")[2] for r in images] == ["a1", "b2", "c3"]
    assert images[0].width == 582 and images[1].filename == "바다.png"
    assert images[2].caption == "세 장 묶음" and images[0].caption is None


def test_old_cfile_span_prefers_original_and_filename():
    images, _ = find_media(snippet("image-span-cfile-2018.html"), PAGE)
    assert [(r.original_url, r.filename, r.caption) for r in images] == [
        ("https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B?original", "K-20180119-005639.jpg", None)
    ]


def test_uf_cfile_variants():
    images, _ = find_media(snippet("image-uf-cfile-legacy.html"), PAGE)
    assert [r.original_url for r in images] == [
        "https://cfile5.uf.tistory.com/original/266686425878E4C429F88B",
        "https://cfile7.uf.tistory.com/original/271CBD48566928F11B1806",
    ]
    assert [r.filename for r in images] == ["1515.jpg", "풍경 사진.JPG"]


def test_lazy_link_and_arrow_caption():
    images, _ = find_media(snippet("image-plain-lazy-link.html"), PAGE)
    assert [r.original_url for r in images] == [
        "http://example.org/photos/cat.png",
        "https://cdn.example.com/lazy/real.jpg",
        "https://blog.kakaocdn.net/dn/x1/x2/x3/img.png",  # the link goes to a page: not the picture
    ]
    assert images[1].caption == "협치 위원들과 인사 나누기"


def test_same_picture_twice_is_one_ref():
    html = f'<p><img src="{DN}"></p><p>x</p><figure class="imageblock"><span data-url="{DN}"><img src="{DN}"></span></figure>'
    images, _ = find_media(html, PAGE)
    assert len(images) == 1


def test_skips_cards_video_thumbnails_placeholders_and_chrome():
    html = (
        '<figure data-ke-type="opengraph" data-og-url="https://github.com/x"><a href="https://github.com/x">'
        '<div class="og-image" style="background-image: url(\'https://blog.kakaocdn.net/dn/og/og/og/img.png\');">'
        "</div></a></figure>"
        '<figure data-ke-type="video" data-video-url="https://www.youtube.com/watch?v=ddZ-f_nuQ8k" '
        'data-video-thumbnail="https://blog.kakaocdn.net/dna/v/v/v/img.jpg"><iframe src="https://www.youtube.com/embed/x">'
        "</iframe></figure>"
        '<p><img src="//t1.daumcdn.net/tistory_admin/static/images/no-image-v1.png"></p>'
        '<div class="another_category"><img src="https://blog.kakaocdn.net/dn/rel/rel/rel/img.png"></div>'
        '<div class="revenue_unit_wrap"><img src="https://ads.example.com/banner.png"></div>'
    )
    assert find_media(html, PAGE) == ([], [])


def test_attachments_fileblock_and_old_links():
    html = (
        '<figure class="fileblock" data-ke-align="alignCenter"><a href="https://blog.kakaocdn.net/dna/4RzGU/dJMcagYrtuy/'
        'AAAA/20210201112150.jpg?credential=c&amp;expires=1&amp;signature=s&amp;attach=1&amp;knm=img.jpg">'
        '<div class="image"></div><div class="desc"><div class="filename"><span class="name">20210201112150.jpg</span>'
        '</div><div class="size">0.03MB</div></div></a></figure>'
        '<p>자료: <a href="http://cfile23.uf.tistory.com/attach/216CF8395963739014DFE0">발표자료.hwp</a></p>'
        '<p><a href="[##_ATTACH_PATH_##]/old.zip">old.zip</a></p>'
        '<p><a href="https://example.org/not-a-file">그냥 링크</a></p>'
    )
    images, atts = find_media(html, PAGE)
    assert images == []
    assert [(a.identity, a.filename) for a in atts] == [
        ("blog.kakaocdn.net/dna/4RzGU/dJMcagYrtuy/AAAA/20210201112150.jpg", "20210201112150.jpg"),
        ("cfile23.uf.tistory.com/original/216CF8395963739014DFE0", "발표자료.hwp"),
        ("attach-path:old.zip", "old.zip"),
    ]
    assert atts[0].expires and "signature=s" in atts[0].original_url
    assert atts[2].original_url == "" and atts[2].local_path == "old.zip"  # unresolvable: only a backup has it


def test_video_file_is_attachment_kakao_player_is_not():
    html = (
        '<figure data-ke-type="video" data-video-host="kakaotv" data-video-url="https://play-tv.kakao.com/embed/player/'
        'cliplink/123"><iframe src="https://play-tv.kakao.com/embed/player/cliplink/123"></iframe></figure>'
        '<p><video src="https://blog.kakaocdn.net/dn/v1/v2/v3/movie.mp4" controls></video></p>'
    )
    images, atts = find_media(html, PAGE)
    assert images == [] and [a.original_url for a in atts] == ["https://blog.kakaocdn.net/dn/v1/v2/v3/movie.mp4"]


PLACEHOLDERS = [
    ('[##_Image|kage@k1/k2/k3/img.png|CDM|1.3|{"originWidth":300,"originHeight":366,"style":"alignCenter",'
     '"caption":"설명","filename":"원본.png"}_##]',
     "https://blog.kakaocdn.net/dn/k1/k2/k3/img.png", "원본.png", "설명", (300, 366)),
    ("[##_Image|kage@k1/k2/k3/img.png?credential=c&amp;expires=9&amp;signature=s|CDM|1.3|{}_##]",
     "https://blog.kakaocdn.net/dna/k1/k2/k3/img.png?credential=c&expires=9&signature=s", "img.png", None, (None, None)),
    ('[##_Image|kage@a/b/c/img.jpg|alignCenter|data-origin-width="702" data-origin-height="381" '
     'data-ke-mobilestyle="widthOrigin"|캡션 글|_##]',
     "https://blog.kakaocdn.net/dn/a/b/c/img.jpg", "img.jpg", "캡션 글", (702, 381)),
    ('[##_1C|cfile30.uf.11613F345148691C3095BD.png|width="665" height="361" filename="nextforge.png" '
     'filemime="image/jpeg"|_##]',
     "https://cfile30.uf.tistory.com/original/11613F345148691C3095BD", "nextforge.png", None, (665, 361)),
    ('[##_1N|cfile24.uf@99183E335A9F76DC06F21D.jpg|width="900" height="629" filename="캡처.jpg" '
     'filemime="image/jpeg"|_##]',
     "https://cfile24.uf.tistory.com/original/99183E335A9F76DC06F21D", "캡처.jpg", None, (900, 629)),
]  # fmt: skip


@pytest.mark.parametrize("source,original,filename,caption,size", PLACEHOLDERS)
def test_editor_placeholders(source, original, filename, caption, size):
    images, _ = find_media(f"<p>앞</p>{source}<p>뒤</p>", PAGE)
    assert len(images) == 1
    ref = images[0]
    assert (ref.original_url, ref.filename, ref.caption, (ref.width, ref.height)) == (original, filename, caption, size)


def test_image_grid_placeholder():
    src = ('[##_ImageGrid|kage@g1/k/k/img.jpg|data-origin-width="10" data-origin-height="20"|'
           'kage@g2/k/k/img.png|data-origin-width="30" data-origin-height="40"_##]')  # fmt: skip
    images, _ = find_media(src, PAGE)
    assert [(r.identity, r.width) for r in images] == [
        ("blog.kakaocdn.net/dn/g1/k/k/img.jpg", 10),
        ("blog.kakaocdn.net/dn/g2/k/k/img.png", 30),
    ]


def test_backup_local_images():
    html = '<figure class="imageblock alignCenter"><span data-lightbox="lightbox"><img src="./img/%EA%B3%A0%EC%96%91%EC%9D%B4.jpg"></span><figcaption>냥</figcaption></figure>'
    images, _ = find_media(html, "backup:77")
    assert [(r.original_url, r.identity, r.local_path, r.filename, r.caption) for r in images] == [
        ("backup:77/img/고양이.jpg", "backup:77/img/고양이.jpg", "img/고양이.jpg", "고양이.jpg", "냥")
    ]


def test_real_pages_counts():
    real = Path(__file__).resolve().parents[2] / "shared" / "real-pages"
    if not real.is_dir():
        pytest.skip("shared real pages not present")
    import lxml.html

    for name, expected in (("2018-odyssey-like-post-dom-dump.html", 26), ("2009-classic-skin-post-dom-dump.html", 15)):
        page = lxml.html.fromstring((real / name).read_text(encoding="utf-8"))
        body = page.xpath("//*[contains(concat(' ', @class, ' '), ' contents_style ')]")[0]
        images, atts = find_media(lxml.html.tostring(body, encoding="unicode"), "https://x.tistory.com/1")
        assert len(images) == expected == len({r.identity for r in images})
        assert all(r.family if False else r.original_url.endswith("?original") for r in images)
        assert atts == []


# --- sniff ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name,ext,mime", [
    ("python.jpg", "jpg", "image/jpeg"), ("python.png", "png", "image/png"), ("python.gif", "gif", "image/gif"),
    ("python.webp", "webp", "image/webp"), ("python.bmp", "bmp", "image/bmp"), ("python.tiff", "tif", "image/tiff"),
])  # fmt: skip
def test_sniff_real_files(name, ext, mime):
    got = sniff((SNIPPETS / "media" / name).read_bytes())
    assert (got.ext, got.mime, got.width, got.height) == (ext, mime, 16, 16)


def _png(w: int, h: int) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x00\x00\x00" * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))  # fmt: skip


def test_sniff_headers_built_from_spec():
    assert sniff(_png(300, 7)) == sniff(_png(300, 7)) and (sniff(_png(300, 7)).width, sniff(_png(300, 7)).height) == (300, 7)
    vp8x = b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x0a\x00\x00\x00" + b"\x00\x00\x00\x00" + (1919).to_bytes(3, "little") + (1079).to_bytes(3, "little")
    assert (sniff(vp8x).width, sniff(vp8x).height) == (1920, 1080)
    heic = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00mif1heic" + b"\x00" * 20 + b"\x00\x00\x00\x14ispe\x00\x00\x00\x00" + struct.pack(">II", 4032, 3024)
    assert (sniff(heic).ext, sniff(heic).width, sniff(heic).height) == ("heic", 4032, 3024)
    avif = struct.pack(">I", 20) + b"ftypavif\x00\x00\x00\x00mif1"
    assert sniff(avif).ext == "avif"
    mp4 = struct.pack(">I", 24) + b"ftypisom\x00\x00\x02\x00isomiso2"
    assert (sniff(mp4).ext, sniff(mp4).mime) == ("mp4", "video/mp4")
    assert sniff(struct.pack(">I", 20) + b"ftypqt  \x00\x00\x00\x00qt  ").ext == "mov"
    assert sniff(b"%PDF-1.7\n...").ext == "pdf"
    assert sniff(b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/hwp+zip").ext == "hwpx"
    assert sniff(b"PK\x03\x04" + b"\x00" * 60).ext == "zip"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + b"HWP Document File").ext == "hwp"
    assert sniff(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- x -->\n<svg xmlns="http://www.w3.org/2000/svg"></svg>').ext == "svg"
    assert sniff(b"GIF89a" + struct.pack("<HH", 640, 480)).width == 640


@pytest.mark.parametrize("data", [b"", b"<html><body>404</body></html>", b"\x00" * 64, b"hello world", b"<svgfoo"])
def test_sniff_unknown_is_none(data):
    assert sniff(data) is None


def test_sniff_truncated_headers_do_not_raise():
    for data in (b"\xff\xd8\xff", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"\x89PNG\r\n\x1a\n", b"II*\x00\xff\xff\xff\xff", b"BM" + b"\x00" * 30):
        got = sniff(data)
        assert got is None or got.width is None or got.width > 0


# --- readable_name --------------------------------------------------------------------------


def test_readable_name_basic_and_padding():
    used: set[str] = set()
    assert readable_name(3, 12, "사진.jpg", "jpg", used) == "03-사진.jpg"
    assert readable_name(7, 150, "a.png", "png", set()) == "007-a.png"
    assert readable_name(1, 1, None, "jpg", set()) == "01-image.jpg"
    assert readable_name(1, 1, None, "pdf", set()) == "01-file.pdf"


def test_readable_name_real_extension_wins():
    assert readable_name(1, 2, "photo.jpg", "png", set()) == "01-photo.png"
    assert readable_name(1, 2, "PHOTO.JPEG", "jpg", set()) == "01-PHOTO.jpg"
    assert readable_name(1, 2, "보고서.v2", "pdf", set()) == "01-보고서.v2.pdf"


def test_readable_name_nfd_hangul_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "한글사진.png")
    name = readable_name(1, 1, nfd, "png", set())
    assert name == "01-한글사진.png" and unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize("hint", ["../../etc/passwd", "C:\\x", "CON.jpg", "nul", "a\x00b\x01c.jpg", "LPT9.png",
                                  "..", " . ", "x/..", "evil\u202egpj.exe", "a:b*c?d.jpg", "trail. . "])  # fmt: skip
def test_readable_name_is_safe(hint):
    name = readable_name(1, 1, hint, "jpg", set())
    assert "/" not in name and "\\" not in name and ".." not in name
    assert all(ord(c) >= 32 for c in name) and "\u202e" not in name
    assert windows_safe(name), name
    assert name.startswith("01-") and name.endswith(".jpg")


def test_readable_name_long_is_bounded_in_bytes_on_syllables():
    for hint in ("가" * 1000 + ".jpg", "a" * 1000 + ".jpg", "😀" * 300):
        name = readable_name(12, 99, hint, "jpg", set())
        assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
        assert name.endswith(".jpg")
        assert unicodedata.is_normalized("NFC", name)
        name.encode("utf-8").decode("utf-8")  # never a cut multi-byte sequence


def test_readable_name_unique_case_insensitive():
    used: set[str] = set()
    names = [readable_name(1, 1, h, "jpg", used) for h in ("img.jpg", "img.jpg", "IMG.jpg", "img-2.jpg")]
    assert names == ["01-img.jpg", "01-img-2.jpg", "01-IMG-3.jpg", "01-img-2-2.jpg"]
    assert len({n.casefold() for n in names}) == 4
    long_used: set[str] = set()
    a = readable_name(1, 1, "가" * 500, "jpg", long_used)
    b = readable_name(1, 1, "가" * 500, "jpg", long_used)
    assert a != b and len(b.encode()) <= MAX_NAME_BYTES
