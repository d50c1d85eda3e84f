"""`apply_retention`: what goes, what stays, the deletion log, the dry run, the refusal."""

from __future__ import annotations

import datetime
import json
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.db.models import ProtectedError
from django.utils import timezone

from tests.factories.intake import actor_of, make_referral
from tests.factories.network import HouseFactory
from tests.factories.people import CaseFactory, CasePersonFactory, PersonFactory
from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import Case, CaseJournalEntry, CasePerson, CaseStatus, Escalation
from zvh.conferences.models import AgendaItem as ConferenceItem
from zvh.conferences.models import Conference, ConferenceKind
from zvh.escalation.services import EscalationInput, escalation_propose
from zvh.intake.models import Referral, ReferralStatus, ReferralTransfer
from zvh.intake.services import PersonInput, referral_forward
from zvh.notifications.models import Notification
from zvh.people.models import Person
from zvh.plans.models import Agreement, Plan
from zvh.retention.models import DeletionLogEntry, RetentionKind, RetentionRun, RetentionTerm
from zvh.sharing.models import Consent, InformationItem
from zvh.triage.criteria import CriteriaAnswers
from zvh.triage.models import AgendaItem as TriageItem
from zvh.triage.models import Assessment, Decision
from zvh.triage.services import DecisionInput, triage_decide

from .support import apply_retention, confirm_terms, database_state, frozen_clock, months_later

pytestmark = pytest.mark.django_db

COMPLEX = CriteriaAnswers(c1=True, c2=True, c3a=True, c3b=False, c4=False)
NOT_COMPLEX = CriteriaAnswers(c1=False, c2=True, c3a=False, c3b=False, c4=False)


def _close(case: Case, at: datetime.datetime | None = None) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=at or timezone.now())


def _decide(world, referral: Referral, decision: Decision) -> Assessment:
    """An acute decision outside a session, through the real service."""
    Referral.objects.filter(pk=referral.pk).update(urgency="acute")
    referral.refresh_from_db()
    return triage_decide(
        actor=actor_of(world.user("process_coordinator"), world.house),
        referral=referral,
        data=DecisionInput(
            answers=COMPLEX if decision == Decision.ACCEPTED else NOT_COMPLEX,
            decision=decision,
            motivation="Afgewogen",
            advice="Sociaal team inschakelen",
        ),
    )


def _person_of(referral: Referral) -> Person:
    return referral.persons.get()


# --- refusal and dry run ----------------------------------------------------------------------


def test_without_every_term_confirmed_it_refuses_and_names_what_is_missing(world):
    case = CaseFactory(house=world.house)
    _close(case, timezone.now() - datetime.timedelta(days=3650))
    confirm_terms()
    RetentionTerm.objects.filter(house=world.house, kind=RetentionKind.AUDIT_EVENT).delete()
    for args in ((), ("--dry-run",)):
        with pytest.raises(CommandError) as error:
            apply_retention(*args)
        message = str(error.value)
        assert world.house.name in message and "audit_event" in message
        assert world.other_house.name not in message and "closed_case" not in message
    assert Case.objects.filter(pk=case.pk).exists()
    assert not RetentionRun.objects.exists()


def test_a_bad_reference_day_is_refused(world):
    confirm_terms()
    with pytest.raises(CommandError, match="not a date"):
        apply_retention("--today", "31-12-2030")


def test_the_dry_run_lists_ids_and_changes_nothing(world, scenario):
    _close(scenario.case)
    confirm_terms()
    before = database_state()
    with frozen_clock(months_later(timezone.now(), 61)):
        out = apply_retention("--dry-run")
    assert database_state() == before
    assert str(scenario.case.id) in out and str(scenario.person.id) in out
    assert world.house.name in out and "closed_case term (60 months)" in out
    assert scenario.person.surname not in out and scenario.case.number not in out


# --- a closed case ----------------------------------------------------------------------------


