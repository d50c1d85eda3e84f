"""Reads of the national side: the years, a year's records, one record, the year's tables, the
trends, and a chain manager's house beside all houses. Every table comes from
zvh.monitor.exchange.tables.national_tables; nothing here recomputes one. Reads that show
records or tables are audited (they show no persons, but who compared which houses is worth
knowing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max
from django.http import Http404

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.figures.selectors import settings_for
from zvh.monitor.exchange.tables import national_tables
from zvh.monitor.policy import (
    can_compare_house,
    own_house_record,
    records_for_house_comparison,
    sees_exact_national_counts,
    visible_national_records,
)

from .models import MonitorImport, NationalHouseRecord

# A year holds one record per house (the report had 31; there are fewer than 50 houses): the
# year's list is one page.
MAX_RECORDS_PER_YEAR = 200


@dataclass(frozen=True)
class YearSummary:
    year: int
    houses: int
    last_import_at: datetime | None


def year_summaries(*, actor: Actor) -> list[YearSummary]:
    rows = (
        visible_national_records(actor)
        .values("year")
        .annotate(houses=Count("id"), last=Max("source_import__imported_at"))
        .order_by("-year")
    )
    return [YearSummary(r["year"], r["houses"], r["last"]) for r in rows]


def recent_imports(*, actor: Actor, limit: int = 10) -> list[MonitorImport]:
    if not sees_exact_national_counts(actor):
        return []
    return list(
        MonitorImport.objects.select_related("imported_by").order_by("-imported_at")[:limit]
    )


def years_with_records(*, actor: Actor) -> list[int]:
    return sorted({s.year for s in year_summaries(actor=actor)}, reverse=True)


def year_records(*, actor: Actor, year: int) -> list[NationalHouseRecord]:
    records = list(
        visible_national_records(actor)
        .filter(year=year)
        .only("id", "year", "house_code", "house_name", "format_version", "imported_at")
        .order_by("house_code")[:MAX_RECORDS_PER_YEAR]
    )
    if not records:
        raise Http404
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="monitor_record",
        detail={"list": "national_records", "year": year, "rows": len(records)},
    )
    return records


def record_get(*, actor: Actor, year: int, house_code: str) -> NationalHouseRecord:
    found = (
        visible_national_records(actor)
        .select_related("source_import")
        .filter(year=year, house_code=house_code)
        .first()
    )
    if found is None:
        raise Http404
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="monitor_record",
        object_id=found.id,
        detail={"year": year, "house_code": house_code},
    )
    return found


def _records(queryset: Any) -> list[dict]:
    return list(queryset.order_by("house_code").values_list("record", flat=True))


def year_records_export(*, actor: Actor, year: int) -> list[dict]:
    """The year's records as they were imported, for the exchange file (the same file another
    installation, or `manage.py monitor_tables`, reads)."""
    records = _records(visible_national_records(actor).filter(year=year))
    if not records:
        raise Http404
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        object_type="monitor_record",
        detail={"list": "national_records", "year": year, "rows": len(records)},
    )
    return records


def year_tables(
    *, actor: Actor, year: int, audit_as: Action = Action.VIEW
) -> tuple[dict, list[dict]]:
    """The year's tables and its records (for tables 11 and 12), for the national role."""
    records = _records(visible_national_records(actor).filter(year=year))
    if not records:
        raise Http404
    audit_record(
        actor=actor,
        action=audit_as,
        object_type="national_tables",
        detail={"year": year, "houses": len(records)},
    )
    return national_tables(records, year=year), records


def trend_tables(*, actor: Actor) -> dict[int, dict]:
    """Every year's tables (oldest first), for the trends page."""
    queryset = visible_national_records(actor)
    by_year: dict[int, list[dict]] = {}
    for year, record in queryset.order_by("year", "house_code").values_list("year", "record"):
        by_year.setdefault(year, []).append(record)
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="national_tables",
        detail={"trends": sorted(by_year)},
    )
    return {year: national_tables(records, year=year) for year, records in by_year.items()}


@dataclass(frozen=True)
class Comparison:
    year: int
    tables: dict  # all houses
    own_tables: dict | None  # the house's own record alone
    own_record: dict | None
    threshold: int


def comparison_years(*, actor: Actor) -> list[int]:
    if not can_compare_house(actor):
        return []
    return sorted(
        set(NationalHouseRecord.objects.values_list("year", flat=True).distinct()), reverse=True
    )


def house_comparison(*, actor: Actor, year: int) -> Comparison:
    """A chain manager's house beside all houses of `year`: the caller shows the all-houses
    tables suppressed with the house's threshold (zvh.monitor.national_display)."""
    records = _records(records_for_house_comparison(actor, year))
    if not records:
        raise Http404
    own = own_house_record(actor, year).values_list("record", flat=True).first()
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="national_tables",
        detail={"year": year, "comparison": True, "own_record": own is not None},
    )
    return Comparison(
        year=year,
        tables=national_tables(records, year=year),
        own_tables=national_tables([own], year=year) if own is not None else None,
        own_record=own,
        threshold=settings_for(actor).suppression_threshold,
    )
