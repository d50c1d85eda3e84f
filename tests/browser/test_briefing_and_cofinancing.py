"""The bestuurder's briefing and the co-financing calculator in Chromium on the demo: reached
and used by keyboard, and every page passes axe-core and the CSP (see conftest.py)."""

from __future__ import annotations

from django.urls import reverse

from tests.demo.support import run_demo
from zvh.accounts.models import User
from zvh.demo import data


def test_the_bestuurder_opens_the_briefing_from_the_start_page(browser_page):
    run_demo()
    mayor = User.objects.get(username="demo-bestuurder")
    page = browser_page.page
    browser_page.login(mayor, password=data.DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Escalaties die op uw reactie wachten").is_visible()
    browser_page.tab_to("Naar de briefing")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("briefing:briefing"))
    assert page.get_by_role("heading", name="Hoe het stoplicht wordt bepaald").is_visible()
    browser_page.screenshot("screenshot-mayor-briefing")


def test_the_steering_group_member_calculates_and_is_told_what_is_wrong(browser_page):
    run_demo()
    member = User.objects.get(username="demo-stuurgroep")
    page = browser_page.page
    browser_page.login(member, password=data.DEMO_PASSWORD)
    browser_page.tab_to("Cofinanciering")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("cofinancing:calculator"))
    # A budget that is no amount: a Dutch message, by keyboard.
    browser_page.tab_to("id_budget")
    page.keyboard.type("veel")
    browser_page.press_and_check("Enter")
    assert page.get_by_text("Vul een bedrag in euro's in").first.is_visible()
    # A real budget, per inhabitant (the default): the result table.
    browser_page.tab_to("id_budget")
    page.keyboard.press("Control+A")
    page.keyboard.type("250000")
    browser_page.press_and_check("Enter")
    assert page.get_by_role("heading", name="Cofinanciering per gemeente").is_visible()
    assert page.get_by_role("rowheader", name="Zwolle").is_visible()
    browser_page.screenshot("screenshot-co-financing")
