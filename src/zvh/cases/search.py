"""One search box for cases: a name, a date of birth (dd-mm-jjjj), a BSN, a case number or a
referral number. The kind of term is recognised from its form; every term is normalised, so
the same search always gives the same audit digest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zvh.people.bsn import normalise_bsn, passes_eleven_test
from zvh.people.models import name_key, normalise_name

MAX_LENGTH = 100

# The names match the access report's search terms, so one digest answers "was this BSN
# searched?" across both.
SURNAME = "surname"
DATE_OF_BIRTH = "date_of_birth"
BSN = "bsn"
CASE_NUMBER = "case_number"
REFERRAL_NUMBER = "referral_number"

_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# C-2026-000123 (case) or A-2026-000123 (referral); the running number may be typed short.
_NUMBER = re.compile(r"^([AC])-?(\d{4})-?(\d{1,6})$", re.IGNORECASE)

HINT = _(
    "Zoek op naam, geboortedatum (dd-mm-jjjj), BSN, casusnummer (C-2026-000123) of "
    "aanmeldnummer (A-2026-000123)."
)


@dataclass(frozen=True)
class CaseQuery:
    kind: str
    value: str  # normalised

    @property
    def date_value(self) -> date:
        return date.fromisoformat(self.value)


def parse_case_query(raw: str) -> CaseQuery:
    """Raises ValidationError with a Dutch message for a term that cannot be searched."""
    text = " ".join(raw.split())
    if not text:
        raise ValidationError(_("Vul een zoekterm in."), code="empty")
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_LENGTH}, code="too_long"
        )
    parsed = _as_date(text)
    if parsed is not None:
        return CaseQuery(DATE_OF_BIRTH, parsed.isoformat())
    number = _NUMBER.match(text)
    if number:
        prefix, year, running = number.groups()
        kind = CASE_NUMBER if prefix.upper() == "C" else REFERRAL_NUMBER
        return CaseQuery(kind, f"{prefix.upper()}-{year}-{int(running):06d}")
    digits = normalise_bsn(text)
    if digits.isdigit():
        if len(digits) == 9 and passes_eleven_test(digits):
            return CaseQuery(BSN, digits)
        if len(digits) == 9:
            raise ValidationError(
                _("Dit is geen geldig BSN: het doorstaat de elfproef niet."), code="invalid_bsn"
            )
        raise ValidationError(HINT, code="unrecognised")
    name = normalise_name(text)
    if sum(ch.isalpha() for ch in name) < 2:
        raise ValidationError(_("Geef minstens twee letters van de naam."), code="too_short")
    return CaseQuery(SURNAME, name)


def _as_date(text: str) -> date | None:
    match = _DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO_DATE.match(text)
        if not match:
            return None
        year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("Dit is geen bestaande datum. Schrijf een geboortedatum als dd-mm-jjjj."),
            code="invalid_date",
        ) from None


def person_condition(query: CaseQuery, prefix: str = "") -> Q:
    """The persons a name, date of birth or BSN query matches (`prefix` reaches the person
    from another model, e.g. "person__")."""
    if query.kind == BSN:
        return Q(**{f"{prefix}bsn": query.value})
    if query.kind == DATE_OF_BIRTH:
        return Q(**{f"{prefix}date_of_birth": query.date_value})
    words = query.value.split()
    # "Jansen", "de Vries" (stored as "vries de"), or "Piet Jansen" (given name first).
    condition = Q(**{f"{prefix}surname_normalised__startswith": query.value})
    if len(words) > 1:
        condition |= Q(
            **{f"{prefix}surname_normalised__startswith": name_key(words[-1], " ".join(words[:-1]))}
        )
        condition |= Q(
            **{
                f"{prefix}surname_normalised__startswith": name_key(words[-1]),
                f"{prefix}given_names__istartswith": words[0],
            }
        )
    return condition
