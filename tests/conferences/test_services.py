"""Conference services: planning rules and bad input, the agenda, invitations by e-mail with
a calendar attachment, the declaration, minutes, decisions with agreements, closing."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories.intake import actor_of
from tests.factories.people import CaseFactory
from zvh.audit.models import AuditEvent
from zvh.cases.models import CaseJournalEntry, CaseParticipant, CaseStatus
from zvh.conferences import services
from zvh.conferences.journal import describe
from zvh.conferences.models import (
    Conference,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    ConfidentialityDeclaration,
    DeclarationAcceptance,
    Invitation,
)
from zvh.core.concurrency import StaleObjectError
from zvh.network.models import Role
from zvh.plans.models import Agreement

from .conftest import DECLARATION_TEXT, begin, schedule
from .test_ics import parse, vevent


def create(coordinator, **overrides) -> Conference:
    values = {"kind": ConferenceKind.TARGET_GROUP, "schedule": schedule()}
    values.update(overrides)
    return services.conference_create(actor=coordinator, data=services.ConferenceInput(**values))


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- planning and bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "starts_at", "verleden"),
        ({"starts_at": timezone.now() + timedelta(days=800)}, "starts_at", "binnen twee jaar"),
        ({"ends_at": None}, "ends_at", "na de aanvang"),
        ({"location": "", "video_link": ""}, "location", "plaats of een videoverbinding"),
        ({"video_link": "http://meet.example.org/x"}, "video_link", "https://"),
        ({"video_link": "javascript:alert(1)"}, "video_link", "https://"),
    ],
)
def test_a_bad_schedule_is_refused_and_nothing_is_planned(
    world, coordinator, theme, overrides, field, message
):
    values = schedule()
    data = {
        "starts_at": values.starts_at,
        "ends_at": values.ends_at,
        "location": values.location,
        "video_link": values.video_link,
        **overrides,
    }
    if data["ends_at"] is None:
        data["ends_at"] = data["starts_at"] - timedelta(minutes=5)
    with pytest.raises(ValidationError) as excinfo:
        create(coordinator, schedule=services.Schedule(**data), theme=theme)
    assert message in " ".join(errors_of(excinfo)[field])
    assert not Conference.objects.exists()


def test_a_conference_of_more_than_twelve_hours_is_refused(coordinator, theme):
    start = schedule().starts_at
    with pytest.raises(ValidationError) as excinfo:
        create(
            coordinator,
            theme=theme,
            schedule=services.Schedule(
                starts_at=start, ends_at=start + timedelta(hours=13), location="Zaal"
            ),
        )
    assert "twaalf uur" in errors_of(excinfo)["ends_at"][0]


def test_a_target_group_conference_needs_a_target_group(coordinator):
    with pytest.raises(ValidationError) as excinfo:
        create(coordinator)
    assert "doelgroep" in errors_of(excinfo)["theme"][0]


def test_a_casus_op_maat_needs_an_open_case_of_the_house(world, coordinator, case_a):
    with pytest.raises(ValidationError) as excinfo:
        create(coordinator, kind=ConferenceKind.CASE)
    assert "casus" in errors_of(excinfo)["case"][0]
    elsewhere = CaseFactory(house=world.other_house)
    closed = CaseFactory(house=world.house, status=CaseStatus.CLOSED)
    for case in (elsewhere, closed):
        with pytest.raises(ValidationError) as excinfo:
            create(coordinator, kind=ConferenceKind.CASE, case=case)
        assert "afgesloten" in errors_of(excinfo)["case"][0]
    conference = create(coordinator, kind=ConferenceKind.CASE, case=case_a)
    assert [item.case_id for item in conference.items.all()] == [case_a.id]
    assert conference.number.startswith("O-")


def test_a_casus_op_maat_invites_only_people_who_may_see_the_case(
    world, coordinator, case_b, outsider, own_professional
):
    # The other organisation does not take part in case B.
    with pytest.raises(ValidationError) as excinfo:
        create(coordinator, kind=ConferenceKind.CASE, case=case_b, invitees=[outsider])
    assert "deelnemer" in errors_of(excinfo)["invitees"][0]
    staff = world.user(Role.CHAIN_MANAGER)
    admin = world.user(Role.FUNCTIONAL_ADMIN)
    with pytest.raises(ValidationError):
        create(coordinator, kind=ConferenceKind.CASE, case=case_b, invitees=[admin])
    conference = create(
        coordinator, kind=ConferenceKind.CASE, case=case_b, invitees=[own_professional, staff]
    )
    assert set(conference.invitations.values_list("user_id", flat=True)) == {
        own_professional.pk,
        staff.pk,
    }


def test_only_planners_plan(world, theme):
    professional = actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house)
    with pytest.raises(PermissionDenied):
        create(professional, theme=theme)


def test_a_double_submit_plans_one_conference(coordinator, theme):
    conference_id = uuid.uuid4()
    first = create(coordinator, theme=theme, conference_id=conference_id)
    second = create(coordinator, theme=theme, conference_id=conference_id)
    assert first.pk == second.pk == conference_id
    assert Conference.objects.count() == 1


# --- agenda -----------------------------------------------------------------------------------


def test_the_agenda_takes_open_cases_of_the_house_once(world, coordinator, theme, case_a, case_b):
    conference = create(coordinator, theme=theme)
    with pytest.raises(ValidationError) as excinfo:
        services.agenda_add(actor=coordinator, conference=conference, cases=[])
    assert "ten minste" in errors_of(excinfo)["cases"][0]
    closed = CaseFactory(house=world.house, status=CaseStatus.CLOSED, number="C-GESLOTEN")
    elsewhere = CaseFactory(house=world.other_house, number="C-ANDER-HUIS")
    with pytest.raises(ValidationError) as excinfo:
        services.agenda_add(
            actor=coordinator, conference=conference, cases=[case_a, closed, elsewhere]
        )
    assert "C-ANDER-HUIS, C-GESLOTEN" in errors_of(excinfo)["cases"][0]
    assert not conference.items.exists()  # a refusal adds nothing, not even case A
    assert services.agenda_add(actor=coordinator, conference=conference, cases=[case_a]) == 1
    assert (
        services.agenda_add(actor=coordinator, conference=conference, cases=[case_a, case_b]) == 1
    )
    assert list(conference.items.order_by("position").values_list("case_id", flat=True)) == [
        case_a.id,
        case_b.id,
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.agenda_add(actor=coordinator, conference=conference, cases=[case_b])
    assert "al op de agenda" in errors_of(excinfo)["cases"][0]


def test_a_casus_op_maat_keeps_its_one_case(coordinator, case_conference, case_b):
    with pytest.raises(ValidationError):
        services.agenda_add(actor=coordinator, conference=case_conference, cases=[case_b])
    with pytest.raises(ValidationError):
        services.agenda_remove(
            actor=coordinator, conference=case_conference, item=case_conference.items.get()
        )


def test_an_item_with_minutes_stays_on_the_agenda(coordinator, target_conference, case_b):
    item = target_conference.items.get(case=case_b)
    begin(target_conference)
    services.minutes_save(actor=coordinator, item=item, expected_version=1, text="Besproken.")
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        services.agenda_remove(actor=coordinator, conference=target_conference, item=item)
    assert target_conference.items.count() == 2


# --- invitations --------------------------------------------------------------------------------


def calendar_of(message) -> bytes:
    (attachment,) = message.attachments
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "casusoverleg.ics"
    return attachment.get_payload(decode=True)


def test_invitations_are_e_mailed_with_a_calendar_that_names_no_one(
    world,
    coordinator,
    target_conference,
    own_professional,
    outsider,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invitations_send(actor=coordinator, conference=target_conference)
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([own_professional.email, outsider.email])
    for message in mail.outbox:
        data = calendar_of(message)
        event = vevent(parse(data))
        assert event["SUMMARY"][0][1] == f"Casusoverleg ZVH {target_conference.number}"
        assert event["LOCATION"][0][1] == "Stadhuis\\, zaal 2"
        assert event["UID"][0][1].startswith(str(target_conference.id))
        assert event["SEQUENCE"][0][1] == "0"
        everything = message.subject + message.body + data.decode()
        for name in ("Jansen", "Visser", "Kim"):
            assert name not in everything
        assert target_conference.number in message.subject
    assert not Invitation.objects.filter(sent_at__isnull=True).exists()
    # Sending again sends nothing twice.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_send(actor=coordinator, conference=target_conference) == 0
    assert mail.outbox == []


def test_no_invitations_for_an_empty_agenda_or_without_invitees(
    coordinator, theme, own_professional, case_a, django_capture_on_commit_callbacks
):
    conference = create(coordinator, theme=theme, invitees=[own_professional])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as e:
        services.invitations_send(actor=coordinator, conference=conference)
    assert "agenda is leeg" in e.value.messages[0]
    alone = create(coordinator, kind=ConferenceKind.CASE, case=case_a)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as e:
        services.invitations_send(actor=coordinator, conference=alone)
    assert "niemand uitgenodigd" in e.value.messages[0]
    assert mail.outbox == []


def test_a_new_time_is_sent_as_an_update_and_a_removal_as_a_cancellation(
    coordinator, target_conference, own_professional, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=coordinator, conference=target_conference)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.conference_reschedule(
            actor=coordinator,
            conference=target_conference,
            expected_version=target_conference.version,
            schedule=schedule(days=5),
        )
    assert len(mail.outbox) == 2
    assert {vevent(parse(calendar_of(m)))["SEQUENCE"][0][1] for m in mail.outbox} == {"1"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_set(
            actor=coordinator,
            conference=target_conference,
            expected_version=target_conference.version,
            users=[own_professional],
        )
    (message,) = mail.outbox
    assert message.to == [outsider.email]
    properties = parse(calendar_of(message))
    assert ("METHOD", "", "CANCEL") in properties
    assert not target_conference.invitations.filter(user=outsider).exists()


def test_a_stale_reschedule_is_refused(coordinator, target_conference):
    with pytest.raises(StaleObjectError):
        services.conference_reschedule(
            actor=coordinator,
            conference=target_conference,
            expected_version=target_conference.version - 1,
            schedule=schedule(days=6),
        )


def test_cancelling_tells_everyone_who_was_invited(
    coordinator, target_conference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=coordinator, conference=target_conference)
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.conference_cancel(actor=coordinator, conference=target_conference, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.conference_cancel(
            actor=coordinator, conference=target_conference, reason="Voorzitter ziek"
        )
    assert target_conference.status == ConferenceStatus.CANCELLED
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Voorzitter" not in message.body
        assert vevent(parse(calendar_of(message)))["STATUS"][0][1] == "CANCELLED"
    with pytest.raises(ValidationError):
        services.invitations_send(actor=coordinator, conference=target_conference)


# --- the declaration ----------------------------------------------------------------------------


def test_a_new_declaration_version_replaces_the_active_one(world, declaration):
    manager = actor_of(world.user(Role.CHAIN_MANAGER), world.house)
    with pytest.raises(ValidationError):
        services.declaration_create(actor=manager, text="  ")
    second = services.declaration_create(actor=manager, text="Nieuwe tekst")
    assert second.version == 2 and second.active
    declaration.refresh_from_db()
    assert not declaration.active
    coordinator = actor_of(world.user(Role.PROCESS_COORDINATOR), world.house)
    with pytest.raises(PermissionDenied):
        services.declaration_create(actor=coordinator, text="Van de regisseur")


def test_only_a_non_covenant_attendee_accepts_and_it_is_recorded_with_its_version(
    world, target_conference, declaration, own_professional, outsider
):
    party = actor_of(own_professional, world.house)
    assert (
        services.declaration_accept(
            actor=party, conference=target_conference, declaration_id=declaration.pk
        )
        is None
    )
    attendee = actor_of(outsider, world.house)
    with pytest.raises(ValidationError) as excinfo:
        services.declaration_accept(
            actor=attendee, conference=target_conference, declaration_id=uuid.uuid4()
        )
    assert "gewijzigd" in excinfo.value.messages[0]
    acceptance = services.declaration_accept(
        actor=attendee, conference=target_conference, declaration_id=declaration.pk
    )
    assert acceptance is not None
    assert acceptance.declaration.version == 1
    assert acceptance.organisation_id == world.other_org.pk
    assert abs(acceptance.accepted_at - timezone.now()) < timedelta(minutes=1)
    again = services.declaration_accept(
        actor=attendee, conference=target_conference, declaration_id=declaration.pk
    )
    assert again.pk == acceptance.pk
    assert (
        AuditEvent.objects.filter(
            object_type="confidentiality_acceptance", object_id=str(target_conference.id)
        ).count()
        == 1
    )


def test_without_a_declaration_nobody_outside_the_covenant_gets_in(
    world, target_conference, declaration, outsider
):
    ConfidentialityDeclaration.objects.filter(pk=declaration.pk).update(active=False)
    with pytest.raises(ValidationError) as excinfo:
        services.declaration_accept(
            actor=actor_of(outsider, world.house),
            conference=target_conference,
            declaration_id=declaration.pk,
        )
    assert "nog geen geheimhoudingsverklaring" in excinfo.value.messages[0]
    assert not DeclarationAcceptance.objects.exists()
    assert DECLARATION_TEXT  # the fixture's text stays unchanged for the other tests


def test_someone_not_invited_cannot_accept(world, target_conference, declaration):
    stranger = actor_of(world.user(Role.PARTNER_PROFESSIONAL, org="other"), world.other_house)
    with pytest.raises(PermissionDenied):
        services.declaration_accept(
            actor=stranger, conference=target_conference, declaration_id=declaration.pk
        )


# --- minutes, decisions, closing ---------------------------------------------------------------


def test_minutes_wait_for_the_start_and_never_overwrite_silently(coordinator, target_conference):
    item = target_conference.items.first()
    with pytest.raises(ValidationError) as excinfo:
        services.minutes_save(actor=coordinator, item=item, expected_version=1, text="Te vroeg")
    assert "nog niet begonnen" in excinfo.value.messages[0]
    begin(target_conference)
    item.conference = target_conference
    services.minutes_save(actor=coordinator, item=item, expected_version=1, text="Eerste versie")
    with pytest.raises(StaleObjectError):
        services.minutes_save(actor=coordinator, item=item, expected_version=1, text="Tweede")
    item.refresh_from_db()
    assert item.minutes == "Eerste versie" and item.version == 2


def test_a_decision_makes_an_agreement_in_the_plan(
    world, coordinator, target_conference, case_a, outsider
):
    begin(target_conference)
    item = target_conference.items.select_related("case", "conference").get(case=case_a)
    due = timezone.localdate() + timedelta(days=14)
    decision_id = uuid.uuid4()
    data = services.DecisionInput(
        text="Schuldhulp start deze maand.",
        agreements=[
            services.AgreementInput(
                what="Intake schuldhulp", domain="social", owner=outsider, due_date=due
            )
        ],
        decision_id=decision_id,
    )
    decision = services.decision_record(actor=coordinator, item=item, data=data)
    (agreement,) = decision.agreements.all()
    assert agreement.case_id == case_a.id
    assert agreement.owner_user_id == outsider.pk
    assert agreement.owner_organisation_id == world.other_org.pk
    assert agreement.due_date == due
    journal = CaseJournalEntry.objects.filter(case=case_a, kind="conference_decision").get()
    assert journal.text == "Schuldhulp start deze maand."
    assert journal.data["number"] == target_conference.number
    assert describe(journal) == (
        f"Overleg {target_conference.number}. 1 afspraak in het plan gezet."
    )
    # The same form submitted twice creates nothing twice.
    again = services.decision_record(actor=coordinator, item=item, data=data)
    assert again.pk == decision.pk
    assert Agreement.objects.count() == 1 and ConferenceDecision.objects.count() == 1


def test_an_agreement_for_a_non_participating_organisation_stores_nothing(
    world, coordinator, target_conference, case_b, outsider
):
    """The other organisation does not take part in case B: the plan refuses the owner, and
    the decision is not stored either."""
    begin(target_conference)
    item = target_conference.items.select_related("case", "conference").get(case=case_b)
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(
            actor=coordinator,
            item=item,
            data=services.DecisionInput(
                text="Afspraak met een buitenstaander",
                agreements=[
                    services.AgreementInput(
                        what="Iets",
                        domain="care",
                        owner=outsider,
                        due_date=timezone.localdate() + timedelta(days=7),
                    )
                ],
            ),
        )
    assert "neemt niet deel" in " ".join(errors_of(excinfo)["owner"])
    assert not ConferenceDecision.objects.exists() and not Agreement.objects.exists()
    assert not CaseJournalEntry.objects.filter(kind="conference_decision").exists()


def test_closing_writes_the_journal_of_every_case_and_freezes_the_minutes(
    coordinator, target_conference, case_a, case_b
):
    with pytest.raises(ValidationError):
        services.conference_close(actor=coordinator, conference=target_conference)
    begin(target_conference)
    services.conference_close(actor=coordinator, conference=target_conference)
    assert target_conference.status == ConferenceStatus.HELD
    for case in (case_a, case_b):
        assert CaseJournalEntry.objects.filter(case=case, kind="conference_held").count() == 1
        case.refresh_from_db()
        assert case.first_conference_at == target_conference.starts_at
    item = target_conference.items.select_related("conference").first()
    with pytest.raises(ValidationError) as excinfo:
        services.minutes_save(actor=coordinator, item=item, expected_version=1, text="Later")
    assert "afgerond" in excinfo.value.messages[0]


def test_an_organisation_that_leaves_the_case_loses_its_agenda_item(
    world, target_conference, declaration, case_a, outsider
):
    from zvh.conferences.policy import visible_agenda_items
    from zvh.covenants.selectors import covenant_party_ids

    attendee = actor_of(outsider, world.house)
    parties = covenant_party_ids(world.house.id)
    assert not visible_agenda_items(attendee, target_conference, parties).exists()
    services.declaration_accept(
        actor=attendee, conference=target_conference, declaration_id=declaration.pk
    )
    assert [i.case_id for i in visible_agenda_items(attendee, target_conference, parties)] == [
        case_a.id
    ]
    CaseParticipant.objects.filter(case=case_a, organisation=world.other_org).update(
        ended_at=timezone.now()
    )
    assert not visible_agenda_items(attendee, target_conference, parties).exists()


def test_conference_kinds_have_labels_in_the_case_journal():
    from zvh.cases.journal import kind_label
    from zvh.conferences.journal import ConferenceJournalKind

    for kind, label in ConferenceJournalKind.choices:
        assert kind_label(kind) == str(label)
