"""Audit completeness: every URL that shows personal data writes an event, for the request,
naming the acting user (and the object); a refused request writes a denial.

The matrix rows say which URLs show personal data (`personal_data=True`); the last test guards
that flag itself, so a new person page cannot opt out of this test by leaving it off.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login_2fa
from zvh.audit.models import AuditEvent, Result
from zvh.network.models import Role

from .url_matrix import OWN, ROWS, Row

# URL names under which every view renders stored persons: the people pages, the persons API,
# and the privacy officer's access report (which shows persons and who accessed them). A row
# under one of these without `personal_data=True` is a mistake, not a choice. Kept as prefixes
# of URL names; extend it when a new namespace of person pages appears.
PERSONAL_DATA_NAMESPACES = ("people:", "api:person", "audit:", "subject_requests:")

PERSONAL_ROWS = [row for row in ROWS if row.personal_data]
ALL_PAIRS = sorted((role.value, org) for role in Role for org in ("own", "other"))


def _send(client: Client, method: str, row: Row, scenario) -> tuple[int, str]:
    url = reverse(row.name, kwargs=row.kwargs(scenario) if row.kwargs else {})
    if method == "GET":
        response = client.get(url)
    elif row.api:
        body = json.dumps(row.post_data(scenario))
        response = client.generic(method, url, body, content_type="application/json")
    else:
        body = urlencode(row.post_data(scenario), doseq=True)
        response = client.generic(
            method, url, body, content_type="application/x-www-form-urlencoded"
        )
    return response.status_code, response["X-Request-ID"]


def _events_of(request_id: str, before: int):
    return AuditEvent.objects.filter(id__gt=before, request_id=request_id)


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize("row", PERSONAL_ROWS, ids=lambda row: row.name)
def test_showing_personal_data_writes_an_event(row: Row, world, scenario):
    method = row.personal_data_method
    role, org = sorted(row.methods[method])[0]
    user = world.user(role, org=org, house=OWN)
    before = _last_event_id()
    status, request_id = _send(login_2fa(Client(), user), method, row, scenario)
    assert status < 400, (row.name, method, role, org, status)

    events = _events_of(request_id, before).filter(user_id=user.pk)
    assert events.exists(), f"{method} {row.name} as {role}/{org} wrote no audit event"
    if row.kwargs:
        object_ids = {str(value) for value in row.kwargs(scenario).values()}
        assert events.filter(object_id__in=object_ids).exists(), (
            f"{method} {row.name}: no event names the object {sorted(object_ids)}"
        )


@pytest.mark.parametrize("row", PERSONAL_ROWS, ids=lambda row: row.name)
def test_a_refused_request_for_personal_data_writes_a_denial(row: Row, world, scenario):
    method = "GET" if "GET" in row.methods else row.personal_data_method
    refused = [pair for pair in ALL_PAIRS if pair not in row.methods[method]]
    assert refused, f"{row.name}: everyone may {method} it; is it really personal data?"
    role, org = refused[0]
    user = world.user(role, org=org, house=OWN)
    before = _last_event_id()
    status, request_id = _send(login_2fa(Client(), user), method, row, scenario)
    assert status == 404, (row.name, method, role, org, status)
    denials = _events_of(request_id, before).filter(user_id=user.pk, result=Result.DENIED)
    assert denials.exists(), f"refused {method} {row.name} as {role}/{org} wrote no denial"


def test_every_person_page_is_flagged_as_personal_data():
    unflagged = [
        row.name
        for row in ROWS
        if row.name.startswith(PERSONAL_DATA_NAMESPACES) and not row.personal_data
    ]
    assert not unflagged, (
        f"These URLs render persons but lack personal_data=True in url_matrix.py: {unflagged}"
    )