def test_a_closed_case_goes_with_everything_hanging_off_it(
    world, scenario, settings, django_capture_on_commit_callbacks
):
    case, person = scenario.case, scenario.person
    coordinator = actor_of(world.user("process_coordinator"), world.house)
    # An escalation about the agreement (PROTECT), a Casus op Maat about this case only,
    # a notification naming the case, and a person who is also in another, open case.
    escalation_propose(
        actor=coordinator,
        case=case,
        data=EscalationInput(
            reason="partner_not_delivering", explanation="Niet", agreement=scenario.agreement
        ),
    )
    own_conference = Conference.objects.create(
        house=world.house,
        number="O-1",
        kind=ConferenceKind.CASE,
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    ConferenceItem.objects.create(conference=own_conference, case=case, minutes="Besproken")
    Notification.objects.create(
        user=world.user("process_coordinator"),
        house=world.house,
        subject=f"Iets over casus {case.number}",
        link=f"/casussen/{case.id}/",
    )
    shared = PersonFactory(house=world.house)
    CasePersonFactory(case=case, person=shared)
    open_case = CaseFactory(house=world.house)
    CasePersonFactory(case=open_case, person=shared)
    # The referral that opened the case, and a settled one linked to it.
    origin = make_referral(
        world.user("partner_professional"), world.house, persons=[PersonInput(surname="Oorsprong")]
    ).referral
    linked = make_referral(
        world.user("partner_professional"), world.house, persons=[PersonInput(surname="Gekoppeld")]
    ).referral
    Referral.objects.filter(pk=linked.pk).update(status=ReferralStatus.WITHDRAWN, linked_case=case)
    Case.objects.filter(pk=case.pk).update(origin_referral=origin)
    freed = {person.id, _person_of(origin).id, _person_of(linked).id}
    attachment = Path(settings.ZVH_PRIVATE_MEDIA_ROOT) / scenario.item.attachment.name
    assert attachment.exists()
    _close(case)
    confirm_terms()

    with (
        frozen_clock(months_later(timezone.now(), 61)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        out = apply_retention()

    assert not Case.objects.filter(pk=case.pk).exists()
    for model in (InformationItem, CaseJournalEntry, Escalation, Plan, Agreement, CasePerson):
        assert not model.objects.filter(case_id=case.pk).exists(), model
    assert not attachment.exists()
    assert not Consent.objects.filter(pk=scenario.consent.pk).exists()
    assert not ConferenceItem.objects.filter(case_id=case.pk).exists()
    assert not Conference.objects.filter(pk=own_conference.pk).exists()
    assert Conference.objects.filter(pk=scenario.conference.pk).exists()  # target group stays
    assert not Notification.objects.filter(subject__contains=case.number).exists()
    assert not Referral.objects.filter(pk__in=[origin.pk, linked.pk]).exists()
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Person.objects.filter(surname__in=["Oorsprong", "Gekoppeld"]).exists()
    # What something else still holds stays.
    assert Person.objects.filter(pk=shared.pk).exists()
    assert Referral.objects.filter(pk=scenario.referral.pk).exists()
    assert Referral.objects.filter(pk=scenario.agenda_referral.pk).exists()
    assert Case.objects.filter(pk=open_case.pk).exists()

    entries = list(DeletionLogEntry.objects.order_by("id"))
    assert {(entry.object_type, entry.object_id) for entry in entries} == {
        ("case", str(case.id)),
        ("referral", str(origin.id)),
        ("referral", str(linked.id)),
        *(("person", str(person_id)) for person_id in freed),
    }
    run = RetentionRun.objects.get()
    assert {entry.run_id for entry in entries} == {run.id}
    for entry in entries:
        assert entry.house_id == world.house.id
        assert entry.term == RetentionKind.CLOSED_CASE and entry.term_months == 60
    assert str(case.id) in out and person.surname not in out
    event = AuditEvent.objects.get(action=Action.DELETE, object_type="case")
    assert event.object_id == str(case.id) and str(person.id) in event.person_ids
    assert event.detail == {"retention_run": str(run.id), "term": "closed_case", "term_months": 60}


def test_a_case_goes_the_day_after_its_term_has_run(world):
    closed_on = datetime.datetime(2020, 3, 10, 15, 0, tzinfo=datetime.UTC)
    case = CaseFactory(house=world.house)
    _close(case, closed_on)
    confirm_terms()
    apply_retention("--today", "2025-03-10")
    assert Case.objects.filter(pk=case.pk).exists()
    apply_retention("--today", "2025-03-11")
    assert not Case.objects.filter(pk=case.pk).exists()


def test_open_and_recently_closed_cases_stay(world):
    open_case = CaseFactory(house=world.house)
    recent = CaseFactory(house=world.house)
    _close(recent)
    confirm_terms(closed_case=60)
    with frozen_clock(months_later(timezone.now(), 59)):
        apply_retention()
    assert Case.objects.filter(pk__in=[open_case.pk, recent.pk]).count() == 2


def test_each_house_applies_its_own_term(world):
    here, there = CaseFactory(house=world.house), CaseFactory(house=world.other_house)
    _close(here)
    _close(there)
    confirm_terms(houses=[world.house], closed_case=24)
    confirm_terms(houses=[world.other_house], closed_case=120)
    with frozen_clock(months_later(timezone.now(), 25)):
        apply_retention()
    assert not Case.objects.filter(pk=here.pk).exists()
    assert Case.objects.filter(pk=there.pk).exists()


# --- referrals --------------------------------------------------------------------------------


def test_a_referral_not_accepted_goes_after_its_term_with_its_triage_and_freed_persons(world):
    partner = world.user("partner_professional")
    refused = make_referral(partner, world.house, persons=[PersonInput(surname="Geweigerd")])
    assert not refused.linked
    assessment = _decide(world, refused.referral, Decision.NOT_ACCEPTED)
    # A later referral of the same person is linked to the first as its duplicate, and stays
    # open: it keeps the person, and loses only its link.
    other = make_referral(partner, world.house, persons=[PersonInput(surname="Ander")]).referral
    duplicate = make_referral(partner, world.house, persons=[PersonInput(surname="Dubbel")])
    Referral.objects.filter(pk=duplicate.referral.pk).update(duplicate_of=refused.referral)
    accepted = make_referral(partner, world.house, persons=[PersonInput(surname="Aanvaard")])
    _decide(world, accepted.referral, Decision.ACCEPTED)
    confirm_terms(referral_not_accepted=12)

    with frozen_clock(months_later(timezone.now(), 12, days=-1)):
        apply_retention()
    assert Referral.objects.filter(pk=refused.referral.pk).exists()
    with frozen_clock(months_later(timezone.now(), 12, days=1)):
        apply_retention()

    assert not Referral.objects.filter(pk=refused.referral.pk).exists()
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Person.objects.filter(surname="Geweigerd").exists()
    duplicate.referral.refresh_from_db()
    assert duplicate.referral.duplicate_of_id is None
    # Open referrals, and the accepted one whose case is open, stay with their persons.
    assert Referral.objects.filter(pk__in=[other.pk, accepted.referral.pk]).count() == 2
    assert Person.objects.filter(surname__in=["Ander", "Dubbel", "Aanvaard"]).count() == 3
    entry = DeletionLogEntry.objects.get(object_type="referral")
    assert (entry.object_id, entry.term, entry.term_months) == (
        str(refused.referral.id),
        RetentionKind.REFERRAL_NOT_ACCEPTED,
        12,
    )
    assert entry.term_started_on == timezone.localdate(assessment.decided_at)


def test_a_forwarded_referral_goes_and_the_new_one_in_the_other_house_stays(world):
    partner = world.user("partner_professional")
    referral = make_referral(partner, world.house, persons=[PersonInput(surname="Verhuisd")])
    new = referral_forward(
        actor=actor_of(world.user("process_coordinator"), world.house),
        referral=referral.referral,
        to_house=world.other_house,
        reason="Woont in het buurhuis",
    )
    TriageItem.objects.filter(referral=referral.referral).delete()
    confirm_terms()
    with frozen_clock(months_later(timezone.now(), 13)):
        apply_retention()
    assert not Referral.objects.filter(pk=referral.referral.pk).exists()
    assert not ReferralTransfer.objects.exists()
    assert Referral.objects.filter(pk=new.pk).exists()
    assert Person.objects.filter(surname="Verhuisd", house=world.other_house).exists()
    assert not Person.objects.filter(surname="Verhuisd", house=world.house).exists()


# --- persons ----------------------------------------------------------------------------------


def test_a_person_held_by_nothing_goes_after_the_referral_term(world):
    old = PersonFactory(house=world.house)
    Person.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(400))
    recent = PersonFactory(house=world.house)
    confirm_terms(referral_not_accepted=12)
    apply_retention()
    assert not Person.objects.filter(pk=old.pk).exists()
    assert Person.objects.filter(pk=recent.pk).exists()
    entry = DeletionLogEntry.objects.get()
    assert (entry.object_type, entry.term) == ("person", RetentionKind.REFERRAL_NOT_ACCEPTED)


def test_something_unknown_holding_a_person_keeps_it_and_fails_the_run(world, monkeypatch):
    kept, gone = PersonFactory(house=world.house), PersonFactory(house=world.house)
    Person.objects.update(updated_at=timezone.now() - datetime.timedelta(400))
    confirm_terms()
    from zvh.retention import services

    real_delete = services.person_delete

    def refuse_one(person: Person) -> None:
        if person.pk == kept.pk:
            raise ProtectedError("held", {HouseFactory()})
        real_delete(person)

    monkeypatch.setattr(services, "person_delete", refuse_one)
    with pytest.raises(CommandError, match=f"person {kept.pk} \\(held by network.House\\)"):
        apply_retention()
    assert Person.objects.filter(pk=kept.pk).exists()
    assert not Person.objects.filter(pk=gone.pk).exists()


# --- the log and running again ----------------------------------------------------------------


def test_the_deletion_log_holds_metadata_only(world, scenario):
    _close(scenario.case)
    confirm_terms()
    with frozen_clock(months_later(timezone.now(), 61)):
        apply_retention()
    entries = list(DeletionLogEntry.objects.values())
    assert entries
    fields = {name for entry in entries for name in entry}
    assert fields == {
        "id",
        "run_id",
        "deleted_at",
        "house_id",
        "object_type",
        "object_id",
        "term",
        "term_months",
        "term_started_on",
        "count",
    }
    dump = json.dumps(entries, default=str)
    person = scenario.person
    for needle in (person.surname, person.given_names, person.date_of_birth.isoformat()):
        assert needle not in dump
    for entry in entries:
        if entry["object_type"] != "audit_events":
            uuid.UUID(entry["object_id"])  # an internal id, nothing else


def test_running_again_changes_nothing(world, scenario):
    _close(scenario.case)
    confirm_terms()
    with frozen_clock(months_later(timezone.now(), 61)):
        apply_retention()
        before = database_state()
        out = apply_retention()
    assert "nothing past its term" in out
    assert database_state() == before
    assert RetentionRun.objects.count() == 1
