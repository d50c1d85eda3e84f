"""A notification's e-mail goes through the outbox (decision 0187): written with the
notification, marked e-mailed only once the mail server accepted it."""

from __future__ import annotations

from django.core import mail
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tests.jobs import doubles
from zvh.jobs.models import MessageStatus, OutgoingMessage
from zvh.jobs.worker import run_pending
from zvh.network.models import Role
from zvh.notifications.services import notify


@override_settings(TASKS=doubles.DATABASE_TASKS)
def test_the_email_is_queued_with_the_notification_and_marked_once_accepted(world):
    user = world.user(Role.CHAIN_MANAGER)
    user.email_notifications = True
    user.save(update_fields=["email_notifications"])
    try:
        with transaction.atomic():
            notify(user=user, house_id=world.house.id, subject="Teruggedraaid")
            raise RuntimeError("the change fails")
    except RuntimeError:
        pass
    # Rolled back together: no message, no task.
    assert not OutgoingMessage.objects.exists() and not DBTaskResult.objects.exists()

    notification = notify(
        user=user, house_id=world.house.id, subject="Nieuwe aanmelding", link="/aanmeldingen/"
    )
    (message,) = OutgoingMessage.objects.all()
    assert (message.recipient, message.subject) == (user.email, "[ZVH] Nieuwe aanmelding")
    notification.refresh_from_db()
    assert not notification.emailed and mail.outbox == []
    run_pending()
    (sent,) = mail.outbox
    assert sent.body.endswith("/aanmeldingen/")
    notification.refresh_from_db()
    message.refresh_from_db()
    assert notification.emailed and message.status == MessageStatus.SENT
