"""Server-rendered SVG charts (stand-in for part a: a trivial bar chart; replaced on merge)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from zvh.figures.table import FigureTable


def chart_svg(table: FigureTable) -> SafeString:
    if not table.chart or not table.columns or not table.rows:
        return mark_safe("")
    key = table.chart_column or table.columns[0].key
    values = [row.values.get(key) for row in table.rows]
    top = max([v for v in values if v is not None] or [0]) or 1
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="18" height="{}"><title>{}: {}</title></rect>',
        (
            (
                i * 22,
                100 - int(100 * (v or 0) / top),
                int(100 * (v or 0) / top),
                row.label,
                "–" if v is None else v,
            )
            for i, (row, v) in enumerate(zip(table.rows, values, strict=True))
        ),
    )
    return format_html(
        '<svg role="img" aria-label="{}" viewBox="0 0 {} 100" width="100%" height="120" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        table.title,
        max(22 * len(table.rows), 22),
        bars,
    )
