"""The terms as the run reads them, and the date arithmetic of "N months after"."""

from __future__ import annotations

import calendar
import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone

from zvh.network.models import House, HouseKind

from .models import RetentionKind, RetentionTerm


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_cutoff(today: datetime.date, months: int) -> datetime.datetime:
    """What started before this moment has passed its term on `today`: whatever happened on
    1 March 2025 goes under a 12-month term from 2 March 2026 on."""
    start = months_before(today, months)
    return datetime.datetime.combine(
        start, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


@dataclass(frozen=True)
class MissingTerm:
    house_id: uuid.UUID
    house_name: str
    kind: RetentionKind

    def __str__(self) -> str:
        return f"{self.house_name}: {self.kind.value} ({self.kind.label})"


def confirmed_terms() -> tuple[dict[uuid.UUID, dict[str, int]], list[MissingTerm]]:
    """Every house's confirmed terms in months, and the terms that are not configured. The
    national monitor's office (decision 0184) holds no cases or referrals and has no chain
    manager to confirm terms: it is not asked for them, and without terms nothing of it is
    removed (its access log is kept)."""
    terms: dict[uuid.UUID, dict[str, int]] = {}
    for house_id, kind, months in RetentionTerm.objects.values_list("house_id", "kind", "months"):
        terms.setdefault(house_id, {})[kind] = months
    missing = [
        MissingTerm(house_id=house_id, house_name=name, kind=kind)
        for house_id, name in House.objects.filter(kind=HouseKind.HOUSE)
        .order_by("name")
        .values_list("id", "name")
        for kind in RetentionKind
        if kind not in terms.get(house_id, {})
    ]
    return terms, missing
