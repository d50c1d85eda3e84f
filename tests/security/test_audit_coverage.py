"""Audit completeness on the matrix's scenario, for what the audit probe (test_audit_probe.py,
GETs on the demo) does not do: requests that are refused, and posted forms.

- A refused request for an object writes a denial: every row with an object and a method some
  actor may use, sent by an actor the row refuses.
- A posted form obeys the probe's rule: every person its response shows (full name or BSN) is
  named by an access event of that request. Every row with a POST is sent by an allowed actor;
  for the search forms the response must show the scenario's person, so the rule is tested on
  a response that shows someone.

No row declares whether it shows personal data: a new row is taken along by both tests.
"""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login_2fa
from zvh.audit.models import AuditEvent, Result
from zvh.network.models import Role

from .shown import PersonMatcher, text_of, unnamed
from .url_matrix import OWN, ROWS, Row

ALL_PAIRS = sorted((role.value, org) for role in Role for org in ("own", "other"))
# The forms that post search terms (a BSN stays out of URLs) and answer with the persons found:
# the scenario's person must be among them.
SEARCH_FORMS = {"people:create", "audit:search", "cases:search", "subject_requests:person-search"}


def _method(row: Row) -> str:
    return "GET" if "GET" in row.methods else sorted(row.methods)[0]


def _send(client: Client, method: str, row: Row, scenario):
    url = reverse(row.name, kwargs=row.kwargs(scenario) if row.kwargs else {})
    request_id = f"coverage-{uuid.uuid4().hex}"
    headers = {"x-request-id": request_id}
    if method == "GET":
        response = client.get(url, headers=headers)
    elif row.api:
        body = json.dumps(row.post_data(scenario), default=str)
        response = client.generic(
            method, url, body, content_type="application/json", headers=headers
        )
    else:
        body = urlencode(row.post_data(scenario), doseq=True)
        response = client.generic(
            method, url, body, content_type="application/x-www-form-urlencoded", headers=headers
        )
    assert response["X-Request-ID"] == request_id
    return response, request_id


def _refusable(row: Row) -> bool:
    allowed = row.methods[_method(row)]
    return bool(row.kwargs and allowed and set(ALL_PAIRS) - allowed)


def _posted(row: Row) -> bool:
    return bool(row.methods.get("POST")) and not row.public


# One test per row that needs either check: the world and scenario are built once for both.
CHECKED = [row for row in ROWS if _refusable(row) or _posted(row)]


@pytest.mark.parametrize("row", CHECKED, ids=lambda row: row.name)
def test_audit_of_refusals_and_posted_forms(row: Row, world, scenario):
    if _refusable(row):
        _a_refused_request_for_an_object_writes_a_denial(row, world, scenario)
    if _posted(row):
        _a_posted_form_names_every_person_it_shows(row, world, scenario)


def _a_refused_request_for_an_object_writes_a_denial(row: Row, world, scenario) -> None:
    method = _method(row)
    role, org = next(pair for pair in ALL_PAIRS if pair not in row.methods[method])
    user = world.user(role, org=org, house=OWN)
    response, request_id = _send(login_2fa(Client(), user), method, row, scenario)
    assert response.status_code == 404, (row.name, method, role, org, response.status_code)
    denials = AuditEvent.objects.filter(
        request_id=request_id, user_id=user.pk, result=Result.DENIED
    )
    assert denials.exists(), f"refused {method} {row.name} as {role}/{org} wrote no denial"


def _a_posted_form_names_every_person_it_shows(row: Row, world, scenario) -> None:
    role, org = sorted(row.methods["POST"])[0]
    user = world.user(role, org=org, house=OWN)
    response, request_id = _send(login_2fa(Client(), user), "POST", row, scenario)
    assert response.status_code < 500, (row.name, role, org, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = text_of(response.get("Content-Type", ""), body) or ""
    matcher = PersonMatcher()
    if row.name in SEARCH_FORMS:
        shown = set().union(*matcher.shown(text).values())
        assert str(scenario.person.id) in shown, (
            f"POST {row.name} as {role}/{org} does not show the scenario's person: "
            "the search test sees nothing"
        )
    missing = unnamed(matcher, text, request_id)
    assert not missing, (
        f"POST {row.name} as {role}/{org} shows {sorted(missing)} "
        f"(persons {sorted(set().union(*missing.values()))}) but no access event of the "
        "request names them"
    )
