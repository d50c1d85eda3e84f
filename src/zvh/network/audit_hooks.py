"""What the access log needs from the network, given from here because the access log sits below
it (decision 0194): a new house's chain head, and who the privacy officers of each house are."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.http import HttpRequest

from zvh.audit.checkpoints import Checkpoint, mail_privacy_officers
from zvh.audit.denials import record_denial
from zvh.audit.services import open_chain
from zvh.authz.functions import FUNCTION_ROLES, Function

from .models import Membership
from .request import actor_for_request


def open_house_chain(sender: type, instance: Any, created: bool, raw: bool, **kwargs: Any) -> None:
    """A new house gets its chain head at once, so its first audited read costs what every later
    one does."""
    if created and not raw:
        open_chain(instance.pk)


def privacy_officers_by_house() -> dict[uuid.UUID, list[str]]:
    by_house: dict[uuid.UUID, list[str]] = defaultdict(list)
    memberships = (
        Membership.objects.filter(
            role__in=FUNCTION_ROLES[Function.VIEW_ACCESS_LOG], user__is_active=True
        )
        .exclude(user__email="")
        .order_by("house_id", "user__email")
        .values_list("house_id", "user__email")
    )
    for house_id, email in memberships:
        if email not in by_house[house_id]:
            by_house[house_id].append(email)
    return by_house


def mail_checkpoint(sender: type, checkpoint: Checkpoint, **kwargs: Any) -> None:
    mail_privacy_officers(checkpoint, privacy_officers_by_house())


def record_malformed_id(sender: object, *, request: HttpRequest, name: str, **kwargs: Any) -> None:
    """Receiver of core's `malformed_id`: a malformed id in a query string is recorded like any
    unknown object (decision 0193), as the request's actor, which the network knows."""
    record_denial(actor_for_request(request), object_type=name, object_id="")
