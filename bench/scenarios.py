"""What is measured: each scenario gives the page call and its bare-SQL baseline."""

from __future__ import annotations

import datetime
import itertools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.urls import reverse

from zvh.people.models import name_key

Action = Callable[[], Any]


@dataclass(frozen=True)
class Scenario:
    name: str
    target_ms: int
    build: Callable[[Any, Callable[[Any], Any]], tuple[Action, Action]]


def _sql(query: str, params: list[Any]) -> Action:
    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    return run


def _hex(value: Any) -> Any:
    # SQLite stores UUIDs as 32 hex characters; PostgreSQL takes the UUID itself.
    return value.hex if connection.vendor == "sqlite" else value


def my_referrals(world: Any, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
    client = client_for(world.referrer)
    url = reverse("intake:mine")

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    baseline = _sql(
        "SELECT r.id, r.number, r.received_at, r.status, p.given_names, p.surname "
        "FROM intake_referral r JOIN intake_referralperson rp ON rp.referral_id = r.id "
        "JOIN people_person p ON p.id = rp.person_id "
        "WHERE r.house_id = %s AND r.referring_user_id = %s "
        "ORDER BY r.received_at DESC, r.id DESC LIMIT 51",
        [_hex(world.house.id), world.referrer.id],
    )
    return page, baseline


def house_referrals(world: Any, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
    client = client_for(world.coordinator)
    url = reverse("intake:list")

    def page() -> None:
        assert client.get(url).status_code == 200

    baseline = _sql(
        "SELECT r.id, r.number, r.received_at, r.status, p.given_names, p.surname "
        "FROM intake_referral r JOIN intake_referralperson rp ON rp.referral_id = r.id "
        "JOIN people_person p ON p.id = rp.person_id WHERE r.house_id = %s "
        "ORDER BY r.received_at DESC, r.id DESC LIMIT 51",
        [_hex(world.house.id)],
    )
    return page, baseline


def triage_agenda(world: Any, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
    client = client_for(world.coordinator)
    url = reverse("triage:session", kwargs={"session_id": world.session.id})

    def page() -> None:
        assert client.get(url).status_code == 200

    baseline = _sql(
        "SELECT a.position, r.id, r.number, r.received_at, r.urgency, p.given_names, p.surname "
        "FROM triage_agendaitem a JOIN intake_referral r ON r.id = a.referral_id "
        "JOIN intake_referralperson rp ON rp.referral_id = r.id "
        "JOIN people_person p ON p.id = rp.person_id WHERE a.session_id = %s "
        "ORDER BY a.position",
        [_hex(world.session.id)],
    )
    return page, baseline


def jzv_post(world: Any, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
    from django.test import Client

    from zvh.api.services import api_token_create

    _, secret = api_token_create(
        house=world.house, organisation=world.organisation, name="bench", scopes=["referrals:write"]
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    numbers = itertools.count()
    base = {
        "soort": "ZVH",
        "datumTijd": "2026-11-20T14:30:00+01:00",
        "verzoek": "Regie graag",
        "terugkoppelingGewenst": True,
        "incident": {"datumTijd": "2026-11-19T23:10:00+01:00", "locatie": "", "omschrijving": "x"},
        "natuurlijkPersoon": {
            "naam": {"geslachtsnaam": "Bench", "voornamen": "Test"},
            "adres": {"soortAdres": "02", "straatAdres": {"straatnaam": "Straat", "huisnummer": 1}},
        },
        "zorgelijkeSituatie": {"nadereOmschrijving": "", "situatieSchets": "Zorgen"},
    }
    run_id = id(client)

    def page() -> None:
        body = dict(base, registratienummer=f"BENCH-{run_id}-{next(numbers)}")
        response = client.post(
            "/api/jzv/v1/meldingen", data=json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 201, response.content

    def baseline() -> None:
        # The same rows (person, referral, link, received event) written with bare INSERTs.
        from django.utils import timezone

        from zvh.intake.models import Referral, ReferralEvent, ReferralPerson
        from zvh.people.models import Person

        n = next(numbers)
        person = Person(house_id=world.house.id, surname="Bench", surname_normalised="bench")
        referral = Referral(
            house_id=world.house.id,
            number=f"BASE-{run_id}-{n}",
            channel="jzv",
            source="partner",
            referring_organisation_id=world.organisation.id,
            received_at=timezone.now(),
            reason="Zorgen",
            request="Regie graag",
            external_id=f"BASE-{run_id}-{n}",
            external_payload=base,
        )
        person.created_at = person.updated_at = referral.created_at = referral.updated_at = (
            referral.received_at
        )
        with transaction.atomic(), connection.cursor() as cursor:
            for obj in (
                person,
                referral,
                ReferralPerson(referral=referral, person=person),
                ReferralEvent(referral=referral, kind="received", at=referral.received_at),
            ):
                cursor.execute(*_insert(obj))

    return page, baseline


def _insert(obj: Any) -> tuple[str, list[Any]]:
    fields = [
        f
        for f in obj._meta.local_concrete_fields
        if not (f.primary_key and getattr(obj, f.attname) is None)
    ]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    params = [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
    table = connection.ops.quote_name(obj._meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})", params  # noqa: S608 (names from models)


# The signal's scale: BENCH_PERSONS persons (the issue: 100,000 on SQLite, 1,000,000 on
# PostgreSQL), generated once per scale beside the referral house.
BENCH_PERSONS = int(os.environ.get("BENCH_PERSONS", "100000"))

_SIGNAL_SQL = (
    "SELECT cp.person_id, p.given_names, c.house_id, h.name, c.requested_justice_response, "
    "u.first_name, u.last_name, u.email FROM cases_caseperson cp "
    "JOIN people_person p ON p.id = cp.person_id JOIN cases_case c ON c.id = cp.case_id "
    "JOIN network_house h ON h.id = c.house_id "
    "LEFT JOIN accounts_user u ON u.id = c.process_coordinator_id "
    "WHERE {match} AND c.status <> 'closed' ORDER BY h.name, c.created_at DESC"
)


def _signal(by_name: bool) -> Callable[[Any, Callable[[Any], Any]], tuple[Action, Action]]:
    """POST /api/v1/signals/lookup (hits and misses in turn) against the same join in bare SQL."""

    def build(world: Any, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
        from django.test import Client

        from bench import generate
        from zvh.api.services import api_token_create

        people = generate.generate_persons(persons=BENCH_PERSONS)
        generate.analyze()
        _, secret = api_token_create(
            house=people.house,
            organisation=people.organisation,
            name="bench-signal",
            scopes=["signal-lookup"],
        )
        client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        if by_name:
            misses = [(surname, prefix, "1900-01-01") for surname, prefix, _ in people.hit_names]
            bodies = [
                {"surname": s, "surname_prefix": p, "date_of_birth": d}
                for s, p, d in people.hit_names + misses
            ]
            params = [
                [name_key(s, p), datetime.date.fromisoformat(d)]
                for s, p, d in people.hit_names + misses
            ]
            match = "p.surname_normalised IN (%s) AND p.date_of_birth = %s"
        else:
            bodies = [{"bsn": bsn} for bsn in people.hit_bsns + people.miss_bsns]
            params = [[bsn] for bsn in people.hit_bsns + people.miss_bsns]
            match = "p.bsn = %s"
        requests = itertools.cycle(
            [json.dumps({**body, "purpose": "Bench ZSM-beoordeling"}) for body in bodies]
        )
        queries = itertools.cycle(params)
        sql = _SIGNAL_SQL.format(match=match)

        def page() -> None:
            response = client.post(
                "/api/v1/signals/lookup", data=next(requests), content_type="application/json"
            )
            assert response.status_code == 200, response.content

        def baseline() -> Any:
            with connection.cursor() as cursor:
                cursor.execute(sql, next(queries))
                return cursor.fetchall()

        return page, baseline

    return build


SCENARIOS = [
    Scenario("my referrals (partner)", 100, my_referrals),
    Scenario("house referral list (coordinator)", 100, house_referrals),
    Scenario("JZV POST melding", 50, jzv_post),
    Scenario("triage agenda (coordinator)", 100, triage_agenda),
    Scenario(f"signal lookup BSN ({BENCH_PERSONS} persons)", 10, _signal(by_name=False)),
    Scenario(f"signal lookup name+dob ({BENCH_PERSONS})", 10, _signal(by_name=True)),
]
