"""The figure pages in Chromium on the demo: the start pages, the index, a group page with its
filter walked by keyboard, the list behind a number, the settings and the caseload page. Every
page passes axe-core and the CSP (see conftest.py)."""

from __future__ import annotations

from django.urls import reverse

from tests.demo.support import run_demo
from zvh.accounts.models import User
from zvh.demo import data

GROUP = reverse("figures:group", kwargs={"group": "instroom"})


def test_the_chain_manager_walks_the_figures_by_keyboard(browser_page):
    run_demo()
    manager = User.objects.get(username="demo-ketenmanager")
    page = browser_page.page
    browser_page.login(manager, password=data.DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Kerncijfers").is_visible()
    assert page.get_by_role("heading", name="Wat aandacht vraagt").is_visible()

    browser_page.tab_to("Cijfers")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("figures:index"))

    browser_page.visit(GROUP)
    # The filter by keyboard: the quick pick, then apply.
    browser_page.tab_to("id_period")
    page.keyboard.press("ArrowDown")  # "Dit jaar"
    browser_page.tab_to("Toepassen")
    browser_page.press_and_check("Enter")
    assert "period=year" in page.url
    # A bad period: a Dutch message, the page still there.
    browser_page.visit(GROUP + "?start=2026-03-10&end=2026-03-01")
    assert page.get_by_text("De einddatum ligt vóór de begindatum.").first.is_visible()

    browser_page.visit(reverse("figures:list") + "?list=cases&status=open")
    assert page.get_by_role("heading", name="De lijst achter een getal").is_visible()
    browser_page.visit(reverse("figures:list") + "?list=personen")
    assert page.get_by_text("Onbekende lijst").first.is_visible()

    browser_page.visit(reverse("figures:settings"))
    browser_page.tab_to("id_suppression_threshold")
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    browser_page.tab_to("Opslaan")
    browser_page.press_and_check("Enter")
    assert page.get_by_text("Kies een drempel van 2 tot en met 50.").first.is_visible()


def test_the_steering_group_member_and_the_coordinator(browser_page):
    run_demo()
    page = browser_page.page
    browser_page.login(User.objects.get(username="demo-stuurgroep"), password=data.DEMO_PASSWORD)
    browser_page.visit(GROUP)
    assert page.get_by_role("heading", name="Instroom").first.is_visible()
    browser_page.visit(reverse("figures:index"))

    browser_page.page.context.clear_cookies()
    coordinator = User.objects.get(username="demo-procesregisseur")
    browser_page.login(coordinator, password=data.DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Uw werk").is_visible()
    browser_page.visit(reverse("figures:caseload"))
    assert page.get_by_role("heading", name="Mijn caseload").is_visible()
