"""The referral form's rules (decision 0181): household blocks on demand, one error summary with
labels that read naturally, and the same form sent twice makes one referral."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.intake.test_views import FORM
from zvh.intake.models import Referral


@pytest.fixture
def referrer(world, client_for):
    return client_for(world.user("partner_professional"))


def _form(**changes: str) -> dict:
    return {**FORM, "household-TOTAL_FORMS": "0", **changes}


def test_the_form_opens_without_household_blocks_and_with_a_token(referrer):
    html = referrer.get(reverse("intake:create")).content.decode()
    assert 'name="household-TOTAL_FORMS" value="0"' in html
    assert 'id="id_household-0-surname"' not in html
    assert "Huisgenoot toevoegen" in html
    token = re.search(r'name="submission" value="([0-9a-f-]+)"', html)
    assert token is not None and uuid.UUID(token.group(1))
    again = referrer.get(reverse("intake:create")).content.decode()
    assert token.group(1) not in again  # one token per rendered form


def test_without_script_the_button_adds_a_block_keeps_the_entries_and_checks_nothing(referrer):
    form = _form(**{"add_member": "1", "reason": "", "person-surname": "Jansen"})
    response = referrer.post(reverse("intake:create"), form)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Referral.objects.exists()
    assert "Er is een probleem" not in html
    assert 'name="household-TOTAL_FORMS" value="1"' in html
    assert re.search(r'<input[^>]*name="household-0-given_names"[^>]*autofocus', html)
    assert 'value="Jansen"' in html
    assert 'value="finances" id="id_life_domains_0" checked' in html

    # A second press keeps what was typed into the first block.
    form.update(
        {"household-TOTAL_FORMS": "1", "household-0-surname": "Jansen-Smit"},
    )
    html = referrer.post(reverse("intake:create"), form).content.decode()
    assert 'name="household-TOTAL_FORMS" value="2"' in html
    assert 'value="Jansen-Smit"' in html
    assert "Huisgenoot 2" in html


def test_household_members_are_saved(referrer):
    form = _form(
        orientation="system",
        **{
            "household-TOTAL_FORMS": "2",
            "household-0-surname": "Jansen",
            "household-0-given_names": "Anna",
        },
    )
    assert referrer.post(reverse("intake:create"), form).status_code == 302
    referral = Referral.objects.get()
    assert sorted(referral.persons.values_list("given_names", flat=True)) == ["Anna", "Piet"]


def test_one_summary_for_the_whole_form_with_labels_that_read_naturally(referrer):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    bad = _form(
        **{
            "person-surname": "",
            "request": "",
            "household-TOTAL_FORMS": "2",
            "household-1-surname": "Jansen",
            "household-1-date_of_birth": future,
        }
    )
    html = referrer.post(reverse("intake:create"), bad).content.decode()
    assert html.count('class="error-summary"') == 1
    assert html.count("Er is een probleem") == 1
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert "Geslachtsnaam: Dit veld is vereist." in summary
    assert "Uw vraag aan het huis: Dit veld is vereist." in summary
    assert "?:" not in summary
    assert (
        'href="#id_household-1-date_of_birth">Geboortedatum van huisgenoot 2: '
        "De geboortedatum ligt in de toekomst." in summary
    )
    assert not Referral.objects.exists()


def test_a_birth_date_before_1900_is_refused(referrer):
    html = referrer.post(
        reverse("intake:create"), _form(**{"person-date_of_birth": "1899-12-31"})
    ).content.decode()
    assert "De geboortedatum ligt vóór 1900. Klopt het jaar?" in html
    assert not Referral.objects.exists()


def test_the_same_form_sent_twice_makes_one_referral_and_says_so(referrer):
    form = _form(submission=str(uuid.uuid4()))
    first = referrer.post(reverse("intake:create"), form)
    referral = Referral.objects.get()
    assert first["Location"] == reverse("intake:detail", args=[referral.id])

    again = referrer.post(reverse("intake:create"), form, follow=True)
    assert Referral.objects.count() == 1
    assert again.redirect_chain[-1][0] == reverse("intake:detail", args=[referral.id])
    html = again.content.decode()
    assert f"Dit formulier was al verstuurd als aanmelding {referral.number}" in html

    # A new rendering of the form (a new token) is a new referral, once confirmed (below).
    other = referrer.post(reverse("intake:create"), dict(form, submission=str(uuid.uuid4())))
    assert other.status_code == 200
    assert Referral.objects.count() == 1


def test_another_users_token_makes_a_referral_of_their_own(referrer, world, client_for):
    """Only a forged form carries someone else's token: it is no token at all then."""
    form = _form(submission=str(uuid.uuid4()))
    referrer.post(reverse("intake:create"), form)
    first = Referral.objects.get()
    colleague = client_for(world.user("partner_professional", org="other"))
    response = colleague.post(reverse("intake:create"), form)
    assert response.status_code == 302
    second = Referral.objects.exclude(pk=first.pk).get()
    assert response["Location"] == reverse("intake:detail", args=[second.id])
    assert second.external_id == ""


def test_the_same_persons_again_by_the_same_user_warns_with_a_link_to_the_first(referrer):
    """After Back the page is fetched anew (never cached), so it has a new token: the warning
    catches that; confirming sends it."""
    referrer.post(reverse("intake:create"), _form(submission=str(uuid.uuid4())))
    first = Referral.objects.get()

    again = _form(submission=str(uuid.uuid4()), **{"person-given_names": "P."})
    response = referrer.post(reverse("intake:create"), again)
    html = response.content.decode()
    assert response.status_code == 200
    assert Referral.objects.count() == 1
    link = reverse("intake:detail", args=[first.id])
    assert f'<a href="{link}">aanmelding {first.number}</a>' in html
    assert 'name="duplicate_confirmed" value="1"' in html

    confirmed = referrer.post(reverse("intake:create"), dict(again, duplicate_confirmed="1"))
    assert confirmed.status_code == 302
    assert Referral.objects.count() == 2


def test_other_persons_or_other_users_are_no_likely_duplicate(referrer, world, client_for):
    referrer.post(reverse("intake:create"), _form())
    other_person = referrer.post(
        reverse("intake:create"), _form(**{"person-date_of_birth": "1981-05-06"})
    )
    assert other_person.status_code == 302
    colleague = client_for(world.user("partner_professional", org="other"))
    assert colleague.post(reverse("intake:create"), _form()).status_code == 302
    assert Referral.objects.count() == 3
