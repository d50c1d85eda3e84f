"""The mayor's briefing: which cases, what of them, the traffic light, the audit, the house
setting, and the bestuurder's start page."""

from __future__ import annotations

from datetime import timedelta
from itertools import product

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import MembershipFactory, MunicipalityFactory, UserFactory
from tests.factories.people import CaseFactory, CasePersonFactory, PersonFactory
from zvh.audit.models import AuditEvent
from zvh.briefing.selectors import Light, initials, traffic_light
from zvh.cases.models import CaseReview, CaseStatus, Escalation, EscalationStatus
from zvh.figures.models import BriefingNames, FigureSettings
from zvh.intake.models import Channel, PriorityList, Referral, Source
from zvh.network.models import Role
from zvh.plans.models import Agreement, AgreementStatus, Plan

URL = reverse("briefing:briefing")


# --- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("escalation", "agreement", "review"), list(product((False, True), repeat=3))
)
def test_the_traffic_light_rule(escalation, agreement, review):
    light = traffic_light(
        open_escalation=escalation, overdue_agreement=agreement, review_overdue=review
    )
    if escalation or (agreement and review):
        assert light == Light.STUCK
    elif agreement or review:
        assert light == Light.ATTENTION
    else:
        assert light == Light.ON_TRACK


def test_initials_hold_no_full_name():
    assert initials("Kevin", "", "Bakker") == "K.B."
    assert initials("Bram Pieter", "van den", "Heuvel") == "B.P.v.d.H."
    assert initials("", "", "") == ""


# --- a house with a mayor of Zwolle --------------------------------------------------------


class Town:
    def __init__(self, world):
        self.world = world
        self.today = timezone.localdate()
        self.zwolle = MunicipalityFactory(name="Zwolle")
        self.kampen = MunicipalityFactory(name="Kampen")
        world.house.municipalities.add(self.zwolle, self.kampen)
        self.mayor = world.user(Role.ADMINISTRATOR)
        self.mayor.organisation.municipality = self.zwolle
        self.mayor.organisation.save()
        self.other_mayor = UserFactory(
            username="burgemeester-2", organisation=self.mayor.organisation
        )
        MembershipFactory(user=self.other_mayor, house=world.house, role=Role.ADMINISTRATOR)
        self.priority_list = PriorityList.objects.create(
            house=world.house, name="Top-X 2026", organisation=world.own_org
        )
        self.persons: dict[str, object] = {}

    def case(
        self,
        number,
        *,
        municipality=None,
        listed=False,
        status=CaseStatus.IN_EXECUTION,
        house=None,
        next_review=None,
        surname=None,
    ):
        house = house or self.world.house
        referral = None
        if listed:
            referral = Referral.objects.create(
                house=house,
                number=f"A-{number}",
                channel=Channel.PRIORITY_LIST,
                source=Source.PRIORITY_LIST,
                referring_organisation=self.world.own_org,
                received_at=timezone.now() - timedelta(days=60),
                reason="Top-X",
                request="Regie",
                priority_list=self.priority_list
                if house == self.world.house
                else PriorityList.objects.create(
                    house=house, name="Andere lijst", organisation=self.world.own_org
                ),
            )
        case = CaseFactory(
            house=house,
            number=number,
            status=status,
            municipality=municipality or self.zwolle,
            origin_referral=referral,
            opened_at=timezone.now() - timedelta(days=50),
            next_review_date=next_review,
        )
        person = PersonFactory(
            house=house, given_names="Kevin", surname=surname or f"Achter{number}"
        )
        CasePersonFactory(case=case, person=person)
        self.persons[number] = person
        return case

    def escalate(self, case, *, to=None, status=EscalationStatus.RAISED):
        coordinator = self.world.user(Role.PROCESS_COORDINATOR)
        return Escalation.objects.create(
            case=case,
            house=case.house,
            status=status,
            reason="partner_not_delivering",
            explanation="Loopt vast",
            proposed_by=coordinator,
            proposed_at=timezone.now() - timedelta(days=3),
            raised_at=timezone.now() - timedelta(days=2)
            if status != EscalationStatus.PROPOSED
            else None,
            addressee=to if status != EscalationStatus.PROPOSED else None,
            closed_at=timezone.now()
            if status in (EscalationStatus.RESOLVED, EscalationStatus.UNRESOLVED)
            else None,
        )

    def overdue_agreement(self, case):
        plan, _ = Plan.objects.get_or_create(case=case)
        coordinator = self.world.user(Role.PROCESS_COORDINATOR)
        return Agreement.objects.create(
            plan=plan,
            case=case,
            house=case.house,
            what="Huisbezoek",
            domain="care",
            owner_organisation=self.world.own_org,
            owner_user=coordinator,
            due_date=self.today - timedelta(days=2),
            status=AgreementStatus.OPEN,
        )

    def review(self, case, held_on):
        return CaseReview.objects.create(
            case=case,
            held_on=held_on,
            author=self.world.user(Role.PROCESS_COORDINATOR),
            next_review_date=held_on + timedelta(days=42),
        )


