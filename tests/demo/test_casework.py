"""The case-work story in the demo (issue 4, "Done when"): Youri Visser's case from referral to
step-down, and Gerard Mensink's case stuck on an undelivered agreement, escalated to the mayor
and left open for the mayor to answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.demo.support import login
from zvh.cases.models import (
    Case,
    CaseStatus,
    ClosureReason,
    EscalationReason,
    EscalationStatus,
    StepDownCheck,
)
from zvh.conferences.models import ConferenceKind, ConferenceStatus
from zvh.covenants.selectors import covenant_party_ids
from zvh.demo import casework_story, story
from zvh.network.models import House, Organisation
from zvh.plans.models import AgreementStatus, PlanStatus

NOORD = "Veiligheidshuis Regio Noord"


@pytest.fixture
def noord(demo) -> House:
    return House.objects.get(name=NOORD)


def case_of(surname: str) -> Case:
    return Case.objects.get(
        house__name=NOORD, persons__surname=surname, origin_referral__isnull=False
    )


def test_youris_case_went_from_referral_to_step_down(noord):
    case = case_of("Visser")
    assert case.origin_referral.channel == "web"
    path = list(case.status_changes.order_by("at", "id").values_list("to_status", flat=True))
    assert path == [
        CaseStatus.ACCEPTED,
        CaseStatus.PLAN_IN_PREPARATION,
        CaseStatus.IN_EXECUTION,
        CaseStatus.STEP_DOWN_PROPOSED,
        CaseStatus.CLOSED,
    ]
    assert case.status == CaseStatus.CLOSED
    assert case.closure_reason == ClosureReason.STEPPED_DOWN
    assert case.receiving_organisation.name == "Sociaal Wijkteam Zwolle"
    assert casework_story.RECEIVING_PERSON in case.receiving_party
    # Roles: the house's process coordinator, a partner's professional as case director.
    assert case.process_coordinator.username == "demo-procesregisseur"
    assert case.case_director.username == "demo-partner-ggz"
    participants = set(case.participants.active().values_list("organisation__name", flat=True))
    assert {"Politie Oost-Nederland, district IJsselland", "GGZ IJssel en Vecht",
            "Gemeente Zwolle", "Stichting Nachtopvang De Poort"} <= participants  # fmt: skip
    assert len(participants) == len(casework_story.YOURI_PARTICIPANTS)


def test_the_step_down_checklist_has_one_documented_exception(noord):
    case = case_of("Visser")
    checks = StepDownCheck.objects.filter(status_change__case=case).select_related("criterion")
    assert checks.count() == 4  # the house's default checklist
    not_met = [check for check in checks if not check.met]
    assert [check.criterion.code for check in not_met] == ["goals_or_stable"]
    assert not_met[0].exception == casework_story.STEP_DOWN_EXCEPTION
    assert all(check.exception == "" for check in checks if check.met)


def test_the_casus_op_maat_had_a_non_party_who_signed_first(noord):
    case = case_of("Visser")
    item = case.conference_items.select_related("conference").get()
    conference = item.conference
    assert conference.kind == ConferenceKind.CASE
    assert conference.status == ConferenceStatus.HELD
    assert item.minutes
    invited = set(conference.invitations.values_list("user__username", flat=True))
    assert invited == set(casework_story.CONFERENCE_INVITEES)
    # Only the night shelter is no party to the signed privacy covenant, and only its
    # professional accepted the declaration, before the minutes were written.
    parties = covenant_party_ids(noord.id)
    shelter = Organisation.objects.get(name="Stichting Nachtopvang De Poort")
    assert shelter.id not in parties
    invitees = conference.invitations.select_related("user")
    assert [i.user.username for i in invitees if i.user.organisation_id not in parties] == [
        "demo-partner-opvang"
    ]
    acceptance = conference.acceptances.select_related("user", "declaration").get()
    assert acceptance.user.username == "demo-partner-opvang"
    assert acceptance.declaration.active and acceptance.declaration.version == 1
    assert acceptance.accepted_at <= item.minutes_at
    # Each decision made the plan's agreements.
    decisions = item.decisions.prefetch_related("agreements")
    assert decisions.count() == len(casework_story.YOURI_DECISIONS)
    made = {agreement.what for decision in decisions for agreement in decision.agreements.all()}
    assert made == set(case.agreements.values_list("what", flat=True))
    assert len(made) == 4


def test_the_plan_was_set_delivered_and_reviewed(noord):
    case = case_of("Visser")
    plan = case.plan
    assert plan.status == PlanStatus.SET and plan.set_by.username == "demo-procesregisseur"
    assert set(plan.goals.values_list("life_domain", flat=True)) == set(casework_story.YOURI_GOALS)
    assert plan.versions.count() >= 3
    for agreement in case.agreements.select_related("owner_organisation"):
        assert agreement.status == AgreementStatus.DONE
        assert agreement.note and agreement.completed_by_id == agreement.owner_user_id
    review = case.reviews.get()
    assert review.zrm_scores == {str(k): v for k, v in casework_story.YOURI_ZRM.items()}
    assert all(1 <= score <= 5 for score in review.zrm_scores.values())
    assert len(review.progress) == len(casework_story.YOURI_PROGRESS)


def test_the_acute_case_is_stuck_with_an_open_escalation_to_the_mayor(noord):
    case = case_of("Mensink")
    assert case.status == CaseStatus.IN_EXECUTION
    assert case.case_director.username == "demo-partner-gemeente"
    assert case.requested_justice_response == casework_story.JUSTICE_RESPONSE
    escalation = case.escalations.select_related("agreement", "addressee", "raised_by").get()
    assert escalation.status == EscalationStatus.RAISED
    assert escalation.reason == EscalationReason.PARTNER_NOT_DELIVERING
    assert escalation.addressee.username == "demo-bestuurder"
    assert escalation.proposed_by.username == "demo-partner-gemeente"
    assert escalation.raised_by.username == "demo-ketenmanager"  # raised on by the chain manager
    assert escalation.response == "" and escalation.closed_at is None
    stuck = escalation.agreement
    assert stuck.status == AgreementStatus.NOT_DELIVERED and stuck.note
    assert stuck.owner_organisation.name == "GGZ IJssel en Vecht"
    # First raised by the process coordinator to the chain manager, then on to the mayor.
    raised = case.journal.filter(kind="escalation_raised").order_by("at", "id")
    assert [(e.by.username, e.user.username) for e in raised] == [
        ("demo-procesregisseur", "demo-ketenmanager"),
        ("demo-ketenmanager", "demo-bestuurder"),
    ]


def test_the_mayor_sees_only_the_escalation_and_can_answer_it(noord):
    case = case_of("Mensink")
    escalation = case.escalations.get()
    mayor = login("demo-bestuurder")
    listed = mayor.get(reverse("cases:escalation-list"))
    assert listed.status_code == 200
    assert case.number in listed.content.decode()
    detail = mayor.get(reverse("cases:escalation-detail", args=[escalation.id]))
    assert detail.status_code == 200
    assert story.ACUTE_REFERRAL.person.surname in detail.content.decode()
    assert mayor.get(reverse("cases:detail", args=[case.id])).status_code == 404
    answered = mayor.post(
        reverse("cases:escalation-respond", args=[escalation.id]),
        {"response": "Ik vraag de corporatie om uitstel tot na de beoordeling.", "resolved": "yes"},
    )
    assert answered.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.RESOLVED
