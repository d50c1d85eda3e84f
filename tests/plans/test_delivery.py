"""The delivery view's "on time": the local day of completion against the due date, also
around midnight in winter and summer time (the query converts only where the UTC day cannot
decide)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from tests.factories.intake import actor_of
from zvh.network.models import Role
from zvh.plans import selectors
from zvh.plans.models import Agreement, AgreementStatus

from .conftest import make_agreement


def _done(case, coordinator, owner, due: date, completed: datetime) -> None:
    agreement = make_agreement(case, coordinator, owner)
    Agreement.objects.filter(pk=agreement.pk).update(
        status=AgreementStatus.DONE, due_date=due, completed_at=completed
    )


def local(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # noqa: DTZ001 (made aware here)


def test_on_time_is_the_local_day_of_completion(world, case, coordinator, professional_user):
    winter, summer = date(2026, 1, 15), date(2026, 7, 15)
    on_time = [
        (winter, local(2026, 1, 15, 23, 30)),  # 22:30 UTC
        (summer, local(2026, 7, 15, 23, 30)),  # 21:30 UTC
        (summer, local(2026, 7, 1, 9, 0)),
    ]
    late = [
        (winter, local(2026, 1, 16, 0, 30)),  # 23:30 UTC on the due date
        (summer, local(2026, 7, 16, 0, 30)),  # 22:30 UTC on the due date
        (winter, local(2026, 2, 1, 9, 0)),
    ]
    for due, completed in on_time + late:
        _done(case, coordinator, professional_user, due, completed)

    result = selectors.delivery(actor=actor_of(world.user(Role.CHAIN_MANAGER), world.house))
    (row,) = result.rows
    assert (row.done_on_time, row.done_late) == (3, 3)
    assert (row.open, row.overdue, row.not_delivered, row.cancelled) == (0, 0, 0, 0)
