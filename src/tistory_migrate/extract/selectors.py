"""Where things sit in Tistory pages: selectors as data, grouped by skin and era.

Written in XPath with ``markup.cls`` (why XPath, not CSS: see ``markup``), compiled once by
``markup.compiled`` where they are used.

The extractor tries skin-independent sources first (meta tags, ``window.T``, JSON-LD) and only
then these skin fallbacks, in the order of ``SKINS``. Evidence for every entry:
docs/tistory-markup.md §3.2 (headers), §3.3 (body), §3.4 (protected), §2 (lists),
§5.5 (chrome), and docs/tistory-backup.md (backup skeleton).
"""

from __future__ import annotations

from dataclasses import dataclass

from tistory_migrate.markup import cls


@dataclass(frozen=True)
class Skin:
    """Header fallbacks of one skin family. Each field: XPath expressions, tried in order."""

    name: str
    era: str
    why: str
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    author: tuple[str, ...] = ()


SKINS: tuple[Skin, ...] = (
    Skin(
        "magazine", "2025",
        "Tistory's Magazine skin: header in div.article_header, date `2025. 11. 13. 17:09` then "
        "`ㆍ<span>Parent/Child</span>` in p.info; body div.article_view#article-view.",
        title=(f"//div[{cls('article_header')}]//strong[{cls('title_post')}]", f"//strong[{cls('title_post')}]"),
        date=(f"//div[{cls('article_header')}]//p[{cls('info')}]/span[{cls('date')}]",),
        category=(f"//div[{cls('article_header')}]//p[{cls('info')}]/span[not(@class)]",),
    ),
    Skin(
        "minimal-custom", "2025",
        "A minimal custom skin: div#head > h2 > a[href=/220]; div.post-meta > span.author + "
        "span.meta-date `2025. 12. 12. 14:13`; body div.article#article-view.",
        title=("//div[@id='head']/h2",),
        date=(f"//div[{cls('post-meta')}]/span[{cls('meta-date')}]",),
        author=(f"//div[{cls('post-meta')}]/span[{cls('author')}]",),
    ),
    Skin(
        "classic", "2020",
        "Classic custom skin 2020: div.entry > div.titleWrap > h2.title > a; div.infor > "
        "span.date + span.category > a[href=/category/Parent/Child]; body div.article.",
        title=(f"//div[{cls('titleWrap')}]/h2[{cls('title')}]",),
        date=(f"//div[{cls('infor')}]/span[{cls('date')}]",),
        category=(f"//div[{cls('infor')}]/span[{cls('category')}]",),
    ),
    Skin(
        "odyssey-like", "2018",
        "Odyssey-like skin (2018 content): div.post-cover > div.inner > span.category + h1 + "
        "span.meta > span.author `by NAME` + span.date `2018. 1. 19.` (date only); body div.entry-content.",
        title=(f"//div[{cls('post-cover')}]//h1",),
        date=(f"//div[{cls('post-cover')}]//span[{cls('meta')}]/span[{cls('date')}]",),
        category=(f"//div[{cls('post-cover')}]//span[{cls('category')}]",),
        author=(f"//div[{cls('post-cover')}]//span[{cls('meta')}]/span[{cls('author')}]",),
    ),
    Skin(
        "old-classic", "2009",
        "Old classic skin (2009 content, plain <body>): div.entry > div.titleWrap > h2 > a, "
        "span.category > a, span.date `2009. 7. 19. 06:22`; body div.article.",
        title=(f"//div[{cls('titleWrap')}]/h2",),
        date=(f"//div[{cls('titleWrap')}]/span[{cls('date')}]",),
        category=(f"//div[{cls('titleWrap')}]/span[{cls('category')}]",),
    ),
    Skin(
        "backup", "2022-2025",
        "The official backup's per-post HTML: .article-header .box-meta > h2.title-article + "
        ".box-info > p.category + p.date `2019-12-13 10:31:05`; body div.contents_style.",
        title=(f"//h2[{cls('title-article')}]",),
        date=(f"//div[{cls('box-info')}]/p[{cls('date')}]",),
        category=(f"//div[{cls('box-info')}]/p[{cls('category')}]",),
    ),
)


@dataclass(frozen=True)
class Container:
    name: str
    xpath: str
    why: str
    trim_chrome: bool  # chrome (another_category, buttons) may follow the body inside it


