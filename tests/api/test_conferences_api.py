# ruff: noqa: F811 (the conference fixtures, imported)
"""The conference API (zvh/conferences/api.py): the conference gate and the declaration rule of
the pages, through the same selectors and services; writes audited; bad input and stale
versions change nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conferences.conftest import (  # noqa: F401 (fixtures)
    begin,
    case_a,
    case_b,
    case_conference,
    coordinator,
    covenant,
    declaration,
    later,
    outsider,
    own_professional,
    target_conference,
    theme,
)
from zvh.audit.models import Action, AuditEvent, Result
from zvh.conferences.models import (
    Conference,
    ConferenceDecision,
    DeclarationAcceptance,
    Invitation,
)
from zvh.network.models import Role
from zvh.plans.models import Agreement

from .conftest import bearer, send

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _url(name: str, **kwargs) -> str:
    return reverse(f"conferences-api:{name}", kwargs=kwargs)


def _events(**filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def test_who_is_not_invited_gets_404_and_a_token_is_refused(
    world, client_for, case_conference, own_professional, issue_token
):
    stranger = client_for(own_professional)  # a partner professional, not invited
    for method, url, body in (
        ("GET", _url("detail", conference_id=case_conference.id), None),
        ("GET", _url("detail", conference_id=uuid.uuid4()), None),
        ("POST", _url("declaration", conference_id=case_conference.id), {"declaration": 1}),
    ):
        response = send(stranger, method, url, body)
        assert response.status_code == 404, (method, url)
        assert response["Content-Type"] == PROBLEM
    assert _events(object_id=str(case_conference.id), result=Result.DENIED)
    listed = send(stranger, "GET", _url("list")).json()["results"]
    assert str(case_conference.id) not in {row["id"] for row in listed}

    _token, secret = issue_token()
    refused = bearer(secret).get(_url("list"))
    assert (refused.status_code, refused.json()["code"]) == (403, "person_required")


def test_content_is_withheld_until_the_declaration_is_signed(
    world, client_for, case_conference, outsider, declaration
):
    client = client_for(outsider)
    url = _url("detail", conference_id=case_conference.id)

    closed = send(client, "GET", url).json()
    assert closed["content_visible"] is False
    assert (closed["items"], closed["invitees"]) == ([], [])
    assert closed["declaration"] == {
        "id": str(declaration.id),
        "version": 1,
        "text": declaration.text,
    }
    (event,) = _events(action=Action.VIEW, object_id=str(case_conference.id))
    assert (event.detail["declaration_pending"], event.person_ids) == (True, [])

    # A version the participant did not read is refused, and nothing is recorded.
    stale = send(
        client,
        "POST",
        _url("declaration", conference_id=case_conference.id),
        {"declaration": str(uuid.uuid4())},
    )
    assert (stale.status_code, stale["Content-Type"]) == (400, PROBLEM)
    assert not DeclarationAcceptance.objects.exists()

    signed = send(
        client,
        "POST",
        _url("declaration", conference_id=case_conference.id),
        {"declaration": str(declaration.id)},
    )
    assert signed.status_code == 200, signed.content
    assert (signed.json()["declaration_required"], signed.json()["version"]) == (True, 1)
    assert _events(object_type="confidentiality_acceptance", action=Action.CREATE)

    opened = send(client, "GET", url).json()
    assert opened["content_visible"] is True and opened["declaration"] is None
    (item,) = opened["items"]
    assert item["case_number"] == case_conference.items.get().case.number
    assert [person["surname"] for person in item["persons"]] == ["Jansen"]
    last = _events(action=Action.VIEW, object_id=str(case_conference.id))[-1]
    assert last.detail["declaration_pending"] is False and last.person_ids


def test_house_staff_need_no_declaration(world, client_for, case_conference):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    body = send(client, "GET", _url("detail", conference_id=case_conference.id)).json()
    assert body["content_visible"] is True and len(body["items"]) == 1
    signed = send(
        client,
        "POST",
        _url("declaration", conference_id=case_conference.id),
        {"declaration": str(uuid.uuid4())},
    )
    assert signed.json() == {"declaration_required": False, "version": None, "signed_at": None}


def test_planning_and_inviting_write_through_the_services(
    world, client_for, theme, own_professional, outsider, declaration
):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    starts = later()
    plan = {
        "id": str(uuid.uuid4()),
        "kind": "target_group",
        "starts_at": starts.isoformat(),
        "ends_at": (starts.replace(hour=starts.hour + 1)).isoformat(),
        "theme": str(theme.id),
        "location": "Stadhuis, zaal 2",
    }
    bad = send(client, "POST", _url("list"), {**plan, "ends_at": plan["starts_at"]})
    assert (bad.status_code, bad["Content-Type"]) == (400, PROBLEM)
    assert not Conference.objects.exists()

    created = send(client, "POST", _url("list"), plan)
    assert created.status_code == 201, created.content
    assert send(client, "POST", _url("list"), plan).json()["id"] == plan["id"]  # once
    conference = Conference.objects.get()
    assert _events(object_id=str(conference.id), action=Action.CREATE)

    invitees_url = _url("invitees", conference_id=conference.id)
    refused = send(client, "PUT", invitees_url, {"version": 1, "invitees": [-1]})
    assert (refused.status_code, refused["Content-Type"]) == (400, PROBLEM)
    assert "invitees" in {param["name"] for param in refused.json()["invalid_params"]}
    everyone = [own_professional.pk, outsider.pk]
    # Invitations that cannot go out (the agenda is empty) leave the list unchanged too.
    unsent = send(client, "PUT", invitees_url, {"version": 1, "invitees": everyone, "send": True})
    assert (unsent.status_code, unsent["Content-Type"]) == (400, PROBLEM)
    assert not Invitation.objects.exists()
    invited = send(client, "PUT", invitees_url, {"version": 1, "invitees": everyone})
    assert invited.status_code == 200, invited.content
    assert invited.json()["conference"]["version"] == 2
    assert set(Invitation.objects.values_list("user_id", flat=True)) == {
        own_professional.pk,
        outsider.pk,
    }
    assert _events(object_id=str(conference.id), action=Action.UPDATE)

    # A planner who read version 1: 409, and the invitations stay.
    stale = send(client, "PUT", invitees_url, {"version": 1, "invitees": []})
    assert (stale.status_code, stale.json()["code"]) == (409, "version_conflict")
    assert Invitation.objects.count() == 2


def test_minutes_and_decisions_write_through_the_services(
    world, client_for, case_conference, outsider
):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    item = case_conference.items.get()
    minutes_url = _url("minutes", conference_id=case_conference.id, item_id=item.id)
    decisions_url = _url("decision-create", conference_id=case_conference.id, item_id=item.id)

    # Before the conference began the services refuse: 400, nothing written.
    early = send(client, "PUT", minutes_url, {"version": 1, "minutes": "Vooraf"})
    assert (early.status_code, early["Content-Type"]) == (400, PROBLEM)
    begin(case_conference)

    saved = send(client, "PUT", minutes_url, {"version": 1, "minutes": "Kim is besproken."})
    assert saved.status_code == 200, saved.content
    assert (saved.json()["minutes"], saved.json()["version"]) == ("Kim is besproken.", 2)
    assert _events(object_type="conference_item", action=Action.UPDATE)
    stale = send(client, "PUT", minutes_url, {"version": 1, "minutes": "Anders"})
    assert (stale.status_code, stale.json()["code"]) == (409, "version_conflict")
    item.refresh_from_db()
    assert item.minutes == "Kim is besproken."

    blank = send(client, "POST", decisions_url, {"text": "  "})
    assert (blank.status_code, blank["Content-Type"]) == (400, PROBLEM)
    assert not ConferenceDecision.objects.exists()
    agreement = {
        "what": "Huisbezoek afleggen",
        "domain": "care",
        "owner": outsider.pk,
        "due_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
    }
    decision = {"id": str(uuid.uuid4()), "text": "Woonbegeleiding inzetten"}
    stranger = world.user(Role.PARTNER_PROFESSIONAL, house="other")
    refused = send(
        client,
        "POST",
        decisions_url,
        {**decision, "agreements": [agreement, {**agreement, "owner": stranger.pk}]},
    )
    assert refused.status_code == 400
    assert refused.json()["invalid_params"][0]["name"] == "agreements.1.owner"
    assert not ConferenceDecision.objects.exists() and not Agreement.objects.exists()

    made = send(client, "POST", decisions_url, {**decision, "agreements": [agreement]})
    assert made.status_code == 201, made.content
    assert [a["what"] for a in made.json()["agreements"]] == ["Huisbezoek afleggen"]
    assert send(client, "POST", decisions_url, decision).status_code == 201  # once
    assert ConferenceDecision.objects.get().text == "Woonbegeleiding inzetten"
    assert Agreement.objects.get().owner_user == outsider
    assert _events(object_type="conference_decision", action=Action.CREATE)

    # An invited participant does not write the minutes: planning is not theirs.
    partner = client_for(world.user(Role.PARTNER_PROFESSIONAL, org="other"))
    assert send(partner, "PUT", minutes_url, {"version": 2, "minutes": "x"}).status_code == 404


def test_list_and_read_cost_a_fixed_number_of_queries(
    world, client_for, target_conference, django_assert_max_num_queries
):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    send(client, "GET", _url("list"))  # the session and the user, once
    with django_assert_max_num_queries(10):
        listed = send(client, "GET", _url("list"))
    assert [row["id"] for row in listed.json()["results"]] == [str(target_conference.id)]
    with django_assert_max_num_queries(22):
        read = send(client, "GET", _url("detail", conference_id=target_conference.id))
    assert len(read.json()["items"]) == 2 and len(read.json()["invitees"]) == 2
