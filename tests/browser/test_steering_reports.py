"""The steering-group reports in Chromium on the demo: the chain manager generates a yearly
report by keyboard, edits a draft's narrative and sets nothing by accident; the steering-group
member opens the set report from the start page. Every page passes axe-core and the CSP (see
conftest.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tests.demo.support import run_demo
from zvh.accounts.models import User
from zvh.demo import data
from zvh.reports.models import ReportStatus, SteeringReport


def test_the_chain_manager_generates_a_report_by_keyboard(browser_page):
    run_demo()
    manager = User.objects.get(username="demo-ketenmanager")
    page = browser_page.page
    browser_page.login(manager, password=data.DEMO_PASSWORD)

    browser_page.tab_to("Stuurgroeprapportages")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("reports:list"))
    browser_page.tab_to("Rapportage genereren")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("reports:create"))

    # A running year is refused with a message; then last year, by keyboard only.
    keyboard = page.keyboard
    browser_page.tab_to("id_kind_0")
    keyboard.press("ArrowDown")  # the second option: a yearly report
    assert browser_page.focused() == "id_kind_1"
    keyboard.press("Tab")
    assert browser_page.focused() == "id_year"
    this_year = timezone.localdate().year
    keyboard.type(str(this_year))
    browser_page.tab_to("Genereren")
    browser_page.press_and_check("Enter")
    assert page.get_by_text("Deze periode is nog niet voorbij").first.is_visible()

    browser_page.tab_to("id_year")
    keyboard.press("Control+A")
    keyboard.type(str(this_year - 1))
    keyboard.press("Tab")  # the quarter (not needed)
    keyboard.press("Tab")
    assert browser_page.focused() == "id_summary"
    keyboard.type("Een jaar van groei.")
    browser_page.tab_to("Genereren")
    browser_page.press_and_check("Enter")
    report = SteeringReport.objects.get(period_start__year=this_year - 1, kind="year")
    assert page.url == browser_page.url(reverse("reports:detail", args=[report.id]))
    assert page.get_by_role("heading", name=f"Jaarrapportage {this_year - 1}").is_visible()
    assert report.summary == "Een jaar van groei."
    browser_page.screenshot("screenshot-steering-report")

    browser_page.tab_to("Toelichting wijzigen")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("reports:edit", args=[report.id]))
    browser_page.tab_to("id_outlook")
    keyboard.type("Meer preventie.")
    browser_page.tab_to("Opslaan")
    browser_page.press_and_check("Enter")
    report.refresh_from_db()
    assert report.outlook == "Meer preventie." and report.status == ReportStatus.DRAFT


def test_the_steering_group_member_opens_the_latest_report(browser_page):
    run_demo()
    member = User.objects.get(username="demo-stuurgroep")
    page = browser_page.page
    browser_page.login(member, password=data.DEMO_PASSWORD)
    report = SteeringReport.objects.get(status=ReportStatus.FINAL)
    assert page.get_by_role("heading", name="Laatste stuurgroeprapportage").is_visible()

    browser_page.tab_to(f"{report.get_kind_display()} {report.period_label}")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("reports:detail", args=[report.id]))
    assert page.get_by_role("heading", name="Toelichting van de ketenmanager").is_visible()
    browser_page.visit(reverse("reports:list"))
    assert page.get_by_role("link", name=report.period_label, exact=True).is_visible()
