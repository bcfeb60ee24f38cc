"""The fixture Tistory blog the WXR and redirect tests share, built into a temporary archive.

``seodaemun.tistory.com`` (its posts come from the seed text of the real blog that moved to
Naver in 2023): raw Tistory bodies as the scraper stores them, real image bytes in the
media table, and ``body_for(post_id)``: the ``NormalizedBody`` those bodies normalize to,
written out by hand from the contract in docs/design.md (markers ``data-tm-image`` etc.), so
exporter tests do not shift when the normalizer learns something new (``support.exporters``
feeds them to an exporter).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from tistory_migrate.archive import Archive
from tistory_migrate.models import BlogInfo, Embed, MediaRef, Post
from tistory_migrate.normalize import NormalizedBody
from tistory_migrate.normalize.sniff import sniff
from tools.make_fixture_images import make, pdf_bytes

OLD = "https://seodaemun.tistory.com"
SLUG_101 = "협치란-서대문구-협치-어떻게-할까요"
SLUG_103 = "소통과-신뢰의-협치서대문-남가좌1동-100인-원탁회의를-다녀와서"

BLOG = BlogInfo(base_url=OLD, host="seodaemun.tistory.com", title="서대문구청 티스토리 블로그", blog_id="1234567",
                name="seodaemun", author="서대문구청", description="서대문구청 블로그입니다")

# Identities are what normalize.images gives (host + path, no query). Images: kakaocdn dn (already an importable original), t1 cfile (?original: not importable),
# signed dna (never downloaded), and an attachment on a signed dna URL.
IMG_DN = MediaRef(kind="image", src="https://blog.kakaocdn.net/dn/bq1Wx/btqAbC/kQ2x/img.jpg",
                  original_url="https://blog.kakaocdn.net/dn/bq1Wx/btqAbC/kQ2x/img.jpg",
                  identity="blog.kakaocdn.net/dn/bq1Wx/btqAbC/kQ2x/img.jpg", caption="7월 1일 원탁회의 모습", filename="원탁회의.jpg")
IMG_CFILE = MediaRef(kind="image", src="https://t1.daumcdn.net/cfile/tistory/2764E4375786E81A31",
                     original_url="https://t1.daumcdn.net/cfile/tistory/2764E4375786E81A31?original",
                     identity="t1.daumcdn.net/cfile/tistory/2764E4375786E81A31", caption="문석진 구청장의 기조 강연")
IMG_102 = MediaRef(kind="image", src="https://blog.kakaocdn.net/dn/cZ9y/btqXyZ/Ab12/img.png",
                   original_url="https://blog.kakaocdn.net/dn/cZ9y/btqXyZ/Ab12/img.png",
                   identity="blog.kakaocdn.net/dn/cZ9y/btqXyZ/Ab12/img.png", filename="명랑거북이 토론회.png")
IMG_DNA = MediaRef(kind="image",
                   src="https://blog.kakaocdn.net/dna/x1/y2/AAAAAAAA/img.jpg?credential=abc&expires=1767193199&signature=s%3D",
                   original_url="https://blog.kakaocdn.net/dna/x1/y2/AAAAAAAA/img.jpg?credential=abc&expires=1767193199&signature=s%3D",
                   identity="blog.kakaocdn.net/dna/x1/y2/AAAAAAAA/img.jpg", expires=True)
FILE_PDF = MediaRef(kind="attachment",
                    src="https://blog.kakaocdn.net/dna/f1/f2/BBBB/doc.pdf?credential=c&signature=t&attach=1&knm=doc.pdf",
                    original_url="https://blog.kakaocdn.net/dna/f1/f2/BBBB/doc.pdf?credential=c&signature=t&attach=1&knm=doc.pdf",
                    identity="blog.kakaocdn.net/dna/f1/f2/BBBB/doc.pdf", filename="50인 원탁회의 자료집.pdf")
IMG_103 = MediaRef(kind="image", src="https://t1.daumcdn.net/cfile/tistory/99AB3C335A9F76DC06",
                   original_url="https://t1.daumcdn.net/cfile/tistory/99AB3C335A9F76DC06?original",
                   identity="t1.daumcdn.net/cfile/tistory/99AB3C335A9F76DC06", filename="남가좌1동.jpg")


def _p(text: str) -> str:
    return f'<p data-ke-size="size16">{text}</p>'


def _figure(ref: MediaRef) -> str:
    cap = f"<figcaption>{ref.caption}</figcaption>" if ref.caption else ""
    return (f'<figure class="imageblock alignCenter" data-ke-mobilestyle="widthOrigin"><span data-url="{ref.original_url}" '
            f'data-lightbox="lightbox"><img src="{ref.src}" data-filename="{ref.filename or "img.jpg"}" /></span>{cap}</figure>')


@dataclass
class Body:
    """A NormalizedBody written by hand (docs/design.md); ``body_for`` gives the real record."""

    html: str
    text: str
    images: list[MediaRef] = field(default_factory=list)
    attachments: list[MediaRef] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    internal_links: list[str] = field(default_factory=list)


def _marker_fig(n: int, ref: MediaRef) -> str:
    cap = f"<figcaption>{ref.caption}</figcaption>" if ref.caption else ""
    return f'<figure data-tm-image="{n}"><img src="{ref.original_url.replace("&", "&amp;")}" alt="{ref.caption or ""}">{cap}</figure>'


P101 = ["최근 새로운 화두로 떠오른 '협치(協治, Governance)의 시대'를 맞아 민(民)이 중심이 된 서대문 주민 원탁회의에서 협치의 가치 공유와 실천을 위한 협치 원칙을 공유했어요.",
        "서대문구는 2016년 7월 1일 민과 관이 함께 모여 원탁회의를 진행했어요."]
P102 = ["지난 5월 18일, 뮤직 특강과 명랑거북이 토론회 '협치 서대문 50인 원탁회의'가 사회적경제·마을공동체 3층 대강당에서 열렸어요.",
        "함께 노래하고 떠들고 연대하며 지역 문제를 논의하는 시간이였어요."]
P103 = ["서대문구는 복지와 교육, 문화 등 다방면으로 나날이 발전하고 있습니다.",
        "6월 24일(토) 오전 10시, 남가좌1동 주민센터 3층 대강당에서 100인 원탁회의가 열렸습니다."]

POSTS: list[tuple[Post, Body]] = [
    (Post(id="101", url=f"{OLD}/101", title="협치란? 서대문구, 협치 어떻게 할까요?", slug_url=f"{OLD}/entry/{quote(SLUG_101, safe='')}",
          published="2016-07-05T10:20:00+09:00", category="협치/원탁회의", tags=["협치", "원탁회의", "서대문구"],
          author="서대문구청", summary="협치가 뭐예요? 서대문 주민 원탁회의에서 협치 원칙을 공유했어요.",
          body_raw=_p(P101[0]) + _figure(IMG_DN) + _p(P101[1]) + _figure(IMG_CFILE), images=[IMG_DN, IMG_CFILE],
          extra={"comments": [
              {"author": "주민1", "date": "2016-07-06T09:00:00+09:00", "body": "좋은 정보 감사합니다", "parent": None},
              {"author": "서대문구청", "date": "2016-07-06T10:30:00+09:00", "body": "감사합니다 :)", "parent": 0},
          ]}),
     Body(html=f"<p>{P101[0]}</p>{_marker_fig(0, IMG_DN)}<p>{P101[1]}</p>{_marker_fig(1, IMG_CFILE)}",
          text="\n".join(P101 + [IMG_DN.caption, IMG_CFILE.caption]), images=[IMG_DN, IMG_CFILE])),
    (Post(id="102", url=f"{OLD}/102", title="협치 서대문 50인 원탁회의 열다! '협치로 만들어가는 서대문'",
          published="2017-05-20T14:05:09+09:00", category="협치/원탁회의", tags=["원탁회의", "명랑거북이"], author="서대문구청",
          body_raw=_p(P102[0]) + _figure(IMG_102) + _figure(IMG_DNA) + _p(P102[1]) +
          f'<figure class="fileblock"><a href="{FILE_PDF.src}"><div class="desc"><div class="filename"><span class="name">{FILE_PDF.filename}</span></div></div></a></figure>',
          images=[IMG_102, IMG_DNA], attachments=[FILE_PDF]),
     Body(html=f"<p>{P102[0]}</p>{_marker_fig(0, IMG_102)}{_marker_fig(1, IMG_DNA)}<p>{P102[1]}</p>"
               f'<p data-tm-attachment="0"><a href="{FILE_PDF.original_url.replace("&", "&amp;")}">{FILE_PDF.filename}</a></p>',
          text="\n".join(P102 + [FILE_PDF.filename or ""]), images=[IMG_102, IMG_DNA], attachments=[FILE_PDF])),
    (Post(id="103", url=f"{OLD}/103", title="소통과 신뢰의 협치서대문! 남가좌1동 '100인 원탁회의'를 다녀와서",
          slug_url=f"{OLD}/entry/{quote(SLUG_103, safe='')}", published="2017-06-26T18:00:00+09:00", category="협치",
          tags=["원탁회의"], author="서대문구청",
          body_raw=_p(P103[0]) + _figure(IMG_103) + _p(P103[1] + f' <a href="{OLD}/101">협치란?</a>'), images=[IMG_103]),
     Body(html=f"<p>{P103[0]}</p>{_marker_fig(0, IMG_103)}<p>{P103[1]} <a href=\"{OLD}/101\" data-tm-post=\"101\">협치란?</a></p>",
          text="\n".join(P103 + ["협치란?"]), images=[IMG_103], internal_links=["101"])),
    (Post(id="104", url=f"{OLD}/104", title="원탁회의 후기", published="2017-09-01T09:00:00+09:00", category="소식",
          author="서대문구청", body_raw=_p("원탁회의에 다녀온 후기를 남겨요. 주민 150여 명이 모여 지역 의제를 정했어요.")),
     Body(html="<p>원탁회의에 다녀온 후기를 남겨요. 주민 150여 명이 모여 지역 의제를 정했어요.</p>",
          text="원탁회의에 다녀온 후기를 남겨요. 주민 150여 명이 모여 지역 의제를 정했어요.")),
    (Post(id="105", url=f"{OLD}/105", title="원탁회의 후기", published="2017-09-15T09:00:00+09:00", category="소식",
          author="서대문구청", body_raw=_p("두 번째 원탁회의 후기예요. 이번에는 분과별로 토론했어요.")),
     Body(html="<p>두 번째 원탁회의 후기예요. 이번에는 분과별로 토론했어요.</p>", text="두 번째 원탁회의 후기예요. 이번에는 분과별로 토론했어요.")),
    # Title and body carry what breaks naive XML writers: "]]>", a vertical tab, "&", "<".
    (Post(id="108", url=f"{OLD}/108", title="민과 관이 함께하는 협치 성과 공유파티", published="2019-12-16T11:11:11+09:00",
          category="협치/성과 공유", tags=["협치", "C++ & <협치>"], author="서대문구청",
          body_raw=_p("코드 예: a[b[0]]>c \x0b 끝 & 마무리")),
     Body(html="<p>코드 예: a[b[0]]&gt;c \x0b 끝 &amp; 마무리</p>", text="코드 예: a[b[0]]>c \x0b 끝 & 마무리")),
    (Post(id="106", url=f"{OLD}/notice/106", title="티스토리 블로그 운영을 종료합니다", kind="notice",
          published="2023-06-30T17:00:00+09:00", author="서대문구청",
          body_raw=_p("서대문구청 티스토리 블로그 운영을 종료합니다.(2023.7.1.) 서대문구청 네이버 블로그에서 만나요!")),
     Body(html="<p>서대문구청 티스토리 블로그 운영을 종료합니다.(2023.7.1.) 서대문구청 네이버 블로그에서 만나요!</p>",
          text="서대문구청 티스토리 블로그 운영을 종료합니다.(2023.7.1.) 서대문구청 네이버 블로그에서 만나요!")),
    (Post(id="107", url=f"{OLD}/107", title="비밀 회의록", status="protected", published="2018-03-02T08:00:00+09:00"),
     Body(html="", text="")),
]


def build_archive(root: Path, *, blog: BlogInfo = BLOG) -> Archive:
    """A fresh archive with every fixture post and the downloaded media (one left missing)."""
    ar = Archive.open(root, create=True)
    ar.set_blog(blog)
    for post, _ in POSTS:
        ar.put_post(post)
    for n, ref in enumerate([IMG_DN, IMG_CFILE, IMG_102, IMG_103], 1):
        data = make("png" if ref.identity.endswith(".png") else "jpeg", 24, 16, n)
        ar.put_media(ref.identity, ref.original_url, data, sniffed=sniff(data))
    pdf = pdf_bytes(["Seodaemun round table 50"])
    ar.put_media(FILE_PDF.identity, FILE_PDF.original_url, pdf, sniffed=sniff(pdf))
    ar.put_media_failure(IMG_DNA.identity, IMG_DNA.original_url, "failed", "HTTP 403 (signature expired)")
    return ar


def body_for(post_id: str) -> NormalizedBody:
    """The hand-written normalized body of a fixture post."""
    for post, body in POSTS:
        if post.id == post_id:
            return NormalizedBody(**{k: getattr(body, k) for k in body.__dataclass_fields__})
    raise KeyError(post_id)
