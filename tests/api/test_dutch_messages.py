"""Every message Django REST framework can answer an API client with is Dutch by default.

DRF's own Dutch catalogue leaves some in English ("Must be a valid boolean."); the rest are in
src/zvh/locale/nl (decision 0176). Like every `detail`, they follow `Accept-Language`.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from rest_framework import exceptions, fields, relations, serializers, validators

from tests.api.conftest import bearer, issue_token  # noqa: F401  (fixture)

NL_DIR = Path(settings.BASE_DIR) / "src" / "zvh" / "locale" / "nl" / "LC_MESSAGES"


def _builtin_messages() -> dict[str, object]:
    """Where each message lives -> the lazy message, for every field, serializer, exception
    and validator that DRF ships."""
    found: dict[str, object] = {}
    for module in (fields, serializers, relations):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, fields.Field):
                for klass in cls.__mro__:
                    for key, message in vars(klass).get("default_error_messages", {}).items():
                        found[f"{klass.__name__}.{key}"] = message
    for name, cls in inspect.getmembers(exceptions, inspect.isclass):
        if issubclass(cls, exceptions.APIException):
            found[f"{name}.default_detail"] = cls.default_detail
    found["Throttled.singular"] = exceptions.Throttled.extra_detail_singular
    found["Throttled.plural"] = exceptions.Throttled.extra_detail_plural
    for name, cls in inspect.getmembers(validators, inspect.isclass):
        for attribute in ("message", "missing_message"):
            if isinstance(vars(cls).get(attribute), Promise):
                found[f"{name}.{attribute}"] = vars(cls)[attribute]
    return found


def test_the_census_of_messages_is_not_empty():
    found = _builtin_messages()
    assert len(found) > 80
    assert "BooleanField.invalid" in found and "ValidationError.default_detail" in found


@pytest.mark.parametrize("where", sorted(_builtin_messages()))
def test_every_builtin_message_has_dutch(where):
    message = _builtin_messages()[where]
    with translation.override("en"):
        english = str(message)
    with translation.override("nl"):
        dutch = str(message)
    assert dutch != english, f"{where} stays English in Dutch: {english!r}"


def test_compiled_dutch_catalogue_matches_the_po_file():
    with (NL_DIR / "django.po").open("rb") as f:
        source = {m.id: m.string for m in read_po(f) if m.id}
    with (NL_DIR / "django.mo").open("rb") as f:
        compiled = {m.id: m.string for m in read_mo(f) if m.id}
    assert compiled == source, "recompile: pybabel compile -d src/zvh/locale -D django"
    assert all(source.values())


# --- through the API ----------------------------------------------------------------------------


@pytest.fixture
def sender(issue_token):  # noqa: F811
    _, secret = issue_token(scopes=("referrals:write",))
    return bearer(secret)


def _reasons(response, name: str) -> list[str]:
    assert response.status_code == 400, response.content
    return [p["reason"] for p in response.json()["invalid_params"] if p["name"] == name]


def test_jzv_validation_messages_are_dutch_and_follow_accept_language(sender):
    from tests.intake.test_jzv import MELDING

    body = {**MELDING, "terugkoppelingGewenst": "misschien", "soort": "VT"}
    url = "/api/jzv/v1/meldingen"
    dutch = sender.post(url, data=json.dumps(body), content_type="application/json")
    assert _reasons(dutch, "terugkoppelingGewenst") == [
        "Moet een geldige booleaanse waarde zijn (true of false)."
    ]
    assert _reasons(dutch, "soort") == ["Dit systeem ontvangt alleen meldingen van soort ZVH."]
    english = sender.post(
        url, data=json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert _reasons(english, "terugkoppelingGewenst") == ["Must be a valid boolean."]
    assert _reasons(english, "soort") == ["This system only receives meldingen of soort ZVH."]


def test_the_referral_api_answers_drf_messages_in_dutch_too(sender):
    body = {
        "persons": [{"surname": "Bakker", "id": "x"}],
        "reason": "Zorgen",
        "request": "Overleg",
        "local_approach_tried": "misschien",
        "life_domains": "huisvesting",
    }
    response = sender.post(
        "/api/v1/referrals/", data=json.dumps(body), content_type="application/json"
    )
    assert _reasons(response, "local_approach_tried") == [
        "Moet een geldige booleaanse waarde zijn (true of false)."
    ]
    assert _reasons(response, "life_domains") != []
    assert all("Expected" not in reason for reason in _reasons(response, "life_domains"))
