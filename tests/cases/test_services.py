"""The case services: transitions, closing and reopening, roles, participants, the justice
response, notes and themes. Each is audited, refuses bad input with a Dutch message and
changes nothing then, and refuses a stale version."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories.intake import actor_of
from tests.factories.network import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.sharing import add_item
from zvh.audit.models import AuditEvent
from zvh.cases import services
from zvh.cases.journal import JournalKind
from zvh.cases.models import (
    Case,
    CaseSettings,
    CaseStatus,
    CaseStatusChange,
    ClosureReason,
    Theme,
)
from zvh.core.concurrency import StaleObjectError
from zvh.network.models import Role
from zvh.notifications.models import Notification

from .conftest import join

FORWARD = [
    CaseStatus.PLAN_IN_PREPARATION,
    CaseStatus.IN_EXECUTION,
    CaseStatus.STEP_DOWN_PROPOSED,
]


def change(case: Case, actor, to_status: str, note: str = "") -> Case:
    case.refresh_from_db()
    return services.case_change_status(
        actor=actor, case=case, expected_version=case.version, to_status=to_status, note=note
    )


def close(case: Case, actor, **closure) -> Case:
    case.refresh_from_db()
    closure.setdefault("reason", ClosureReason.GOALS_ACHIEVED)
    return services.case_close(
        actor=actor,
        case=case,
        expected_version=case.version,
        closure=services.Closure(**closure),
    )


def messages_of(info: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(info.value.messages)


# --- status -----------------------------------------------------------------------------------


def test_the_forward_path_is_timestamped_step_by_step(case, coordinator, coordinator_user):
    for status in FORWARD:
        change(case, coordinator, status, note=f"naar {status}")
    rows = list(case.status_changes.order_by("at", "id"))
    assert [(r.from_status, r.to_status) for r in rows] == [
        ("", "accepted"),
        ("accepted", "plan_in_preparation"),
        ("plan_in_preparation", "in_execution"),
        ("in_execution", "step_down_proposed"),
    ]
    assert all(r.by == coordinator_user and r.at is not None for r in rows)
    assert [r.at for r in rows] == sorted(r.at for r in rows)
    assert rows[-1].note == "naar step_down_proposed"
    case.refresh_from_db()
    assert case.version == 4


def test_a_withdrawn_step_down_proposal_returns_to_execution(case, coordinator):
    for status in FORWARD:
        change(case, coordinator, status)
    change(case, coordinator, CaseStatus.IN_EXECUTION, note="Nog niet stabiel")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_EXECUTION


@pytest.mark.parametrize(
    ("to_status", "message"),
    [
        (CaseStatus.IN_EXECUTION, "Van 'Geaccepteerd' kan de casus alleen naar: 'Plan in"),
        (CaseStatus.STEP_DOWN_PROPOSED, "alleen naar"),
        (CaseStatus.ACCEPTED, "heeft deze status al"),
        (CaseStatus.CLOSED, "daar hoort een reden bij"),
        ("unknown", "alleen naar"),
    ],
)
def test_a_step_off_the_path_is_refused_in_dutch(case, coordinator, to_status, message):
    with pytest.raises(ValidationError) as info:
        change(case, coordinator, to_status)
    assert message in messages_of(info)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.version == 1
    assert case.status_changes.count() == 1


def test_only_case_managers_change_status(world, case):
    professional = actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house)
    join(case, actor_of(world.user(Role.CHAIN_MANAGER), world.house), world.own_org)
    with pytest.raises(PermissionDenied):
        change(case, professional, CaseStatus.PLAN_IN_PREPARATION)
    other_house = actor_of(world.user(Role.PROCESS_COORDINATOR, house="other"), world.other_house)
    with pytest.raises(PermissionDenied):
        change(case, other_house, CaseStatus.PLAN_IN_PREPARATION)


def test_a_stale_version_changes_nothing(case, coordinator):
    case.refresh_from_db()
    opened_at_version = case.version
    change(case, coordinator, CaseStatus.PLAN_IN_PREPARATION)  # a colleague, meanwhile
    stale = Case.objects.get(pk=case.pk)
    with pytest.raises(StaleObjectError):
        services.case_change_status(
            actor=coordinator,
            case=stale,
            expected_version=opened_at_version,
            to_status=CaseStatus.IN_EXECUTION,
        )
    stale.refresh_from_db()
    assert stale.status == CaseStatus.PLAN_IN_PREPARATION
    assert stale.status_changes.count() == 2


def test_a_concurrent_write_between_read_and_save_is_refused(case, coordinator):
    """Two users opened the same version; the second save loses the race in the UPDATE."""
    first = Case.objects.get(pk=case.pk)
    second = Case.objects.get(pk=case.pk)
    services.case_change_status(
        actor=coordinator, case=first, expected_version=1, to_status="plan_in_preparation"
    )
    with pytest.raises(StaleObjectError):
        services.case_set_justice_response(
            actor=coordinator, case=second, expected_version=1, text="Overschreven?"
        )
    case.refresh_from_db()
    assert case.requested_justice_response == ""
    assert case.status == CaseStatus.PLAN_IN_PREPARATION


# --- closing and reopening --------------------------------------------------------------------


def test_closing_needs_a_reason(case, coordinator):
    with pytest.raises(ValidationError) as info:
        close(case, coordinator, reason="")
    assert "Kies de reden van afsluiten." in messages_of(info)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED


def test_stepping_down_takes_the_checklist_and_other_needs_a_note(case, coordinator):
    # Decision 0178: "stepped down" closes through stepdown.case_step_down only.
    with pytest.raises(ValidationError) as info:
        close(case, coordinator, reason=ClosureReason.STEPPED_DOWN, receiving_party="Wijkteam")
    assert "afschalingschecklist" in messages_of(info)
    assert info.value.error_dict["reason"][0].code == services.STEP_DOWN_NEEDS_CHECKLIST
    with pytest.raises(ValidationError) as info:  # the closure below it still names the party
        case.refresh_from_db()
        services.close_with_reason(
            actor=coordinator,
            case=case,
            expected_version=case.version,
            closure=services.Closure(reason=ClosureReason.STEPPED_DOWN),
        )
    assert "Noem de partij die de zorg overneemt" in messages_of(info)
    with pytest.raises(ValidationError) as info:
        close(case, coordinator, reason=ClosureReason.OTHER)
    assert "Licht de reden 'overig' toe." in messages_of(info)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED


def test_closing_and_reopening_are_documented_acts(world, case, coordinator):
    for status in FORWARD[:2]:
        change(case, coordinator, status)
    case.refresh_from_db()
    # The closure as the step-down writes it, once its checklist passed (test_stepdown.py).
    services.close_with_reason(
        actor=coordinator,
        case=case,
        expected_version=case.version,
        closure=services.Closure(
            reason=ClosureReason.STEPPED_DOWN,
            note="Stabiel sinds drie maanden",
            receiving_party="Wijkteam Noord, J. de Vries",
            receiving_organisation=world.own_org,
        ),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    assert case.closure_reason == ClosureReason.STEPPED_DOWN
    assert case.receiving_party == "Wijkteam Noord, J. de Vries"
    assert case.receiving_organisation == world.own_org
    assert case.next_review_date is None

    with pytest.raises(ValidationError) as info:
        change(case, coordinator, CaseStatus.IN_EXECUTION)
    assert "Heropen de casus eerst" in messages_of(info)
    with pytest.raises(ValidationError) as info:
        services.case_reopen(
            actor=coordinator, case=case, expected_version=case.version, reason="  "
        )
    assert "Geef de reden om de casus te heropenen." in messages_of(info)

    services.case_reopen(
        actor=coordinator,
        case=case,
        expected_version=case.version,
        reason="Terugval na verhuizing",
    )
    case.refresh_from_db()
    # Back to where it was, with a fresh review date; the closure stays in the history.
    assert case.status == CaseStatus.IN_EXECUTION
    assert case.closure_reason == "" and case.closed_at is None and case.receiving_party == ""
    assert case.next_review_date == timezone.localdate() + timedelta(weeks=6)
    closure, reopening = list(CaseStatusChange.objects.filter(case=case).order_by("id"))[-2:]
    assert (closure.to_status, closure.closure_reason) == ("closed", "stepped_down")
    assert (reopening.from_status, reopening.to_status) == ("closed", "in_execution")
    assert reopening.note == "Terugval na verhuizing"
    kinds = list(case.journal.values_list("kind", flat=True))
    assert JournalKind.CLOSED in kinds and JournalKind.REOPENED in kinds


def test_an_open_case_cannot_be_reopened_and_a_closed_one_not_closed_again(case, coordinator):
    with pytest.raises(ValidationError) as info:
        services.case_reopen(actor=coordinator, case=case, expected_version=1, reason="x")
    assert "Alleen een afgesloten casus" in messages_of(info)
    close(case, coordinator)
    with pytest.raises(ValidationError) as info:
        close(case, coordinator)
    assert "al afgesloten" in messages_of(info)


def test_a_closed_case_takes_no_notes_or_new_participants(world, case, coordinator):
    close(case, coordinator, reason=ClosureReason.DETENTION)
    with pytest.raises(ValidationError):
        join(case, coordinator, world.own_org)
    with pytest.raises(ValidationError):
        add_item(coordinator, case, text="Nog iets")


# --- roles and notifications ------------------------------------------------------------------


def assign(case: Case, actor, coordinator_user, director=None) -> Case:
    case.refresh_from_db()
    return services.case_assign_roles(
        actor=actor,
        case=case,
        expected_version=case.version,
        process_coordinator=coordinator_user,
        case_director=director,
    )


def test_a_newly_assigned_coordinator_and_director_are_notified(
    world, case, coordinator, second_coordinator, django_capture_on_commit_callbacks
):
    director = world.user(Role.PARTNER_PROFESSIONAL)
    join(case, coordinator, world.own_org)
    before = Notification.objects.count()  # the referrer heard of the decision
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assign(case, coordinator, second_coordinator, director)
    case.refresh_from_db()
    assert (case.process_coordinator, case.case_director) == (second_coordinator, director)
    notified = {n.user: n for n in Notification.objects.order_by("id")[before:]}
    assert set(notified) == {second_coordinator, director}
    assert case.number in notified[second_coordinator].subject
    assert "procesregisseur" in notified[second_coordinator].subject
    assert "casusregisseur" in notified[director].subject
    assert notified[director].link == f"/casussen/{case.id}/"
    assert len(mail.outbox) == 2
    # Assigning the same people again notifies nobody.
    assign(case, coordinator, second_coordinator, director)
    assert Notification.objects.count() == before + 2


def test_the_case_director_comes_from_a_participating_organisation(
    world, case, coordinator, coordinator_user
):
    director = world.user(Role.PARTNER_PROFESSIONAL)
    with pytest.raises(ValidationError) as info:
        assign(case, coordinator, coordinator_user, director)
    assert "voeg de organisatie zo nodig eerst toe als deelnemer" in messages_of(info)
    assert Case.objects.get(pk=case.pk).case_director is None
    # A process coordinator directs only where the house allows it.
    with pytest.raises(ValidationError):
        assign(case, coordinator, coordinator_user, coordinator_user)
    CaseSettings.objects.filter(house=world.house).update(coordinators_may_direct=True)
    assign(case, coordinator, coordinator_user, coordinator_user)
    assert Case.objects.get(pk=case.pk).case_director == coordinator_user


def test_the_process_coordinator_is_a_coordinator_of_this_house(world, case, coordinator):
    for user in (
        world.user(Role.CHAIN_MANAGER),
        world.user(Role.PROCESS_COORDINATOR, house="other"),
        None,
    ):
        with pytest.raises(ValidationError) as info:
            assign(case, coordinator, user)
        assert "procesregisseur" in messages_of(info)


def test_the_director_s_organisation_cannot_leave_while_they_direct(world, case, coordinator):
    join(case, coordinator, world.own_org)
    director = world.user(Role.PARTNER_PROFESSIONAL)
    assign(case, coordinator, case.process_coordinator, director)
    participant = case.participants.get()
    case.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        services.participant_end(
            actor=coordinator,
            case=case,
            expected_version=case.version,
            participant=participant,
            reason="Klaar",
        )
    assert "Wijs eerst een andere casusregisseur aan" in messages_of(info)


# --- participants -----------------------------------------------------------------------------


def test_adding_and_ending_a_participation_keeps_the_history(world, case, coordinator):
    join(case, coordinator, world.own_org)
    participant = case.participants.get()
    assert participant.reason == "Kent de betrokkene" and participant.added_by_id is not None
    services.participant_end(
        actor=coordinator,
        case=case,
        expected_version=case.version,
        participant=participant,
        reason="Rol vervuld",
    )
    participant.refresh_from_db()
    assert participant.ended_at is not None and participant.end_reason == "Rol vervuld"
    # Joining again is a new participation; the ended one stays.
    join(case, coordinator, world.own_org)
    assert case.participants.count() == 2
    assert case.participants.active().count() == 1
    kinds = list(case.journal.order_by("id").values_list("kind", flat=True))
    assert kinds[-3:] == [
        JournalKind.PARTICIPANT_ADDED,
        JournalKind.PARTICIPANT_ENDED,
        JournalKind.PARTICIPANT_ADDED,
    ]
    events = AuditEvent.objects.filter(object_type="case", object_id=str(case.id), action="update")
    assert [sorted(e.detail) for e in events.order_by("id")] == [
        ["participant_added", "participation"],
        ["participant_ended", "participation"],
        ["participant_added", "participation"],
    ]


def test_a_participation_needs_a_reason_and_a_partner_of_the_house(world, case, coordinator):
    with pytest.raises(ValidationError) as info:
        participant_add_with(case, coordinator, world.own_org, reason=" ")
    assert "Geef de reden" in messages_of(info)
    stranger = OrganisationFactory(name="Geen partner")
    with pytest.raises(ValidationError) as info:
        participant_add_with(case, coordinator, stranger)
    assert "Alleen partnerorganisaties van het huis" in messages_of(info)
    join(case, coordinator, world.own_org)
    with pytest.raises(ValidationError) as info:
        participant_add_with(case, coordinator, world.own_org)
    assert "neemt al deel" in messages_of(info)
    assert case.participants.count() == 1


def participant_add_with(case, actor, organisation, reason="Reden"):
    case.refresh_from_db()
    return services.participant_add(
        actor=actor,
        case=case,
        expected_version=case.version,
        organisation=organisation,
        reason=reason,
    )


def test_a_double_submit_adds_an_organisation_once(world, case, coordinator):
    case.refresh_from_db()
    version = case.version
    services.participant_add(
        actor=coordinator,
        case=case,
        expected_version=version,
        organisation=world.own_org,
        reason="Eerste klik",
    )
    again = Case.objects.get(pk=case.pk)  # the same form, posted again
    with pytest.raises(StaleObjectError):
        services.participant_add(
            actor=coordinator,
            case=again,
            expected_version=version,
            organisation=world.own_org,
            reason="Tweede klik",
        )
    assert case.participants.count() == 1


def test_ending_an_ended_participation_is_refused(world, case, coordinator):
    join(case, coordinator, world.own_org)
    participant = case.participants.get()
    services.participant_end(
        actor=coordinator,
        case=case,
        expected_version=case.version,
        participant=participant,
        reason="Klaar",
    )
    case.refresh_from_db()
    participant.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        services.participant_end(
            actor=coordinator,
            case=case,
            expected_version=case.version,
            participant=participant,
            reason="Nog eens",
        )
    assert "al beëindigd" in messages_of(info)


# --- justice response, details, notes ---------------------------------------------------------


def test_the_requested_justice_response_is_recorded_but_never_logged(case, coordinator):
    text = "Voorwaardelijke straf met reclasseringstoezicht voor Piet Jansen"
    services.case_set_justice_response(
        actor=coordinator, case=case, expected_version=1, text=f"  {text}  "
    )
    case.refresh_from_db()
    assert case.requested_justice_response == text
    entry = case.journal.get(kind=JournalKind.JUSTICE_RESPONSE_SET)
    assert entry.text == text
    assert not AuditEvent.objects.filter(detail__icontains="Jansen").exists()
    assert not any("Jansen" in str(e.detail) for e in AuditEvent.objects.all())


def test_details_refuse_a_review_in_the_past_and_themes_of_another_house(world, case, coordinator):
    services.themes_seed_defaults(house=world.house)
    services.themes_seed_defaults(house=world.other_house)
    own = list(Theme.objects.filter(house=world.house, code__in=["youth", "nuisance"]))
    foreign = Theme.objects.get(house=world.other_house, code="youth")
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        services.case_update_details(
            actor=coordinator,
            case=case,
            expected_version=1,
            case_type="person",
            themes=own,
            next_review_date=yesterday,
        )
    assert "De volgende evaluatie kan niet in het verleden liggen." in messages_of(info)
    with pytest.raises(ValidationError):
        services.case_update_details(
            actor=coordinator,
            case=case,
            expected_version=1,
            case_type="person",
            themes=[foreign],
            next_review_date=None,
        )
    assert not case.themes.exists()
    next_month = timezone.localdate() + timedelta(days=30)
    services.case_update_details(
        actor=coordinator,
        case=case,
        expected_version=1,
        case_type="person",
        themes=own,
        next_review_date=next_month,
    )
    case.refresh_from_db()
    assert set(case.themes.all()) == set(own)
    assert (case.case_type, case.next_review_date) == ("person", next_month)


# --- house configuration ----------------------------------------------------------------------


def test_seeding_themes_is_idempotent_and_keeps_the_house_s_own(world):
    Theme.objects.filter(house=world.house).delete()
    Theme.objects.create(house=world.house, name="huiselijk geweld", position=9)
    assert services.themes_seed_defaults(house=world.house) == 7
    assert services.themes_seed_defaults(house=world.house) == 0
    assert Theme.objects.filter(house=world.house).count() == 8


def test_a_user_without_a_role_in_the_house_is_no_candidate(world, case, coordinator):
    stranger = UserFactory(username="buitenstaander", organisation=world.own_org)
    MembershipFactory(user=stranger, house=world.other_house, role=Role.PARTNER_PROFESSIONAL)
    join(case, coordinator, world.own_org)
    with pytest.raises(ValidationError):
        assign(case, coordinator, case.process_coordinator, stranger)
