"""Generates a house at the scale an issue names, with bulk inserts (minutes, not hours).

Idempotent per scale: a house named after the scale is reused when it already exists.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from zvh.accounts.models import User
from zvh.cases.models import Case, CasePerson, CaseStatus
from zvh.intake.models import EventKind, Referral, ReferralEvent, ReferralPerson
from zvh.network.models import House, Membership, Municipality, Organisation, Partnership, Role
from zvh.people.bsn import with_check_digit
from zvh.people.models import Person, name_key, normalise_name
from zvh.triage.models import AgendaItem, TriageSession, TriageTable

SURNAMES = [
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "El Amrani",
    "Yilmaz",
    "Kaya",
    "Öztürk",
]
GIVEN = ["Anna", "Piet", "Mohamed", "Fatima", "Kevin", "Sanne", "Daan", "Emma", "Noah", "Lotte"]
BATCH = 5000
# Persons are written with COPY (bulk_load): larger batches, fewer round trips.
PERSON_BATCH = 50_000
PERSON_FIELDS = [
    "id",
    "house_id",
    "given_names",
    "surname_prefix",
    "surname",
    "surname_normalised",
    "date_of_birth",
    "bsn",
]
CASE_FIELDS = [
    "id",
    "house_id",
    "number",
    "status",
    "requested_justice_response",
    "process_coordinator_id",
]


@dataclass(frozen=True)
class BenchWorld:
    house: House
    referrer: User
    coordinator: User
    session: TriageSession
    organisation: Organisation


def _split_name(full: str) -> tuple[str, str]:
    parts = full.split(" ")
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else ("", full)


@transaction.atomic
def generate(*, referrals: int, seed: int = 42) -> BenchWorld:
    rng = random.Random(seed)
    name = f"Benchhuis {referrals}"
    existing = House.objects.filter(name=name).first()
    if existing is not None:
        return _world(existing)
    seat, _ = Municipality.objects.get_or_create(
        cbs_code="GM9901", defaults={"name": "Benchstad", "inhabitants": 200_000}
    )
    house = House.objects.create(name=name, security_region="Bench", seat_municipality=seat)
    house.municipalities.add(seat)
    police, _ = Organisation.objects.get_or_create(
        name="Bench Politie", defaults={"kind": "police", "domains": ["criminal_justice"]}
    )
    Partnership.objects.get_or_create(house=house, organisation=police)
    suffix = uuid.uuid4().hex[:6]
    referrer = User.objects.create_user(
        username=f"bench-referrer-{suffix}", email=f"r{suffix}@bench.invalid", organisation=police
    )
    coordinator = User.objects.create_user(
        username=f"bench-coordinator-{suffix}",
        email=f"c{suffix}@bench.invalid",
        organisation=police,
    )
    Membership.objects.create(user=referrer, house=house, role=Role.PARTNER_PROFESSIONAL)
    Membership.objects.create(user=coordinator, house=house, role=Role.PROCESS_COORDINATOR)
    now = timezone.now()
    for start in range(0, referrals, BATCH):
        size = min(BATCH, referrals - start)
        persons = []
        for _ in range(size):
            prefix, surname = _split_name(rng.choice(SURNAMES))
            persons.append(
                Person(
                    house=house,
                    given_names=rng.choice(GIVEN),
                    surname_prefix=prefix,
                    surname=surname,
                    surname_normalised=normalise_name(f"{surname} {prefix}"),
                    date_of_birth=(now - timedelta(days=rng.randint(6000, 25000))).date(),
                )
            )
        Person.objects.bulk_create(persons)
        rows = []
        for offset, _person in enumerate(persons):
            index = start + offset
            # One referral in 250 is the bench referrer's: 200 of 50,000.
            mine = index % 250 == 0
            rows.append(
                Referral(
                    house=house,
                    number=f"B-{index:07d}",
                    channel="web",
                    source="partner",
                    referring_organisation=police,
                    referring_user=referrer if mine else None,
                    received_at=now - timedelta(minutes=referrals - index),
                    reason="Overlast",
                    request="Regie",
                    life_domains=["finances", "housing"],
                    behaviour="present",
                    status=rng.choice(["received", "decided", "decided", "decided"]),
                )
            )
        Referral.objects.bulk_create(rows)
        ReferralPerson.objects.bulk_create(
            [ReferralPerson(referral=r, person=p) for r, p in zip(rows, persons, strict=True)]
        )
        ReferralEvent.objects.bulk_create(
            [ReferralEvent(referral=r, kind=EventKind.RECEIVED, at=r.received_at) for r in rows]
        )
    table = TriageTable.objects.create(
        house=house, name="Bench weegtafel", weekday=1, start_time="10:00"
    )
    session = TriageSession.objects.create(
        house=house, table=table, starts_at=now + timedelta(days=1), agenda_cutoff_at=now
    )
    pending = Referral.objects.filter(house=house, status="received").order_by("-received_at")[:40]
    AgendaItem.objects.bulk_create(
        [AgendaItem(session=session, referral=r, position=i) for i, r in enumerate(pending)]
    )
    return BenchWorld(house, referrer, coordinator, session, police)


def analyze() -> None:
    """Planner statistics, as a running database has them (autovacuum on PostgreSQL,
    `PRAGMA optimize` on SQLite); without them SQLite may pick the wrong index."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _world(house: House) -> BenchWorld:
    referrer = User.objects.get(
        memberships__house=house, memberships__role=Role.PARTNER_PROFESSIONAL
    )
    coordinator = User.objects.get(
        memberships__house=house, memberships__role=Role.PROCESS_COORDINATOR
    )
    session = TriageSession.objects.get(house=house)
    organisation = Organisation.objects.get(name="Bench Politie")
    return BenchWorld(house, referrer, coordinator, session, organisation)


