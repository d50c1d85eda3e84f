"""The days and months every figure definition counts in: local days as aware moments, and the
calendar months a period touches, each cut to the period so that monthly rows add up to it.

Definitions: docs/decisions/0161-figure-definitions.md, 0162-figure-definitions-cases.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as date_format

from zvh.figures.scope import FigureScope


def day_start(day: date) -> datetime:
    """The first moment of a local day (aware)."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Month:
    key: str  # "YYYY-MM"
    label: str
    start: date  # the first local day of the month inside the period
    end: date  # the last one (inclusive)

    @property
    def start_at(self) -> datetime:
        return day_start(self.start)

    @property
    def end_before(self) -> datetime:
        return day_start(self.end + timedelta(days=1))

    def q(self, field: str) -> Q:
        """`field` (a DateTimeField path) falls in this month of the period."""
        return Q(**{f"{field}__gte": self.start_at, f"{field}__lt": self.end_before})


def months(scope: FigureScope) -> list[Month]:
    """The calendar months the period touches, each cut to the period."""
    found = []
    for first in scope.months():
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        found.append(
            Month(
                key=first.strftime("%Y-%m"),
                label=date_format(first, "M Y"),
                start=max(first, scope.start),
                end=min(last, scope.end),
            )
        )
    return found


def month_key(value: date | datetime | None) -> str:
    """The "YYYY-MM" of a day, or of a moment's local day ("" for none)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%Y-%m")
