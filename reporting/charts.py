"""Accessible horizontal stacked bar charts, drawn on the server as inline SVG.

The charts work without JavaScript, in a browser and in a PDF made by WeasyPrint (no external
references of any kind), and never rely on colour alone: every series has words in the legend,
a pattern over its colour, its count written inside the segment when there is room, and a
`<title>` for hover. The `<desc>` is the text alternative: the caller's summary followed by a
sentence per bar listing every count in words.

With `links=True` the segments and bar labels link to the filtered lists they count and the
chart is a `role="group"`, so those links stay reachable by assistive technology; with
`links=False` it is a single `role="img"` described by its title and description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from actionplans.models import RAG_LOOKS

FONT_FAMILY = "Arial, 'Liberation Sans', sans-serif"
TEXT_COLOUR = "#0b0c0c"  # GOV.UK black: 19.8:1 on white
LINK_COLOUR = "#1d70b8"  # GOV.UK link blue: 5.2:1 on white
FOCUS_COLOUR = "#ffdd00"  # GOV.UK focus yellow
PATTERNS = ("", "hatch", "dots", "cross", "stripes")


@dataclass(frozen=True)
class Style:
    fill: str  # e.g. "#d4351c"
    text: str  # text colour on that fill, e.g. "#ffffff" (>= 4.5:1 contrast with fill)
    pattern: str = ""  # "" | "hatch" | "dots" | "cross" | "stripes": so the series differ in black and white


@dataclass(frozen=True)
class Segment:
    key: str  # the series, e.g. "red"
    label: str  # words for the series, e.g. "Red: off track"
    value: int
    href: str = ""  # the filtered list this segment counts (may be "")


@dataclass(frozen=True)
class Bar:
    label: str  # e.g. "DBC" or "Safeguarding" or "LSCB Composite Plan July 2012"
    segments: tuple[Segment, ...]
    href: str = ""  # link for the bar's label (e.g. everything for that agency)


WHITE = "#ffffff"

RAG_STYLES: dict[str, Style] = {
    str(key): Style(fill=look.fill, text=look.text, pattern=look.pattern) for key, look in RAG_LOOKS.items()
}

# Series sharing a pattern differ widely in lightness, so they differ in greyscale too.
STATUS_STYLES: dict[str, Style] = {
    "not_started": Style(fill="#f47738", text=TEXT_COLOUR, pattern="hatch"),  # orange
    "not_yet_due": Style(fill="#5694ca", text=TEXT_COLOUR, pattern="dots"),  # light blue
    "underway": Style(fill="#28a197", text=TEXT_COLOUR, pattern="stripes"),  # turquoise
    "ongoing": Style(fill="#4c2c92", text=WHITE, pattern="cross"),  # purple
    "completed": Style(fill="#00703c", text=WHITE, pattern=""),  # green
    "evidence_not_yet_reported": Style(fill="#f499be", text=TEXT_COLOUR, pattern="cross"),  # light pink
    "deferred": Style(fill="#505a5f", text=WHITE, pattern="hatch"),  # dark grey
    "": Style(fill="#b1b4b6", text=TEXT_COLOUR, pattern=""),  # no status
}

FALLBACK_STYLE = Style(fill="#b1b4b6", text=TEXT_COLOUR)

# Layout, in CSS px.
MARGIN = 8
LABEL_SIZE = 16  # bar labels and legend
LABEL_LINE = 19
LABEL_LINES = 2
COUNT_SIZE = 14  # counts inside segments and totals (bold)
ROW_HEIGHT = 48
BAR_HEIGHT = 28
LABEL_GAP = 12
TOTAL_WIDTH = 64
MIN_COUNT_WIDTH = 18
LEGEND_GAP = 16
LEGEND_ROW = 28
SWATCH = 20

_CHART_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_SAFE_HREF = re.compile(r"[/?][^\x00-\x20\x7f\\]*")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# Approximate Arial advance widths, in thousandths of an em, to wrap labels and fit counts.
_WIDTHS = {
    **dict.fromkeys("ijl'|", 222),
    **dict.fromkeys(" ftI.,:;!/\\[]", 278),
    **dict.fromkeys("r()-`", 333),
    **dict.fromkeys('"', 355),
    **dict.fromkeys("cksvxyzJ", 500),
    **dict.fromkeys("abdeghnopqu0123456789$#_?L", 556),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("ABEKPSVXY&", 667),
    **dict.fromkeys("wCDHNRU", 722),
    **dict.fromkeys("GOQ", 778),
    **dict.fromkeys("mM", 833),
    **dict.fromkeys("W%@", 944),
}


def text_width(text: str, size: float) -> float:
    """Roughly how wide `text` is in Arial at `size` px, erring on the wide side."""
    return sum(_WIDTHS.get(char, 600) for char in text) * size * 1.05 / 1000


def safe_href(href: str) -> str:
    """`href` if it is a path or query on this site ("/..." or "?..."), else ""."""
    if _SAFE_HREF.fullmatch(href or "") and not href.startswith("//"):
        return href
    return ""


def plural(count: int, one: str = "action", many: str = "actions") -> str:
    return f"{count} {one if count == 1 else many}"


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: list[Bar],
    styles: dict[str, Style],
    links: bool = True,
    width: int = 640,
) -> SafeString:
    """A horizontal stacked bar chart as inline SVG.

    One row per bar: its label (wrapped to two lines, the whole of it in a `<title>`), its
    segments on a scale shared by all bars, and its total. Segments are drawn in `styles`
    order; a series not in `styles` gets the not-rated grey. The legend names every series
    that has a count. The root `<svg>` has `id=chart_id` and every other id starts with it.
    """
    if not _CHART_ID.fullmatch(chart_id):
        raise ValueError(f"chart_id must be a plain id (letters, digits, - and _): {chart_id!r}")
    for style in styles.values():
        if style.pattern not in PATTERNS:
            raise ValueError(f"unknown pattern {style.pattern!r}; use one of {PATTERNS}")
    for bar in bars:
        for segment in bar.segments:
            if segment.value < 0:
                raise ValueError(f"negative count for {bar.label!r}, {segment.label!r}: {segment.value}")
    return _Chart(chart_id, _clean(title), _clean(description), bars, styles, links, width).svg()


def _clean(text: str) -> str:
    """`text` without the characters XML 1.0 does not allow."""
    return _NOT_XML.sub("", str(text))


def _n(number: float) -> str:
    """A coordinate, to two decimal places without trailing zeros: deterministic and short."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _wrap(text: str, size: float, max_width: float, max_lines: int) -> list[str]:
    """`text` in at most `max_lines` lines no wider than `max_width`, the last ending in "…"
    when there is more."""
    words = text.split()
    lines: list[str] = []
    line = ""
    while words:
        word = words[0]
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= max_width:
            line = candidate
            words.pop(0)
        elif line:
            lines.append(line)
            line = ""
        else:  # one word wider than the line: break it
            cut = len(word)
            while cut > 1 and text_width(word[:cut], size) > max_width:
                cut -= 1
            lines.append(word[:cut])
            words[0] = word[cut:]
        if len(lines) == max_lines:
            break
    if line and len(lines) < max_lines:
        lines.append(line)
        line = ""
    if words or line:  # more than fits: truncate the last line
        last = lines[-1]
        while last and text_width(last + "…", size) > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines or [""]


