"""The four-eyes rule of data-subject requests (0154) across every actor: the content URLs of
the matrix rows, pointed at the scenario's unopened requests (one waiting for approval, one
without an identity check), are a 404 for everyone, the privacy officers of the house
included, and each refusal of an officer is a denial in the access log. Nothing opens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login_2fa
from zvh.audit.models import AuditEvent, Result
from zvh.network.models import Role

from .test_authorization_matrix import METHODS, _call
from .url_matrix import ROWS, Row

CONTENT_URLS = {
    "subject_requests:preview",
    "subject_requests:withhold",
    "subject_requests:withholding-lift",
    "subject_requests:export",
    "subject_requests:correction",
}
CONTENT_ROWS = [row for row in ROWS if row.name in CONTENT_URLS]


def _unopened_kwargs(row: Row, scenario) -> dict:
    kwargs = dict(row.kwargs(scenario))
    unopened = (
        scenario.unidentified_request  # a rectification request, identity not checked
        if row.name == "subject_requests:correction"
        else scenario.unopened_request  # an access request waiting for approval
    )
    kwargs["request_id"] = unopened.id
    return kwargs


def test_every_content_url_is_covered():
    assert {row.name for row in CONTENT_ROWS} == CONTENT_URLS


@pytest.mark.parametrize("row", CONTENT_ROWS, ids=lambda row: row.name)
def test_the_content_of_an_unopened_request_is_a_404_for_everyone(row: Row, world, scenario):
    url = reverse(row.name, kwargs=_unopened_kwargs(row, scenario))
    request_id = str(_unopened_kwargs(row, scenario)["request_id"])
    for method in METHODS:
        if method not in row.methods:
            continue
        for role in Role:
            for org in ("own", "other"):
                for house in ("own", "other"):
                    user = world.user(role, org=org, house=house)
                    status = _call(login_2fa(Client(), user), method, url, row, scenario)
                    assert status == 404, (method, role.value, org, house, status)
                    if role == Role.PRIVACY_OFFICER and house == "own":
                        # Through the door, refused at the row: the denial names the request.
                        assert AuditEvent.objects.filter(
                            user_id=user.pk, result=Result.DENIED, object_id=request_id
                        ).exists(), (method, org)
    for unopened in (scenario.unopened_request, scenario.unidentified_request):
        unopened.refresh_from_db()
        assert unopened.opening_approved_at is None and unopened.opened_at is None
    assert not AuditEvent.objects.filter(object_type="subject_request_opening").exists()
