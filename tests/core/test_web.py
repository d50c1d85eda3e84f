"""The shared web helpers of zvh.core.web, at their own level (no database)."""

from __future__ import annotations

import uuid

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from zvh.core import web


class _Form(forms.Form):
    name = forms.CharField(required=False)


def _bound() -> _Form:
    form = _Form(data={"name": ""})
    assert form.is_valid()
    return form


def test_get_post_allows_get_and_post_only() -> None:
    view = web.GET_POST(lambda request: HttpResponse("ok"))
    factory = RequestFactory()
    assert view(factory.get("/")).status_code == 200
    assert view(factory.post("/")).status_code == 200
    assert view(factory.put("/")).status_code == 405
    assert view(factory.delete("/")).status_code == 405


def test_saved_true_when_the_service_succeeds() -> None:
    form = _bound()
    calls: list[int] = []
    assert web.saved(form, lambda: calls.append(1)) is True
    assert calls == [1]
    assert form.errors == {}


def test_saved_puts_a_service_error_on_the_named_field_or_above_the_form() -> None:
    form = _bound()

    def fail() -> None:
        raise ValidationError({"name": "Naam ontbreekt.", "other": "Elders fout."})

    assert web.saved(form, fail) is False
    assert form.errors["name"] == ["Naam ontbreekt."]
    assert form.non_field_errors() == ["Elders fout."]


def test_saved_with_django_placement_keeps_a_plain_error_above_the_form() -> None:
    form = _bound()

    def fail() -> None:
        raise ValidationError("Bestaat al.")

    assert web.saved(form, fail, add_errors=web.add_form_errors) is False
    assert form.non_field_errors() == ["Bestaat al."]


def test_saved_lets_other_errors_through() -> None:
    with pytest.raises(RuntimeError):
        web.saved(_bound(), lambda: (_ for _ in ()).throw(RuntimeError("boom")))


def test_uuid_param_absent_empty_and_valid() -> None:
    factory = RequestFactory()
    value = uuid.uuid4()
    assert web.uuid_param(factory.get("/"), "sessie") is None
    assert web.uuid_param(factory.get("/", {"sessie": ""}), "sessie") is None
    assert web.uuid_param(factory.get("/", {"sessie": str(value)}), "sessie") == value


def test_uuid_param_malformed_is_404_and_announced() -> None:
    request = RequestFactory().get("/", {"tafel": "geen-id"})
    heard: list[tuple[object, str]] = []

    def listener(sender: object, *, request: object, name: str, **kwargs: object) -> None:
        heard.append((request, name))

    web.malformed_id.connect(listener)
    # Only this listener: the access app's receiver (which audits) needs a database.
    receivers = web.malformed_id.receivers
    web.malformed_id.receivers = [r for r in receivers if r[1]() is listener]
    web.malformed_id.sender_receivers_cache.clear()
    try:
        with pytest.raises(Http404):
            web.uuid_param(request, "tafel")
    finally:
        web.malformed_id.receivers = receivers
        web.malformed_id.sender_receivers_cache.clear()
        web.malformed_id.disconnect(listener)
    assert heard == [(request, "tafel")]


def test_action_done_success_and_refusal_messages() -> None:
    from django.contrib import messages
    from django.contrib.messages.storage.cookie import CookieStorage

    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    calls: list[str] = []

    assert web.action_done(request, lambda: calls.append("ran"), lambda: "Opgeslagen.") is True

    def refuse() -> None:
        raise ValidationError(["Kan niet.", "Al gedaan."])

    assert web.action_done(request, refuse, lambda: calls.append("unused") or "x") is False
    assert calls == ["ran"]
    assert [(m.level, m.message) for m in request._messages] == [  # type: ignore[attr-defined]
        (messages.SUCCESS, "Opgeslagen."),
        (messages.ERROR, "Kan niet. Al gedaan."),
    ]
