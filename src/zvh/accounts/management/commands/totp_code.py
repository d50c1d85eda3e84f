"""`manage.py totp_code <username>`: the code a user's authenticator app shows right now.

For the demo and development only, so demo accounts can log in without an authenticator app:
    manage.py totp_code demo-procesregisseur --demo

It refuses under the production settings whatever the flags. Without DEBUG it works only with
--demo and only for accounts whose name starts with "demo-". The code goes to stdout alone (so
a script can capture it); every use is written to the access log.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.totp import current_code
from zvh.audit.models import Action
from zvh.audit.services import audit_record

DEMO_PREFIX = "demo-"


class Command(BaseCommand):
    help = (
        "Toont de huidige TOTP-code van een gebruiker. Alleen met DEBUG aan, of met --demo voor "
        "accounts waarvan de naam met 'demo-' begint; nooit met de productie-instellingen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Gebruikersnaam.")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Ook zonder DEBUG, maar alleen voor een demo-account ('demo-…').",
        )

    def handle(self, *args: Any, username: str, demo: bool, **options: Any) -> None:
        # production.py sets ZVH_PRODUCTION; no flag and no DEBUG lifts this.
        if getattr(settings, "ZVH_PRODUCTION", False):
            raise CommandError(_("totp_code is niet beschikbaar met de productie-instellingen."))
        if not settings.DEBUG and not (demo and username.startswith(DEMO_PREFIX)):
            raise CommandError(
                _(
                    "totp_code werkt alleen met DEBUG aan, of met --demo voor een demo-account "
                    "(gebruikersnaam begint met '%(prefix)s')."
                )
                % {"prefix": DEMO_PREFIX}
            )
        device = (
            TOTPDevice.objects.select_related("user")
            .filter(user__username=username, user__is_active=True, confirmed=True)
            .order_by("id")
            .first()
        )
        if device is None:
            raise CommandError(
                _("Geen actief account %(name)s met een gekoppelde authenticator-app.")
                % {"name": username}
            )
        current = current_code(device)
        audit_record(
            actor=None,
            action=Action.VIEW,
            object_type="totp_device",
            object_id=device.pk,
            user_id=device.user.pk,
            organisation_id=device.user.organisation_id,
            detail={"command": "totp_code"},
        )
        self.stdout.write(current.code)
        if current.already_used:
            self.stderr.write(
                _(
                    "Deze code is al gebruikt en wordt geweigerd; over %(seconds)d seconden "
                    "geldt een nieuwe."
                )
                % {"seconds": current.seconds_left}
            )
        else:
            self.stderr.write(
                _("De app toont over %(seconds)d seconden een nieuwe code.")
                % {"seconds": current.seconds_left}
            )
