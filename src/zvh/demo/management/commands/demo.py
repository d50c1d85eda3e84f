"""`manage.py demo`: the demo houses, accounts and fictional persons, and the stories of
referral (zvh.demo.story), case work (zvh.demo.casework_story) and lawful sharing
(zvh.demo.sharing_story), told through the real services. Prints its report in Dutch. See
docs/demo.md."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.cases.models import Case
from zvh.demo import casework_story, data, sharing_story, story
from zvh.demo.services import DemoBuilt, DemoResetRefused, demo_build, demo_reset
from zvh.demo.story import DemoApiToken
from zvh.intake.services import PersonInput
from zvh.retention.models import DEFAULT_MONTHS, RetentionKind

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
        "per rol, fictieve betrokkenen en de verhalen van de aanmeldingen, het casuswerk en het "
        "delen van informatie. Nog eens draaien verandert niets."
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
            *self._mail_line(),
            "",
            *self._story(built.api_token, base_url),
            "",
            *self._casework(built, base_url),
            *self._jzv_key(built.api_token, base_url),
            "",
            *self._signal_key(built, base_url),
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

    def _mail_line(self) -> list[str]:
        """Where the demo's e-mails go: a folder, not the console (decision 0181)."""
        if not str(settings.EMAIL_BACKEND).endswith("filebased.EmailBackend"):
            return []
        return [
            _("De e-mails van de demo staan in %(folder)s, één bestand per e-mail.")
            % {"folder": getattr(settings, "EMAIL_FILE_PATH", "")}
        ]

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

    def _casework(self, built: DemoBuilt, base_url: str) -> list[str]:
        """The case-work and lawful-sharing stories, with the cases' numbers as they are."""
        casework = built.casework
        if casework is None:
            return []
        youri, acute = casework.stepped_down, casework.stuck
        conference = casework.conference.number if casework.conference else "–"
        lines = [
            _("Het verhaal van het casuswerk in %(house)s:") % {"house": data.HOUSES[0].name},
            "- "
            + _(
                "Casus %(case)s (%(person)s): %(partners)d partners doen mee, %(director)s (GGZ) "
                "is casusregisseur. In de Casus op Maat %(conference)s accepteerde %(shelter)s "
                "(nachtopvang, geen partij bij het privacyconvenant) eerst de "
                "geheimhoudingsverklaring; de besluiten maakten %(agreements)d afspraken. Het "
                "plan is vastgesteld, de afspraken zijn nagekomen, de evaluatie heeft ZRM-scores, "
                "en de casus is afgeschaald naar %(receiving)s (één criterium met een "
                "uitzondering)."
            )
            % {
                "case": youri.number,
                "person": _person_name(story.POLICE_REFERRAL.person),
                "partners": len(casework_story.YOURI_PARTICIPANTS),
                "agreements": sum(len(d.agreements) for d in casework_story.YOURI_DECISIONS),
                "director": _full_name(_account_spec(casework_story.GGZ)),
                "conference": conference,
                "shelter": _full_name(_account_spec(casework_story.SHELTER)),
                "receiving": youri.receiving_party or "–",
            },
            "- "
            + _(
                "Casus %(case)s (%(person)s) loopt vast: de GGZ levert de crisisbeoordeling niet. "
                "De casusregisseur stelde een escalatie voor; de procesregisseur schaalde op naar "
                "de ketenmanager, die opschaalde naar burgemeester %(mayor)s (%(username)s). Zijn "
                "reactie staat nog open: %(url)s"
            )
            % {
                "case": acute.number,
                "person": _person_name(story.ACUTE_REFERRAL.person),
                "mayor": _full_name(_account_spec(casework_story.MAYOR)),
                "username": casework_story.MAYOR,
                "url": base_url
                + (
                    reverse(
                        "cases:escalation-detail",
                        kwargs={"escalation_id": casework.escalation.id},
                    )
                    if casework.escalation
                    else reverse("cases:escalation-list")
                ),
            },
            "- "
            + _(
                "%(ggz)s (GGZ) legde in casus %(case)s een item over de gezondheid vast dat "
                "%(police)s (politie) niet ziet: er is geen toestemming vastgelegd. Leg als "
                "procesregisseur de toestemming vast voor de politie en de categorie gezondheid "
                "(%(url)s); daarna ziet de politie het item."
            )
            % {
                "ggz": _full_name(_account_spec(casework_story.GGZ)),
                "police": _full_name(_account_spec(casework_story.POLICE)),
                "case": youri.number,
                "url": base_url + reverse("sharing:consents", kwargs={"case_id": youri.id}),
            },
        ]
        if built.access_request is not None:
            lines.append(
                "- "
                + _(
                    "%(officer)s (privacyfunctionaris) registreerde een inzageverzoek van "
                    "%(person)s (%(number)s); beantwoord het met één export: %(url)s"
                )
                % {
                    "officer": _full_name(_account_spec(sharing_story.PRIVACY_OFFICER)),
                    "person": _person_name(story.POLICE_REFERRAL.person),
                    "number": built.access_request.number,
                    "url": base_url
                    + reverse(
                        "subject_requests:detail",
                        kwargs={"request_id": built.access_request.id},
                    ),
                }
            )
        if youri.closed_at is not None:
            lines.append(
                "- "
                + _(
                    "De bewaartermijnen van beide huizen zijn bevestigd. Wat er weg zou gaan op "
                    "de dag dat de afgesloten casus vijf jaar dicht is:"
                )
            )
            lines.append(f"  {retention_dry_run_command(youri)}")
        return [*lines, ""]

    def _jzv_key(self, token: DemoApiToken, base_url: str) -> list[str]:
        outcome_url = base_url + reverse(
            "jzv:uitkomstmelding", kwargs={"registratienummer": token.registratienummer}
        )
        head = _("API-sleutel van %(organisation)s voor JZV Meldingen (scope referrals:write)") % {
            "organisation": token.organisation_name
        }
        return _key_block(
            head,
            secret=token.secret,
            prefix=token.prefix,
            new_key=_new_key_command(
                token.house_name, token.organisation_name, story.API_TOKEN_NAME, "referrals:write"
            ),
            try_with=lambda key: _curl(key, outcome_url),
        )

    def _signal_key(self, built: DemoBuilt, base_url: str) -> list[str]:
        token = built.signal_token
        lookup_url = base_url + reverse("signals:lookup")
        bsn = story.ACUTE_REFERRAL.person.bsn
        head = _(
            "API-sleutel van %(organisation)s voor het hit/no-hit-signaal (scope signal-lookup)"
        ) % {"organisation": token.organisation_name}
        return [
            *_key_block(
                head,
                secret=token.secret,
                prefix=token.prefix,
                new_key=_new_key_command(
                    token.house_name,
                    token.organisation_name,
                    sharing_story.ZSM_TOKEN_NAME,
                    "signal-lookup",
                ),
                try_with=lambda key: _lookup_curl(key, lookup_url, bsn),
            ),
            f"  {_('zoekt naar')}: "
            + _("%(person)s (BSN %(bsn)s), die een open casus heeft in %(house)s")
            % {
                "person": _person_name(story.ACUTE_REFERRAL.person),
                "bsn": bsn,
                "house": token.house_name,
            },
        ]


