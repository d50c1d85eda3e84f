"""Presentation and accessibility beyond axe (issue 12), in Chromium: a field's error is the
element its aria-describedby names and the focus lands on the error summary after a failed
submit; the main pages reflow at 320 px (WCAG 1.4.10) with no sideways page scroll; a very long
word in user text wraps; dates, ZRM levels and the own error pages as a user sees them. Every
page also passes axe-core and the CSP (see conftest.py)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from tests.cases.conftest import accepted_case, join
from tests.factories.intake import actor_of, make_referral
from zvh.cases.models import CaseStatus
from zvh.cases.services import Closure, case_change_status, case_close
from zvh.intake.services import PersonInput
from zvh.network.models import Role
from zvh.plans import services as plans
from zvh.plans.models import Goal
from zvh.stepdown.review import case_review_record
from zvh.triage.models import TriageTable
from zvh.triage.services import agenda_build, local_criteria_seed_defaults, triage_session_create

NARROW = {"width": 320, "height": 720}
LONG_WORD = "Schuldhulpverleningstraject" * 370  # 9,990 characters without a break

# Every field marked invalid must name, in aria-describedby, elements that exist; at least one
# of them must be its error text. Returns the fields that break this.
BROKEN_ERROR_LINKS = """() => {
  const fields = [...document.querySelectorAll('[aria-invalid="true"], fieldset.field--error')];
  const broken = fields.filter((field) => {
    const ids = (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const targets = ids.map((id) => document.getElementById(id));
    return !targets.length || targets.includes(null)
      || !targets.some((t) => t.classList.contains('field__errors') && t.textContent.trim());
  });
  return {count: fields.length, broken: broken.map((f) => f.id || f.name)};
}"""
# How far the page reaches past the viewport, and what sticks out (outside the
# tables, which scroll in their own box).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll('body *')].filter((el) => {
    if (el.closest('table')) { return false; }
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 0.5;
  });
  return {
    excess: document.documentElement.scrollWidth - width,
    out: out.slice(0, 5).map(
      (el) => el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40)),
  };
}"""


def today() -> date:
    return timezone.localdate()


def assert_reflows(browser_page, path: str) -> None:
    browser_page.visit(path)
    found = browser_page.page.evaluate(OVERFLOW)
    assert found == {"excess": 0, "out": []}, f"{path} scrolls sideways: {found}"


def test_errors_are_tied_to_their_fields_and_get_the_focus(browser_page, world):
    page = browser_page.page
    # The login form: sent empty.
    browser_page.visit(reverse("accounts:login"))
    page.get_by_role("button", name="Inloggen").focus()
    browser_page.press_and_check("Enter")
    assert browser_page.focused() == "error-summary"
    links = page.evaluate(BROKEN_ERROR_LINKS)
    assert links["count"] >= 2 and links["broken"] == []
    username = page.locator("#id_username")
    assert username.get_attribute("aria-describedby") == "id_username_error"
    assert page.locator("#id_username_error").inner_text() == "Dit veld is vereist."

    # The referral form (choice groups included): sent without the referral's fields.
    browser_page.login(world.user(Role.PARTNER_PROFESSIONAL))
    browser_page.visit(reverse("intake:create"))
    page.get_by_role("button", name="Aanmelding versturen").focus()
    browser_page.press_and_check("Enter")
    assert browser_page.focused() == "error-summary"
    links = page.evaluate(BROKEN_ERROR_LINKS)
    assert links["count"] >= 2 and links["broken"] == []
    # From the summary, Tab reaches the first link to a field.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('#error-summary') !== null")


def test_the_main_pages_reflow_at_320_pixels(browser_page, world):
    coordinator_user = world.user(Role.PROCESS_COORDINATOR)
    coordinator = actor_of(coordinator_user, world.house)
    local_criteria_seed_defaults(house=world.house)
    open_case = accepted_case(
        world,
        coordinator,
        persons=[
            PersonInput(
                surname="Vries-van den Berg-Oudshoorn",
                surname_prefix="de",
                given_names="Annemarie Wilhelmina",
                date_of_birth=date(1985, 5, 5),
            )
        ],
    )
    join(open_case, coordinator, world.own_org)
    join(open_case, coordinator, world.other_org)
    plans.plan_goal_set(
        actor=coordinator,
        case=open_case,
        expected_version=1,
        goals={"housing": "Een eigen woning met een huurcontract op eigen naam"},
    )
    plans.agreement_create(
        actor=coordinator,
        case=open_case,
        data=plans.AgreementInput(
            what="Urgentieverklaring aanvragen bij de gemeente en de woningcorporatie",
            domain="social",
            owner=coordinator_user,
            due_date=today() + timedelta(days=7),
        ),
    )
    open_case.refresh_from_db()
    case_change_status(
        actor=coordinator,
        case=open_case,
        expected_version=open_case.version,
        to_status=CaseStatus.PLAN_IN_PREPARATION,
    )
    open_case.refresh_from_db()
    case_review_record(
        actor=coordinator,
        case=open_case,
        review_id=None,
        held_on=today(),
        progress={str(Goal.objects.get(plan__case=open_case).id): "Stabiel; huur wordt betaald."},
        zrm_scores={"housing": 2},
    )
    closed_case = accepted_case(world, coordinator)
    case_close(
        actor=coordinator,
        case=closed_case,
        expected_version=closed_case.version,
        closure=Closure(reason="goals_achieved", note="", receiving_party=""),
    )
    table = TriageTable.objects.create(
        house=world.house, name="Weegtafel dinsdag", weekday=1, start_time="10:00"
    )
    table.organisations.add(world.own_org, world.other_org)
    session = triage_session_create(
        actor=coordinator, table=table, starts_at=timezone.now() + timedelta(days=2)
    )
    make_referral(world.user(Role.PARTNER_PROFESSIONAL), world.house)
    agenda_build(actor=coordinator, session=session)

    browser_page.login(coordinator_user)
    page = browser_page.page
    page.set_viewport_size(NARROW)
    assert_reflows(browser_page, reverse("cases:detail", args=[open_case.id]))
    # The ZRM score with its level, and one date format on the page.
    assert page.get_by_role("cell", name="2 niet zelfredzaam").is_visible()
    assert_reflows(browser_page, reverse("cases:detail", args=[closed_case.id]))
    status = page.locator("h1 .badge")
    assert status.inner_text() == "Afgesloten"
    assert status.bounding_box()["x"] + status.bounding_box()["width"] <= NARROW["width"]
    session_page = reverse("triage:session", kwargs={"session_id": session.id})
    for path in (
        session_page,
        reverse("plans:plan", kwargs={"case_id": open_case.id}),
        reverse("intake:list"),
        reverse("work:mine"),
        reverse("web:home"),
        reverse("cases:list"),
        reverse("cases:review", args=[open_case.id]),
    ):
        assert_reflows(browser_page, path)
    page.set_viewport_size({"width": 640, "height": 720})
    assert_reflows(browser_page, session_page)


def test_a_very_long_word_wraps_on_the_referral_page(browser_page, world):
    coordinator_user = world.user(Role.PROCESS_COORDINATOR)
    referral = make_referral(
        world.user(Role.PARTNER_PROFESSIONAL), world.house, reason=LONG_WORD, request=LONG_WORD
    ).referral
    browser_page.login(coordinator_user)
    page = browser_page.page
    detail = reverse("intake:detail", args=[referral.id])
    assert_reflows(browser_page, detail)
    page.set_viewport_size(NARROW)
    assert_reflows(browser_page, detail)


def test_the_own_error_pages_in_the_browser(browser_page, world):
    browser_page.login(world.user(Role.PARTNER_PROFESSIONAL))
    page = browser_page.page
    page.set_viewport_size(NARROW)
    assert_reflows(browser_page, "/bestaat-niet/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    # A denied id answers the same page: the existence of a case is not given away.
    assert_reflows(browser_page, reverse("cases:detail", args=[world.house.id]))
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"
