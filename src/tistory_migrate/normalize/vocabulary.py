"""What a normalized body may contain, as data: the tags and attributes each step keeps, renames
or unwraps, the lists nh3 enforces, the input spellings of alignment and text style that are
carried over, and the Korean note for each kind of downgrade. The markup steps (``html``,
``markers``, ``inline``, ``blocks``, ``tidy``) read these; nothing here runs. See docs/design.md,
"Normalize".
"""

from __future__ import annotations

import re

# --- notes (Korean: they go to NOTES.md for Korean users) -------------------------------------
NOTE_GRID = "사진 묶음 → 낱장 사진"
NOTE_CODE = "코드 강조 없음"
NOTE_MORE = "더보기 접기 → 펼친 글"
NOTE_NO_FILE = "첨부 파일 주소 없음 (백업에만 있음)"
NOTE_LINKED_IMAGE = "사진에 걸린 링크 제외"
NOTE_FLATTENED = "너무 깊게 겹친 태그 풀림"
NOTE_TEXT_LOST = "원문 글자 일부 읽지 못함"

# --- what the output may contain ----------------------------------------------------------------
KEEP_BLOCKS = {"ul", "ol", "table", "pre", "hr", "blockquote"}
PARA = {"p", "h2", "h3", "h4"}
# Block-level wrappers whose content is kept and whose box is not (div soup, HTML5 sections).
UNWRAP_BLOCKS = {
    "div", "center", "section", "article", "header", "footer", "main", "aside", "nav", "dl", "dt",
    "dd", "address", "details", "summary", "fieldset", "figure", "body", "html", "hgroup", "caption",
    "colgroup", "legend", "menu", "tt-ignore",
}  # fmt: skip
INLINE_KEEP = {"strong", "em", "u", "s", "sub", "sup", "a", "code", "br", "img", "span"}  # span: styles.py
RENAME = {"b": "strong", "i": "em", "strike": "s", "del": "s", "h1": "h2", "h5": "h4", "h6": "h4", "dfn": "em",
          "cite": "em", "var": "em", "kbd": "code", "samp": "code", "tt": "code", "mark": "strong", "ins": "u"}  # fmt: skip
ALLOWED_ATTRS = {
    "a": {"href", "data-tm-post", "data-tm-attachment"},
    "img": {"src", "alt"},
    "figure": {"data-tm-image"},
    "p": {"style", "data-tm-attachment", "data-tm-embed"},
    "h2": {"style"}, "h3": {"style"}, "h4": {"style"},
    "td": {"colspan", "rowspan", "style"}, "th": {"colspan", "rowspan", "style"},
    "pre": {"data-ke-language"},
    "ol": {"start", "type"},
    "span": {"style"},  # colour, highlight, size only (styles.py)
}  # fmt: skip
ALIGNABLE = {"p", "h2", "h3", "h4", "td", "th", "div", "center"}
NH3_TAGS = {"span", "p", "br", "h2", "h3", "h4", "strong", "em", "u", "s", "sub", "sup", "a", "ul", "ol", "li", "blockquote",
            "table", "thead", "tbody", "tfoot", "tr", "th", "td", "pre", "code", "hr", "figure", "figcaption", "img"}  # fmt: skip
NH3_CLEAN_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "svg", "math", "textarea",
                     "select", "title", "xmp", "noembed", "noframes", "plaintext"}  # fmt: skip
# `backup:` is our pseudo-URL for pictures a backup holds (never a navigation target).
STYLE_PROPERTIES = {"text-align", "color", "background-color", "font-size"}  # what nh3 lets through
URL_SCHEMES = {"http", "https", "mailto", "backup"}
LINK_SCHEMES = ("http", "https", "mailto")

# --- how the input says it: alignment and text styles the markup steps carry over ----------
ALIGN_STYLE = re.compile(r"text-align\s*:\s*(left|center|right|justify)", re.I)
ALIGN_CLASS = {"alignCenter": "center", "alignRight": "right", "alignLeft": "left", "center": "center",
               "right": "right", "aligncenter": "center", "alignright": "right"}  # fmt: skip
SPAN_STYLE = [
    (re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I), "strong"),
    (re.compile(r"font-style\s*:\s*italic", re.I), "em"),
    (re.compile(r"text-decoration[\w-]*\s*:[^;]*underline", re.I), "u"),
    (re.compile(r"text-decoration[\w-]*\s*:[^;]*line-through", re.I), "s"),
]
