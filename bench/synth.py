"""Synthetic Tistory blog of N posts, as a ``urls.tsv`` folder the fixture server can serve.

    python bench/synth.py OUT_DIR --posts 2000 [--host bench.tistory.com] [--seed 1]

Pages follow the Magazine skin (2025) of the real pages in shared/real-pages and the demo blog
(``demo/seodaemun/posts/168.html``): the same head (meta, T.config/T.entryInfo, JSON-LD), the
same body wrapper (``article_view`` > ``tt_article_useless_p_margin``) with ad units inside, the
same chrome after it (post buttons, another_category, tags, related, sidebar), so extraction and
normalization cost what they cost on a real blog (~20 KB a page). Each post has 3 images on
``blog.kakaocdn.net`` (another host, as on Tistory: the politeness delay applies to the blog
host only), each image distinct bytes (a tiny valid PNG). Ids are 1..N without gaps (so the id
probe has nothing to do), 10 posts per list page, newest first, like the skin's default. RSS
carries the newest 50 posts, the sitemap all of them.

Also importable: ``build(out, posts=N, host=...) -> Synth`` (what tests and bench/run use).
"""

from __future__ import annotations

import argparse
import html
import json
import random
import struct
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

KST = timezone(timedelta(hours=9))
PER_PAGE = 10
RSS_ITEMS = 50
IMAGES_PER_POST = 3
MEDIA_HOST = "blog.kakaocdn.net"
CATEGORIES = ["일상", "여행/국내", "여행/해외", "개발", "책"]
WORDS = ("서대문구 협치 원탁회의 주민 참여 예산 공원 산책 도서관 행사 안내 소식 봄 여름 가을 겨울 "
         "사진 기록 정리 생각 이야기 오늘 내일 계획 결과 공유 문화 축제 교육 환경 복지").split()
HTML_TYPE = "Content-Type: text/html;charset=UTF-8"
LM = "Last-Modified: Mon, 01 Dec 2025 00:00:00 GMT"
e = html.escape


def _png(seed: int) -> bytes:
    """A tiny valid 8x8 RGB PNG whose pixels depend on ``seed`` (distinct bytes per image)."""
    rng = random.Random(seed)
    raw = b"".join(b"\x00" + bytes(rng.getrandbits(8) for _ in range(8 * 3)) for _ in range(8))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _key(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(n))


def cat_path(category: str) -> str:
    return "/category/" + "/".join(quote(p, safe="") for p in category.split("/"))


@dataclass
class Post:
    id: int
    title: str
    published: datetime
    category: str
    tags: list[str]
    paragraphs: list[str]
    images: list[tuple[str, str]]  # (url, caption)
    raw_body: str | None = None  # tests: this exact body HTML instead of paragraphs + images


@dataclass
class Synth:
    folder: Path
    host: str
    base: str
    posts: list[Post] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # every URL served, in urls.tsv order
    blog_urls: list[str] = field(default_factory=list)  # pages on the blog host (posts, lists, feeds)
    media_urls: list[str] = field(default_factory=list)
    api_urls: list[str] = field(default_factory=list)  # the comment endpoint (/m/api/{id}/comment), apart
    total: int | None = None  # the sidebar's "분류 전체보기 (N)", when the blog shows it

    @property
    def hosts(self) -> list[str]:
        return [self.host, MEDIA_HOST]


def post_ids(n: int, gaps: bool = False) -> list[int]:
    """The ids of ``n`` posts: 1..n, or with ``gaps`` every 5th number missing (20% of ids: deleted posts)."""
    if not gaps:
        return list(range(1, n + 1))
    return [i for i in range(1, n + n // 4 + 6) if i % 5][:n]


def make_posts(n: int, seed: int, gaps: bool = False) -> list[Post]:
    rng = random.Random(seed)
    start = datetime(2012, 1, 1, 9, 0, tzinfo=KST)
    posts = []
    for i in post_ids(n, gaps):
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 6))]
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))) + "." for _ in range(rng.randint(6, 12))]
        images = []
        for k in range(IMAGES_PER_POST):
            url = f"https://{MEDIA_HOST}/dn/{_key(rng, 6)}/btq{_key(rng, 8)}/{_key(rng, 22)}/img.png"
            images.append((url, f"{words[0]} 사진 {k + 1}"))
        posts.append(Post(id=i, title=f"{' '.join(words)} #{i}", published=start + timedelta(hours=7 * i, minutes=i % 60),
                          category=CATEGORIES[i % len(CATEGORIES)], tags=sorted({rng.choice(WORDS) for _ in range(3)}),
                          paragraphs=paragraphs, images=images))
    return posts


