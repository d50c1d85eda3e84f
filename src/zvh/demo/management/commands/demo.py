"""`manage.py demo`: the demo houses, accounts and fictional persons. See docs/demo.md."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from zvh.demo import data
from zvh.demo.services import DemoAccount, DemoResetRefused, demo_build, demo_reset


def runs_under_production_settings() -> bool:
    """production.py sets ZVH_PRODUCTION; the module name catches a copy that forgot to."""
    if getattr(settings, "ZVH_PRODUCTION", False):
        return True
    module = str(getattr(settings, "SETTINGS_MODULE", "") or "")
    return module.rsplit(".", 1)[-1].startswith("production")


class Command(BaseCommand):
    help = (
        "Builds the demo: Veiligheidshuis Regio Noord and a neighbouring house, their partners, "
        "one account per role and fictional persons. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remove the demo's houses, persons, cases and accounts first, then rebuild.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run although DEBUG is off (a test or demo machine). Never under production "
            "settings.",
        )

    def handle(self, *args: Any, reset: bool, force: bool, **options: Any) -> None:
        if runs_under_production_settings():
            raise CommandError("The demo never runs under production settings.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a real installation: the demo adds accounts with "
                "published passwords. Use --force only on a test or demo machine."
            )
        if reset:
            try:
                demo_reset()
            except DemoResetRefused as error:
                raise CommandError(
                    f"Cannot reset: other data refers to the demo ({error}). "
                    "Start from an empty database instead."
                ) from error
        accounts = demo_build()
        self.stdout.write(self._report(accounts))

    def _report(self, accounts: list[DemoAccount]) -> str:
        base_url = str(getattr(settings, "ZVH_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")
        houses = ", ".join(
            f"{house.name} ({len(house.municipalities)} municipalities)" for house in data.HOUSES
        )
        lines = [
            f"Demo ready: {houses}; {len(data.PERSONS)} fictional persons, "
            f"{len(data.CASES)} cases.",
            f"Log in at {base_url}{reverse('accounts:login')} with a user name, the password "
            "and the six-digit code of an authenticator app.",
            "Add an account to the app with its secret or otpauth URI, or print the current "
            "code with the command shown.",
            "",
        ]
        for account in accounts:
            lines += [
                f"{account.username}: {account.role.label} in {account.house_name}",
                f"  works for:   {account.organisation_name}",
                f"  password:    {account.password}",
                f"  TOTP secret: {account.totp_secret}",
                f"  otpauth URI: {account.otpauth_uri}",
                f"  code now:    python manage.py totp_code {account.username}",
                "",
            ]
        return "\n".join(lines)
