"""The processing register (art. 30 AVG) of the house, generated from its configuration: per
processing activity the purposes, the persons and data concerned, the recipients, the legal
bases, the retention terms and a summary of the security measures.

What varies per house comes from the configuration: the partner organisations by kind and
whether they are party to the privacy covenant, the information categories and who sees them,
the legal bases (`sources.sharing_configuration`), the retention terms
(`sources.retention_configuration`), the partner applications that may ask the hit/no-hit
signal, and the security settings. What the system does is fixed in code, below.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zvh.api.models import ApiToken, Scope
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.covenants.selectors import covenant_party_ids
from zvh.network.models import House, Organisation, OrganisationKind
from zvh.retention.models import RetentionKind

from .sources import (
    CategoryEntry,
    LegalBasisEntry,
    RetentionEntry,
    retention_configuration,
    sharing_configuration,
)

REGISTER = "processing_register"


@dataclass(frozen=True)
class _Definition:
    """A processing activity as the system carries it out."""

    key: str
    name: Promise
    purposes: tuple[Promise, ...]
    persons: tuple[Promise, ...]
    data: tuple[Promise, ...]
    recipients: tuple[Promise, ...]
    retention: tuple[str, ...]
    # Case work and conferences carry the information items, under the category rules and
    # with the purposes of the cooperation as the house has them.
    with_categories: bool = False
    # The signal answers partners at large: only a basis of public task can carry it.
    public_task_only: bool = False
    signal_recipients: bool = False


DEFINITIONS = (
    _Definition(
        key="referral_triage",
        name=_("Aanmelding en triage"),
        purposes=(
            _(
                "Beoordelen of een aanmelding een complexe casus is, naar de criteria van het "
                "Landelijk Kader en de lokale criteria van het huis"
            ),
            _("Advies teruggeven aan de melder, of verwijzen naar een andere tafel"),
        ),
        persons=(
            _("Aangemelde personen en de leden van hun systeem (gezin, huishouden)"),
            _("Melders: professionals van partnerorganisaties"),
        ),
        data=(
            _("Identificerende gegevens: naam, geboortedatum, BSN, woongemeente"),
            _("Reden van aanmelding en problemen per leefgebied"),
            _("Wegingscriteria, triagebesluit, toelichting en advies"),
        ),
        recipients=(
            _("Medewerkers van het huis (ketenmanager, procesregisseurs)"),
            _("De melder over de eigen aanmelding"),
            _("Partnerorganisaties die aan de triagetafel deelnemen"),
        ),
        retention=(RetentionKind.REFERRAL_NOT_ACCEPTED, RetentionKind.AUDIT_EVENT),
    ),
    _Definition(
        key="case_work",
        name=_("Casuswerk (procesregie)"),
        purposes=(),  # the purposes of the cooperation, from the configuration
        persons=(
            _("Betrokkenen in de casus en de leden van hun systeem"),
            _("Professionals van deelnemende organisaties"),
        ),
        data=(
            _("Identificerende gegevens: naam, geboortedatum, BSN, woongemeente"),
            _("Plan van aanpak: doelen per leefgebied, afspraken, evaluaties"),
            _("Informatie-items per categorie (zie hieronder), met bron en grondslag"),
            _("Logboek van de casus: status, deelnemers, escalaties, afschaling"),
        ),
        recipients=(
            _("Medewerkers van het huis"),
            _(
                "Professionals van organisaties die aan de casus deelnemen, per categorie "
                "volgens de regels van het huis"
            ),
        ),
        retention=(RetentionKind.CLOSED_CASE, RetentionKind.AUDIT_EVENT),
        with_categories=True,
    ),
    _Definition(
        key="conferences",
        name=_("Casusoverleggen"),
        purposes=(
            _("Afstemmen van de aanpak met de professionals die de persoon kennen"),
            _("Vastleggen van besluiten en verslag"),
        ),
        persons=(
            _("Betrokkenen van de casussen op de agenda"),
            _("Genodigden en aanwezigen: professionals"),
        ),
        data=(
            _("Agenda, besluiten en verslag per casus"),
            _("Aanwezigheid en geheimhoudingsverklaringen van genodigden"),
            _("Informatie-items per categorie, volgens de regels van het huis"),
        ),
        recipients=(
            _(
                "Genodigden van het overleg; wie geen partij is bij het privacyconvenant, "
                "pas na het tekenen van de geheimhoudingsverklaring"
            ),
        ),
        retention=(RetentionKind.CLOSED_CASE, RetentionKind.AUDIT_EVENT),
        with_categories=True,
    ),
    _Definition(
        key="signal_lookup",
        name=_("Hit/no-hit-signaal"),
        purposes=(
            _(
                "Partners (zoals ZSM) laten weten dat een persoon al een casus is in een huis, "
                "bij wie zij terechtkunnen en welke justitiële reactie het huis vraagt"
            ),
        ),
        persons=(_("Personen naar wie een partner vraagt"),),
        data=(
            _(
                "In de vraag: BSN, of naam en geboortedatum; in het toegangslog alleen als "
                "versleutelde vingerafdruk, met het opgegeven doel"
            ),
            _("In het antwoord: het huis, een contactpunt en de gevraagde justitiële reactie"),
        ),
        recipients=(
            _(
                "Partnerapplicaties met het recht om het signaal op te vragen, van alle huizen "
                "op deze installatie"
            ),
        ),
        retention=(RetentionKind.AUDIT_EVENT,),
        public_task_only=True,
        signal_recipients=True,
    ),
)


@dataclass(frozen=True)
class RecipientGroup:
    kind: str
    organisations: list[tuple[str, bool]]  # (name, party to the privacy covenant)


@dataclass(frozen=True)
class Processing:
    key: str
    name: str
    purposes: list[str]
    persons: list[str]
    data: list[str]
    categories: list[CategoryEntry]
    recipients: list[str]
    legal_bases: list[LegalBasisEntry]
    retention: list[RetentionEntry]
    signal_applications: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Register:
    house: str
    generated_at: datetime
    activities: list[Processing]
    recipient_groups: list[RecipientGroup]
    security: list[str]
    retention_unconfirmed: bool


def _recipient_groups(house_id: uuid.UUID) -> list[RecipientGroup]:
    parties = covenant_party_ids(house_id)
    kinds = dict(OrganisationKind.choices)
    groups: dict[str, list[tuple[str, bool]]] = {}
    partners = (
        Organisation.objects.filter(partnerships__house_id=house_id)
        .values_list("id", "name", "kind")
        .order_by("kind", "name")
    )
    for pk, name, kind in partners:
        groups.setdefault(kind, []).append((name, pk in parties))
    return [
        RecipientGroup(kind=str(kinds.get(kind, kind)), organisations=organisations)
        for kind, organisations in sorted(groups.items(), key=lambda item: str(kinds.get(item[0])))
    ]


def _signal_applications() -> list[str]:
    """Organisations with an active token that may ask the signal, on the whole installation
    (one lookup covers every house). The scopes are a JSON list: filtered here, as SQLite
    cannot search in one; an installation has a handful of tokens."""
    tokens = ApiToken.objects.filter(is_active=True).values_list("organisation__name", "scopes")
    return sorted({name for name, scopes in tokens if Scope.SIGNAL_LOOKUP in scopes})


def _security() -> list[str]:
    return [
        str(
            _(
                "Inloggen met wachtwoord en een tweede factor (TOTP); na %(n)d mislukte pogingen "
                "wordt het account %(minutes)d minuten geblokkeerd."
            )
            % {"n": settings.AXES_FAILURE_LIMIT, "minutes": round(settings.AXES_COOLOFF_TIME * 60)}
        ),
        str(
            _("Sessies verlopen na %(idle)d minuten zonder activiteit en uiterlijk na %(max)d uur.")
            % {"idle": settings.ZVH_SESSION_IDLE_MINUTES, "max": settings.ZVH_SESSION_MAX_HOURS}
        ),
        str(
            _(
                "Need-to-know: partnerprofessionals zien alleen casussen waaraan hun organisatie "
                "deelneemt, en daarbinnen per informatiecategorie wat de regels van het huis "
                "toestaan; wat iemand niet mag zien, is voor hem afwezig."
            )
        ),
        str(
            _(
                "Elke inzage en wijziging van persoonsgegevens, en elke weigering, staat in een "
                "toegangslog dat niet te wijzigen is (hashketen, databasetriggers) en alleen "
                "interne kenmerken bevat; de privacy officer ziet per persoon wie wat inzag."
            )
        ),
        str(
            _(
                "Koppelingen met partnerapplicaties gebruiken sleutels per organisatie met "
                "beperkte rechten en een limiet op het aantal verzoeken."
            )
        ),
        str(
            _(
                "Documenten staan buiten de webserver en zijn alleen via een gecontroleerde "
                "download bereikbaar."
            )
        ),
        str(
            _(
                "Verkeer alleen versleuteld (HTTPS met HSTS); strikte beveiligingsheaders en "
                "Content-Security-Policy."
            )
        ),
    ]


def processing_register(*, actor: Actor) -> Register:
    """The caller has checked the function; the house is the actor's. Shows no person."""
    house_id = actor.house_id
    if house_id is None:
        raise PermissionError("the processing register needs a house")
    house = House.objects.only("name").get(pk=house_id)
    sharing = sharing_configuration(house_id)
    retention = {entry.kind: entry for entry in retention_configuration(house_id)}
    signal_applications = _signal_applications()
    activities = [
        Processing(
            key=definition.key,
            name=str(definition.name),
            purposes=[str(p) for p in definition.purposes] or sharing.purposes,
            persons=[str(p) for p in definition.persons],
            data=[str(d) for d in definition.data],
            categories=sharing.categories if definition.with_categories else [],
            recipients=[str(r) for r in definition.recipients],
            legal_bases=[
                basis
                for basis in sharing.legal_bases
                if basis.public_task or not definition.public_task_only
            ],
            retention=[retention[subject] for subject in definition.retention],
            signal_applications=signal_applications if definition.signal_recipients else [],
        )
        for definition in DEFINITIONS
    ]
    return Register(
        house=house.name,
        generated_at=timezone.now(),
        activities=activities,
        recipient_groups=_recipient_groups(house_id),
        security=_security(),
        retention_unconfirmed=any(not entry.confirmed for entry in retention.values()),
    )


