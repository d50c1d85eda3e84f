"""Dutch postcodes: four digits (no leading zero) and two letters, written as "1234 AB"."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")
# PostNL does not issue these letter pairs.
_UNUSED_LETTERS = frozenset({"SA", "SD", "SS"})


def normalise_postcode(value: str) -> str:
    """ "1234ab", " 1234  AB " -> "1234 AB". Anything that is no postcode comes back as typed
    (stripped), so validation can name it."""
    compact = "".join(value.split()).upper()
    match = _POSTCODE.match(compact)
    if match is None:
        return value.strip()
    return f"{match.group(1)} {match.group(2)}"


def validate_postcode(value: str) -> None:
    match = _POSTCODE.match(value)
    if match is None or match.group(2) in _UNUSED_LETTERS:
        raise ValidationError(
            _("Dit is geen geldige postcode: gebruik vier cijfers en twee letters, zoals 1234 AB."),
            code="invalid_postcode",
        )
