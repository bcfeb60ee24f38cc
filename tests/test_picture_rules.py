"""Issue 14, picture rules, table-driven over fixtures/snippets/pictures/ (2009, 2013, 2018
skins): originals named only in onclick="open_img('…')" or a lightbox link, and the http://
fallback of old image hosts (``normalize.families.http_fallback``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tistory_migrate.extract.post import parse_post_page
from tistory_migrate.normalize import normalize_body
from tistory_migrate.normalize.images import find_media, http_fallback

SNIPPETS = Path(__file__).resolve().parents[1] / "fixtures" / "snippets" / "pictures"

# snippet, page URL, [(original URL asked first, fallback or None)]
CASES = [
    ("classic-2009-open-img", "https://leesan.tistory.com/1024", [
        ("https://cfile7.uf.tistory.com/original/271CBD48566928F11B1806",
         "http://cfile7.uf.tistory.com/original/271CBD48566928F11B1806"),
        ("https://t1.daumcdn.net/cfile/tistory/130A5E284A623B8814?original",
         "http://t1.daumcdn.net/cfile/tistory/130A5E284A623B8814?original"),
    ]),
    ("custom-2013-lightbox", "https://photo2013.tistory.com/413", [
        ("https://photos.example.org/view/8812/full", None),
        ("https://photos.example.org/view/8813/full", None),
        ("https://blog.kakaocdn.net/dn/bq5aWc/btqEoQ4m2Xv/kRz1FhTq8VnYw5LpC3uAa0/img.jpg", None),
    ]),
    ("odyssey-2018-http-hosts", "https://survival.tistory.com/99", [
        ("https://cfile5.uf.tistory.com/original/266686425878E4C429F88B",
         "http://cfile5.uf.tistory.com/original/266686425878E4C429F88B"),
        ("https://cfile23.uf.tistory.com/original/216CF8395963739014DFE0",
         "http://cfile23.uf.tistory.com/original/216CF8395963739014DFE0"),
        ("https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B?original", None),
    ]),
]


@pytest.mark.parametrize(("name", "url", "pictures"), CASES, ids=[c[0] for c in CASES])
def test_pictures_of_each_skin(name, url, pictures):
    post = parse_post_page((SNIPPETS / f"{name}.html").read_text(encoding="utf-8"), url).post
    images, attachments = find_media(post.body_raw, post.url)
    assert attachments == []
    assert [(m.original_url, http_fallback(m.src, m.original_url)) for m in images] == pictures
    body = normalize_body(post.body_raw, page_url=post.url, blog_hosts=[url.split("/")[2]])
    assert body.html.count("data-tm-image=") == len(pictures)  # each one has its marker where it sat
    assert "onclick" not in body.html and "open_img" not in body.html


def test_a_script_opening_a_page_is_not_a_picture():
    images, _ = find_media('<p><img src="https://blog.kakaocdn.net/dn/a/b/c/img.jpg" '
                           'onclick="window.open(\'https://example.org/page\')"></p>', "https://x.tistory.com/1")
    assert [m.original_url for m in images] == ["https://blog.kakaocdn.net/dn/a/b/c/img.jpg"]
