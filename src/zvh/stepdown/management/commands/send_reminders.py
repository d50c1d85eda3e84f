"""Daily: remind owners of agreements that are due soon or overdue, send the case directors a
summary, and tell process coordinators and case directors of a review in the coming week.
Safe to run repeatedly: nothing is sent twice (agreements: per day; reviews: per review date).
Enqueues the job for the worker; `--now` runs it here (decision 0187)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zvh.jobs.commands import add_now_argument, run_or_enqueue
from zvh.stepdown.tasks import send_reminders_job


class Command(BaseCommand):
    help = (
        "Herinneringen over afspraken die binnenkort of al verlopen zijn (eens per dag) en "
        "over evaluaties in de komende week (eens per evaluatiedatum)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_now_argument(parser)

    def handle(self, *args: Any, now: bool, **options: Any) -> None:
        run = run_or_enqueue(
            self, send_reminders_job, now=now, today=timezone.localdate().isoformat()
        )
        if run is not None:
            self.stdout.write(
                f"{run['owner_messages']} reminder(s) to owners about {run['agreements']} "
                f"agreement(s), {run['summary_messages']} summary(ies) to case directors, "
                f"{run['review_notices']} notice(s) of an upcoming review."
            )
