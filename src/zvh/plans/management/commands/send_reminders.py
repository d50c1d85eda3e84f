"""Daily: remind owners of agreements that are due soon or overdue, send the case directors a
summary, and tell process coordinators and case directors of a review in the coming week.
Safe to run repeatedly: nothing is sent twice (agreements: per day; reviews: per review date)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from zvh.cases.review_reminders import review_notices_send
from zvh.plans.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Herinneringen over afspraken die binnenkort of al verlopen zijn (eens per dag) en "
        "over evaluaties in de komende week (eens per evaluatiedatum)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        run = reminders_send(today=today)
        reviews = review_notices_send(today=today)
        self.stdout.write(
            f"{run.owner_messages} reminder(s) to owners about {run.agreements} agreement(s), "
            f"{run.summary_messages} summary(ies) to case directors, "
            f"{reviews} notice(s) of an upcoming review."
        )
