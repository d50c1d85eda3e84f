"""The referral form in Chromium, by keyboard only (issue 3: "form in Chromium").

The demo's police officer logs in, opens "Aanmelden" and refers a person: first with a BSN that
fails the eleven-test, which the form refuses in Dutch while storing nothing, then with a good
one, after which the confirmation names the new referral's number. A household is added block
by block with "Huisgenoot toevoegen", the focus on each new block; errors come in one summary;
the form sent again after Back is held back with a link to the first referral. Every page
passes axe-core and the CSP (see conftest.py).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.demo.support import run_demo
from zvh.accounts.models import User
from zvh.demo import data
from zvh.intake.models import Behaviour, Channel, Referral

BAD_BSN = "123456789"  # nine digits that fail the eleven-test
GOOD_BSN = data.FICTIONAL_BSNS[data.FICTIONAL_BSN_OFFSET + 60]
BSN_ERROR = "Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en de elfproef doorstaan."
# From the person's fields past the household button to the referral's (decision 0181: no
# household blocks until asked for; three empty ones cost 36 Tab presses).
FAR = 44


def type_into(browser_page, field_id: str, text: str) -> None:
    browser_page.tab_to(field_id, limit=FAR)
    browser_page.page.keyboard.type(text)


def press_on(browser_page, field_id: str, key: str) -> None:
    browser_page.tab_to(field_id, limit=FAR)
    browser_page.page.keyboard.press(key)


def test_a_partner_refers_by_keyboard_and_gets_the_number(browser_page):
    run_demo()
    police = User.objects.get(username="demo-partner-politie")
    before = set(Referral.objects.values_list("id", flat=True))
    page = browser_page.page
    keyboard = page.keyboard

    browser_page.login(police, password=data.DEMO_PASSWORD)
    browser_page.tab_to("Aanmelden")
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("intake:create"))

    type_into(browser_page, "id_person-given_names", "Lars")
    type_into(browser_page, "id_person-surname", "Veldhuis")
    # Day and month alike: the date field takes its order (nl dd-mm-jjjj, en-US mm/dd/yyyy)
    # from the browser's own language, not from the page's.
    type_into(browser_page, "id_person-date_of_birth", "05052001")
    type_into(browser_page, "id_person-bsn", BAD_BSN)
    type_into(browser_page, "id_person-street", "Assendorperstraat")
    type_into(browser_page, "id_person-house_number", "112")
    type_into(browser_page, "id_person-postcode", "8012 DK")
    type_into(browser_page, "id_person-city", "Zwolle")
    type_into(browser_page, "id_municipality", "Zwolle")  # type-ahead in the closed list
    type_into(
        browser_page,
        "id_reason",
        "Lars bedreigt sinds september buurtbewoners en zijn ex-vriendin. Hij heeft schulden "
        "en dreigt zijn kamer kwijt te raken.",
    )
    type_into(browser_page, "id_request", "Eén plan van politie, zorg en wijkteam.")
    press_on(browser_page, "id_life_domains_0", "Space")  # Financiën
    press_on(browser_page, "id_life_domains_3", "Space")  # Huisvesting
    press_on(browser_page, "id_behaviour_0", "ArrowDown")  # from "Geen" to "Aanwezig"
    press_on(browser_page, "id_chains_involved_0", "Space")  # Strafrecht
    press_on(browser_page, "id_chains_involved_1", "Space")  # Zorg
    type_into(browser_page, "id_referrer_contact", "06-12345678")
    browser_page.tab_to("Aanmelding versturen", limit=FAR)
    browser_page.press_and_check("Enter")

    # Refused in Dutch, in the summary and at the field; nothing stored; the rest kept.
    summary = page.get_by_role("alert")
    assert BSN_ERROR in summary.inner_text()
    assert page.locator("#id_person-bsn_error").inner_text() == BSN_ERROR
    # The field names its error, so a screen reader reads it with the field.
    described_by = page.locator("#id_person-bsn").get_attribute("aria-describedby") or ""
    assert "id_person-bsn_error" in described_by.split()
    assert set(Referral.objects.values_list("id", flat=True)) == before
    assert page.locator("#id_person-surname").input_value() == "Veldhuis"
    assert page.locator("#id_person-date_of_birth").input_value() == "2001-05-05"
    assert page.locator("#id_behaviour_1").is_checked()

    browser_page.tab_to("id_person-bsn", limit=FAR)
    keyboard.press("Control+A")
    keyboard.type(GOOD_BSN)
    browser_page.tab_to("Aanmelding versturen", limit=FAR)
    browser_page.press_and_check("Enter")

    referral = Referral.objects.exclude(id__in=before).get()
    assert page.url == browser_page.url(reverse("intake:detail", args=[referral.id]))
    assert (
        page.get_by_role("status").inner_text().strip()
        == f"Uw aanmelding {referral.number} is ontvangen."
    )
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith(f"Aanmelding {referral.number}")
    )
    assert referral.channel == Channel.WEB
    assert referral.referring_user == police
    assert referral.municipality is not None and referral.municipality.name == "Zwolle"
    assert referral.life_domains == ["finances", "housing"]
    assert referral.chains_involved == ["care", "criminal_justice"]
    assert referral.behaviour == Behaviour.PRESENT
    assert referral.referrer_contact == "06-12345678"
    person = referral.persons.get()
    assert (person.given_names, person.surname, person.bsn, person.date_of_birth) == (
        "Lars",
        "Veldhuis",
        GOOD_BSN,
        date(2001, 5, 5),
    )


def test_household_members_by_keyboard_one_summary_and_no_silent_second_referral(browser_page):
    run_demo()
    police = User.objects.get(username="demo-partner-politie")
    before = set(Referral.objects.values_list("id", flat=True))
    page = browser_page.page
    keyboard = page.keyboard

    browser_page.login(police, password=data.DEMO_PASSWORD)
    browser_page.visit(reverse("intake:create"))
    assert page.locator("#id_household-0-surname").count() == 0
    type_into(browser_page, "id_person-given_names", "Karin")
    type_into(browser_page, "id_person-surname", "Dijkstra")
    type_into(browser_page, "id_person-date_of_birth", "12031985")

    # The button adds a block in place (no page load) and moves the focus into it.
    browser_page.tab_to("add-household-member", limit=FAR)
    keyboard.press("Enter")
    assert browser_page.focused() == "id_household-0-given_names"
    keyboard.type("Tim")
    type_into(browser_page, "id_household-0-surname", "Dijkstra")
    browser_page.tab_to("add-household-member", limit=FAR)
    keyboard.press("Space")
    assert browser_page.focused() == "id_household-1-given_names"
    assert page.get_by_role("group", name="Huisgenoot 2").is_visible()
    browser_page.check()

    # The request left empty, a second member's birth date in the future: one summary.
    keyboard.type("Sem")
    type_into(browser_page, "id_household-1-surname", "Dijkstra")
    type_into(browser_page, "id_household-1-date_of_birth", "01012099")
    press_on(browser_page, "id_orientation_0", "ArrowDown")  # to "Systeemgericht"
    type_into(browser_page, "id_reason", "Zorgen over het gezin: schulden en geweld.")
    # Enter in a text field sends the form (it does not add a household member).
    type_into(browser_page, "id_referrer_contact", "k.dijkstra@example.org")
    browser_page.press_and_check("Enter")
    summaries = page.get_by_role("alert")
    assert summaries.count() == 1
    text = summaries.inner_text()
    assert "Uw vraag aan het huis: Dit veld is vereist." in text
    assert "Geboortedatum van huisgenoot 2: De geboortedatum ligt in de toekomst." in text
    assert "?:" not in text
    assert set(Referral.objects.values_list("id", flat=True)) == before
    assert page.locator("#id_household-1-given_names").input_value() == "Sem"

    browser_page.tab_to("id_household-1-date_of_birth", limit=FAR)
    keyboard.type("01012015")
    type_into(browser_page, "id_request", "Eén plan voor het hele gezin.")
    browser_page.tab_to("Aanmelding versturen", limit=FAR * 2)
    browser_page.press_and_check("Enter")
    referral = Referral.objects.exclude(id__in=before).get()
    assert sorted(referral.persons.values_list("given_names", flat=True)) == [
        "Karin",
        "Sem",
        "Tim",
    ]

    # Back lands on the page the form was last sent to with errors, which the browser shows
    # only by sending that again ("Confirm Form Resubmission", then reload): the same form
    # with its token. Corrected and sent once more, it makes no second referral.
    with pytest.raises(PlaywrightError, match="ERR_CACHE_MISS"):
        page.go_back()
    # The browser's own page in between, not one of ours.
    browser_page.checked.add("chrome-error://chromewebdata/")
    page.wait_for_url("chrome-error://chromewebdata/")
    page.wait_for_load_state()
    page.reload()
    browser_page.check()
    assert page.get_by_role("alert").count() == 1
    browser_page.tab_to("id_household-1-date_of_birth", limit=FAR)
    keyboard.type("01012015")
    type_into(browser_page, "id_request", "Eén plan voor het hele gezin.")
    browser_page.tab_to("Aanmelding versturen", limit=FAR * 2)
    browser_page.press_and_check("Enter")
    assert set(Referral.objects.values_list("id", flat=True)) == before | {referral.id}
    assert page.url == browser_page.url(reverse("intake:detail", args=[referral.id]))
    assert (
        f"Dit formulier was al verstuurd als aanmelding {referral.number}."
        in page.get_by_role("status").inner_text()
    )
