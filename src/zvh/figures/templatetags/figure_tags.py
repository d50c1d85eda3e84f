"""`{% figure table %}`: one figure with its chart and data table (stand-in for part a;
replaced on merge)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template

from zvh.figures.charts import chart_svg
from zvh.figures.table import FigureTable, ValueKind

register = template.Library()


def _shown(kind: ValueKind, value: Any) -> str:
    if value is None:
        return "–"
    if kind is ValueKind.SHARE:
        return f"{value * 100:.0f}%"
    if kind in (ValueKind.DAYS, ValueKind.POINTS):
        return f"{value:.1f}"
    return str(value)


@register.inclusion_tag("figures/_figure.html")
def figure(table: FigureTable, drill_base_url: str = "") -> dict[str, Any]:
    rows = []
    for row in [*table.rows, *([table.total] if table.total is not None else [])]:
        cells = []
        for column in table.columns:
            marker = row.suppressed.get(column.key)
            link = ""
            if drill_base_url and row.drill and column.kind is ValueKind.COUNT and not marker:
                link = f"{drill_base_url}?{urlencode(row.drill)}"
            text = marker or _shown(column.kind, row.values.get(column.key))
            cells.append({"text": text, "link": link})
        rows.append({"label": row.label, "cells": cells, "total": row is table.total})
    markers = any(r.suppressed for r in table.rows) or bool(table.total and table.total.suppressed)
    return {"table": table, "rows": rows, "chart": chart_svg(table), "markers": markers}
