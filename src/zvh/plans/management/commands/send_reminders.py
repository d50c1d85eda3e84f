"""Daily: remind owners of agreements that are due soon or overdue, and send the case
directors a summary. Safe to run repeatedly: nothing is sent twice on the same day."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from zvh.plans.reminders import reminders_send


class Command(BaseCommand):
    help = "Herinneringen over afspraken die binnenkort of al verlopen zijn (eens per dag)."

    def handle(self, *args: Any, **options: Any) -> None:
        run = reminders_send(today=timezone.localdate())
        self.stdout.write(
            f"{run.owner_messages} reminder(s) to owners about {run.agreements} agreement(s), "
            f"{run.summary_messages} summary(ies) to case directors."
        )