# Body containers, innermost first (markup doc §3.3): the first that exists is the body.
BODY_CONTAINERS: tuple[Container, ...] = (
    Container("tt_article_useless_p_margin", f"//div[{cls('tt_article_useless_p_margin')}]",
              "The editor's own wrapper on every sample from 2018 to 2025 (Magazine, minimal, "
              "classic 2020, Odyssey-like); holds only the post.", False),
    Container("contents_style", f"//div[{cls('contents_style')}]",
              "Alone inside #article-view in a 2025 fragment, inside div.article on the 2009 "
              "classic skin, and the body of the official backup.", False),
    Container("article-view", "//*[@id='article-view']",
              "Skins put the id on div.article_view / div.article / div.area_view; it also holds "
              "ads, buttons and another_category after the post.", True),
    Container("article", f"//div[{cls('article')}]", "Legacy skins (2009-era) without the wrappers above.", True),
    Container("entry-content", f"//div[{cls('entry-content')}]", "Odyssey-like legacy skins.", True),
)

# Where chrome starts inside a wide container (#article-view, .article): the body is cut at the
# first of these start tags/comments. Raw-text markers because the body is sliced as text.
CHROME_START_MARKERS: tuple[str, ...] = (
    "<!-- PostListinCategory - START -->",  # the another_category table
    'class="another_category',
    'class="container_postbtn',
    'id="post_button_group"',
    'data-tistory-react-app="Reaction"',
    'class="tt-plugin tt-share-entry-with-sns',
    'data-tistory-react-app="Namecard"',
    'data-tistory-react-app="Comment"',
)

# Category path in the "other posts in this category" box: '<a>Parent</a> &gt; <a>Child</a>'.
ANOTHER_CATEGORY_H4 = f"//div[{cls('another_category')}]//h4"

# Tags: a[rel=tag] (every era); window.tiara.entry.tags is the fallback in post.py. post._tags
# applies this rule in Python over doc.iter('a') (faster than the XPath on a whole page).
TAG_LINKS = "//a[contains(@rel, 'tag') and contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"

# Blocks that are never the post (sidebars, recent/comment lists, related posts, paging).
# Used by the list parser and to keep sidebar tag clouds out of a post's tags.
NOT_CONTENT_CLASSES: tuple[str, ...] = (
    "tt_category", "list_sidebar", "item_sidebar", "area_related", "related-articles", "another_category",
    "sidebar", "area_aside", "box_aside", "area_popular", "revenue_unit_wrap",
)  # fmt: skip
NOT_CONTENT_IDS: tuple[str, ...] = ("sidebar",)
NOT_CONTENT_TAGS: tuple[str, ...] = ("aside",)
NOT_CONTENT_COND = " or ".join(
    [cls(c) for c in NOT_CONTENT_CLASSES] + [f"@id='{i}'" for i in NOT_CONTENT_IDS]
    + [f"self::{t}" for t in NOT_CONTENT_TAGS]
)
NOT_CONTENT = f"ancestor-or-self::*[{NOT_CONTENT_COND}]"
# Paging blocks: links inside them are page numbers, never posts.
PAGING_COND = (f"{cls('paging')} or {cls('area_paging')} or {cls('pagination')}"
               f" or @id='paging' or {cls('page_num')} or {cls('paging_num')}")

# Protected posts (markup doc §3.4): the password box and the sentence from the official template.
PROTECTED_INPUT = "//input[translate(@type, 'PASSWORD', 'password')='password']"
PROTECTED_TEXT = ("보호되어 있는 글입니다", "보호된 글입니다", "비밀번호를 입력하세요")

# Block/captcha/login pages (no real sample; markers from Kakao's login and rate-limit pages).
BLOCKED_MARKERS: tuple[str, ...] = (
    "accounts.kakao.com/login",
    "비정상적인 접근",
    "g-recaptcha",
    "captcha",
    "Too Many Requests",
    "요청이 너무 많",
    "접근이 차단",
)

# List pages: where the list lives (first that exists), and the paging "next" link classes.
LIST_SCOPES = ("//main", "//*[@id='content']", "//*[@id='container']", "//body")
NEXT_CLASSES = ("link_next", "next", "btn_next", "page_next", "next_page", "pagination-next")
NO_MORE_CLASSES = ("no-more-next", "no_more_next", "disabled")
# Per list item (found relative to the item element).
ITEM_TITLE = (f".//*[{cls('name')} or {cls('title')} or {cls('tit_post')} or {cls('tit')}]",
              ".//h2", ".//h3", ".//strong")
ITEM_SUMMARY = (f".//*[{cls('summary')} or {cls('excerpt')} or {cls('desc')} or {cls('txt')}"
                f" or {cls('text')} or {cls('post-summary')}]",)
ITEM_DATE = (f".//*[{cls('date')} or {cls('txt_date')} or {cls('meta-date')} or self::time]",)
ITEM_CATEGORY = (f".//*[{cls('category')} or {cls('cate')} or {cls('txt_category')}]",)
# The blog's category tree in the sidebar (all levels).
CATEGORY_TREE = f"//ul[{cls('tt_category')}]//a[@href]"
