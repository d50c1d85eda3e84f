"""MINIMAL STAND-IN for part a's server-rendered charts (replaced on merge).

Same signature: `chart_svg(table) -> SafeString`; draws a plain bar per row of the chart column,
nothing for a suppressed cell.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zvh.figures.table import FigureTable

WIDTH = 480
BAR = 18


def chart_svg(table: FigureTable) -> SafeString:
    if not table.chart or not table.rows or not table.columns:
        return mark_safe("")
    key = table.chart_column or table.columns[0].key
    values = [row.values.get(key) for row in table.rows]
    top = max((float(v) for v in values if v is not None), default=0.0) or 1.0
    height = BAR * len(table.rows) + 10
    bars = []
    for index, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        if value is None:
            continue
        width = int((WIDTH - 160) * float(value) / top)
        y = index * BAR + 5
        bars.append(
            f'<text x="0" y="{y + 12}" font-size="11">{escape(row.label)}</text>'
            f'<rect x="150" y="{y}" width="{width}" height="{BAR - 4}" fill="#154273"/>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
        f'aria-label="{escape(table.title)}">{"".join(bars)}</svg>'
    )
    return mark_safe(svg)  # noqa: S308 - every text in it is escaped
