"""The advice register and the system-signal register in Chromium, by keyboard (issue 11):
every page passes axe-core and the CSP (see conftest.py)."""

from __future__ import annotations

from django.urls import reverse

from tests.factories.people import CaseFactory
from tests.factories.registers import AdviceFactory, SystemSignalFactory
from zvh.advice.models import Advice
from zvh.network.models import Role
from zvh.system_signals.models import SignalStatus, SystemSignal


def test_a_coordinator_records_advice_by_keyboard(browser_page, world):
    AdviceFactory(house=world.house, requester_organisation=world.other_org)
    browser_page.login(world.user(Role.PROCESS_COORDINATOR))
    page = browser_page.page
    browser_page.tab_to("Adviezen")
    browser_page.press_and_check("Enter")
    assert page.get_by_role("heading", name="Adviesregister").is_visible()
    browser_page.tab_to("Advies vastleggen", limit=80)
    browser_page.press_and_check("Enter")
    browser_page.tab_to("id_requester_organisation", limit=80)
    page.keyboard.press("ArrowDown")  # the first partner organisation
    # The other name, municipality, topic and date (three stops) keep their values.
    browser_page.tab_to("id_advice_text", limit=8)
    page.keyboard.type("Advies: overleg eerst met het sociaal wijkteam.")
    page.keyboard.press("Tab")
    page.keyboard.type("600")
    browser_page.press_and_check("Enter")
    assert page.get_by_text("Vul hoogstens 480 minuten in.").first.is_visible()
    assert Advice.objects.count() == 1
    page.focus("#id_minutes")
    page.keyboard.press("End")
    for _ in range(3):
        page.keyboard.press("Backspace")
    page.keyboard.type("45")
    browser_page.press_and_check("Enter")
    advice = Advice.objects.get(advice_text__startswith="Advies: overleg eerst")
    assert page.url == browser_page.url(reverse("advice:detail", args=[advice.id]))
    assert advice.minutes == 45
    assert advice.requester_organisation == world.other_org  # "Andere organisatie", first by name
    browser_page.visit(reverse("advice:edit", args=[advice.id]))
    browser_page.visit(reverse("advice:list") + "?start=2026-05-01&end=2026-04-01")
    assert page.get_by_text("De einddatum ligt vóór de begindatum.").first.is_visible()


def test_the_chain_manager_records_raises_and_cites_evidence(browser_page, world):
    case = CaseFactory(house=world.house, number="C-2026-000042")
    SystemSignalFactory(house=world.house, raised=True, title="Al voorgelegd")
    browser_page.login(world.user(Role.CHAIN_MANAGER))
    page = browser_page.page
    browser_page.tab_to("Systeemsignalen", limit=60)
    browser_page.press_and_check("Enter")
    browser_page.tab_to("Signaal vastleggen", limit=80)
    browser_page.press_and_check("Enter")
    browser_page.tab_to("id_title", limit=80)
    page.keyboard.type("Geen nachtopvang na 17 uur")
    page.keyboard.press("Tab")  # the kind: the first option, rules
    page.keyboard.press("Tab")
    page.keyboard.type("De nachtopvang neemt na 17 uur niemand op.")
    browser_page.tab_to("id_case_numbers", limit=5)  # found on (three stops): today
    page.keyboard.type(case.number)
    browser_page.press_and_check("Enter")
    signal = SystemSignal.objects.get(title="Geen nachtopvang na 17 uur")
    assert list(signal.evidence_cases.all()) == [case]
    assert page.get_by_text(case.number).first.is_visible()
    browser_page.tab_to("Behandelen", limit=80)
    browser_page.press_and_check("Enter")
    browser_page.tab_to("id_status", limit=80)
    page.keyboard.press("ArrowDown")  # raised to the steering group
    page.keyboard.press("Tab")
    page.keyboard.type("Gemeente Zwolle")
    browser_page.press_and_check("Enter")  # no date yet: a message
    assert page.get_by_text("Vul in wanneer het signaal is voorgelegd.").first.is_visible()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.RECORDED
    browser_page.visit(reverse("system_signals:evidence", args=[signal.id]))
    browser_page.visit(reverse("system_signals:edit", args=[signal.id]))
    browser_page.visit(reverse("system_signals:list") + "?status=raised")
    assert page.get_by_text("Al voorgelegd").first.is_visible()
