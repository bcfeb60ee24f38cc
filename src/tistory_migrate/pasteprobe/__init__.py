"""The paste probe: what SmartEditor ONE did, on the person's own account, with each pasted
element whose fate no source settles (docs/naver-paste.md §1.2, §8).

Every Naver export writes one probe bundle (``exporters/naver/probe.py``, ``posts/00-probe/``)
holding one of each such element, written with the texts below. The person pastes and
publishes it; ``tistory-migrate probe`` reads the published page (``read.py``, through the one
network seam, or a saved file), finds which components appeared (``page.py``, pure) and stores
the result with the archive under the meta key ``paste_probe`` (an archive of an earlier version
simply has none: nothing to upgrade but the key). The next ``export --format naver`` reads it
back (``load``) and chooses the better rendering per element (``exporters/naver/paragraphs``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tistory_migrate.i18n import N_

META_KEY = "paste_probe"
PROBE_TAG = "TM-PROBE-1"  # in the probe's first line: how a page is known to be the probe post
PROBE_TITLE = "[tistory-migrate] 붙여넣기 확인용 글 (확인 후 지우세요)"
SURVIVED, FLATTENED, MISSING = "survived", "flattened", "missing"
STATES = (SURVIVED, FLATTENED, MISSING)

# Element -> (what the table shows, the Naver component that means it survived)
ELEMENTS: dict[str, tuple[str, str]] = {
    "list": (N_("Flat list"), N_("Naver list (se-text-list)")),
    "nested-list": (N_("Nested list"), N_("a list inside a list (se-text-list)")),
    "code": (N_("Code block (pre)"), N_("code component (se-code)")),
    "quote": (N_("Quotation"), N_("quotation component (se-quotation)")),
    "table-merged": (N_("Table with merged cells"), N_("merged cells kept (se-table)")),
    "styles": (N_("Coloured, highlighted and sized text"), N_("styled text (span style, se-fs-*)")),
    "heading": (N_("Heading"), N_("section title (se-sectionTitle)")),
    "link-card": (N_("Bare address line"), N_("link card (se-oglink)")),
    "image": (N_("Picture"), N_("picture component (se-image)")),
}
STATE_LABELS = {SURVIVED: N_("survived"), FLATTENED: N_("flattened"), MISSING: N_("not found")}

# The probe's own texts: written into the bundle, looked for on the published page.
TEXTS = {
    "list": ("확인 목록 하나", "확인 목록 둘"),
    "nested-list": ("바깥 항목", "안쪽 항목"),
    "code": ("def probe():", "return 1"),
    "quote": ("인용 확인 문장",),
    "table-merged": ("합친 칸", "아래로 합친 칸"),
    "styles": ("빨간 글자", "노란 형광펜", "큰 글자"),
    "heading": ("확인용 제목",),
    "link-card": ("https://www.naver.com/",),
}


def is_probe_title(title: str) -> bool:
    """Whether a Naver post is the published probe (``redirects resolve`` never matches it)."""
    return " ".join((title or "").replace("\u00a0", " ").split()).startswith(PROBE_TITLE.split(" (")[0])


@dataclass
class ProbeResult:
    """Each element's fate (``STATES``), where it was read from and when."""

    elements: dict[str, str] = field(default_factory=dict)
    source: str = ""
    read_at: str = ""

    def survived(self, element: str) -> bool:
        return self.elements.get(element) == SURVIVED

    def to_dict(self) -> dict[str, Any]:
        return {"elements": dict(self.elements), "source": self.source, "read_at": self.read_at}

    @classmethod
    def from_dict(cls, data: Any) -> "ProbeResult | None":
        """Tolerant: unknown elements and states are left out; not a dict is None."""
        if not isinstance(data, dict) or not isinstance(data.get("elements"), dict):
            return None
        elements = {k: v for k, v in data["elements"].items() if k in ELEMENTS and v in STATES}
        return cls(elements, str(data.get("source") or ""), str(data.get("read_at") or ""))


def load(archive) -> ProbeResult | None:
    """The stored probe result of ``archive`` (an ``archive.Archive``), or None."""
    raw = archive.get_meta(META_KEY)
    if raw is None:
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    return ProbeResult.from_dict(raw)


def store(archive, result: ProbeResult) -> None:
    archive.set_meta(META_KEY, result.to_dict())
