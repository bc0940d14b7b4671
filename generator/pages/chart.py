"""The monitoring chart: how many districts reported each state of each item, as inline SVG made at build time.

A pure function of its input (no site, no template): one horizontal stacked bar per item, in the
order of ``STATES``. Colour never carries meaning alone: every state also has a fill pattern and a
symbol, the legend names them in words, and the numbers are written under each bar. The SVG has
``role="img"`` with a ``<title>`` and ``<desc>``; the page gives the same numbers as text.

Everything printed is escaped here (text inside SVG inside HTML). Nothing refers outside the
picture: fills are colours or the patterns defined in it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

# The same words and order as ``site.REPORT_STATES``; the chart does not import the site.
STATES = ("выполнено", "выполняется", "не начато", "нет отчёта")
SYMBOLS = {"выполнено": "✓", "выполняется": "…", "не начато": "○", "нет отчёта": "—"}

WIDTH = 360  # viewBox units; on a phone the picture is about as wide, so text keeps its size
LABEL_WIDTH = 40  # «п. 12» at the left of a bar
BAR_WIDTH = WIDTH - LABEL_WIDTH - 1  # the outline's half stroke stays inside the picture
BAR_HEIGHT = 20
FONT = 13
LINE = 18  # height of a line of text
HEADING_CHARS = 46  # a group heading wraps at this many characters


@dataclass(frozen=True)
class Bar:
    """One item: the group it stands under (its audience), a short label and the count of each state."""

    group: str
    label: str
    counts: Mapping[str, int]


def segments(counts: Mapping[str, int], width: float = BAR_WIDTH) -> list[tuple[str, float, float]]:
    """``(state, x, width)`` of each state with a count, left to right, filling ``width`` exactly.

    Widths are rounded to hundredths; the last segment takes what rounding left, so the bar never
    ends short of or beyond its outline. No counts at all: no segments.
    """
    total = sum(counts.get(state, 0) for state in STATES)
    present = [state for state in STATES if counts.get(state, 0) > 0]
    found: list[tuple[str, float, float]] = []
    x = 0.0
    for state in present:
        size = round(width - x, 2) if state == present[-1] else round(width * counts[state] / total, 2)
        found.append((state, round(x, 2), size))
        x += size
    return found


def _fill(chart_id: str, state: str) -> str:
    """The fill attribute of a state's rectangles; «нет отчёта» is the page's own background (``_NONE``)."""
    return {"выполнено": "#2e7d32", "выполняется": f"url(#{chart_id}-progress)",
            "не начато": f"url(#{chart_id}-idle)", "нет отчёта": "#ffffff"}[state]


# «Нет отчёта» is drawn in the page's background: white here, black or blue in the version for the visually
# impaired (monitoring.css), where a white bar would glare.
_NONE = ' class="monitoring-chart__none"'


def _background(state: str) -> str:
    return _NONE if state == "нет отчёта" else ""


def _patterns(chart_id: str) -> str:
    """In progress: dark stripes on yellow; not started: blue dots on pale blue."""
    return (
        f'<defs><pattern id="{chart_id}-progress" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#ffe08a"/>'
        '<path d="M-2 2L2 -2M0 8L8 0M6 10L10 6" stroke="#7a4f00" stroke-width="2"/></pattern>'
        f'<pattern id="{chart_id}-idle" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#dbe9fb"/><path d="M2 2h2v2h-2z" fill="#0d47a1"/></pattern></defs>'
    )


def _text(x: float, y: float, content: str, weight: str | None = None) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return f'<text x="{x:g}" y="{y:g}" font-size="{FONT}" fill="currentColor"{bold}>{escape(content)}</text>'


def _numbers(counts: Mapping[str, int]) -> str:
    return " · ".join(f"{SYMBOLS[state]} {counts.get(state, 0)}" for state in STATES)


def bar_chart(bars: Sequence[Bar], title: str, description: str, chart_id: str = "monitoring-chart",
              described_by: Sequence[str] = ()) -> Markup:
    """The whole ``<svg>``: a legend, then the bars under their group headings.

    ``described_by``: ids of elements on the page that give the same numbers as text; they are
    added to the picture's ``aria-describedby`` after its own ``<desc>``.
    """
    parts: list[str] = [_patterns(chart_id)]
    y = 0
    # Legend: two entries a row, each a sample of the fill, the symbol and the word.
    for index, state in enumerate(STATES):
        column, row = index % 2, index // 2
        x, top = column * WIDTH / 2, y + row * (LINE + 6)
        parts.append(f'<rect x="{x + 0.5:g}" y="{top + 2.5:g}" width="24" height="14" fill="{_fill(chart_id, state)}"'
                     f'{_background(state)} stroke="currentColor"/>')
        parts.append(_text(x + 30, top + 14, f"{SYMBOLS[state]} {state}"))
    y += 2 * (LINE + 6) + 8
    group = None
    for bar in bars:
        if bar.group != group:
            group = bar.group
            y += 6
            for line in textwrap.wrap(group, HEADING_CHARS) or [""]:
                y += LINE
                parts.append(_text(0, y - 4, line, weight="bold"))
            y += 4
        words = "; ".join(f"{state}: {bar.counts.get(state, 0)}" for state in STATES)
        parts.append(f"<g><title>{escape(f'{bar.group}, {bar.label}: {words}')}</title>")
        parts.append(_text(0, y + 15, bar.label))
        for state, x, size in segments(bar.counts):
            parts.append(f'<rect x="{LABEL_WIDTH + x:g}" y="{y:g}" width="{size:g}" height="{BAR_HEIGHT}" '
                         f'fill="{_fill(chart_id, state)}"{_background(state)} stroke="currentColor" '
                         'stroke-width="0.5"/>')
        parts.append(f'<rect x="{LABEL_WIDTH:g}" y="{y:g}" width="{BAR_WIDTH:g}" height="{BAR_HEIGHT}" fill="none" '
                     'stroke="currentColor"/>')
        parts.append(_text(LABEL_WIDTH, y + BAR_HEIGHT + LINE - 2, _numbers(bar.counts)))
        parts.append("</g>")
        y += BAR_HEIGHT + LINE + 10
    height = y + 2
    labelled = f"{chart_id}-title"
    described = " ".join([f"{chart_id}-desc", *described_by])
    return Markup(
        f'<svg class="monitoring-chart__svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{labelled}" aria-describedby="{escape(described)}">'
        f'<title id="{labelled}">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
        + "".join(parts) + "</svg>"
    )
