"""The JZV Meldingen interface end to end, through real HTTP calls with a partner token."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests.api.conftest import bearer, issue_token  # noqa: F401  (fixture)
from tests.factories.intake import actor_of
from zvh.intake.models import Channel, Referral, ReferralStatus
from zvh.triage.criteria import CriteriaAnswers
from zvh.triage.models import Decision
from zvh.triage.services import DecisionInput, triage_decide

MELDINGEN = "/api/jzv/v1/meldingen"
FIXTURES = Path(__file__).parent / "fixtures"

MELDING = {
    "registratienummer": "POL-2026-0001",
    "soort": "ZVH",
    "datumTijd": "2026-11-20T14:30:00+01:00",
    "verzoek": "Graag regie op zorg en veiligheid rond deze man.",
    "terugkoppelingGewenst": True,
    "incident": {
        "datumTijd": "2026-11-19T23:10:00+01:00",
        "locatie": "Stationsplein",
        "omschrijving": "Bedreiging van buurtbewoners, derde keer deze maand.",
    },
    "natuurlijkPersoon": {
        "burgerservicenummer": "111222333",
        "naam": {"geslachtsnaam": "Bakker", "voornamen": "Kees"},
        "adres": {
            "soortAdres": "02",
            "straatAdres": {"straatnaam": "Dorpsstraat", "huisnummer": 12},
        },
        "geboorte": {"datum": "1985-04-01"},
    },
    "zorgelijkeSituatie": {
        "nadereOmschrijving": "Verward gedrag, schulden",
        "situatieSchets": "Dreigt huis uitgezet te worden",
    },
}


def post(client, body):
    return client.post(MELDINGEN, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def sender(issue_token):  # noqa: F811
    _, secret = issue_token(scopes=("referrals:write",))
    return bearer(secret)


def test_post_creates_a_referral_and_answers_201_with_location(sender, world):
    response = post(sender, MELDING)
    assert response.status_code == 201, response.content
    assert response["Location"].endswith("/meldingen/POL-2026-0001")
    referral = Referral.objects.get(external_id="POL-2026-0001")
    assert referral.channel == Channel.JZV
    assert referral.house == world.house
    assert referral.referring_organisation == world.own_org
    assert referral.persons.get().bsn == "111222333"
    assert sender.get(response["Location"]).json()["verzoek"] == MELDING["verzoek"]


def test_same_registratienummer_twice_is_409_and_stores_nothing(sender):
    assert post(sender, MELDING).status_code == 201
    response = post(sender, MELDING)
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert Referral.objects.count() == 1


def test_schema_violations_name_each_field_and_store_nothing(sender):
    body = copy.deepcopy(MELDING)
    body["soort"] = "VT"
    del body["natuurlijkPersoon"]["naam"]["geslachtsnaam"]
    body["natuurlijkPersoon"]["burgerservicenummer"] = "123456789"  # fails the eleven-test
    response = post(sender, body)
    assert response.status_code == 400
    names = {param["name"] for param in response.json()["invalid_params"]}
    assert {
        "soort",
        "natuurlijkPersoon.naam.geslachtsnaam",
        "natuurlijkPersoon.burgerservicenummer",
    } <= names
    assert not Referral.objects.exists()


def test_missing_bsn_and_huisletter_are_accepted(sender):
    body = copy.deepcopy(MELDING)
    del body["natuurlijkPersoon"]["burgerservicenummer"]
    assert post(sender, body).status_code == 201


def test_put_corrects_until_triage_takes_it_up_and_delete_withdraws(sender):
    post(sender, MELDING)
    body = copy.deepcopy(MELDING)
    body["verzoek"] = "Aangepast verzoek"
    response = sender.put(MELDINGEN, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    assert Referral.objects.get().request == "Aangepast verzoek"
    assert sender.delete(f"{MELDINGEN}/POL-2026-0001").status_code == 204
    assert Referral.objects.get().status == ReferralStatus.WITHDRAWN
    response = sender.put(MELDINGEN, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 409


def test_outcome_is_mapped_after_the_decision(sender, world):
    post(sender, MELDING)
    assert sender.get("/api/jzv/v1/uitkomstmeldingen/POL-2026-0001").status_code == 404
    referral = Referral.objects.get()
    referral.urgency = "acute"
    referral.save()
    triage_decide(
        actor=actor_of(world.user("process_coordinator"), world.house),
        referral=referral,
        data=DecisionInput(
            answers=CriteriaAnswers(c1=False, c2=False, c3a=False, c3b=False, c4=False),
            decision=Decision.NOT_ACCEPTED,
            motivation="Geen complexe casus",
            advice="Betrek het sociaal team van de gemeente.",
        ),
    )
    outcome = sender.get("/api/jzv/v1/uitkomstmeldingen/POL-2026-0001").json()
    assert outcome == {
        "registratienummer": "POL-2026-0001",
        "status": "VT-01-03",
        "zvhUitkomst": "not_accepted",
        "zvhAdvies": "Betrek het sociaal team van de gemeente.",
    }
    assert sender.get("/api/jzv/v1/uitkomstmeldingen").json() == [outcome]


def test_another_organisation_cannot_read_the_melding(sender, issue_token, world):  # noqa: F811
    post(sender, MELDING)
    _, other_secret = issue_token(organisation=world.other_org, scopes=("referrals:write",))
    other = bearer(other_secret)
    assert other.get(f"{MELDINGEN}/POL-2026-0001").status_code == 404
    assert other.get(MELDINGEN).json() == []


def test_token_without_scope_and_browser_sessions_are_refused(issue_token, world, client_for):  # noqa: F811
    _, secret = issue_token(scopes=("persons:read",))
    assert post(bearer(secret), MELDING).status_code == 403
    session = client_for(world.user("process_coordinator"))
    assert session.get(MELDINGEN).status_code == 404


def _fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"jzv_melding_vraagantwoord_{name}.json").read_text())


@pytest.mark.parametrize("shape", ["object", "list"])
def test_vraag_antwoord_as_one_object_or_a_list_is_accepted_alike(sender, shape):
    """The standard's message has one {vraag, antwoord} object; some senders send a list."""
    body = _fixture(shape)
    sent = body["zorgelijkeSituatie"]["vraagAntwoord"]
    assert isinstance(sent, dict if shape == "object" else list)
    response = post(sender, body)
    assert response.status_code == 201, response.content
    referral = Referral.objects.get(external_id="POL-2026-0417")
    assert referral.reason.startswith("Herhaalde onrust in het gezin")
    assert referral.external_payload == body
    assert sender.get(response["Location"]).json() == body