# --- page templates (Magazine 2025) ---------------------------------------------------------------
ASSET = "https://tistory1.daumcdn.net/tistory_admin/userblog/userblog-7e0ff364db2dca01461081915f9748e9916c532a/static"
BLOG_ID = 4100000
BLOG_TITLE = "벤치마크 블로그"
AUTHOR = "벤치"

HEAD_START = f"""<!doctype html>
<html lang="ko">
<head>
<link rel="stylesheet" type="text/css" href="https://t1.daumcdn.net/tistory_admin/lib/lightbox/css/lightbox.min.css" /><link rel="stylesheet" type="text/css" href="{ASSET}/style/font.css" />
<link rel="stylesheet" type="text/css" href="{ASSET}/style/content.css" />
<link rel="stylesheet" type="text/css" href="{ASSET}/style/uselessPMargin.css" />
<!-- System - START -->
<script src="//pagead2.googlesyndication.com/pagead/js/adsbygoogle.js" async="async" data-ad-host="ca-host-pub-9691043933427338" data-ad-client="ca-pub-3312700581045278"></script>
<!-- System - END -->
<meta http-equiv="X-UA-Compatible" content="IE=Edge">
<meta name="format-detection" content="telephone=no">
<script src="//t1.daumcdn.net/tistory_admin/lib/jquery/jquery-3.5.1.min.js" crossorigin="anonymous"></script>
<script type="text/javascript" src="//t1.daumcdn.net/tiara/js/v1/tiara-1.2.0.min.js"></script><meta name="referrer" content="always"/>
<meta name="google-adsense-platform-account" content="ca-host-pub-9691043933427338"/>
<meta name="google-adsense-platform-domain" content="tistory.com"/>
"""

REVENUE = """<!-- System - START -->
<div class="revenue_unit_wrap">
  <div class="revenue_unit_item adfit">
    <div class="revenue_unit_info">728x90</div>
    <ins class="kakao_ad_area" style="display: none;" data-ad-unit="DAN-sDm3Fx7Qw2Lk9Pz1" data-ad-width="728" data-ad-height="90"></ins>
    <script type="text/javascript" src="//t1.daumcdn.net/kas/static/ba.min.js" async="async"></script>
  </div>
</div>
<!-- System - END -->"""

FOOT = """<div class="#menubar menu_toolbar "><h2 class="screen_out">티스토리툴바</h2></div>
<script src="https://tistory1.daumcdn.net/tistory_admin/userblog/userblog-7e0ff364db2dca01461081915f9748e9916c532a/static/script/common.js"></script>
<script type="text/javascript">window.roosevelt_params_queue = window.roosevelt_params_queue || [{channel_id: 'dk', channel_label: '{tistory}'}]</script>
<script type="text/javascript" src="//t1.daumcdn.net/midas/rt/dk_bt/roosevelt_dk_bt.js" async="async"></script>
<script>window.tiara = {"svcDomain":"user.tistory.com","section":"글뷰","trackPage":"글뷰_보기","page":"글뷰","key":"4100000","customProps":{"userId":"0","blogId":"4100000","role":"guest"}};</script>
<script src="https://tistory1.daumcdn.net/tistory_admin/userblog/userblog-7e0ff364db2dca01461081915f9748e9916c532a/static/script/tistory.js"></script>
</body>
</html>
"""


