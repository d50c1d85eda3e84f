"""Rules that several services check alike, each with its Dutch message."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
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


# The bounds on dates people enter, in one place (decision 0181). Services check them, so the
# web forms and the API refuse alike; a house sets how far ahead it plans (CaseSettings).
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
DEFAULT_PLANNING_HORIZON_YEARS = 5
MAX_PLANNING_HORIZON_YEARS = 10


def birth_date_error(value: date | None) -> str:
    """A date of birth: not in the future, not before 1900; "" when it is fine or unknown."""
    if value is None:
        return ""
    if value > timezone.localdate():
        return _("De geboortedatum ligt in de toekomst.")
    if value < EARLIEST_BIRTH_DATE:
        return _("De geboortedatum ligt vóór 1900. Klopt het jaar?")
    return ""


def planning_horizon_end(today: date, years: int) -> date:
    """The last day a due or review date may fall on: `years` years from today (29 February
    becomes 28 February)."""
    try:
        return today.replace(year=today.year + years)
    except ValueError:
        return today.replace(year=today.year + years, day=28)


def future_date_error(value: date | None, *, years: int) -> str:
    """A due or review date: at most `years` years ahead (a house setting); "" when fine."""
    if value is None:
        return ""
    last = planning_horizon_end(timezone.localdate(), years)
    if value > last:
        return _(
            "Deze datum ligt meer dan %(years)d jaar vooruit. Kies een datum tot en met %(last)s."
        ) % {"years": years, "last": date_format(last)}
    return ""
