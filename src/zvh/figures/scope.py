"""What a figure is computed over: one house, a period and the page's filters.

Every figure definition takes a `FigureScope` and reads only rows of `scope.house_id`. The
period is inclusive of `start` and `end` (whole days in the house's time zone, Europe/Amsterdam);
`previous()` is the period of the same length right before it, for the "vorige periode" column.
A filter a figure cannot apply (a referral has no theme yet) is named in its definition text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class FigureScope:
    house_id: uuid.UUID
    start: date
    end: date
    municipality_id: uuid.UUID | None = None
    theme_id: uuid.UUID | None = None
    case_type: str = ""
    referring_organisation_id: uuid.UUID | None = None
    # "Today" for figures that look at the present (open cases, overdue agreements).
    today: date | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> FigureScope:
        end = self.start - timedelta(days=1)
        return replace(self, start=end - timedelta(days=self.days - 1), end=end)

    @property
    def start_at(self) -> datetime:
        """The first moment of the period (aware), for DateTimeField comparisons `>=`."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_before(self) -> datetime:
        """The first moment after the period (aware), for DateTimeField comparisons `<`."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def reference_day(self) -> date:
        return self.today or timezone.localdate()

    def months(self) -> list[date]:
        """The first day of each calendar month the period touches, in order."""
        months: list[date] = []
        month = self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months
