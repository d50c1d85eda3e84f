"""Lawful sharing in Chromium, by keyboard only (issue 5): a GGZ professional adds a health
item to a case; the police participant does not see it; the process coordinator records the
person's consent covering the police; now the police do. Every page passes axe-core and the
CSP (see conftest.py). What the police see is read with the test client: the browser part is
about the forms."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login_2fa
from tests.factories.network import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from tests.factories.people import (
    CaseFactory,
    CaseParticipantFactory,
    CasePersonFactory,
    PersonFactory,
)
from tests.factories.sharing import legal_basis_for
from zvh.network.models import OrganisationKind, Role
from zvh.sharing.models import Consent, InformationItem
from zvh.sharing.selectors import consent_organisations

HEALTH_TEXT = "Diagnose: psychotische stoornis, medicatie gestopt"
FAR = 150


def test_a_health_item_reaches_the_police_only_with_consent(browser_page, world):
    house = world.house
    ggz = OrganisationFactory(name="GGZ Test", kind=OrganisationKind.MENTAL_HEALTH_CARE)
    police = OrganisationFactory(name="Politie Test", kind=OrganisationKind.POLICE)
    for organisation in (ggz, police):
        PartnershipFactory(house=house, organisation=organisation)
    case = CaseFactory(house=house)
    CasePersonFactory(case=case, person=PersonFactory(house=house, surname="Visser"))
    for organisation in (ggz, police):
        CaseParticipantFactory(case=case, organisation=organisation)
    legal_basis_for(house)
    users = {}
    for name, organisation, role in (
        ("ggz-professional", ggz, Role.PARTNER_PROFESSIONAL),
        ("politie-professional", police, Role.PARTNER_PROFESSIONAL),
        ("regisseur", world.own_org, Role.PROCESS_COORDINATOR),
    ):
        users[name] = UserFactory(username=name, organisation=organisation)
        MembershipFactory(user=users[name], house=house, role=role)
    case_url = reverse("cases:detail", kwargs={"case_id": case.id})
    page = browser_page.page
    keyboard = page.keyboard

    # The GGZ professional adds a health item from the case page.
    browser_page.login(users["ggz-professional"])
    browser_page.visit(case_url)
    browser_page.tab_to("id_text", limit=FAR)
    keyboard.type(HEALTH_TEXT)
    browser_page.tab_to("id_category", limit=FAR)
    for _ in range(3):  # Algemeen, Strafrechtelijke gegevens, Gezondheid
        keyboard.press("ArrowDown")
    browser_page.tab_to("id_legal_basis", limit=FAR)
    keyboard.press("ArrowDown")
    browser_page.tab_to("id_purpose", limit=FAR)
    keyboard.press("ArrowDown")
    browser_page.tab_to("Item toevoegen", limit=FAR)
    browser_page.press_and_check("Enter")
    item = InformationItem.objects.get(case=case)
    assert (item.category, item.text) == ("health", HEALTH_TEXT)
    assert HEALTH_TEXT in page.content()

    police_client = login_2fa(Client(), users["politie-professional"])
    assert HEALTH_TEXT not in police_client.get(case_url).content.decode()

    # The process coordinator records the person's consent for the police, health only.
    page.context.clear_cookies()
    browser_page.login(users["regisseur"])
    browser_page.visit(case_url)
    browser_page.tab_to("Toestemming van betrokkenen", limit=FAR)
    browser_page.press_and_check("Enter")
    browser_page.tab_to("id_person", limit=FAR)
    keyboard.press("ArrowDown")
    partners = list(consent_organisations(case).values_list("id", flat=True))
    browser_page.tab_to(f"id_organisations_{partners.index(police.id)}", limit=FAR)
    keyboard.press("Space")
    browser_page.tab_to("id_categories_2", limit=FAR)  # Gezondheid
    keyboard.press("Space")
    browser_page.tab_to("id_given_on", limit=FAR)
    # Day and month alike: the field's order follows the browser's language (see the referral
    # test); the first of January of this year is never in the future.
    keyboard.type(f"0101{timezone.localdate().year}")
    browser_page.tab_to("Toestemming vastleggen", limit=FAR)
    browser_page.press_and_check("Enter")
    consent = Consent.objects.get()
    assert list(consent.grants.values_list("organisation", "category")) == [(police.id, "health")]

    assert HEALTH_TEXT in police_client.get(case_url).content.decode()
