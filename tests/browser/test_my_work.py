""" "Mijn werk" per role in Chromium (decision 0179): reached from the menu by keyboard, each row
a link to where the work is done, every page passing axe-core and the CSP (see conftest.py);
and the notification preferences, set by keyboard alone."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories.case_history import make_escalation
from tests.factories.intake import make_referral
from tests.plans.conftest import make_case
from zvh.cases.models import Case, EscalationStatus
from zvh.intake.models import Urgency
from zvh.network.models import Role

MY_WORK = reverse("work:mine")


def test_the_coordinator_finds_reviews_and_triage_and_turns_off_referral_notices(
    browser_page, world
):
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    case = make_case(world, process_coordinator=coordinator)
    Case.objects.filter(pk=case.pk).update(
        next_review_date=timezone.localdate() - timedelta(days=2)
    )
    referral = make_referral(
        world.user(Role.PARTNER_PROFESSIONAL), world.house, urgency=Urgency.ACUTE
    ).referral
    page = browser_page.page
    browser_page.login(coordinator)

    browser_page.tab_to("Mijn werk")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(MY_WORK)
    assert page.get_by_role("heading", name="Mijn casussen als procesregisseur").is_visible()
    assert page.get_by_text("Verstreken").first.is_visible()
    assert page.get_by_role("heading", name="Aanmeldingen die op triage wachten").is_visible()
    browser_page.screenshot("screenshot-my-work-coordinator")
    browser_page.tab_to(referral.number)
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("intake:detail", args=[referral.id]))

    # The preferences, from the notifications page, by keyboard.
    browser_page.visit(reverse("notifications:list"))
    assert page.get_by_text(f"Nieuwe acute aanmelding {referral.number}").is_visible()
    browser_page.tab_to("Voorkeuren voor meldingen")
    browser_page.press_and_check("Enter")
    browser_page.tab_to("id_notify_new_referrals")
    page.keyboard.press("Space")
    browser_page.tab_to("Opslaan")
    browser_page.press_and_check("Enter")
    assert page.get_by_text("Uw voorkeuren zijn opgeslagen.").is_visible()
    coordinator.refresh_from_db()
    assert coordinator.notify_new_referrals is False


def test_the_bestuurder_finds_the_escalation_waiting_for_them(browser_page, world):
    mayor = world.user(Role.ADMINISTRATOR)
    escalation = make_escalation(
        make_case(world),
        proposed_by=world.user(Role.PROCESS_COORDINATOR),
        proposed_at=timezone.now() - timedelta(days=3),
        status=EscalationStatus.RAISED,
        addressee=mayor,
    )
    page = browser_page.page
    browser_page.login(mayor)
    browser_page.tab_to("Mijn werk")
    browser_page.press_and_check("Enter")
    assert page.get_by_role("heading", name="Escalaties die op uw reactie wachten").is_visible()
    browser_page.tab_to(escalation.case.number)
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("cases:escalation-detail", args=[escalation.id]))
