"""`manage.py totp_code`: a demo helper that must never work in production."""

from __future__ import annotations

import importlib
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from conftest import give_totp_device
from tests.factories.network import UserFactory
from zvh.audit.models import Action, AuditEvent

from .helpers import PASSWORD, post_login


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("totp_code", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


@pytest.fixture
def demo_user(db):
    user = UserFactory(username="demo-procesregisseur")
    give_totp_device(user)
    return user


def test_demo_flag_prints_a_code_that_logs_the_demo_user_in(demo_user, settings):
    assert settings.DEBUG is False
    code, note = _run(demo_user.username, "--demo")
    assert len(code) == 6 and code.isdigit()
    assert "seconden" in note
    client = Client()
    post_login(client, demo_user.username, PASSWORD, code)
    assert client.get(reverse("web:home")).status_code == 200  # logged in with both factors
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="totp_device", user_id=demo_user.pk
    ).exists()


def test_says_when_the_current_code_was_used_already(demo_user):
    code, _note = _run(demo_user.username, "--demo")
    post_login(Client(), demo_user.username, PASSWORD, code)
    again, note = _run(demo_user.username, "--demo")
    assert again == code
    assert "al gebruikt" in note


def test_refused_without_debug_and_without_the_demo_flag(demo_user):
    with pytest.raises(CommandError, match="DEBUG"):
        _run(demo_user.username)


def test_demo_flag_does_not_open_ordinary_accounts(db):
    user = UserFactory(username="jan.jansen")
    give_totp_device(user)
    with pytest.raises(CommandError, match="demo-"):
        _run(user.username, "--demo")


def test_debug_opens_any_account(db, settings):
    settings.DEBUG = True
    user = UserFactory(username="jan.jansen")
    give_totp_device(user)
    code, _note = _run(user.username)
    assert len(code) == 6


def test_refused_under_production_settings_whatever_the_flags(demo_user, settings):
    settings.ZVH_PRODUCTION = True
    settings.DEBUG = True
    with pytest.raises(CommandError, match="productie"):
        _run(demo_user.username, "--demo")
    assert not AuditEvent.objects.filter(object_type="totp_device").exists()


def test_production_settings_module_sets_the_flag(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "zvh.example")
    monkeypatch.setenv("ZVH_SEARCH_TERM_KEY", "search-" + "abcdefghijklmnopqrstuvwxyz0123456789")
    monkeypatch.setenv("ZVH_AUDIT_CHAIN_KEY", "chain-" + "abcdefghijklmnopqrstuvwxyz0123456789")
    monkeypatch.setenv("DJANGO_DEBUG", "false")
    monkeypatch.delitem(sys.modules, "config.settings.production", raising=False)
    try:
        production = importlib.import_module("config.settings.production")
        assert production.ZVH_PRODUCTION is True
        assert production.DEBUG is False
    finally:
        sys.modules.pop("config.settings.production", None)


@pytest.mark.parametrize("username", ["demo-zonder-app", "demo-bestaat-niet"])
def test_clear_error_without_a_linked_app(db, username):
    UserFactory(username="demo-zonder-app")
    with pytest.raises(CommandError, match="authenticator-app"):
        _run(username, "--demo")


def test_inactive_demo_user_gets_no_code(demo_user):
    demo_user.is_active = False
    demo_user.save()
    with pytest.raises(CommandError):
        _run(demo_user.username, "--demo")