class _Chart:
    def __init__(self, chart_id, title, description, bars, styles, links, width):
        self.id = chart_id
        self.title = title
        self.description = description
        self.styles = styles
        self.links = links
        self.width = max(int(width), 320)
        self.order = {key: index for index, key in enumerate(styles)}
        self.bars = [
            (
                _clean(bar.label),
                safe_href(bar.href) if links else "",
                # Drawn in style order so every bar stacks the same way; unknown series last.
                sorted(
                    (seg for seg in bar.segments if seg.value > 0),
                    key=lambda seg: self.order.get(seg.key, len(self.order)),
                ),
            )
            for bar in bars
        ]
        self.totals = [sum(seg.value for seg in segments) for _label, _href, segments in self.bars]
        self.largest = max(self.totals, default=0)
        self.label_width = min(max(self.width * 0.3, 120), 240)
        self.bar_x = MARGIN + self.label_width + LABEL_GAP
        self.bar_space = self.width - MARGIN - TOTAL_WIDTH - self.bar_x
        self.series = self._series()
        self.pattern_ids = self._pattern_ids()

    # The series present, in styles order, then any unknown ones in order of appearance.
    def _series(self) -> list[tuple[str, str, Style]]:
        labels: dict[str, str] = {}
        for _label, _href, segments in self.bars:
            for seg in segments:
                labels.setdefault(seg.key, _clean(seg.label))
        keys = sorted(labels, key=lambda key: self.order.get(key, len(self.order)))
        return [(key, labels[key], self.style(key)) for key in keys]

    def _pattern_ids(self) -> dict[str, str]:
        ids: dict[str, str] = {}
        used: set[str] = set()
        for key, _label, style in self.series:
            if not style.pattern:
                continue
            base = f"{self.id}-pattern-{re.sub(r'[^A-Za-z0-9_-]+', '-', key) or 'none'}"
            pattern_id, number = base, 1
            while pattern_id in used:
                number += 1
                pattern_id = f"{base}-{number}"
            used.add(pattern_id)
            ids[key] = pattern_id
        return ids

    def style(self, key: str) -> Style:
        return self.styles.get(key) or self.styles.get("") or FALLBACK_STYLE

    # Text alternative.

    def describe(self) -> str:
        sentences = [self.description.strip()] if self.description.strip() else []
        for label, _href, segments in self.bars:
            if segments:
                counts = ", ".join(f"{seg.value} {_clean(seg.label)}" for seg in segments)
                sentences.append(f"{label}: {counts}.")
            else:
                sentences.append(f"{label}: no actions.")
        if not self.largest:
            sentences.append("There are no actions to show.")
        return " ".join(sentences)

    # Drawing.

    def svg(self) -> SafeString:
        body, y = self.rows(MARGIN)
        legend, y = self.legend(y + LEGEND_GAP if self.series else y)
        height = y + MARGIN
        parts = [
            format_html(
                '<svg xmlns="http://www.w3.org/2000/svg" id="{}" class="app-chart" width="{}" height="{}" '
                'viewBox="0 0 {} {}" role="{}" '
                'aria-labelledby="{}-title {}-desc">',
                self.id,
                self.width,
                height,
                self.width,
                height,
                "group" if self.links else "img",
                self.id,
                self.id,
            ),
            format_html('<title id="{}-title">{}</title>', self.id, self.title),
            format_html('<desc id="{}-desc">{}</desc>', self.id, self.describe()),
            self.defs(),
            *body,
            *legend,
            mark_safe("</svg>"),
        ]
        return mark_safe("\n".join(parts))

    def defs(self) -> SafeString:
        parts = [mark_safe("<defs>")]
        # A linked segment's focus ring is drawn by .app-chart rules in the site's stylesheet
        # (static/scss/assure.scss): the Content-Security-Policy allows no inline style.
        for key, _label, style in self.series:
            if key in self.pattern_ids:
                parts.append(self.pattern(self.pattern_ids[key], style))
        parts.append(mark_safe("</defs>"))
        return mark_safe("\n".join(parts))

    @staticmethod
    def pattern(pattern_id: str, style: Style) -> SafeString:
        ink = style.text
        shapes = {
            "hatch": format_html(
                '<path d="M-2 2 L2 -2 M0 8 L8 0 M6 10 L10 6" stroke="{}" stroke-width="1.5"/>',
                ink,
            ),
            "dots": format_html(
                '<circle cx="2" cy="2" r="1.5" fill="{}"/><circle cx="6" cy="6" r="1.5" fill="{}"/>', ink, ink
            ),
            "cross": format_html('<path d="M0 4 H8 M4 0 V8" stroke="{}" stroke-width="1.25"/>', ink),
            "stripes": format_html('<path d="M0 2 H8 M0 6 H8" stroke="{}" stroke-width="1.5"/>', ink),
        }
        return format_html(
            '<pattern id="{}" patternUnits="userSpaceOnUse" width="8" height="8"><g opacity="0.55">{}</g></pattern>',
            pattern_id,
            shapes[style.pattern],
        )

    def rows(self, y: float) -> tuple[list[SafeString], float]:
        if not self.bars:
            return [self.text(MARGIN, y + 24, "There are no actions to show.", size=LABEL_SIZE)], y + 36
        parts = []
        scale = self.bar_space / self.largest if self.largest else 0
        for (label, href, segments), total in zip(self.bars, self.totals, strict=True):
            parts.append(mark_safe('<g class="app-chart__row">'))
            parts.append(self.bar_label(label, href, y))
            parts.extend(self.bar(label, segments, y + (ROW_HEIGHT - BAR_HEIGHT) / 2, scale))
            end = self.bar_x + total * scale
            parts.append(
                format_html(
                    '<text class="app-chart__total" x="{}" y="{}" font-family="{}" font-size="{}" font-weight="bold" '
                    'fill="{}">'
                    "<title>{}: {} in all</title>{}</text>",
                    _n(end + 6),
                    _n(y + ROW_HEIGHT / 2 + 5),
                    FONT_FAMILY,
                    COUNT_SIZE,
                    TEXT_COLOUR,
                    label,
                    plural(total),
                    total,
                )
            )
            parts.append(mark_safe("</g>"))
            y += ROW_HEIGHT
        return parts, y

    def bar_label(self, label: str, href: str, y: float) -> SafeString:
        lines = _wrap(label, LABEL_SIZE, self.label_width, LABEL_LINES)
        first = y + ROW_HEIGHT / 2 + 5 - (len(lines) - 1) * LABEL_LINE / 2
        tspans = format_html(
            "".join('<tspan x="{}" y="{}">{}</tspan>' for _line in lines),
            # A space ends every line but the last, so the lines read as words when run together.
            *[
                arg
                for number, line in enumerate(lines)
                for arg in (MARGIN, _n(first + number * LABEL_LINE), line if number == len(lines) - 1 else f"{line} ")
            ],
        )
        text = format_html(
            '<text class="app-chart__label" font-family="{}" font-size="{}" fill="{}"{}><title>{}</title>{}</text>',
            FONT_FAMILY,
            LABEL_SIZE,
            LINK_COLOUR if href else TEXT_COLOUR,
            mark_safe(' text-decoration="underline"') if href else "",
            label,
            tspans,
        )
        if not href:
            return text
        return format_html(
            '<a class="app-chart__label-link" href="{}" aria-label="{}">'
            '<rect class="app-chart__label-focus" x="{}" y="{}" width="{}" height="{}" fill="none"/>{}</a>',
            href,
            label,
            MARGIN - 4,
            _n(y + 2),
            _n(self.label_width + 8),
            ROW_HEIGHT - 4,
            text,
        )

    def bar(self, bar_label: str, segments: list[Segment], y: float, scale: float) -> list[SafeString]:
        parts = []
        running = 0
        edges = []
        for seg in segments:
            left = self.bar_x + running * scale
            running += seg.value
            right = self.bar_x + running * scale
            edges.append(right)
            parts.append(self.segment(bar_label, seg, left, right - left, y))
        for edge in edges[:-1]:  # white rules between segments
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#ffffff" stroke-width="2"/>',
                    _n(edge),
                    _n(y),
                    _n(edge),
                    _n(y + BAR_HEIGHT),
                )
            )
        return parts

    def segment(self, bar_label: str, seg: Segment, x: float, width: float, y: float) -> SafeString:
        style = self.style(seg.key)
        words = f"{bar_label}, {_clean(seg.label)}: {plural(seg.value)}"
        parts = [
            format_html(
                '<rect class="app-chart__segment" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}</title></rect>",
                _n(x),
                _n(y),
                _n(width),
                BAR_HEIGHT,
                style.fill,
                words,
            )
        ]
        if seg.key in self.pattern_ids:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{})" aria-hidden="true"/>',
                    _n(x),
                    _n(y),
                    _n(width),
                    BAR_HEIGHT,
                    self.pattern_ids[seg.key],
                )
            )
        count = str(seg.value)
        count_width = text_width(count, COUNT_SIZE)
        if width >= max(MIN_COUNT_WIDTH, count_width + 6):
            # The count on a plain plate of the fill, so the pattern never spoils its contrast.
            plate = min(width - 2, count_width + 8)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="20" fill="{}" aria-hidden="true"/>'
                    '<text class="app-chart__count" x="{}" y="{}" font-family="{}" font-size="{}" font-weight="bold" '
                    'fill="{}" '
                    'text-anchor="middle" aria-hidden="true">{}</text>',
                    _n(x + (width - plate) / 2),
                    _n(y + BAR_HEIGHT / 2 - 10),
                    _n(plate),
                    style.fill,
                    _n(x + width / 2),
                    _n(y + BAR_HEIGHT / 2 + 5),
                    FONT_FAMILY,
                    COUNT_SIZE,
                    style.text,
                    count,
                )
            )
        href = safe_href(seg.href) if self.links else ""
        if not href:
            return mark_safe("".join(parts))
        # Focus rings, invisible until the link has focus (see .app-chart in static/scss/assure.scss).
        rings = format_html(
            '<rect class="app-chart__focus" x="{0}" y="{1}" width="{2}" height="{3}" fill="none" stroke="none" '
            'stroke-width="6" aria-hidden="true"/>'
            '<rect class="app-chart__focus-ring" x="{0}" y="{1}" width="{2}" height="{3}" fill="none" stroke="none" '
            'stroke-width="2" aria-hidden="true"/>',
            _n(x),
            _n(y),
            _n(width),
            BAR_HEIGHT,
        )
        return format_html(
            '<a class="app-chart__link" href="{}" aria-label="{}">{}{}</a>',
            href,
            words,
            mark_safe("".join(parts)),
            rings,
        )

    def legend(self, y: float) -> tuple[list[SafeString], float]:
        if not self.series:
            return [], y
        parts = [mark_safe('<g class="app-chart__legend">')]
        x = MARGIN
        for key, label, style in self.series:
            item = SWATCH + 8 + text_width(label, LABEL_SIZE)
            if x > MARGIN and x + item > self.width - MARGIN:
                x = MARGIN
                y += LEGEND_ROW
            swatch_y = y + (LEGEND_ROW - SWATCH) / 2
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#505a5f" stroke-width="1" '
                    'aria-hidden="true"/>',
                    _n(x),
                    _n(swatch_y),
                    SWATCH,
                    SWATCH,
                    style.fill,
                )
            )
            if key in self.pattern_ids:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{})" aria-hidden="true"/>',
                        _n(x),
                        _n(swatch_y),
                        SWATCH,
                        SWATCH,
                        self.pattern_ids[key],
                    )
                )
            parts.append(
                self.text(x + SWATCH + 8, y + LEGEND_ROW / 2 + 5, label, size=LABEL_SIZE, css="app-chart__legend-label")
            )
            x += item + 20
        parts.append(mark_safe("</g>"))
        return parts, y + LEGEND_ROW

    @staticmethod
    def text(x: float, y: float, words: str, *, size: int, css: str = "") -> SafeString:
        return format_html(
            '<text{} x="{}" y="{}" font-family="{}" font-size="{}" fill="{}">{}</text>',
            format_html(' class="{}"', css) if css else "",
            _n(x),
            _n(y),
            FONT_FAMILY,
            size,
            TEXT_COLOUR,
            words,
        )