def enable(house, names=BriefingNames.NONE):
    FigureSettings.objects.update_or_create(
        house=house, defaults={"mayor_briefing_enabled": True, "mayor_briefing_names": names}
    )


@pytest.fixture
def town(world):
    return Town(world)


def _events(object_type):
    return list(AuditEvent.objects.filter(object_type=object_type).order_by("id"))


def test_not_enabled_the_page_says_so_and_shows_nothing(town, client_for):
    town.case("C-LIST", listed=True)
    response = client_for(town.mayor).get(URL)
    assert response.status_code == 200
    assert "staat in dit huis niet aan" in response.content.decode()
    assert "C-LIST" not in response.content.decode()
    event = _events("mayor_briefing")[-1]
    assert event.detail == {"enabled": False}
    assert event.user_id == town.mayor.pk


def test_the_briefing_shows_exactly_the_cases_of_the_municipality_listed_or_escalated_to_them(
    town, world, client_for
):
    enable(world.house)
    listed = town.case("C-LIST", listed=True)
    escalated = town.case("C-ESC")
    town.escalate(escalated, to=town.mayor)
    answered = town.case("C-ANSW")
    town.escalate(answered, to=town.mayor, status=EscalationStatus.RESOLVED)
    # Not shown: not listed, not escalated; closed; another municipality; escalated to another
    # bestuurder; only proposed (not raised to anyone); another house.
    town.case("C-PLAIN")
    town.case("C-CLOSED", listed=True, status=CaseStatus.CLOSED)
    town.case("C-KAMPEN", listed=True, municipality=town.kampen)
    to_other = town.case("C-OTHER-MAYOR")
    town.escalate(to_other, to=town.other_mayor)
    proposed = town.case("C-PROPOSED")
    town.escalate(proposed, status=EscalationStatus.PROPOSED)
    town.case("C-NEXT-HOUSE", listed=True, house=world.other_house)

    response = client_for(town.mayor).get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    shown = {"C-LIST", "C-ESC", "C-ANSW"}
    for number in shown:
        assert number in page
    for number in (
        "C-PLAIN",
        "C-CLOSED",
        "C-KAMPEN",
        "C-OTHER-MAYOR",
        "C-PROPOSED",
        "C-NEXT-HOUSE",
    ):
        assert number not in page
    # No names, not even initials, by default.
    for person in town.persons.values():
        assert person.surname not in page
    assert "K.A" not in page
    event = _events("mayor_briefing")[-1]
    assert set(event.person_ids) == {str(town.persons[n].id) for n in shown}
    assert event.detail["count"] == 3
    assert listed.id  # the listed case is shown by its number only


