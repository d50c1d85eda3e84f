"""Registering a request, its deadline, status and extension; rectification with its trail;
and how a request outlives the person's data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories.intake import actor_of
from tests.factories.people import PersonFactory
from zvh.audit.models import Action, AuditEvent
from zvh.core.concurrency import StaleObjectError
from zvh.subject_requests import services
from zvh.subject_requests.models import (
    EventKind,
    PersonCorrection,
    RequestKind,
    RequestStatus,
    SubjectRequest,
    add_months,
)

from .conftest import officer_of, register, register_opened


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 1), 3, date(2026, 8, 1)),
    ],
)
def test_a_month_is_a_calendar_month_ending_on_the_months_last_day_when_short(
    day, months, expected
):
    assert add_months(day, months) == expected


def test_a_request_is_registered_with_a_deadline_one_month_after_receipt(world):
    person = PersonFactory(house=world.house)
    received = timezone.localdate() - timedelta(days=3)
    request = services.subject_request_register(
        actor=officer_of(world, org="other"),
        person=person,
        data=services.RequestInput(
            kind=RequestKind.ACCESS, received_on=received, received_via="email", notes="Via mail"
        ),
    )
    assert request.deadline == add_months(received, 1)
    assert request.status == RequestStatus.RECEIVED
    assert request.number.startswith("V-")
    assert request.events.get().kind == EventKind.REGISTERED
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="subject_request")
    assert event.person_ids == [str(person.id)]
    assert person.surname not in str(event.detail)


def test_bad_registrations_are_refused_in_dutch_and_change_nothing(world):
    person = PersonFactory(house=world.house)
    with pytest.raises(ValidationError) as error:
        services.subject_request_register(
            actor=officer_of(world),
            person=person,
            data=services.RequestInput(
                kind="complaint",
                received_on=timezone.localdate() + timedelta(days=1),
                received_via="pigeon",
            ),
        )
    assert error.value.message_dict == {
        "kind": ["Kies de soort verzoek."],
        "received_via": ["Kies hoe het verzoek binnenkwam."],
        "received_on": ["De datum van ontvangst ligt in de toekomst."],
    }
    assert not SubjectRequest.objects.exists()


def test_only_the_privacy_officer_registers_and_only_for_a_person_of_their_house(world):
    person = PersonFactory(house=world.house)
    data = services.RequestInput(
        kind=RequestKind.ACCESS, received_on=timezone.localdate(), received_via="desk"
    )
    with pytest.raises(PermissionDenied):
        services.subject_request_register(
            actor=actor_of(world.user("chain_manager"), world.house), person=person, data=data
        )
    with pytest.raises(PermissionDenied):
        services.subject_request_register(
            actor=officer_of(world, house="other"), person=person, data=data
        )
    assert not SubjectRequest.objects.exists()


def test_a_request_goes_from_received_to_in_progress_to_answered_timestamped(world):
    request = register(world, PersonFactory(house=world.house))
    officer = officer_of(world)
    services.subject_request_start(actor=officer, request=request, expected_version=1)
    assert request.status == RequestStatus.IN_PROGRESS and request.started_at is not None
    with pytest.raises(ValidationError):
        services.subject_request_start(actor=officer, request=request, expected_version=2)
    services.subject_request_close(
        actor=officer,
        request=request,
        expected_version=2,
        status=RequestStatus.ANSWERED,
        note="Overzicht per post verstuurd",
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.closed_at is not None and request.closed_by_id == officer.user_id
    assert list(request.events.values_list("kind", flat=True)) == [
        EventKind.REGISTERED,
        EventKind.STARTED,
        EventKind.ANSWERED,
    ]
    with pytest.raises(ValidationError):
        services.subject_request_extend(
            actor=officer, request=request, expected_version=3, reason="Te laat"
        )


def test_a_refusal_needs_its_reason_and_a_stale_form_is_refused(world):
    request = register(world, PersonFactory(house=world.house))
    officer = officer_of(world)
    with pytest.raises(ValidationError) as error:
        services.subject_request_close(
            actor=officer, request=request, expected_version=1, status="refused", note=" "
        )
    assert "note" in error.value.message_dict
    services.subject_request_start(actor=officer, request=request, expected_version=1)
    stale = SubjectRequest.objects.get(pk=request.pk)
    stale.version = 1
    with pytest.raises(StaleObjectError):
        services.subject_request_close(
            actor=officer, request=stale, expected_version=1, status="refused", note="Kennelijk"
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS


def test_the_deadline_is_extended_once_by_two_months_with_a_reason(world):
    request = register(world, PersonFactory(house=world.house), days_ago=10)
    officer = officer_of(world)
    with pytest.raises(ValidationError) as error:
        services.subject_request_extend(
            actor=officer, request=request, expected_version=1, reason="  "
        )
    assert error.value.message_dict == {"reason": ["Geef de reden van de verlenging."]}
    services.subject_request_extend(
        actor=officer, request=request, expected_version=1, reason="Veel organisaties betrokken"
    )
    request.refresh_from_db()
    assert request.deadline == add_months(request.received_on, 3)
    assert request.extension_reason == "Veel organisaties betrokken"
    with pytest.raises(ValidationError) as error:
        services.subject_request_extend(
            actor=officer, request=request, expected_version=2, reason="Nog eens"
        )
    assert "al verlengd" in error.value.messages[0]


def test_an_extension_after_the_first_month_is_refused(world):
    request = register(world, PersonFactory(house=world.house), days_ago=40)
    assert request.is_overdue
    with pytest.raises(ValidationError) as error:
        services.subject_request_extend(
            actor=officer_of(world), request=request, expected_version=1, reason="Druk"
        )
    assert "De eerste maand is voorbij" in error.value.messages[0]
    request.refresh_from_db()
    assert request.extended_at is None


def test_rectification_keeps_a_trail_and_the_access_log_names_fields_only(world):
    person = PersonFactory(house=world.house, surname="Jansen", given_names="Pieter")
    request = register_opened(world, person, kind=RequestKind.RECTIFICATION)
    seen = services.person_fingerprint(person)
    corrections = services.person_rectify(
        actor=officer_of(world),
        request=request,
        seen=seen,
        values={
            "given_names": "Pieter",
            "surname": "Janssen",
            "date_of_birth": date(1980, 5, 4),
            "postcode": "1234 ab",
        },
        reason="Paspoort getoond",
    )
    person.refresh_from_db()
    assert person.surname == "Janssen" and person.postcode == "1234 AB"
    trail = {c.field: (c.old_value, c.new_value) for c in corrections}
    assert set(trail) == {"surname", "date_of_birth", "postcode"}
    assert trail["surname"] == ("Jansen", "Janssen")
    assert trail["date_of_birth"][1] == "1980-05-04"
    assert all(c.reason == "Paspoort getoond" for c in corrections)
    event = AuditEvent.objects.get(action=Action.UPDATE, object_type="person")
    assert event.detail == {
        "fields": ["date_of_birth", "postcode", "surname"],
        "subject_request": str(request.id),
    }
    assert "Jansen" not in str(event.detail) and "Janssen" not in str(event.detail)
    # The form was opened before this correction: a second save with it is refused.
    with pytest.raises(StaleObjectError):
        services.person_rectify(
            actor=officer_of(world),
            request=request,
            seen=seen,
            values={"surname": "Jansen"},
            reason="Terug",
        )


def test_bad_corrections_are_refused_per_field_and_change_nothing(world):
    other = PersonFactory(house=world.house, bsn="123456782")
    person = PersonFactory(house=world.house, surname="Jansen")
    request = register_opened(world, person, kind=RequestKind.RECTIFICATION)
    seen = services.person_fingerprint(person)
    with pytest.raises(ValidationError) as error:
        services.person_rectify(
            actor=officer_of(world),
            request=request,
            seen=seen,
            values={
                "surname": "",
                "bsn": "123456789",
                "date_of_birth": timezone.localdate() + timedelta(days=1),
            },
            reason="",
        )
    errors = error.value.message_dict
    assert set(errors) == {"surname", "bsn", "date_of_birth", "reason"}
    assert errors["date_of_birth"] == ["De geboortedatum ligt in de toekomst."]
    with pytest.raises(ValidationError) as error:
        services.person_rectify(
            actor=officer_of(world),
            request=request,
            seen=seen,
            values={"bsn": other.bsn},
            reason="BRP",
        )
    assert "andere betrokkene" in error.value.message_dict["bsn"][0]
    with pytest.raises(ValidationError) as error:
        services.person_rectify(
            actor=officer_of(world), request=request, seen=seen, values={}, reason="BRP"
        )
    assert "niets gewijzigd" in error.value.messages[0]
    person.refresh_from_db()
    assert person.surname == "Jansen" and person.bsn == ""
    assert not PersonCorrection.objects.exists()


def test_the_request_outlives_the_persons_data_and_the_trail_goes_with_the_person(world):
    """What retention relies on: deleting the person is not blocked by a request."""
    person = PersonFactory(house=world.house, surname="Jansen")
    request = register_opened(world, person, kind=RequestKind.RECTIFICATION)
    services.person_rectify(
        actor=officer_of(world),
        request=request,
        seen=services.person_fingerprint(person),
        values={"surname": "Janssen"},
        reason="BRP",
    )
    person.delete()
    request.refresh_from_db()
    assert request.person_id is None
    assert request.events.count() == 4  # registered, identity, approved, corrected
    assert not PersonCorrection.objects.exists()
    with pytest.raises(ValidationError):
        services.person_rectify(
            actor=officer_of(world), request=request, seen="", values={}, reason="x"
        )
