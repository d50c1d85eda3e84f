"""Daily: warn the chain managers about partner organisations in cases without a privacy
covenant and about covenants that end soon. Safe to run repeatedly: nothing is sent twice on
the same day, and a warning that holds is repeated once a week. Enqueues the job for the
worker; `--now` runs it here (decision 0187)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zvh.covenants.tasks import covenant_warnings_job
from zvh.jobs.commands import add_now_argument, run_or_enqueue


class Command(BaseCommand):
    help = "Waarschuwingen over ontbrekende en aflopende convenanten (eens per dag)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_now_argument(parser)

    def handle(self, *args: Any, now: bool, **options: Any) -> None:
        run = run_or_enqueue(
            self, covenant_warnings_job, now=now, today=timezone.localdate().isoformat()
        )
        if run is not None:
            self.stdout.write(
                f"{run['messages']} message(s) to chain managers with {run['warnings']} warning(s)."
            )
