"""The national monitor in Chromium (issue 13, decision 0184): the national analyst imports a
year by keyboard (a bad file first: the errors by house, key and reason, nothing imported),
reads the year's tables, a record and the trends; a chain manager then sees the house beside
all houses. Every page passes axe-core and the CSP (see conftest.py)."""

from __future__ import annotations

import json
from decimal import Decimal

from django.urls import reverse

from tests.factories.network import HouseFactory, MembershipFactory, UserFactory
from zvh.monitor.exchange.fictional import fictional_records
from zvh.monitor.models import NationalHouseRecord
from zvh.network.models import HouseKind, Role

YEAR = 2015


def _file(path, records: list[dict]) -> str:
    path.write_text(
        json.dumps(records, default=lambda d: float(d) if isinstance(d, Decimal) else d),
        encoding="utf-8",
    )
    return str(path)


def _upload(browser_page, year: int, path: str) -> None:
    """Fills in the import form by keyboard only and submits it."""
    page = browser_page.page
    keyboard = page.keyboard
    browser_page.tab_to("id_year")
    keyboard.press("Control+A")
    keyboard.type(str(year))
    keyboard.press("Tab")
    assert browser_page.focused() == "id_file"
    with page.expect_file_chooser() as chooser:
        keyboard.press("Space")
    chooser.value.set_files(path)
    browser_page.tab_to("Importeren")
    with page.expect_navigation():
        keyboard.press("Enter")
    browser_page.check()


def test_national_analyst_imports_reads_tables_and_a_chain_manager_compares(browser_page, tmp_path):
    office = HouseFactory(name="Landelijke monitor", kind=HouseKind.NATIONAL)
    analyst = UserFactory(username="analist-monitor-browser")
    MembershipFactory(user=analyst, house=office, role=Role.NATIONAL_ANALYST)
    records = fictional_records(year=YEAR, count=12, seed=1)
    house = HouseFactory(name="Veiligheidshuis Test", monitor_code=records[0]["id"])
    manager = UserFactory(username="ketenmanager-monitor-browser")
    MembershipFactory(user=manager, house=house, role=Role.CHAIN_MANAGER)
    page = browser_page.page

    browser_page.login(analyst)
    browser_page.visit(reverse("national_monitor:index"))
    browser_page.tab_to("Records importeren")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("national_monitor:import"))

    bad = json.loads(json.dumps(records, default=float))
    bad[1]["casus_op_maat"] = "soms"
    _upload(browser_page, YEAR, _file(tmp_path / "fout.json", bad))
    errors = page.get_by_role("table", name="Fouten in het bestand")
    assert errors.is_visible()
    assert "casus_op_maat" in errors.inner_text() and bad[1]["id"] in errors.inner_text()
    assert not NationalHouseRecord.objects.exists()

    _upload(browser_page, YEAR, _file(tmp_path / "goed.json", records))
    assert page.get_by_role("status").first.inner_text().startswith(f"Jaar {YEAR}: 12")
    browser_page.tab_to(f"Naar de tabellen van {YEAR}")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("national_monitor:year", args=[YEAR]))
    assert page.get_by_role("heading", name="Tabel 31", exact=False).first.is_visible()
    assert page.locator("svg.figure-chart").count() > 20

    browser_page.visit(reverse("national_monitor:records", args=[YEAR]))
    page.get_by_role("link", name=records[0]["id"]).click()
    page.wait_for_url(
        browser_page.url(reverse("national_monitor:record", args=[YEAR, records[0]["id"]]))
    )
    browser_page.check()
    assert page.get_by_text(records[0]["name"]).first.is_visible()
    browser_page.visit(reverse("national_monitor:trends"))

    page.context.clear_cookies()
    browser_page.login(manager)
    browser_page.visit(reverse("monitor:compare"))
    assert page.get_by_role("columnheader", name="Uw huis").first.is_visible()
    assert page.get_by_text("kleiner dan 5", exact=False).first.is_visible()
