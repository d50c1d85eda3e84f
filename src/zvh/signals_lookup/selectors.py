"""The cross-house read behind the signal: which houses have an open case for this person.

Deliberately not from `authz.policy`: the signal answers for every house on the installation
and discloses only what the contract allows (docs/decisions/0140-hit-no-hit-signal.md). One
query, driven by the indexes person_bsn or person_name_dob, then case_person_by_person.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import connection

from zvh.accounts.models import User
from zvh.cases.models import Case, CasePerson, CaseStatus
from zvh.core import hot_sql
from zvh.network.models import House
from zvh.people.models import Person, name_key, normalise_name


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


@cache
def _open_case_sql(vendor: str, match_by_name: bool, surname_keys: int) -> str:
    """The rows behind the answer: per person found, each open case with its house and process
    coordinator; per house the newest open case first (it speaks for the house). Written out
    rather than built with the ORM per lookup (zvh/core/hot_sql.py): composing this join cost
    more than running it."""
    t, c = hot_sql.table, hot_sql.column
    if match_by_name:
        keys = ", ".join(["%s"] * surname_keys)
        match = (
            f"p.{c(Person, 'surname_normalised')} IN ({keys}) "
            f"AND p.{c(Person, 'date_of_birth')} = %s"
        )
    else:
        match = f"p.{c(Person, 'bsn')} = %s"
    return (
        f"SELECT cp.{c(CasePerson, 'person')}, p.{c(Person, 'given_names')}, "  # noqa: S608
        f"k.{c(Case, 'house')}, h.{c(House, 'name')}, k.{c(Case, 'requested_justice_response')}, "
        f"u.{c(User, 'first_name')}, u.{c(User, 'last_name')}, u.{c(User, 'email')} "
        f"FROM {t(CasePerson)} cp "
        f"JOIN {t(Person)} p ON p.{c(Person, 'id')} = cp.{c(CasePerson, 'person')} "
        f"JOIN {t(Case)} k ON k.{c(Case, 'id')} = cp.{c(CasePerson, 'case')} "
        f"JOIN {t(House)} h ON h.{c(House, 'id')} = k.{c(Case, 'house')} "
        f"LEFT JOIN {t(User)} u ON u.{c(User, 'id')} = k.{c(Case, 'process_coordinator')} "
        f"WHERE {match} AND k.{c(Case, 'status')} <> %s "
        f"ORDER BY h.{c(House, 'name')}, k.{c(Case, 'created_at')} DESC"
    )


@cache
def _open_case_fields() -> tuple[Any, ...]:
    """The columns of `_open_case_sql`, in its order."""
    return (
        CasePerson._meta.get_field("person"),
        Person._meta.get_field("given_names"),
        Case._meta.get_field("house"),
        House._meta.get_field("name"),
        Case._meta.get_field("requested_justice_response"),
        User._meta.get_field("first_name"),
        User._meta.get_field("last_name"),
        User._meta.get_field("email"),
    )


def _open_case_rows(match_by_name: bool, params: list[Any]) -> list[tuple[Any, ...]]:
    keys = len(params) - 1 if match_by_name else 0
    sql = _open_case_sql(connection.vendor, match_by_name, keys)
    return hot_sql.fetch(sql, [*params, CaseStatus.CLOSED.value], _open_case_fields())


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
        rows = _open_case_rows(False, [bsn])
    else:
        date_field = Person._meta.get_field("date_of_birth")
        dob = hot_sql.prepared(date_field, date_of_birth)
        rows = _open_case_rows(True, [*surname_keys(surname, surname_prefix), dob])
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
