"""Figures scenarios (issue 11, "Speed"): every figure group of `zvh.figures.registry.GROUPS`
over the default period (the last 12 whole months) in a house of 50,000 cases with their
referrals, assessments, conferences, plans, agreements, reviews with ZRM scores, escalations,
closures and reopenings. Run with `python -m bench.run --figures 50000`.

The data comes from the demo's own history generator (`zvh.demo.history`, decision 0171) over
two years, so that the "previous period" column has data too; the house is reused on the next
run. For each group:

- "compute <key>": `compute_group(key, scope)`, the page's computation, and its query count;
- "page <key>": `/cijfers/<key>/` through the whole Django stack as the chain manager (when
  that page exists; until then the row is skipped with the reason printed);
- the baseline of both: one bare-SQL GROUP BY over the rows the group reads, in the period.

Works with whatever GROUPS holds: a group added later is timed without a change here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from zvh.accounts.models import User
from zvh.cases.services import themes_seed_defaults
from zvh.demo.history import HistoryCast, Partner, history_generate
from zvh.figures.registry import GROUPS, compute_group, group
from zvh.figures.scope import FigureScope
from zvh.network.models import House, Membership, Municipality, Organisation, Partnership, Role

from .generate_casework import PARTNERS, STAFF
from .scenarios import Action, Scenario, _hex

TARGET_MS = 500  # per page, median, PostgreSQL (the issue)
DAYS = 730  # two years: the default period and the one before it
COORDINATORS = 20
# Cases per referral the generator yields (acceptance, direct entries, referrals joining an
# open case); the referrals to generate follow from the cases asked for.
CASES_PER_REFERRAL = 0.45
MUNICIPALITIES = [
    ("GM9901", "Benchstad", 200_000),
    ("GM9902", "Benchdorp", 60_000),
    ("GM9903", "Benchveen", 45_000),
    ("GM9904", "Benchwolde", 30_000),
    ("GM9905", "Benchhoven", 20_000),
]


class Skipped(Exception):
    """A scenario that cannot run yet, with the reason."""


@dataclass(frozen=True)
class FiguresWorld:
    house: House
    chain_manager: User
    cases: int
    referrals: int


def _names(cases: int) -> tuple[str, str]:
    return f"Benchcijfers {cases}", f"bench-fig{cases}"


@transaction.atomic
def generate(*, cases: int, seed: int = 42) -> FiguresWorld:
    """A house of about `cases` cases and their history, made once per scale (reused)."""
    house_name, prefix = _names(cases)
    existing = House.objects.filter(name=house_name).first()
    if existing is not None:
        return _world(existing, prefix)
    municipalities = [
        Municipality.objects.get_or_create(
            cbs_code=code, defaults={"name": name, "inhabitants": inhabitants}
        )[0]
        for code, name, inhabitants in MUNICIPALITIES
    ]
    house = House.objects.create(
        name=house_name, security_region="Bench", seat_municipality=municipalities[0]
    )
    house.municipalities.add(*municipalities)
    themes_seed_defaults(house=house)
    staff = _organisation(house, STAFF, "house_staff")

    def user(name: str, organisation: Organisation, role: Role) -> User:
        made = User.objects.create(
            username=f"{prefix}-{name}",
            email=f"{prefix}-{name}@bench.invalid",
            first_name=name.split("-")[0].capitalize(),
            last_name=f"Bench {name}",
            organisation=organisation,
            password=make_password(None),  # the bench logs in with force_login
        )
        Membership.objects.create(user=made, house=house, role=role)
        return made

    chain_manager = user("ketenmanager", staff, Role.CHAIN_MANAGER)
    administrator = user("bestuurder", staff, Role.ADMINISTRATOR)
    coordinators = [
        user(f"regisseur-{n}", staff, Role.PROCESS_COORDINATOR) for n in range(COORDINATORS)
    ]
    partners = []
    for index, (name, kind, domain, weight) in enumerate(PARTNERS):
        organisation = _organisation(house, name, kind)
        contact = user(f"prof-{index}", organisation, Role.PARTNER_PROFESSIONAL)
        partners.append(Partner(organisation, contact, str(domain), weight))
    referrals = math.ceil(cases / CASES_PER_REFERRAL)
    history_generate(
        HistoryCast(
            house=house,
            municipalities=municipalities,
            referrers=[(p.organisation, p.weight) for p in partners],
            partners=partners,
            coordinators=coordinators,
            addressees=[chain_manager, administrator],
        ),
        referrals=referrals,
        end=timezone.localdate(),
        days=DAYS,
        seed=seed,
    )
    return _world(house, prefix)


def _organisation(house: House, name: str, kind: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    Partnership.objects.get_or_create(house=house, organisation=organisation)
    return organisation


def _world(house: House, prefix: str) -> FiguresWorld:
    return FiguresWorld(
        house=house,
        chain_manager=User.objects.get(username=f"{prefix}-ketenmanager"),
        cases=house.cases.count(),
        referrals=house.referrals.count(),
    )


def default_scope(house: House, today: date | None = None) -> FigureScope:
    """The last 12 whole months before this one."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - timedelta(days=1)
    months = end.year * 12 + end.month - 1 - 11
    start = date(months // 12, months % 12 + 1, 1)
    return FigureScope(house_id=house.id, start=start, end=end, today=today)


# The bare-SQL baseline per group: one GROUP BY over the rows the group reads, in the period.
# A group not named here is compared with the inflow's statement.
BASELINES: dict[str, str] = {
    "instroom": (
        "SELECT referring_organisation_id, COUNT(*) FROM intake_referral "
        "WHERE house_id = %s AND received_at >= %s AND received_at < %s "
        "GROUP BY referring_organisation_id"
    ),
    "triage": (
        "SELECT a.decision, COUNT(*) FROM triage_assessment a "
        "JOIN intake_referral r ON r.id = a.referral_id "
        "WHERE r.house_id = %s AND a.is_current AND a.decided_at >= %s AND a.decided_at < %s "
        "GROUP BY a.decision"
    ),
    "doorlooptijden": (
        "SELECT status, COUNT(*) FROM cases_case "
        "WHERE house_id = %s AND opened_at >= %s AND opened_at < %s GROUP BY status"
    ),
    "caseload": (
        "SELECT process_coordinator_id, COUNT(*) FROM cases_case "
        "WHERE house_id = %s AND opened_at < %s AND (closed_at IS NULL OR closed_at >= %s) "
        "GROUP BY process_coordinator_id"
    ),
    "levering": (
        "SELECT owner_organisation_id, status, COUNT(*) FROM plans_agreement "
        "WHERE house_id = %s AND due_date >= %s AND due_date < %s "
        "GROUP BY owner_organisation_id, status"
    ),
    "escalatie-en-uitstroom": (
        "SELECT closure_reason, COUNT(*) FROM cases_case "
        "WHERE house_id = %s AND closed_at >= %s AND closed_at < %s GROUP BY closure_reason"
    ),
    "resultaten": (
        "SELECT c.closure_reason, COUNT(*) FROM cases_casereview v "
        "JOIN cases_case c ON c.id = v.case_id "
        "WHERE c.house_id = %s AND c.closed_at >= %s AND c.closed_at < %s "
        "GROUP BY c.closure_reason"
    ),
}


def _baseline(key: str, scope: FigureScope) -> Action:
    query = BASELINES.get(key, BASELINES["instroom"])
    house = _hex(scope.house_id)
    if key in ("levering",):
        start: Any = connection.ops.adapt_datefield_value(scope.start)
        end: Any = connection.ops.adapt_datefield_value(scope.end + timedelta(days=1))
    else:
        start = connection.ops.adapt_datetimefield_value(scope.start_at)
        end = connection.ops.adapt_datetimefield_value(scope.end_before)
    params = [house, end, start] if key == "caseload" else [house, start, end]

    def run() -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    return run


def _compute(key: str) -> Callable[[Any, Callable[[Any], Any]], tuple[Action, Action]]:
    def build(world: FiguresWorld, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
        found = group(key)
        if found is None or not found.figures:
            raise Skipped(f"group {key!r} holds no figures yet (the definitions, parts b and c)")
        scope = default_scope(world.house)
        return (lambda: compute_group(key, scope)), _baseline(key, scope)

    return build


def _page(key: str) -> Callable[[Any, Callable[[Any], Any]], tuple[Action, Action]]:
    def build(world: FiguresWorld, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
        url = f"/cijfers/{key}/"
        try:
            resolve(url)
        except Resolver404:
            raise Skipped(f"{url} does not exist yet (the figure pages, part d)") from None
        client = client_for(world.chain_manager)

        def page() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return page, _baseline(key, default_scope(world.house))

    return build


def scenarios() -> list[Scenario]:
    made = []
    for each in GROUPS:
        made.append(Scenario(f"compute {each.key}", TARGET_MS, _compute(each.key)))
        made.append(Scenario(f"page {each.key}", TARGET_MS, _page(each.key)))
    return made
