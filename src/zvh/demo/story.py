"""The referral story of Regio Noord, told through the real services and parsers.

Every channel is used as a partner would use it: the police refers through the web channel
(`referral_create`, as the form does), a municipality's application sends a JZV melding (the
shipped `fixtures/jzv-melding.json` through the JZV serializer and mapping), and the police
uploads a Top-X list of ten (`fixtures/top-x.csv` through `parse_csv` and
`priority_list_import`). The weegtafel puts them on its agenda and decides three; an acute
referral that arrives after the agenda was built is decided at once by the process coordinator.
The rest of the list stays on the agenda, so the triage screens have something to show.

The story is told once: it has been told when Regio Noord holds the demo's JZV melding (its
`registratienummer` is unique per house, and no screen changes it). See docs/demo.md.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from zvh.accounts.models import User
from zvh.api.models import ApiToken, Scope
from zvh.api.services import api_token_create
from zvh.authz.actor import Actor
from zvh.core.life_domains import LifeDomain
from zvh.intake.models import Behaviour, Channel, Referral, Source, Urgency
from zvh.intake.priority_lists import parse_csv, priority_list_import
from zvh.intake.services import PersonInput, ReferralInput, referral_create
from zvh.jzv.mapping import referral_input_from_melding
from zvh.jzv.serializers import MeldingSerializer
from zvh.network.models import Domain, House, Membership, Municipality, Organisation, Role
from zvh.network.services import house_seed_defaults
from zvh.triage.defaults import DEFAULT_LOCAL_CRITERIA
from zvh.triage.forms import next_session_initial
from zvh.triage.models import Decision, OtherTable, TriageTable
from zvh.triage.selectors import active_local_criteria
from zvh.triage.services import (
    DecisionInput,
    TableInput,
    agenda_build,
    derive_for,
    triage_decide,
    triage_session_create,
    triage_table_create,
)

from . import data

FIXTURES = Path(__file__).resolve().parent / "fixtures"
JZV_MELDING = FIXTURES / "jzv-melding.json"
TOP_X_CSV = FIXTURES / "top-x.csv"

POLICE = "demo-partner-politie"
MUNICIPALITY = "demo-partner-gemeente"
COORDINATOR = "demo-procesregisseur"
ADMIN = "demo-beheerder"
MUNICIPALITY_ORGANISATION = "gemeente-zwolle"
API_TOKEN_NAME = "Zaaksysteem sociaal domein (JZV Meldingen)"  # noqa: S105 - a name, no secret
TABLE_NAME = "Weegtafel Regio Noord"
TABLE_WEEKDAY = 1  # Tuesday
TABLE_START = time(10, 0)
TABLE_CUTOFF_HOURS = 24
TABLE_ORGANISATIONS = (
    "politie-noord",
    "om-noord",
    "reclassering",
    "ggz-noord",
    "vt-noord",
    "gemeente-zwolle",
    "wijkteam-zwolle",
    "wijkteam-deventer",
)
PRIORITY_LIST_NAME = "Top-X Regio Noord"
# The list entry the weegtafel refers to Veilig Thuis: domestic violence comes first.
VEILIG_THUIS_SURNAME = "Zandbergen"
ALL_LOCAL_CRITERIA = frozenset(name for name, _explanation in DEFAULT_LOCAL_CRITERIA)


@dataclass(frozen=True)
class WebReferral:
    """A referral as a professional fills in the web form (intake.views.referral_create_view)."""

    username: str
    person: PersonInput
    municipality: str  # CBS code
    reason: str
    request: str
    life_domains: tuple[LifeDomain, ...]
    behaviour: Behaviour
    chains_involved: tuple[Domain, ...]
    system_impact: bool
    local_approach_stuck: bool
    urgency: Urgency
    contact: str


_L = LifeDomain

POLICE_REFERRAL = WebReferral(
    username=POLICE,
    person=PersonInput(
        surname="Visser",
        given_names="Youri",
        date_of_birth=date(1997, 2, 18),
        bsn=data.FICTIONAL_BSNS[data.FICTIONAL_BSN_OFFSET + 50],
        street="Pannekoekendijk",
        house_number="27",
        postcode="8011 ML",
        city="Zwolle",
    ),
    municipality="GM0193",
    reason=(
        "Youri Visser is sinds de zomer vijf keer aangehouden voor vernielingen en bedreiging "
        "in en rond de woning van zijn moeder. Hij gebruikt dagelijks cocaïne, heeft schulden "
        "bij meerdere partijen en is zijn kamer kwijt. Moeder en zus durven hem niet meer binnen "
        "te laten; bij het laatste incident is een mes gezien. Wijkagent, verslavingszorg en "
        "het wijkteam werken elk apart, zonder gezamenlijk plan."
    ),
    request=(
        "Regie op één gezamenlijk plan voor zorg, straf en een woonplek, en bescherming van "
        "moeder en zus."
    ),
    life_domains=(
        _L.FINANCES,
        _L.HOUSING,
        _L.MENTAL_HEALTH,
        _L.SUBSTANCE_USE,
        _L.DOMESTIC_RELATIONS,
        _L.JUSTICE,
    ),
    behaviour=Behaviour.PRESENT,
    chains_involved=(Domain.CRIMINAL_JUSTICE, Domain.CARE, Domain.SOCIAL),
    system_impact=True,  # mother and sister no longer dare to let him in
    local_approach_stuck=False,
    urgency=Urgency.REGULAR,
    contact="Bas Mulder, wijkagent Zwolle-Zuid, bas.mulder@example.org",
)

ACUTE_REFERRAL = WebReferral(
    username=MUNICIPALITY,
    person=PersonInput(
        surname="Mensink",
        given_names="Gerard",
        date_of_birth=date(1968, 4, 22),
        bsn=data.FICTIONAL_BSNS[data.FICTIONAL_BSN_OFFSET + 52],
        street="Oudestraat",
        house_number="144",
        postcode="8261 CL",
        city="Kampen",
    ),
    municipality="GM0166",
    reason=(
        "Meneer Mensink wordt vrijdag uit zijn woning gezet. Hij heeft de buren en de "
        "deurwaarder bedreigd en gezegd dat hij 'alles in brand steekt' als ze komen. Hij is "
        "achterdochtig, slaapt nauwelijks en weigert contact met de huisarts en de GGZ."
    ),
    request=(
        "Vóór vrijdag afstemming tussen gemeente, woningcorporatie, GGZ en politie over de "
        "ontruiming en de veiligheid van buren en hulpverleners."
    ),
    life_domains=(_L.HOUSING, _L.FINANCES, _L.MENTAL_HEALTH, _L.SOCIAL_NETWORK),
    behaviour=Behaviour.EXPECTED,
    chains_involved=(Domain.CARE, Domain.ADMINISTRATIVE, Domain.CRIMINAL_JUSTICE),
    system_impact=False,
    local_approach_stuck=True,
    urgency=Urgency.ACUTE,
    contact="Eva Scholten, Gemeente Zwolle, team Zorg en Veiligheid, eva.scholten@example.org",
)


@dataclass(frozen=True)
class DemoApiToken:
    prefix: str
    secret: str | None  # "<prefix>.<secret>", only from the run that created it
    organisation_name: str
    house_name: str
    registratienummer: str  # the demo melding's, for trying the outcome endpoint


def jzv_melding() -> dict[str, Any]:
    with JZV_MELDING.open(encoding="utf-8") as file:
        return json.load(file)


def story_tell(
    *,
    houses: dict[str, House],
    organisations: dict[str, Organisation],
    municipalities: dict[str, Municipality],
) -> DemoApiToken:
    """Seeds the houses' defaults, gives the municipality its API key and, the first time,
    tells the referral story. Returns the key (with its secret only when created now)."""
    for house in houses.values():
        # What a house made by house_create starts with: criteria, themes, step-down
        # criteria and legal bases (the demo makes its houses itself).
        house_seed_defaults(house=house)
    house = houses[data.NOORD]
    token, secret = demo_api_token(
        house,
        organisations[MUNICIPALITY_ORGANISATION],
        name=API_TOKEN_NAME,
        scope=Scope.REFERRALS_WRITE,
    )
    melding = jzv_melding()
    told = Referral.objects.filter(
        house=house, channel=Channel.JZV, external_id=melding["registratienummer"]
    ).exists()
    if not told:
        _tell(house, organisations, municipalities, token, melding)
    return DemoApiToken(
        prefix=token.prefix,
        secret=secret,
        organisation_name=token.organisation.name,
        house_name=house.name,
        registratienummer=melding["registratienummer"],
    )


def demo_api_token(
    house: House, organisation: Organisation, *, name: str, scope: Scope
) -> tuple[ApiToken, str | None]:
    """The organisation's active key of this name, made if missing; the secret only then."""
    existing = ApiToken.objects.filter(
        house=house, organisation=organisation, name=name, is_active=True
    ).first()
    if existing is not None:
        return existing, None  # only the hash is stored: the secret cannot be shown again
    return api_token_create(house=house, organisation=organisation, name=name, scopes=[scope])


