"""`manage.py demo`: the demo houses, accounts and fictional persons, and the referral story
told through the real services (zvh.demo.story). Prints its report in Dutch. See docs/demo.md."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _

from zvh.demo import data, story
from zvh.demo.services import DemoBuilt, DemoResetRefused, demo_build, demo_reset
from zvh.demo.story import DemoApiToken
from zvh.intake.services import PersonInput

# How `make run` calls manage.py, so the commands printed work when pasted in the project's folder.
MANAGE = ".venv/bin/python manage.py"


def runs_under_production_settings() -> bool:
    """production.py sets ZVH_PRODUCTION; the module name catches a copy that forgot to."""
    if getattr(settings, "ZVH_PRODUCTION", False):
        return True
    module = str(getattr(settings, "SETTINGS_MODULE", "") or "")
    return module.rsplit(".", 1)[-1].startswith("production")


class Command(BaseCommand):
    help = _(
        "Bouwt de demo: Veiligheidshuis Regio Noord en een buurhuis, hun partners, een account "
        "per rol, fictieve betrokkenen en het verhaal van de aanmeldingen. Nog eens draaien "
        "verandert niets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_(
                "Verwijdert eerst de huizen van de demo met alles erin, en de demo-accounts; "
                "bouwt de demo dan opnieuw."
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "Ook als DEBUG uit staat (een test- of demomachine). Nooit met de "
                "productie-instellingen."
            ),
        )

    def handle(self, *args: Any, reset: bool, force: bool, **options: Any) -> None:
        if runs_under_production_settings():
            raise CommandError(_("De demo draait nooit met de productie-instellingen."))
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG staat uit, dus dit kan een echte installatie zijn: de demo maakt "
                    "accounts met gepubliceerde wachtwoorden. Gebruik --force alleen op een test- "
                    "of demomachine."
                )
            )
        if reset:
            try:
                demo_reset()
            except DemoResetRefused as error:
                raise CommandError(
                    _(
                        "Opnieuw beginnen lukt niet: andere gegevens verwijzen naar de demo "
                        "(%(error)s). Begin met een lege database."
                    )
                    % {"error": error}
                ) from error
        self.stdout.write(self._report(demo_build()))

    def _report(self, built: DemoBuilt) -> str:
        base_url = str(getattr(settings, "ZVH_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")
        houses = ", ".join(
            _("%(house)s (%(count)d gemeenten)")
            % {"house": house.name, "count": len(house.municipalities)}
            for house in data.HOUSES
        )
        lines = [
            _("Demo klaar: %(houses)s; %(persons)d fictieve betrokkenen, %(cases)d casussen.")
            % {"houses": houses, "persons": len(data.PERSONS), "cases": len(data.CASES)},
            _(
                "Log in op %(url)s met een gebruikersnaam, het wachtwoord en de code van zes "
                "cijfers uit een authenticator-app."
            )
            % {"url": base_url + reverse("accounts:login")},
            _(
                "Zet een account in de app met het TOTP-geheim of de otpauth-URI, of vraag de "
                "code van dit moment op met het commando bij 'code nu' (in de map van het "
                "project). Elke code werkt één keer; daarna even wachten op de volgende."
            ),
            "",
            *self._story(built.api_token, base_url),
            "",
            *self._api_token(built.api_token, base_url),
            "",
        ]
        for account in built.accounts:
            lines += [
                _("%(username)s: %(role)s in %(house)s")
                % {
                    "username": account.username,
                    "role": account.role.label,
                    "house": account.house_name,
                },
                f"  {_('werkt bij')}:   {account.organisation_name}",
                f"  {_('wachtwoord')}:  {account.password}",
                f"  {_('TOTP-geheim')}: {account.totp_secret}",
                f"  {_('otpauth-URI')}: {account.otpauth_uri}",
                f"  {_('code nu')}:     {totp_code_command(account.username)}",
                "",
            ]
        return "\n".join(lines)

    def _story(self, token: DemoApiToken, base_url: str) -> list[str]:
        police, municipal = (
            _full_name(spec)
            for spec in (_account_spec(story.POLICE), _account_spec(story.MUNICIPALITY))
        )
        referral, acute = story.POLICE_REFERRAL.person, story.ACUTE_REFERRAL.person
        naam = story.jzv_melding()["natuurlijkPersoon"]["naam"]
        return [
            _("Het verhaal van de aanmeldingen in %(house)s:") % {"house": data.HOUSES[0].name},
            "- "
            + _(
                "%(police)s (politie) meldde %(person)s aan via het webformulier: geaccepteerd "
                "door de weegtafel, er is een casus geopend."
            )
            % {"police": police, "person": _person_name(referral)},
            "- "
            + _(
                "%(organisation)s stuurde via JZV Meldingen een melding over %(person)s "
                "(registratienummer %(number)s): niet geaccepteerd, met advies."
            )
            % {
                "organisation": token.organisation_name,
                "person": f"{naam['voornamen']} {naam['geslachtsnaam']}",
                "number": token.registratienummer,
            },
            "- "
            + _(
                "%(police)s las de prioriteitenlijst '%(list)s' in met 10 personen: één is "
                "doorverwezen naar Veilig Thuis, de andere 9 staan op de agenda van de weegtafel."
            )
            % {"police": police, "list": story.PRIORITY_LIST_NAME},
            "- "
            + _(
                "%(municipal)s (gemeente) meldde %(person)s acuut aan: de procesregisseur "
                "besloot meteen, buiten de weegtafel om (geaccepteerd)."
            )
            % {"municipal": municipal, "person": _person_name(acute)},
            _(
                "'%(table)s' vergadert elke dinsdag om 10:00; de eerstvolgende sessie staat "
                "klaar onder Triage (%(triage)s)."
            )
            % {"table": story.TABLE_NAME, "triage": base_url + reverse("triage:dashboard")},
            _("De melders zien de uitkomst onder Mijn aanmeldingen: %(url)s")
            % {"url": base_url + reverse("intake:mine")},
        ]

    def _api_token(self, token: DemoApiToken, base_url: str) -> list[str]:
        outcome_url = base_url + reverse(
            "jzv:uitkomstmelding", kwargs={"registratienummer": token.registratienummer}
        )
        head = _("API-sleutel van %(organisation)s voor JZV Meldingen (scope referrals:write)") % {
            "organisation": token.organisation_name
        }
        if token.secret is not None:
            return [
                head
                + ": "
                + _("alleen nu getoond; ZVH bewaart er alleen een hash van. Bewaar hem nu."),
                f"  {_('sleutel')}: {token.secret}",
                f"  {_('probeer')}: " + _curl(token.secret, outcome_url),
            ]
        return [
            head
            + ": "
            + _(
                "bestaat al (%(prefix)s…). De sleutel zelf is getoond toen hij werd aangemaakt; "
                "ZVH bewaart er alleen een hash van."
            )
            % {"prefix": token.prefix},
            f'  {_("nieuwe sleutel")}: {MANAGE} create_api_token --house "{token.house_name}" '
            f'--organisation "{token.organisation_name}" --name "{story.API_TOKEN_NAME}" '
            "--scope referrals:write",
            f"  {_('probeer')}:        " + _curl(_("<sleutel>"), outcome_url),
        ]


def totp_code_command(username: str) -> str:
    """What to type, in the project's folder, for the code an account's app shows now. Under
    `make run` DEBUG is on and the plain command works; without DEBUG (a demo built with
    --force) totp_code wants --demo."""
    command = f"{MANAGE} totp_code {username}"
    return command if settings.DEBUG else f"{command} --demo"


def _curl(secret: str, url: str) -> str:
    return f'curl -H "Authorization: Bearer {secret}" {url}'


def _account_spec(username: str) -> data.DemoAccountSpec:
    return next(spec for spec in data.ACCOUNTS if spec.username == username)


def _full_name(spec: data.DemoAccountSpec) -> str:
    return f"{spec.first_name} {spec.last_name}"


def _person_name(person: PersonInput) -> str:
    return " ".join(
        part for part in (person.given_names, person.surname_prefix, person.surname) if part
    )
