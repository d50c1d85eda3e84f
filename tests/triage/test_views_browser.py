"""The decision form in Chromium, by keyboard only: the live outcome of the rule, the departure
warning, and a decision recorded. Every page passes axe-core and the CSP (see
tests/browser/conftest.py, whose fixtures this module borrows)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import (  # noqa: F401 (fixtures)
    _audit_triggers_back_after_flush,
    browser_page,
    chromium,
    transactional_db,
)
from tests.factories.intake import actor_of, make_referral
from tests.factories.network import (
    HouseFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from zvh.intake.models import Orientation
from zvh.intake.services import PersonInput
from zvh.network.models import OrganisationKind, Role
from zvh.triage.models import Assessment, TriageTable
from zvh.triage.services import agenda_build, local_criteria_seed_defaults, triage_session_create

pytestmark = pytest.mark.browser


def test_deciding_by_keyboard_with_the_live_rule(browser_page):  # noqa: F811 (the fixture)
    house = HouseFactory(name="Veiligheidshuis Regio Noord")
    local_criteria_seed_defaults(house=house)
    staff = OrganisationFactory(name="ZVH Regio Noord", kind=OrganisationKind.HOUSE_STAFF)
    police = OrganisationFactory(name="Politie Noord", kind=OrganisationKind.POLICE)
    for organisation in (staff, police):
        PartnershipFactory(house=house, organisation=organisation)
    coordinator = UserFactory(
        username="procesregisseur", first_name="Petra", last_name="de Boer", organisation=staff
    )
    MembershipFactory(user=coordinator, house=house, role=Role.PROCESS_COORDINATOR)
    officer = UserFactory(first_name="Ahmed", last_name="Yilmaz", organisation=police)
    MembershipFactory(user=officer, house=house, role=Role.PARTNER_PROFESSIONAL)
    table = TriageTable.objects.create(
        house=house, name="Weegtafel dinsdag", weekday=1, start_time="10:00"
    )
    table.organisations.add(staff, police)
    actor = actor_of(coordinator, house)
    session = triage_session_create(
        actor=actor, table=table, starts_at=timezone.now() + timedelta(days=2)
    )
    # Life domains with behaviour and two chains, one person: C1 and C2, no C3. Problems in
    # domestic relations are a hint beside C3a, not a tick (decision 0176).
    referral = make_referral(
        officer,
        house,
        orientation=Orientation.PERSON,
        life_domains=["finances", "housing", "domestic_relations"],
        persons=[PersonInput(surname="Vries", surname_prefix="de", given_names="Sanne")],
    ).referral
    agenda_build(actor=actor, session=session)

    browser_page.login(coordinator)
    browser_page.visit(reverse("triage:session", kwargs={"session_id": session.id}))
    page = browser_page.page
    assert page.get_by_role("table").get_by_text("Sanne de Vries").is_visible()
    browser_page.tab_to(f"Besluiten {referral.number}")
    browser_page.press_and_check("Enter")

    outcome = page.locator("#rule-outcome")
    warning = page.locator("#departure-warning")
    assert outcome.inner_text() == "geen complexe casus"
    assert page.locator("#id_c1").is_checked() and not page.locator("#id_c3a").is_checked()
    clue = page.locator("#id_c3a-clue")
    assert clue.is_visible()
    assert clue.inner_text().startswith(
        "Let op: Leefgebieden in de aanmelding: huiselijke relaties."
    )
    assert "id_c3a-clue" in (page.locator("#id_c3a").get_attribute("aria-describedby") or "")

    # Ticking C3a by keyboard makes the case complex, at once.
    browser_page.tab_to("id_c3a")
    page.keyboard.press("Space")
    assert outcome.inner_text() == "complexe casus"

    # "Not accepted" now departs from the rule: the warning appears; "accepted" hides it.
    browser_page.tab_to("id_decision_0")
    page.keyboard.press("ArrowDown")  # to "not accepted"
    assert page.locator("#id_decision_1").is_checked()
    assert warning.is_visible()
    page.keyboard.press("ArrowUp")  # back to "accepted"
    assert page.locator("#id_decision_0").is_checked()
    assert not warning.is_visible()

    page.keyboard.press("ArrowDown")  # "not accepted" again, to show the warning
    browser_page.screenshot("screenshot-triage-decision")
    page.keyboard.press("ArrowUp")
    browser_page.tab_to("id_motivation")
    page.keyboard.type("Multiprobleem met gevolgen voor het gezin; politie en GGZ nodig.")
    with page.expect_navigation():
        page.get_by_role("button", name="Besluit vastleggen").focus()
        page.keyboard.press("Enter")
    browser_page.check()
    assert page.url == browser_page.url(
        reverse("triage:session", kwargs={"session_id": session.id})
    )
    assert "is vastgelegd" in page.locator(".messages").inner_text()
    assessment = Assessment.objects.get(referral=referral)
    assert assessment.decision == "accepted" and assessment.c3a is True
    assert assessment.departs_from_rule is False
    browser_page.screenshot("screenshot-triage-agenda")
