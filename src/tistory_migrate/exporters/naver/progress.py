"""``OUT/naver/progress.json``: the served helper's "done" ticks and paste-sequence positions.

Keyed by post id (a post's number changes when new posts arrive; its id never does), so a
re-export keeps it (the exporter never writes or removes this file). Written whole to a
temporary file and renamed over the old one: a crash leaves the earlier file, never half of
one. A file that cannot be read (damaged, hand-edited into nonsense) is moved aside as
``progress.json.bad`` and progress starts empty; nothing else is ever refused.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

FILE = "progress.json"
VERSION = 1
MAX_ID = 64  # characters of a post id
MAX_POSTS = 200_000  # entries kept (a blog of 10,000 posts is far below)
MAX_STEP = 100_000


class ProgressError(ValueError):
    """An update the server refuses (its ``args[0]`` says why, in English, for the log)."""


def parse_update(raw: bytes) -> dict[str, dict]:
    """The posts of one update request body: ``{"posts": {id: {"done": bool, "step": int}},
    "merge": bool}`` (``is_union`` reads the flag)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ProgressError("not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("posts"), dict):
        raise ProgressError("no posts object")
    posts = data["posts"]
    if len(posts) > MAX_POSTS:
        raise ProgressError("too many posts")
    out: dict[str, dict] = {}
    for post_id, entry in posts.items():
        if not post_id or len(post_id) > MAX_ID or not isinstance(entry, dict):
            raise ProgressError("bad entry")
        done, step = entry.get("done", False), entry.get("step", 0)
        if not isinstance(done, bool) or isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= MAX_STEP:
            raise ProgressError("bad done or step")
        out[post_id] = {"done": done, "step": step}
    return out


def is_union(raw: bytes) -> bool:
    try:
        return json.loads(raw.decode("utf-8")).get("merge") is True
    except (UnicodeDecodeError, ValueError, AttributeError, RecursionError):
        return False


class ProgressStore:
    """The file and its one writer (the server's threads share it under a lock)."""

    def __init__(self, folder: Path):
        self.path = folder / FILE
        self._lock = threading.Lock()
        self.posts: dict[str, dict] = self._load()

    def _load(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return parse_update(json.dumps({"posts": data.get("posts", {})}).encode("utf-8"))
        except (OSError, ValueError, AttributeError):
            try:
                os.replace(self.path, self.path.with_name(FILE + ".bad"))
            except OSError:
                pass
            return {}

    def snapshot(self) -> dict:
        with self._lock:
            return {"version": VERSION, "posts": {k: dict(v) for k, v in self.posts.items()}}

    def merge(self, update: dict[str, dict], *, union: bool = False) -> None:
        """Apply an update (the page's state of each post it names) and write the file. With
        ``union`` (ticks brought from another page, e.g. the ``file://`` one) a tick is only
        ever added and a position only moves forward."""
        with self._lock:
            for post_id, entry in update.items():
                old = self.posts.get(post_id)
                if old is None and len(self.posts) >= MAX_POSTS:
                    raise ProgressError("too many posts")
                if union and old is not None:
                    entry = {"done": old["done"] or entry["done"], "step": max(old["step"], entry["step"])}
                self.posts[post_id] = entry
            text = json.dumps({"version": VERSION, "posts": self.posts}, ensure_ascii=False, indent=1, sort_keys=True)
            tmp = self.path.with_name(FILE + ".tmp")
            tmp.write_text(text + "\n", encoding="utf-8", newline="\n")
            os.replace(tmp, self.path)