def _tell(
    house: House,
    organisations: dict[str, Organisation],
    municipalities: dict[str, Municipality],
    token: ApiToken,
    melding: dict[str, Any],
) -> None:
    coordinator = user_actor(COORDINATOR, house)
    police = user_actor(POLICE, house)
    web = _web_referral(house, POLICE_REFERRAL, municipalities)
    jzv = _jzv_referral(house, token, melding)
    top_x = _priority_list(house, police)

    table = triage_table_create(
        actor=user_actor(ADMIN, house),
        data=TableInput(
            name=TABLE_NAME,
            weekday=TABLE_WEEKDAY,
            start_time=TABLE_START,
            agenda_cutoff_hours=TABLE_CUTOFF_HOURS,
            organisations=[organisations[key] for key in TABLE_ORGANISATIONS],
        ),
    )
    session = triage_session_create(
        actor=coordinator, table=table, starts_at=next_session_with_open_agenda(table)
    )
    agenda_build(actor=coordinator, session=session)

    _decide(
        coordinator,
        web,
        Decision.ACCEPTED,
        session_id=session.id,
        local_met=ALL_LOCAL_CRITERIA,
        motivation=(
            "Voldoet aan C1, C2 en C3a: problemen op zes leefgebieden met geweld, drie ketens "
            "nodig, en moeder en zus zijn erbij betrokken. Alle lokale criteria zijn vervuld."
        ),
    )
    _decide(
        coordinator,
        jzv,
        Decision.NOT_ACCEPTED,
        session_id=session.id,
        local_met=ALL_LOCAL_CRITERIA - {"Dreiging"},
        motivation=(
            "Geen complexe casus: één keten (het sociaal domein) kan dit oppakken, er zijn "
            "geen strafbare feiten bekend en de lokale aanpak is nog niet vastgelopen."
        ),
        advice=(
            "Zet het sociaal wijkteam in met schuldhulpverlening en bespreek de overlast samen "
            "met Woonstichting De Vechtoever. Meld opnieuw aan als de overlast escaleert of de "
            "lokale aanpak vastloopt."
        ),
    )
    _decide(
        coordinator,
        top_x.get(persons__surname=VEILIG_THUIS_SURNAME),
        Decision.REFERRED_ELSEWHERE,
        session_id=session.id,
        local_met=ALL_LOCAL_CRITERIA - {"Beïnvloedbaar"},
        referred_to=OtherTable.VEILIG_THUIS,
        motivation=(
            "Het huiselijk geweld staat voorop, met jonge kinderen in huis: Veilig Thuis is aan "
            "zet. Het huis sluit aan als Veilig Thuis opschaalt."
        ),
    )
    # It arrives after the agenda was built, and cannot wait until the session.
    acute = _web_referral(house, ACUTE_REFERRAL, municipalities)
    _decide(
        coordinator,
        acute,
        Decision.ACCEPTED,
        session_id=None,
        local_met=ALL_LOCAL_CRITERIA,
        motivation=(
            "Acuut: ontruiming vrijdag en een concrete dreiging. C1 en C2 zijn vervuld en de "
            "lokale aanpak is vastgelopen (C4). Casusoverleg vóór donderdag."
        ),
    )


