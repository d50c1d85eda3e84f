"""Daily: each house's chain managers get yesterday's hit/no-hit counts per requesting
organisation. Safe to run repeatedly: a house gets one digest per day. Enqueues the job for
the worker; `--now` runs it here (decision 0187)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zvh.jobs.commands import add_now_argument, run_or_enqueue
from zvh.signals_lookup.tasks import signal_digest_job


class Command(BaseCommand):
    help = "Dagelijks overzicht van hit/no-hit-treffers per huis (standaard: gisteren)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        add_now_argument(parser)

    def handle(self, *args: Any, now: bool, **options: Any) -> None:
        day = options["day"] or timezone.localdate() - datetime.timedelta(days=1)
        run = run_or_enqueue(self, signal_digest_job, now=now, day=day.isoformat())
        if run is not None:
            self.stdout.write(
                f"{day}: digest for {run['houses']} house(s), {run['messages']} message(s) sent."
            )
