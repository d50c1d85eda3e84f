"""The referral story in the demo (issue 3, "Done when"): the police refers through the web
channel, the municipality through JZV JSON, the police uploads a Top-X list of ten; the
weegtafel decides (accepted, not accepted with advice, referred to Veilig Thuis) and the
process coordinator decides an acute referral outside the session; each referrer sees the
outcome where they look for it."""

from __future__ import annotations

import json
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from tests.demo.support import curl_call, login, printed_api_key, without_history
from zvh.cases.models import Case
from zvh.demo import story
from zvh.intake.models import Channel, PriorityList, Referral, ReferralStatus, Urgency
from zvh.intake.priority_lists import parse_csv
from zvh.network.models import House
from zvh.notifications.models import Notification
from zvh.triage.defaults import DEFAULT_LOCAL_CRITERIA
from zvh.triage.models import Assessment, Decision, LocalCriterion, OtherTable, TriageTable

NOORD = "Veiligheidshuis Regio Noord"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STORY_PERSONS = "referral__persons__surname"


@pytest.fixture
def noord(demo) -> House:
    return House.objects.get(name=NOORD)


def referral_of(surname: str) -> Referral:
    return Referral.objects.get(persons__surname=surname, house__name=NOORD)


def test_the_four_decisions_have_the_right_kinds(noord):
    decisions = {
        (
            a.referral.channel,
            a.decision,
            a.referred_to,
            a.acute,
            a.session is not None,
            a.decided_by.username,
        )
        for a in without_history(
            Assessment.objects.filter(referral__house=noord), "referral__persons__surname"
        ).select_related("referral", "session", "decided_by")
    }
    coordinator = "demo-procesregisseur"
    assert decisions == {
        (Channel.WEB, Decision.ACCEPTED, "", False, True, coordinator),
        (Channel.JZV, Decision.NOT_ACCEPTED, "", False, True, coordinator),
        (Channel.PRIORITY_LIST, Decision.REFERRED_ELSEWHERE, OtherTable.VEILIG_THUIS, False,
         True, coordinator),
        (Channel.WEB, Decision.ACCEPTED, "", True, False, coordinator),
    }  # fmt: skip
    told = without_history(Assessment.objects.filter(referral__house=noord), STORY_PERSONS)
    assert told.count() == 4
    # The rule agreed each time, and every decision is motivated.
    assert not told.filter(departs_from_rule=True).exists()
    assert all(a.motivation for a in Assessment.objects.all())
    refused = told.get(decision=Decision.NOT_ACCEPTED)
    assert refused.advice


def test_each_decision_answers_the_five_local_criteria(noord):
    criteria = {str(c.id): c.name for c in LocalCriterion.objects.filter(house=noord)}
    for assessment in Assessment.objects.all():
        assert set(assessment.local_answers) == set(criteria)
        if assessment.decision == Decision.ACCEPTED:
            assert all(assessment.local_answers.values())


def test_accepted_referrals_opened_cases_and_the_acute_one_was_urgent(noord):
    police = referral_of("Visser")
    acute = referral_of("Mensink")
    assert police.referring_user.username == "demo-partner-politie"
    assert acute.referring_user.username == "demo-partner-gemeente"
    assert acute.urgency == Urgency.ACUTE and acute.acute_deadline is not None
    assert police.urgency == Urgency.REGULAR
    for referral in (police, acute):
        case = Case.objects.get(origin_referral=referral)
        # Opened "accepted"; the case-work story (test_casework.py) takes it on from there.
        assert case.status_changes.order_by("at", "id").first().to_status == "accepted"
        assert list(case.persons.all()) == list(referral.persons.all())
    assert not acute.agenda_items.exists(), "the acute referral came after the agenda"