def user_actor(username: str, house: House) -> Actor:
    """The actor this user's requests in this house have (see authz.request)."""
    user = User.objects.get(username=username)
    roles = Membership.objects.filter(user=user, house=house).values_list("role", flat=True)
    return Actor(
        user_id=user.pk,
        organisation_id=user.organisation_id,
        house_id=house.id,
        roles=frozenset(roles),
    )


def _application_actor(token: ApiToken) -> Actor:
    """The actor a call with this API token has (see authz.request)."""
    return Actor(
        user_id=None,
        organisation_id=token.organisation_id,
        house_id=token.house_id,
        roles=frozenset({Role.PARTNER_PROFESSIONAL}),
        api_token_id=token.id,
        scopes=frozenset(token.scopes),
    )


def _web_referral(
    house: House, spec: WebReferral, municipalities: dict[str, Municipality]
) -> Referral:
    """What the web form hands to the service (intake.views.referral_create_view)."""
    actor = user_actor(spec.username, house)
    return referral_create(
        actor=actor,
        house=house,
        data=ReferralInput(
            channel=Channel.WEB,
            source=Source.PARTNER,
            referring_organisation_id=actor.organisation_id,  # type: ignore[arg-type]
            referring_user_id=actor.user_id,
            referrer_contact=spec.contact,
            persons=[spec.person],
            reason=spec.reason,
            request=spec.request,
            municipality_id=municipalities[spec.municipality].id,
            life_domains=[domain.value for domain in spec.life_domains],
            behaviour=spec.behaviour,
            chains_involved=[chain.value for chain in spec.chains_involved],
            system_impact=spec.system_impact,
            local_approach_tried=True,
            local_approach_stuck=spec.local_approach_stuck,
            urgency=spec.urgency,
        ),
    ).referral


