"""The Naver exporter fed by hand and the demo blog's Naver bundle, shared by the Naver tests.

``contract_export`` runs ``NaverExporter``'s lifecycle over bodies written in the normalizer's
documented marker format (docs/design.md); ``main_items`` is the usual pair of posts with
their media; ``golden_source`` scrapes the demo blog over loopback and exports it as bundles.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tistory_migrate.archive import Archive
from tistory_migrate.exporters.base import ExportContext, ExportOptions
from tistory_migrate.exporters.naver import NaverExporter
from tistory_migrate.pipeline import export as run_export
from tistory_migrate.fetch.http import HttpFetcher
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.models import BlogInfo, Embed, MediaRef, Post
from tistory_migrate.normalize.sniff import sniff
from tistory_migrate.pipeline import NullProgress, Scraper, ScrapeOptions
from tistory_migrate.settings import Settings

DEMO = Path(__file__).resolve().parents[2] / "src" / "tistory_migrate" / "demo" / "seodaemun"
START = date(2026, 1, 5)
BLOG = BlogInfo(base_url="https://seodaemun.tistory.com", host="seodaemun.tistory.com", title="서대문구청 블로그")
DN = "https://blog.kakaocdn.net/dn/bBRNEQ/btqOvSfNJfW/6hTYrJRjAPKDZIvA8SHlAK/img.jpg"
DNA = ("https://blog.kakaocdn.net/dna/5oSv2/dJMcahCLuga/AAAAAAAAAAAAAAAAAAAAADVx/img.png"
       "?credential=yqXZ&expires=1767193199&allow_ip=&allow_referer=&signature=zgyu2rj%2F9swm98FYobzyHqq08p8%3D")
DNA_ID = "dna/5oSv2/dJMcahCLuga/AAAAAAAAAAAAAAAAAAAAADVx/img.png"
CFILE = "https://t1.daumcdn.net/cfile/tistory/99996A425A60BBAB2B?original"
PDF = ("https://blog.kakaocdn.net/dna/4RzGU/dJMcagYrtuy/AAAA/20210201112150.pdf"
       "?credential=a&expires=1767193199&signature=b&attach=1&knm=file.pdf")
PDF_ID = "dna/4RzGU/dJMcagYrtuy/AAAA/20210201112150.pdf"


def png(width: int, height: int, seed: int = 0) -> bytes:
    """A real PNG (the sniffer reads its true size), different bytes per seed."""
    rows = b"".join(b"\x00" + bytes(((x * 7 + y * 3 + seed * 41) % 256) for x in range(width * 3)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Body:
    """A body in the shape docs/design.md gives ``NormalizedBody``."""

    html: str
    text: str = ""
    images: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    embeds: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    internal_links: list = field(default_factory=list)


def image_ref(url: str, identity: str, *, caption=None, filename=None, expires=False) -> MediaRef:
    return MediaRef(kind="image", src=url, original_url=url, identity=identity, caption=caption, filename=filename,
                    expires=expires)


def fig(n: int, caption: str | None = None) -> str:
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure data-tm-image="{n}"><img src="x" alt="{caption or ""}">{cap}</figure>'


def post(pid: str, title: str, published: str, *, status="public", body_raw="<p>x</p>", tags=(), category=None) -> Post:
    return Post(id=pid, url=f"https://seodaemun.tistory.com/{pid}", title=title, published=published, status=status,
                body_raw=body_raw, tags=list(tags), category=category)


def store(ar: Archive, identity: str, url: str, data: bytes) -> None:
    ar.put_media(identity, url, data, sniffed=sniff(data))


def contract_export(tmp: Path, items: list[tuple[Post, Body]], *, media=(), settings=None, **options) -> Path:
    """Run NaverExporter's lifecycle over ``items`` (archive order = list order)."""
    with Archive.open(tmp / "archive", create=True) as ar:
        ar.set_blog(BLOG)
        for identity, url, data in media:
            store(ar, identity, url, data)
        out = tmp / "out" / "naver"
        ctx = ExportContext(archive=ar, out_dir=out, settings=settings or Settings(),
                            options=ExportOptions(start_date=date(2026, 1, 5), **options), blog=BLOG)
        exporter = NaverExporter(ctx)
        exporter.start()
        for p, body in items:
            exporter.export_post(p, body)
        exporter.summary_result = exporter.finish()
    return out


