"""The steering-group report: a frozen, versioned snapshot of the house's suppressed figures,
seen by the chain manager and (once final) the steering group of the house only."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zvh.audit.models import Action, AuditEvent
from zvh.figures import registry
from zvh.figures.models import FigureSettings
from zvh.figures.scope import FigureScope
from zvh.figures.table import ValueKind
from zvh.network.models import Role
from zvh.reports import snapshot
from zvh.reports.export import report_pdf_html
from zvh.reports.models import ReportKind, ReportStatus, SteeringReport
from zvh.reports.services import report_period

from .support import LAST_YEAR, refer, referrals_by_organisation, table_of

pytestmark = pytest.mark.django_db

OWN_ORG = "Eigen organisatie"
OTHER_ORG = "Andere organisatie"


def _manager(world: Any, client_for: Any) -> Any:
    return client_for(world.user(Role.CHAIN_MANAGER))


def _generate(client: Any, **data: Any) -> Any:
    return client.post(reverse("reports:create"), {"kind": "year", "year": LAST_YEAR, **data})


def _cell(table: dict[str, Any], row_key: str, column: str = "now") -> Any:
    row = next(r for r in table["rows"] if r["key"] == row_key)
    return row["suppressed"].get(column, row["values"][column])


def _finalise(client: Any, report: SteeringReport) -> None:
    response = client.post(
        reverse("reports:finalise", args=[report.id]), {"version": report.version}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.FINAL


def test_snapshot_does_not_change_when_the_data_does(world, client_for, test_figures):
    refer(world, 6, on=date(LAST_YEAR, 3, 1))
    manager = _manager(world, client_for)
    response = _generate(manager, summary="Een rustig jaar.")
    report = SteeringReport.objects.get(house=world.house)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:detail", args=[report.id])
    assert (report.kind, report.period_start, report.period_end) == (
        ReportKind.YEAR,
        date(LAST_YEAR, 1, 1),
        date(LAST_YEAR, 12, 31),
    )
    assert _cell(table_of(report), OWN_ORG) == 6
    frozen_figures, computed_at = report.figures, report.computed_at
    pdf_html = report_pdf_html(report)

    refer(world, 3, on=date(LAST_YEAR, 6, 1))
    scope = FigureScope(world.house.id, date(LAST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
    assert referrals_by_organisation(scope).rows[0].values["now"] == 9  # the data did change

    page = manager.get(reverse("reports:detail", args=[report.id]))
    assert page.status_code == 200
    assert re.search(rf"{OWN_ORG}</th><td class=\"number\">6</td>", page.content.decode())
    report.refresh_from_db()
    assert report.figures == frozen_figures
    assert report.computed_at == computed_at
    assert report_pdf_html(report) == pdf_html


def test_generating_again_makes_a_new_version_and_keeps_the_old(world, client_for, test_figures):
    refer(world, 6, on=date(LAST_YEAR, 3, 1))
    manager = _manager(world, client_for)
    _generate(manager)
    first = SteeringReport.objects.get()
    _finalise(manager, first)
    refer(world, 3, on=date(LAST_YEAR, 6, 1))
    _generate(manager)

    first_again, second = SteeringReport.objects.order_by("number")
    assert (first_again.number, second.number) == (1, 2)
    assert first_again.figures == first.figures and first_again.status == ReportStatus.FINAL
    assert _cell(table_of(first_again), OWN_ORG) == 6
    assert _cell(table_of(second), OWN_ORG) == 9
    assert second.status == ReportStatus.DRAFT
    assert second.computed_at > first.computed_at
    assert (
        AuditEvent.objects.filter(action=Action.CREATE, object_type="steering_report").count() == 2
    )
    # Another period is numbered on its own.
    _generate(manager, kind="quarter", quarter="2")
    quarter = SteeringReport.objects.get(kind=ReportKind.QUARTER)
    assert (quarter.period_start, quarter.period_end, quarter.number) == (
        date(LAST_YEAR, 4, 1),
        date(LAST_YEAR, 6, 30),
        1,
    )
    # Three referrals in the quarter (suppressed), six in the quarter before it.
    assert _cell(table_of(quarter), OWN_ORG) == "<5"
    assert _cell(table_of(quarter), OWN_ORG, "before") == 6


def test_steering_group_sees_final_reports_of_its_own_house_only(world, client_for, test_figures):
    manager = _manager(world, client_for)
    _generate(manager)
    report = SteeringReport.objects.get()
    member = client_for(world.user(Role.STEERING_GROUP_MEMBER))
    other_member = client_for(world.user(Role.STEERING_GROUP_MEMBER, house="other"))
    other_manager = client_for(world.user(Role.CHAIN_MANAGER, house="other"))
    detail = reverse("reports:detail", args=[report.id])
    pdf = reverse("reports:pdf", args=[report.id])

    # A draft: the chain manager only.
    assert manager.get(detail).status_code == 200
    assert member.get(detail).status_code == 404
    assert member.get(pdf).status_code == 404
    assert report.period_label not in member.get(reverse("reports:list")).content.decode()

    _finalise(manager, report)
    assert member.get(detail).status_code == 200
    response = member.get(pdf)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert report.period_label in member.get(reverse("reports:list")).content.decode()
    # The start page shows the steering-group member the latest report.
    assert detail in member.get(reverse("web:home")).content.decode()

    # Another house: 404 for everything, recorded as a denial; its list does not show it.
    for client in (other_member, other_manager):
        assert client.get(detail).status_code == 404
        assert client.get(pdf).status_code == 404
        assert report.period_label not in client.get(reverse("reports:list")).content.decode()
    assert other_manager.get(reverse("reports:edit", args=[report.id])).status_code == 404
    assert AuditEvent.objects.filter(
        action=Action.DENIED, object_type="steering_report", object_id=str(report.id)
    ).exists()
    # A steering-group member manages nothing.
    assert member.get(reverse("reports:create")).status_code == 404
    assert member.get(reverse("reports:edit", args=[report.id])).status_code == 404


def test_no_count_below_the_threshold_leaves_in_the_report(world, client_for, test_figures):
    refer(world, 6, on=date(LAST_YEAR, 3, 1))
    other_referrer = world.user(Role.PARTNER_PROFESSIONAL, org="other")
    refer(world, 2, on=date(LAST_YEAR, 4, 1), user=other_referrer)
    manager = _manager(world, client_for)
    _generate(manager)
    report = SteeringReport.objects.get()
    threshold = report.suppression_threshold
    assert threshold == 5
    assert _cell(table_of(report), OTHER_ORG) == "<5"

    published: list[int] = []
    for group in report.figures:
        for table in group["tables"]:
            counts = [c["key"] for c in table["columns"] if c["kind"] == ValueKind.COUNT]
            for row in [*table["rows"], *([table["total"]] if table["total"] else [])]:
                for key in counts:
                    value = row["values"][key]
                    assert value is None or value >= threshold, (table["key"], row, key)
                    if value is None:
                        assert row["suppressed"].get(key), (table["key"], row, key)
                    else:
                        published.append(value)
    # The PDF and the page show exactly the published counts (as whole numbers), nothing else.
    cell = re.compile(r'<td class="number">(\d+)</td>')
    html = report_pdf_html(report)
    assert sorted(int(n) for n in cell.findall(html)) == sorted(published)
    page = manager.get(reverse("reports:detail", args=[report.id])).content.decode()
    assert sorted(int(n) for n in cell.findall(page)) == sorted(published)


def test_the_house_threshold_is_used_and_frozen(world, client_for, test_figures):
    FigureSettings.objects.create(house=world.house, suppression_threshold=10)
    refer(world, 6, on=date(LAST_YEAR, 3, 1))
    manager = _manager(world, client_for)
    _generate(manager)
    report = SteeringReport.objects.get()
    assert report.suppression_threshold == 10
    assert _cell(table_of(report), OWN_ORG) == "<10"
    FigureSettings.objects.filter(house=world.house).update(suppression_threshold=5)
    report.refresh_from_db()
    assert _cell(table_of(report), OWN_ORG) == "<10"


def test_the_pdf_holds_no_personal_data(world, client_for, test_figures):
    # Referrals about "Piet Jansen" (the factory's person) and one with a BSN.
    refer(world, 6, on=date(LAST_YEAR, 3, 1))
    manager = _manager(world, client_for)
    _generate(manager, summary="Samenvatting van het jaar.")
    report = SteeringReport.objects.get()
    _finalise(manager, report)
    html = report_pdf_html(report)
    assert "Samenvatting van het jaar." in html and OWN_ORG in html
    for personal in ("Jansen", "Piet"):
        assert personal not in html
    response = manager.get(reverse("reports:pdf", args=[report.id]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, object_type="steering_report", object_id=str(report.id)
    ).exists()


def test_opening_a_report_is_an_access_event(world, client_for, test_figures):
    manager = _manager(world, client_for)
    _generate(manager)
    report = SteeringReport.objects.get()
    manager.get(reverse("reports:detail", args=[report.id]))
    manager.get(reverse("reports:list"))
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="steering_report", object_id=str(report.id)
    ).exists()
    assert AuditEvent.objects.filter(action=Action.LIST, object_type="steering_report").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": LAST_YEAR + 1}, "Deze periode is nog niet voorbij"),
        ({"year": "twee"}, "Vul het jaar in als getal"),
        ({"year": ""}, "Vul het jaar in."),
        ({"year": 1999}, "Kies een jaar vanaf 2000."),
        ({"kind": "quarter"}, "Kies het kwartaal."),
        ({"kind": "quarter", "quarter": "5"}, "Kies het kwartaal."),
        ({"kind": "maand"}, "Kies een kwartaal- of jaarrapportage."),
        ({"summary": "x" * 5001}, "maximaal 5000 tekens"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    world, client_for, test_figures, data, message
):
    response = _generate(_manager(world, client_for), **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SteeringReport.objects.exists()


def test_narrative_is_editable_until_final_and_the_figures_never(world, client_for, test_figures):
    refer(world, 6, on=date(LAST_YEAR, 3, 1))
    manager = _manager(world, client_for)
    _generate(manager)
    report = SteeringReport.objects.get()
    figures = report.figures
    edit = reverse("reports:edit", args=[report.id])
    assert manager.get(edit).status_code == 200
    response = manager.post(edit, {"version": report.version, "outlook": "Meer preventie."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.outlook == "Meer preventie." and report.figures == figures
    # A form opened before that save: refused, nothing lost silently.
    stale = manager.post(edit, {"version": 1, "outlook": "Iets anders."})
    assert stale.status_code == 409
    report.refresh_from_db()
    assert report.outlook == "Meer preventie."

    _finalise(manager, report)
    assert manager.get(edit).status_code == 302
    response = manager.post(edit, {"version": report.version, "outlook": "Later gewijzigd."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.outlook == "Meer preventie."
    # Setting it again: a message, nothing changes.
    finalised_at = report.finalised_at
    manager.post(reverse("reports:finalise", args=[report.id]), {"version": report.version})
    report.refresh_from_db()
    assert report.finalised_at == finalised_at


def test_system_signals_raised_to_the_steering_group_are_frozen(
    world, client_for, test_figures, monkeypatch
):
    asked: list[tuple[Any, ...]] = []

    def signals(house_id: Any, start: date, end: date) -> list[dict[str, Any]]:
        asked.append((house_id, start, end))
        return [
            {
                "title": "Wachtlijst beschermd wonen",
                "status": "Voorgelegd",
                "addressee": "Stuurgroep",
                "raised_on": date(LAST_YEAR, 5, 1),
                "response": "",
            }
        ]

    monkeypatch.setattr(snapshot, "signals_for_report", signals)
    manager = _manager(world, client_for)
    _generate(manager, kind="quarter", quarter="2")
    report = SteeringReport.objects.get()
    assert asked == [(world.house.id, date(LAST_YEAR, 4, 1), date(LAST_YEAR, 6, 30))]
    assert report.system_signals[0]["raised_on"] == f"{LAST_YEAR}-05-01"
    monkeypatch.setattr(snapshot, "signals_for_report", lambda *args: [])
    page = manager.get(reverse("reports:detail", args=[report.id])).content.decode()
    assert "Wachtlijst beschermd wonen" in page
    assert "Wachtlijst beschermd wonen" in report_pdf_html(report)


@pytest.mark.parametrize(
    ("kind", "quarter", "start", "end"),
    [
        ("quarter", 1, date(2024, 1, 1), date(2024, 3, 31)),
        ("quarter", 2, date(2024, 4, 1), date(2024, 6, 30)),
        ("quarter", 3, date(2024, 7, 1), date(2024, 9, 30)),
        ("quarter", 4, date(2024, 10, 1), date(2024, 12, 31)),
        ("year", None, date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_periods(kind, quarter, start, end):
    period = report_period(kind=kind, year=2024, quarter=quarter, today=date(2025, 1, 1))
    assert (period.start, period.end) == (start, end)


def test_every_group_of_the_registry_is_frozen_in_order(world, client_for, test_figures):
    _generate(_manager(world, client_for))
    report = SteeringReport.objects.get()
    assert [group["group"] for group in report.figures] == [g.key for g in registry.GROUPS]
    assert report.figures[-1]["tables"][0]["key"] == "test.referrals_by_organisation"


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_and_start_page_cost_the_same_however_many_reports(world, client_for):
    manager = _manager(world, client_for)
    member = client_for(world.user(Role.STEERING_GROUP_MEMBER))

    def add(count: int) -> None:
        for _ in range(count):
            number = SteeringReport.objects.count() + 1
            SteeringReport.objects.create(
                house=world.house,
                kind=ReportKind.YEAR,
                period_start=date(LAST_YEAR, 1, 1),
                period_end=date(LAST_YEAR, 12, 31),
                number=number,
                status=ReportStatus.FINAL,
                suppression_threshold=5,
                computed_at=timezone.now(),
                finalised_at=timezone.now(),
            )

    add(1)
    few = _queries(manager, reverse("reports:list")), _queries(member, reverse("web:home"))
    add(9)
    many = _queries(manager, reverse("reports:list")), _queries(member, reverse("web:home"))
    assert few == many


def test_a_new_version_starts_from_the_report_s_period(world, client_for, test_figures):
    manager = _manager(world, client_for)
    _generate(manager, kind="quarter", quarter="3")
    report = SteeringReport.objects.get()
    page = manager.get(reverse("reports:detail", args=[report.id])).content.decode()
    link = f"{reverse('reports:create')}?kind=quarter&amp;year={LAST_YEAR}&amp;quarter=3"
    assert link in page
    form = manager.get(link.replace("&amp;", "&")).content.decode()
    assert f'value="{LAST_YEAR}"' in form
    assert re.search(r'<option value="3" selected>', form)


def test_free_text_tables_stay_out_of_the_report(monkeypatch):
    """The motivations of departures from the national rule are row labels of free text that
    may name a person: the chain manager's screen only, never the frozen report."""
    import uuid

    from zvh.figures.table import Column, FigureTable, Row

    def motivations(scope: FigureScope) -> FigureTable:
        return FigureTable(
            key="triage.departures",
            title="Afwijkingen",
            definition="",
            row_header="Motivering",
            columns=(Column("n", "Aantal"),),
            rows=[Row("1", "Jan Jansen wilde niet", {"n": 7})],
            chart="",
            chain_manager_only=True,
        )

    def counts(scope: FigureScope) -> FigureTable:
        return FigureTable(
            key="test.counts",
            title="Aantallen",
            definition="",
            row_header="Soort",
            columns=(Column("n", "Aantal"),),
            rows=[Row("a", "A", {"n": 7})],
        )

    group = registry.FigureGroup("test", "Test", (motivations, counts))
    monkeypatch.setattr(registry, "GROUPS", (group,))
    frozen = snapshot.frozen_figures(
        house_id=uuid.uuid4(), start=date(2025, 1, 1), end=date(2025, 12, 31), threshold=5
    )
    keys = [table["key"] for table in frozen[0]["tables"]]
    assert keys == ["test.counts"]
    assert "Jan Jansen" not in repr(frozen)
