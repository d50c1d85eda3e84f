"""The chain managers' covenant warnings by message: run daily by
`manage.py send_covenant_warnings`; safe to run again the same day.

- Each active chain manager of a house gets at most one message a day, listing the house's
  warnings (see `warning_selectors.house_covenant_warnings`) that were not sent to them in the last
  REPEAT_AFTER_DAYS days: a warning that holds comes back once a week, not every day, and the
  covenant page shows it all the time.
- What was sent is recorded per recipient, warning and day (`CovenantWarningSent`, unique)
  in the transaction of the message (`notifications.notify_once`, as the agreement
  reminders): a second or concurrent run the same day sends nothing twice.
- Messages name organisations and covenants, never a person concerned.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zvh.accounts.models import User
from zvh.network.models import Membership, Role
from zvh.notifications import titles
from zvh.notifications.services import notify_once

from .models import CovenantWarningKind, CovenantWarningSent
from .warning_selectors import CovenantWarnings, house_covenant_warnings

REPEAT_AFTER_DAYS = 7


@dataclass
class WarningRun:
    messages: int = 0
    warnings: int = 0


@dataclass(frozen=True)
class _Line:
    kind: str
    subject_id: uuid.UUID
    text: str


def _lines(warnings: CovenantWarnings) -> list[_Line]:
    lines = [
        _Line(
            CovenantWarningKind.NO_PRIVACY_COVENANT,
            row.id,
            ngettext(
                "%(organisation)s neemt deel aan %(n)d casus, maar is geen partij bij een "
                "ondertekend, geldig privacyconvenant.",
                "%(organisation)s neemt deel aan %(n)d casussen, maar is geen partij bij een "
                "ondertekend, geldig privacyconvenant.",
                row.cases,
            )
            % {"organisation": row.name, "n": row.cases},
        )
        for row in warnings.uncovered
    ]
    lines += [
        _Line(
            CovenantWarningKind.EXPIRING,
            row.id,
            _("%(kind)s „%(title)s” verloopt op %(date)s; er is nog geen opvolger ondertekend.")
            % {
                "kind": row.kind_label,
                "title": row.title,
                "date": date_format(row.expires_on),
            },
        )
        for row in warnings.expiring
    ]
    return lines


def _chain_managers() -> dict[uuid.UUID, list[User]]:
    by_house: dict[uuid.UUID, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(
        role=Role.CHAIN_MANAGER, user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("house_id", "user_id"):
        by_house[membership.house_id].append(membership.user)
    return by_house


def _send(*, house_id: uuid.UUID, user: User, due: list[_Line], today: date) -> bool:
    """One message with its `CovenantWarningSent` rows; False if they were already there."""

    def record() -> None:
        CovenantWarningSent.objects.bulk_create(
            CovenantWarningSent(
                house_id=house_id,
                recipient=user,
                kind=line.kind,
                subject_id=line.subject_id,
                day=today,
            )
            for line in due
        )

    return notify_once(
        record=record,
        user=user,
        house_id=house_id,
        subject=titles.ngettext(
            "Convenanten: een waarschuwing",
            "Convenanten: %(n)d waarschuwingen",
            len(due),
            n=len(due),
        ),
        body="\n\n".join(line.text for line in due),
        link=reverse("covenants:list"),
        audit_object_type="covenant_warning",
        audit_detail={"warnings": len(due)},
    )


def covenant_warnings_send(*, today: date) -> WarningRun:
    run = WarningRun()
    with translation.override(settings.LANGUAGE_CODE):
        for house_id, managers in _chain_managers().items():
            warnings = house_covenant_warnings(house_id, today=today)
            if not warnings:
                continue
            lines = _lines(warnings)
            recent = set(
                CovenantWarningSent.objects.filter(
                    house_id=house_id, day__gt=today - timedelta(days=REPEAT_AFTER_DAYS)
                ).values_list("recipient_id", "kind", "subject_id")
            )
            for user in managers:
                due = [
                    line for line in lines if (user.pk, line.kind, line.subject_id) not in recent
                ]
                if due and _send(house_id=house_id, user=user, due=due, today=today):
                    run.messages += 1
                    run.warnings += len(due)
    return run
