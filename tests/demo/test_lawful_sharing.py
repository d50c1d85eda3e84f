"""Lawful sharing in the demo (issue 5, "Done when"): a GGZ health item that the police does
not see until the person's consent is recorded; a ZSM key whose printed lookup finds the demo
person; an access request to answer; a retention dry run that lists what would go."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.demo.support import SIGNAL_KEY, login, lookup_call, printed_api_key
from zvh.audit.models import AuditEvent
from zvh.cases.models import Case
from zvh.demo import casework_story, sharing_story, story
from zvh.demo.management.commands.demo import retention_dry_run_command
from zvh.demo.story import user_actor
from zvh.network.models import House, Organisation
from zvh.sharing import policy as sharing_policy
from zvh.sharing.categories import InformationCategory
from zvh.sharing.models import InformationItem
from zvh.sharing.services import NewConsent, consent_record
from zvh.subject_requests.models import RequestKind, RequestStatus, SubjectRequest

NOORD = "Veiligheidshuis Regio Noord"


@pytest.fixture
def noord(demo) -> House:
    return House.objects.get(name=NOORD)


def youris_case() -> Case:
    return Case.objects.get(house__name=NOORD, persons__surname="Visser")


def page_of(client: Client, case: Case) -> str:
    response = client.get(reverse("cases:detail", args=[case.id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_police_sees_the_health_item_only_after_consent(noord):
    case = youris_case()
    item = InformationItem.objects.get(case=case, category=InformationCategory.HEALTH)
    assert item.organisation.name == "GGZ IJssel en Vecht"
    assert item.author.username == "demo-partner-ggz"
    health = casework_story.HEALTH_ITEM.text
    police = user_actor("demo-partner-politie", noord)
    police_client = login("demo-partner-politie")  # a code is accepted once: log in once
    assert not sharing_policy.visible_items(police).filter(pk=item.pk).exists()
    before = page_of(police_client, case)
    assert health not in before
    # The police sees the other items; the GGZ and the case's process coordinator see this one.
    assert casework_story.YOURI_ITEMS[0].text in before
    assert health in page_of(login("demo-partner-ggz"), case)
    assert health in page_of(login("demo-procesregisseur"), case)

    consent_record(
        actor=user_actor("demo-procesregisseur", noord),
        case=case,
        consent=NewConsent(
            person_id=case.persons.get().id,
            organisation_ids=[police.organisation_id],
            categories=[InformationCategory.HEALTH],
            given_on=timezone.localdate(),
            expires_on=None,
        ),
    )
    assert sharing_policy.visible_items(police).filter(pk=item.pk).exists()
    assert health in page_of(police_client, case)


def test_the_non_party_sees_general_items_but_no_criminal_justice_data(noord):
    case = youris_case()
    shelter = user_actor("demo-partner-opvang", noord)
    categories = set(
        sharing_policy.visible_items(shelter).filter(case=case).values_list("category", flat=True)
    )
    assert categories == {InformationCategory.GENERAL}
    police = user_actor("demo-partner-politie", noord)
    seen_by_police = sharing_policy.visible_items(police).filter(case=case)
    assert set(seen_by_police.values_list("category", flat=True)) == {
        InformationCategory.GENERAL,
        InformationCategory.CRIMINAL_JUSTICE,
    }


def test_the_printed_zsm_lookup_finds_the_person_with_an_open_case(demo):
    key = printed_api_key(demo, SIGNAL_KEY)
    authorization, body, url = lookup_call(key["probeer"])
    assert url == "http://127.0.0.1:8000/api/v1/signals/lookup"
    assert body["bsn"] == story.ACUTE_REFERRAL.person.bsn
    client = Client(HTTP_AUTHORIZATION=authorization)
    response = client.post(
        url.removeprefix("http://127.0.0.1:8000"), body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["known"] is True
    assert [hit["house"] for hit in answer["houses"]] == [NOORD]
    assert answer["houses"][0]["requested_justice_response"] == casework_story.JUSTICE_RESPONSE
    # Youri Visser's case is closed: the signal knows nothing of him.
    closed = {**body, "bsn": story.POLICE_REFERRAL.person.bsn}
    response = client.post(
        url.removeprefix("http://127.0.0.1:8000"), closed, content_type="application/json"
    )
    assert response.json() == {"known": False}
    # The key is the prosecution's, for the signal only, and the lookup is in the access log.
    token = Organisation.objects.get(name="Openbaar Ministerie, parket Oost-Nederland")
    assert token.api_tokens.get().scopes == ["signal-lookup"]
    events = AuditEvent.objects.filter(object_type="signal_lookup").order_by("id")
    assert [event.detail["outcome"] for event in events] == ["hit", "miss"]
    assert {event.detail["purpose"] for event in events} == {sharing_story.ZSM_PURPOSE}


def test_the_privacy_officer_has_an_access_request_to_answer(noord):
    request = SubjectRequest.objects.get(house=noord)
    assert request.kind == RequestKind.ACCESS
    assert request.status == RequestStatus.RECEIVED
    assert request.person == youris_case().persons.get()
    assert request.registered_by.username == "demo-privacy"
    assert request.received_on < timezone.localdate() < request.deadline
    officer = login("demo-privacy")
    assert officer.get(reverse("subject_requests:detail", args=[request.id])).status_code == 200


def test_the_printed_retention_dry_run_lists_the_closed_case(demo):
    case = youris_case()
    command = retention_dry_run_command(case)
    assert command in demo
    arguments = command.split()[2:]  # after ".venv/bin/python manage.py"
    assert arguments[:2] == ["apply_retention", "--dry-run"]
    out = StringIO()
    call_command(*arguments, stdout=out)
    listed = out.getvalue()
    assert "nothing is removed" in listed
    assert str(case.id) in listed
    # One day earlier the case is not yet past its term.
    earlier = StringIO()
    day = arguments[-1]
    call_command(
        "apply_retention",
        "--dry-run",
        "--today",
        (date.fromisoformat(day) - timedelta(days=1)).isoformat(),
        stdout=earlier,
    )
    assert str(case.id) not in earlier.getvalue()
    assert Case.objects.filter(pk=case.pk).exists()  # a dry run removes nothing
