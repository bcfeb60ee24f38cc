"""The helper page's template is filled in one pass that cannot see its own output: a blog
title that contains the template's placeholders stays text, and the post data lands once, in
its own script element (issue "Hostile input, round two")."""

from __future__ import annotations

import json
import re
from datetime import date

from tistory_migrate.exporters.naver.page import render_page


def _page(title: str) -> str:
    posts = [{"id": "1", "title": "{{BLOG_TITLE}} 그대로", "body": "{{DATA_JSON}}"}]
    return render_page(posts, blog_host="x.tistory.com", blog_title=title, per_day=5, start_date=date(2026, 1, 1))


def test_a_title_with_the_placeholders_breaks_nothing():
    title = "우리 블로그 {{DATA_JSON}} & {{BLOG_TITLE}}"
    page = _page(title)
    scripts = re.findall(r'<script type="application/json" id="tm-data">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["title"] == title and data["posts"][0]["body"] == "{{DATA_JSON}}"
    assert data["posts"][0]["title"] == "{{BLOG_TITLE}} 그대로"
    assert "<title>네이버 블로그로 옮기기 — 우리 블로그 {{DATA_JSON}} &amp; {{BLOG_TITLE}}</title>" in page
    assert page.count('id="tm-data"') == 1


def test_an_ordinary_title_fills_every_placeholder():
    page = _page("서대문구청")
    assert "{{BLOG_TITLE}}" not in page.split('id="tm-data"')[0] and "{{DATA_JSON}}" not in page.split("tm-data")[0]
    assert "<title>네이버 블로그로 옮기기 — 서대문구청</title>" in page
