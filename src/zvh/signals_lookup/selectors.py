"""The cross-house read behind the signal: which houses have an open case for this person.

Deliberately not from `authz.policy`: the signal answers for every house on the installation
and discloses only what the contract allows (docs/decisions/0140-hit-no-hit-signal.md). One
query, driven by the indexes person_bsn or person_name_dob, then case_person_by_person.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db.models import Q

from zvh.cases.models import CasePerson, CaseStatus
from zvh.people.models import name_key, normalise_name


@dataclass(frozen=True)
class HouseSignal:
    house: str
    contact: str
    requested_justice_response: str | None


@dataclass
class Signal:
    houses: list[HouseSignal] = field(default_factory=list)
    house_ids: list[uuid.UUID] = field(default_factory=list)
    person_ids: set[uuid.UUID] = field(default_factory=set)

    @property
    def known(self) -> bool:
        return bool(self.houses)


# Built once, filtered per lookup: setting up these joins cost more than running the query.
_OPEN_CASE_ROWS = (
    CasePerson.objects.exclude(case__status=CaseStatus.CLOSED)
    # Per house the newest open case speaks for the house.
    .order_by("case__house__name", "-case__created_at")
    .values_list(
        "person_id",
        "person__given_names",
        "case__house_id",
        "case__house__name",
        "case__requested_justice_response",
        "case__process_coordinator__first_name",
        "case__process_coordinator__last_name",
        "case__process_coordinator__email",
    )
)


def surname_keys(surname: str, surname_prefix: str = "") -> list[str]:
    """The stored key is "Vries de" for "de Vries". A caller that leaves the prefix in the
    surname ("de Vries") still meets it: each split of the leading words is tried as a prefix."""
    keys = [name_key(surname, surname_prefix)]
    words = surname.split()
    if not surname_prefix:
        keys += [name_key(" ".join(words[i:]), " ".join(words[:i])) for i in range(1, len(words))]
    return list(dict.fromkeys(keys))


def _first_given_name(value: str) -> str:
    names = normalise_name(value).split()
    return names[0] if names else ""


def open_cases_for(
    *,
    bsn: str = "",
    surname: str = "",
    surname_prefix: str = "",
    given_names: str = "",
    date_of_birth: datetime.date | None = None,
) -> Signal:
    if bsn:
        match = Q(person__bsn=bsn)
    else:
        match = Q(
            person__surname_normalised__in=surname_keys(surname, surname_prefix),
            person__date_of_birth=date_of_birth,
        )
    rows = _OPEN_CASE_ROWS.filter(match)
    wanted = _first_given_name(given_names)
    signal = Signal()
    for person_id, person_given, house_id, house, response, first, last, email in rows:
        # Given names only narrow: a person recorded without them still matches.
        recorded = _first_given_name(person_given)
        if wanted and recorded and recorded != wanted:
            continue
        signal.person_ids.add(person_id)
        if house_id in signal.house_ids:
            continue
        coordinator = " ".join(part for part in (first, last) if part)
        if email:
            contact = f"{coordinator} <{email}>" if coordinator else email
        else:
            contact = coordinator or house
        signal.house_ids.append(house_id)
        signal.houses.append(HouseSignal(house, contact, response or None))
    return signal
