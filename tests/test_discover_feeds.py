"""parse_rss / rss_channel_info / parse_sitemap (shared/docs/tistory-markup.md §6, §7)."""

from __future__ import annotations

import pytest

from tistory_migrate.discover.rss import parse_rss, rss_channel_info
from tistory_migrate.discover.sitemap import parse_sitemap

# Shape of the real 2020 feed: entity-escaped description, first category = leaf category.
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>위기주부의 미국서부여행과 LA생활</title><link>https://chakeun.tistory.com/</link>
<description>여행 블로그</description><language>ko</language>
<pubDate>Tue, 01 Dec 2020 01:41:38 +0900</pubDate><generator>TISTORY</generator><managingEditor>위기주부</managingEditor>
<item>
 <title>데스밸리 퍼니스크릭</title><link>https://chakeun.tistory.com/1060</link>
 <description>&lt;div class=&quot;tt_adsense_top&quot;&gt;&lt;/div&gt;&lt;p&gt;본문 &amp;amp; 이야기&lt;/p&gt;&lt;figure class='imageblock alignLeft'&gt;&lt;/figure&gt;</description>
 <category>데스밸리</category><category>국립공원</category><category>데스밸리</category><category>퍼니스크릭</category>
 <author>위기주부</author>
 <guid isPermaLink="true">https://chakeun.tistory.com/1060</guid>
 <comments>https://chakeun.tistory.com/1060#entry1060comment</comments>
 <pubDate>Mon, 30 Nov 2020 02:01:47 +0900</pubDate>
</item>
<item>
 <title>슬러그 글</title><link>https://chakeun.tistory.com/entry/%EC%8A%AC%EB%9F%AC%EA%B7%B8</link>
 <description><![CDATA[<p>CDATA 본문</p>]]></description>
 <guid>https://chakeun.tistory.com/entry/%EC%8A%AC%EB%9F%AC%EA%B7%B8</guid>
 <comments>https://chakeun.tistory.com/entry/%EC%8A%AC%EB%9F%AC%EA%B7%B8#entry1059comment</comments>
 <pubDate>Sun, 29 Nov 2020 10:00:00 +0900</pubDate>
</item>
</channel></rss>"""


def test_rss_items():
    items = parse_rss(RSS.encode("utf-8"), "https://chakeun.tistory.com/rss")
    first, second = items
    assert (first.id, first.url, first.title, first.category, first.tags, first.published, first.author, first.guid) == (
        "1060", "https://chakeun.tistory.com/1060", "데스밸리 퍼니스크릭", "데스밸리", ["국립공원", "데스밸리", "퍼니스크릭"],
        "2020-11-30T02:01:47+09:00", "위기주부", "https://chakeun.tistory.com/1060")
    assert first.body_html.startswith('<div class="tt_adsense_top"></div><p>본문 &amp; 이야기</p>')
    assert "<figure class='imageblock alignLeft'>" in first.body_html
    assert (second.id, second.url, second.slug_url, second.body_html, second.category, second.tags) == (
        "1059", "https://chakeun.tistory.com/1059", "https://chakeun.tistory.com/entry/%EC%8A%AC%EB%9F%AC%EA%B7%B8",
        "<p>CDATA 본문</p>", None, [])


def test_rss_str_input_with_declaration():
    assert [i.id for i in parse_rss(RSS, "https://chakeun.tistory.com/rss")] == ["1060", "1059"]


def test_rss_channel():
    info = rss_channel_info(RSS)
    assert (info.title, info.link, info.managing_editor, info.generator) == (
        "위기주부의 미국서부여행과 LA생활", "https://chakeun.tistory.com/", "위기주부", "TISTORY")


def test_broken_rss_keeps_what_parses():
    broken = RSS.split("<item>\n <title>슬러그")[0] + "<item><title>잘린 & 글</title><link>https://chakeun.tistory.com/7"
    items = parse_rss(broken, "https://chakeun.tistory.com/rss")
    assert items[0].id == "1060"
    assert [i.id for i in items][:1] == ["1060"]


@pytest.mark.parametrize("garbage", [b"", "", "not xml at all", b"\x00\x01", "<html><body>404</body></html>"])
def test_rss_garbage(garbage):
    assert parse_rss(garbage, "https://x.tistory.com/rss") == []
    assert rss_channel_info(garbage).title is None


SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://seodaemun.tistory.com/1200</loc><lastmod>2019-12-16T10:00:00+09:00</lastmod></url>
<url><loc>https://seodaemun.tistory.com/m/1100</loc></url>
<url><loc>https://seodaemun.tistory.com/1200</loc></url>
<url><loc>https://seodaemun.tistory.com/entry/%ED%98%91%EC%B9%98</loc></url>
<url><loc>https://seodaemun.tistory.com/notice/3</loc></url>
<url><loc>https://seodaemun.tistory.com/pages/about</loc></url>
<url><loc>https://seodaemun.tistory.com/category</loc></url>
<url><loc>https://seodaemun.tistory.com/category/%ED%98%91%EC%B9%98</loc></url>
<url><loc>https://seodaemun.tistory.com/tag/%ED%98%91%EC%B9%98</loc></url>
<url><loc>https://seodaemun.tistory.com/guestbook</loc></url>
<url><loc>https://elsewhere.tistory.com/5</loc></url>
</urlset>"""


def test_sitemap_keeps_posts_only():
    result = parse_sitemap(SITEMAP, "https://seodaemun.tistory.com/sitemap.xml")
    assert result.post_urls == [
        "https://seodaemun.tistory.com/1200",
        "https://seodaemun.tistory.com/1100",
        "https://seodaemun.tistory.com/entry/%ED%98%91%EC%B9%98",
        "https://seodaemun.tistory.com/notice/3",
        "https://seodaemun.tistory.com/pages/about",
    ]
    assert result.sitemap_urls == []


def test_sitemap_index():
    index = """<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://b.tistory.com/sitemap1.xml</loc></sitemap><sitemap><loc>https://b.tistory.com/sitemap2.xml</loc></sitemap>
      <sitemap><loc>https://evil.example/s.xml</loc></sitemap></sitemapindex>"""
    result = parse_sitemap(index.encode(), "https://b.tistory.com/sitemap.xml")
    assert result.sitemap_urls == ["https://b.tistory.com/sitemap1.xml", "https://b.tistory.com/sitemap2.xml"]
    assert result.post_urls == []


def test_broken_sitemap_recovers():
    broken = SITEMAP[: SITEMAP.index("<url><loc>https://seodaemun.tistory.com/notice")] + "<url><loc>https://seodaemun.tistory.com/9 & </lo"
    result = parse_sitemap(broken, "https://seodaemun.tistory.com/sitemap.xml")
    assert result.post_urls[:3] == [
        "https://seodaemun.tistory.com/1200", "https://seodaemun.tistory.com/1100",
        "https://seodaemun.tistory.com/entry/%ED%98%91%EC%B9%98"]


def test_sitemap_does_not_expand_entities():
    evil = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>https://b.tistory.com/1&e;</loc></url></urlset>"""
    result = parse_sitemap(evil, "https://b.tistory.com/sitemap.xml")
    assert all("root:" not in u for u in result.post_urls)
