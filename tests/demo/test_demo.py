"""`manage.py demo`: builds on an empty database, changes nothing the second time, and every
demo account logs in through the real form and sees only what its role may see."""

from __future__ import annotations

import base64
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.models import User
from zvh.audit.models import AuditEvent
from zvh.cases.models import Case, CaseParticipant, CasePerson
from zvh.demo import data
from zvh.network.models import House, Membership, Municipality, Organisation, Partnership, Role
from zvh.people.bsn import passes_eleven_test
from zvh.people.models import Person

SNAPSHOT_MODELS = (
    Municipality,
    House,
    House.municipalities.through,
    Organisation,
    Partnership,
    User,
    Membership,
    TOTPDevice,
    Person,
    Case,
    CasePerson,
    CaseParticipant,
    AuditEvent,
)


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--force", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[dict]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS
    }


@pytest.fixture
def demo(db) -> str:
    return run_demo()


def test_builds_on_an_empty_database_and_a_second_run_changes_nothing(demo):
    before = snapshot()
    again = run_demo()
    assert snapshot() == before
    assert again == demo
    assert "demo-procesregisseur" in demo


def test_regio_noord_is_complete(demo):
    noord = House.objects.get(name="Veiligheidshuis Regio Noord")
    assert noord.municipalities.count() == 11
    assert noord.seat_municipality.name == "Zwolle"
    assert noord.security_region == "Veiligheidsregio IJsselland"
    assert all(m.inhabitants > 10_000 for m in noord.municipalities.all())
    kinds = set(noord.organisations.values_list("kind", flat=True))
    assert {"police", "public_prosecution", "probation", "mental_health_care", "veilig_thuis",
            "municipality", "housing_corporation"} <= kinds  # fmt: skip
    assert all(organisation.domains for organisation in noord.organisations.all())
    roles = set(Membership.objects.filter(house=noord).values_list("role", flat=True))
    assert roles == set(Role.values)
    assert 25 <= Person.objects.filter(house=noord).count() <= 35
    neighbour = House.objects.exclude(pk=noord.pk).get()
    assert Person.objects.filter(house=neighbour).exists()
    assert not set(neighbour.municipalities.all()) & set(noord.municipalities.all())


def test_every_demo_bsn_is_fictional_and_passes_the_eleven_test(demo):
    bsns = [bsn for bsn in Person.objects.values_list("bsn", flat=True) if bsn]
    assert len(bsns) >= 30
    for bsn in bsns:
        assert passes_eleven_test(bsn), bsn
        assert bsn.startswith(data.FICTIONAL_BSN_PREFIX), bsn
    assert all(passes_eleven_test(bsn) for bsn in data.FICTIONAL_BSNS)
    assert len(set(data.FICTIONAL_BSNS)) == len(data.FICTIONAL_BSNS)


def printed_account(output: str, username: str) -> dict[str, str]:
    """The block the command prints for one account, as {"password": ..., "TOTP secret": ...}."""
    for block in output.split("\n\n"):
        head, *lines = block.strip().splitlines()
        if head.startswith(f"{username}: "):
            return dict(line.strip().split(": ", 1) for line in lines)
    raise AssertionError(f"{username} not printed")


def test_prints_each_accounts_password_secret_and_code_command(demo):
    for spec in data.ACCOUNTS:
        printed = printed_account(demo, spec.username)
        device = TOTPDevice.objects.get(user__username=spec.username, confirmed=True)
        assert printed["password"].strip() == data.DEMO_PASSWORD
        assert base64.b32decode(printed["TOTP secret"].strip()) == device.bin_key
        assert printed["otpauth URI"].strip() == device.config_url
        assert printed["code now"].strip() == f"python manage.py totp_code {spec.username}"


def _expected_people(spec: data.DemoAccountSpec) -> set[str] | None:
    """Surnames plus birth dates the account may see on the people list, or None: no list."""
    in_house = [person for person in data.PERSONS if person.house == spec.house]
    if spec.role in (Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER):
        return {_label(person) for person in in_house}
    if spec.role == Role.PARTNER_PROFESSIONAL:
        keys = {
            person_key
            for case in data.CASES
            if case.house == spec.house and spec.organisation in case.participants
            for person_key in case.persons
        }
        return {_label(person) for person in in_house if person.key in keys}
    return None


def _label(person: data.DemoPerson) -> tuple[str, object]:
    return (person.surname, person.date_of_birth)


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


@pytest.mark.parametrize("spec", data.ACCOUNTS, ids=lambda spec: spec.username)
def test_each_account_logs_in_and_sees_only_what_its_role_may(demo, spec):
    client = login(spec.username)
    assert client.get(reverse("web:home")).status_code == 200
    response = client.get(reverse("people:list"))
    expected = _expected_people(spec)
    if expected is None:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    seen = {(person.surname, person.date_of_birth) for person in response.context["page"].rows}
    assert seen == expected
    assert response.context["page"].next_cursor is None  # all on one page


def test_partners_see_some_persons_and_not_others(demo):
    police = _expected_people(_spec("demo-partner-politie"))
    ggz = _expected_people(_spec("demo-partner-ggz"))
    everyone = _expected_people(_spec("demo-procesregisseur"))
    assert police and ggz and everyone
    assert police != ggz
    assert police < everyone and ggz < everyone
    assert police & ggz  # one case both take part in


def test_other_houses_and_other_cases_stay_closed(demo):
    noord_dekker = Person.objects.get(house__name="Veiligheidshuis Regio Noord", surname="Dekker")
    bakker = Person.objects.get(surname="Bakker", given_names="Kevin")
    martina = Person.objects.get(surname="Martina")
    neighbour = login("demo-procesregisseur-drenthe")
    police = login("demo-partner-politie")
    assert neighbour.get(reverse("people:detail", args=[noord_dekker.id])).status_code == 404
    assert police.get(reverse("people:detail", args=[bakker.id])).status_code == 200
    assert police.get(reverse("people:detail", args=[martina.id])).status_code == 404


def _spec(username: str) -> data.DemoAccountSpec:
    return next(spec for spec in data.ACCOUNTS if spec.username == username)


def test_reset_rebuilds_the_same_demo(demo):
    old_ids = set(Person.objects.values_list("id", flat=True))
    assert run_demo("--reset") == demo
    assert Person.objects.count() == len(data.PERSONS)
    assert not old_ids & set(Person.objects.values_list("id", flat=True))


def test_refuses_without_debug_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo", stdout=StringIO())
    assert not House.objects.exists()


@pytest.mark.parametrize(
    "production",
    [{"ZVH_PRODUCTION": True}, {"SETTINGS_MODULE": "config.settings.production"}],
    ids=["flag", "module"],
)
def test_refuses_under_production_settings_even_when_forced(db, settings, production):
    settings.DEBUG = True
    for name, value in production.items():
        setattr(settings, name, value)
    with pytest.raises(CommandError, match="production"):
        call_command("demo", "--force", stdout=StringIO())
    assert not House.objects.exists()
