"""manage.py import_network <file> --house "<name>": load a house's network from JSON or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zvh.network.imports import network_import

KIND_LABELS = {
    "municipality": gettext_lazy("gemeenten"),
    "organisation": gettext_lazy("organisaties"),
    "user": gettext_lazy("gebruikers"),
}


class Command(BaseCommand):
    help = (
        "Importeert de gemeenten, partnerorganisaties en gebruikers van een huis uit een JSON- "
        "of CSV-bestand (zie docs/network-import.md). Bestaat het huis nog niet, dan maakt het "
        "bestand het aan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--house", required=True, help="De naam van het huis.")
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="Alleen geldige regels importeren en de foute overslaan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Het bestand kan niet worden gelezen: %(error)s") % {"error": error}
            ) from error
        report = network_import(
            actor=None,
            content=content,
            filename=path.name,
            valid_only=options["valid_only"],
            house_name=options["house"],
        )
        for issue in report.issues:
            where = f"{issue.where}, {issue.field}" if issue.field else issue.where
            self.stderr.write(f"{where}: {issue.message}")
        if not report.imported:
            raise CommandError(_("Er is niets geïmporteerd."))
        for kind, created, updated, unchanged in report.summary():
            self.stdout.write(
                _("%(kind)s: %(created)d nieuw, %(updated)d bijgewerkt, %(unchanged)d ongewijzigd")
                % {
                    "kind": KIND_LABELS[kind],
                    "created": created,
                    "updated": updated,
                    "unchanged": unchanged,
                }
            )
        if report.issues:
            self.stdout.write(
                _("%(count)d regel(s) overgeslagen.") % {"count": report.skipped_rows}
            )
