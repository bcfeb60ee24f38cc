"""A canonical dump of an archive: what two scrapes of the same blog must agree on.

Used to prove that a run through faults or interruptions ends with the same archive as a clean
run. It keeps every record and the hash of every media file, and leaves out what legitimately
differs between two runs: fetch/store times, HTTP ``Date`` headers, the stored run report
(durations, request counts) and the archive's creation time. ``integrity_problems`` checks the
folder itself: every media row's file exists with the right hash, no file is unreferenced, no
temporary file is left behind.

``python -m support.archive_dump ARCHIVE`` prints the dump as JSON.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

from tistory_migrate.archive import DB_NAME, MEDIA_DIR, TMP_PREFIX

VOLATILE_POST_FIELDS = ("fetched_at",)
VOLATILE_HEADERS = ("date",)
VOLATILE_META = ("report", "created_at")


def _connect(root: Path) -> sqlite3.Connection:
    # Read-only and without the archive lock: a dump never changes what it looks at.
    return sqlite3.connect(f"file:{root / DB_NAME}?mode=ro", uri=True)


def canonical_dump(root: Path | str) -> dict[str, Any]:
    root = Path(root)
    conn = _connect(root)
    try:
        posts = {}
        for pid, status, data in conn.execute("SELECT id, status, data FROM posts ORDER BY id"):
            record = json.loads(data)
            for name in VOLATILE_POST_FIELDS:
                record.pop(name, None)
            record["_row_status"] = status
            posts[pid] = record
        media = {}
        for row in conn.execute("SELECT identity, original_url, status, reason, sha256, bytes, ext, mime, width, height, "
                                "path FROM media ORDER BY identity"):
            names = ("original_url", "status", "reason", "sha256", "bytes", "ext", "mime", "width", "height", "path")
            media[row[0]] = dict(zip(names, row[1:]))
        pages = {}
        for url, kind, status, headers, body, sha in conn.execute(
                "SELECT url, kind, status, headers, body, sha256 FROM pages ORDER BY url"):
            hdrs = {k: v for k, v in json.loads(headers).items() if k not in VOLATILE_HEADERS}
            real = hashlib.sha256(zlib.decompress(body)).hexdigest()
            pages[url] = {"kind": kind, "status": status, "headers": hdrs, "sha256": sha, "body_ok": real == sha}
        refs = {}
        for row in conn.execute("SELECT id, url, kind, sources, title, summary, date_hint, category_hint FROM refs ORDER BY id"):
            refs[row[0]] = dict(zip(("url", "kind", "sources", "title", "summary", "date_hint", "category_hint"), row[1:]))
        meta = {k: v for k, v in conn.execute("SELECT key, value FROM meta ORDER BY key") if k not in VOLATILE_META}
        has_comments = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='comments'").fetchone()
        comments = {pid: json.loads(data) for pid, data in conn.execute(
            "SELECT post_id, data FROM comments ORDER BY post_id")} if has_comments else {}
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("posts", "media", "pages", "refs")}
    finally:
        conn.close()
    files = {}
    media_root = root / MEDIA_DIR
    if media_root.is_dir():
        for path in sorted(media_root.rglob("*")):
            if path.is_file():
                files[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"posts": posts, "media": media, "pages": pages, "refs": refs, "comments": comments, "meta": meta,
            "counts": counts, "files": files}


def integrity_problems(root: Path | str, dump: dict[str, Any] | None = None) -> list[str]:
    """Everything wrong with the folder itself (empty list: sound)."""
    root = Path(root)
    dump = dump or canonical_dump(root)
    problems: list[str] = []
    referenced = set()
    for identity, m in dump["media"].items():
        if m["status"] != "ok":
            continue
        if not m["path"]:
            problems.append(f"media {identity}: status ok without a file")
            continue
        referenced.add(m["path"])
        digest = dump["files"].get(m["path"])
        if digest is None:
            problems.append(f"media {identity}: file {m['path']} is missing")
        elif digest != m["sha256"]:
            problems.append(f"media {identity}: file {m['path']} is partial or changed (hash differs)")
    for rel in dump["files"]:
        name = rel.rsplit("/", 1)[-1]
        if name.startswith(TMP_PREFIX):
            problems.append(f"temporary file left behind: {rel}")
        elif rel not in referenced:
            problems.append(f"orphan media file (no record): {rel}")
    for url, page in dump["pages"].items():
        if not page["body_ok"]:
            problems.append(f"page {url}: stored body does not match its hash")
    if len(dump["posts"]) != dump["counts"]["posts"]:
        problems.append("duplicate post rows")
    for pid, comments in dump.get("comments", {}).items():
        ids = [c.get("id") for c in comments]
        if len(ids) != len(set(ids)):
            problems.append(f"comments of post {pid}: duplicate comments")
    return problems


def diff(a: dict[str, Any], b: dict[str, Any], *, limit: int = 20) -> list[str]:
    """Human-readable differences between two dumps (empty list: equal)."""
    out: list[str] = []
    for section in ("posts", "media", "pages", "refs", "comments", "meta", "files"):
        left, right = a.get(section, {}), b.get(section, {})
        for key in sorted(set(left) | set(right)):
            if key not in right:
                out.append(f"{section}: {key} only in the first")
            elif key not in left:
                out.append(f"{section}: {key} only in the second")
            elif left[key] != right[key]:
                if isinstance(left[key], dict) and isinstance(right[key], dict):
                    fields = sorted(k for k in set(left[key]) | set(right[key]) if left[key].get(k) != right[key].get(k))
                    detail = "; ".join(f"{f}: {left[key].get(f)!r:.120} != {right[key].get(f)!r:.120}" for f in fields)
                else:
                    detail = f"{left[key]!r:.120} != {right[key]!r:.120}"
                out.append(f"{section}: {key} differs ({detail})")
            if len(out) >= limit:
                return out + ["…"]
    return out


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - manual use
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        sys.stderr.write("usage: python -m support.archive_dump ARCHIVE\n")
        raise SystemExit(2)
    dump = canonical_dump(Path(args[0]))
    dump["problems"] = integrity_problems(Path(args[0]), dump)
    json.dump(dump, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":  # pragma: no cover
    main()