@dataclass(frozen=True)
class PersonsWorld:
    """Persons at scale for the hit/no-hit signal, spread over two houses."""

    house: House
    organisation: Organisation
    hit_bsns: list[str]
    miss_bsns: list[str]
    hit_names: list[tuple[str, str, str]]  # (surname, prefix, date of birth)


def _hex(value: uuid.UUID) -> str:
    return value.hex


def _bsns(start: int) -> Iterator[str]:
    """Valid (eleven-test) fictional BSNs from an eight-digit start upwards."""
    for first_eight in itertools.count(start):
        bsn = with_check_digit(f"{first_eight:08d}")
        if bsn is not None:
            yield bsn


def db_value(model: type[Model], name: str, value: Any) -> Any:
    """A field's value as the database takes it (UUIDs as hex on SQLite, for instance)."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)  # type: ignore[union-attr]


def bulk_load(
    model: type[Model], varying: list[str], rows: Iterable[Sequence[Any]], **fixed: Any
) -> None:
    """Writes many rows of one model fast: COPY on PostgreSQL, one executemany elsewhere.

    Each row gives the fields named in `varying` (by attname, already in database form, see
    `db_value`); `fixed` fields are the same on every row, every other field takes its default.
    Model instances and bulk_create cost more Python than the database's work at a million rows.
    An auto-increment key is left to the database; a UUID key must be among `varying`.
    """
    template = model(**fixed)
    fields = [
        field
        for field in model._meta.local_concrete_fields
        if not (field.primary_key and getattr(template, field.attname) is None)
    ]
    base = [field.get_db_prep_save(field.pre_save(template, True), connection) for field in fields]
    attnames = [field.attname for field in fields]
    positions = [attnames.index(name) for name in varying]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(str(field.column)) for field in fields)

    def full(row: Sequence[Any]) -> list[Any]:
        values = base.copy()
        for position, value in zip(positions, row, strict=True):
            values[position] = value
        return values

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(full(row))
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608 (names from the model)
                [full(row) for row in rows],
            )


@transaction.atomic
def generate_persons(*, persons: int, seed: int = 42) -> PersonsWorld:
    """`persons` persons over two houses, every tenth with an open case (every fiftieth of
    those closed), BSNs and dates of birth on all. Idempotent per scale, like `generate`."""
    rng = random.Random(seed)
    names = [f"Benchpersonen {persons} {side}" for side in ("A", "B")]
    houses = list(House.objects.filter(name__in=names).order_by("name"))
    police, _ = Organisation.objects.get_or_create(
        name="Bench Politie", defaults={"kind": "police", "domains": ["criminal_justice"]}
    )
    if not houses:
        seat, _ = Municipality.objects.get_or_create(
            cbs_code="GM9901", defaults={"name": "Benchstad", "inhabitants": 200_000}
        )
        houses = [
            House.objects.create(name=name, security_region="Bench", seat_municipality=seat)
            for name in names
        ]
        # Half the cases name a process coordinator (the answer's contact), half fall back to
        # the house: both paths of the answer are exercised.
        coordinators = []
        for house in houses:
            suffix = uuid.uuid4().hex[:6]
            coordinator = User.objects.create_user(
                username=f"bench-signal-coordinator-{suffix}",
                email=f"c{suffix}@bench.invalid",
                first_name="Bench",
                last_name="Regisseur",
                organisation=police,
            )
            Membership.objects.create(user=coordinator, house=house, role=Role.PROCESS_COORDINATOR)
            coordinators.append(coordinator)
        bsns = _bsns(10_000_000)
        today = timezone.localdate()
        uuid_db = (lambda value: value) if connection.vendor == "postgresql" else _hex
        house_db = [db_value(Person, "house", house.id) for house in houses]
        coordinator_db = [db_value(Case, "process_coordinator", user.pk) for user in coordinators]
        birth_days: dict[int, Any] = {}
        closed, open_ = CaseStatus.CLOSED.value, CaseStatus.IN_EXECUTION.value
        for start in range(0, persons, PERSON_BATCH):
            size = min(PERSON_BATCH, persons - start)
            person_rows, case_rows, link_rows = [], [], []
            for offset in range(size):
                index = start + offset
                prefix, surname = _split_name(rng.choice(SURNAMES))
                given = rng.choice(GIVEN)
                days = rng.randint(6000, 25000)
                if days not in birth_days:
                    birth_days[days] = db_value(
                        Person, "date_of_birth", today - timedelta(days=days)
                    )
                person_id = uuid_db(uuid.uuid4())
                side = index % 2  # the persons alternate between the two houses
                person_rows.append(
                    (
                        person_id,
                        house_db[side],
                        given,
                        prefix,
                        surname,
                        name_key(surname, prefix),
                        birth_days[days],
                        next(bsns),
                    )
                )
                if index % 10:
                    continue
                # Every tenth person has a case: every fiftieth of those closed, every other
                # one with a requested justice response, half with a process coordinator (the
                # answer's contact; without one the house is the contact).
                i = offset // 10
                case_id = uuid_db(uuid.uuid4())
                case_rows.append(
                    (
                        case_id,
                        house_db[side],
                        f"BP-{start + i:07d}",
                        closed if i % 50 == 0 else open_,
                        "Voorwaardelijk sepot" if i % 2 else "",
                        coordinator_db[side] if i % 4 < 2 else None,
                    )
                )
                link_rows.append((case_id, person_id))
            bulk_load(Person, PERSON_FIELDS, person_rows)
            bulk_load(Case, CASE_FIELDS, case_rows)
            bulk_load(CasePerson, ["case_id", "person_id"], link_rows)
    open_persons = list(
        Person.objects.filter(house__in=houses, case_links__case__status=CaseStatus.IN_EXECUTION)
        .order_by("id")
        .values_list("bsn", "surname", "surname_prefix", "date_of_birth")[:50]
    )
    Partnership.objects.get_or_create(house=houses[0], organisation=police)
    # Past the last generated BSN: valid, but nobody's.
    misses = list(itertools.islice(_bsns(90_000_000), 50))
    return PersonsWorld(
        house=houses[0],
        organisation=police,
        hit_bsns=[row[0] for row in open_persons],
        miss_bsns=misses,
        hit_names=[(row[1], row[2], row[3].isoformat()) for row in open_persons],
    )