def main_items():
    first = post("101", "첫 글: 협치 성과 공유파티", "2019-12-13T10:00:00+09:00", tags=["협치", " #협치 ", "서대문", ""],
                 category="서대문 소식/협치/원탁회의")
    first_body = Body(
        html=("<p>민과 관이 <b>함께</b> 합니다.</p>" + fig(0, "▲ 인사 나누기") + "<p>가운데 글</p>" + fig(1)
              + '<p data-tm-attachment="0"><a href="u">자료.pdf</a></p>'
              + '<p data-tm-embed="0"><a href="https://www.youtube.com/watch?v=ddZ">현장 영상</a></p>'
              + '<pre>print("협치")</pre><table><tr><td>가</td><td>나</td></tr></table>'),
        images=[image_ref(DN, "dn/bBRNEQ/btqOvSfNJfW/6hTYrJRjAPKDZIvA8SHlAK/img.jpg", caption="▲ 인사 나누기",
                          filename="IMG_1590.JPG"),
                image_ref(DNA, DNA_ID, filename="2.png", expires=True)],
        attachments=[MediaRef(kind="attachment", src=PDF, original_url=PDF, identity=PDF_ID, filename="자료.pdf",
                              expires=True)],
        embeds=[Embed(kind="youtube", url="https://www.youtube.com/watch?v=ddZ", title="현장 영상")],
        notes=["video -> link (youtube)"])
    second = post("102", "두 번째 글", "2020-01-02T09:00:00+09:00", category="공지")
    second_body = Body(html="<p>사진 없는 글</p>" + fig(0), images=[image_ref(CFILE, "cfile/99996A425A60BBAB2B")])
    media = [("dn/bBRNEQ/btqOvSfNJfW/6hTYrJRjAPKDZIvA8SHlAK/img.jpg", DN, png(4, 3, 1)),
             (DNA_ID, DNA, png(2, 2, 2)), (PDF_ID, PDF, PDF_BYTES)]
    # cfile image of the second post never downloaded: marker stays, note says so.
    hidden = post("103", "보호글", "2020-02-01T09:00:00+09:00", status="protected", body_raw="")
    private = post("104", "비공개 글", "2020-03-01T09:00:00+09:00", status="private")
    missing = post("105", "", "2020-04-01T09:00:00+09:00", status="missing", body_raw="")
    items = [(first, first_body), (second, second_body), (hidden, Body(html="")),
             (private, Body(html="<p>비밀</p>")), (missing, Body(html=""))]
    return items, media


def scrape_demo(archive_dir: Path) -> Path:
    """The demo blog scraped over loopback into ``archive_dir``."""
    settings = Settings().with_overrides("fetch", page_delay=0.0, media_delay=0.0, retries=1, backoff_base=0.1)
    with FixtureServer([DEMO]) as server:
        fetcher = HttpFetcher(settings.fetch, resolve=server.resolve_map(), page_hosts={"seodaemun.tistory.com"})
        try:
            Scraper(fetcher, settings, ScrapeOptions(url="https://seodaemun.tistory.com", archive=archive_dir),
                    NullProgress()).run()
        finally:
            fetcher.close()
    return archive_dir


def golden_source(tmp: Path, **options) -> Path:
    """Scrape the demo blog into ``tmp`` and export it as Naver bundles; returns OUT/naver."""
    archive_dir = scrape_demo(tmp / "archive")
    with Archive.open(archive_dir) as ar:
        run_export(ar, ["naver"], tmp / "export", Settings(), ExportOptions(start_date=START, **options))
    return tmp / "export" / "naver"


def page_data(out: Path) -> dict:
    """The helper page's data as one object: index.html's light records with each bundled
    post's heavy fields from its ``data/posts-NNNN.js`` chunk put back in."""
    import json
    import re

    from tistory_migrate.exporters.naver.page import read_chunk

    page = (out / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="tm-data">(.*?)</script>', page, re.S)
    assert m, "the page embeds its data"
    data = json.loads(m.group(1))
    heavy: dict[int, dict] = {}
    for path in sorted((out / "data").glob("posts-*.js")):
        k, items = read_chunk(path.read_text(encoding="utf-8"))
        assert path.name == f"posts-{k:04d}.js"
        heavy[k] = {item["id"]: item for item in items}
    for rec in data["posts"]:
        if rec["chunk"]:
            extra = dict(heavy[rec["chunk"]][rec["id"]])
            extra.pop("id")
            rec.update(extra)
    return data
