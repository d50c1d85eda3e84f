"""A house with a signed privacy covenant (the own organisation is a party, the other
organisation is not), an active confidentiality declaration, and two open cases:

- case A: both organisations take part;
- case B: only the own organisation takes part.

The other organisation's professional is therefore the non-covenant attendee who must accept
the declaration first, and who may see case A but never case B.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.factories.intake import actor_of
from tests.factories.people import (
    CaseFactory,
    CaseParticipantFactory,
    CasePersonFactory,
    PersonFactory,
)
from zvh.authz.actor import Actor
from zvh.cases.models import Case, Theme
from zvh.conferences import services
from zvh.conferences.models import Conference, ConferenceKind, ConfidentialityDeclaration
from zvh.covenants.models import Covenant, CovenantKind, CovenantStatus
from zvh.network.models import Role

DECLARATION_TEXT = "Ik houd geheim wat ik in dit overleg hoor."


def later(days: int = 3, hour: int = 10) -> datetime:
    """A moment in the future, on the hour, in the house's time zone."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def schedule(days: int = 3, **overrides) -> services.Schedule:
    start = later(days)
    values = {
        "starts_at": start,
        "ends_at": start + timedelta(hours=1, minutes=30),
        "location": "Stadhuis, zaal 2",
        "video_link": "",
    }
    values.update(overrides)
    return services.Schedule(**values)


def begin(conference: Conference) -> None:
    """Moves the conference to "started a minute ago" (planning in the past is refused)."""
    now = timezone.now()
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=now - timedelta(minutes=1), ends_at=now + timedelta(hours=1)
    )
    conference.refresh_from_db()


def make_case(world, *, surname: str, organisations) -> Case:
    case = CaseFactory(house=world.house, opened_at=timezone.now() - timedelta(days=30))
    CasePersonFactory(
        case=case,
        person=PersonFactory(
            house=world.house, surname=surname, given_names="Kim", date_of_birth=date(1990, 5, 1)
        ),
    )
    for organisation in organisations:
        CaseParticipantFactory(case=case, organisation=organisation)
    return case


@pytest.fixture
def coordinator(world) -> Actor:
    return actor_of(world.user(Role.PROCESS_COORDINATOR), world.house)


@pytest.fixture
def own_professional(world):
    return world.user(Role.PARTNER_PROFESSIONAL, org="own")


@pytest.fixture
def outsider(world):
    """The other organisation's professional: no covenant party."""
    return world.user(Role.PARTNER_PROFESSIONAL, org="other")


@pytest.fixture
def covenant(world) -> Covenant:
    covenant = Covenant.objects.create(
        house=world.house,
        kind=CovenantKind.PRIVACY,
        title="Privacyconvenant ZVH",
        document_version="3.0",
        signed_on=timezone.localdate() - timedelta(days=100),
        status=CovenantStatus.SIGNED,
    )
    covenant.parties.add(world.own_org)
    return covenant


@pytest.fixture
def declaration(world, covenant) -> ConfidentialityDeclaration:
    return ConfidentialityDeclaration.objects.create(
        house=world.house, version=1, text=DECLARATION_TEXT, active=True
    )


@pytest.fixture
def case_a(world) -> Case:
    return make_case(world, surname="Jansen", organisations=[world.own_org, world.other_org])


@pytest.fixture
def case_b(world) -> Case:
    return make_case(world, surname="Visser", organisations=[world.own_org])


@pytest.fixture
def theme(world) -> Theme:
    return Theme.objects.create(house=world.house, code="aftercare", name="Nazorg")


@pytest.fixture
def target_conference(
    world, coordinator, declaration, case_a, case_b, theme, own_professional, outsider
) -> Conference:
    """A target-group conference with both cases on the agenda and both professionals
    invited."""
    conference = services.conference_create(
        actor=coordinator,
        data=services.ConferenceInput(
            kind=ConferenceKind.TARGET_GROUP,
            schedule=schedule(),
            theme=theme,
            invitees=[own_professional, outsider],
        ),
    )
    services.agenda_add(actor=coordinator, conference=conference, cases=[case_a, case_b])
    conference.refresh_from_db()
    return conference


@pytest.fixture
def case_conference(world, coordinator, declaration, case_a, outsider) -> Conference:
    """A Casus op Maat for case A, with the non-covenant professional invited."""
    return services.conference_create(
        actor=coordinator,
        data=services.ConferenceInput(
            kind=ConferenceKind.CASE, schedule=schedule(), case=case_a, invitees=[outsider]
        ),
    )
