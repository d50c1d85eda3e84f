"""Issues an API token for a partner application. The token is printed once, never stored.

    manage.py create_api_token --house "Veiligheidshuis Regio Noord" \
        --organisation "Politie Noord" --name "Politie-koppeling" \
        --scope persons:read --scope network:read

The token goes to stdout alone (so a script can capture it), the explanation to stderr.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zvh.api.models import Scope
from zvh.api.services import api_token_create
from zvh.network.models import House, Organisation


class Command(BaseCommand):
    help = "Maakt een API-sleutel voor een partnerapplicatie en toont die eenmalig."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--house", required=True, help="Naam van het huis.")
        parser.add_argument("--organisation", required=True, help="Naam van de organisatie.")
        parser.add_argument("--name", required=True, help="Omschrijving, bv. de applicatie.")
        parser.add_argument(
            "--scope",
            action="append",
            required=True,
            dest="scopes",
            help=f"Herhaalbaar. Een van: {', '.join(Scope.values)}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        house = House.objects.filter(name=options["house"]).first()
        if house is None:
            raise CommandError(_("Onbekend huis: %(name)s") % {"name": options["house"]})
        organisation = Organisation.objects.filter(name=options["organisation"]).first()
        if organisation is None:
            raise CommandError(
                _("Onbekende organisatie: %(name)s") % {"name": options["organisation"]}
            )
        try:
            token, secret = api_token_create(
                house=house,
                organisation=organisation,
                name=options["name"],
                scopes=options["scopes"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(
            _(
                "API-sleutel %(prefix)s aangemaakt voor %(organisation)s in %(house)s "
                "(scopes: %(scopes)s). Bewaar hem nu: hij wordt niet nog eens getoond."
            )
            % {
                "prefix": token.prefix,
                "organisation": organisation.name,
                "house": house.name,
                "scopes": ", ".join(token.scopes),
            }
        )
        self.stdout.write(secret)
