"""Daily: each house's chain managers get yesterday's hit/no-hit counts per requesting
organisation. Safe to run repeatedly: a house gets one digest per day."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zvh.signals_lookup.services import signal_digest_send


class Command(BaseCommand):
    help = "Dagelijks overzicht van hit/no-hit-treffers per huis (standaard: gisteren)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", type=datetime.date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["day"] or timezone.localdate() - datetime.timedelta(days=1)
        run = signal_digest_send(day=day)
        self.stdout.write(
            f"{day}: digest for {run.houses} house(s), {run.messages} message(s) sent."
        )