# --- the download -----------------------------------------------------------------------------

# A cell that starts with one of these is a formula to a spreadsheet: quote it.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _register_rows(register: Register) -> Iterator[tuple[str, str, str]]:
    for activity in register.activities:
        name = activity.name
        for purpose in activity.purposes:
            yield name, str(_("Doel")), purpose
        for person in activity.persons:
            yield name, str(_("Categorie betrokkenen")), person
        for data in activity.data:
            yield name, str(_("Categorie gegevens")), data
        for category in activity.categories:
            yield name, str(_("Informatiecategorie")), f"{category.category}: {category.audience}"
        for recipient in activity.recipients:
            yield name, str(_("Ontvangers")), recipient
        for application in activity.signal_applications:
            yield name, str(_("Partnerapplicatie")), application
        for basis in activity.legal_bases:
            parts = [basis.name, basis.gdpr_basis, basis.special_ground, basis.framework]
            yield name, str(_("Grondslag")), " – ".join(part for part in parts if part)
        for entry in activity.retention:
            term = (
                entry.term
                if entry.confirmed
                else f"{entry.term} ({_('standaard, niet bevestigd')})"
            )
            yield name, str(_("Bewaartermijn")), f"{entry.label}: {term}"
    for group in register.recipient_groups:
        for organisation, party in group.organisations:
            note = (
                str(_("partij bij het privacyconvenant"))
                if party
                else str(_("geen partij bij het privacyconvenant"))
            )
            yield str(_("Ontvangers")), group.kind, f"{organisation} ({note})"
    for measure in register.security:
        yield str(_("Beveiliging")), "", measure


def processing_register_csv(*, actor: Actor) -> tuple[str, bytes]:
    """The register as CSV for a spreadsheet (semicolons and a byte-order mark, as Dutch
    spreadsheet programs expect). Downloading it is recorded as an export."""
    register = processing_register(actor=actor)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(_("Verwerking")), str(_("Onderdeel")), str(_("Inhoud"))])
    for row in _register_rows(register):
        writer.writerow([_cell(value) for value in row])
    audit_record(actor=actor, action=Action.EXPORT, object_type=REGISTER, detail={"format": "csv"})
    filename = f"verwerkingsregister-{timezone.localdate(register.generated_at):%Y-%m-%d}.csv"
    return filename, ("\ufeff" + buffer.getvalue()).encode("utf-8")
