"""The plan services: versions, validation, idempotency, optimistic locking, permissions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories.intake import actor_of
from zvh.audit.models import AuditEvent
from zvh.cases.models import Case, CaseJournalEntry, CaseParticipant, CaseSettings, CaseStatus
from zvh.core.concurrency import StaleObjectError
from zvh.core.validation import DEFAULT_PLANNING_HORIZON_YEARS, planning_horizon_end
from zvh.network.models import Role
from zvh.notifications.models import Notification
from zvh.plans import services
from zvh.plans.models import Agreement, AgreementStatus, Plan, PlanStatus, PlanVersion

from .conftest import make_agreement, today

GOALS = {"housing": "Een vaste woonplek", "finances": "Schulden in beeld"}


def _input(owner, **overrides):
    values = {"what": "Huisbezoek", "domain": "care", "owner": owner, "due_date": today()}
    values.update(overrides)
    return services.AgreementInput(**values)


# --- goals and versions -----------------------------------------------------------------------


def test_goals_create_the_plan_and_every_change_is_a_version(case, coordinator):
    plan = services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    assert plan.revision == 1
    assert dict(plan.goals.values_list("life_domain", "description")) == GOALS

    services.plan_goal_set(
        actor=coordinator, case=case, expected_version=plan.version, goals={"housing": "Anders"}
    )
    plan.refresh_from_db()
    assert list(plan.goals.values_list("life_domain", "description")) == [("housing", "Anders")]
    first, second = PlanVersion.objects.filter(plan=plan).order_by("number")
    # History is never lost: the first version still says what the plan said then.
    assert {goal["life_domain"] for goal in first.snapshot["goals"]} == {"housing", "finances"}
    assert second.snapshot["goals"] == [{"life_domain": "housing", "description": "Anders"}]
    assert second.author_id == coordinator.user_id
    assert AuditEvent.objects.filter(object_type="plan", object_id=str(case.id)).count() == 2


def test_the_same_goals_submitted_twice_make_one_version(case, coordinator):
    services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    # The second submit carries the version the form was opened with, now stale.
    services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    assert PlanVersion.objects.count() == 1


def test_a_concurrent_goal_edit_is_refused_and_changes_nothing(case, coordinator):
    services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    with pytest.raises(StaleObjectError):
        services.plan_goal_set(
            actor=coordinator, case=case, expected_version=1, goals={"housing": "Mijn versie"}
        )
    assert Plan.objects.get(case=case).goals.get(life_domain="housing").description == (
        "Een vaste woonplek"
    )
    assert PlanVersion.objects.count() == 1


def test_goals_are_for_house_staff(case, professional):
    with pytest.raises(PermissionDenied):
        services.plan_goal_set(actor=professional, case=case, expected_version=1, goals=GOALS)
    assert not Plan.objects.exists()


def test_a_too_long_goal_is_refused(case, coordinator):
    with pytest.raises(ValidationError) as error:
        services.plan_goal_set(
            actor=coordinator, case=case, expected_version=1, goals={"housing": "x" * 1001}
        )
    assert "housing" in error.value.message_dict
    assert not Plan.objects.exists()


# --- agreements -------------------------------------------------------------------------------


def test_an_agreement_is_recorded_journaled_audited_and_its_owner_told(
    case, coordinator, professional_user
):
    agreement = make_agreement(case, coordinator, professional_user)
    assert agreement.status == AgreementStatus.OPEN
    assert agreement.owner_organisation_id == professional_user.organisation_id
    assert agreement.house_id == case.house_id
    assert Plan.objects.get(case=case).revision == 1
    assert CaseJournalEntry.objects.filter(case=case, kind="agreement_created").exists()
    assert AuditEvent.objects.filter(object_type="agreement", object_id=str(agreement.id)).exists()
    notification = Notification.objects.get(user=professional_user)
    assert case.number in notification.subject
    assert "Huisbezoek" not in notification.subject + notification.body


def test_a_due_date_before_the_case_start_is_refused(case, coordinator, professional_user):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            actor=coordinator,
            case=case,
            data=_input(professional_user, due_date=today() - timedelta(days=31)),
        )
    assert "vóór de start van de casus" in error.value.message_dict["due_date"][0]
    assert not Agreement.objects.exists()


def test_an_empty_agreement_is_refused(case, coordinator, professional_user):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            actor=coordinator, case=case, data=_input(professional_user, what="  ", domain="x")
        )
    assert set(error.value.message_dict) == {"what", "domain"}


def test_an_owner_of_a_non_participating_organisation_is_refused_or_added(world, case, coordinator):
    outsider = world.user(Role.PARTNER_PROFESSIONAL, org="other")
    with pytest.raises(ValidationError) as error:
        services.agreement_create(actor=coordinator, case=case, data=_input(outsider))
    assert error.value.error_dict["owner"][0].code == "not_participating"
    assert not Agreement.objects.exists()
    assert not CaseParticipant.objects.filter(case=case, organisation=world.other_org).exists()

    # With a reason, the organisation is added first (the case core's audited act).
    agreement = services.agreement_create(
        actor=coordinator,
        case=case,
        data=_input(outsider),
        add_participant_reason="Levert de schuldhulp",
    )
    assert agreement.owner_organisation_id == world.other_org.id
    participant = CaseParticipant.objects.get(case=case, organisation=world.other_org)
    assert participant.is_active and participant.reason == "Levert de schuldhulp"


def test_a_double_submitted_agreement_is_stored_once(case, coordinator, professional_user):
    import uuid

    form_id = uuid.uuid4()
    for _ in range(2):
        services.agreement_create(
            actor=coordinator, case=case, data=_input(professional_user), agreement_id=form_id
        )
    assert Agreement.objects.count() == 1
    assert PlanVersion.objects.count() == 1


def test_a_concurrent_agreement_edit_is_refused_and_nothing_is_lost(
    case, coordinator, professional_user
):
    agreement = make_agreement(case, coordinator, professional_user)
    services.agreement_update(
        actor=coordinator,
        agreement=agreement,
        expected_version=1,
        data=_input(professional_user, what="Eerste wijziging"),
    )
    stale_copy = Agreement.objects.get(pk=agreement.pk)
    stale_copy.version = 1
    with pytest.raises(StaleObjectError):
        services.agreement_update(
            actor=coordinator,
            agreement=stale_copy,
            expected_version=1,
            data=_input(professional_user, what="Tweede wijziging"),
        )
    agreement.refresh_from_db()
    assert agreement.what == "Eerste wijziging"
    assert agreement.version == 2


# --- outcome ----------------------------------------------------------------------------------


def test_completing_needs_a_note_and_records_when(
    case, coordinator, professional, professional_user
):
    agreement = make_agreement(case, coordinator, professional_user)
    with pytest.raises(ValidationError) as error:
        services.agreement_complete(
            actor=professional, agreement=agreement, expected_version=1, note=" "
        )
    assert "note" in error.value.message_dict
    services.agreement_complete(
        actor=professional, agreement=agreement, expected_version=1, note="Gedaan op 3 mei"
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DONE
    assert agreement.completed_at is not None
    assert agreement.completed_by_id == professional.user_id
    assert CaseJournalEntry.objects.filter(case=case, kind="agreement_done").count() == 1
    # A second submit of the same form changes nothing.
    services.agreement_complete(
        actor=professional, agreement=agreement, expected_version=1, note="Gedaan op 3 mei"
    )
    assert PlanVersion.objects.filter(change="agreement_done").count() == 1


def test_not_delivered_needs_the_reason(case, coordinator, professional, professional_user):
    agreement = make_agreement(case, coordinator, professional_user)
    with pytest.raises(ValidationError):
        services.agreement_mark_not_delivered(
            actor=professional, agreement=agreement, expected_version=1, note=""
        )
    services.agreement_mark_not_delivered(
        actor=professional, agreement=agreement, expected_version=1, note="Geen mandaat"
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.NOT_DELIVERED
    assert agreement.note == "Geen mandaat"


def test_who_reports_on_an_agreement(world, case, coordinator, professional, professional_user):
    agreement = make_agreement(case, coordinator, professional_user)
    outsider = actor_of(world.user(Role.PARTNER_PROFESSIONAL, org="other"), world.house)
    with pytest.raises(PermissionDenied):  # their organisation does not take part
        services.agreement_complete(
            actor=outsider, agreement=agreement, expected_version=1, note="Klaar"
        )
    with pytest.raises(PermissionDenied):  # cancelling is the house's decision
        services.agreement_cancel(
            actor=professional, agreement=agreement, expected_version=1, note="Niet nodig"
        )
    services.agreement_cancel(
        actor=coordinator, agreement=agreement, expected_version=1, note="Niet meer nodig"
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CANCELLED
    with pytest.raises(ValidationError):  # no longer open
        services.agreement_complete(
            actor=professional, agreement=agreement, expected_version=2, note="Toch gedaan"
        )


def test_overdue_is_derived_from_status_and_due_date(case, coordinator, professional_user):
    late = make_agreement(case, coordinator, professional_user)
    Agreement.objects.filter(pk=late.pk).update(due_date=today() - timedelta(days=1))
    late.refresh_from_db()
    assert late.is_overdue
    assert list(Agreement.objects.overdue(today())) == [late]
    Agreement.objects.filter(pk=late.pk).update(status=AgreementStatus.DONE)
    late.refresh_from_db()
    assert not late.is_overdue
    assert not Agreement.objects.overdue(today()).exists()


# --- setting the plan -------------------------------------------------------------------------


def test_setting_the_plan(world, case, coordinator, professional_user):
    with pytest.raises(ValidationError):  # nothing to set yet
        services.plan_set(actor=coordinator, case=case, expected_revision=0)
    services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    make_agreement(case, coordinator, professional_user)
    with pytest.raises(StaleObjectError):  # the coordinator saw version 1, not 2
        services.plan_set(actor=coordinator, case=case, expected_revision=1)
    chain_manager = actor_of(world.user(Role.CHAIN_MANAGER), world.house)
    with pytest.raises(PermissionDenied):
        services.plan_set(actor=chain_manager, case=case, expected_revision=2)

    plan = services.plan_set(actor=coordinator, case=case, expected_revision=2)
    assert plan.status == PlanStatus.SET and plan.set_revision == 3 and plan.set_at
    assert PlanVersion.objects.get(plan=plan, number=3).snapshot["status"] == "set"
    assert CaseJournalEntry.objects.filter(case=case, kind="plan_set").exists()
    services.plan_set(actor=coordinator, case=case, expected_revision=2)  # double submit
    assert PlanVersion.objects.filter(plan=plan).count() == 3

    # A change of content makes it a draft again; the set version stays.
    make_agreement(case, coordinator, professional_user, what="Nieuw")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.set_revision == 3

    # Set again later: `set_at` moves, the first time it was set stays (throughput figures).
    first_set_at = plan.first_set_at
    assert first_set_at == plan.set_at
    services.plan_set(actor=coordinator, case=case, expected_revision=4)
    plan.refresh_from_db()
    assert plan.set_at > first_set_at and plan.first_set_at == first_set_at


@pytest.mark.parametrize("before", [CaseStatus.ACCEPTED, CaseStatus.PLAN_IN_PREPARATION])
def test_setting_the_plan_starts_its_execution(world, case, coordinator, before):
    """Decision 0178: no separate status change after setting the plan; the history names who
    set it, and the case's version moves (a form opened before is stale)."""
    Case.objects.filter(pk=case.pk).update(status=before)
    case.refresh_from_db()
    version = case.version
    services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    services.plan_set(actor=coordinator, case=case, expected_revision=1)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_EXECUTION and case.version == version + 1
    change = case.status_changes.get()
    assert (change.from_status, change.to_status) == (before, CaseStatus.IN_EXECUTION)
    assert change.by_id == coordinator.user_id and "vastgesteld" in change.note
    assert CaseJournalEntry.objects.filter(case=case, kind="status_changed").count() == 1


