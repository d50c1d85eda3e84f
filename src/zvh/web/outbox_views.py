"""The functional administrator's page of the house's outgoing e-mail that is waiting or
failed, with "Opnieuw versturen" per message (decision 0187). Another house's message, or one
unknown, is a 404."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zvh.audit.denials import record_denial
from zvh.audit.reads import audited_page
from zvh.authz.actor import Actor
from zvh.core.keyset import Page
from zvh.core.web import action_done
from zvh.jobs import policy as outbox_policy
from zvh.jobs.models import MessageStatus, OutgoingMessage
from zvh.jobs.services import OBJECT_TYPE, outgoing_message_retry
from zvh.network.request import actor_for_request

PAGE_SIZE = 50
LIST_FIELDS = (
    "id",
    "house_id",
    "kind",
    "recipient",
    "subject",
    "status",
    "attempts",
    "created_at",
    "last_attempt_at",
    "next_attempt_at",
    "last_error",
)


def outgoing_message_list(*, actor: Actor, cursor: str | None) -> Page[OutgoingMessage]:
    """Messages not (yet) sent, newest first; one query for the page and one access-log event."""
    return audited_page(
        actor=actor,
        queryset=outbox_policy.manageable_outgoing_messages(actor)
        .filter(status__in=[MessageStatus.QUEUED, MessageStatus.FAILED])
        .only(*LIST_FIELDS),
        order=("-created_at", "-id"),
        cursor=cursor,
        size=PAGE_SIZE,
        object_type=OBJECT_TYPE,
        list_name="outbox",
        filters={},
    )


def outgoing_message_get(*, actor: Actor, message_id: uuid.UUID) -> OutgoingMessage:
    message = outbox_policy.manageable_outgoing_messages(actor).filter(pk=message_id).first()
    if message is None:
        record_denial(actor, object_type=OBJECT_TYPE, object_id=message_id)
        raise Http404
    return message


@require_GET
def outbox_view(request: HttpRequest) -> HttpResponse:
    page = outgoing_message_list(actor=actor_for_request(request), cursor=request.GET.get("na"))
    return render(request, "web/outbox.html", {"page": page})


@require_POST
def outbox_retry_view(request: HttpRequest, message_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    message = outgoing_message_get(actor=actor, message_id=message_id)
    action_done(
        request,
        lambda: outgoing_message_retry(actor=actor, message=message),
        lambda: (
            _("Het bericht aan %(recipient)s wordt opnieuw verstuurd.")
            % {"recipient": message.recipient}
        ),
    )
    return redirect("web:outbox")
