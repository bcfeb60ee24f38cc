"""Author text styles the normalizer keeps: colour, highlight and size, as span styles.

SmartEditor ONE keeps ``color``, ``background-color`` and ``font-size`` on a pasted ``<span>``
(docs/naver-paste.md §1.2), and WordPress shows them too, so a post's coloured, highlighted
and sized words stay. The input spellings read: ``<font color= size=>``, and the three
properties in the ``style`` of a ``span``, ``font``, ``p`` or ``div``. The output spelling is
one: ``color:#rrggbb;background-color:#rrggbb;font-size:NNpx`` (lower case, in that order), so
a second pass reads what the first wrote and writes it again. Dropped: black, near-black and
transparent colours (an editor's default text colour, not the author's choice), sizes within
1 px of the editor's default 15 px, sizes outside 8–72 px, anything not parsed. Nothing else of
a style is kept here (alignment has its own rule in ``inline``).

Pure: strings in, strings out.
"""

from __future__ import annotations

import re

from lxml import etree

DEFAULT_PX = 15.0  # SmartEditor ONE's body text size
MIN_PX, MAX_PX = 8.0, 72.0
NEAR_BLACK = 0x33  # every channel at most this: the default text colour of a skin (#333), not a choice
# <font size="1".."7"> as browsers draw it (the HTML spec's legacy font size table).
FONT_SIZE_PX = {1: 10, 2: 13, 3: 16, 4: 18, 5: 24, 6: 32, 7: 48}
PROPERTIES = ("color", "background-color", "font-size")

_DECL = re.compile(r"(?:^|;)\s*(color|background-color|background|font-size)\s*:\s*([^;]*)", re.I)
_HEX = re.compile(r"#([0-9a-f]{3}|[0-9a-f]{6})", re.I)
_RGB = re.compile(r"rgba?\(\s*([\d.]+%?)\s*[, ]\s*([\d.]+%?)\s*[, ]\s*([\d.]+%?)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)", re.I)
_SIZE = re.compile(r"(\d{1,4}(?:\.\d{1,4})?|\.\d{1,4})\s*(px|pt|em|rem|%)", re.I)

# CSS named colours (CSS Color Module Level 4), "transparent" aside.
_NAMED = dict(pair.split(":") for pair in """
aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff beige:f5f5dc bisque:ffe4c4
black:000000 blanchedalmond:ffebcd blue:0000ff blueviolet:8a2be2 brown:a52a2a burlywood:deb887
cadetblue:5f9ea0 chartreuse:7fff00 chocolate:d2691e coral:ff7f50 cornflowerblue:6495ed cornsilk:fff8dc
crimson:dc143c cyan:00ffff darkblue:00008b darkcyan:008b8b darkgoldenrod:b8860b darkgray:a9a9a9
darkgreen:006400 darkgrey:a9a9a9 darkkhaki:bdb76b darkmagenta:8b008b darkolivegreen:556b2f
darkorange:ff8c00 darkorchid:9932cc darkred:8b0000 darksalmon:e9967a darkseagreen:8fbc8f
darkslateblue:483d8b darkslategray:2f4f4f darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3
deeppink:ff1493 deepskyblue:00bfff dimgray:696969 dimgrey:696969 dodgerblue:1e90ff firebrick:b22222
floralwhite:fffaf0 forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc ghostwhite:f8f8ff gold:ffd700
goldenrod:daa520 gray:808080 green:008000 greenyellow:adff2f grey:808080 honeydew:f0fff0 hotpink:ff69b4
indianred:cd5c5c indigo:4b0082 ivory:fffff0 khaki:f0e68c lavender:e6e6fa lavenderblush:fff0f5
lawngreen:7cfc00 lemonchiffon:fffacd lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff
lightgoldenrodyellow:fafad2 lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 lightpink:ffb6c1
lightsalmon:ffa07a lightseagreen:20b2aa lightskyblue:87cefa lightslategray:778899 lightslategrey:778899
lightsteelblue:b0c4de lightyellow:ffffe0 lime:00ff00 limegreen:32cd32 linen:faf0e6 magenta:ff00ff
maroon:800000 mediumaquamarine:66cdaa mediumblue:0000cd mediumorchid:ba55d3 mediumpurple:9370db
mediumseagreen:3cb371 mediumslateblue:7b68ee mediumspringgreen:00fa9a mediumturquoise:48d1cc
mediumvioletred:c71585 midnightblue:191970 mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5
navajowhite:ffdead navy:000080 oldlace:fdf5e6 olive:808000 olivedrab:6b8e23 orange:ffa500
orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa palegreen:98fb98 paleturquoise:afeeee
palevioletred:db7093 papayawhip:ffefd5 peachpuff:ffdab9 peru:cd853f pink:ffc0cb plum:dda0dd
powderblue:b0e0e6 purple:800080 rebeccapurple:663399 red:ff0000 rosybrown:bc8f8f royalblue:4169e1
saddlebrown:8b4513 salmon:fa8072 sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee sienna:a0522d
silver:c0c0c0 skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090 snow:fffafa
springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8 tomato:ff6347
turquoise:40e0d0 violet:ee82ee wheat:f5deb3 white:ffffff whitesmoke:f5f5f5 yellow:ffff00
yellowgreen:9acd32
""".split())


