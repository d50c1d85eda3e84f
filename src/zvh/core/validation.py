"""Rules that several services check alike, each with its Dutch message."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST = date(2000, 1, 1)


def past_date_error(value: date | None, *, required_message: str) -> str:
    """The message for a day on which something happened (advice given, an obstacle found, a
    signal raised): required, not in the future, not before 2000; "" when it is fine."""
    if value is None:
        return required_message
    if value > timezone.localdate():
        return _("De datum ligt in de toekomst.")
    if value < EARLIEST:
        return _("Vul een datum vanaf 2000 in.")
    return ""
