"""The coordinator's day without detours, in Chromium by keyboard only (issue 12): a referral's
page offers what may be done next (put it on a triage agenda, then decide it there); an
accepted referral leads to its case and the case back to it; the case lists its conferences
and plans the next one with the case filled in. A referrer sees no actions they cannot take.
Every page passes axe-core and the CSP (see conftest.py)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from tests.cases.conftest import accepted_case
from tests.conferences.conftest import schedule
from tests.factories.intake import actor_of, make_referral
from zvh.conferences.models import ConferenceKind
from zvh.conferences.services import ConferenceInput, conference_create
from zvh.intake.models import ReferralStatus
from zvh.intake.services import PersonInput
from zvh.network.models import Role
from zvh.triage.models import AgendaItem, TriageTable
from zvh.triage.services import triage_session_create

FAR = 150


def person(surname: str, given_names: str) -> list[PersonInput]:
    return [PersonInput(surname=surname, given_names=given_names, date_of_birth=date(1990, 3, 3))]


def test_from_referral_to_agenda_to_case_to_conference(browser_page, world):
    coordinator_user = world.user(Role.PROCESS_COORDINATOR)
    coordinator = actor_of(coordinator_user, world.house)
    referrer = world.user(Role.PARTNER_PROFESSIONAL)
    table = TriageTable.objects.create(
        house=world.house, name="Weegtafel dinsdag", weekday=1, start_time="10:00"
    )
    session = triage_session_create(
        actor=coordinator, table=table, starts_at=timezone.now() + timedelta(days=2)
    )
    waiting = make_referral(referrer, world.house, persons=person("Smit", "Lars")).referral
    case = accepted_case(world, coordinator, persons=person("Bos", "Eva"))
    held = conference_create(
        actor=coordinator,
        data=ConferenceInput(kind=ConferenceKind.CASE, schedule=schedule(), case=case),
    )
    page = browser_page.page

    # 1. A referral awaiting triage: put it on the open session's agenda from its page.
    browser_page.login(coordinator_user)
    browser_page.visit(reverse("intake:detail", args=[waiting.id]))
    assert page.get_by_role("heading", name="Acties").is_visible()
    (option,) = page.locator("#agenda-session option").all_inner_texts()
    assert option.startswith("Weegtafel dinsdag, ")
    browser_page.tab_to("Op de agenda zetten", limit=FAR)
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("triage:session", args=[session.id]))
    assert AgendaItem.objects.filter(session=session, referral=waiting).exists()
    waiting.refresh_from_db()
    assert waiting.status == ReferralStatus.ON_AGENDA

    # 2. Back on the referral: now it is decided there, in that session.
    browser_page.visit(reverse("intake:detail", args=[waiting.id]))
    assert page.locator("#agenda-session").count() == 0
    decide = page.get_by_role("link", name="Besluiten (Weegtafel dinsdag")
    decide.focus()
    browser_page.press_and_check("Enter")
    assert page.url.endswith(f"?sessie={session.id}")

    # 3. The accepted referral leads to its case; the case leads back and lists its conference.
    browser_page.visit(reverse("intake:detail", args=[case.origin_referral_id]))
    browser_page.tab_to(case.number, limit=FAR)
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("cases:detail", args=[case.id]))
    back = page.get_by_role("link", name=case.origin_referral.number)
    assert back.get_attribute("href") == reverse("intake:detail", args=[case.origin_referral_id])
    assert page.get_by_role("link", name=held.number).is_visible()

    # 4. "Overleg plannen" opens the form with the case filled in: nothing to type.
    browser_page.tab_to("Overleg plannen", limit=FAR)
    browser_page.press_and_check("Enter")
    assert page.locator("#id_case").input_value() == case.number
    assert page.locator("#id_kind_0").is_checked()


def test_a_referrer_sees_no_actions_and_no_case_they_do_not_take_part_in(browser_page, world):
    coordinator = actor_of(world.user(Role.PROCESS_COORDINATOR), world.house)
    case = accepted_case(world, coordinator, persons=person("Bos", "Eva"))
    page = browser_page.page

    browser_page.login(world.user(Role.PARTNER_PROFESSIONAL))
    browser_page.visit(reverse("intake:detail", args=[case.origin_referral_id]))
    assert page.get_by_role("heading", name="Acties").count() == 0
    assert page.get_by_role("link", name=case.number).count() == 0
    assert "Geaccepteerd" in page.content()