def parse_color(value: str) -> str | None:
    """``#rrggbb`` for a colour worth keeping; None for black, near black, transparent or an
    unreadable value."""
    v = (value or "").strip().lower()
    v = re.sub(r"\s*!important$", "", v)
    rgb: tuple[int, int, int] | None = None
    if m := _HEX.fullmatch(v):
        h = m.group(1)
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        rgb = (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))
    elif m := _RGB.fullmatch(v):
        channels = [_channel(x) for x in m.groups()[:3]]
        alpha = m.group(4)
        if any(c is None for c in channels):
            return None
        if alpha is not None and _alpha(alpha) < 0.5:
            return None  # (mostly) transparent
        rgb = (channels[0], channels[1], channels[2])  # type: ignore[assignment]
    elif v in _NAMED:
        h = _NAMED[v]
        rgb = (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))
    if rgb is None or max(rgb) <= NEAR_BLACK:
        return None
    return "#%02x%02x%02x" % rgb


def _channel(text: str) -> int | None:
    try:
        n = float(text[:-1]) * 2.55 if text.endswith("%") else float(text)
    except ValueError:
        return None
    return max(0, min(255, round(n)))


def _alpha(text: str) -> float:
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return 1.0


def parse_size(value: str) -> int | None:
    """Whole pixels for a size worth keeping (8–72 px, not within 1 px of 15 px), else None."""
    m = _SIZE.fullmatch((value or "").strip().lower().removesuffix("!important").strip())
    if not m:
        return None
    n, unit = float(m.group(1)), m.group(2)
    px = {"px": n, "pt": n * 4 / 3, "em": n * DEFAULT_PX, "rem": n * DEFAULT_PX, "%": n * DEFAULT_PX / 100}[unit]
    return _keep_px(px)


def font_size_attr(value: str) -> int | None:
    """``<font size=N>`` (1–7, or +N/-N from 3) in pixels worth keeping, else None."""
    v = (value or "").strip()
    if not re.fullmatch(r"[+-]?\d{1,2}", v):
        return None
    n = 3 + int(v) if v[0] in "+-" else int(v)
    return _keep_px(FONT_SIZE_PX[max(1, min(7, n))])


def _keep_px(px: float) -> int | None:
    if not MIN_PX <= px <= MAX_PX or abs(px - DEFAULT_PX) <= 1:
        return None
    return round(px)


def author_style(el) -> str | None:
    """The kept style of a ``span``/``font``/``p``/``div`` element, in the one output spelling,
    or None when nothing is worth keeping."""
    found: dict[str, str] = {}
    if (el.tag or "").lower() == "font":
        if c := parse_color(el.get("color") or ""):
            found["color"] = c
        if (px := font_size_attr(el.get("size") or "")) is not None:
            found["font-size"] = f"{px}px"
    style = el.get("style")
    if style:
        found.update(style_props(style))
    return join(found)


def style_props(style: str) -> dict[str, str]:
    """The kept properties of one ``style`` attribute (a later declaration wins, as in CSS)."""
    found: dict[str, str] = {}
    low = style.lower()
    if "color" not in low and "font-size" not in low and "background" not in low:
        return found  # most styles: alignment, margins
    for m in _DECL.finditer(style):
        name, value = m.group(1).lower(), m.group(2)
        if name == "font-size":
            px = parse_size(value)
            _put(found, name, f"{px}px" if px is not None else None)
        elif name == "background":
            # the shorthand: only a lone colour is read (an image or gradient is not a highlight)
            _put(found, "background-color", parse_color(value))
        else:
            _put(found, name, parse_color(value))
    return found


