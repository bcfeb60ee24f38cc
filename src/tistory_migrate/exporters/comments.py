"""Comments read with ``scrape --comments`` (``archive.get_comments``), as the exports show
them: in thread order with each one's depth, a secret or deleted comment as a placeholder, the
legacy-backup shape the WXR writer reads, and the Naver bundle's ``comments.html``.

What a file shows people is Korean (docs/i18n.md: export contents are Korean whatever the
language); every value from the answer is escaped.
"""

from __future__ import annotations

import html
from typing import Any, Iterator

SECRET_KO = "(비밀 댓글입니다)"
DELETED_KO = "(삭제된 댓글입니다)"
OWNER_KO = "블로그 주인"
PAGE_TITLE_KO = "{title}: 댓글 {count}개"
PAGE_NOTE_KO = ("네이버 블로그는 댓글을 가져올 수 없습니다. 이 파일은 참고용이며 다른 사람의 이름과 글이 들어 "
                "있으니 공개하지 마세요.")
NO_COMMENTS_KO = "댓글이 없습니다."


def thread(comments: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], int]]:
    """Each comment with its depth (0 = top level), parents before their replies, in the
    stored order; a reply whose parent is unknown is shown at the top level."""
    depth: dict[str, int] = {}
    for c in comments:
        parent = c.get("parent")
        d = depth[parent] + 1 if parent in depth else 0
        depth[str(c.get("id"))] = d
        yield c, d


def shown_text(c: dict[str, Any]) -> str:
    if c.get("deleted"):
        return DELETED_KO
    if c.get("secret"):
        return SECRET_KO
    return c.get("text") or ""


def wxr_comments(comments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The shape ``wxr_xml.comments`` reads (author, url, date, body, ``parent`` = index)."""
    index: dict[str, int] = {}
    out = []
    for i, c in enumerate(comments):
        index[str(c.get("id"))] = i
        out.append({"author": c.get("author") or "", "url": c.get("homepage") or "", "date": c.get("date"),
                    "body": shown_text(c), "parent": index.get(c.get("parent")) if c.get("parent") else None})
    return out


def comments_html(title: str, url: str, comments: list[dict[str, Any]]) -> str:
    """A small page of one post's comments, for the person's reference."""
    e = html.escape
    rows = []
    for c, depth in thread(comments):
        who = e(c.get("author") or "")
        if c.get("homepage"):
            who = f'<a href="{e(c["homepage"])}" rel="nofollow noopener">{who or e(c["homepage"])}</a>'
        if c.get("owner"):
            who += f" ({OWNER_KO})"
        text = e(shown_text(c)).replace("\n", "<br>")
        rows.append(f'<li style="margin-left:{depth * 2}em"><p><b>{who}</b> · {e(c.get("date") or "")}</p>'
                    f"<p>{text}</p></li>")
    body = "<ul>\n" + "\n".join(rows) + "\n</ul>" if rows else f"<p>{NO_COMMENTS_KO}</p>"
    heading = e(PAGE_TITLE_KO.format(title=title, count=len(comments)))
    return ('<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">'
            f"<title>{heading}</title></head>\n<body>\n<h1>{heading}</h1>\n<p>{e(url)}</p>\n"
            f"<p><i>{e(PAGE_NOTE_KO)}</i></p>\n{body}\n</body></html>\n")
