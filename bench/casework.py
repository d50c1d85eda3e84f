"""Case-work scenarios (issue 4, "Performance"): "my work", the case page and the delivery view
in a house of 50,000 cases, 500,000 agreements and 100,000 conferences
(`generate_casework.generate`). Run with `python -m bench.run --cases 50000`.

Each baseline runs, in bare SQL on one cursor, the statements that fetch the rows the page
shows: the same filters, joins, order and page size, without the session, the access policy's
role checks, the audit write and the template.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from zvh.plans.models import DUE_SOON_DAYS
from zvh.plans.selectors import VERSION_LIST_SIZE, WORK_PAGE_SIZE

from .scenarios import Action, Scenario, _hex

Statement = tuple[str, list[Any]]
PAGE = WORK_PAGE_SIZE + 1  # a keyset page asks for one row more

AGREEMENT_ROW = (
    "SELECT a.id, a.what, a.due_date, a.status, c.id, c.number, o.name, u.first_name, "
    "u.last_name, u.username FROM plans_agreement a JOIN cases_case c ON c.id = a.case_id "
    "JOIN network_organisation o ON o.id = a.owner_organisation_id "
    "JOIN accounts_user u ON u.id = a.owner_user_id "
)


def _page(client: Any, url: str) -> Action:
    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return page


def _statements(*statements: Statement) -> Action:
    def run() -> list[Any]:
        with connection.cursor() as cursor:
            rows = []
            for query, params in statements:
                cursor.execute(query, params)
                rows.append(cursor.fetchall())
            return rows

    return run


def _day(delta: int = 0) -> Any:
    return connection.ops.adapt_datefield_value(timezone.localdate() + timedelta(days=delta))


def my_work_coordinator(world: Any, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
    """Their open cases by next review (with the overdue count of each), the undated ones, the
    overdue agreements in their cases, and the agreements they own themselves."""
    house, user = _hex(world.house.id), world.coordinator.id
    cases = (
        "SELECT c.id, c.number, c.status, c.next_review_date, (SELECT COUNT(*) FROM "
        "plans_agreement a WHERE a.case_id = c.id AND a.status = 'open' AND a.due_date < %s) "
        "FROM cases_case c WHERE c.house_id = %s AND c.process_coordinator_id = %s "
        "AND c.status <> 'closed' "
    )
    baseline = _statements(
        (
            cases + "AND c.next_review_date IS NOT NULL ORDER BY c.next_review_date, c.id LIMIT %s",
            [_day(), house, user, PAGE],
        ),
        (
            cases + "AND c.next_review_date IS NULL ORDER BY c.created_at, c.id LIMIT 10",
            [_day(), house, user],
        ),
        (
            AGREEMENT_ROW + "WHERE a.house_id = %s AND a.status = 'open' AND a.due_date < %s "
            "AND c.process_coordinator_id = %s AND c.status <> 'closed' "
            "ORDER BY a.due_date, a.id LIMIT %s",
            [house, _day(), user, PAGE],
        ),
        (
            AGREEMENT_ROW + "WHERE a.house_id = %s AND a.status = 'open' AND a.due_date <= %s "
            "AND a.owner_user_id = %s AND c.status <> 'closed' "
            "ORDER BY a.due_date, a.id LIMIT %s",
            [house, _day(DUE_SOON_DAYS), user, PAGE],
        ),
    )
    return _page(client_for(world.coordinator), reverse("work:mine")), baseline


def my_work_professional(world: Any, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
    """Open agreements they or their organisation own, due within 14 days or overdue, in the
    cases their organisation takes part in: a page of each, as the page reads them."""
    house, organisation = _hex(world.house.id), _hex(world.organisation.id)
    owned = (
        AGREEMENT_ROW  # noqa: S608 (no input in the SQL)
        + "WHERE a.house_id = %s AND a.status = 'open' AND a.due_date <= %s AND {owner} = %s "
        "AND c.status <> 'closed' AND EXISTS (SELECT 1 FROM cases_caseparticipant p "
        "WHERE p.case_id = a.case_id AND p.organisation_id = %s AND p.ended_at IS NULL) "
        "ORDER BY a.due_date, a.id LIMIT %s"
    )
    baseline = _statements(
        *(
            (owned.format(owner=column), [house, _day(DUE_SOON_DAYS), value, organisation, PAGE])
            for column, value in (
                ("a.owner_user_id", world.professional.id),
                ("a.owner_organisation_id", organisation),
            )
        )
    )
    return _page(client_for(world.professional), reverse("work:mine")), baseline


def case_page(world: Any, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
    """The featured case as its process coordinator sees it: details, persons, participants,
    status history, escalations, reviews and the newest 50 journal lines."""
    case = _hex(world.case.id)
    baseline = _statements(
        (
            "SELECT c.*, pc.first_name, pc.last_name, d.first_name, d.last_name, o.name, m.name "
            "FROM cases_case c LEFT JOIN accounts_user pc ON pc.id = c.process_coordinator_id "
            "LEFT JOIN accounts_user d ON d.id = c.case_director_id "
            "LEFT JOIN network_organisation o ON o.id = d.organisation_id "
            "LEFT JOIN network_municipality m ON m.id = c.municipality_id WHERE c.id = %s",
            [case],
        ),
        (
            "SELECT p.id, p.given_names, p.surname_prefix, p.surname, p.date_of_birth "
            "FROM people_person p JOIN cases_caseperson cp ON cp.person_id = p.id "
            "WHERE cp.case_id = %s ORDER BY p.surname_normalised, p.id",
            [case],
        ),
        (
            "SELECT cp.*, o.name, u.first_name, u.last_name FROM cases_caseparticipant cp "
            "JOIN network_organisation o ON o.id = cp.organisation_id "
            "LEFT JOIN accounts_user u ON u.id = cp.added_by_id WHERE cp.case_id = %s "
            "ORDER BY cp.ended_at, cp.added_at",
            [case],
        ),
        (
            "SELECT s.*, u.first_name, u.last_name FROM cases_casestatuschange s "
            "LEFT JOIN accounts_user u ON u.id = s.by_id WHERE s.case_id = %s ORDER BY s.at, s.id",
            [case],
        ),
        (
            "SELECT e.*, u.first_name, u.last_name FROM cases_escalation e "
            "LEFT JOIN accounts_user u ON u.id = e.addressee_id WHERE e.case_id = %s "
            "ORDER BY e.proposed_at DESC LIMIT 50",
            [case],
        ),
        (
            "SELECT r.*, u.first_name, u.last_name FROM cases_casereview r "
            "JOIN accounts_user u ON u.id = r.author_id WHERE r.case_id = %s "
            "ORDER BY r.held_on DESC, r.created_at DESC",
            [case],
        ),
        (
            "SELECT j.*, u.first_name, u.last_name, bo.name, o.name, n.contact_date, n.text, "
            "na.first_name, na.last_name FROM cases_casejournalentry j "
            "LEFT JOIN accounts_user u ON u.id = j.by_id "
            "LEFT JOIN network_organisation bo ON bo.id = j.by_organisation_id "
            "LEFT JOIN network_organisation o ON o.id = j.organisation_id "
            "LEFT JOIN cases_casenote n ON n.id = j.note_id "
            "LEFT JOIN accounts_user na ON na.id = n.author_id "
            "WHERE j.case_id = %s ORDER BY j.at DESC, j.id DESC LIMIT 51",
            [case],
        ),
    )
    url = reverse("cases:detail", kwargs={"case_id": world.case.id})
    return _page(client_for(world.coordinator), url), baseline


def plan_page(world: Any, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
    """The featured case's plan as a partner professional sees it: goals, every agreement with
    its owner, and the newest versions."""
    case = _hex(world.case.id)
    baseline = _statements(
        ("SELECT * FROM plans_plan WHERE case_id = %s", [case]),
        (
            "SELECT g.* FROM plans_goal g JOIN plans_plan p ON p.id = g.plan_id "
            "WHERE p.case_id = %s",
            [case],
        ),
        (
            "SELECT a.*, o.name, u.first_name, u.last_name, u.username FROM plans_agreement a "
            "JOIN network_organisation o ON o.id = a.owner_organisation_id "
            "JOIN accounts_user u ON u.id = a.owner_user_id WHERE a.case_id = %s "
            "ORDER BY a.due_date, a.created_at, a.id",
            [case],
        ),
        (
            "SELECT v.id, v.number, v.created_at, v.change, u.first_name, u.last_name "
            "FROM plans_planversion v JOIN plans_plan p ON p.id = v.plan_id "
            "LEFT JOIN accounts_user u ON u.id = v.author_id WHERE p.case_id = %s "
            "ORDER BY v.number DESC LIMIT %s",
            [case, VERSION_LIST_SIZE],
        ),
    )
    url = reverse("plans:plan", kwargs={"case_id": world.case.id})
    return _page(client_for(world.professional), url), baseline


def delivery(world: Any, client_for: Callable[[Any], Any]) -> tuple[Action, Action]:
    """Per owning organisation: open, overdue, done on time, done late, not delivered,
    cancelled, over all the house's agreements, in the page's own form (one pass over the
    index `agreement_delivery`: per organisation and status, a count and how many are overdue
    or done on time; the local day of completion only where the UTC day cannot decide)."""
    local_day = (
        "date(a.completed_at, 'localtime')"
        if connection.vendor == "sqlite"
        else f"CAST(a.completed_at AT TIME ZONE '{settings.TIME_ZONE}' AS date)"
    )
    baseline = _statements(
        (
            "SELECT a.owner_organisation_id, o.name, a.status, COUNT(a.status), "  # noqa: S608 (no input in the SQL)
            "COUNT(a.status) FILTER (WHERE (a.status = 'open' AND a.due_date < %s) "
            "OR (a.status = 'done' AND (a.completed_at < a.due_date "
            f"OR {local_day} <= a.due_date))) "
            "FROM plans_agreement a JOIN network_organisation o ON o.id = a.owner_organisation_id "
            "WHERE a.house_id = %s GROUP BY a.owner_organisation_id, o.name, a.status",
            [_day(), _hex(world.house.id)],
        ),
    )
    return _page(client_for(world.chain_manager), reverse("work:delivery")), baseline


SCENARIOS = [
    Scenario("my work (coordinator)", 150, my_work_coordinator),
    Scenario("my work (partner professional)", 150, my_work_professional),
    Scenario("case page (featured case)", 150, case_page),
    Scenario("plan page (featured case)", 150, plan_page),
    Scenario("delivery view (chain manager)", 150, delivery),
]
