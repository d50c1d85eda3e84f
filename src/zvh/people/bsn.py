"""The Dutch citizen service number (BSN) and its eleven-test."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_eleven_test(value: str) -> bool:
    """Nine digits whose weighted sum (weights 9..2, last digit -1) is a positive multiple of 11."""
    if len(value) != 9 or not value.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value, _WEIGHTS, strict=True))
    return total > 0 and total % 11 == 0


def validate_bsn(value: str) -> None:
    if not passes_eleven_test(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en de elfproef doorstaan."),
            code="invalid_bsn",
        )
