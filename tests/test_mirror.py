"""urls.tsv folders: URL matching rules, statuses, headers, redirects; the offline fetcher."""

from __future__ import annotations

import pytest

from tistory_migrate.errors import UsageError
from tistory_migrate.fetch.mirror import MirrorFetcher, MirrorSite, url_key

B = "https://seodaemun.tistory.com"


@pytest.mark.parametrize("a,b", [
    ("HTTPS://SeoDaemun.Tistory.com/tag/원탁회의", B + "/tag/%EC%9B%90%ED%83%81%ED%9A%8C%EC%9D%98"),
    (B + "/tag/%ec%9b%90%ed%83%81%ed%9a%8c%ec%9d%98", B + "/tag/%EC%9B%90%ED%83%81%ED%9A%8C%EC%9D%98"),
    (B + "/123#comment456", B + "/123"),
    (B + "/category/Algorithm%20with%20C%2B%2B", B + "/category/Algorithm with C%2B%2B"),
    (B + "/%7Euser", B + "/~user"),
])
def test_url_keys_match(a, b):
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize("a,b", [
    (B + "/?page=2", B + "/?page=3"),  # queries must match
    (B + "/category/a%2Fb", B + "/category/a/b"),  # an encoded slash is not a slash
    ("http://seodaemun.tistory.com/1", B + "/1"),  # scheme matters
])
def test_url_keys_differ(a, b):
    assert url_key(a) != url_key(b)


def test_mirror_statuses_headers_redirects(tiny_site):
    folder = tiny_site([
        (B + "/", "<html>home</html>", 200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"e1"'}),
        (B + "/m/5", None, 301, {"Location": B + "/5"}),
        (B + "/5", "five"),
        (B + "/9", None, 404),
        (B + "/busy", "slow down", 429, {"Retry-After": "30"}),
    ])
    f = MirrorFetcher([folder])
    home = f.get(B)
    assert home.status == 200 and home.text == "<html>home</html>" and home.headers["etag"] == '"e1"'
    assert f.get(B + "/", validators={"etag": '"e1"'}).status == 304
    five = f.get(B + "/m/5")
    assert five.body == b"five" and five.final_url == B + "/5"
    assert f.get(B + "/9").status == 404
    assert f.get(B + "/unknown").status == 404  # not listed: 404
    busy = f.get(B + "/busy")
    assert busy.status == 429 and busy.headers["retry-after"] == "30"


def test_comments_blank_lines_and_bad_lines(tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "a.html").write_text("a", encoding="utf-8")
    (folder / "urls.tsv").write_text(f"# a comment\n\n{B}/1\ta.html\n", encoding="utf-8")
    assert MirrorSite([folder]).lookup(B + "/1").path.name == "a.html"
    (folder / "urls.tsv").write_text(f"{B}/1\n", encoding="utf-8")
    with pytest.raises(UsageError, match="expected URL<TAB>PATH"):
        MirrorSite([folder])
    (folder / "urls.tsv").write_text(f"{B}/1\t../../etc/passwd\n", encoding="utf-8")
    with pytest.raises(UsageError, match="outside the mirror folder"):
        MirrorSite([folder])


def test_folder_without_urls_tsv(tmp_path):
    with pytest.raises(UsageError, match="no urls.tsv"):
        MirrorSite([tmp_path])