def test_the_jzv_referral_is_the_shipped_melding(noord):
    melding = json.loads((story.FIXTURES / "jzv-melding.json").read_text(encoding="utf-8"))
    referral = without_history(Referral.objects, "persons__surname").get(channel=Channel.JZV)
    assert referral.external_id == melding["registratienummer"]
    assert referral.external_payload == melding
    assert referral.referring_user is None
    assert referral.referring_organisation.name == "Gemeente Zwolle"
    assert referral.persons.get().bsn == melding["natuurlijkPersoon"]["burgerservicenummer"]


def test_the_priority_list_has_ten_referrals(noord):
    priority_list = PriorityList.objects.get(house=noord)
    assert priority_list.name == story.PRIORITY_LIST_NAME
    assert priority_list.uploaded_by.username == "demo-partner-politie"
    assert not priority_list.bypassed_triage
    referrals = Referral.objects.filter(priority_list=priority_list)
    assert referrals.count() == 10
    assert set(referrals.values_list("channel", flat=True)) == {Channel.PRIORITY_LIST}
    statuses = sorted(referrals.values_list("status", flat=True))
    assert statuses == [ReferralStatus.DECIDED] + [ReferralStatus.ON_AGENDA] * 9
    # Known persons are linked, not registered twice: Stefan de Haan has an open case.
    haan = referrals.get(persons__surname="Haan")
    assert haan.linked_case is not None and haan.linked_case.number == "C-2025-000007"
    assert referrals.get(persons__surname="Zandbergen").status == ReferralStatus.DECIDED


def test_the_shipped_list_parses_cleanly():
    parsed = parse_csv((story.FIXTURES / "top-x.csv").read_bytes())
    assert not parsed.problems
    assert len(parsed.entries) == 10


def test_the_weegtafel_meets_on_tuesday_and_its_agenda_waits(noord):
    table = TriageTable.objects.get(house=noord)
    assert table.name == "Weegtafel Regio Noord"
    assert table.weekday == 1
    session = table.sessions.get()
    assert session.starts_at.astimezone(AMSTERDAM).weekday() == 1
    assert session.starts_at.astimezone(AMSTERDAM).time() == time(10, 0)
    items = session.items.select_related("referral")
    assert items.count() == 12  # the web referral, the JZV melding and the list
    pending = [item for item in items if item.referral.status == ReferralStatus.ON_AGENDA]
    assert len(pending) == 9
    assert all(item.referral.received_at <= session.agenda_cutoff_at for item in items)
    assert set(session.participant_organisations.values_list("name", flat=True)) >= {
        "Politie Oost-Nederland, district IJsselland",
        "Veilig Thuis IJsselland",
        "Gemeente Zwolle",
    }


def test_the_triage_screens_have_something_to_decide(noord):
    session = TriageTable.objects.get(house=noord).sessions.get()
    coordinator = login("demo-procesregisseur")
    dashboard = coordinator.get(reverse("triage:dashboard")).context["dashboard"]
    assert [s.id for s in dashboard.sessions] == [session.id]
    assert len(dashboard.awaiting.rows) == 9
    agenda = coordinator.get(reverse("triage:session", args=[session.id])).context["agenda"]
    assert sum(1 for row in agenda if row.decision is None) == 9
    # The police take part in the weegtafel, so they see the open session's agenda too.
    police = login("demo-partner-politie")
    listed = police.get(reverse("triage:sessions")).context["page"].rows
    assert [s.id for s in listed] == [session.id]
    assert police.get(reverse("triage:session", args=[session.id])).status_code == 200


def test_every_house_has_the_five_default_local_criteria(demo):
    names = [name for name, _explanation in DEFAULT_LOCAL_CRITERIA]
    for house in House.objects.all():
        assert sorted(house.local_criteria.values_list("name", flat=True)) == sorted(names)


