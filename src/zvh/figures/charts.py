"""Server-rendered SVG charts of a figure (decision 0164): hand-written SVG, no front-end build,
nothing fetched at run time, no inline style (the CSP forbids it: presentation attributes only).

- `chart == "bar"`: horizontal bars, one per row, the label above its bar and the value after
  it, so that long labels stay readable when the chart is 320 px wide (viewBox, width 100%).
- `chart == "line"`: a monthly series; a suppressed or missing month is a gap in the line.
- `chart == ""`: no chart.

The chart draws `table.chart_column` (default: the first column). An amount (MONEY) reads
"€ 1.234,56" after its bar and "€ 1.235" on a line chart's axis; the room for the value texts
and axis labels grows with their length, so that they stay inside the image. A suppressed cell
is not drawn as a value: its row shows its marker and the chart's description names it. Every
text is escaped (labels are user data, such as an organisation's name). The data table beside
the chart is the accessible equivalent; the SVG is `role="img"` with a title and a description.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from zvh.figures.formatting import cell_text, money_text, number_text
from zvh.figures.table import Column, FigureTable, Row, ValueKind

WIDTH = 400
FONT = 16
# #154273 on white: contrast 10.2:1; #1b1b1b text 16.9:1; #6b6b6b grid 5.3:1.
BAR_COLOUR = "#154273"
TEXT_COLOUR = "#1b1b1b"
GRID_COLOUR = "#6b6b6b"
LABEL_MAX = 44
VALUE_SPACE = 80
# A generous average advance of a digit or letter, as a share of the font size.
CHARACTER_WIDTH = 0.62


def text_width(text: str, size: int) -> float:
    """About how wide `text` is drawn at `size` (a little more rather than less)."""
    return len(text) * size * CHARACTER_WIDTH


def chart_svg(table: FigureTable) -> SafeString:
    if table.chart not in {"bar", "line"} or not table.rows or not table.columns:
        return mark_safe("")
    column = table.column(table.chart_column) if table.chart_column else table.columns[0]
    if table.chart == "bar":
        return _bar_chart(table, column)
    return _line_chart(table, column)


def _drawable(row: Row, column: Column) -> float | None:
    if column.key in row.suppressed:
        return None
    value = row.values.get(column.key)
    return None if value is None else float(value)


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def _ident(table: FigureTable) -> str:
    return "chart-" + re.sub(r"[^A-Za-z0-9_-]+", "-", table.key)


def _svg(
    table: FigureTable, column: Column, height: float, body: list[str], kind: str
) -> SafeString:
    ident = _ident(table)
    left_out = [r for r in table.rows if column.key in r.suppressed]
    description = _("%(kind)s van “%(column)s”; de waarden staan in de tabel.") % {
        "kind": kind,
        "column": column.label,
    }
    if left_out:
        description += " " + _("Niet getekend (verborgen): %(labels)s.") % {
            "labels": ", ".join(f"{r.label} ({r.suppressed[column.key]})" for r in left_out)
        }
    # Safe: every text in `body` and here went through `escape`; the rest is our own numbers.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" class="figure-chart" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">'
        f'<title id="{ident}-title">{escape(table.title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = FONT) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{TEXT_COLOUR}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def _bar_chart(table: FigureTable, column: Column) -> SafeString:
    values = [_drawable(r, column) for r in table.rows]
    shown = [v for v in values if v is not None]
    low = min([0.0, *shown])
    high = max([0.0, *shown])
    span = (high - low) or 1.0
    longest = max(text_width(cell_text(r, column), FONT - 1) for r in table.rows)
    usable = WIDTH - max(VALUE_SPACE, longest + 10)
    zero = (0 - low) / span * usable
    step = FONT + 26
    body: list[str] = []
    for i, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        top = i * step
        body.append(_text(0, top + FONT, _short(row.label)))
        bar_y = top + FONT + 5
        if value is None:
            body.append(_text(zero, bar_y + 14, cell_text(row, column), size=FONT - 1))
            continue
        start = (min(value, 0) - low) / span * usable
        length = max(abs(value) / span * usable, 1.0 if value else 0.0)
        body.append(
            f'<rect x="{start:.1f}" y="{bar_y:.1f}" width="{length:.1f}" height="16" '
            f'fill="{BAR_COLOUR}"/>'
        )
        body.append(
            _text(max(start + length, zero) + 6, bar_y + 14, cell_text(row, column), size=FONT - 1)
        )
    if low < 0:
        body.append(
            f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{len(values) * step:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
    return _svg(table, column, len(values) * step + 4, body, _("Staafdiagram"))


def _axis_text(level: float, column: Column) -> str:
    if column.kind == ValueKind.MONEY:
        return money_text(level, decimals=False)
    return number_text(level, column.kind)


def _line_chart(table: FigureTable, column: Column) -> SafeString:
    values = [_drawable(r, column) for r in table.rows]
    shown = [v for v in values if v is not None]
    low = min([0.0, *shown])
    high = max([0.0, *shown]) or 1.0
    levels = sorted({low, 0.0, (low + high) / 2, high})
    axis = {level: _axis_text(level, column) for level in levels}
    widest = max(text_width(text, FONT - 2) for text in axis.values())
    count = len(values)
    every = max(1, -(-count // 6))  # at most about six month labels
    labelled = [i for i in range(count) if i % every == 0]

    def half_label(i: int) -> float:
        return text_width(_short(table.rows[i].label), FONT - 2) / 2

    # Room for the axis labels on the left and for the first and last month label's half.
    left = max(56.0, widest + 12, half_label(0) + 2)
    right, top, plot_height = max(12.0, half_label(labelled[-1]) + 2), 12.0, 180.0
    bottom = top + plot_height
    inner = WIDTH - left - right

    def x(i: int) -> float:
        return left + (inner / 2 if count == 1 else i * inner / (count - 1))

    def y(v: float) -> float:
        return bottom - (v - low) / (high - low) * plot_height

    body: list[str] = []
    for level in levels:
        body.append(
            f'<line x1="{left:.1f}" y1="{y(level):.1f}" x2="{WIDTH - right:.1f}" '
            f'y2="{y(level):.1f}" stroke="{GRID_COLOUR}" stroke-width="0.5"/>'
        )
        body.append(_text(left - 6, y(level) + 5, axis[level], anchor="end", size=FONT - 2))
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, value in enumerate(values):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(value):.1f}")
        body.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3.5" fill="{BAR_COLOUR}"/>')
    if segment:
        segments.append(segment)
    for points in segments:
        if len(points) > 1:
            body.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{BAR_COLOUR}" '
                f'stroke-width="2.5"/>'
            )
    for i, row in enumerate(table.rows):
        if i in labelled:
            body.append(_text(x(i), bottom + 20, _short(row.label), anchor="middle", size=FONT - 2))
        if values[i] is None and column.key in row.suppressed:
            body.append(
                _text(x(i), bottom - 6, row.suppressed[column.key], anchor="middle", size=FONT - 3)
            )
    return _svg(table, column, bottom + 30, body, _("Lijndiagram"))
