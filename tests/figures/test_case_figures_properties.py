"""Every figure of caseload, delivery, escalation and exit, and outcomes, against an independent
plain-Python computation over the raw rows of a random house (hypothesis), with a second house
whose rows must not count. The computation here reads the rows as they are stored and applies
the definitions of decision 0162 with Python dates; it shares no code with the figures."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.case_history import (
    add_status_change,
    make_agreement,
    make_case,
    make_escalation,
    make_review,
    make_theme,
)
from tests.factories.network import MunicipalityFactory
from zvh.cases.models import (
    Case,
    CaseReview,
    CaseStatus,
    CaseStatusChange,
    CaseType,
    ClosureReason,
    Escalation,
    EscalationReason,
    EscalationStatus,
)
from zvh.core.life_domains import LifeDomain
from zvh.figures.definitions import caseload, delivery, exit, outcomes
from zvh.figures.models import FigureSettings
from zvh.figures.scope import FigureScope
from zvh.network.models import Role
from zvh.plans.models import Agreement, AgreementStatus

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BASE = date(2025, 1, 1)
DOMAINS = ["finances", "housing", "justice"]
OPEN_STATUSES = [s for s in CaseStatus.values if s != CaseStatus.CLOSED]


def moment(day: int, hour: int) -> datetime:
    return datetime.combine(BASE + timedelta(days=day), datetime.min.time()).replace(
        hour=hour, tzinfo=AMSTERDAM
    )


def local(value: datetime | None) -> date | None:
    return None if value is None else value.astimezone(AMSTERDAM).date()


# --- random rows ------------------------------------------------------------------------------

hours = st.sampled_from([0, 1, 11, 22, 23])


def specs(days: st.SearchStrategy[int]) -> st.SearchStrategy[dict[str, Any]]:
    """A case with its history; `days` draws a day (offset from BASE), often a boundary."""

    agreement_spec = st.fixed_dictionaries(
        {
            "due": days,
            "status": st.sampled_from(AgreementStatus.values),
            "completed": days,
            "completed_hour": hours,
            "org": st.integers(0, 1),
        }
    )
    escalation_spec = st.fixed_dictionaries(
        {
            "proposed": days,
            "hour": hours,
            "duration": st.integers(0, 60),
            "status": st.sampled_from(EscalationStatus.values),
            "reason": st.sampled_from(EscalationReason.values),
            "addressee": st.integers(0, 2),
        }
    )
    review_spec = st.fixed_dictionaries(
        {
            "held": st.integers(0, 700),
            "scores": st.dictionaries(st.sampled_from(DOMAINS), st.integers(1, 5), max_size=3),
        }
    )
    return st.fixed_dictionaries(
        {
            "opened": days,
            "hour": hours,
            "closed": st.one_of(st.none(), days),
            "closed_hour": hours,
            "status": st.sampled_from(OPEN_STATUSES),
            "reason": st.sampled_from(ClosureReason.values),
            "receiving": st.integers(0, 2),
            "coordinator": st.integers(0, 2),
            "themes": st.sets(st.integers(0, 1)),
            "municipality": st.integers(0, 2),
            "case_type": st.sampled_from(CaseType.values),
            "referrer": st.integers(0, 2),
            "review_date": st.one_of(st.none(), days),
            "reopenings": st.lists(st.tuples(days, st.integers(1, 500), hours), max_size=2),
            "agreements": st.lists(agreement_spec, max_size=3),
            "escalations": st.lists(escalation_spec, max_size=2),
            "reviews": st.lists(review_spec, max_size=4),
        }
    )


def write_house(house, specs, ctx) -> None:
    themes = ctx["themes"][house.pk]
    for spec in specs:
        opened_at = moment(spec["opened"], spec["hour"])
        closed_at = None
        if spec["closed"] is not None:
            closed_at = max(moment(spec["closed"], spec["closed_hour"]), opened_at)
        pick = lambda options, index: options[index] if index < len(options) else None  # noqa: E731
        fields: dict[str, Any] = {
            "case_type": spec["case_type"],
            "process_coordinator": pick(ctx["coordinators"], spec["coordinator"]),
            "municipality": pick(ctx["municipalities"], spec["municipality"]),
            "referring_organisation": pick(ctx["orgs"], spec["referrer"]),
            "next_review_date": None
            if spec["review_date"] is None
            else BASE + timedelta(days=spec["review_date"]),
        }
        if closed_at is None:
            fields["status"] = spec["status"]
        else:
            fields["closure_reason"] = spec["reason"]
            if spec["reason"] == ClosureReason.STEPPED_DOWN:
                fields["receiving_organisation"] = pick(ctx["orgs"], spec["receiving"])
        case = make_case(
            house,
            opened_at=opened_at,
            closed_at=closed_at,
            themes=[themes[i] for i in sorted(spec["themes"])],
            **fields,
        )
        for start, gap, hour in spec["reopenings"]:
            closure = moment(start, hour)
            add_status_change(
                case, at=closure, from_status="in_execution", to_status=CaseStatus.CLOSED
            )
            add_status_change(
                case,
                at=closure + timedelta(days=gap),
                from_status=CaseStatus.CLOSED,
                to_status="in_execution",
            )
        for item in spec["agreements"]:
            done = item["status"] != AgreementStatus.OPEN
            make_agreement(
                case,
                owner=ctx["owner"],
                organisation=ctx["orgs"][item["org"]],
                due_date=BASE + timedelta(days=item["due"]),
                status=item["status"],
                completed_at=moment(item["completed"], item["completed_hour"]) if done else None,
            )
        for item in spec["escalations"]:
            proposed = moment(item["proposed"], item["hour"])
            closed = item["status"] in (EscalationStatus.RESOLVED, EscalationStatus.UNRESOLVED)
            make_escalation(
                case,
                proposed_by=ctx["owner"],
                proposed_at=proposed,
                reason=item["reason"],
                status=item["status"],
                addressee=pick(ctx["addressees"], item["addressee"]),
                closed_at=proposed + timedelta(days=item["duration"], hours=3) if closed else None,
            )
        for item in spec["reviews"]:
            make_review(
                case,
                author=ctx["owner"],
                held_on=BASE + timedelta(days=item["held"]),
                scores=item["scores"],
            )


# --- the independent computation ---------------------------------------------------------------


def nonzero(rows: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        key: values
        for key, values in rows.items()
        if key == "total" or any(value not in (0, None) for value in values.values())
    }


def actual(table) -> dict[str, dict[str, Any]]:
    rows = {row.key: dict(row.values) for row in table.rows}
    if table.total is not None:
        rows["total"] = dict(table.total.values)
    return nonzero(rows)


def with_total(rows: dict[str, dict[str, Any]], keys) -> dict[str, dict[str, Any]]:
    rows = dict(rows)
    rows["total"] = {key: sum(values.get(key) or 0 for values in rows.values()) for key in keys}
    return rows


class Expected:
    """The figures, from the raw rows of `house` and the definitions, in plain Python."""

    def __init__(self, house, scope: FigureScope, ctx) -> None:
        self.scope = scope
        self.prev = scope.previous()
        self.today = scope.today
        self.norm = ctx["norm"]
        self.administrators = ctx["administrator_ids"]
        themes_of: dict[Any, set[str]] = defaultdict(set)
        for case_id, theme_id in Case.themes.through.objects.values_list("case_id", "theme_id"):
            themes_of[case_id].add(str(theme_id))
        self.themes = [str(theme.pk) for theme in ctx["themes"][house.pk]]
        self.cases = {}
        for case in Case.objects.all().values():
            case["themes"] = themes_of[case["id"]]
            if case["house_id"] == house.pk and self.passes(case):
                self.cases[case["id"]] = case

    def passes(self, case) -> bool:
        s = self.scope
        return (
            (s.municipality_id is None or case["municipality_id"] == s.municipality_id)
            and (not s.case_type or case["case_type"] == s.case_type)
            and (
                s.referring_organisation_id is None
                or case["referring_organisation_id"] == s.referring_organisation_id
            )
            and (s.theme_id is None or str(s.theme_id) in case["themes"])
        )

    @staticmethod
    def within(value: datetime | date | None, start: date, end: date) -> bool:
        if value is None:
            return False
        day = local(value) if isinstance(value, datetime) else value
        return start <= day <= end

    @staticmethod
    def is_open(case, day: date) -> bool:
        opened = local(case["opened_at"])
        closed = local(case["closed_at"])
        return opened is not None and opened <= day and (closed is None or closed >= day)

    def stock(self, scope) -> date:
        return min(scope.end, self.today)

    def periods(self):
        return ((self.scope, "current"), (self.prev, "previous"))

    def months(self):
        result = []
        month = self.scope.start.replace(day=1)
        while month <= self.scope.end:
            following = (month + timedelta(days=32)).replace(day=1)
            result.append(
                (
                    month.strftime("%Y-%m"),
                    max(month, self.scope.start),
                    min(following - timedelta(days=1), self.scope.end),
                )
            )
            month = following
        return result

    # caseload

    def two(self, key_of, test) -> dict[str, dict[str, int]]:
        rows: dict[str, dict[str, int]] = defaultdict(lambda: {"current": 0, "previous": 0})
        for scope, column in self.periods():
            for case in self.cases.values():
                if test(case, scope):
                    for key in key_of(case):
                        rows[key][column] += 1
        return dict(rows)

    def caseload(self) -> dict[str, dict[str, dict[str, Any]]]:
        def open_at_end(case, scope):
            return self.is_open(case, self.stock(scope))

        def opened(case, scope):
            return self.within(case["opened_at"], scope.start, scope.end)

        def coordinator(case):
            return [str(case["process_coordinator_id"] or "none")]

        def theme(case):
            return sorted(case["themes"]) or ["none"]

        def case_type(case):
            return [case["case_type"]]

        def age(case, scope):
            day = self.stock(scope)
            if not self.is_open(case, day):
                return None
            return "over" if (day - local(case["opened_at"])).days > self.norm else "within"

        both = ("current", "previous")
        monthly = {}
        open_monthly = {}
        for key, start, end in self.months():
            monthly[key] = {
                "opened": sum(self.within(c["opened_at"], start, end) for c in self.cases.values()),
                "closed": sum(self.within(c["closed_at"], start, end) for c in self.cases.values()),
            }
            open_monthly[key] = {
                "current": sum(self.is_open(c, min(end, self.today)) for c in self.cases.values())
            }
        return {
            "caseload.by_coordinator": with_total(self.two(coordinator, open_at_end), both),
            "caseload.opened_by_theme": self.two(theme, opened),
            "caseload.open_by_theme": self.two(theme, open_at_end),
            "caseload.opened_by_case_type": with_total(self.two(case_type, opened), both),
            "caseload.open_by_case_type": with_total(self.two(case_type, open_at_end), both),
            "caseload.over_norm": with_total(
                self.two(lambda case: [], lambda case, scope: False)
                | {
                    band: {
                        column: sum(age(c, scope) == band for c in self.cases.values())
                        for scope, column in self.periods()
                    }
                    for band in ("within", "over")
                },
                both,
            ),
            "caseload.monthly": with_total(monthly, ("opened", "closed")),
            "caseload.open_monthly": open_monthly,
        }

    def coordinator(self, user_id) -> dict[str, dict[str, dict[str, Any]]]:
        mine = [
            c
            for c in self.cases.values()
            if c["process_coordinator_id"] == user_id and c["status"] != CaseStatus.CLOSED
        ]
        by_status = {status: {"current": 0} for status in OPEN_STATUSES}
        by_theme: dict[str, dict[str, int]] = defaultdict(lambda: {"current": 0})
        for case in mine:
            by_status[case["status"]]["current"] += 1
            for key in sorted(case["themes"]) or ["none"]:
                by_theme[key]["current"] += 1
        ids = {case["id"] for case in mine}
        overdue = sum(
            1
            for a in Agreement.objects.values("case_id", "status", "due_date")
            if a["case_id"] in ids
            and a["status"] == AgreementStatus.OPEN
            and a["due_date"] < self.today
        )
        return {
            "caseload.mine_by_status": with_total(by_status, ("current",)),
            "caseload.mine_by_theme": dict(by_theme),
            "caseload.mine_attention": {
                "review_overdue": {
                    "current": sum(
                        1
                        for c in mine
                        if c["next_review_date"] is not None and c["next_review_date"] < self.today
                    )
                },
                "no_review": {"current": sum(1 for c in mine if c["next_review_date"] is None)},
                "agreements_overdue": {"current": overdue},
            },
        }

    # delivery

    def category(self, agreement) -> str:
        status = agreement["status"]
        if status == AgreementStatus.OPEN:
            return "overdue" if agreement["due_date"] < self.today else "open"
        if status == AgreementStatus.DONE:
            return (
                "done_on_time"
                if local(agreement["completed_at"]) <= agreement["due_date"]
                else "done_late"
            )
        return {"not_delivered": "not_delivered", "cancelled": "cancelled"}[status]

    def delivery(self) -> dict[str, dict[str, dict[str, Any]]]:
        names = ("done_on_time", "done_late", "overdue", "open", "not_delivered", "cancelled")
        agreements = [a for a in Agreement.objects.values() if a["case_id"] in self.cases]
        by_org: dict[str, dict[str, int]] = defaultdict(
            lambda: dict.fromkeys((*names, "total", "previous"), 0)
        )
        by_category = {name: {"current": 0, "previous": 0} for name in names}
        monthly = {key: dict.fromkeys((*names, "current"), 0) for key, _, _ in self.months()}
        for a in agreements:
            org = str(a["owner_organisation_id"])
            name = self.category(a)
            if self.within(a["due_date"], self.scope.start, self.scope.end):
                by_org[org][name] += 1
                by_org[org]["total"] += 1
                by_category[name]["current"] += 1
                key = a["due_date"].strftime("%Y-%m")
                monthly[key][name] += 1
                monthly[key]["current"] += 1
            if self.within(a["due_date"], self.prev.start, self.prev.end):
                by_org[org]["previous"] += 1
                by_category[name]["previous"] += 1
        return {
            "delivery.by_organisation": with_total(dict(by_org), (*names, "total", "previous")),
            "delivery.by_category": with_total(by_category, ("current", "previous")),
            "delivery.monthly": with_total(monthly, (*names, "current")),
        }

    # escalation and exit

    def exit(self) -> dict[str, dict[str, dict[str, Any]]]:
        both = ("current", "previous")
        escalations = [e for e in Escalation.objects.values() if e["case_id"] in self.cases]

        def count(items, field, key_of):
            rows: dict[str, dict[str, int]] = defaultdict(lambda: {"current": 0, "previous": 0})
            for item in items:
                for scope, column in self.periods():
                    if self.within(item[field], scope.start, scope.end):
                        key = key_of(item)
                        if key is not None:
                            rows[key][column] += 1
            return dict(rows)

        def addressee(e):
            if e["addressee_id"] is None:
                return "none"
            return "administrator" if e["addressee_id"] in self.administrators else "chain_manager"

        def outcome(e):
            return {"resolved": "resolved", "unresolved": "unresolved"}.get(e["status"], "open")

        by_outcome = count(escalations, "proposed_at", outcome)
        durations: dict[str, list[float]] = defaultdict(list)
        for e in escalations:
            if e["closed_at"] is not None and self.within(
                e["proposed_at"], self.scope.start, self.scope.end
            ):
                durations[outcome(e)].append(
                    (e["closed_at"] - e["proposed_at"]).total_seconds() / 86400
                )

        def p90(values):
            return sorted(values)[math.ceil(0.9 * len(values)) - 1] if values else None

        def med(values):
            return statistics.median(values) if values else None

        for key in ("resolved", "unresolved", "open"):
            row = by_outcome.setdefault(key, {"current": 0, "previous": 0})
            row["median"], row["p90"] = med(durations[key]), p90(durations[key])
        by_outcome = with_total(by_outcome, both)
        closed = durations["resolved"] + durations["unresolved"]
        by_outcome["total"].update(median=med(closed), p90=p90(closed))

        cases = list(self.cases.values())
        stepped_down = [c for c in cases if c["closure_reason"] == ClosureReason.STEPPED_DOWN]

        reopened = {"within": {"current": 0, "previous": 0}, "later": {"current": 0, "previous": 0}}
        changes: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for change in CaseStatusChange.objects.values():
            if change["case_id"] in self.cases:
                changes[change["case_id"]].append(change)
        for history in changes.values():
            history.sort(key=lambda c: (c["at"], c["id"]))
            last_closed = None
            for change in history:
                if change["to_status"] == CaseStatus.CLOSED:
                    last_closed = change["at"]
                elif change["from_status"] == CaseStatus.CLOSED:
                    band = (
                        "within"
                        if last_closed is not None
                        and change["at"] - last_closed <= timedelta(days=365)
                        else "later"
                    )
                    for scope, column in self.periods():
                        if self.within(change["at"], scope.start, scope.end):
                            reopened[band][column] += 1

        monthly = {}
        for key, start, end in self.months():
            monthly[key] = {
                "escalations": sum(self.within(e["proposed_at"], start, end) for e in escalations),
                "closures": sum(self.within(c["closed_at"], start, end) for c in cases),
                "stepdowns": sum(self.within(c["closed_at"], start, end) for c in stepped_down),
            }
        return {
            "exit.escalations_by_reason": with_total(
                count(escalations, "proposed_at", lambda e: e["reason"]), both
            ),
            "exit.escalations_by_addressee": with_total(
                count(escalations, "proposed_at", addressee), both
            ),
            "exit.escalations_by_outcome": by_outcome,
            "exit.stepdowns_by_receiving_party": with_total(
                count(
                    stepped_down,
                    "closed_at",
                    lambda c: str(c["receiving_organisation_id"] or "none"),
                ),
                both,
            ),
            "exit.closures_by_reason": with_total(
                count(cases, "closed_at", lambda c: c["closure_reason"]), both
            ),
            "exit.reopened": with_total(reopened, both),
            "exit.monthly": with_total(monthly, ("escalations", "closures", "stepdowns")),
        }

    # outcomes

    def changes(self, scope) -> list[tuple[Any, date, str, int]]:
        closed = {
            c["id"]: local(c["closed_at"])
            for c in self.cases.values()
            if self.within(c["closed_at"], scope.start, scope.end)
        }
        reviews: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for review in CaseReview.objects.values():
            if review["case_id"] in closed:
                reviews[review["case_id"]].append(review)
        result = []
        for case_id, items in reviews.items():
            items.sort(key=lambda r: (r["held_on"], r["created_at"], str(r["id"])))
            for domain in LifeDomain.values:
                scores = [r["zrm_scores"][domain] for r in items if domain in r["zrm_scores"]]
                if len(scores) >= 2:
                    result.append((case_id, closed[case_id], domain, scores[-1] - scores[0]))
        return result

    def outcomes(self) -> dict[str, dict[str, dict[str, Any]]]:
        def summary(items):
            n = len(items)
            return {
                "n": n,
                "improved": sum(1 for i in items if i[3] > 0),
                "same": sum(1 for i in items if i[3] == 0),
                "worse": sum(1 for i in items if i[3] < 0),
                "share_improved": sum(1 for i in items if i[3] > 0) / n if n else None,
                "mean_change": sum(i[3] for i in items) / n if n else None,
            }

        now, before = self.changes(self.scope), self.changes(self.prev)
        by_domain = {}
        for domain in [*LifeDomain.values, "total"]:
            values = summary([i for i in now if domain in (i[2], "total")])
            earlier = summary([i for i in before if domain in (i[2], "total")])
            values["n_previous"] = earlier["n"]
            values["share_improved_previous"] = earlier["share_improved"]
            by_domain[domain] = values
        coverage = {}
        for scope, column, items in ((self.scope, "current", now), (self.prev, "previous", before)):
            closed = sum(
                self.within(c["closed_at"], scope.start, scope.end) for c in self.cases.values()
            )
            measured = len({i[0] for i in items})
            coverage.setdefault("measured", {})[column] = measured
            coverage.setdefault("unmeasured", {})[column] = closed - measured
        monthly = {}
        for key, _, _ in [*self.months(), ("total", None, None)]:
            items = [i for i in now if key in (i[1].strftime("%Y-%m"), "total")]
            s = summary(items)
            monthly[key] = {
                "n": s["n"],
                "improved": s["improved"],
                "share_improved": s["share_improved"],
            }
        return {
            "outcomes.zrm_by_domain": by_domain,
            "outcomes.coverage": with_total(coverage, ("current", "previous")),
            "outcomes.monthly": monthly,
        }


def approx(rows):
    return {
        key: {
            name: pytest.approx(value) if isinstance(value, float) else value
            for name, value in values.items()
        }
        for key, values in rows.items()
    }


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_case_figure_matches_a_plain_computation_over_the_raw_rows(world, data):
    with transaction.atomic():
        house, other = world.house, world.other_house
        norm = data.draw(st.integers(1, 400), label="norm")
        FigureSettings.objects.update_or_create(house=house, defaults={"open_case_norm_days": norm})
        municipality = MunicipalityFactory()
        ctx = {
            "norm": norm,
            "themes": {
                h.pk: [make_theme(h, f"Thema {i}", i) for i in range(2)] for h in (house, other)
            },
            "coordinators": [
                world.user(Role.PROCESS_COORDINATOR),
                world.user(Role.PROCESS_COORDINATOR, org="other"),
            ],
            "municipalities": [house.seat_municipality, municipality],
            "orgs": [world.own_org, world.other_org],
            "addressees": [world.user(Role.CHAIN_MANAGER), world.user(Role.ADMINISTRATOR)],
            "administrator_ids": {world.user(Role.ADMINISTRATOR).pk},
            "owner": world.user(Role.PARTNER_PROFESSIONAL),
        }
        start = BASE + timedelta(days=data.draw(st.integers(150, 600), label="start"))
        length = data.draw(st.integers(1, 300), label="days")
        # No filter, or one of them (all at once leaves almost nothing to count).
        name, options = data.draw(
            st.sampled_from(
                [
                    ("", [None]),
                    ("", [None]),
                    ("municipality_id", [m.pk for m in ctx["municipalities"]]),
                    ("theme_id", [t.pk for t in ctx["themes"][house.pk]]),
                    ("case_type", CaseType.values),
                    ("referring_organisation_id", [o.pk for o in ctx["orgs"]]),
                ]
            ),
            label="filter",
        )
        value = data.draw(st.sampled_from(options), label="value")
        filters = {name: value} if name else {}
        end = start + timedelta(days=length - 1)
        # Mostly a period in the past; sometimes one that runs on past today.
        today = end + timedelta(
            days=data.draw(
                st.one_of(st.integers(-length + 1, 0), st.integers(1, 120)), label="today"
            )
        )
        scope = FigureScope(
            house_id=house.pk,
            start=start,
            end=end,
            today=today,
            **filters,
        )

        # Days on and around the boundaries: the periods' first and last days, today, the
        # day the norm is reached, month ends.
        previous = scope.previous()
        special = sorted(
            {
                (day - BASE).days + shift
                for day in (
                    scope.start,
                    scope.end,
                    previous.start,
                    scope.reference_day,
                    scope.reference_day - timedelta(days=norm),
                    scope.end - timedelta(days=norm),
                    date(start.year, start.month, 1) + timedelta(days=31),
                )
                for shift in (-1, 0, 1)
            }
            - {-1}
        )
        # Two in three days drawn are such boundaries.
        days = st.one_of(st.integers(0, 760), st.sampled_from(special), st.sampled_from(special))
        write_house(
            house, data.draw(st.lists(specs(days), min_size=4, max_size=18), label="house"), ctx
        )
        write_house(other, data.draw(st.lists(specs(days), max_size=6), label="other"), ctx)

        expected = Expected(house, scope, ctx)
        wanted = {
            **expected.caseload(),
            **expected.delivery(),
            **expected.exit(),
            **expected.outcomes(),
        }
        for module in (caseload, delivery, exit, outcomes):
            for figure in module.FIGURES:
                table = figure(scope)
                assert actual(table) == approx(nonzero(wanted[table.key])), table.key
        coordinator = ctx["coordinators"][0]
        mine = expected.coordinator(coordinator.pk)
        for table in caseload.caseload_for_coordinator(scope, coordinator.pk):
            assert actual(table) == nonzero(mine[table.key]), table.key
        transaction.set_rollback(True)
