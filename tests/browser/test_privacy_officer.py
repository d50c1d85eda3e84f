"""The privacy officer's anomaly report and processing register, and the chain manager's
covenant warnings, in Chromium on the demo: reachable by keyboard from the menu, and every page
passes axe-core and the CSP (see conftest.py)."""

from __future__ import annotations

from django.urls import reverse

from tests.demo.support import run_demo
from zvh.accounts.models import User
from zvh.demo import data


def test_the_privacy_officer_opens_the_reports_from_the_menu(browser_page):
    run_demo()
    officer = User.objects.get(username="demo-privacy")
    page = browser_page.page
    browser_page.login(officer, password=data.DEMO_PASSWORD)

    browser_page.tab_to("Afwijkingen")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("privacy:anomalies"))
    assert page.get_by_role("heading", name="Pieken in weigeringen").is_visible()
    browser_page.screenshot("screenshot-anomalies")
    # A bad period: the form says what is wrong, in Dutch.
    browser_page.visit(reverse("privacy:anomalies") + "?van=2026-03-10&tot=2026-03-01")
    assert page.get_by_text("De einddatum ligt vóór de begindatum.").first.is_visible()

    browser_page.tab_to("Verwerkingsregister")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("privacy:register"))
    assert page.get_by_role("heading", name="Casuswerk (procesregie)").is_visible()


def test_the_chain_manager_sees_the_covenant_warnings(browser_page):
    run_demo()
    manager = User.objects.get(username="demo-ketenmanager")
    browser_page.login(manager, password=data.DEMO_PASSWORD)
    # The demo's night shelter takes part in a case and is no party to the privacy covenant.
    warnings = browser_page.page.get_by_role("heading", name="Waarschuwingen convenanten")
    assert warnings.is_visible()
    browser_page.visit(reverse("covenants:list"))
    assert warnings.is_visible()
    browser_page.screenshot("screenshot-covenant-warnings")
    browser_page.visit(reverse("work:mine"))
