"""Notices of an upcoming review: the process coordinator and the case director, once per case
and review date, in the app and by e-mail per their preference; part of `send_reminders`."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories.people import CaseFactory, CasePersonFactory, PersonFactory
from zvh.audit.models import AuditEvent
from zvh.cases.models import Case, CaseStatus
from zvh.network.models import Role
from zvh.notifications.models import Notification
from zvh.notifications.services import notify_once
from zvh.stepdown.review_reminders import REVIEW_NOTICE_DAYS, review_notices_send

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _case(world, days_ahead: int | None, **overrides) -> Case:
    overrides.setdefault("process_coordinator", world.user(Role.PROCESS_COORDINATOR))
    case = CaseFactory(
        house=world.house,
        next_review_date=None if days_ahead is None else _today() + timedelta(days=days_ahead),
        **overrides,
    )
    CasePersonFactory(case=case, person=PersonFactory(house=world.house, surname="Jansen"))
    return case


def _send(capture, day=None) -> int:
    with capture(execute=True):
        return review_notices_send(today=day or _today())


def test_coordinator_and_director_are_told_once_per_review_date(
    world, django_capture_on_commit_callbacks
):
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    director = world.user(Role.PARTNER_PROFESSIONAL)
    case = _case(world, 3, case_director=director)

    assert _send(django_capture_on_commit_callbacks) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [coordinator.email, director.email]
    )
    for message in mail.outbox:  # the case number and the date; no person concerned
        assert case.number in message.subject and "Jansen" not in message.subject + message.body
        assert f"/casussen/{case.id}/" in message.body
    assert Notification.objects.filter(user=coordinator, link=f"/casussen/{case.id}/").count() == 1
    notices = AuditEvent.objects.filter(object_type="review_notice")
    assert [event.detail["case"] for event in notices] == [str(case.id)] * 2

    # Again the same day, and the next day: the same review date is not announced twice.
    assert _send(django_capture_on_commit_callbacks) == 0
    assert _send(django_capture_on_commit_callbacks, _today() + timedelta(days=1)) == 0
    assert len(mail.outbox) == 2

    # A review moved to another date is announced again.
    Case.objects.filter(pk=case.pk).update(next_review_date=_today() + timedelta(days=5))
    assert _send(django_capture_on_commit_callbacks) == 2
    assert Notification.objects.filter(user=coordinator).count() == 2


def test_one_person_in_both_roles_is_told_once(world, django_capture_on_commit_callbacks):
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    _case(world, 0, case_director=coordinator)
    assert _send(django_capture_on_commit_callbacks) == 1


def test_the_e_mail_follows_the_user_s_preference(world, django_capture_on_commit_callbacks):
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    coordinator.email_notifications = False
    coordinator.save(update_fields=["email_notifications"])
    _case(world, 1)
    assert _send(django_capture_on_commit_callbacks) == 1
    assert Notification.objects.filter(user=coordinator).count() == 1  # in the app
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("days_ahead", "status"),
    [
        (REVIEW_NOTICE_DAYS + 1, CaseStatus.IN_EXECUTION),  # not within the week yet
        (-1, CaseStatus.IN_EXECUTION),  # past: the review is due, no longer upcoming
        (None, CaseStatus.IN_EXECUTION),  # no date
        (2, CaseStatus.CLOSED),  # a closed case has no review ahead
    ],
)
def test_no_notice_outside_the_window_or_for_a_closed_case(
    world, django_capture_on_commit_callbacks, days_ahead, status
):
    _case(world, days_ahead, status=status)
    assert _send(django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()


def test_the_last_day_of_the_window_counts_and_inactive_users_are_skipped(
    world, django_capture_on_commit_callbacks
):
    director = world.user(Role.PARTNER_PROFESSIONAL)
    director.is_active = False
    director.save(update_fields=["is_active"])
    _case(world, REVIEW_NOTICE_DAYS, case_director=director)
    assert _send(django_capture_on_commit_callbacks) == 1
    assert not Notification.objects.filter(user=director).exists()


def test_notify_once_with_a_key_refuses_a_second_message(world):
    user = world.user(Role.PROCESS_COORDINATOR)

    def once(recipient, subject: str) -> bool:
        return notify_once(
            dedupe_key="k",
            user=recipient,
            house_id=world.house.id,
            subject=subject,
            audit_object_type="test",
            audit_detail={},
        )

    assert once(user, "Een") and not once(user, "Twee")
    # The key is per user: someone else is told all the same.
    assert once(world.user(Role.CHAIN_MANAGER), "Een")
    assert Notification.objects.count() == 2
    assert AuditEvent.objects.filter(object_type="test").count() == 2
    with pytest.raises(ValueError):
        notify_once(
            user=user, house_id=world.house.id, subject="x", audit_object_type="t", audit_detail={}
        )


def test_send_reminders_includes_the_review_notices(world, django_capture_on_commit_callbacks):
    _case(world, 2)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=out)
    assert "1 notice(s) of an upcoming review" in out.getvalue()
    assert "0 notice(s) of an upcoming review" in out.getvalue()
    assert len(mail.outbox) == 1
