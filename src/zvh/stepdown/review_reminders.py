"""Notices of an upcoming review, sent by the daily `manage.py send_reminders`.

The process coordinator and the case director of an open case whose next review date lies
within REVIEW_NOTICE_DAYS from today (today included) are told once per case and review date,
in the app and by e-mail per their preference (`notifications.notify_once`, keyed on the case
and the date). A second run, or one at the same moment, tells no one twice; a review date that
moves is a new date, announced again. Like the agreement reminders, the message names the case
number and the date only. See docs/decisions/0147.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.cases.models import Case, CaseStatus
from zvh.notifications import titles
from zvh.notifications.models import Notification
from zvh.notifications.services import notify_once

# A week ahead: enough to plan the review (and invite for it) within the default cadence of
# six weeks, and never more than one notice per review for the shortest cadence (one week).
REVIEW_NOTICE_DAYS = 7
_CHUNK = 500


@dataclass(frozen=True)
class _Upcoming:
    case_id: uuid.UUID
    number: str
    house_id: uuid.UUID
    review_date: date
    recipients: frozenset[int]

    def key(self) -> str:
        return f"review:{self.case_id}:{self.review_date.isoformat()}"


def _upcoming(today: date) -> list[_Upcoming]:
    """Read whole before anything is written (a week of reviews: about a sixth of the open
    cases, small tuples), so no cursor stays open across the writes."""
    rows = (
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .filter(
            next_review_date__gte=today,
            next_review_date__lte=today + timedelta(days=REVIEW_NOTICE_DAYS),
        )
        .values_list(
            "id",
            "number",
            "house_id",
            "next_review_date",
            "process_coordinator_id",
            "case_director_id",
        )
        .order_by("next_review_date", "id")
    )
    upcoming = []
    for case_id, number, house_id, review_date, coordinator, director in rows:
        recipients = frozenset(user for user in (coordinator, director) if user is not None)
        if recipients and review_date is not None:  # never None: filtered on the date
            upcoming.append(_Upcoming(case_id, number, house_id, review_date, recipients))
    return upcoming


def _notice(user: User, item: _Upcoming) -> bool:
    """Tells one user about one review, with its audit event; False if told before."""
    when = date_format(item.review_date)
    return notify_once(
        dedupe_key=item.key(),
        user=user,
        house_id=item.house_id,
        subject=titles.gettext(
            "Evaluatie van casus %(number)s op %(date)s",
            number=item.number,
            date=item.review_date,
        ),
        body=_(
            "De volgende evaluatie van casus %(number)s staat gepland op %(date)s. "
            "Bereid haar voor en leg haar vast in ZVH."
        )
        % {"number": item.number, "date": when},
        link=reverse("cases:detail", kwargs={"case_id": item.case_id}),
        audit_object_type="review_notice",
        audit_detail={"case": str(item.case_id), "review_date": item.review_date.isoformat()},
    )


def review_notices_send(*, today: date) -> int:
    """Sends the notices due today; returns how many messages went out."""
    sent = 0
    upcoming = _upcoming(today)
    with translation.override(settings.LANGUAGE_CODE):
        for start in range(0, len(upcoming), _CHUNK):
            chunk = upcoming[start : start + _CHUNK]
            # Who was told already: one query per chunk instead of a failed insert per notice.
            told = set(
                Notification.objects.filter(
                    dedupe_key__in=[item.key() for item in chunk]
                ).values_list("user_id", "dedupe_key")
            )
            users = User.objects.in_bulk({user for item in chunk for user in item.recipients})
            for item in chunk:
                for user_id in sorted(item.recipients):
                    user = users.get(user_id)
                    if user is None or not user.is_active or (user_id, item.key()) in told:
                        continue
                    sent += _notice(user, item)
    return sent