def _put(found: dict[str, str], name: str, value: str | None) -> None:
    if value is None:
        found.pop(name, None)  # a later "color: black" undoes an earlier red
    else:
        found[name] = value


def join(props: dict[str, str]) -> str | None:
    """The output spelling of kept properties, or None when there are none."""
    parts = [f"{name}:{props[name]}" for name in PROPERTIES if name in props]
    return ";".join(parts) or None


def merge(outer: str | None, inner: str | None) -> str | None:
    """``inner``'s properties over ``outer``'s (a child's own colour wins over its box's)."""
    props = style_props(outer or "")
    props.update(style_props(inner or ""))
    return join(props)


# -- carrying a block's style onto its text ---------------------------------------------------
# A paragraph's or box's colour cannot stay on the box (the output's p keeps only alignment and
# boxes are unwrapped), so it moves onto span(s) around its text, and onto the blocks inside it
# (where their own colour wins), as CSS inheritance would draw it.
_CARRIERS = frozenset({"p", "div", "span", "font"})
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "table",
                     "thead", "tbody", "tfoot", "tr", "td", "th", "pre", "hr", "center", "section", "article",
                     "header", "footer", "main", "aside", "nav", "dl", "dt", "dd", "address", "details",
                     "summary", "fieldset", "figure", "figcaption", "hgroup", "caption", "colgroup", "legend",
                     "menu"})  # fmt: skip
_NO_TEXT_RUNS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl", "colgroup"})
_SKIP = frozenset({"pre", "hr", "figure"})  # code keeps no colour; our picture markers are final


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _is_marker(el) -> bool:
    return any(el.get(f"data-tm-{k}") is not None for k in ("image", "attachment", "embed"))


def carry_block_styles(root) -> None:
    """Move the author style of every ``p``/``div`` (and of a ``span``/``font`` around blocks)
    onto spans around its text, in place, before the boxes lose their attributes. Iterative:
    nesting depth costs no stack."""
    stack = [(root, None)]
    while stack:
        el, inherited = stack.pop()
        for child in list(el):
            tag = _tag(child)
            if tag not in _BLOCKS and not (tag in ("span", "font") and _holds_block(child)):
                continue
            if tag in _SKIP or _is_marker(child):
                continue
            own = author_style(child) if tag in _CARRIERS else None
            style = merge(inherited, own) if own else inherited
            if style is None:
                stack.append((child, None))
                continue
            if tag in ("span", "font"):
                child.attrib.pop("style", None)  # the box loses its style: its text keeps it
                for name in ("color", "size"):
                    child.attrib.pop(name, None)
            if tag not in _NO_TEXT_RUNS:
                _wrap_runs(child, style)
            stack.append((child, style))


def _holds_block(el) -> bool:
    return any(_tag(d) in _BLOCKS for d in el.iterdescendants())


def _wrap_runs(el, style: str) -> None:
    """Each run of text and inline elements directly in ``el`` goes into a styled span."""
    items: list = []  # the run being gathered: str (text) or element
    runs: list[tuple[object, list]] = []  # (element the run follows, or None for el.text; items)
    anchor = None

    def close():
        nonlocal items
        if items:
            runs.append((anchor, items))
        items = []

    if el.text:
        items.append(el.text)
    for child in el:
        tag = _tag(child)
        if tag in _BLOCKS or _is_marker(child) or (tag in ("span", "font") and _holds_block(child)):
            close()
            anchor = child
            if child.tail:
                items.append(child.tail)
        else:
            if not items:
                anchor = child.getprevious()
            items.append(child)
            if child.tail:
                items.append(child.tail)
    close()
    for after, run in runs:
        if all(isinstance(i, str) and not i.strip() for i in run):
            continue
        span = etree.Element("span", style=style)
        for item in run:
            if isinstance(item, str):
                if len(span):
                    span[-1].tail = (span[-1].tail or "") + item
                else:
                    span.text = (span.text or "") + item
            else:
                item.tail = None  # its tail is the next str item of the run
                span.append(item)
        if after is None:
            el.text = None
            el.insert(0, span)
        else:
            after.tail = None
            after.addnext(span)
