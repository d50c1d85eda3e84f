"""The house side of the national monitor: the pre-fill from the house's own work (every
computed answer exactly, another house's rows not counted), the profile's versions and its
concurrency conflict, an override that needs a reason and keeps both values, submit that
validates and freezes, the export, and house isolation."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import flow
from tests.factories.intake import actor_of
from tests.factories.network import MunicipalityFactory, OrganisationFactory, PartnershipFactory
from tests.factories.registers import AdviceFactory
from zvh.audit.models import Action, AuditEvent
from zvh.conferences.models import ConferenceKind, ConferenceStatus
from zvh.core.concurrency import StaleObjectError
from zvh.covenants.models import Covenant, CovenantKind, CovenantStatus
from zvh.monitor import prefill, services
from zvh.monitor.models import Answer, Provenance, Questionnaire
from zvh.network.models import OrganisationKind, Role
from zvh.triage.models import SessionStatus, TriageSession, TriageTable

YEAR = 2025
CHAIN = Role.CHAIN_MANAGER
QUERY_BUDGET = 15  # the year page: session, access log, one query for all 43 answers


def at(month: int, day: int = 10, year: int = YEAR) -> datetime:
    return timezone.make_aware(datetime.combine(date(year, month, day), time(10)))


# --- the arithmetic, without the database ---


def test_largest_remainder_sums_to_exactly_100_with_ties_in_key_order():
    keys = ("a", "b", "c", "d")
    assert prefill.largest_remainder({"a": 1, "b": 1, "c": 1}, keys) == {
        "a": 34,
        "b": 33,
        "c": 33,
        "d": 0,
    }
    assert prefill.largest_remainder({}, keys) is None


@pytest.mark.parametrize(
    ("active", "total", "band"),
    [
        (4, 4, "all"),
        (3, 4, "over_half"),
        (2, 4, "quarter_to_half"),
        (1, 4, "quarter_to_half"),
        (1, 5, "under_quarter"),
        (0, 4, "none"),
    ],
)
def test_municipal_band(active, total, band):
    assert prefill.municipal_band(active, total) == band


# --- the pre-fill from a house with known work ---


def _build(world):
    house, other = world.house, world.other_house
    house.monitor_code = "TST"
    house.save()
    m1, m2, m3 = MunicipalityFactory(), MunicipalityFactory(), MunicipalityFactory()
    house.municipalities.add(m1, m2, m3)  # four with the seat
    other.municipalities.add(m2)
    seat_org = OrganisationFactory(
        kind=OrganisationKind.MUNICIPALITY, municipality=house.seat_municipality
    )
    m1_org = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=m1)
    m2_org = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=m2)
    veilig_thuis = OrganisationFactory(kind=OrganisationKind.VEILIG_THUIS, name="VT Regio")
    victims = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT, name="Slachtofferhulp")
    for organisation in (veilig_thuis, victims, m1_org):
        PartnershipFactory(house=house, organisation=organisation)
    police = world.own_org  # kind police, partner of both houses (as is other_org)
    for month in (1, 2, 3):
        flow.referral(house=house, organisation=police, received_at=at(month))
    for month in (4, 5):
        flow.referral(house=house, organisation=veilig_thuis, received_at=at(month))
    flow.referral(house=house, organisation=seat_org, received_at=at(6))
    flow.referral(house=house, organisation=m1_org, received_at=at(7))
    flow.referral(house=house, organisation=m2_org, received_at=at(6, year=YEAR - 1))
    flow.referral(house=other, organisation=m2_org, received_at=at(6))  # another house's
    cases = [flow.case(house=house, opened_at=at(month)) for month in (2, 3, 4)]
    flow.held_conference(house=house, starts_at=at(5), cases=cases[:2])
    cancelled = flow.held_conference(house=house, starts_at=at(6), cases=cases[2:], held=False)
    cancelled.status = ConferenceStatus.CANCELLED
    cancelled.save()
    thematic = flow.held_conference(house=house, starts_at=at(8), cases=[])
    thematic.kind = ConferenceKind.TARGET_GROUP
    thematic.save()
    cancelled_thematic = flow.held_conference(house=house, starts_at=at(9), cases=[], held=False)
    cancelled_thematic.kind = ConferenceKind.TARGET_GROUP
    cancelled_thematic.status = ConferenceStatus.CANCELLED
    cancelled_thematic.save()
    flow.held_conference(house=other, starts_at=at(8), cases=[])
    flow.held_conference(house=other, starts_at=at(9), cases=[])
    table = TriageTable.objects.create(
        house=house, name="Triagetafel", weekday=1, start_time=time(9)
    )
    table.organisations.add(veilig_thuis)
    decider = world.user(Role.PROCESS_COORDINATOR)
    referral = flow.referral(house=house, organisation=police, received_at=at(1, 2))
    for month in range(1, 7):
        session = TriageSession.objects.create(
            house=house,
            table=table,
            starts_at=at(month),
            agenda_cutoff_at=at(month, 9),
            status=SessionStatus.CLOSED,
        )
        if month <= 3:
            session.participant_organisations.add(veilig_thuis)
        flow.assessment(
            referral=referral,
            decided_at=at(month),
            decided_by=decider,
            session=session,
            is_current=month == 6,
        )
    TriageSession.objects.create(
        house=house, table=table, starts_at=at(9), agenda_cutoff_at=at(9, 9)
    )  # planned: does not count
    for month in (1, 2, 3):
        AdviceFactory(house=house, given_on=date(YEAR, month, 5))
    for month in range(4, 13):
        AdviceFactory(house=other, given_on=date(YEAR, month, 5))
    Covenant.objects.create(
        house=house,
        kind=CovenantKind.COOPERATION,
        title="Convenant 2023",
        signed_on=date(2023, 5, 1),
        status=CovenantStatus.SIGNED,
    )
    Covenant.objects.create(
        house=house,
        kind=CovenantKind.COOPERATION,
        title="Convenant 2026",
        signed_on=date(2026, 2, 1),
        status=CovenantStatus.SIGNED,
    )
    Covenant.objects.create(
        house=other,
        kind=CovenantKind.PRIVACY,
        title="Buur",
        signed_on=date(2024, 5, 1),
        status=CovenantStatus.SIGNED,
    )


@pytest.fixture
def built(world):
    _build(world)
    return world


def test_every_computed_answer_from_the_house_s_own_work(built):
    world = built
    answers = prefill.computed_answers(world.house, YEAR)
    values = {key: found.value for key, found in answers.items()}
    assert values["id"] == "TST"
    assert values["name"] == world.house.name
    assert values["central_municipality"] == world.house.seat_municipality.name
    assert values["municipalities_count"] == 4
    counts = dict.fromkeys(values["partner_org_counts"], 0) | {"police": 2, "other": 2}
    assert values["partner_org_counts"] == counts  # the municipality's organisation left out
    assert "Slachtofferhulp" in answers["partner_org_counts"].detail
    assert values["cooperation_covenant_status"] == "signed"
    assert values["cooperation_covenant_year"] == 2023  # the 2026 one is after the year
    assert values["privacy_covenant_status"] == "none"  # the other house's does not count
    assert values["privacy_covenant_year"] is None
    # 8 referrals: police 4 (one for the triage), Veilig Thuis 2, municipalities 2.
    shares = dict.fromkeys(values["inflow_share_pct"], 0)
    assert values["inflow_share_pct"] == shares | {
        "police": 50,
        "veilig_thuis": 25,
        "municipality_cjg": 25,
    }
    assert values["municipalities_active_in_referral"] == "quarter_to_half"
    assert answers["municipalities_active_in_referral"].detail == "2 van 4 gemeenten"
    assert values["casus_op_maat"] == "fully_implemented"  # 2 of 3 cases discussed
    assert "1 overleggen; 2 van 3" in answers["casus_op_maat"].detail
    assert values["thematic_case_meetings"] is True
    assert answers["thematic_case_meetings"].detail == "1 doelgroepoverleggen"
    assert values["triage_in_house"] == "important_task"  # six months
    assert values["triage_partners_structurally_involved"] is True  # 3 of 6 sessions
    assert values["expert_function"] == "occasionally"  # 3 months; not the other house's 9
    assert all(found.definition for found in answers.values())
    quiet = prefill.computed_answers(world.house, YEAR - 2)
    assert set(quiet["inflow_share_pct"].value.values()) == {None}
    assert quiet["casus_op_maat"].value == "not_implemented"
    assert quiet["triage_in_house"].value == "no"
    assert quiet["triage_partners_structurally_involved"].value is False


# --- profile, questionnaire, submit, export ---

PROFILE = {
    "preparation_group": "yes",
    "cooperation_driver": "house_manager",
    "paying_municipalities": 3,
    "cofinancing_key": "inhabitants",
    "budget_total_eur": 800_000,
    "national_contribution_eur": 400_000,
    "municipal_contribution_eur": 300_000,
    "fte_total": 6.5,
    "fte_chain_manager": 1.0,
    "fte_process_management": 3.5,
    "fte_information_admin": 1.0,
    "fte_other": 1.0,
    "complex_case_definition": "national",
    "steering_group_composition": "Burgemeesters en directeuren",
}


def test_profile_versions_and_a_form_on_an_older_version_changes_nothing(world, client_for):
    actor = actor_of(world.user(CHAIN), world.house)
    first = services.profile_save(
        actor=actor, based_on=0, valid_from=date(YEAR, 1, 1), values=PROFILE
    )
    assert first.number == 1
    assert first.values["other_contributions_eur"] == 100_000
    second = services.profile_save(
        actor=actor,
        based_on=1,
        valid_from=date(YEAR, 6, 1),
        values=PROFILE | {"cooperation_driver": "other"},
        note="Nieuwe trekker",
    )
    assert second.number == 2
    with pytest.raises(StaleObjectError):
        services.profile_save(actor=actor, based_on=1, valid_from=date(YEAR, 7, 1), values=PROFILE)
    assert services.current_profile(world.house.id).number == 2
    with pytest.raises(ValidationError) as error:
        services.profile_save(
            actor=actor,
            based_on=2,
            valid_from=date(YEAR, 7, 1),
            values=PROFILE | {"fte_other": 2.0},
        )
    assert "fte_total" in error.value.message_dict
    client = client_for(world.user(CHAIN))
    stale = client.post(
        reverse("monitor:profile_edit"),
        {
            "based_on": "1",
            "valid_from": f"{YEAR}-08-01",
            "preparation_group": "no_organised_otherwise",
        },
    )
    assert stale.status_code == 409
    assert "Het profiel is gewijzigd nadat u het opende" in stale.content.decode()
    assert services.current_profile(world.house.id).number == 2
    history = client.get(reverse("monitor:profile")).content.decode()
    newest = history.split("<tbody>")[-1].split("</tr>")[0]
    assert "Trekker van de bestuurlijke samenwerking" in newest
    assert "Aantal betalende gemeenten" not in newest and "Nieuwe trekker" in newest


def test_the_questionnaire_override_submit_freeze_and_export(
    built, client_for, django_assert_max_num_queries
):
    world = built
    user = world.user(CHAIN)
    actor = actor_of(user, world.house)
    services.profile_save(actor=actor, based_on=0, valid_from=date(YEAR, 1, 1), values=PROFILE)
    questionnaire = services.questionnaire_start(actor=actor, year=YEAR)
    answers = {a.key: a for a in questionnaire.answers.all()}
    assert answers["casus_op_maat"].provenance == Provenance.COMPUTED
    assert answers["budget_total_eur"].provenance == Provenance.PROFILE
    assert answers["budget_total_eur"].entered_by == user
    assert answers["goal_statement"].provenance == Provenance.UNKNOWN
    with pytest.raises(ValidationError) as error:
        services.answer_update(
            actor=actor,
            questionnaire=questionnaire,
            key="casus_op_maat",
            expected_version=1,
            value="limited",
        )
    assert "reason" in error.value.message_dict
    services.answer_update(
        actor=actor,
        questionnaire=questionnaire,
        key="casus_op_maat",
        expected_version=1,
        value="limited",
        reason="Alleen in één gemeente.",
    )
    changed = Answer.objects.get(questionnaire=questionnaire, key="casus_op_maat")
    assert (changed.value, changed.computed_value) == ("limited", "fully_implemented")
    assert changed.provenance == Provenance.ENTERED and changed.entered_by == user

    client = client_for(user)
    bad = client.post(
        reverse("monitor:answer_edit", args=[YEAR, "inflow_share_pct"]),
        {"share_police": "150", "share_other": "veel", "version": "2"},
    )
    assert bad.status_code == 400
    assert 'class="error-summary"' in bad.content.decode()
    inflow = Answer.objects.get(questionnaire=questionnaire, key="inflow_share_pct")
    assert inflow.provenance == Provenance.COMPUTED and inflow.value["police"] == 50
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(reverse("monitor:year", args=[YEAR])).status_code == 200
    url = reverse("monitor:submit", args=[YEAR])
    response = client.post(url, {"version": "2"})
    assert response.status_code == 400  # unanswered questions: nothing submitted
    assert "Stelling" in response.content.decode()
    questionnaire.refresh_from_db()
    assert not questionnaire.is_submitted
    fill = {
        "goal_statement": "neutral",
        "complex_case_opinion_differences": "no",
        "complex_case_reach_status": "dont_know",
        "new_tasks_since_framework": False,
        "municipalities_contributed_to_vision": "all",
        "municipalities_own_process_direction": "none",
        "agenda_alignment": "no",
        "external_triage_procedure": "no",
    }
    version = questionnaire.version
    for key, value in fill.items():
        services.answer_update(
            actor=actor, questionnaire=questionnaire, key=key, expected_version=version, value=value
        )
        version += 1
    response = client.post(url, {"version": str(version)})
    assert response.status_code == 302, response.content.decode()[:3000]
    questionnaire.refresh_from_db()
    assert questionnaire.is_submitted and questionnaire.record["casus_op_maat"] == "limited"
    with pytest.raises(ValidationError):
        services.answer_update(
            actor=actor,
            questionnaire=questionnaire,
            key="goal_statement",
            expected_version=questionnaire.version,
            value="strongly_agree",
        )
    page = client.get(reverse("monitor:answer_edit", args=[YEAR, "goal_statement"]))
    assert "<form" not in page.content.decode().split("<main", 1)[-1].split("</main>")[0]

    export = client.get(reverse("monitor:export", args=[YEAR]))
    assert export.status_code == 200
    from zvh.monitor.exchange.records import parse_year, validate_record

    record = json.loads(export.content)
    assert validate_record(record) == []
    assert parse_year(json.dumps([record]), year=YEAR)[0]["id"] == "TST"
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, object_type="monitor_questionnaire"
    ).exists()

    neighbour = client_for(world.users[f"{CHAIN.value}:own:other"])
    assert neighbour.get(reverse("monitor:year", args=[YEAR])).status_code == 404
    assert neighbour.get(reverse("monitor:export", args=[YEAR])).status_code == 404
    assert Questionnaire.objects.filter(house=world.other_house).count() == 0
