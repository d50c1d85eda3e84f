"""`manage.py monitor_tables --year YYYY --input FILE.json`: the national tables of a year's house
records as JSON on stdout, in the exchange document's output shape, so that any set of records
can be checked outside the application. `--input -` reads the records from stdin.

Invalid input prints every error (house, key, reason) on stderr and exits non-zero; nothing is
printed on stdout then."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zvh.monitor.exchange.records import RecordSetInvalid, parse_year
from zvh.monitor.exchange.tables import national_tables


class Command(BaseCommand):
    help = (
        "Berekent de landelijke tabellen (bijlage 4, tabellen 1-10 en 13-31) uit de huisrecords "
        "van een jaar en drukt ze af als JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Het monitorjaar.")
        parser.add_argument(
            "--input",
            required=True,
            help="JSON-bestand met de huisrecords van het jaar, of '-' voor standaardinvoer.",
        )

    def handle(self, *args: Any, year: int, input: str, **options: Any) -> None:
        raw = self._read(input)
        try:
            records = parse_year(raw, year=year)
        except RecordSetInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(
                    f"{error.house or '-'}\t{error.key or '-'}\t{error.reason}", ending="\n"
                )
            count = len(invalid.errors)
            raise CommandError(
                ngettext(
                    "De huisrecords zijn ongeldig (%(count)d fout); er is niets berekend.",
                    "De huisrecords zijn ongeldig (%(count)d fouten); er is niets berekend.",
                    count,
                )
                % {"count": count}
            ) from None
        tables = national_tables(records, year=year)
        self.stdout.write(json.dumps(tables, ensure_ascii=False, indent=2))

    def _read(self, source: str) -> bytes:
        if source == "-":
            stream = sys.stdin
            return stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
        try:
            return Path(source).read_bytes()
        except OSError as error:
            raise CommandError(
                _("Het bestand %(path)s kan niet worden gelezen: %(reason)s")
                % {"path": source, "reason": error.strerror or error}
            ) from None
