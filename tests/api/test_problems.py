"""Every API error is RFC 9457 application/problem+json."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories.people import PersonFactory
from zvh.api.problems import not_found, server_error
from zvh.authz.doors import DOORS

from .conftest import bearer
from .urls_for_tests import LEAKY_MESSAGE, TEST_DOORS

PROBLEM = "application/problem+json"
PROBLEM_KEYS = {"type", "title", "status", "code", "detail", "instance", "request_id"}
TEST_URLS = "tests.api.urls_for_tests"


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["code"] == code
    assert body["detail"]
    assert body["request_id"] == response["X-Request-ID"]
    return body


def test_401_shape(world):
    body = _problem(Client().get(reverse("api:person-list")), 401, "not_authenticated")
    assert body["title"] == "Unauthorized"
    assert body["instance"] == "/api/v1/persons/"
    assert "invalid_params" not in body


def test_the_instance_leaves_out_the_query_string(world):
    body = _problem(
        Client().get(reverse("api:person-list"), {"naam": "Jansen"}), 401, "not_authenticated"
    )
    assert "Jansen" not in body["instance"]


def test_404_for_an_unknown_or_invisible_person(world, issue_token):
    _, secret = issue_token()
    invisible = PersonFactory(house=world.house)  # in no case of the own organisation
    url = reverse("api:person-detail", kwargs={"person_id": invisible.id})
    body = _problem(bearer(secret).get(url), 404, "not_found")
    assert body["title"] == "Not Found"


def test_404_for_an_api_url_that_matches_nothing(world):
    body = _problem(Client().get("/api/v1/bestaat-niet/"), 404, "not_found")
    assert body["instance"] == "/api/v1/bestaat-niet/"


def test_outside_the_api_a_404_stays_a_page(world):
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_405_for_a_method_the_endpoint_does_not_serve(world, issue_token):
    _, secret = issue_token()
    response = bearer(secret).post(reverse("api:person-list"), {}, content_type="application/json")
    body = _problem(response, 405, "method_not_allowed")
    assert body["title"] == "Method Not Allowed"


def test_title_and_code_are_english_detail_follows_the_language(world):
    dutch = Client().get(reverse("api:person-list")).json()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("api:person-list")).json()
    assert dutch["title"] == english["title"] == "Unauthorized"
    assert dutch["code"] == english["code"] == "not_authenticated"
    assert english["detail"] == "Authentication credentials were not provided."
    assert dutch["detail"] != english["detail"]


# --- with views that exist only in this test ----------------------------------------------------


@pytest.fixture(autouse=True)
def _doors_for_test_views(monkeypatch):
    """A URL without a door is a 404; these views exist only here, so their doors do too."""
    for name, door in TEST_DOORS.items():
        monkeypatch.setitem(DOORS, name, door)


@pytest.mark.urls(TEST_URLS)
def test_400_lists_every_invalid_field_with_a_dotted_name(db):
    response = Client().post(
        "/api/test/echo/",
        {
            "name": "te lang",
            "address": {},
            "lines": [{"amount": 1}, {"amount": 0}],
            "tags": ["ok", "te lang"],
        },
        content_type="application/json",
    )
    body = _problem(response, 400, "invalid")
    assert body["title"] == "Bad Request"
    params = {param["name"]: param for param in body["invalid_params"]}
    assert set(params) == {"name", "address.city", "lines[1].amount", "tags[1]"}
    assert params["name"]["code"] == "max_length"
    assert params["address.city"]["code"] == "required"
    assert params["lines[1].amount"]["code"] == "min_value"
    assert all(param["reason"] for param in params.values())


@pytest.mark.urls(TEST_URLS)
def test_400_for_a_body_that_is_not_json(db):
    response = Client().post("/api/test/echo/", "{not json", content_type="application/json")
    _problem(response, 400, "parse_error")


@pytest.mark.urls(TEST_URLS)
def test_415_for_a_body_in_another_format(db):
    response = Client().post("/api/test/echo/", {"name": "x"})  # multipart form
    body = _problem(response, 415, "unsupported_media_type")
    assert body["title"] == "Unsupported Media Type"


@pytest.mark.urls(TEST_URLS)
def test_a_refusal_by_a_service_is_400_not_500(db):
    body = _problem(Client().get("/api/test/refuse/"), 400, "invalid")
    assert body["invalid_params"] == [
        {"name": "date_of_birth", "reason": "Geboortedatum ligt in de toekomst.", "code": "invalid"}
    ]


@pytest.mark.urls(TEST_URLS)
def test_500_is_a_problem_that_leaks_nothing_but_is_logged(db, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client().get("/api/test/raise/")
    body = _problem(response, 500, "internal_server_error")
    assert body["title"] == "Internal Server Error"
    assert "hunter2" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    assert "request_id" in body["detail"]
    assert any(LEAKY_MESSAGE in (record.exc_text or "") for record in caplog.records)


@pytest.mark.urls(TEST_URLS)
def test_with_debug_on_a_developer_gets_the_exception(db, settings):
    settings.DEBUG = True
    with pytest.raises(RuntimeError):
        Client().get("/api/test/raise/")


def test_handler500_answers_problem_json_under_the_api_and_a_page_elsewhere():
    api = server_error(RequestFactory().get("/api/v1/persons/"))
    assert api.status_code == 500
    assert api["Content-Type"] == PROBLEM
    page = server_error(RequestFactory().get("/betrokkenen/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_handler404_answers_problem_json_under_the_api_only():
    assert not_found(RequestFactory().get("/api/x/"))["Content-Type"] == PROBLEM
    assert not_found(RequestFactory().get("/x/"))["Content-Type"].startswith("text/html")


# --- throttling ---------------------------------------------------------------------------------


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_token": "2/minute", "api_user": "2/minute"},
    }


def test_429_per_token_with_retry_after(world, issue_token, low_rates):
    _, secret = issue_token()
    _, other_secret = issue_token(name="Andere koppeling")
    client = bearer(secret)
    url = reverse("api:organisation-list")
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    response = client.get(url)
    body = _problem(response, 429, "throttled")
    assert body["title"] == "Too Many Requests"
    assert int(response["Retry-After"]) > 0
    # Another token has its own budget.
    assert bearer(other_secret).get(url).status_code == 200


def test_429_per_user(world, client_for, low_rates):
    client = client_for(world.user("process_coordinator"))
    url = reverse("api:organisation-list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client_for(world.user("chain_manager")).get(url).status_code == 200


def test_rate_limits_come_from_the_environment_with_defaults():
    from django.conf import settings

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) == {"api_token", "api_user"}


def test_a_bad_rate_fails_the_system_check(settings):
    from zvh.api.checks import check_throttle_rates

    assert check_throttle_rates() == []
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_token": "lots", "api_user": "10/minute"},
    }
    errors = check_throttle_rates()
    assert [error.id for error in errors] == ["zvh_api.E001"]
    assert "api_token" in errors[0].msg