def test_the_police_sees_the_outcomes_under_my_referrals(noord):
    client = login("demo-partner-politie")
    response = client.get(reverse("intake:mine"))
    assert response.status_code == 200
    rows = response.context["page"].rows
    assert len(rows) == 11  # the web referral and the ten on the list
    outcomes = {
        row.number: [a.get_decision_display() for a in row.current_assessments] for row in rows
    }
    assert outcomes[referral_of("Visser").number] == ["Geaccepteerd"]
    assert outcomes[referral_of("Zandbergen").number] == ["Doorverwezen naar andere tafel"]
    assert sum(1 for decided in outcomes.values() if decided) == 2
    page = response.content.decode()
    assert "Geaccepteerd" in page and "Doorverwezen naar andere tafel" in page
    assert "Geagendeerd" in page
    # The referral's own page names the table it went to.
    detail = client.get(reverse("intake:detail", args=[referral_of("Zandbergen").id]))
    assert "Veilig Thuis" in detail.content.decode()


def test_the_municipality_sees_its_acute_referral_decided(noord):
    client = login("demo-partner-gemeente")
    response = client.get(reverse("intake:mine"))
    rows = response.context["page"].rows
    assert [row.number for row in rows] == [referral_of("Mensink").number]
    assert [a.decision for a in rows[0].current_assessments] == [Decision.ACCEPTED]
    assert "acuut" in response.content.decode()


def test_the_printed_curl_command_shows_the_jzv_outcome(demo):
    authorization, url = curl_call(printed_api_key(demo)["probeer"])
    assert url.startswith("http://127.0.0.1:8000/api/jzv/v1/uitkomstmeldingen/")
    client = Client(HTTP_AUTHORIZATION=authorization)
    path = url.removeprefix("http://127.0.0.1:8000")
    response = client.get(path)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["registratienummer"] == story.jzv_melding()["registratienummer"]
    assert body["status"] == "VT-01-03"
    assert body["zvhUitkomst"] == Decision.NOT_ACCEPTED
    refused = without_history(Assessment.objects, STORY_PERSONS).get(decision=Decision.NOT_ACCEPTED)
    assert body["zvhAdvies"] == refused.advice
    # The key is for the municipality's JZV melding only: the police's referrals stay closed.
    listed = client.get("/api/jzv/v1/uitkomstmeldingen").json()
    assert [outcome["registratienummer"] for outcome in listed] == [body["registratienummer"]]


def test_the_referrers_were_notified(noord):
    decisions = Notification.objects.filter(subject__startswith="Besluit over uw aanmelding")
    subjects = {(n.user.username, n.subject) for n in decisions.select_related("user")}
    numbers = {name: referral_of(name).number for name in ("Visser", "Zandbergen", "Mensink")}
    assert subjects == {
        ("demo-partner-politie", f"Besluit over uw aanmelding {numbers['Visser']}: Geaccepteerd"),
        (
            "demo-partner-politie",
            f"Besluit over uw aanmelding {numbers['Zandbergen']}: Doorverwezen naar andere tafel",
        ),
        ("demo-partner-gemeente", f"Besluit over uw aanmelding {numbers['Mensink']}: Geaccepteerd"),
    }


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Sunday evening: Tuesday's agenda closes on Monday at 10:00.
        (
            datetime(2026, 11, 29, 21, 0, tzinfo=AMSTERDAM),
            datetime(2026, 12, 1, 10, 0, tzinfo=AMSTERDAM),
        ),
        # Monday after 10:00: this week's agenda has closed, so the week after.
        (
            datetime(2026, 11, 30, 11, 0, tzinfo=AMSTERDAM),
            datetime(2026, 12, 8, 10, 0, tzinfo=AMSTERDAM),
        ),
        # Tuesday at noon: today's session has begun.
        (
            datetime(2026, 12, 1, 12, 0, tzinfo=AMSTERDAM),
            datetime(2026, 12, 8, 10, 0, tzinfo=AMSTERDAM),
        ),
    ],
)
def test_the_session_is_the_next_one_whose_agenda_is_open(db, now, expected):
    table = TriageTable(name="t", weekday=1, start_time=time(10, 0), agenda_cutoff_hours=24)
    assert story.next_session_with_open_agenda(table, now=now) == expected
