"""`send_reminders`: once per day, to owners and case directors, naming no one."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command

from zvh.cases.models import Case, CaseJournalEntry
from zvh.network.models import Role
from zvh.plans.models import Agreement, AgreementReminder
from zvh.plans.reminders import reminders_send

from .conftest import make_agreement, today


def _send(capture, day=None):
    with capture(execute=True):
        return reminders_send(today=day or today())


def test_owners_and_the_case_director_are_reminded_once_a_day(
    world, case, coordinator, professional_user, django_capture_on_commit_callbacks
):
    Case.objects.filter(pk=case.pk).update(case_director=world.user(Role.CHAIN_MANAGER))
    late = make_agreement(case, coordinator, professional_user, what="Schuldhulp bij Jansen")
    Agreement.objects.filter(pk=late.pk).update(due_date=today() - timedelta(days=1))
    make_agreement(case, coordinator, professional_user, due=today() + timedelta(days=3))
    make_agreement(case, coordinator, professional_user, due=today() + timedelta(days=30))
    mail.outbox.clear()  # the assignment notifications

    run = _send(django_capture_on_commit_callbacks)
    assert (run.owner_messages, run.summary_messages, run.agreements) == (1, 1, 2)
    assert len(mail.outbox) == 2
    to_owner = next(m for m in mail.outbox if m.to == [professional_user.email])
    assert case.number in to_owner.body
    assert "verlopen" in to_owner.body and "loopt af op" in to_owner.body
    assert f"/casussen/{case.id}/plan/" in to_owner.body
    summary = next(m for m in mail.outbox if m.to == [world.user(Role.CHAIN_MANAGER).email])
    assert case.number in summary.body
    for message in mail.outbox:  # no person concerned, no agreement text
        text = message.subject + message.body
        assert "Jansen" not in text and "Schuldhulp" not in text

    # The same day again: nothing more.
    run = _send(django_capture_on_commit_callbacks)
    assert (run.owner_messages, run.summary_messages) == (0, 0)
    assert len(mail.outbox) == 2
    assert AgreementReminder.objects.count() == 4

    # The journal records the overdue agreement once, not every day.
    assert CaseJournalEntry.objects.filter(case=case, kind="agreement_overdue").count() == 1
    _send(django_capture_on_commit_callbacks, today() + timedelta(days=1))
    assert len(mail.outbox) == 4
    assert CaseJournalEntry.objects.filter(case=case, kind="agreement_overdue").count() == 1


def test_without_a_director_the_process_coordinator_gets_the_summary(
    world, case, coordinator, professional_user, django_capture_on_commit_callbacks
):
    make_agreement(case, coordinator, professional_user)
    mail.outbox.clear()
    _send(django_capture_on_commit_callbacks)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        [professional_user.email, world.user(Role.PROCESS_COORDINATOR).email]
    )


def test_done_agreements_and_closed_cases_get_no_reminder(
    world, case, coordinator, professional_user, django_capture_on_commit_callbacks
):
    done = make_agreement(case, coordinator, professional_user)
    Agreement.objects.filter(pk=done.pk).update(status="done")
    mail.outbox.clear()
    assert _send(django_capture_on_commit_callbacks).owner_messages == 0
    Agreement.objects.filter(pk=done.pk).update(status="open")
    Case.objects.filter(pk=case.pk).update(status="closed")
    assert _send(django_capture_on_commit_callbacks).owner_messages == 0
    assert mail.outbox == []


def test_the_command_runs_twice_on_the_same_day(
    world, case, coordinator, professional_user, django_capture_on_commit_callbacks
):
    make_agreement(case, coordinator, professional_user)
    mail.outbox.clear()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=out)
    assert "1 reminder(s)" in out.getvalue() and "0 reminder(s)" in out.getvalue()
    assert len(mail.outbox) == 2  # the owner and the process coordinator, once each
