"""An accepted referral becomes a case that carries the referral's facts and a history."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.factories.intake import actor_of
from tests.factories.network import MunicipalityFactory
from zvh.cases.journal import JournalKind
from zvh.cases.models import CaseSettings, CaseStatus, CaseType
from zvh.intake.models import Orientation
from zvh.intake.priority_lists import parse_csv
from zvh.network.models import Role

from .conftest import accepted_case


def test_accepting_carries_over_the_referral(world, coordinator, coordinator_user):
    municipality = MunicipalityFactory(name="Lochem")
    world.house.municipalities.add(municipality)
    case = accepted_case(
        world,
        coordinator,
        orientation=Orientation.AREA,
        municipality_id=municipality.id,
        life_domains=["housing", "finances"],
    )
    referral = case.origin_referral
    assert case.status == CaseStatus.ACCEPTED
    assert case.case_type == CaseType.AREA
    assert case.municipality == municipality
    assert case.referring_organisation == world.own_org
    assert case.life_domains == referral.life_domains == ["finances", "housing"]
    assert set(case.persons.all()) == set(referral.persons.all())
    # The deciding process coordinator coordinates the case; no organisation takes part yet.
    assert case.process_coordinator == coordinator_user
    assert case.case_director is None
    assert not case.participants.exists()
    assert case.next_review_date == timezone.localdate() + timedelta(weeks=6)
    assert case.version == 1


def test_the_opening_is_the_first_transition_and_the_journal_starts_with_the_decision(
    world, coordinator, coordinator_user
):
    case = accepted_case(world, coordinator)
    (opening,) = case.status_changes.all()
    assert (opening.from_status, opening.to_status, opening.by) == (
        "",
        CaseStatus.ACCEPTED,
        coordinator_user,
    )
    entries = list(case.journal.order_by("at", "id"))
    assert [entry.kind for entry in entries] == [JournalKind.TRIAGE_DECISION, JournalKind.OPENED]
    assert entries[0].data["decision"] == "accepted"
    assert entries[0].by == coordinator_user


def test_the_review_date_follows_the_house_cadence(world, coordinator):
    CaseSettings.objects.create(house=world.house, review_cadence_weeks=4)
    case = accepted_case(world, coordinator)
    assert case.next_review_date == timezone.localdate() + timedelta(weeks=4)


def test_a_priority_list_that_bypasses_triage_opens_a_case_without_coordinator(world):
    from zvh.intake.models import TriageSettings
    from zvh.intake.priority_lists import priority_list_import

    TriageSettings.objects.update_or_create(
        house=world.house, defaults={"priority_list_bypass": True}
    )
    professional = world.user(Role.PARTNER_PROFESSIONAL)
    parsed = parse_csv(b"geslachtsnaam;voornamen;geboortedatum\nBakker;Sara;1990-01-02\n")
    assert not parsed.problems, parsed.problems
    priority_list_import(
        actor=actor_of(professional, world.house),
        house=world.house,
        name="Top-X",
        organisation_id=world.own_org.id,
        parsed=parsed,
        only_valid_rows=False,
        referring_user_id=professional.pk,
    )
    case = world.house.cases.get()
    assert case.process_coordinator is None
    assert list(case.journal.values_list("kind", "data")) == [
        (JournalKind.OPENED, {"without_triage": True})
    ]


def test_opening_writes_one_case_event(world, coordinator):
    from zvh.audit.models import AuditEvent

    case = accepted_case(world, coordinator)
    event = AuditEvent.objects.get(object_type="case", action="create", object_id=str(case.id))
    assert event.person_ids == sorted(str(p) for p in case.persons.values_list("id", flat=True))
