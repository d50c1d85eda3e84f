import json

from tests.api.conftest import bearer, issue_token  # noqa: F401  (fixture)
from tests.factories.intake import actor_of
from zvh.intake.api import PriorityListEntrySerializer
from zvh.intake.models import Channel, Referral, TriageSettings
from zvh.intake.priority_lists import COLUMNS
from zvh.triage.criteria import CriteriaAnswers
from zvh.triage.models import Decision
from zvh.triage.services import DecisionInput, derive_for, triage_decide

BODY = {
    "persons": [{"surname": "Visser", "given_names": "Jan", "date_of_birth": "1979-03-02"}],
    "reason": "Overlast en verslaving",
    "request": "Regie",
    "life_domains": ["substance_use", "housing"],
    "behaviour": "present",
    "chains_involved": ["care", "criminal_justice"],
    "urgency": "acute",
}


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_partner_application_refers_and_reads_the_outcome(issue_token, world):  # noqa: F811
    _, secret = issue_token(scopes=("referrals:write",))
    client = bearer(secret)
    response = post(client, "/api/v1/referrals/", BODY)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "received" and created["outcome"] is None
    referral = Referral.objects.get(pk=created["id"])
    assert referral.channel == Channel.API and referral.referring_user is None
    triage_decide(
        actor=actor_of(world.user("process_coordinator"), world.house),
        referral=referral,
        data=DecisionInput(
            answers=CriteriaAnswers(c1=True, c2=True, c3a=False, c3b=False, c4=False),
            decision=Decision.REFERRED_ELSEWHERE,
            referred_to="zsm",
            motivation="Strafrechtelijk spoor eerst",
        ),
    )
    detail = client.get(f"/api/v1/referrals/{referral.id}/").json()
    assert detail["outcome"]["decision"] == "referred_elsewhere"
    assert detail["outcome"]["referred_to"] == "zsm"
    listing = client.get("/api/v1/referrals/").json()
    assert [row["id"] for row in listing["results"]] == [str(referral.id)]


def test_professional_refers_through_the_api_with_a_session(world, client_for):
    client = client_for(world.user("partner_professional"))
    response = post(client, "/api/v1/referrals/", BODY)
    assert response.status_code == 201
    assert Referral.objects.get().referring_user == world.user("partner_professional")


def test_system_impact_is_a_question_of_its_own_in_the_api(world, client_for):
    client = client_for(world.user("partner_professional"))
    relations = dict(BODY, life_domains=["domestic_relations", "social_network"])
    assert post(client, "/api/v1/referrals/", relations).status_code == 201
    assert post(client, "/api/v1/referrals/", dict(BODY, system_impact=True)).status_code == 201
    without, stated = Referral.objects.order_by("received_at", "number")
    assert without.system_impact is False and derive_for(without).answers.c3a is False
    assert "c3a" in derive_for(without).hints
    assert stated.system_impact is True and derive_for(stated).answers.c3a is True
    response = post(client, "/api/v1/referrals/", dict(BODY, system_impact="soms"))
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalid_params"]] == ["system_impact"]


def test_invalid_referral_names_each_field(world, client_for):
    client = client_for(world.user("partner_professional"))
    body = dict(BODY, persons=[{"surname": "", "bsn": "123456789"}], life_domains=["maan"])
    response = post(client, "/api/v1/referrals/", body)
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalid_params"]}
    assert {"persons[0].surname", "life_domains[0]"} <= names or {
        "persons[0].surname",
        "life_domains",
    } <= names, names
    assert not Referral.objects.exists()


def test_priority_list_json_entries_match_the_csv_columns():
    assert set(PriorityListEntrySerializer().fields) == set(COLUMNS)


def test_priority_list_via_api_is_refused_whole_or_partially(issue_token, world):  # noqa: F811
    _, secret = issue_token(scopes=("referrals:write",))
    client = bearer(secret)
    entries = [
        {"geslachtsnaam": "Mulder", "geboortedatum": "1990-01-01"},
        {"geslachtsnaam": "", "bsn": "123"},
        {"geslachtsnaam": "Bos", "geboortedatum": "31-12-1988"},
    ]
    response = post(client, "/api/v1/priority-lists/", {"name": "Top-X Q4", "entries": entries})
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalid_params"]}
    assert names == {"entries[1].geslachtsnaam", "entries[1].bsn"}
    assert not Referral.objects.exists()
    response = post(
        client,
        "/api/v1/priority-lists/",
        {"name": "Top-X Q4", "entries": entries, "only_valid_rows": True},
    )
    assert response.status_code == 201
    assert response.json()["created"] == 2 and response.json()["skipped_rows"] == [1]
    assert Referral.objects.filter(channel=Channel.PRIORITY_LIST).count() == 2


def test_priority_list_bypasses_triage_when_the_house_says_so(issue_token, world):  # noqa: F811
    TriageSettings.objects.update_or_create(
        house=world.house, defaults={"priority_list_bypass": True}
    )
    _, secret = issue_token(scopes=("referrals:write",))
    response = post(
        bearer(secret),
        "/api/v1/priority-lists/",
        {"name": "PGA", "entries": [{"geslachtsnaam": "Dekker"}]},
    )
    assert response.json()["entered_without_triage"] is True
    referral = Referral.objects.get()
    assert referral.entered_without_triage and referral.status == "entered_directly"
    assert referral.case.status == "accepted"


def test_the_api_refuses_a_birth_date_before_1900_as_the_form_does(world, client_for):
    """One rule in the services for web and API (decision 0181)."""
    client = client_for(world.user("partner_professional"))
    body = dict(BODY, persons=[{"surname": "Visser", "date_of_birth": "1899-12-31"}])
    response = post(client, "/api/v1/referrals/", body)
    assert response.status_code == 400
    params = {p["name"]: p for p in response.json()["invalid_params"]}
    assert "persons[0].date_of_birth" in params, params
    assert "vóór 1900" in json.dumps(params["persons[0].date_of_birth"], ensure_ascii=False)
    assert not Referral.objects.exists()
