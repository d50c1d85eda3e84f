"""Daily: warn the chain managers about partner organisations in cases without a privacy
covenant and about covenants that end soon. Safe to run repeatedly: nothing is sent twice on
the same day, and a warning that holds is repeated once a week."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from zvh.covenants.warning_digest import covenant_warnings_send


class Command(BaseCommand):
    help = "Waarschuwingen over ontbrekende en aflopende convenanten (eens per dag)."

    def handle(self, *args: Any, **options: Any) -> None:
        run = covenant_warnings_send(today=timezone.localdate())
        self.stdout.write(
            f"{run.messages} message(s) to chain managers with {run.warnings} warning(s)."
        )
