"""The work lists in Chromium (issue 12, decision 0180): a filtered case list passes axe-core,
and filtering, sorting and saving the filter work by keyboard alone; the saved filter is one
click from the start page."""

from __future__ import annotations

from django.urls import reverse

from tests.factories.people import CaseFactory
from zvh.cases.models import CaseStatus
from zvh.network.models import Role
from zvh.web.models import SavedFilter


def test_a_coordinator_filters_sorts_and_saves_the_case_list_by_keyboard(browser_page, world):
    CaseFactory(house=world.house, number="C-2026-000001", status=CaseStatus.ACCEPTED)
    CaseFactory(house=world.house, number="C-2026-000002", status=CaseStatus.CLOSED)
    browser_page.login(world.user(Role.PROCESS_COORDINATOR))
    page = browser_page.page
    browser_page.visit(reverse("cases:list"))
    assert page.get_by_text("C-2026-000001").first.is_visible()
    assert not page.get_by_text("C-2026-000002").count()  # closed: not in the open ones

    browser_page.tab_to("id_status", limit=80)
    page.keyboard.press("ArrowDown")  # "Alle"
    browser_page.tab_to("Filteren", limit=20)
    browser_page.press_and_check("Enter")
    assert "status=all" in page.url
    assert page.get_by_text("C-2026-000002").first.is_visible()

    browser_page.tab_to("Casus (sorteer oplopend)", limit=80)
    browser_page.press_and_check("Enter")
    assert "sort=number" in page.url
    cells = page.locator("tbody tr td:first-child").all_inner_texts()
    assert cells == ["C-2026-000001", "C-2026-000002"]

    browser_page.tab_to("id_saved_filter_name", limit=80)
    page.keyboard.type("Alle casussen op nummer")
    browser_page.press_and_check("Enter")
    assert page.get_by_text("is bewaard en staat op uw startpagina").first.is_visible()
    saved = SavedFilter.objects.get()
    assert saved.query == "status=all&sort=number"

    browser_page.visit(reverse("web:home"))
    browser_page.tab_to("Alle casussen op nummer", limit=80)
    browser_page.press_and_check("Enter")
    assert page.url.endswith(reverse("cases:list") + "?status=all&sort=number")

    # An invalid filter: a Dutch message on the page, no error page.
    browser_page.visit(reverse("cases:list") + "?start=2026-05-01&end=2026-04-01")
    assert page.get_by_text("De einddatum ligt vóór de begindatum.").first.is_visible()
