"""Attachments in Chromium (decision 0188): the functional administrator narrows the house's
upload limits on the case settings page, by keyboard; a process coordinator's executable named
like a PDF is refused on the case page with its Dutch message, and nothing is stored. Every
page passes axe-core and the CSP (see conftest.py). A file is chosen with Playwright's file
input: a browser's file dialog is outside the page."""

from __future__ import annotations

from django.urls import reverse

from tests.factories.people import CaseFactory, CasePersonFactory, PersonFactory
from tests.factories.sharing import legal_basis_for
from zvh.cases.models import CaseSettings
from zvh.network.models import Role
from zvh.sharing.models import InformationItem

FAR = 150


def test_a_refused_upload_shows_why(browser_page, world, settings, tmp_path):
    settings.ZVH_PRIVATE_MEDIA_ROOT = tmp_path
    settings.ZVH_CLAMD = ""
    page = browser_page.page
    keyboard = page.keyboard

    # The administrator allows PDF only: every type but the first is switched off.
    browser_page.login(world.user(Role.FUNCTIONAL_ADMIN))
    browser_page.visit(reverse("case-config:settings"))
    browser_page.tab_to("id_upload_max_mb")
    keyboard.press("Control+A")
    keyboard.type("5")
    boxes = page.locator("input[name=upload_types]")
    for index in range(1, boxes.count()):
        boxes.nth(index).focus()
        keyboard.press("Space")
    browser_page.tab_to("Opslaan")
    browser_page.press_and_check("Enter")
    saved = CaseSettings.objects.get(house=world.house)
    assert (saved.upload_max_mb, saved.upload_types) == (5, ["pdf"])
    assert "hoogstens 5 MB; PDF" in page.content()

    case = CaseFactory(house=world.house)
    CasePersonFactory(case=case, person=PersonFactory(house=world.house, surname="Visser"))
    legal_basis_for(world.house)
    browser_page.login(world.user(Role.PROCESS_COORDINATOR))
    browser_page.visit(reverse("cases:detail", kwargs={"case_id": case.id}))
    page.set_input_files(
        "#id_attachment",
        files=[{"name": "rapport.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00"}],
    )
    for select in ("id_category", "id_legal_basis", "id_purpose"):
        browser_page.tab_to(select, limit=FAR)
        keyboard.press("ArrowDown")
    browser_page.tab_to("Item toevoegen", limit=FAR)
    browser_page.press_and_check("Enter")
    assert "Dit soort bestand is niet toegestaan. Toegestaan zijn: PDF." in page.content()
    assert not InformationItem.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]
