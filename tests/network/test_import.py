"""Import of a house's network: good, bad, partial and idempotent, for JSON and CSV, through
the command and the upload screen."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories.network import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from zvh.accounts.models import User
from zvh.audit.models import AuditEvent
from zvh.network.imports import network_import
from zvh.network.models import House, Membership, Municipality, Organisation, Partnership, Role


def network(house_name: str = "Veiligheidshuis Test", **changes) -> dict:
    document = {
        "house": {"name": house_name},
        "municipalities": [
            {"name": "Groningen", "cbs_code": "GM0014", "inhabitants": 234000},
            {"name": "Midden-Groningen", "cbs_code": "GM1952", "inhabitants": 61000},
        ],
        "organisations": [
            {"name": "Politie Noord", "kind": "police", "domains": ["criminal_justice"]},
            {"name": "Lentis", "kind": "mental_health_care", "domains": ["care"]},
        ],
        "users": [
            {
                "username": "jdevries",
                "email": "j.devries@politie.example",
                "first_name": "Jan",
                "last_name": "de Vries",
                "organisation": "Politie Noord",
                "roles": ["partner_professional"],
            },
            {
                "username": "abakker",
                "email": "a.bakker@lentis.example",
                "first_name": "Anna",
                "last_name": "Bakker",
                "organisation": "Lentis",
                "roles": ["partner_professional", "chain_manager"],
            },
        ],
    }
    document.update(changes)
    return document


CSV_GOOD = """type;name;cbs_code;inhabitants;kind;domains;\
username;email;first_name;last_name;organisation;roles
municipality;Groningen;GM0014;234000;;;;;;;;
municipality;Midden-Groningen;GM1952;61000;;;;;;;;
organisation;Politie Noord;;;police;criminal_justice;;;;;;
organisation;Lentis;;;mental_health_care;care;;;;;;
user;;;;;;jdevries;j.devries@politie.example;Jan;de Vries;Politie Noord;partner_professional
user;;;;;;abakker;a.bakker@lentis.example;Anna;Bakker;Lentis;partner_professional|chain_manager
"""

CSV_BAD = """type,name,cbs_code,inhabitants,kind,domains,\
username,email,first_name,last_name,organisation,roles
municipality,Groningen,GM14,234000,,,,,,,,
municipality,Midden-Groningen,GM1952,61000,,,,,,,,
organisation,Politie Noord,,,bakery,criminal_justice,,,,,,
organisation,Lentis,,,mental_health_care,care,,,,,,
user,,,,,,jdevries,j.devries@politie.example,Jan,de Vries,Politie Noord,partner_professional
user,,,,,,abakker,geen-adres,Anna,Bakker,Lentis,partner_professional
user,,,,,,cjansen,c.jansen@lentis.example,Cor,Jansen,Lentis,partner_professional|koning
"""


def run(world, content: str | bytes, filename: str, *, valid_only: bool = False, actor=None):
    data = content.encode() if isinstance(content, str) else content
    return network_import(
        actor=actor,
        content=data,
        filename=filename,
        valid_only=valid_only,
        house_name=world.house.name,
    )


def snapshot(house: House) -> dict:
    """Everything an import can touch, to prove a re-import changes nothing."""
    return {
        "municipalities": sorted(
            Municipality.objects.filter(houses=house).values_list(
                "cbs_code", "name", "inhabitants", "version", "updated_at"
            )
        ),
        "organisations": sorted(
            Organisation.objects.filter(partnerships__house=house).values_list(
                "name", "kind", "domains", "version", "updated_at"
            )
        ),
        "memberships": sorted(
            Membership.objects.filter(house=house).values_list("user__email", "role")
        ),
        "users": User.objects.count(),
    }


# --- good ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename"), [(json.dumps(network()), "noord.json"), (CSV_GOOD, "noord.csv")]
)
def test_a_good_file_imports_everything(world, content, filename):
    report = run(world, content, filename)
    assert report.issues == []
    assert report.imported
    assert report.summary() == [
        ("municipality", 2, 0, 0),
        ("organisation", 2, 0, 0),
        ("user", 2, 0, 0),
    ]
    assert set(world.house.municipalities.values_list("cbs_code", flat=True)) >= {
        "GM0014",
        "GM1952",
    }
    lentis = Organisation.objects.get(name="Lentis")
    assert (lentis.kind, lentis.domains) == ("mental_health_care", ["care"])
    assert Partnership.objects.filter(house=world.house, organisation=lentis).exists()
    anna = User.objects.get(email="a.bakker@lentis.example")
    assert anna.organisation == lentis
    assert not anna.has_usable_password()
    assert set(Membership.objects.filter(user=anna).values_list("house_id", "role")) == {
        (world.house.pk, "partner_professional"),
        (world.house.pk, "chain_manager"),
    }
    assert AuditEvent.objects.filter(action="import", object_id=str(world.house.pk)).count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="user").count() == 2


@pytest.mark.parametrize(
    ("content", "filename"), [(json.dumps(network()), "noord.json"), (CSV_GOOD, "noord.csv")]
)
def test_reimporting_the_same_file_changes_nothing(world, content, filename):
    assert run(world, content, filename).imported
    before = snapshot(world.house)
    writes = AuditEvent.objects.filter(action__in=["create", "update", "delete"]).count()
    report = run(world, content, filename)
    assert report.imported and report.issues == []
    assert report.summary() == [
        ("municipality", 0, 0, 2),
        ("organisation", 0, 0, 2),
        ("user", 0, 0, 2),
    ]
    assert snapshot(world.house) == before
    assert AuditEvent.objects.filter(action__in=["create", "update", "delete"]).count() == writes


def test_a_changed_file_updates_and_never_removes(world):
    run(world, json.dumps(network()), "a.json")
    changed = network()
    changed["municipalities"] = [{"name": "Groningen", "cbs_code": "GM0014", "inhabitants": 240000}]
    changed["organisations"][1]["domains"] = ["care", "social"]
    changed["users"] = [{**changed["users"][0], "roles": ["process_coordinator"]}]
    report = run(world, json.dumps(changed), "b.json")
    assert report.summary() == [
        ("municipality", 0, 1, 0),
        ("organisation", 0, 1, 1),
        ("user", 0, 1, 0),
    ]
    assert Municipality.objects.get(cbs_code="GM0014").inhabitants == 240000
    assert world.house.municipalities.filter(cbs_code="GM1952").exists()  # not in the file: kept
    assert Organisation.objects.get(name="Lentis").domains == ["care", "social"]
    jan = User.objects.get(username="jdevries")
    assert set(jan.memberships.values_list("role", flat=True)) == {
        "partner_professional",
        "process_coordinator",
    }


def test_an_existing_user_of_another_house_gets_roles_here(world):
    organisation = OrganisationFactory(
        name="Politie Noord", kind="police", domains=["criminal_justice"]
    )
    PartnershipFactory(house=world.other_house, organisation=organisation)
    jan = UserFactory(email="j.devries@politie.example", username="jan", organisation=organisation)
    MembershipFactory(user=jan, house=world.other_house, role=Role.PROCESS_COORDINATOR)
    document = network(organisations=network()["organisations"], users=network()["users"][:1])
    report = run(world, json.dumps(document), "a.json")
    assert report.issues == [] and report.imported
    assert set(jan.memberships.values_list("house_id", "role")) == {
        (world.other_house.pk, "process_coordinator"),
        (world.house.pk, "partner_professional"),
    }
    assert jan.has_usable_password()  # an existing account is left as it is


def test_the_command_creates_a_new_house(db, tmp_path):
    document = network("Veiligheidshuis Regio Noord")
    document["house"].update({"security_region": "Groningen", "seat_municipality": "GM0014"})
    path = _write(document, tmp_path)
    out = StringIO()
    call_command("import_network", str(path), "--house", "Veiligheidshuis Regio Noord", stdout=out)
    house = House.objects.get(name="Veiligheidshuis Regio Noord")
    assert house.seat_municipality.cbs_code == "GM0014"
    assert house.security_region == "Groningen"
    assert house.municipalities.count() == 2
    assert "gemeenten: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd" in out.getvalue()
    assert Membership.objects.filter(house=house).count() == 3
    call_command("import_network", str(path), "--house", "Veiligheidshuis Regio Noord", stdout=out)
    assert "gebruikers: 0 nieuw, 0 bijgewerkt, 2 ongewijzigd" in out.getvalue()


def test_the_command_reads_csv(world, tmp_path):
    path = tmp_path / "noord.csv"
    path.write_text(CSV_GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_network", str(path), "--house", world.house.name, stdout=out)
    assert "organisaties: 2 nieuw" in out.getvalue()
    assert User.objects.filter(username="abakker").exists()


# --- bad -------------------------------------------------------------------------------------


def test_a_bad_json_file_imports_nothing_and_says_where(world):
    document = network()
    document["municipalities"][0]["cbs_code"] = "0014"
    document["organisations"][0]["kind"] = "bakery"
    document["organisations"][1]["colour"] = "blue"
    document["users"][1]["email"] = "geen-adres"
    document["users"][0]["organisation"] = "Onbekend"
    before = snapshot(world.house)
    report = run(world, json.dumps(document), "a.json")
    assert not report.imported
    found = {(issue.where, issue.field) for issue in report.issues}
    assert found == {
        ("municipalities[0]", "cbs_code"),
        ("organisations[0]", "kind"),
        ("organisations[1]", "colour"),
        ("users[1]", "email"),
        ("users[0]", "organisation"),
    }
    messages = " ".join(issue.message for issue in report.issues)
    assert "Een CBS-code bestaat uit GM en vier cijfers" in messages
    assert "bakery is geen bekende soort organisatie." in messages
    assert "Onbekend veld." in messages
    assert "Vul een geldig e-mailadres in" in messages
    assert snapshot(world.house) == before
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_bad_csv_file_imports_nothing_and_names_the_lines(world):
    before = snapshot(world.house)
    report = run(world, CSV_BAD, "a.csv")
    assert not report.imported
    assert {(issue.where, issue.field) for issue in report.issues} == {
        ("regel 2", "cbs_code"),
        ("regel 4", "kind"),
        ("regel 7", "email"),
        ("regel 8", "roles"),
        # Its organisation's row is wrong, so the user cannot be placed either.
        ("regel 6", "organisation"),
    }
    assert snapshot(world.house) == before


def test_valid_only_imports_the_good_rows_and_skips_the_rest(world):
    report = run(world, CSV_BAD, "a.csv", valid_only=True)
    assert report.imported
    assert report.skipped_rows == 5
    assert report.summary() == [("municipality", 1, 0, 0), ("organisation", 1, 0, 0)]
    assert world.house.municipalities.filter(cbs_code="GM1952").exists()
    assert Organisation.objects.filter(name="Lentis").exists()
    assert not Organisation.objects.filter(name="Politie Noord").exists()
    assert not User.objects.filter(username__in=["jdevries", "abakker", "cjansen"]).exists()


def test_valid_only_with_json(world):
    document = network()
    document["users"][0]["roles"] = []
    report = run(world, json.dumps(document), "a.json", valid_only=True)
    assert report.imported
    assert [(i.where, i.field) for i in report.issues] == [("users[0]", "roles")]
    assert User.objects.filter(username="abakker").exists()
    assert not User.objects.filter(username="jdevries").exists()


def test_duplicates_within_the_file_are_reported(world):
    document = network()
    document["municipalities"].append({"name": "Dubbel", "cbs_code": "GM0014", "inhabitants": 1})
    document["organisations"].append({"name": "lentis", "kind": "other", "domains": ["care"]})
    document["users"].append({**document["users"][0], "username": "ander"})
    report = run(world, json.dumps(document), "a.json")
    assert {(i.where, i.field) for i in report.issues} == {
        ("municipalities[2]", "cbs_code"),
        ("organisations[2]", "name"),
        ("users[2]", "email"),
    }
    assert not report.imported


def test_conflicts_with_other_houses_are_reported(world):
    other_seat = world.other_house.seat_municipality
    shared = world.own_org  # a partner of both houses
    document = network(
        municipalities=[{"name": "X", "cbs_code": other_seat.cbs_code, "inhabitants": 1}],
        organisations=[{"name": shared.name, "kind": "halt", "domains": ["care"]}],
        users=[
            {
                **network()["users"][0],
                "email": world.user(Role.CHAIN_MANAGER, org="other").email,
                "organisation": shared.name,
            }
        ],
    )
    report = run(world, json.dumps(document), "a.json")
    messages = {(i.where, i.message) for i in report.issues}
    assert (
        "municipalities[0]",
        "Deze gemeente hoort al bij een ander zorg- en veiligheidshuis.",
    ) in messages
    assert any(
        where == "organisations[0]" and "ook partner van een ander huis" in m
        for where, m in messages
    )
    assert any(where == "users[0]" and "bij een andere organisatie" in m for where, m in messages)
    shared.refresh_from_db()
    assert shared.kind == "police"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"{not json", "a.json", "geen geldige JSON"),
        (b"\xff\xfe\x00bad", "a.csv", "geen UTF-8"),
        (b"name,cbs_code\nX,GM0001\n", "a.csv", "De kolom type ontbreekt"),
        (b"type,colour\nmunicipality,blue\n", "a.csv", "Onbekende kolom: colour"),
        (b'{"houses": []}', "a.json", "Onbekend onderdeel: houses"),
        (b'{"house": {"name": "Ander huis"}}', "a.json", "hoort bij het huis Ander huis"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(world, content, filename, message):
    report = run(world, content, filename, valid_only=True)
    assert not report.imported
    assert message in report.issues[0].message
    assert report.issues[0].where == "bestand"


def test_the_command_fails_on_a_bad_file_and_a_new_house_needs_its_details(db, tmp_path):
    path = _write(network("Nieuw huis"), tmp_path)
    err = StringIO()
    with pytest.raises(CommandError, match="niets geïmporteerd"):
        call_command("import_network", str(path), "--house", "Nieuw huis", stderr=err)
    assert "veiligheidsregio en de centrumgemeente" in err.getvalue()
    assert not House.objects.filter(name="Nieuw huis").exists()


# --- the upload screen -----------------------------------------------------------------------


def test_upload_screen_imports_into_the_administrators_house(world, admin_client):
    upload = SimpleUploadedFile("noord.csv", CSV_GOOD.encode(), content_type="text/csv")
    response = admin_client.post(reverse("network:import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het bestand is geïmporteerd." in html
    assert User.objects.filter(username="jdevries").exists()
    event = AuditEvent.objects.get(action="import")
    assert event.user_id == world.user(Role.FUNCTIONAL_ADMIN).pk


def test_upload_screen_reports_problems_and_imports_nothing(world, admin_client):
    upload = SimpleUploadedFile("fout.csv", CSV_BAD.encode(), content_type="text/csv")
    response = admin_client.post(reverse("network:import"), {"file": upload})
    html = response.content.decode()
    assert "Er is niets geïmporteerd." in html
    assert "regel 2" in html and "Een CBS-code bestaat uit GM en vier cijfers" in html
    assert not Organisation.objects.filter(name="Lentis").exists()


def test_upload_screen_valid_only(world, admin_client):
    upload = SimpleUploadedFile("fout.csv", CSV_BAD.encode(), content_type="text/csv")
    response = admin_client.post(reverse("network:import"), {"file": upload, "valid_only": "on"})
    assert "De geldige regels zijn geïmporteerd" in response.content.decode()
    assert Organisation.objects.filter(name="Lentis").exists()


def test_upload_screen_needs_a_file(admin_client):
    response = admin_client.post(reverse("network:import"), {})
    assert "Kies een bestand." in response.content.decode()


def test_upload_screen_is_only_for_the_functional_administrator(world, client_for):
    upload = SimpleUploadedFile("noord.csv", CSV_GOOD.encode(), content_type="text/csv")
    client = client_for(world.user(Role.CHAIN_MANAGER))
    assert client.post(reverse("network:import"), {"file": upload}).status_code == 404
    assert not User.objects.filter(username="jdevries").exists()


def test_a_municipality_without_a_house_can_be_imported(world):
    MunicipalityFactory(cbs_code="GM1952", name="Oud", inhabitants=1)
    report = run(world, json.dumps(network()), "a.json")
    assert report.imported
    assert world.house.municipalities.get(cbs_code="GM1952").name == "Midden-Groningen"


def _write(document: dict, tmp_path):
    path = tmp_path / "network.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_house_created_by_import_gets_the_default_criteria_and_themes(db):
    from zvh.cases.models import Theme
    from zvh.network.services import house_create
    from zvh.triage.models import LocalCriterion

    house = house_create(
        name="Nieuw huis",
        security_region="Testregio",
        seat_name="Testrecht",
        seat_cbs_code="GM9876",
        seat_inhabitants=1000,
    )
    assert LocalCriterion.objects.filter(house=house).count() == 5
    assert Theme.objects.filter(house=house).count() >= 8
