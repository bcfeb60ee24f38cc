"""Editor-source placeholders -> the HTML the rendered page would have had.

Rendered pages never contain these; RSS-less API exports, backups and markdown-mode sources do
(docs/tistory-markup.md §5.2). Expanding them to ordinary ``figure.imageblock`` markup lets one
scanner handle every body, so ``find_media`` and ``normalize_body`` cannot disagree.

Forms handled:
* ``[##_Image|kage@k1/k2/k3/img.png|CDM|1.3|{json}_##]`` (json: originWidth/Height, caption,
  filename); a kage value with a signed query lives under ``/dna/``, else ``/dn/``;
* ``[##_Image|kage@…|alignCenter|data-origin-width="702" …|caption||_##]`` (older);
* ``[##_ImageGrid|kage@a|attrs|kage@b|attrs_##]`` and ``kage@a,kage@b`` variants;
* old editor ``[##_1C|cfile30.uf.ID.png|width=… filename="x.png" …|caption_##]`` and
  ``cfile24.uf@ID.jpg`` (also 2C/3C… with repeated file|attrs|caption groups);
* ``[##_ATTACH_PATH_##]/name`` is left for the scanner (it has no web address).
"""

from __future__ import annotations

import html
import re

from tistory_migrate import jsonbound

PLACEHOLDER = re.compile(r"\[##_(Image|ImageGrid|ImageSlide|[0-9][A-Z])\|(.*?)_##\]", re.S)
_KAGE = re.compile(r"kage@([^|,\s\"'<>]+)")
_CFILE = re.compile(r"^cfile([0-9]+)\.uf[.@]([0-9A-Fa-f]{12,})(?:\.\w+)?$")
_ATTR = re.compile(r"([\w-]+)=\"([^\"]*)\"")

ATTACH_PATH = "[##_ATTACH_PATH_##]"


def kage_url(value: str) -> str:
    """``kage@k1/k2/k3/img.png`` -> ``https://blog.kakaocdn.net/dn/k1/k2/k3/img.png`` (signed -> dna)."""
    value = html.unescape(value.strip())
    if value.startswith("kage@"):
        value = value[5:]
    root = "dna" if "?" in value and re.search(r"(?:credential|signature|expires)=", value) else "dn"
    return f"https://blog.kakaocdn.net/{root}/{value.lstrip('/')}"


def cfile_url(name: str) -> str | None:
    """Old-editor ``cfile30.uf.ID.png`` -> ``https://cfile30.uf.tistory.com/original/ID``."""
    m = _CFILE.match(name.strip())
    if not m:
        return None
    return f"https://cfile{m.group(1)}.uf.tistory.com/original/{m.group(2)}"


def _img(url: str, *, caption: str = "", filename: str = "", width=None, height=None) -> str:
    attrs = [f'src="{html.escape(url)}"']
    if filename:
        attrs.append(f'data-filename="{html.escape(filename)}"')
    if width:
        attrs.append(f'data-origin-width="{html.escape(str(width))}"')
    if height:
        attrs.append(f'data-origin-height="{html.escape(str(height))}"')
    img = f"<span data-url=\"{html.escape(url)}\"><img {' '.join(attrs)}></span>"
    return img


def _figure(spans: list[str], caption: str, grid: bool) -> str:
    cls = "imagegridblock" if grid else "imageblock"
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure class="{cls}">{"".join(spans)}{cap}</figure>'


def _json_tail(parts: list[str]) -> dict | None:
    """The JSON options of the new form (may contain "|" itself); None for the older forms."""
    for i, part in enumerate(parts):
        if part.lstrip().startswith("{"):
            try:
                data = jsonbound.loads(html.unescape("|".join(parts[i:])))
            except ValueError:
                return {}
            return data if isinstance(data, dict) else {}
    return None


def _expand_image(body: str) -> str:
    parts = body.split("|")
    url = kage_url(parts[0])
    found = _json_tail(parts[1:])
    data = found or {}
    attrs = dict(_ATTR.findall(html.unescape(parts[2]))) if len(parts) > 2 else {}
    caption = str(data.get("caption") or "")
    if found is None and len(parts) > 3:
        caption = html.unescape(parts[3]).strip()
    span = _img(
        url,
        filename=str(data.get("filename") or attrs.get("data-filename") or ""),
        width=data.get("originWidth") or attrs.get("data-origin-width"),
        height=data.get("originHeight") or attrs.get("data-origin-height"),
    )
    return _figure([span], caption, grid=False)


def _expand_grid(body: str) -> str:
    spans = []
    matches = list(_KAGE.finditer(body))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        attrs = dict(_ATTR.findall(html.unescape(body[m.end() : end])))
        spans.append(
            _img(
                kage_url(m.group(0)),
                filename=attrs.get("data-filename", "") or attrs.get("filename", ""),
                width=attrs.get("data-origin-width"),
                height=attrs.get("data-origin-height"),
            )
        )
    return _figure(spans, "", grid=True) if spans else ""


def _expand_old(body: str) -> str:
    # file|attrs|caption, repeated once per picture (1C = one, 2C = two …).
    parts = body.split("|")
    figures = []
    for i in range(0, len(parts) - 1, 3):
        name = parts[i].strip()
        if not name:
            continue
        attrs = dict(_ATTR.findall(html.unescape(parts[i + 1])))
        caption = html.unescape(parts[i + 2]).strip() if i + 2 < len(parts) else ""
        url = cfile_url(name) or f"{ATTACH_PATH}/{name}"
        span = _img(url, filename=attrs.get("filename", ""), width=attrs.get("width"), height=attrs.get("height"))
        figures.append(_figure([span], caption, grid=False))
    return "".join(figures)


def expand_placeholders(raw: str) -> str:
    if "[##_" not in raw:
        return raw

    def repl(m: re.Match) -> str:
        kind, body = m.group(1), m.group(2)
        if kind == "Image":
            return _expand_image(body)
        if kind in ("ImageGrid", "ImageSlide"):
            return _expand_grid(body)
        return _expand_old(body)

    return PLACEHOLDER.sub(repl, raw)
