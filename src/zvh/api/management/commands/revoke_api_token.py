"""Revokes an API token for good, by its prefix (the part before the dot)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zvh.api.models import ApiToken
from zvh.api.services import api_token_revoke


class Command(BaseCommand):
    help = "Trekt een API-sleutel in (op prefix, het deel voor de punt)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        prefix = options["prefix"]
        try:
            token = api_token_revoke(prefix=prefix)
        except ApiToken.DoesNotExist as exc:
            raise CommandError(
                _("Geen actieve API-sleutel met prefix %(prefix)s.") % {"prefix": prefix}
            ) from exc
        self.stdout.write(
            _("API-sleutel %(prefix)s (%(name)s) ingetrokken.")
            % {"prefix": token.prefix, "name": token.name}
        )
