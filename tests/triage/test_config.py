"""The functional administrator configures triage: local criteria, settings, triage tables.
Local criteria belong to one house and never show up in another."""

from __future__ import annotations

import importlib
from datetime import time

import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories.intake import make_referral
from tests.factories.network import HouseFactory, OrganisationFactory
from zvh.audit.models import AuditEvent
from zvh.intake.models import TriageSettings, Urgency
from zvh.network.models import Role
from zvh.triage.defaults import DEFAULT_LOCAL_CRITERIA
from zvh.triage.models import LocalCriterion, TriageTable
from zvh.triage.services import local_criteria_seed_defaults

INDEX = reverse("triage-config:index")


@pytest.fixture
def admin_client(world, client_for):
    return client_for(world.user(Role.FUNCTIONAL_ADMIN))


def criterion_url(name: str, criterion: LocalCriterion) -> str:
    return reverse(f"triage-config:{name}", kwargs={"criterion_id": criterion.id})


# --- local criteria --------------------------------------------------------------------------


def test_add_edit_deactivate_and_activate_a_local_criterion(world, admin_client):
    response = admin_client.post(
        reverse("triage-config:criterion-create"),
        {
            "name": "Actualiteit",
            "explanation": "Het speelt nu.",
            "kind": "required",
            "position": "1",
        },
    )
    assert response.status_code == 302 and response["Location"] == INDEX
    criterion = LocalCriterion.objects.get(house=world.house)
    assert (criterion.name, criterion.required, criterion.active) == ("Actualiteit", True, True)
    assert AuditEvent.objects.filter(object_type="local_criterion", action="create").exists()

    edit = criterion_url("criterion-edit", criterion)
    assert admin_client.get(edit).context["form"].initial["kind"] == "required"
    admin_client.post(
        edit, {"name": "Actueel", "explanation": "", "kind": "informative", "position": "2"}
    )
    criterion.refresh_from_db()
    assert (criterion.name, criterion.required, criterion.position) == ("Actueel", False, 2)

    # A bare POST (no confirm button) changes nothing.
    admin_client.post(criterion_url("criterion-deactivate", criterion))
    criterion.refresh_from_db()
    assert criterion.active is True
    admin_client.post(criterion_url("criterion-deactivate", criterion), {"confirm": "yes"})
    criterion.refresh_from_db()
    assert criterion.active is False
    html = admin_client.get(INDEX).content.decode()
    assert "uitgezet" in html and "Aanzetten" in html
    admin_client.post(criterion_url("criterion-activate", criterion), {"confirm": "yes"})
    criterion.refresh_from_db()
    assert criterion.active is True


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "kind": "required", "position": "0"}, "name", "Geef het criterium een naam."),
        (
            {"name": "actualiteit", "kind": "required", "position": "0"},
            "name",
            "Dit huis heeft al een lokaal criterium met deze naam.",
        ),
        (
            {"name": "Nieuw", "kind": "soms", "position": "0"},
            "kind",
            "Kies verplicht of informatief.",
        ),
        ({"name": "Nieuw", "kind": "required", "position": "-1"}, "position", "Vul 0 of hoger in."),
        (
            {"name": "Nieuw", "kind": "required", "position": "x"},
            "position",
            "Vul een geheel getal in.",
        ),
    ],
)
def test_bad_criterion_input_is_named_in_dutch_and_changes_nothing(
    world, admin_client, data, field, message
):
    LocalCriterion.objects.create(house=world.house, name="Actualiteit")
    response = admin_client.post(reverse("triage-config:criterion-create"), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert LocalCriterion.objects.filter(house=world.house).count() == 1


def test_the_same_name_is_fine_in_another_house(world, admin_client):
    LocalCriterion.objects.create(house=world.other_house, name="Actualiteit")
    response = admin_client.post(
        reverse("triage-config:criterion-create"),
        {"name": "Actualiteit", "kind": "informative", "position": "0"},
    )
    assert response.status_code == 302
    assert LocalCriterion.objects.filter(name="Actualiteit").count() == 2


def test_local_criteria_never_leak_across_houses(world, admin_client, client_for):
    foreign = LocalCriterion.objects.create(
        house=world.other_house, name="Alleen bij de buren", required=True
    )
    own = LocalCriterion.objects.create(house=world.house, name="Van ons")
    # Not in the own configuration, and not reachable by id.
    response = admin_client.get(INDEX)
    assert [c.id for c in response.context["criteria"]] == [own.id]
    for name in ("criterion-edit", "criterion-deactivate", "criterion-activate"):
        method = admin_client.get if name == "criterion-edit" else admin_client.post
        assert method(criterion_url(name, foreign), {"confirm": "yes"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.active is True and foreign.name == "Alleen bij de buren"
    # Not in the decision form of the own house either.
    referral = make_referral(
        world.user(Role.PARTNER_PROFESSIONAL), world.house, urgency=Urgency.ACUTE
    ).referral
    coordinator = client_for(world.user(Role.PROCESS_COORDINATOR))
    page = coordinator.get(reverse("triage:decide", kwargs={"referral_id": referral.id}))
    assert [c.id for _field, c in page.context["form"].local_rows] == [own.id]
    assert "Alleen bij de buren" not in page.content.decode()


@pytest.mark.parametrize(
    "role", [Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER, Role.PARTNER_PROFESSIONAL]
)
def test_configuration_is_for_the_functional_administrator_only(world, client_for, role):
    criterion = LocalCriterion.objects.create(house=world.house, name="Actualiteit")
    client = client_for(world.user(role))
    assert client.get(INDEX).status_code == 404
    assert client.get(criterion_url("criterion-edit", criterion)).status_code == 404
    response = client.post(
        reverse("triage-config:criterion-create"),
        {"name": "Stiekem", "kind": "required", "position": "0"},
    )
    assert response.status_code == 404
    assert not LocalCriterion.objects.filter(name="Stiekem").exists()


# --- seeding the defaults --------------------------------------------------------------------


def test_seeding_the_defaults_is_idempotent(world):
    LocalCriterion.objects.create(house=world.house, name="actualiteit", active=False)
    assert local_criteria_seed_defaults(house=world.house) == 4
    assert local_criteria_seed_defaults(house=world.house) == 0
    names = sorted(n.lower() for n in world.house.local_criteria.values_list("name", flat=True))
    assert names == sorted(name.lower() for name, _explanation in DEFAULT_LOCAL_CRITERIA)
    assert len(DEFAULT_LOCAL_CRITERIA) == 5
    assert not world.other_house.local_criteria.exists()
    # Seeded as informative, so that seeding never blocks an acceptance.
    assert not world.house.local_criteria.filter(required=True).exists()
    assert all(c.explanation for c in world.house.local_criteria.filter(active=True))


def test_the_data_migration_seeds_existing_houses(db):
    house = HouseFactory()
    LocalCriterion.objects.create(house=house, name="Dreiging", required=True)
    migration = importlib.import_module("zvh.triage.migrations.0002_seed_default_local_criteria")
    migration.seed(apps, None)
    migration.seed(apps, None)
    assert house.local_criteria.count() == 5
    # What the house had set up stays as it was.
    assert house.local_criteria.get(name="Dreiging").required is True


# --- settings --------------------------------------------------------------------------------


def test_settings_are_saved_and_checked(world, admin_client):
    url = reverse("triage-config:settings")
    assert admin_client.get(url).context["form"].initial["acute_deadline_hours"] == 24
    response = admin_client.post(url, {"acute_deadline_hours": "0"})
    assert (
        "Kies een beslistermijn van 1 tot 336 uur."
        in response.context["form"].errors["acute_deadline_hours"]
    )
    response = admin_client.post(url, {"acute_deadline_hours": "", "priority_list_bypass": "on"})
    assert "Vul de beslistermijn in." in response.context["form"].errors["acute_deadline_hours"]
    assert TriageSettings.objects.get(house=world.house).priority_list_bypass is False

    response = admin_client.post(url, {"acute_deadline_hours": "6", "priority_list_bypass": "on"})
    assert response.status_code == 302
    settings = TriageSettings.objects.get(house=world.house)
    assert (settings.acute_deadline_hours, settings.priority_list_bypass) == (6, True)
    assert not TriageSettings.objects.filter(house=world.other_house, acute_deadline_hours=6)
    # New acute referrals get the new deadline.
    referral = make_referral(
        world.user(Role.PARTNER_PROFESSIONAL), world.house, urgency=Urgency.ACUTE
    ).referral
    assert referral.acute_deadline is not None
    hours = (referral.acute_deadline - referral.received_at).total_seconds() / 3600
    assert round(hours) == 6


# --- triage tables ---------------------------------------------------------------------------


def test_add_and_edit_a_triage_table(world, admin_client):
    response = admin_client.post(
        reverse("triage-config:table-create"),
        {
            "name": "Weegtafel dinsdag",
            "weekday": "1",
            "start_time": "10:00",
            "agenda_cutoff_hours": "24",
            "organisations": [world.own_org.pk, world.other_org.pk],
        },
    )
    assert response.status_code == 302
    table = TriageTable.objects.get(house=world.house)
    assert (table.weekday, table.start_time, table.agenda_cutoff_hours) == (1, time(10), 24)
    assert set(table.organisations.all()) == {world.own_org, world.other_org}
    assert "dinsdag 10:00" in admin_client.get(INDEX).content.decode()

    url = reverse("triage-config:table-edit", kwargs={"table_id": table.id})
    assert admin_client.get(url).context["form"].initial["weekday"] == 1
    admin_client.post(
        url,
        {
            "name": "Weegtafel donderdag",
            "weekday": "3",
            "start_time": "14:30",
            "agenda_cutoff_hours": "48",
            "organisations": [world.own_org.pk],
        },
    )
    table.refresh_from_db()
    assert (table.name, table.weekday, table.start_time) == ("Weegtafel donderdag", 3, time(14, 30))
    assert list(table.organisations.all()) == [world.own_org]


def test_table_input_is_checked_in_dutch(world, admin_client):
    TriageTable.objects.create(house=world.house, name="Weegtafel", weekday=1, start_time="10:00")
    outsider = OrganisationFactory(name="Geen partner")
    response = admin_client.post(
        reverse("triage-config:table-create"),
        {
            "name": "weegtafel",
            "weekday": "9",
            "start_time": "halftien",
            "agenda_cutoff_hours": "-1",
            "organisations": [outsider.pk],
        },
    )
    errors = response.context["form"].errors
    assert errors["weekday"] == ["Kies een dag van de week."]
    assert errors["start_time"] == ["Vul een geldige tijd in, bijvoorbeeld 10:00."]
    assert errors["agenda_cutoff_hours"] == ["Kies 0 tot 336 uur."]
    assert errors["organisations"] == ["Kies alleen partnerorganisaties van het huis."]
    response = admin_client.post(
        reverse("triage-config:table-create"),
        {"name": "weegtafel", "weekday": "2", "start_time": "10:00", "agenda_cutoff_hours": "1"},
    )
    assert response.context["form"].errors["name"] == [
        "Dit huis heeft al een weegtafel met deze naam."
    ]
    assert TriageTable.objects.count() == 1


def test_tables_of_another_house_are_out_of_reach(world, admin_client):
    foreign = TriageTable.objects.create(
        house=world.other_house, name="Buren", weekday=0, start_time="09:00"
    )
    url = reverse("triage-config:table-edit", kwargs={"table_id": foreign.id})
    assert admin_client.get(url).status_code == 404
    assert admin_client.get(INDEX).context["tables"] == []
