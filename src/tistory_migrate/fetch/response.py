"""The response record every fetcher returns, and how its bytes become text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)

# Korean pages without a declared charset are EUC-KR/CP949 more often than anything else
# (old skins, old servers); CP949 is a superset of EUC-KR.
_ALIASES = {"euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "x-windows-949": "cp949"}


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Bytes to text: header charset, then ``<meta charset>``, then UTF-8, then CP949."""
    candidates: list[str] = []
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m:
            candidates.append(m.group(1))
    m = _META_CHARSET.search(body[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "replace"))
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
        candidates.insert(0, "utf-8")
    for name in candidates + ["utf-8", "cp949"]:
        codec = _ALIASES.get(name.lower(), name)
        try:
            return body.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", "replace")


@dataclass
class Response:
    url: str  # the URL asked for: always the real one, never a loopback address
    final_url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def text(self) -> str:
        return decode_html(self.body, self.headers.get("content-type"))

    @property
    def validators(self) -> dict[str, str]:
        """What a later conditional request sends back (ETag / Last-Modified)."""
        out = {}
        if "etag" in self.headers:
            out["etag"] = self.headers["etag"]
        if "last-modified" in self.headers:
            out["last-modified"] = self.headers["last-modified"]
        return out