@pytest.mark.parametrize("status", [CaseStatus.IN_EXECUTION, CaseStatus.STEP_DOWN_PROPOSED])
def test_a_plan_set_again_leaves_a_later_status_alone(world, case, coordinator, status):
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    services.plan_set(actor=coordinator, case=case, expected_revision=1)
    case.refresh_from_db()
    assert case.status == status
    assert not case.status_changes.exists()


def test_a_closed_case_refuses_plan_changes(case, coordinator, professional_user):
    case.status = CaseStatus.CLOSED
    case.save()
    with pytest.raises(ValidationError):
        make_agreement(case, coordinator, professional_user)
    with pytest.raises(ValidationError):
        services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)


def test_a_due_date_beyond_the_house_planning_horizon_is_refused(
    world, case, coordinator, professional_user
):
    """Five years ahead by default, a house setting (decision 0181)."""
    far = planning_horizon_end(today(), DEFAULT_PLANNING_HORIZON_YEARS) + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            actor=coordinator, case=case, data=_input(professional_user, due_date=far)
        )
    assert "meer dan 5 jaar vooruit" in error.value.message_dict["due_date"][0]
    assert not Agreement.objects.exists()
    CaseSettings.objects.update_or_create(house=world.house, defaults={"planning_horizon_years": 6})
    agreement = services.agreement_create(
        actor=coordinator, case=case, data=_input(professional_user, due_date=far)
    )
    assert agreement.due_date == far