def _jzv_referral(house: House, token: ApiToken, melding: dict[str, Any]) -> Referral:
    """What POST /api/jzv/v1/meldingen does with the message (jzv.views)."""
    serializer = MeldingSerializer(data=melding)
    serializer.is_valid(raise_exception=True)
    data = referral_input_from_melding(
        serializer.validated_data, organisation_id=token.organisation_id, raw=melding
    )
    return referral_create(actor=_application_actor(token), house=house, data=data).referral


def _priority_list(house: House, police: Actor) -> QuerySet[Referral]:
    """What the upload page does with the file: the whole list, or nothing."""
    imported = priority_list_import(
        actor=police,
        house=house,
        name=PRIORITY_LIST_NAME,
        organisation_id=police.organisation_id,  # type: ignore[arg-type]
        parsed=parse_csv(TOP_X_CSV.read_bytes()),
        only_valid_rows=False,
        referring_user_id=police.user_id,
    )
    return imported.priority_list.referrals.all()


def next_session_with_open_agenda(table: TriageTable, *, now: datetime | None = None) -> datetime:
    """The table's next meeting whose agenda is still open, so today's referrals go on it."""
    now = now or timezone.now()
    day: date = next_session_initial(table, today=timezone.localdate(now))["date"]
    while True:
        starts_at = timezone.make_aware(datetime.combine(day, table.start_time))
        if starts_at - timedelta(hours=table.agenda_cutoff_hours) > now:
            return starts_at
        day += timedelta(weeks=1)


def _decide(
    actor: Actor,
    referral: Referral,
    decision: Decision,
    *,
    session_id: uuid.UUID | None,
    local_met: frozenset[str],
    motivation: str,
    advice: str = "",
    referred_to: str = "",
) -> None:
    """As the decision form records it: the rule's suggestion confirmed as it stands, and each
    local criterion answered (met when its name is in `local_met`)."""
    triage_decide(
        actor=actor,
        referral=referral,
        data=DecisionInput(
            answers=derive_for(referral).answers,
            decision=decision,
            motivation=motivation,
            local_answers={
                str(criterion.id): criterion.name in local_met
                for criterion in active_local_criteria(referral.house_id)
            },
            advice=advice,
            referred_to=referred_to,
            session_id=session_id,
        ),
    )