def test_the_lights_and_the_last_review(town, world, client_for):
    enable(world.house)
    on_track = town.case("C-GREEN", listed=True, next_review=town.today + timedelta(days=10))
    town.review(on_track, town.today - timedelta(days=20))
    town.review(on_track, town.today - timedelta(days=80))
    town.case("C-AMBER", listed=True, next_review=town.today - timedelta(days=1))
    late_agreement = town.case("C-AMBER2", listed=True, next_review=town.today + timedelta(days=9))
    town.overdue_agreement(late_agreement)
    late_and_overdue = town.case("C-RED", listed=True, next_review=town.today - timedelta(days=1))
    town.overdue_agreement(late_and_overdue)
    escalated = town.case("C-ESC", next_review=town.today + timedelta(days=5))
    town.escalate(escalated, to=town.mayor)
    response = client_for(town.mayor).get(URL)
    rows = {row.number: row for row in response.context["briefing"].rows}
    assert rows["C-GREEN"].light == Light.ON_TRACK
    assert rows["C-GREEN"].last_review == town.today - timedelta(days=20)
    assert rows["C-AMBER"].light == Light.ATTENTION
    assert rows["C-AMBER"].last_review is None
    assert rows["C-AMBER2"].light == Light.ATTENTION
    assert rows["C-RED"].light == Light.STUCK
    assert rows["C-ESC"].light == Light.STUCK
    # Worst first, and the light is words and a shape, never colour alone.
    assert [row.number for row in response.context["briefing"].rows][-1] == "C-GREEN"
    page = response.content.decode()
    assert "Vastgelopen" in page and "Aandacht" in page and "Op koers" in page
    assert "<polygon" in page and "<rect" in page and "<circle" in page
    assert "nog geen" in page


def test_initials_only_where_the_house_allows_them(town, world, client_for):
    enable(world.house, names=BriefingNames.INITIALS)
    town.case("C-LIST", listed=True, surname="Bakker")
    page = client_for(town.mayor).get(URL).content.decode()
    assert "K.B." in page
    assert "Bakker" not in page
    assert "Kevin" not in page


def test_a_bestuurder_without_a_municipality_sees_no_cases(town, world, client_for):
    enable(world.house)
    town.case("C-LIST", listed=True)
    town.mayor.organisation.municipality = None
    town.mayor.organisation.save()
    page = client_for(town.mayor).get(URL).content.decode()
    assert "niet aan een gemeente gekoppeld" in page
    assert "C-LIST" not in page


@pytest.mark.parametrize(
    "role", [Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR, Role.STEERING_GROUP_MEMBER]
)
def test_nobody_else_opens_the_briefing(town, world, client_for, role):
    enable(world.house)
    town.case("C-LIST", listed=True)
    assert client_for(world.user(role)).get(URL).status_code == 404


def test_the_briefing_query_count_does_not_grow(
    town, world, client_for, django_assert_max_num_queries
):
    enable(world.house, names=BriefingNames.INITIALS)
    client = client_for(town.mayor)
    for number in range(3):
        town.case(f"C-{number}", listed=True)
    with django_assert_max_num_queries(30) as few:
        client.get(URL)
    for number in range(3, 30):
        case = town.case(f"C-{number}", listed=True)
        town.overdue_agreement(case)
        town.review(case, town.today - timedelta(days=3))
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(URL)
    assert len(response.context["briefing"].rows) == 30
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the start page ------------------------------------------------------------------------


def test_the_bestuurder_start_page_shows_the_briefing_and_the_escalations_waiting(
    town, world, client_for
):
    enable(world.house)
    town.case("C-LIST", listed=True)
    waiting = town.case("C-WAIT", municipality=town.kampen)
    town.escalate(waiting, to=town.mayor)
    answered = town.case("C-DONE")
    town.escalate(answered, to=town.mayor, status=EscalationStatus.RESOLVED)
    response = client_for(town.mayor).get(reverse("web:home"))
    page = response.content.decode()
    assert "Burgemeestersbriefing" in page
    assert "Escalaties die op uw reactie wachten" in page
    assert "C-WAIT" in page  # waiting for them, whatever the municipality
    assert "C-DONE" not in page  # answered: not waiting
    assert "C-LIST" not in page  # the briefing in numbers only
    listed = _events("escalation_list")[-1]
    assert listed.detail["list"] == "waiting_for_addressee"
    assert set(listed.person_ids) == {str(town.persons["C-WAIT"].id)}
    assert _events("mayor_briefing")[-1].detail["count"] == 2


def test_the_start_page_of_others_has_no_briefing(world, client_for):
    page = client_for(world.user(Role.CHAIN_MANAGER)).get(reverse("web:home")).content.decode()
    assert "Burgemeestersbriefing" not in page
