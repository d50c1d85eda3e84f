"""The national side of the monitor (issue 13, parts 4 and 5; decision 0184): the all-or-nothing
import with its errors on the page, the audited replacement, the doors between the national role
and the houses, the downloads, and the small-cell rule on a chain manager's comparison."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import login_2fa
from tests.factories.network import HouseFactory, MembershipFactory, UserFactory
from zvh.audit.models import Action, AuditEvent
from zvh.authz.actor import Actor
from zvh.figures.table import ValueKind
from zvh.monitor.exchange.fictional import fictional_records
from zvh.monitor.exchange.records import parse_year
from zvh.monitor.exchange.tables import national_tables
from zvh.monitor.models import MonitorImport, NationalHouseRecord
from zvh.monitor.national_display import comparison_display
from zvh.monitor.national_selectors import Comparison
from zvh.monitor.national_services import national_records_import
from zvh.network.models import HouseKind, Role

YEAR = 2015


def _json(records: list[dict]) -> bytes:
    return json.dumps(records, default=lambda d: float(d) if isinstance(d, Decimal) else d).encode()


@pytest.fixture
def national(db):
    office = HouseFactory(name="Landelijke monitor", kind=HouseKind.NATIONAL)
    analyst = UserFactory(username="analist")
    MembershipFactory(user=analyst, house=office, role=Role.NATIONAL_ANALYST)
    actor = Actor(
        user_id=analyst.pk,
        organisation_id=analyst.organisation_id,
        house_id=office.pk,
        roles=frozenset({Role.NATIONAL_ANALYST}),
    )
    return analyst, actor


def _bad_inputs() -> list[tuple[str, bytes, str]]:
    """(what, file, a key the error names) for each kind of bad input of the issue."""
    records = fictional_records(year=YEAR, count=3)
    first = records[0]["id"]

    def changed(change) -> bytes:  # type: ignore[no-untyped-def]
        copy = json.loads(_json(records))
        change(copy[0])
        return _json(copy)

    def shares(record: dict) -> None:
        record["inflow_share_pct"] = dict.fromkeys(record["inflow_share_pct"], None)
        record["inflow_share_pct"]["police"] = 50
        record["inflow_share_pct"]["other"] = 30

    def fte(record: dict) -> None:
        record["fte_total"] = 10.0
        record["fte_chain_manager"] = 1.0
        record["fte_process_management"] = 1.0
        record["fte_information_admin"] = 1.0
        record["fte_other"] = 1.0

    duplicate = json.loads(_json(records))
    duplicate[1]["id"] = first
    return [
        ("missing key", changed(lambda r: r.pop("goal_statement")), "goal_statement"),
        ("wrong enum", changed(lambda r: r.update(casus_op_maat="soms")), "casus_op_maat"),
        (
            "wrong type",
            changed(lambda r: r.update(municipalities_count="acht")),
            "municipalities_count",
        ),
        ("shares", changed(shares), "inflow_share_pct"),
        ("fte", changed(fte), "fte"),
        ("duplicate id", _json(duplicate), "id"),
        ("not json", b"{dit is geen json", ""),
    ]


def test_a_bad_file_imports_nothing_and_the_page_names_house_key_and_reason(national):
    analyst, _actor = national
    client = login_2fa(Client(), analyst)
    url = reverse("national_monitor:import")
    for what, raw, key in _bad_inputs():
        upload = SimpleUploadedFile("jaar.json", raw, content_type="application/json")
        response = client.post(url, {"year": YEAR, "file": upload})
        assert response.status_code == 400, what
        errors = response.context["errors"]
        assert errors, what
        assert any(key in error.key for error in errors), (what, errors)
        page = response.content.decode()
        assert "Er is niets geïmporteerd" in page, what
        assert errors[0].reason in page or errors[0].reason.replace("'", "&#x27;") in page, what
    assert not NationalHouseRecord.objects.exists()
    assert not MonitorImport.objects.exists()
    failed = AuditEvent.objects.filter(object_type="monitor_import", result="failed")
    assert failed.count() == len(_bad_inputs())


def test_the_same_house_and_year_again_replaces_its_record_and_is_audited(national):
    _analyst, actor = national
    records = fictional_records(year=YEAR, count=3)
    first = national_records_import(actor=actor, year=YEAR, raw=_json(records), file_name="a.json")
    assert (len(first.new), len(first.replaced)) == (3, 0)
    old = NationalHouseRecord.objects.get(year=YEAR, house_code=records[0]["id"])
    changed = json.loads(_json(records[:1]))
    changed[0]["goal_statement"] = (
        "neutral" if changed[0]["goal_statement"] != "neutral" else "strongly_agree"
    )
    second = national_records_import(actor=actor, year=YEAR, raw=_json(changed), file_name="b.json")
    assert (second.new, second.replaced) == ([], [records[0]["id"]])
    new = NationalHouseRecord.objects.get(pk=old.pk)
    assert new.record["goal_statement"] == changed[0]["goal_statement"]
    assert new.source_import == second.monitor_import
    assert NationalHouseRecord.objects.filter(year=YEAR).count() == 3
    event = AuditEvent.objects.get(action=Action.UPDATE, object_type="monitor_record")
    assert event.object_id == str(old.pk)
    assert event.detail["previous_hash"] == old.record_hash
    assert event.detail["new_hash"] == new.record_hash != old.record_hash
    imports = AuditEvent.objects.filter(action=Action.IMPORT, object_type="monitor_import")
    assert imports.count() == 2


def test_doors_between_the_national_role_and_the_houses(national, client):
    """The matrix covers every door; this names the two that matter most directly."""
    from tests.factories.people import CaseFactory

    analyst, actor = national
    national_records_import(
        actor=actor, year=YEAR, raw=_json(fictional_records(year=YEAR, count=2))
    )
    house = HouseFactory()
    case = CaseFactory(house=house)
    manager = UserFactory()
    MembershipFactory(user=manager, house=house, role=Role.CHAIN_MANAGER)
    analyst_client = login_2fa(client, analyst)
    assert analyst_client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert analyst_client.get(reverse("cases:list")).status_code == 404
    manager_client = login_2fa(Client(), manager)
    for name, kwargs in (
        ("national_monitor:index", {}),
        ("national_monitor:year", {"year": YEAR}),
        ("national_monitor:records", {"year": YEAR}),
    ):
        assert manager_client.get(reverse(name, kwargs=kwargs)).status_code == 404, name


def test_csv_and_pdf_of_a_table_and_of_all_tables(national, client):
    analyst, actor = national
    national_records_import(
        actor=actor, year=YEAR, raw=_json(fictional_records(year=YEAR, count=4))
    )
    client = login_2fa(client, analyst)
    one = client.get(reverse("national_monitor:export", args=[YEAR, "1", "csv"]))
    assert one.status_code == 200
    assert one["Content-Type"].startswith("text/csv")
    body = one.content.decode("utf-8")
    assert body.startswith("\ufeff") and ";" in body
    assert "Tabel 1 " in body and "Tabel 2 " not in body
    texts = client.get(reverse("national_monitor:export", args=[YEAR, "11", "csv"]))
    assert texts.status_code == 200
    every = client.get(reverse("national_monitor:export", args=[YEAR, "alle", "pdf"]))
    assert every.status_code == 200 and every.content.startswith(b"%PDF")
    assert (
        client.get(reverse("national_monitor:export", args=[YEAR, "99", "csv"])).status_code == 404
    )
    assert (
        AuditEvent.objects.filter(action=Action.EXPORT, object_type="national_tables").count() == 3
    )


def test_the_years_records_and_tables_download_as_json_and_read_back(national, client):
    """The records file is the exchange format (parse_year reads it back unchanged) and the
    tables file is what `manage.py monitor_tables` prints for it."""
    analyst, actor = national
    records = fictional_records(year=YEAR, count=4)
    national_records_import(actor=actor, year=YEAR, raw=_json(records))
    client = login_2fa(client, analyst)
    download = client.get(reverse("national_monitor:records-export", args=[YEAR]))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.json"')
    read_back = parse_year(download.content, year=YEAR)
    assert [r["id"] for r in read_back] == sorted(r["id"] for r in records)
    tables = client.get(reverse("national_monitor:export", args=[YEAR, "alle", "json"]))
    assert json.loads(tables.content) == json.loads(
        json.dumps(national_tables(read_back, year=YEAR))
    )
    assert (
        client.get(reverse("national_monitor:export", args=[YEAR, "1", "json"])).status_code == 404
    )
    assert (
        client.get(reverse("national_monitor:records-export", args=[YEAR + 1])).status_code == 404
    )
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="monitor_record").exists()


# --- the small-cell rule on a chain manager's comparison (no database) ----------------------


THRESHOLD = 5


def _comparison() -> Comparison:
    records = fictional_records(year=YEAR, count=30, seed=3)
    return Comparison(
        year=YEAR,
        tables=national_tables(records, year=YEAR),
        own_tables=national_tables(records[:1], year=YEAR),
        own_record=records[0],
        threshold=THRESHOLD,
    )


def _hidden_and_exposed(values: list[int | None], total: int | None) -> bool:
    """True when exactly one cell is hidden beside a published total: it is the difference."""
    hidden = [v for v in values if v is None]
    return total is not None and len(hidden) == 1


def test_a_chain_manager_never_sees_a_count_below_the_threshold_nor_recovers_it():
    comparison = _comparison()
    shown = comparison_display(comparison)
    checked_small = 0
    for table in shown:
        figure = table.figure
        if figure is None:
            continue
        data = comparison.tables[table.key]
        counts = [c for c in figure.columns if c.kind == ValueKind.COUNT and not c.public]
        for column in counts:
            values = [row.values.get(column.key) for row in figure.rows]
            for value in values:
                assert value is None or value >= THRESHOLD, (table.key, column.key, value)
            total = figure.total.values.get(column.key) if figure.total else None
            assert not _hidden_and_exposed(values, total), (table.key, column.key)
        if data.get("type") == "frequency":
            small = [r for r in data["rows"] if 0 < r["count"] < THRESHOLD]
            checked_small += len(small)
            for row in figure.rows:
                original = next((r for r in data["rows"] if r["key"] == row.key), None)
                if original is not None and original["count"] < THRESHOLD:
                    assert row.values["count"] is None and row.suppressed["count"]
                    assert row.values["pct"] is None
        if data.get("type") in {"matrix_pct", "matrix_counts"}:
            # Each row sums to a published row total (the base, or "answered"): per row too.
            for row in figure.rows:
                cells = [row.values.get(c.key) for c in counts if c.key != "answered"]
                assert sum(1 for v in cells if v is None) != 1, (table.key, row.key)
    assert checked_small, "the fictional year has small cells to protect"


def test_the_national_analyst_sees_exact_counts_and_other_houses_texts(national):
    from zvh.monitor.national_display import national_display

    records = fictional_records(year=YEAR, count=30, seed=3)
    tables = national_tables(records, year=YEAR)
    shown = {t.key: t for t in national_display(tables, records)}
    first = tables["table_3"]["rows"]
    assert [r.values["count"] for r in shown["table_3"].figure.rows] == [r["count"] for r in first]
    compared = {t.key: t for t in comparison_display(_comparison())}
    texts = [
        r.get("national_level_contribution")
        for r in records
        if r.get("national_level_contribution")
    ]
    assert len(shown["table_11"].texts) == len(texts)
    assert len(compared["table_11"].texts) <= 1  # only the house's own answer


# --- who may hold the national role (decision 0184) -----------------------------------------


def test_the_national_role_only_in_a_national_tenant_and_no_house_roles_there(db):
    from django.core.exceptions import ValidationError

    from zvh.network import services
    from zvh.network.forms import UserRolesForm

    for kind, refused, offered in (
        (HouseKind.HOUSE, Role.NATIONAL_ANALYST, Role.CHAIN_MANAGER),
        (HouseKind.NATIONAL, Role.CHAIN_MANAGER, Role.NATIONAL_ANALYST),
    ):
        house = HouseFactory(kind=kind)
        admin = UserFactory()
        MembershipFactory(user=admin, house=house, role=Role.FUNCTIONAL_ADMIN)
        subject = UserFactory(organisation=admin.organisation)
        actor = Actor(
            user_id=admin.pk,
            organisation_id=admin.organisation_id,
            house_id=house.pk,
            roles=frozenset({Role.FUNCTIONAL_ADMIN}),
        )
        with pytest.raises(ValidationError):
            services.user_roles_set(actor=actor, user=subject, roles=[refused])
        choices = {
            value for value, _label in UserRolesForm(house_kind=kind).fields["roles"].choices
        }
        assert offered in choices and refused not in choices


def test_the_national_pages_take_a_fixed_number_of_queries(
    national, client, django_assert_max_num_queries
):
    analyst, actor = national
    for year in (2014, YEAR):
        records = fictional_records(year=year, count=30)
        national_records_import(actor=actor, year=year, raw=_json(records))
    client = login_2fa(client, analyst)
    for url in (
        reverse("national_monitor:index"),
        reverse("national_monitor:records", args=[YEAR]),
        reverse("national_monitor:year", args=[YEAR]),
        reverse("national_monitor:trends"),
    ):
        with django_assert_max_num_queries(QUERY_BUDGET):
            assert client.get(url).status_code == 200


# A page: the session, the user and roles, the read and its access-log event; not one per record.
QUERY_BUDGET = 14
