"""What a report freezes: every figure group of the house for the period, suppressed with the
house's threshold, and the system signals raised to the steering group in the period.

Computed once, when the report is generated; the pages and the PDF read only what was stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation

from zvh.figures import registry
from zvh.figures.scope import FigureScope
from zvh.figures.suppression import suppressed_tables
from zvh.system_signals.selectors import signals_for_report

# What the report shows of each system signal, in this order.
SIGNAL_FIELDS = ("title", "status", "addressee", "raised_on", "response")


def frozen_figures(
    *, house_id: uuid.UUID, start: date, end: date, threshold: int
) -> list[dict[str, Any]]:
    """Every group of the registry, in its order: [{"group", "title", "tables"}], each table
    suppressed and as `FigureTable.to_json()`. In the house's language (Dutch): it is one
    document for everyone. "Today" for figures about the present is the period's last day."""
    scope = FigureScope(house_id=house_id, start=start, end=end, today=end)
    with translation.override(settings.LANGUAGE_CODE):
        return [
            {
                "group": group.key,
                "title": str(group.title),
                # Chain-manager-only tables (free-text motivations) are left out by the
                # suppressing step: their row labels could name a person.
                "tables": [
                    table.to_json()
                    for table in suppressed_tables(
                        registry.compute_group(group.key, scope), threshold
                    )
                ],
            }
            for group in registry.GROUPS
        ]


def frozen_signals(*, house_id: uuid.UUID, start: date, end: date) -> list[dict[str, str]]:
    """The system signals raised to the steering group in the period, as plain text fields."""
    with translation.override(settings.LANGUAGE_CODE):
        return [_signal_json(item) for item in signals_for_report(house_id, start, end)]


def _signal_json(item: Mapping[str, Any] | Any) -> dict[str, str]:
    return {name: _text(_field(item, name)) for name in SIGNAL_FIELDS}


def _field(item: Mapping[str, Any] | Any, name: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, "")
    display = getattr(item, f"get_{name}_display", None)
    if callable(display):
        return display()
    # The register's ReportedSignal carries the label beside the value ("status_label").
    return getattr(item, f"{name}_label", None) or getattr(item, name, "")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Iterable) and not isinstance(value, str):
        return ", ".join(str(v) for v in value)
    return str(value)