def _key_block(
    head: str,
    *,
    secret: str | None,
    prefix: str,
    new_key: str,
    try_with: Callable[[str], str],
) -> list[str]:
    """An API key as the command prints it: the secret only on the run that made it."""
    if secret is not None:
        return [
            head
            + ": "
            + _("alleen nu getoond; ZVH bewaart er alleen een hash van. Bewaar hem nu."),
            f"  {_('sleutel')}: {secret}",
            f"  {_('probeer')}: " + try_with(secret),
        ]
    return [
        head
        + ": "
        + _(
            "bestaat al (%(prefix)s…). De sleutel zelf is getoond toen hij werd aangemaakt; "
            "ZVH bewaart er alleen een hash van."
        )
        % {"prefix": prefix},
        f"  {_('nieuwe sleutel')}: {new_key}",
        f"  {_('probeer')}:        " + try_with(_("<sleutel>")),
    ]


def _new_key_command(house: str, organisation: str, name: str, scope: str) -> str:
    return (
        f'{MANAGE} create_api_token --house "{house}" --organisation "{organisation}" '
        f'--name "{name}" --scope {scope}'
    )


def retention_dry_run_command(case: Case) -> str:
    """`apply_retention --dry-run` on the first day the closed case is past the default term."""
    assert case.closed_at is not None  # noqa: S101 (the caller checked)
    closed_on = timezone.localdate(case.closed_at)
    years = DEFAULT_MONTHS[RetentionKind.CLOSED_CASE] // 12
    try:
        day = closed_on.replace(year=closed_on.year + years)
    except ValueError:  # 29 February
        day = closed_on.replace(year=closed_on.year + years, day=28)
    return f"{MANAGE} apply_retention --dry-run --today {day + timedelta(days=1):%Y-%m-%d}"


def totp_code_command(username: str) -> str:
    """What to type, in the project's folder, for the code an account's app shows now. Under
    `make run` DEBUG is on and the plain command works; without DEBUG (a demo built with
    --force) totp_code wants --demo."""
    command = f"{MANAGE} totp_code {username}"
    return command if settings.DEBUG else f"{command} --demo"


def _curl(secret: str, url: str) -> str:
    return f'curl -H "Authorization: Bearer {secret}" {url}'


def _lookup_curl(secret: str, url: str, bsn: str) -> str:
    body = json.dumps({"bsn": bsn, "purpose": sharing_story.ZSM_PURPOSE}, ensure_ascii=False)
    return (
        f'curl -X POST -H "Authorization: Bearer {secret}" '
        f"-H \"Content-Type: application/json\" -d '{body}' {url}"
    )


def _account_spec(username: str) -> data.DemoAccountSpec:
    return next(spec for spec in data.ACCOUNTS if spec.username == username)


def _full_name(spec: data.DemoAccountSpec) -> str:
    return f"{spec.first_name} {spec.last_name}"


def _person_name(person: PersonInput) -> str:
    return " ".join(
        part for part in (person.given_names, person.surname_prefix, person.surname) if part
    )
