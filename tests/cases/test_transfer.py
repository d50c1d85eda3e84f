"""Transfer of a case to another house: requested by the sending house, withdrawn, refused or
accepted by the receiving house; on acceptance the case moves with its history, and each
house sees exactly its side of it."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of, make_referral
from tests.factories.network import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from zvh.audit.models import AuditEvent
from zvh.cases.journal import JournalKind
from zvh.cases.models import (
    Case,
    CaseJournalEntry,
    CaseTransfer,
    Escalation,
    EscalationStatus,
    Theme,
    TransferStatus,
)
from zvh.cases.services import Closure, case_close
from zvh.conferences.models import AgendaItem, Conference, ConferenceStatus
from zvh.core.concurrency import StaleObjectError
from zvh.core.models import Counter
from zvh.covenants.models import Covenant, CovenantKind, CovenantStatus
from zvh.escalation.services import EscalationInput, escalation_propose, escalation_raise
from zvh.intake.models import Orientation
from zvh.intake.services import PersonInput
from zvh.network.models import Role
from zvh.notifications.models import Notification
from zvh.people.models import Person
from zvh.plans import services as plan_services
from zvh.plans.models import Agreement, AgreementStatus
from zvh.sharing.models import InformationItem, InformationItemSubject
from zvh.transfers import services as transfers
from zvh.transfers.services import TransferJournalKind

from .conftest import BSN, accepted_case, join

pytestmark = pytest.mark.django_db

DOB = date(1980, 12, 31)


@pytest.fixture
def receiver_user(world):
    return world.user(Role.PROCESS_COORDINATOR, house="other")


@pytest.fixture
def receiver(world, receiver_user):
    return actor_of(receiver_user, world.other_house)


@pytest.fixture
def household(world, coordinator) -> Case:
    """A household case: Piet (with a BSN the other house knows) and Anna (unknown there)."""
    return accepted_case(
        world,
        coordinator,
        orientation=Orientation.SYSTEM,
        persons=[
            PersonInput(surname="Jansen", given_names="Piet", date_of_birth=DOB, bsn=BSN),
            PersonInput(surname="Jansen", given_names="Anna", date_of_birth=date(1982, 3, 4)),
        ],
    )


def _request(case: Case, actor, to_house, **overrides) -> CaseTransfer:
    data = transfers.TransferInput(
        to_house=to_house,
        reason=overrides.pop("reason", "residence_changed"),
        explanation=overrides.pop("explanation", "Woont sinds 1 maart in Buurstad."),
    )
    return transfers.transfer_request(actor=actor, case=case, data=data, **overrides)


def _accept(transfer: CaseTransfer, actor, coordinator_user, **overrides) -> Case:
    return transfers.transfer_accept(
        actor=actor,
        transfer=transfer,
        expected_version=overrides.pop("expected_version", transfer.version),
        acceptance=transfers.Acceptance(process_coordinator=coordinator_user, **overrides),
    )


def _events(transfer: CaseTransfer, house_id) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type="case_transfer", object_id=str(transfer.id), house_id=house_id
        ).order_by("id")
    )


# --- request and withdraw ---------------------------------------------------------------------


def test_a_request_is_recorded_journaled_audited_on_both_sides_and_announced(
    world, case, coordinator
):
    transfer = _request(case, coordinator, world.other_house)

    assert transfer.status == TransferStatus.REQUESTED
    assert (transfer.from_house_id, transfer.to_house_id) == (world.house.id, world.other_house.id)
    assert transfer.from_number == case.number
    assert transfer.origin_referral_number == case.origin_referral.number
    assert case.journal.filter(kind=TransferJournalKind.REQUESTED).count() == 1
    # One event in each house's log; the sending house's names the persons.
    own, other = _events(transfer, world.house.id), _events(transfer, world.other_house.id)
    assert len(own) == 1 and len(other) == 1
    person_ids = {str(pid) for pid in case.case_persons.values_list("person_id", flat=True)}
    assert set(own[0].person_ids) == person_ids
    # The receiving house's staff hear of it; nobody else does.
    notified = set(
        Notification.objects.filter(link__contains=str(transfer.id)).values_list(
            "user_id", flat=True
        )
    )
    expected = {
        world.user(role, org=org, house="other").pk
        for role in (Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR)
        for org in ("own", "other")
    }
    assert notified == expected
    assert "Jansen" not in " ".join(
        Notification.objects.filter(link__contains=str(transfer.id)).values_list(
            "subject", flat=True
        )
    )


def test_submitting_the_request_twice_creates_one(world, case, coordinator):
    form_id = uuid.uuid4()
    first = _request(case, coordinator, world.other_house, transfer_id=form_id)
    second = _request(case, coordinator, world.other_house, transfer_id=form_id)
    assert first.pk == second.pk == form_id
    assert CaseTransfer.objects.filter(case=case).count() == 1
    # A different form while one is open: refused, nothing written.
    with pytest.raises(ValidationError, match="loopt al een verzoek"):
        _request(case, coordinator, world.other_house, transfer_id=uuid.uuid4())
    assert CaseTransfer.objects.filter(case=case).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"explanation": "  "}, "explanation"),
        ({"reason": "bored"}, "reason"),
    ],
)
def test_a_bad_request_says_why_and_changes_nothing(world, case, coordinator, overrides, field):
    with pytest.raises(ValidationError) as raised:
        _request(case, coordinator, world.other_house, **overrides)
    assert field in raised.value.message_dict
    assert not CaseTransfer.objects.exists()


def test_the_own_house_and_no_house_are_refused(world, case, coordinator):
    for house in (world.house, None):
        with pytest.raises(ValidationError) as raised:
            _request(case, coordinator, house)
        assert "to_house" in raised.value.message_dict
    assert not CaseTransfer.objects.exists()


def test_only_house_staff_of_the_case_house_may_request(world, case, coordinator):
    join(case, coordinator, world.own_org)
    professional = actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house)
    with pytest.raises(PermissionDenied):
        _request(case, professional, world.other_house)
    with pytest.raises(PermissionDenied):
        _request(
            case,
            actor_of(world.user(Role.PROCESS_COORDINATOR, house="other"), world.other_house),
            world.house,
        )


def test_a_closed_case_or_one_on_a_planned_agenda_is_not_transferred(world, case, coordinator):
    conference = _conference(world, status=ConferenceStatus.PLANNED)
    AgendaItem.objects.create(conference=conference, case=case)
    with pytest.raises(ValidationError, match="agenda"):
        _request(case, coordinator, world.other_house)
    AgendaItem.objects.filter(case=case).delete()
    case_close(
        actor=coordinator,
        case=case,
        expected_version=case.version,
        closure=Closure(reason="goals_achieved"),
    )
    with pytest.raises(ValidationError, match="afgesloten"):
        _request(case, coordinator, world.other_house)
    assert not CaseTransfer.objects.exists()


def test_the_sending_house_withdraws_its_request(world, case, coordinator, receiver, receiver_user):
    transfer = _request(case, coordinator, world.other_house)
    with pytest.raises(PermissionDenied):  # not the receiving house's act
        transfers.transfer_withdraw(actor=receiver, transfer=transfer, expected_version=1)
    transfers.transfer_withdraw(actor=coordinator, transfer=transfer, expected_version=1)
    again = transfers.transfer_withdraw(actor=coordinator, transfer=transfer, expected_version=1)
    assert again.status == TransferStatus.WITHDRAWN
    assert case.journal.filter(kind=TransferJournalKind.WITHDRAWN).count() == 1
    with pytest.raises(ValidationError, match="ingetrokken"):
        _accept(transfer, receiver, receiver_user)
    # A new request is possible once the first is no longer open.
    assert _request(case, coordinator, world.other_house).is_pending


# --- refuse -----------------------------------------------------------------------------------


def test_the_receiving_house_refuses_with_a_reason(world, case, coordinator, receiver):
    transfer = _request(case, coordinator, world.other_house)
    with pytest.raises(ValidationError) as raised:
        transfers.transfer_refuse(actor=receiver, transfer=transfer, expected_version=1, reason=" ")
    assert "reason" in raised.value.message_dict
    with pytest.raises(PermissionDenied):  # the sending house cannot decide for them
        transfers.transfer_refuse(
            actor=coordinator, transfer=transfer, expected_version=1, reason="Nee"
        )

    transfers.transfer_refuse(
        actor=receiver, transfer=transfer, expected_version=1, reason="Woont niet bij ons."
    )
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REFUSED
    assert transfer.refusal_reason == "Woont niet bij ons."
    case.refresh_from_db()
    assert case.house_id == world.house.id
    entry = case.journal.get(kind=TransferJournalKind.REFUSED)
    assert entry.text == "Woont niet bij ons."
    requester = world.user(Role.PROCESS_COORDINATOR)
    assert Notification.objects.filter(user=requester, subject__contains="geweigerd").exists()
    assert len(_events(transfer, world.house.id)) == 2  # request, refusal
    assert len(_events(transfer, world.other_house.id)) == 2


# --- accept: everything moves -----------------------------------------------------------------


def _conference(world, *, status: str, house=None) -> Conference:
    start = timezone.now() + (
        timedelta(days=2) if status == ConferenceStatus.PLANNED else -timedelta(days=2)
    )
    return Conference.objects.create(
        house=house or world.house,
        number=f"O-{uuid.uuid4().hex[:6]}",
        kind="case",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        status=status,
        held_at=None if status == ConferenceStatus.PLANNED else start + timedelta(hours=1),
    )


@pytest.fixture
def rich_case(world, household, coordinator, coordinator_user):
    """The household case with everything that belongs to a house hanging off it."""
    case = household
    local = OrganisationFactory(name="Alleen in het eigen huis")
    PartnershipFactory(house=world.house, organisation=local)
    local_professional = UserFactory(organisation=local)
    MembershipFactory(user=local_professional, house=world.house, role=Role.PARTNER_PROFESSIONAL)
    # A professional of the own organisation who works in both houses.
    both = UserFactory(username="in-beide-huizen", organisation=world.own_org)
    for house in (world.house, world.other_house):
        MembershipFactory(user=both, house=house, role=Role.PARTNER_PROFESSIONAL)
    join(case, coordinator, world.own_org)
    join(case, coordinator, local)
    # Themes: one the other house has (by code), one it lacks.
    shared = Theme.objects.create(house=world.house, code="dv-test", name="Huiselijk geweld")
    Theme.objects.create(house=world.other_house, code="dv-test", name="Huiselijk geweld (HG)")
    lonely = Theme.objects.create(house=world.house, name="Woonoverlast eigen huis")
    case.themes.set([shared, lonely])
    # The plan: one agreement continues, two end (owner not in the other house / org leaves).
    plan_services.plan_goal_set(
        actor=coordinator, case=case, expected_version=1, goals={"housing": "Een woning"}
    )

    def agreement(owner, what):
        return plan_services.agreement_create(
            actor=coordinator,
            case=case,
            data=plan_services.AgreementInput(
                what=what,
                domain="care",
                owner=owner,
                due_date=timezone.localdate() + timedelta(days=10),
            ),
        )

    continues = agreement(both, "Huisbezoek")
    own_only = agreement(world.user(Role.PARTNER_PROFESSIONAL), "Schuldhulp")
    leaves = agreement(local_professional, "Dagbesteding")
    # The case director works in the own house only: cleared.
    case.refresh_from_db()
    from zvh.cases.services import case_assign_roles

    case_assign_roles(
        actor=coordinator,
        case=case,
        expected_version=case.version,
        process_coordinator=coordinator_user,
        case_director=world.user(Role.PARTNER_PROFESSIONAL),
    )
    # An escalation raised to the own house's administrator.
    escalation = escalation_propose(
        actor=coordinator,
        case=case,
        data=EscalationInput(reason="partner_not_delivering", explanation="Levert niet"),
    )
    escalation_raise(
        actor=coordinator, escalation=escalation, addressee=world.user(Role.ADMINISTRATOR)
    )
    # An item about Anna.
    anna = Person.objects.get(case_links__case=case, given_names="Anna")
    note = InformationItem.objects.create(
        case=case,
        author=coordinator_user,
        organisation=coordinator_user.organisation,
        contact_date=timezone.localdate(),
        text="Gesprek met Anna",
    )
    InformationItemSubject.objects.create(note=note, person=anna)
    # A later referral of Piet in the own house, linked to the open case as a duplicate.
    duplicate = make_referral(
        world.user(Role.PARTNER_PROFESSIONAL),
        world.house,
        persons=[PersonInput(surname="Jansen", given_names="Piet", date_of_birth=DOB, bsn=BSN)],
    ).referral
    assert duplicate.linked_case_id == case.pk
    # A held conference of the own house with minutes on the case.
    conference = _conference(world, status=ConferenceStatus.HELD)
    AgendaItem.objects.create(
        conference=conference,
        case=case,
        minutes="Piet zoekt een woning in Buurstad.",
        minutes_by=coordinator_user,
        minutes_at=timezone.now() - timedelta(days=2),
    )
    case.refresh_from_db()
    return {
        "case": case,
        "local": local,
        "both": both,
        "continues": continues,
        "own_only": own_only,
        "leaves": leaves,
        "escalation": escalation,
        "note": note,
        "duplicate": duplicate,
        "conference": conference,
    }


def test_accepting_moves_the_case_with_its_history(
    world, rich_case, coordinator, receiver, receiver_user
):
    case = rich_case["case"]
    old_number, referral_number = case.number, case.origin_referral.number
    sending_person_ids = set(case.case_persons.values_list("person_id", flat=True))
    # The other house knows Piet by his BSN (with an address of its own).
    known_piet = Person.objects.create(
        house=world.other_house, surname="Jansen", given_names="P.", bsn=BSN, street="Oudeweg"
    )
    transfer = _request(case, coordinator, world.other_house)

    moved = _accept(transfer, receiver, receiver_user)

    transfer.refresh_from_db()
    case.refresh_from_db()
    assert moved.pk == case.pk and case.house_id == world.other_house.id
    assert transfer.status == TransferStatus.ACCEPTED and transfer.decided_by == receiver_user
    # A number from the receiving house's counter (its first: the same text as the old one,
    # which is why the old number is kept with the house it belongs to).
    assert Counter.objects.get(house_id=world.other_house.id, name="case").value == 1
    assert transfer.to_number == case.number
    assert transfer.from_number == old_number
    # The referral stays in the sending house's intake history.
    assert case.origin_referral_id is None
    assert transfer.origin_referral_number == referral_number
    rich_case["duplicate"].refresh_from_db()
    assert rich_case["duplicate"].linked_case_id is None
    # Persons: Piet matched by BSN (his registration there untouched), Anna registered anew.
    persons = {p.given_names: p for p in Person.objects.filter(case_links__case=case)}
    assert persons["P."].pk == known_piet.pk and persons["P."].street == "Oudeweg"
    assert persons["Anna"].house_id == world.other_house.id
    assert persons["Anna"].date_of_birth == date(1982, 3, 4)
    assert not {p.pk for p in persons.values()} & sending_person_ids
    assert Person.objects.filter(pk__in=sending_person_ids).count() == 2  # still the own house's
    subject = InformationItemSubject.objects.get(note=rich_case["note"])
    assert subject.person_id == persons["Anna"].pk
    # Themes: mapped by code; the one the other house lacks is dropped and named.
    assert list(case.themes.values_list("name", flat=True)) == ["Huiselijk geweld (HG)"]
    entry = case.journal.get(kind=TransferJournalKind.TRANSFERRED)
    assert entry.data["themes_dropped"] == ["Woonoverlast eigen huis"]
    assert entry.data["from_number"] == old_number
    # Participants: the organisation that is no partner there ends, with the reason.
    active = set(case.participants.active().values_list("organisation_id", flat=True))
    assert active == {world.own_org.id}
    ended = case.participants.get(organisation=rich_case["local"])
    assert ended.ended_at is not None and "Geen partner" in ended.end_reason
    # Roles: the receiving house's coordinator; the director (own house only) cleared.
    assert case.process_coordinator_id == receiver_user.pk
    assert case.case_director_id is None
    assert case.next_review_date is not None
    # The plan stays; agreements follow; owners who do not continue: cancelled.
    agreements = {a.what: a for a in Agreement.objects.filter(case=case)}
    assert {a.house_id for a in agreements.values()} == {world.other_house.id}
    assert agreements["Huisbezoek"].status == AgreementStatus.OPEN
    assert agreements["Schuldhulp"].status == AgreementStatus.CANCELLED
    assert agreements["Dagbesteding"].status == AgreementStatus.CANCELLED
    assert "overdracht" in agreements["Schuldhulp"].note
    # The escalation follows, back to proposed (its addressee is of the sending house).
    escalation = Escalation.objects.get(pk=rich_case["escalation"].pk)
    assert escalation.house_id == world.other_house.id
    assert escalation.status == EscalationStatus.PROPOSED and escalation.addressee_id is None
    # The journal keeps the history and gains the transfer and the minutes.
    kinds = set(case.journal.values_list("kind", flat=True))
    assert {
        JournalKind.OPENED,
        JournalKind.ESCALATION_RAISED,
        TransferJournalKind.REQUESTED,
        TransferJournalKind.TRANSFERRED,
        TransferJournalKind.MINUTES,
    } <= kinds
    minutes = case.journal.get(kind=TransferJournalKind.MINUTES)
    assert minutes.text == "Piet zoekt een woning in Buurstad."
    assert minutes.by_id == world.user(Role.PROCESS_COORDINATOR).pk
    # Both houses' logs hold the acceptance; the receiving house's names its own persons.
    own, other = _events(transfer, world.house.id), _events(transfer, world.other_house.id)
    assert len(own) == len(other) == 2
    assert set(own[-1].person_ids) == {str(pid) for pid in sending_person_ids}
    assert set(other[-1].person_ids) == {str(p.pk) for p in persons.values()}
    assert AuditEvent.objects.filter(
        object_type="case", object_id=str(case.pk), house_id=world.other_house.id, action="update"
    ).exists()
    # The sending house is told.
    assert Notification.objects.filter(
        user=world.user(Role.PROCESS_COORDINATOR), subject__contains="overgenomen"
    ).exists()


def test_after_the_move_nothing_of_the_case_points_into_the_sending_house(
    world, rich_case, coordinator, receiver, receiver_user
):
    """The invariant behind the access rules: every house-scoped row of the case now lies in
    the receiving house. Exceptions, by design: the transfer row itself, the sending house's
    held conference (its agenda item, invisible to both), and historic references to users."""
    case = rich_case["case"]
    transfer = _request(case, coordinator, world.other_house)
    _accept(transfer, receiver, receiver_user)
    other = world.other_house.id
    assert set(Person.objects.filter(case_links__case=case).values_list("house_id", flat=True)) == {
        other
    }
    assert set(
        InformationItemSubject.objects.filter(note__case=case).values_list(
            "person__house_id", flat=True
        )
    ) == {other}
    assert set(case.themes.values_list("house_id", flat=True)) <= {other}
    assert set(Agreement.objects.filter(case=case).values_list("house_id", flat=True)) == {other}
    assert set(Escalation.objects.filter(case=case).values_list("house_id", flat=True)) == {other}
    assert not case.linked_referrals.exists()
    assert Case.objects.get(pk=case.pk).origin_referral_id is None


def test_the_acceptor_names_a_coordinator_and_municipality_of_their_own_house(
    world, case, coordinator, receiver, receiver_user
):
    transfer = _request(case, coordinator, world.other_house)
    with pytest.raises(ValidationError) as raised:
        _accept(transfer, receiver, world.user(Role.PROCESS_COORDINATOR))  # own house's
    assert "process_coordinator" in raised.value.message_dict
    foreign = world.house.seat_municipality
    with pytest.raises(ValidationError) as raised:
        _accept(transfer, receiver, receiver_user, municipality=foreign)
    assert "municipality" in raised.value.message_dict
    transfer.refresh_from_db()
    assert transfer.is_pending
    case.refresh_from_db()
    assert case.house_id == world.house.id

    moved = _accept(
        transfer, receiver, receiver_user, municipality=world.other_house.seat_municipality
    )
    assert moved.municipality_id == world.other_house.seat_municipality_id


def test_accepting_twice_moves_once(world, case, coordinator, receiver, receiver_user):
    transfer = _request(case, coordinator, world.other_house)
    first = _accept(transfer, receiver, receiver_user)
    counter = Counter.objects.get(house_id=world.other_house.id, name="case").value
    second = _accept(transfer, receiver, receiver_user, expected_version=1)
    assert first.pk == second.pk and second.number == first.number
    assert Counter.objects.get(house_id=world.other_house.id, name="case").value == counter
    assert (
        CaseJournalEntry.objects.filter(case=case, kind=TransferJournalKind.TRANSFERRED).count()
        == 1
    )


def test_of_a_concurrent_accept_and_refuse_only_the_first_counts(
    world, case, coordinator, receiver, receiver_user
):
    transfer = _request(case, coordinator, world.other_house)
    seen_by_colleague = CaseTransfer.objects.get(pk=transfer.pk)  # opened the same version
    colleague = actor_of(world.user(Role.CHAIN_MANAGER, house="other"), world.other_house)
    _accept(transfer, receiver, receiver_user)
    with pytest.raises(StaleObjectError):
        transfers.transfer_refuse(
            actor=colleague, transfer=seen_by_colleague, expected_version=1, reason="Nee"
        )
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED and transfer.refusal_reason == ""
    assert not CaseJournalEntry.objects.filter(kind=TransferJournalKind.REFUSED).exists()


def test_a_refusal_first_leaves_a_late_acceptance_nothing_to_move(
    world, case, coordinator, receiver, receiver_user
):
    transfer = _request(case, coordinator, world.other_house)
    seen_by_colleague = CaseTransfer.objects.get(pk=transfer.pk)
    colleague = actor_of(world.user(Role.CHAIN_MANAGER, house="other"), world.other_house)
    transfers.transfer_refuse(actor=colleague, transfer=transfer, expected_version=1, reason="Nee")
    with pytest.raises(StaleObjectError):
        _accept(seen_by_colleague, receiver, receiver_user, expected_version=1)
    case.refresh_from_db()
    assert case.house_id == world.house.id
    assert not Counter.objects.filter(house_id=world.other_house.id, name="case").exists()
    # A stale form is refused before anything is looked at.
    fresh = _request(case, coordinator, world.other_house)
    with pytest.raises(StaleObjectError):
        _accept(fresh, receiver, receiver_user, expected_version=fresh.version + 1)


def test_a_case_closed_or_put_on_an_agenda_meanwhile_is_not_taken_over(
    world, case, coordinator, receiver, receiver_user
):
    transfer = _request(case, coordinator, world.other_house)
    AgendaItem.objects.create(
        conference=_conference(world, status=ConferenceStatus.PLANNED), case=case
    )
    with pytest.raises(ValidationError, match="agenda"):
        _accept(transfer, receiver, receiver_user)
    AgendaItem.objects.filter(case=case).delete()
    case.refresh_from_db()
    case_close(
        actor=coordinator,
        case=case,
        expected_version=case.version,
        closure=Closure(reason="goals_achieved"),
    )
    with pytest.raises(ValidationError, match="afgesloten"):
        _accept(transfer, receiver, receiver_user)
    transfer.refresh_from_db()
    case.refresh_from_db()
    assert transfer.is_pending and case.house_id == world.house.id


# --- access before and after, for both houses -------------------------------------------------


def _get(client_for, user, name, **kwargs):
    return client_for(user).get(reverse(name, kwargs=kwargs))


def test_before_acceptance_the_receiving_house_sees_only_the_request(
    world, rich_case, coordinator, client_for
):
    case = rich_case["case"]
    transfer = _request(case, coordinator, world.other_house)
    receiver_pc = world.user(Role.PROCESS_COORDINATOR, house="other")
    anna = Person.objects.get(case_links__case=case, given_names="Anna")

    page = _get(client_for, receiver_pc, "cases:transfer-detail", transfer_id=transfer.id)
    assert page.status_code == 200
    html = page.content.decode()
    # The minimum: number, persons' names and dates of birth, reason and explanation.
    assert case.number in html and "Anna Jansen" in html and "4-3-1982" in html
    assert "Woont sinds 1 maart" in html
    # Nothing else of the case: no BSN, plan, journal, participants, notes or escalations.
    for secret in (
        BSN,
        "Huisbezoek",
        "Gesprek met Anna",
        "Alleen in het eigen huis",
        "Levert niet",
    ):
        assert secret not in html, secret
    # The case and everything under it: 404.
    for name, kwargs in (
        ("cases:detail", {"case_id": case.id}),
        ("plans:plan", {"case_id": case.id}),
        ("people:detail", {"person_id": anna.id}),
        ("cases:escalation-detail", {"escalation_id": rich_case["escalation"].id}),
    ):
        assert _get(client_for, receiver_pc, name, **kwargs).status_code == 404, name
    found = client_for(receiver_pc).post(reverse("cases:search"), {"q": "Jansen"})
    assert case.number not in found.content.decode()
    # Others in the receiving house see no transfer at all.
    for user in (
        world.user(Role.PARTNER_PROFESSIONAL, house="other"),
        world.user(Role.ADMINISTRATOR, house="other"),
    ):
        assert (
            _get(client_for, user, "cases:transfer-detail", transfer_id=transfer.id).status_code
            == 404
        )
        assert _get(client_for, user, "cases:transfer-list").status_code == 404
    # The incoming list names no persons.
    listed = _get(client_for, receiver_pc, "cases:transfer-list").content.decode()
    assert case.number in listed and "Jansen" not in listed


def test_after_acceptance_the_case_is_the_receiving_houses_alone(
    world, rich_case, coordinator, receiver, receiver_user, client_for
):
    case = rich_case["case"]
    old_number = case.number
    transfer = _request(case, coordinator, world.other_house)
    _accept(transfer, receiver, receiver_user)
    case.refresh_from_db()

    # The sending house: the case and its parts are gone (404); the record stays.
    for user in (
        world.user(Role.PROCESS_COORDINATOR),
        world.user(Role.CHAIN_MANAGER),
        world.user(Role.PARTNER_PROFESSIONAL),
    ):
        assert _get(client_for, user, "cases:detail", case_id=case.id).status_code == 404
        assert _get(client_for, user, "plans:plan", case_id=case.id).status_code == 404
    administrator = world.user(Role.ADMINISTRATOR)
    escalation_id = rich_case["escalation"].id
    assert (
        _get(
            client_for, administrator, "cases:escalation-detail", escalation_id=escalation_id
        ).status_code
        == 404
    )
    record = _get(
        client_for, coordinator_user_of(world), "cases:transfer-detail", transfer_id=transfer.id
    )
    html = record.content.decode()
    assert record.status_code == 200 and old_number in html and world.other_house.name in html
    # Not their case any more: no link to it, no persons.
    assert reverse("cases:detail", kwargs={"case_id": case.id}) not in html
    assert "Anna" not in html and "Jansen" not in html
    outgoing = client_for(coordinator_user_of(world)).get(
        reverse("cases:transfer-list"), {"richting": "uit"}
    )
    assert old_number in outgoing.content.decode()
    found = client_for(coordinator_user_of(world)).post(reverse("cases:search"), {"q": old_number})
    assert reverse("cases:detail", kwargs={"case_id": case.id}) not in found.content.decode()

    # The receiving house: staff and the continuing organisation's professional see it.
    page = _get(client_for, receiver_user, "cases:detail", case_id=case.id)
    assert page.status_code == 200
    html = page.content.decode()
    assert old_number in html and world.house.name in html  # "overgenomen van"
    assert "Piet zoekt een woning" in html
    assert (
        _get(
            client_for,
            world.user(Role.PARTNER_PROFESSIONAL, house="other"),
            "cases:detail",
            case_id=case.id,
        ).status_code
        == 200
    )
    # ... and finds it by the number the partners knew.
    found = client_for(receiver_user).post(reverse("cases:search"), {"q": old_number})
    assert reverse("cases:detail", kwargs={"case_id": case.id}) in found.content.decode()
    # The other organisation does not take part: 404 for its professional there.
    assert (
        _get(
            client_for,
            world.user(Role.PARTNER_PROFESSIONAL, org="other", house="other"),
            "cases:detail",
            case_id=case.id,
        ).status_code
        == 404
    )


def test_the_minutes_that_travel_stay_behind_the_conference_declaration(
    world, rich_case, coordinator, receiver, receiver_user, client_for
):
    """The copied minutes are conference content (docs/decisions/0155): in the receiving house
    its staff read them, a continuing organisation only as a party to that house's privacy
    covenant (nobody there can accept the sending house's declaration)."""
    case = rich_case["case"]
    _accept(_request(case, coordinator, world.other_house), receiver, receiver_user)
    minutes = case.journal.get(kind=TransferJournalKind.MINUTES)
    assert minutes.conference_id == rich_case["conference"].pk
    partner = world.user(Role.PARTNER_PROFESSIONAL, house="other")

    def shows_minutes(user) -> bool:
        page = _get(client_for, user, "cases:detail", case_id=case.id)
        assert page.status_code == 200
        return "Piet zoekt een woning" in page.content.decode()

    assert shows_minutes(receiver_user)
    assert not shows_minutes(partner)
    covenant = Covenant.objects.create(
        house=world.other_house,
        kind=CovenantKind.PRIVACY,
        title="Privacyconvenant Buur",
        document_version="1.0",
        signed_on=timezone.localdate() - timedelta(days=10),
        status=CovenantStatus.SIGNED,
    )
    covenant.parties.add(world.own_org)
    assert shows_minutes(partner)


def coordinator_user_of(world):
    return world.user(Role.PROCESS_COORDINATOR)


# --- the pages ---------------------------------------------------------------------------------


def test_request_accept_through_the_pages(world, case, client_for):
    sender = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = reverse("cases:transfer-request", kwargs={"case_id": case.id})
    form = sender.get(url)
    assert form.status_code == 200
    assert world.other_house.name in form.content.decode()
    form_id = form.context["form"].initial["transfer_id"]
    data = {
        "transfer_id": form_id,
        "to_house": world.other_house.id,
        "reason": "residence_changed",
        "explanation": "Verhuisd",
    }
    # Missing explanation: 400 with the message, nothing written.
    bad = sender.post(url, {**data, "explanation": ""})
    assert bad.status_code == 400 and "Licht toe" in bad.content.decode()
    assert not CaseTransfer.objects.exists()
    response = sender.post(url, data)
    transfer = CaseTransfer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "cases:transfer-detail", kwargs={"transfer_id": transfer.id}
    )
    assert sender.post(url, data).status_code == 302  # double submit
    assert CaseTransfer.objects.count() == 1
    # The case page says a request is open.
    assert (
        "Er loopt een verzoek"
        in sender.get(reverse("cases:detail", kwargs={"case_id": case.id})).content.decode()
    )

    receiver_pc = world.user(Role.PROCESS_COORDINATOR, house="other")
    receiver = client_for(receiver_pc)
    accept = reverse("cases:transfer-accept", kwargs={"transfer_id": transfer.id})
    bad = receiver.post(accept, {"accept-version": 1})
    assert bad.status_code == 400 and "Kies een procesregisseur" in bad.content.decode()
    # The sending house cannot accept its own request.
    assert (
        sender.post(
            accept, {"accept-version": 1, "accept-process_coordinator": receiver_pc.pk}
        ).status_code
        == 404
    )
    response = receiver.post(
        accept, {"accept-version": 1, "accept-process_coordinator": receiver_pc.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"case_id": case.id})
    # A colleague's late refusal with the old version: told, nothing changes.
    colleague = client_for(world.user(Role.CHAIN_MANAGER, house="other"))
    refuse = reverse("cases:transfer-refuse", kwargs={"transfer_id": transfer.id})
    late = colleague.post(refuse, {"refuse-version": 1, "refuse-reason": "Nee"}, follow=True)
    assert late.status_code == 200 and "al besloten" in late.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED


