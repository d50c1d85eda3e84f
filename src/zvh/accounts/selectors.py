"""Account reads: the enrolment a half-logged-in visitor is in the middle of."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.http import HttpRequest
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

# Password checked, authenticator not yet linked: who, which new device, until when. The
# visitor is not logged in while this lasts, and it lasts only a few minutes.
PENDING_ENROLMENT_KEY = "zvh_pending_enrolment"
PENDING_ENROLMENT_MINUTES = 10


@dataclass(frozen=True)
class PendingEnrolment:
    user: User
    device: TOTPDevice
    next_url: str


def pending_enrolment_get(*, request: HttpRequest) -> PendingEnrolment | None:
    """The enrolment in this session, or None when there is none, it expired, the account was
    deactivated meanwhile or already has an authenticator."""
    state = request.session.get(PENDING_ENROLMENT_KEY)
    if not isinstance(state, dict) or float(state.get("expires_at", 0)) < time.time():
        return None
    device = (
        TOTPDevice.objects.select_related("user")
        .filter(
            pk=state.get("device_id"),
            user_id=state.get("user_id"),
            user__is_active=True,
            confirmed=False,
        )
        .first()
    )
    if device is None or user_has_device(device.user, confirmed=True):
        return None
    return PendingEnrolment(user=device.user, device=device, next_url=state.get("next_url", ""))
