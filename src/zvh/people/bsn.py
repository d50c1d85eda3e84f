"""The Dutch citizen service number (BSN) and its eleven-test."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
# What people type between the digits: "1234.56.782", "1234 56 782".
_SEPARATORS = str.maketrans("", "", " .-\t")


def passes_eleven_test(value: str) -> bool:
    """Nine digits whose weighted sum (weights 9..2, last digit -1) is a positive multiple of 11."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value, _WEIGHTS, strict=True))
    return total > 0 and total % 11 == 0


def normalise_bsn(value: str) -> str:
    """Drops the separators people type; validation then sees the digits only."""
    return value.translate(_SEPARATORS)


def with_check_digit(first_eight: str) -> str | None:
    """The BSN that starts with these eight digits, or None when no ninth digit makes one
    (the weighted sum would need a check digit of 10). Used to make fictional numbers."""
    if len(first_eight) != 8 or not first_eight.isascii() or not first_eight.isdigit():
        raise ValueError("eight digits expected")
    partial = sum(int(digit) * weight for digit, weight in zip(first_eight, _WEIGHTS, strict=False))
    check = partial % 11
    if check == 10:
        return None
    candidate = f"{first_eight}{check}"
    return candidate if passes_eleven_test(candidate) else None


def validate_bsn(value: str) -> None:
    if not passes_eleven_test(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en de elfproef doorstaan."),
            code="invalid_bsn",
        )
