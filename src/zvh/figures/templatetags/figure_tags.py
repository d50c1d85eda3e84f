"""`{% figure table %}`: one figure on a page (decision 0164).

Renders the title as a heading, the definition as a short explanation, the chart, and the data
table beside it (caption, `th scope`, markers with a legend, "–" for "not computable", shares as
a percentage, days with one decimal). It renders what it gets: pass a suppressed table wherever
the figure leaves the chain manager's screen (zvh.figures.suppression).

`{% figure table drill_base_url=url %}` (chain manager only): the row's count in the chart
column (else the first COUNT column) links to `url + "?" + urlencode(row.drill)` when the row
has a drill. Only that column: a row has one list, and the other columns count other things (the
previous period, another kind of agreement). `heading_level` (default 2) sets the heading.
The element ids derive from the figure's key: show a figure at most once per page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template

from zvh.figures.charts import chart_svg
from zvh.figures.formatting import cell_text, legend, suppression_markers
from zvh.figures.table import Column, FigureTable, Row, ValueKind

register = template.Library()


def drill_column(table: FigureTable) -> Column | None:
    """The COUNT column whose cells link to the list behind the row."""
    if table.chart_column:
        drawn = table.column(table.chart_column)
        if drawn.kind == ValueKind.COUNT:
            return drawn
    return next((c for c in table.columns if c.kind == ValueKind.COUNT), None)


def _cells(row: Row, table: FigureTable, linked: Column | None, base_url: str) -> list[dict]:
    cells = []
    for column in table.columns:
        marker = row.suppressed.get(column.key, "")
        href = ""
        if (
            base_url
            and row.drill
            and column == linked
            and not marker
            and row.values.get(column.key) is not None
        ):
            href = f"{base_url}?{urlencode(row.drill)}"
        cells.append(
            {"text": cell_text(row, column), "marker": marker, "href": href, "column": column}
        )
    return cells


@register.inclusion_tag("figures/_figure.html")
def figure(table: FigureTable, drill_base_url: str = "", heading_level: int = 2) -> dict[str, Any]:
    linked = drill_column(table) if drill_base_url else None
    rows = [
        {"label": row.label, "cells": _cells(row, table, linked, drill_base_url)}
        for row in table.rows
    ]
    total = None
    if table.total is not None:
        total = {"label": table.total.label, "cells": _cells(table.total, table, None, "")}
    everything = table.all_rows()
    chart = chart_svg(table)
    return {
        "table": table,
        "ident": "figure-" + "".join(ch if ch.isalnum() else "-" for ch in table.key),
        "level": min(max(int(heading_level), 2), 6),
        "chart": chart,
        "columns": table.columns,
        "rows": rows,
        "total": total,
        "legend": legend(suppression_markers(everything)),
    }
