"""The referral pages as a professional uses them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.intake import actor_of, make_referral
from tests.factories.network import MunicipalityFactory
from zvh.intake.models import Channel, Referral, ReferralStatus, ReferralTransfer
from zvh.intake.services import PersonInput
from zvh.triage.criteria import CriteriaAnswers
from zvh.triage.models import Decision
from zvh.triage.services import DecisionInput, triage_decide

FORM = {
    "person-surname": "Jansen",
    "person-given_names": "Piet",
    "person-date_of_birth": "1980-05-06",
    "household-TOTAL_FORMS": "3",
    "household-INITIAL_FORMS": "0",
    "household-MIN_NUM_FORMS": "0",
    "household-MAX_NUM_FORMS": "10",
    "orientation": "person",
    "source": "partner",
    "reason": "Overlast in de wijk, schulden",
    "request": "Regie op zorg en veiligheid",
    "life_domains": ["finances", "housing"],
    "behaviour": "present",
    "chains_involved": ["care", "criminal_justice"],
    "urgency": "regular",
}


@pytest.fixture
def referrer(world, client_for):
    return client_for(world.user("partner_professional"))


def test_the_form_creates_a_referral_and_shows_it(referrer, world):
    response = referrer.post(reverse("intake:create"), FORM, follow=True)
    assert response.status_code == 200
    referral = Referral.objects.get()
    assert referral.channel == Channel.WEB
    assert referral.referring_user == world.user("partner_professional")
    html = response.content.decode()
    assert referral.number in html and "is ontvangen" in html


def test_the_form_asks_about_system_impact_and_stores_the_answer(referrer):
    html = referrer.get(reverse("intake:create")).content.decode()
    assert 'name="system_impact"' in html
    assert 'aria-describedby="id_system_impact_helptext"' in html
    assert 'id="id_system_impact_helptext"' in html
    referrer.post(reverse("intake:create"), dict(FORM, system_impact="on"))
    referral = Referral.objects.get()
    assert referral.system_impact is True
    detail = referrer.get(reverse("intake:detail", kwargs={"referral_id": referral.id}))
    assert "<dt>Gevolgen voor het systeem</dt><dd>ja, volgens de melder</dd>" in (
        detail.content.decode()
    )


def test_bad_input_shows_dutch_messages_and_creates_nothing(referrer):
    bad = dict(FORM, **{"person-surname": "", "person-bsn": "123456789", "reason": ""})
    bad["local_approach_stuck"] = "on"
    response = referrer.post(reverse("intake:create"), bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in html
    assert "elfproef" in html
    assert "kan alleen vastlopen" in html
    assert not Referral.objects.exists()


def test_a_known_person_is_announced_then_linked_on_confirmation(referrer, world, client_for):
    """Announced only when BSN, surname and date of birth all match (decision 0157; the rest in
    test_person_oracle.py)."""
    form = dict(FORM, **{"person-bsn": "111222333"})
    # Referred by a colleague first: the referrer's own earlier referral is another notice.
    colleague = client_for(world.user("partner_professional", org="other"))
    first = colleague.post(reverse("intake:create"), form)
    assert first.status_code == 302
    again = referrer.post(reverse("intake:create"), form)
    assert again.status_code == 200
    assert "kent deze persoon al" in again.content.decode()
    assert Referral.objects.count() == 1
    confirmed = referrer.post(reverse("intake:create"), dict(form, confirmed="1"), follow=True)
    assert "daaraan gekoppeld" in confirmed.content.decode()
    assert Referral.objects.count() == 2
    assert Referral.objects.filter(duplicate_of__isnull=False).count() == 1


def test_my_referrals_shows_the_outcome_and_advice_but_not_the_motivation(referrer, world):
    referral = make_referral(
        world.user("partner_professional"), world.house, urgency="acute"
    ).referral
    triage_decide(
        actor=actor_of(world.user("process_coordinator"), world.house),
        referral=referral,
        data=DecisionInput(
            answers=CriteriaAnswers(c1=False, c2=False, c3a=False, c3b=False, c4=False),
            decision=Decision.NOT_ACCEPTED,
            motivation="INTERN-MOTIVERING",
            advice="Schakel het wijkteam in",
        ),
    )
    listing = referrer.get(reverse("intake:mine")).content.decode()
    assert referral.number in listing and "Niet geaccepteerd" in listing
    detail = referrer.get(reverse("intake:detail", args=[referral.id])).content.decode()
    assert "Schakel het wijkteam in" in detail
    assert "INTERN-MOTIVERING" not in detail


def test_referrer_supplies_information_when_asked(referrer, world):
    referral = make_referral(
        world.user("partner_professional"), world.house, urgency="acute"
    ).referral
    triage_decide(
        actor=actor_of(world.user("process_coordinator"), world.house),
        referral=referral,
        data=DecisionInput(
            answers=CriteriaAnswers(c1=False, c2=False, c3a=False, c3b=False, c4=False),
            decision=Decision.MORE_INFORMATION,
            motivation="Te weinig bekend",
            questions="Loopt er hulpverlening?",
        ),
    )
    url = reverse("intake:supply", args=[referral.id])
    assert "Loopt er hulpverlening?" in referrer.get(url).content.decode()
    assert referrer.post(url, {"text": ""}).status_code == 200
    assert referrer.post(url, {"text": "Ja, GGZ"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_staff_forward_a_referral_to_the_house_where_the_person_lives(world, client_for):
    elsewhere = MunicipalityFactory()
    world.other_house.municipalities.add(elsewhere)
    referral = make_referral(
        world.user("partner_professional"), world.house, municipality_id=elsewhere.id
    ).referral
    coordinator = client_for(world.user("process_coordinator"))
    detail = coordinator.get(reverse("intake:detail", args=[referral.id])).content.decode()
    assert "Doorsturen naar een ander huis" in detail
    response = coordinator.post(
        reverse("intake:forward", args=[referral.id]),
        {"to_house": world.other_house.id, "reason": "Woont in de buurregio"},
    )
    assert response.status_code == 302
    transfer = ReferralTransfer.objects.get()
    assert transfer.new_referral.house == world.other_house
    neighbour = client_for(world.user("process_coordinator", house="other"))
    page = neighbour.get(reverse("intake:detail", args=[transfer.new_referral.id]))
    assert "Doorgestuurd door" in page.content.decode()


def test_staff_may_keep_a_referral_with_a_reason(world, client_for):
    referral = make_referral(world.user("partner_professional"), world.house).referral
    coordinator = client_for(world.user("process_coordinator"))
    url = reverse("intake:keep", args=[referral.id])
    assert "Er is een probleem" in coordinator.post(url, {"reason": ""}).content.decode()
    coordinator.post(url, {"reason": "Verhuist binnenkort naar de regio"})
    referral.refresh_from_db()
    assert referral.residence_kept_reason


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("lijst.csv", text.encode("utf-8"), content_type="text/csv")


def test_priority_list_upload_good_and_bad(referrer):
    url = reverse("intake:priority-list-upload")
    bad = "geslachtsnaam;bsn\nJansen;123\nPietersen;\n"
    response = referrer.post(url, {"name": "Top-X", "file": _csv(bad)})
    html = response.content.decode()
    assert "elfproef" in html and "niets ingelezen" in html
    assert not Referral.objects.exists()
    response = referrer.post(url, {"name": "Top-X", "file": _csv(bad), "only_valid_rows": "on"})
    assert response.status_code == 302
    assert Referral.objects.get().channel == Channel.PRIORITY_LIST


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_referrals(world, count: int) -> None:
    for index in range(count):
        make_referral(
            world.user("partner_professional"),
            world.house,
            persons=[PersonInput(surname=f"Persoon{index:04d}")],
        )


@pytest.mark.parametrize(
    ("role", "url"), [("chain_manager", "intake:list"), ("partner_professional", "intake:mine")]
)
def test_referral_lists_use_a_fixed_number_of_queries(world, client_for, role, url):
    client = client_for(world.user(role))
    _add_referrals(world, 3)
    few = _queries(client, reverse(url))
    _add_referrals(world, 60)
    many = _queries(client, reverse(url))
    assert few == many <= 18
    assert client.get(reverse(url)).content.decode().count("Persoon") == 50
