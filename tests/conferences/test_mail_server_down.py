"""A mail server that is down loses nothing (decision 0187): the planner's request succeeds, the
invitation is not marked sent, the failure shows on the functional administrator's page, and
"Opnieuw versturen" delivers it once the server is back, and never twice."""

from __future__ import annotations

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.jobs import doubles
from zvh.audit.models import Action, AuditEvent
from zvh.jobs.models import MessageStatus, OutgoingMessage
from zvh.jobs.outbox import deliver_message
from zvh.jobs.worker import run_pending
from zvh.network.models import Role


def _retry_url(message: OutgoingMessage) -> str:
    return reverse("web:outbox-retry", kwargs={"message_id": message.id})


@override_settings(TASKS=doubles.DATABASE_TASKS, ZVH_TASK_MAX_ATTEMPTS=2)
def test_an_invitation_survives_a_mail_server_that_is_down(world, client_for, case_conference):
    coordinator = client_for(world.user(Role.PROCESS_COORDINATOR))
    send = reverse("conferences:send", kwargs={"conference_id": case_conference.id})
    with override_settings(EMAIL_BACKEND=doubles.MAIL_SERVER_DOWN):
        response = coordinator.post(send)
        assert response.status_code == 302  # the request never talks to the mail server
        (message,) = OutgoingMessage.objects.all()
        assert message.status == MessageStatus.QUEUED and message.house_id == world.house.id
        # The task carries the message's id only: no address, no text.
        (task,) = DBTaskResult.objects.all()
        assert task.args_kwargs == {"args": [str(message.pk)], "kwargs": {}}

        run_pending()  # the first attempt fails: a retry is scheduled with backoff
        message.refresh_from_db()
        assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
        assert "SMTPServerDisconnected" in message.last_error
        assert message.next_attempt_at > timezone.now()
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        run_pending()  # the second and last attempt fails too
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 2)
    invitation = case_conference.invitations.get()
    assert invitation.sent_at is None and invitation.queued_sequence == case_conference.sequence
    assert mail.outbox == []
    detail = coordinator.get(
        reverse("conferences:detail", kwargs={"conference_id": case_conference.id})
    )
    assert "Wordt verstuurd" in detail.content.decode()

    admin = client_for(world.user(Role.FUNCTIONAL_ADMIN))
    page = admin.get(reverse("web:outbox")).content.decode()
    assert "Mislukt" in page and f"<td>{message.recipient}</td>" in page
    assert "SMTPServerDisconnected" in page
    assert "Opnieuw versturen" in page
    # Another house's administrator does not see it, and cannot retry it.
    neighbour = client_for(world.user(Role.FUNCTIONAL_ADMIN, house="other"))
    assert message.recipient not in neighbour.get(reverse("web:outbox")).content.decode()
    assert neighbour.post(_retry_url(message)).status_code == 404
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED

    # The server is back: the button, then the worker.
    assert admin.post(_retry_url(message)).status_code == 302
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, object_type="outgoing_message", object_id=str(message.pk)
    ).exists()
    run_pending()
    (delivered,) = mail.outbox
    assert delivered.to == [message.recipient]
    assert delivered.attachments[0].get_content_type() == "text/calendar"
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.sent_at is not None
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert invitation.sent_sequence == case_conference.sequence
    # Sent: no longer listed (the notice of the retry above still names it once).
    assert f"<td>{message.recipient}</td>" not in admin.get(reverse("web:outbox")).content.decode()

    # A retry of a message that was sent sends nothing again: the button refuses it, and a
    # delivery task that comes late skips it.
    response = admin.post(_retry_url(message), follow=True)
    assert "al verzonden" in response.content.decode()
    deliver_message.enqueue(str(message.pk))
    run_pending()
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.latest("enqueued_at").return_value == "skipped"
