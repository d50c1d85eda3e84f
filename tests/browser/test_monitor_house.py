"""The house side of the national monitor in Chromium, by keyboard (issue 13): the chain manager
changes the profile, starts the year's questionnaire, changes a computed answer with a reason,
submits and downloads the house record. Every page passes axe-core and the CSP."""

from __future__ import annotations

import json
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of
from zvh.monitor import services
from zvh.monitor.models import Answer, HouseProfileVersion, Questionnaire
from zvh.network.models import Role

OPEN_ANSWERS = {
    "goal_statement": "neutral",
    "complex_case_opinion_differences": "no",
    "complex_case_reach_status": "dont_know",
    "new_tasks_since_framework": False,
    "municipalities_contributed_to_vision": "all",
    "municipalities_own_process_direction": "none",
    "agenda_alignment": "no",
    "external_triage_procedure": "no",
    "expert_function": "hardly",
    "cooperation_driver": "house_manager",
    "cofinancing_key": "unknown",
    "complex_case_definition": "own",
}


def test_the_chain_manager_keeps_the_profile_and_submits_the_year(browser_page, world):
    world.house.monitor_code = "TST"
    world.house.save()
    user = world.user(Role.CHAIN_MANAGER)
    year = timezone.localdate().year
    browser_page.login(user)
    page = browser_page.page
    browser_page.tab_to("Landelijke monitor", limit=80)
    browser_page.press_and_check("Enter")
    browser_page.tab_to("Profiel wijzigen", limit=80)
    browser_page.press_and_check("Enter")
    browser_page.tab_to("id_preparation_group_3", limit=80)  # "onbekend", checked
    page.keyboard.press("ArrowDown")  # wraps to the first: yes
    browser_page.tab_to("id_budget_total_eur", limit=80)
    page.keyboard.type("800000")
    browser_page.tab_to("id_fte_total", limit=10)
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("1")  # chain manager; the other functions stay empty: a message
    browser_page.tab_to("Opslaan als nieuwe versie", limit=40)
    browser_page.press_and_check("Enter")
    assert page.get_by_text("Vul bij een totaal alle vier functies in").first.is_visible()
    assert not HouseProfileVersion.objects.exists()
    for field, value in (
        ("fte_process_management", "1"),
        ("fte_information_admin", "0"),
        ("fte_other", "0"),
    ):
        page.fill(f"#id_{field}", value)
    page.focus("#id_fte_other")
    browser_page.tab_to("Opslaan als nieuwe versie", limit=40)
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("monitor:profile"))
    profile = HouseProfileVersion.objects.get()
    assert (profile.values["preparation_group"], profile.values["fte_total"]) == ("yes", 2.0)

    browser_page.visit(reverse("monitor:index"))
    browser_page.tab_to("Vragenlijst van dit jaar beginnen", limit=80)
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("monitor:year", args=[year]))
    questionnaire = Questionnaire.objects.get(year=year)
    browser_page.tab_to("Wijzigen: Casus op Maat", limit=200)
    browser_page.press_and_check("Enter")
    browser_page.tab_to("id_value_2", limit=60)  # computed and checked: not implemented
    page.keyboard.press("ArrowUp")  # limited
    browser_page.tab_to("Opslaan", limit=20)
    browser_page.press_and_check("Enter")
    assert page.get_by_text(
        "Geef de reden waarom u het berekende antwoord wijzigt."
    ).first.is_visible()
    browser_page.tab_to("id_reason", limit=60)
    page.keyboard.type("Twee pilots in de regio.")
    page.keyboard.press("Tab")
    browser_page.press_and_check("Enter")
    answer = Answer.objects.get(questionnaire=questionnaire, key="casus_op_maat")
    assert (answer.value, answer.computed_value) == ("limited", "not_implemented")

    actor = actor_of(user, world.house)
    for key, value in OPEN_ANSWERS.items():
        questionnaire.refresh_from_db()
        services.answer_update(
            actor=actor,
            questionnaire=questionnaire,
            key=key,
            expected_version=questionnaire.version,
            value=value,
        )
    browser_page.visit(reverse("monitor:year", args=[year]))
    browser_page.tab_to("Vragenlijst indienen", limit=300)
    browser_page.press_and_check("Enter")
    questionnaire.refresh_from_db()
    assert questionnaire.is_submitted, page.inner_text("#error-summary")
    browser_page.tab_to("Huisrecord downloaden (JSON)", limit=80)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    record = json.loads(Path(download.value.path()).read_text())
    assert record["casus_op_maat"] == "limited" and record["id"] == "TST"
