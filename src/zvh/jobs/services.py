"""The administrator's writes on the outbox (decision 0187)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor

from . import outbox
from .models import OutgoingMessage

OBJECT_TYPE = "outgoing_message"


def outgoing_message_retry(*, actor: Actor, message: OutgoingMessage) -> None:
    """Queues a message that was not sent for a new series of attempts, starting at once. A
    message that was sent meanwhile is refused: nothing is sent twice. `message` comes from
    the access policy's queryset (the administrator's own house)."""
    with transaction.atomic():
        if not outbox.retry_now(message):
            raise ValidationError(
                _("Dit bericht is al verzonden. Het wordt niet nog eens verstuurd.")
            )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=message.pk,
            detail={"retry": True, "kind": message.kind, "attempts": message.attempts},
        )
