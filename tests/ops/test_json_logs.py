"""The technical log in JSON: level, logger, request id and house on every line of a request,
and nothing personal (decision 0189)."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import uuid

import pytest
from django.conf import settings as django_settings
from django.test import Client

from config.logging import logging_settings
from conftest import login_2fa
from tests.factories.network import MembershipFactory


@pytest.fixture
def json_log():
    """The project's logging in its JSON form, its console handler writing into a buffer."""
    root = logging.getLogger()
    saved = root.handlers[:]
    logging.config.dictConfig(logging_settings("json", "INFO"))
    buffer = io.StringIO()
    (console,) = root.handlers
    console.setStream(buffer)  # type: ignore[attr-defined]
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        root.handlers[:] = saved


@pytest.mark.django_db
def test_a_requests_lines_carry_level_logger_request_id_and_house_and_no_personal_data(json_log):
    membership = MembershipFactory(
        user__username="j.pietersen", user__first_name="Jolanda", user__last_name="Pietersen"
    )
    client = login_2fa(Client(), membership.user)
    # An unknown case (a 404 logged by Django with the request attached) searched with a name.
    response = client.get(f"/casussen/{uuid.uuid4()}/?zoek=Bakker&bsn=123456782")
    assert response.status_code == 404
    logging.getLogger("zvh.test").info("a line of the app's own after the request")

    lines = json_log()
    request_lines = [line for line in lines if line["logger"] == "django.request"]
    assert request_lines, lines
    line = request_lines[0]
    assert line["level"] == "WARNING"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["house"] == str(membership.house_id)
    assert line["status_code"] == 404
    assert set(line) <= {
        "timestamp",
        "level",
        "logger",
        "message",
        "request_id",
        "house",
        "status_code",
        "exc_info",
        "stack_info",
    }
    text = json.dumps(lines)
    for personal in ("Bakker", "123456782", "zoek=", "Pietersen", "Jolanda", "j.pietersen"):
        assert personal not in text
    # Outside a request: the fields are there, empty.
    own = next(line for line in lines if line["logger"] == "zvh.test")
    assert (own["request_id"], own["house"], own["level"]) == ("", "", "INFO")


def test_plain_is_the_default_outside_production():
    assert django_settings.ZVH_LOG_FORMAT == "plain"
    assert django_settings.LOGGING["handlers"]["console"]["formatter"] == "plain"