def test_refuse_and_withdraw_through_the_pages(world, case, coordinator, client_for):
    transfer = _request(case, coordinator, world.other_house)
    refuse = reverse("cases:transfer-refuse", kwargs={"transfer_id": transfer.id})
    receiver = client_for(world.user(Role.CHAIN_MANAGER, house="other"))
    assert receiver.post(refuse, {"refuse-version": 1, "refuse-reason": ""}).status_code == 400
    response = receiver.post(refuse, {"refuse-version": 1, "refuse-reason": "Niet onze regio"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REFUSED

    second = _request(case, coordinator, world.other_house)
    withdraw = reverse("cases:transfer-withdraw", kwargs={"transfer_id": second.id})
    assert receiver.post(withdraw, {"withdraw-version": 1}).status_code == 404
    sender = client_for(world.user(Role.PROCESS_COORDINATOR))
    assert sender.post(withdraw, {"withdraw-version": 1}).status_code == 302
    second.refresh_from_db()
    assert second.status == TransferStatus.WITHDRAWN
    # After the decision the receiving house's page is a record: no persons.
    html = receiver.get(
        reverse("cases:transfer-detail", kwargs={"transfer_id": transfer.id})
    ).content.decode()
    assert "Jansen" not in html and "Niet onze regio" in html
