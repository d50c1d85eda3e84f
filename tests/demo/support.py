"""Running the demo and reading what it prints, for the demo's tests."""

from __future__ import annotations

import json
import shlex
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.demo import data, history

# The year of history (zvh.demo.history_story) lives beside the stories; its persons carry the
# history's surnames, which no story uses, so a test of a story can leave them out.
HISTORY_SURNAMES = frozenset(surname.split(" ")[-1] for surname in history.SURNAMES)


def without_history(queryset, surname: str):  # type: ignore[no-untyped-def]
    """The rows of `queryset` that are the stories': `surname` is the path to a person's
    surname (for example "referral__persons__surname")."""
    return queryset.exclude(**{f"{surname}__in": HISTORY_SURNAMES})


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--force", *args, stdout=out)
    return out.getvalue()


def printed_block(output: str, head: str) -> dict[str, str]:
    """The block whose first line starts with `head`, as {"wachtwoord": ..., ...}."""
    for block in output.split("\n\n"):
        first, *lines = block.strip().splitlines()
        if first.startswith(head):
            return dict(line.strip().split(": ", 1) for line in lines)
    raise AssertionError(f"{head!r} not printed")


def printed_account(output: str, username: str) -> dict[str, str]:
    return {label: value.strip() for label, value in printed_block(output, f"{username}: ").items()}


JZV_KEY = "API-sleutel van Gemeente Zwolle"
SIGNAL_KEY = "API-sleutel van Openbaar Ministerie"


def printed_api_key(output: str, head: str = JZV_KEY) -> dict[str, str]:
    return {label: value.strip() for label, value in printed_block(output, head).items()}


def curl_call(command: str) -> tuple[str, str]:
    """(Authorization header, URL) of a printed `curl -H "Authorization: ..." URL`."""
    words = shlex.split(command)
    assert words[:2] == ["curl", "-H"] and len(words) == 4, command
    name, value = words[2].split(": ", 1)
    assert name == "Authorization", command
    return value, words[3]


def lookup_call(command: str) -> tuple[str, dict, str]:
    """(Authorization header, JSON body, URL) of the printed hit/no-hit `curl -X POST`."""
    words = shlex.split(command)
    assert len(words) == 10, command
    assert [words[i] for i in (0, 1, 2, 3, 5, 7)] == ["curl", "-X", "POST", "-H", "-H", "-d"]
    headers = dict(word.split(": ", 1) for word in (words[4], words[6]))
    assert headers["Content-Type"] == "application/json", command
    return headers["Authorization"], json.loads(words[8]), words[9]


def login(username: str) -> Client:
    """Through the real login form, with the code the authenticator app would show now."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": username, "password": data.DEMO_PASSWORD, "otp_token": f"{code:06d}"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("web:home")
    return client