def _t_config(base: str, url: str, entry: str) -> str:
    cfg = {"TOP_SSL_URL": "https://www.tistory.com", "PREVIEW": False, "ROLE": "guest", "PREV_PAGE": "", "NEXT_PAGE": "",
           "BLOG": {"id": BLOG_ID, "name": base.split("//")[1].split(".")[0], "title": BLOG_TITLE, "isDormancy": False,
                    "nickName": AUTHOR, "status": "open", "profileStatus": "normal"},
           "NEED_COMMENT_LOGIN": True, "LOGIN_URL": "https://www.tistory.com/auth/login/?redirectUrl=" + quote(url, safe=""),
           "DEFAULT_URL": base, "USER": {"name": None, "homepage": None, "id": 0, "profileImage": None},
           "IS_LOGIN": False, "HAS_BLOG": False, "TOP_URL": "http://www.tistory.com", "PHASE": "prod", "ROLE_GROUP": "visitor"}
    text = json.dumps(cfg, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")
    return (f'<script type="text/javascript">if (!window.T) {{ window.T = {{}} }}\nwindow.T.config = {text};\n'
            f"window.T.entryInfo = {entry};\n"
            'window.appInfo = {"domain":"tistory.com","topUrl":"https:\\/\\/www.tistory.com"};\nwindow.initData = {};\n</script>')


def _header(base: str) -> str:
    return f"""<div id="acc-nav"><a href="#content">본문 바로가기</a></div>
<div id="wrap">
<header id="header" class="header_layout"><div class="inner_header">
  <h1 class="title_logo"><a href="{base}/" class="link_logo">{BLOG_TITLE}</a></h1>
  <nav id="gnb" class="area_gnb"><ul><li class="t_menu_home first"><a href="/" target="">홈</a></li><li class="t_menu_tag"><a href="/tag" target="">태그</a></li><li class="t_menu_guestbook last"><a href="/guestbook" target="">방명록</a></li></ul></nav>
</div></header>"""


def _sidebar(recent: list[Post], total: int | None = None) -> str:
    count = f' <span class="c_cnt">({total})</span>' if total is not None else ""
    cats = "".join(f'<li><a href="{cat_path(c)}" class="link_item">{e(c)}</a></li>' for c in CATEGORIES)
    rec = "".join(f'<li><a href="/{p.id}" class="link_post">{e(p.title)}</a><span class="date">{p.published:%Y.%m.%d}</span></li>'
                  for p in recent)
    return (f'<aside class="area_aside"><div class="box_category"><ul class="tt_category"><li><a href="/category" class="link_tit">'
            f'분류 전체보기{count}</a>'
            f'<ul class="category_list">{cats}</ul></li></ul></div>'
            f'<div class="box_recent"><h3>최근글</h3><ul>{rec}</ul></div></aside>')


def _image(url: str, caption: str, n: int) -> str:
    thumb = "https://img1.daumcdn.net/thumb/R1280x0/?scode=mtistory2&amp;fname=" + quote(url, safe="")
    noimg = "//t1.daumcdn.net/tistory_admin/static/images/no-image-v1.png"
    return (f'<figure class="imageblock alignCenter" data-ke-mobileStyle="widthOrigin" data-filename="photo{n}.png" '
            f'data-origin-width="8" data-origin-height="8"><span data-url="{url}" data-phocus="{url}">'
            f'<img src="{url}" srcset="{thumb}" onerror="this.onerror=null; this.src=\'{noimg}\'; this.srcset=\'{noimg}\';" '
            f'loading="lazy" width="8" height="8" data-filename="photo{n}.png" data-origin-width="8" data-origin-height="8"/>'
            f'</span><figcaption>{e(caption)}</figcaption></figure>')


def _og_image(p: Post) -> str:
    if not p.images:
        return "https://t1.daumcdn.net/tistory_admin/static/images/openGraph/opengraph.png"
    return "https://img1.daumcdn.net/thumb/R800x0/?scode=mtistory2&amp;fname=" + quote(p.images[0][0], safe="")


def post_page(s: Synth, p: Post, recent: list[Post]) -> str:
    url = f"{s.base}/{p.id}"
    body_parts = []
    for k, para in enumerate(p.paragraphs):
        body_parts.append(f'<p data-ke-size="size16">{e(para)}</p>')
        if k < len(p.images):
            body_parts.append(_image(p.images[k][0], p.images[k][1], k + 1))
    body = "\n".join(body_parts) if p.raw_body is None else p.raw_body
    desc = e(" ".join(p.paragraphs)[:150])
    leaf = p.category.split("/")[-1]
    published = p.published.isoformat()
    entry = json.dumps({"entryId": p.id, "isAuthor": False, "categoryId": 900000 + CATEGORIES.index(p.category),
                        "categoryLabel": p.category}, ensure_ascii=False)
    ld = json.dumps({"@context": "http://schema.org", "@type": "BlogPosting", "mainEntityOfPage": {"@id": url, "name": None},
                     "url": url, "headline": p.title, "description": " ".join(p.paragraphs)[:150],
                     "author": {"@type": "Person", "name": AUTHOR, "logo": None}, "datePublished": published,
                     "dateModified": published, "publisher": {"@type": "Organization", "name": "TISTORY"}}, ensure_ascii=False)
    tags = ", ".join(f'<a href="/tag/{quote(t, safe="")}" rel="tag">{e(t)}</a>' for t in p.tags)
    same_cat = [q for q in recent if q.category == p.category][:4]
    another = "".join(f'<tr><th><a href="/{q.id}">{e(q.title)}</a>&nbsp;&nbsp;<span>(0)</span></th><td>{q.published:%Y.%m.%d}</td></tr>'
                      for q in same_cat)
    related = "".join(f'<li class="item_related"><a href="/{q.id}?category={900000 + CATEGORIES.index(q.category)}" '
                      f'class="link_related"><div class="info"><strong class="title">{e(q.title)}</strong></div></a></li>'
                      for q in recent[:4])
    return f"""{HEAD_START}<meta name="description" content="{desc}"/>
<meta property="og:type" content="article"/>
<meta property="og:url" content="{url}"/>
<meta property="og.article.author" content="{AUTHOR}"/>
<meta property="og:site_name" content="{BLOG_TITLE}"/>
<meta property="og:title" content="{e(p.title)}"/>
<meta name="by" content="{AUTHOR}"/>
<meta property="og:description" content="{desc}"/>
<meta property="og:image" content="{_og_image(p)}"/>
<meta property="article:section" content="&#x27;{e(leaf)}&#x27;"/>
<meta name="twitter:card" content="summary_large_image"/>
<meta name="twitter:title" content="{e(p.title)}"/>
<meta property="article:mobile_url" content="{s.base}/m/{p.id}"/>
<meta property="article:pc_url" content="{url}"/>
<meta property="article:txid" content="{BLOG_ID}_{p.id}"/>
<meta property="article:published_time" content="{published}"/>
<meta property="og:regDate" content="{p.published:%Y%m%d%I%M%S}"/>
<meta property="article:modified_time" content="{published}"/>
{_t_config(s.base, url, entry)}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, height=device-height, initial-scale=1, minimum-scale=1.0, maximum-scale=1.0">
<title>{e(p.title)}</title>
<link rel="stylesheet" href="https://tistory1.daumcdn.net/tistory/{BLOG_ID}/skin/style.css?_version_=1686193000">
<link rel="alternate" type="application/rss+xml" title="{BLOG_TITLE}" href="{s.base}/rss" />
<link rel="canonical" href="{url}"/>
<script type="application/ld+json">{ld}</script>
</head>
<body id="tt-body-page" class="theme_blue">
{_header(s.base)}
<div id="container"><main class="main"><div class="area_main"><div class="area_view" id="content">
  <div class="article_header type_article_header_cover">
    <div class="inner_header"><div class="info_text">
      <strong class="title_post">{e(p.title)}</strong>
      <p class="info"><span class="date">{p.published.year}. {p.published.month}. {p.published.day}. {p.published:%H:%M}</span>ㆍ<span>{e(leaf)}</span></p>
    </div></div>
  </div>
  <hr class="hr_sub">
  <div class="article_view" id="article-view">
{REVENUE}
<div class="tt_article_useless_p_margin contents_style">{body}</div>
{REVENUE}
<div class="container_postbtn #post_button_group">
  <div class="postbtn_like"><div class="wrap_btn" id="reaction-{p.id}" data-tistory-react-app="Reaction"></div>
  <div class="wrap_btn wrap_btn_share"><button type="button" class="btn_post sns_btn btn_share" data-title="{e(p.title)}" data-pc-url="{url}"><span class="ico_postbtn ico_share">공유하기</span></button></div></div>
  <button type="button" class="btn_menu_toolbar btn_subscription #subscribe" data-blog-id="{BLOG_ID}" data-url="{url}"><em class="txt_state">구독하기</em></button>
</div>
<div class="another_category another_category_color_gray">
  <h4>'<a href="{cat_path(p.category)}">{e(p.category)}</a>' 카테고리의 다른 글</h4>
  <table>{another}</table>
</div>
<div class="area_tag"><strong class="tit_tag">태그</strong><div class="tag_content thema_apply">{tags}</div></div>
<div class="area_related"><h3 class="title_related">관련글</h3><ul class="list_related">{related}</ul></div>
  </div>
</div></div></main>
{_sidebar(recent, s.total)}
</div>
</div>
{FOOT}"""


def _paging(path: str, page: int, pages: int) -> str:
    def href(n: int) -> str:
        return f'href="{path}?page={n}"'

    prev_attr = href(page - 1) if page > 1 else ""
    next_attr = href(page + 1) if page < pages else ""
    nums = "\n".join(f'<a {href(n)} class="link_num"><span class="{"selected" if n == page else ""}">{n}</span></a>'
                     for n in range(max(1, page - 2), min(pages, page + 2) + 1))
    return (f'<div class="area_paging area_paging_simple"><a {prev_attr} class="link_page link_prev '
            f'{"" if page > 1 else "no-more-prev"}"><span class="ico_skin ico_prev">이전</span></a>'
            f'<div class="paging_num thema_apply">{nums}</div><a {next_attr} class="link_page link_next '
            f'{"" if page < pages else "no-more-next"}"><span class="ico_skin ico_next">다음</span></a></div>')


def list_page(s: Synth, posts: list[Post], path: str, page: int, pages: int, heading: str, total: int,
              recent: list[Post]) -> str:
    items = "\n".join(
        f'<li class="item_category"><a href="/{p.id}" class="link_category"><div class="info"><strong class="name">{e(p.title)}'
        f'</strong><p class="text summary">{e(" ".join(p.paragraphs)[:100])}..</p><span class="date">{p.published:%Y.%m.%d}'
        f'</span></div></a></li>' for p in posts)
    canonical = s.base + path
    return f"""{HEAD_START}<meta property="og:type" content="website"/>
<meta property="og:url" content="{canonical}"/>
<meta property="og:site_name" content="{BLOG_TITLE}"/>
<meta property="og:title" content="{BLOG_TITLE}"/>
<meta name="by" content="{AUTHOR}"/>
{_t_config(s.base, canonical, "null")}
<meta charset="utf-8">
<title>{BLOG_TITLE}</title>
<link rel="canonical" href="{canonical}"/>
</head>
<body id="tt-body-{'index' if path == '/' else 'category'}" class="theme_blue">
{_header(s.base)}
<div id="container"><main class="main"><div class="area_main">
<div class="area_list">
<h2 class="title_section">{e(heading)}<span>({total})</span></h2>
<ul class="list_category">
{items}
</ul>
</div>
{_paging(path if path != "/" else "", page, pages)}
</div></main>
{_sidebar(recent, s.total)}
</div>
</div>
{FOOT}"""


def rss(s: Synth, newest: list[Post]) -> str:
    items = []
    for p in newest:
        body = "".join(f"<p>{e(x)}</p>" for x in p.paragraphs)
        items.append(f"<item><title>{e(p.title)}</title><link>{s.base}/{p.id}</link><description>{e(body)}</description>"
                     f"<category>{e(p.category)}</category><author>{AUTHOR}</author><guid isPermaLink=\"true\">{s.base}/{p.id}</guid>"
                     f"<comments>{s.base}/{p.id}#entry{p.id}comment</comments>"
                     f"<pubDate>{p.published.strftime('%a, %d %b %Y %H:%M:%S +0900')}</pubDate></item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{BLOG_TITLE}</title>'
            f"<link>{s.base}/</link><description>bench</description><language>ko</language>"
            f"<generator>TISTORY</generator>{''.join(items)}</channel></rss>\n")


def sitemap(s: Synth) -> str:
    urls = "".join(f"<url><loc>{s.base}/{p.id}</loc><lastmod>{p.published.isoformat()}</lastmod></url>" for p in s.posts)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'


def comment_pages(p: Post) -> list[list[dict]]:
    """The comment endpoint's pages of post ``p`` (docs/naver-paste.md §5 shape): every 4th post
    has three comments (one a reply), every 12th a second page; the others none."""
    if p.id % 4:
        return [[]]
    base = p.id * 100
    writer = lambda n: {"name": f"이웃 {n}", "homepage": f"https://friend{n}.tistory.com"}  # noqa: E731
    first = [{"id": base + 1, "content": "잘 읽었습니다.", "written": p.published.isoformat(), "writer": writer(1),
              "children": [{"id": base + 2, "content": "감사합니다!", "written": p.published.isoformat(),
                            "writer": {"name": AUTHOR, "homepage": "", "isOwner": True}}]},
             {"id": base + 3, "content": "비밀 댓글", "isSecret": True, "written": p.published.isoformat(), "writer": writer(3)}]
    if p.id % 12:
        return [first]
    return [first, [{"id": base + 4, "content": "다음 글도 기대합니다.", "written": p.published.isoformat(), "writer": writer(4)}]]


def build(out: Path, *, posts: int, host: str = "bench.tistory.com", seed: int = 1, gaps: bool = False,
          lists_max: int = 0) -> Synth:
    """``gaps``: 20% of the ids missing; ``lists_max``: serve the JSON post and notice lists
    (/m/api/entry/0/POST|NOTICE?page=N&size=S) for sizes 20 and 100 up to this size (a larger
    size answers 400), and the sidebar's count (0: neither, the HTML-only blog)."""
    out = Path(out)
    for sub in ("posts", "pages", "media", "feeds", "api"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    s = Synth(folder=out, host=host, base=f"https://{host}", posts=make_posts(posts, seed, gaps),
              total=posts if lists_max else None)
    lines: list[str] = []

    def add(url: str, rel: str, data: str | bytes, headers: str, *, blog: bool = True, api: bool = False) -> None:
        path = out / rel
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        lines.append(f"{url}\t{rel}\t200\t{headers}")
        s.urls.append(url)
        (s.api_urls if api else s.blog_urls if blog else s.media_urls).append(url)

    newest = sorted(s.posts, key=lambda p: p.id, reverse=True)
    recent = newest[:5]
    # posts and their images
    img_n = 0
    for p in s.posts:
        add(f"{s.base}/{p.id}", f"posts/{p.id}.html", post_page(s, p, recent), HTML_TYPE)
        for url, _caption in p.images:
            img_n += 1
            etag = f'ETag: "{img_n:08x}"'
            add(url, f"media/{img_n}.png", _png(seed * 1_000_003 + img_n), f"Content-Type: image/png | {etag} | {LM}", blog=False)
    # the comment endpoint of every post, and its count
    json_type = "Content-Type: application/json;charset=UTF-8"
    for p in s.posts:
        pages = comment_pages(p)
        total = sum(1 + len(c.get("children", [])) for page in pages for c in page)
        for n, items in enumerate(pages):
            last = n + 1 == len(pages)
            data = {"data": {"items": items, "isLast": last, "nextId": 0 if last else pages[n + 1][0]["id"],
                             "totalItems": total}}
            url = f"{s.base}/m/api/{p.id}/comment" + (f"?startId={items[0]['id']}" if n else "")
            add(url, f"api/{p.id}-{n + 1}.json", json.dumps(data, ensure_ascii=False), json_type, api=True)
        add(f"{s.base}/m/api/{p.id}/comment/count", f"api/{p.id}-count.json", json.dumps({"data": total}), json_type,
            api=True)
    # the JSON post and notice lists, newest first
    json_type = "Content-Type: application/json;charset=UTF-8"
    for size in (20, 100) if lists_max else ():
        for what, items in (("POST", newest), ("NOTICE", [])):
            pages = max(1, -(-len(items) // size))
            for n in range(pages):
                url = f"{s.base}/m/api/entry/0/{what}?page={n}&size={size}"
                if size > lists_max:
                    lines.append(f"{url}\t-\t400\t{json_type}")
                    s.urls.append(url)
                    s.blog_urls.append(url)
                    break
                chunk = items[n * size:(n + 1) * size]
                data = {"data": {"items": [{"id": p.id, "title": p.title, "path": f"/{p.id}"} for p in chunk], "page": n,
                                 "nextPage": n + 1 if n + 1 < pages else None, "totalCount": len(items)}}
                add(url, f"api/list-{what.lower()}-{size}-{n}.json", json.dumps(data, ensure_ascii=False), json_type)
    if lists_max:  # the category tree: full paths with their counts (a parent counts its children)
        tops: dict[str, dict] = {}
        for cat in CATEGORIES:
            parent, _, child = cat.partition("/")
            node = tops.setdefault(parent, {"name": parent, "entries": 0, "children": []})
            n = sum(1 for p in s.posts if p.category == cat)
            node["entries"] += n
            if child:
                node["children"].append({"name": child, "entries": n, "children": []})
        tree = {"data": {"categories": list(tops.values()), "totalCount": len(s.posts)}}
        add(f"{s.base}/m/api/categories", "api/categories.json", json.dumps(tree, ensure_ascii=False), json_type)
    # list pages: front (/ and /?page=N), /category (the same list), each category
    def lists(path: str, items: list[Post], heading: str, name: str) -> None:
        pages = max(1, -(-len(items) // PER_PAGE))
        for n in range(1, pages + 1):
            chunk = items[(n - 1) * PER_PAGE : n * PER_PAGE]
            page_html = list_page(s, chunk, path, n, pages, heading, len(items), recent)
            rel = f"pages/{name}-{n}.html"
            query_base = s.base + (path if path != "/" else "/")
            if n == 1:
                add(query_base, rel, page_html, HTML_TYPE)
            suffix = "?page=" if path != "/" else "?page="
            add(f"{s.base}{path if path != '/' else '/'}{suffix}{n}", rel, page_html, HTML_TYPE)

    lists("/", newest, BLOG_TITLE, "index")
    lists("/category", newest, "분류 전체보기", "category")
    for k, cat in enumerate(CATEGORIES):
        lists(cat_path(cat), [p for p in newest if p.category == cat or p.category.startswith(cat + "/")], cat, f"cat{k}")
    add(f"{s.base}/notice", "pages/notice.html", list_page(s, [], "/notice", 1, 1, "공지사항", 0, recent), HTML_TYPE)
    add(f"{s.base}/rss", "feeds/rss.xml", rss(s, newest[:RSS_ITEMS]), "Content-Type: application/rss+xml;charset=UTF-8")
    add(f"{s.base}/sitemap.xml", "feeds/sitemap.xml", sitemap(s), "Content-Type: application/xml;charset=UTF-8")
    add(f"{s.base}/robots.txt", "feeds/robots.txt", "User-agent: *\nDisallow: /manage\nDisallow: /admin\n",
        "Content-Type: text/plain;charset=UTF-8")
    (out / "urls.tsv").write_text(f"# synthetic blog of {posts} posts (bench/synth.py)\n" + "\n".join(lines) + "\n",
                                  encoding="utf-8")
    return s


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic Tistory blog (urls.tsv folder).")
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--host", default="bench.tistory.com")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gaps", action="store_true", help="20%% of the post ids missing (deleted posts)")
    parser.add_argument("--lists-max", type=int, default=0,
                        help="serve the JSON post lists up to this page size (20 or 100; 0: HTML lists only)")
    args = parser.parse_args(argv)
    s = build(args.out, posts=args.posts, host=args.host, seed=args.seed, gaps=args.gaps, lists_max=args.lists_max)
    print(f"{len(s.posts)} posts, {len(s.blog_urls)} blog URLs, {len(s.media_urls)} media URLs in {args.out}")


if __name__ == "__main__":
    main()