@pytest.mark.parametrize(
    ("shape", "name"),
    [
        ("object", "zorgelijkeSituatie.vraagAntwoord.vraag"),
        ("list", "zorgelijkeSituatie.vraagAntwoord[1].vraag"),
    ],
)
def test_an_invalid_vraag_is_named_as_it_was_sent(sender, shape, name):
    body = _fixture(shape)
    if shape == "object":
        body["zorgelijkeSituatie"]["vraagAntwoord"]["vraag"] = "XYZ-001"
    else:
        body["zorgelijkeSituatie"]["vraagAntwoord"][1]["vraag"] = "XYZ-001"
    response = post(sender, body)
    assert response.status_code == 400
    params = response.json()["invalid_params"]
    assert [(p["name"], p["code"]) for p in params] == [(name, "invalid_choice")]
    assert not Referral.objects.exists()


@pytest.mark.parametrize("value", ["ja", 3, None])
def test_vraag_antwoord_that_is_neither_object_nor_list_is_refused(sender, value):
    body = _fixture("object")
    body["zorgelijkeSituatie"]["vraagAntwoord"] = value
    response = post(sender, body)
    assert response.status_code == 400
    names = [p["name"] for p in response.json()["invalid_params"]]
    assert names == ["zorgelijkeSituatie.vraagAntwoord"]
