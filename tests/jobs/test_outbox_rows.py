"""The outbox's rows: retention removes sent and failed messages after their terms, and the
administrator's page costs a fixed number of queries however many messages wait."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zvh.jobs.models import MessageStatus, OutgoingMessage
from zvh.jobs.outbox import technical_rows_prune
from zvh.network.models import Role

DAY = datetime.timedelta(days=1)


def _message(house, status: str, **values) -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        house=house,
        kind="signal_digest",
        recipient="chain@example.org",
        subject="Overzicht",
        body="Tekst",
        status=status,
        attempt_limit=8,
        **values,
    )


def test_retention_removes_sent_and_failed_messages_after_their_terms(world, settings):
    settings.ZVH_OUTBOX_SENT_KEEP_DAYS = 30
    settings.ZVH_OUTBOX_FAILED_KEEP_DAYS = 90
    now = timezone.now()
    old_sent = _message(world.house, MessageStatus.SENT, sent_at=now - 31 * DAY)
    recent_sent = _message(world.house, MessageStatus.SENT, sent_at=now - 29 * DAY)
    old_failed = _message(world.house, MessageStatus.FAILED, last_attempt_at=now - 91 * DAY)
    recent_failed = _message(world.house, MessageStatus.FAILED, last_attempt_at=now - 89 * DAY)
    # A message still waiting is never removed, however old.
    waiting = _message(world.house, MessageStatus.QUEUED, last_attempt_at=now - 400 * DAY)
    assert technical_rows_prune(now=now, dry_run=True)["outgoing_messages"] == 2
    assert OutgoingMessage.objects.count() == 5
    assert technical_rows_prune(now=now)["outgoing_messages"] == 2
    assert set(OutgoingMessage.objects.values_list("pk", flat=True)) == {
        recent_sent.pk,
        recent_failed.pk,
        waiting.pk,
    }
    assert not OutgoingMessage.objects.filter(pk__in=[old_sent.pk, old_failed.pk]).exists()


def test_the_outbox_page_costs_the_same_queries_for_few_and_many_messages(world, client_for):
    admin = client_for(world.user(Role.FUNCTIONAL_ADMIN))
    url = reverse("web:outbox")
    counts = []
    for total in (2, 40):
        while OutgoingMessage.objects.count() < total:
            _message(world.house, MessageStatus.FAILED, last_error="SMTPException: down")
        with CaptureQueriesContext(connection) as queries:
            response = admin.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
