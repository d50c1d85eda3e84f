"""Reminders about agreements that are due soon (within 14 days) or overdue. Run daily by
`manage.py send_reminders`; safe to run again the same day.

- Each owner gets one message per house and day listing their agreements not yet reminded
  about that day; the case director (the process coordinator where the case has none) one
  summary of their cases. What was sent is recorded per agreement, day and kind
  (`AgreementReminder`, unique), in the same transaction as the message: a second run, or
  one running at the same time, finds the rows and sends nothing twice.
- Messages name no person concerned and quote no agreement text: only the case number, the
  due date and a link. They go through `notifications.notify_once` (in the app, and by e-mail
  after commit for users who want e-mail).
- The first time the job sees an agreement overdue, the case journal records it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zvh.accounts.models import User
from zvh.cases.journal import journal_record
from zvh.cases.models import Case, CaseStatus
from zvh.notifications import titles
from zvh.notifications.services import notify_once

from .models import Agreement, AgreementReminder, ReminderKind

OVERDUE_JOURNAL_KIND = "agreement_overdue"


@dataclass
class ReminderRun:
    owner_messages: int = 0
    summary_messages: int = 0
    agreements: int = 0


@dataclass(frozen=True)
class _Due:
    id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    house_id: uuid.UUID
    due_date: date
    overdue: bool
    first_time_overdue: bool
    owner_organisation_id: uuid.UUID
    owner_user_id: int
    # The summary's recipient: the case director, or the process coordinator without one.
    director_id: int | None


def _due(today: date, kind: str) -> Iterable[_Due]:
    """Open agreements in open cases that need attention today and have not had this kind
    of reminder today."""
    rows = (
        Agreement.objects.needs_attention(today)
        .exclude(case__status=CaseStatus.CLOSED)
        .exclude(
            Exists(
                AgreementReminder.objects.filter(agreement_id=OuterRef("pk"), day=today, kind=kind)
            )
        )
        .annotate(
            seen_overdue=Exists(
                AgreementReminder.objects.filter(agreement_id=OuterRef("pk"), overdue=True)
            )
        )
        .values_list(
            "id",
            "case_id",
            "case__number",
            "house_id",
            "due_date",
            "seen_overdue",
            "owner_organisation_id",
            "owner_user_id",
            "case__case_director_id",
            "case__process_coordinator_id",
        )
        .order_by("house_id", "due_date", "id")
    )
    for (
        pk,
        case_id,
        number,
        house_id,
        due_date,
        seen,
        org_id,
        owner_id,
        director,
        pc,
    ) in rows.iterator(chunk_size=2000):
        overdue = due_date < today
        yield _Due(
            id=pk,
            case_id=case_id,
            case_number=number,
            house_id=house_id,
            due_date=due_date,
            overdue=overdue,
            first_time_overdue=overdue and not seen,
            owner_organisation_id=org_id,
            owner_user_id=owner_id,
            director_id=director if director is not None else pc,
        )


def _grouped(
    rows: Iterable[_Due], recipient: Callable[[_Due], int | None]
) -> dict[tuple[int, uuid.UUID], list[_Due]]:
    groups: dict[tuple[int, uuid.UUID], list[_Due]] = defaultdict(list)
    for item in rows:
        user_id = recipient(item)
        if user_id is not None:
            groups[(user_id, item.house_id)].append(item)
    return groups


def _plan_url(case_id: uuid.UUID) -> str:
    return settings.ZVH_BASE_URL + reverse("plans:plan", kwargs={"case_id": case_id})


def _owner_lines(items: list[_Due]) -> list[str]:
    lines = []
    for item in items:
        when = date_format(item.due_date)
        if item.overdue:
            text = _("Een afspraak in casus %(number)s is verlopen (streefdatum %(date)s).")
        else:
            text = _("Een afspraak in casus %(number)s loopt af op %(date)s.")
        lines.append(
            f"{text % {'number': item.case_number, 'date': when}}\n{_plan_url(item.case_id)}"
        )
    return lines


def _summary_lines(items: list[_Due]) -> list[str]:
    per_case: dict[uuid.UUID, list[_Due]] = defaultdict(list)
    for item in items:
        per_case[item.case_id].append(item)
    lines = []
    for case_id, case_items in per_case.items():
        overdue = sum(1 for item in case_items if item.overdue)
        soon = len(case_items) - overdue
        parts = []
        if overdue:
            parts.append(ngettext("%(n)d verlopen", "%(n)d verlopen", overdue) % {"n": overdue})
        if soon:
            parts.append(
                ngettext("%(n)d loopt binnenkort af", "%(n)d lopen binnenkort af", soon)
                % {"n": soon}
            )
        lines.append(
            _("Casus %(number)s: afspraken %(parts)s.")
            % {"number": case_items[0].case_number, "parts": ", ".join(parts)}
            + f"\n{_plan_url(case_id)}"
        )
    return lines


def _send(
    *,
    user: User,
    house_id: uuid.UUID,
    items: list[_Due],
    today: date,
    kind: str,
    subject: titles.Title,
    lines: list[str],
) -> bool:
    """Records and sends one message; False if a concurrent run already sent it."""
    return notify_once(
        record=lambda: AgreementReminder.objects.bulk_create(
            AgreementReminder(
                agreement_id=item.id,
                day=today,
                kind=kind,
                recipient=user,
                overdue=item.overdue,
            )
            for item in items
        ),
        user=user,
        house_id=house_id,
        subject=subject,
        body="\n\n".join(lines),
        link=reverse("work:mine"),
        audit_object_type="agreement_reminder",
        audit_detail={"kind": kind, "agreements": len(items)},
    )


def _journal_first_overdue(items: Iterable[_Due]) -> None:
    """Called after the owner reminders were recorded (overdue=True), so only once each."""
    cases = {case.pk: case for case in Case.objects.filter(pk__in={i.case_id for i in items})}
    for item in items:
        journal_record(
            case=cases[item.case_id],
            kind=OVERDUE_JOURNAL_KIND,
            actor=None,
            organisation_id=item.owner_organisation_id,
            data={"agreement": str(item.id), "due_date": item.due_date.isoformat()},
        )


def reminders_send(*, today: date) -> ReminderRun:
    run = ReminderRun()
    with translation.override(settings.LANGUAGE_CODE):
        owners = _grouped(_due(today, ReminderKind.OWNER), lambda item: item.owner_user_id)
        directors = _grouped(_due(today, ReminderKind.SUMMARY), lambda item: item.director_id)
        users = User.objects.in_bulk({user_id for user_id, _house in [*owners, *directors]})
        for (user_id, house_id), items in owners.items():
            user = users[user_id]
            if not user.is_active:
                continue
            count = len(items)
            subject = titles.ngettext(
                "Een afspraak vraagt uw aandacht",
                "%(n)d afspraken vragen uw aandacht",
                count,
                n=count,
            )
            if _send(
                user=user,
                house_id=house_id,
                items=items,
                today=today,
                kind=ReminderKind.OWNER,
                subject=subject,
                lines=_owner_lines(items),
            ):
                run.owner_messages += 1
                run.agreements += count
                _journal_first_overdue([item for item in items if item.first_time_overdue])
        for (user_id, house_id), items in directors.items():
            user = users[user_id]
            if not user.is_active:
                continue
            if _send(
                user=user,
                house_id=house_id,
                items=items,
                today=today,
                kind=ReminderKind.SUMMARY,
                subject=titles.gettext("Overzicht: afspraken in uw casussen die aandacht vragen"),
                lines=_summary_lines(items),
            ):
                run.summary_messages += 1
    return run
