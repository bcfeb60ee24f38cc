"""merge_posts: the rules table (backup wins body/files; public gives kind, URLs, status)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tistory_migrate.backup import merge_posts, open_backups
from tistory_migrate.models import MediaRef, Post
from tistory_migrate.settings import BackupSettings

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "backups"
EXPECTED = json.loads((FIX / "expected.json").read_text(encoding="utf-8"))
ROLES = EXPECTED["roles"]
TAGGED = ROLES["tagged"][0]  # public, Parent/Child category, tags
OTHER = next(n for n in ROLES["public"] if n != TAGGED)
NO_TAGS = next(n for n in ROLES["empty_tag_div"] if n not in ROLES["template"])
PRIVATE = ROLES["private"][0]
TEMPLATE = ROLES["template"][0]
PROTECTED = ROLES["protected"][0]


@pytest.fixture(scope="module")
def backup_posts() -> dict[str, Post]:
    with open_backups([FIX / EXPECTED["zip"]], BackupSettings()) as bs:
        return {p.id: p for p in bs.posts()}


def public_of(backup: Post, **changes) -> Post:
    """What the scraper would build from the public page of the same post."""
    post = Post(
        id=backup.id,
        url=f"https://seodaemun.tistory.com/{backup.id}",
        title=backup.title,
        kind="post",
        slug_url=f"https://seodaemun.tistory.com/entry/post-{backup.id}",
        published=backup.published,
        updated="2023-06-30T09:00:00+09:00",
        category=backup.category,
        tags=list(backup.tags),
        author="서대문구청",
        status="public",
        body_source="page",
        body_raw="<p>public page body</p>",
        images=[MediaRef("image", "https://x/dna/a.png", "https://x/dna/a.png?sig", "x/dna/a.png", expires=True)],
        sources=["list", "sitemap"],
    )
    for key, value in changes.items():
        setattr(post, key, value)
    return post


def test_backup_wins_body_and_files_public_gives_the_rest(backup_posts):
    b = backup_posts[TAGGED]
    merged = merge_posts(b, public_of(b), public_status="public")
    assert merged.body_raw == b.body_raw and merged.body_source == "backup"
    assert [m.local_path for m in merged.images] == [m.local_path for m in b.images]
    assert merged.slug_url == f"https://seodaemun.tistory.com/entry/post-{TAGGED}"
    assert merged.kind == "post" and merged.status == "public"
    assert merged.updated == "2023-06-30T09:00:00+09:00" and merged.author == "서대문구청"
    assert merged.sources == ["backup", "list", "sitemap"]
    assert merged.warnings == []  # same title/category/tags: nothing to report
    assert b.status == "unknown" and b.slug_url is None  # inputs untouched


def test_public_kind_notice_and_page(backup_posts):
    b = backup_posts[OTHER]
    merged = merge_posts(b, public_of(b, kind="notice", url=f"https://seodaemun.tistory.com/notice/{OTHER}"), public_status="public")
    assert merged.kind == "notice" and merged.url.endswith(f"/notice/{OTHER}")


@pytest.mark.parametrize(
    "field,public_value,needle",
    [
        ("title", "다른 제목", "title differs"),
        ("category", "구정 소식/행사", "category differs"),
        ("tags", ["협치", "다른태그"], "tags differ"),
    ],
)
def test_conflicts_become_warnings_backup_value_kept(backup_posts, field, public_value, needle):
    b = backup_posts[TAGGED]
    merged = merge_posts(b, public_of(b, **{field: public_value}), public_status="public")
    assert getattr(merged, field) == getattr(b, field)
    assert any(needle in w for w in merged.warnings), merged.warnings


def test_public_fills_missing_category_and_tags(backup_posts):
    b = backup_posts[NO_TAGS]  # empty tag div
    assert b.tags == []
    merged = merge_posts(b, public_of(b, tags=["협치", "일취월장"]), public_status="public")
    assert merged.tags == ["협치", "일취월장"] and not merged.warnings
    b5 = backup_posts[TEMPLATE]  # empty category
    merged5 = merge_posts(b5, public_of(b5, category="보도자료", sources=["list"]), public_status="public")
    assert merged5.category == "보도자료"


def test_category_leaf_from_rss_is_not_a_conflict(backup_posts):
    b = backup_posts[TAGGED]  # Parent/Child
    assert "/" in b.category
    merged = merge_posts(b, public_of(b, category=b.category.split("/")[-1]), public_status="public")
    assert merged.category == EXPECTED["posts"][TAGGED]["category"] and not merged.warnings


def test_tag_order_and_spacing_are_not_conflicts(backup_posts):
    b = backup_posts[TAGGED]
    merged = merge_posts(b, public_of(b, tags=list(reversed(b.tags))), public_status="public")
    assert not merged.warnings


def test_public_published_time_wins_backup_date_kept(backup_posts):
    b = backup_posts[TAGGED]
    later = b.published[:14] + ("58" if b.published[14:16] != "58" else "59") + b.published[16:]
    merged = merge_posts(b, public_of(b, published=later), public_status="public")
    assert merged.published == later
    assert merged.extra["backup_published"] == b.published


def test_private_when_public_blog_does_not_show_it(backup_posts):
    merged = merge_posts(backup_posts[PRIVATE], None, public_status="missing")
    assert merged.status == "private"
    assert any("not shown on the public blog" in w for w in merged.warnings)
    assert not EXPECTED["posts"][PRIVATE]["public"]


def test_protected(backup_posts):
    b = backup_posts[PROTECTED]
    assert EXPECTED["posts"][PROTECTED]["snippet"] in b.body_raw  # the backup has the protected body
    protected_page = Post(id=PROTECTED, url=f"https://seodaemun.tistory.com/{PROTECTED}", title=b.title, status="protected", sources=["list"])
    merged = merge_posts(b, protected_page, public_status="protected")
    assert merged.status == "protected" and merged.body_raw == b.body_raw
    assert any("password" in w for w in merged.warnings)


def test_backup_only_is_unknown(backup_posts):
    merged = merge_posts(backup_posts[TAGGED], None, public_status=None)
    assert merged.status == "unknown" and merged.warnings == []


def test_template_warning(backup_posts):
    tpl = backup_posts[TEMPLATE]
    for public, status in ((None, "missing"), (None, None)):
        merged = merge_posts(tpl, public, public_status=status)
        assert any("looks like a template" in w for w in merged.warnings), (status, merged.warnings)
    # linked from a list page, or filed in a category: an ordinary post, no template warning
    listed = merge_posts(tpl, public_of(tpl, sources=["list"]), public_status="public")
    assert not any("looks like a template" in w for w in listed.warnings)
    real = backup_posts[PRIVATE]  # private but with a category and an ordinary title
    assert not any("looks like a template" in w for w in merge_posts(real, None, public_status="missing").warnings)


def test_bad_arguments(backup_posts):
    b = backup_posts[TAGGED]
    with pytest.raises(ValueError):
        merge_posts(b, None, public_status="deleted")
    with pytest.raises(ValueError):
        merge_posts(b, public_of(backup_posts[OTHER]), public_status="public")
