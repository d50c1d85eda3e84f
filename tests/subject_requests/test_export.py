"""The access export: what the house holds about one person, across organisations and with
sources; the household rule; withholding with a legal ground; the export as an audited act."""

from __future__ import annotations

import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from tests.factories.people import CaseFactory, CaseParticipantFactory, CasePersonFactory
from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import CaseType
from zvh.people.access_report import access_report
from zvh.subject_requests import collect, export, services
from zvh.subject_requests.models import EventKind, RequestKind, WithholdingGround

from .conftest import note, officer_of, register_opened


def _export(world, request):
    result = export.access_export(actor=officer_of(world), request=request)
    archive = zipfile.ZipFile(result.file)
    return result, archive, json.loads(archive.read("inzage.json"))


def _text(data) -> str:
    return json.dumps(data, ensure_ascii=False)


def _html(data) -> str:
    """What WeasyPrint turns into the PDF."""
    return render_to_string("subject_requests/export_pdf.html", {"data": data})


def _items(data) -> dict[str, dict]:
    return {item["key"]: item for case in data["cases"] for item in case["items"]}


def test_the_export_of_one_household_member_contains_none_of_the_other_members_items(
    world, household
):
    request = register_opened(world, household.anna)
    result, archive, data = _export(world, request)

    items = _items(data)
    assert f"item:{household.item_anna.id}" in items
    assert f"item:{household.item_both.id}" in items  # about Anna too
    assert f"item:{household.item_bram.id}" not in items
    # An item that names nobody may be any member's: never in a household export.
    assert f"item:{household.legacy_household_item.id}" not in items
    pdf_source = render_to_string(
        "subject_requests/export_pdf.html",
        {"data": collect.without_withheld(_data(world, request), [])},
    )
    for text in (_text(data), pdf_source):
        assert "Schulden van de broer" not in text
        assert "Oude notitie zonder betrokkenen" not in text
        # Nothing identifies the other member: not his name, BSN, date of birth or id.
        assert household.bram.given_names not in text
        assert household.bram.bsn not in text
        assert str(household.bram.id) not in text
        assert household.bram.date_of_birth.isoformat() not in text
        assert "Anna gaat weer naar school" in text
    result.file.seek(0)
    assert result.file.read(2) == b"PK"
    assert archive.read("inzage.pdf").startswith(b"%PDF")

    household_case = next(
        c for c in data["cases"] if c["number"] == household.household_case.number
    )
    assert household_case["household"] is True
    referral = data["referrals"][0]
    assert referral["names_others"] is True

    # And the brother's export holds his item, not his sister's.
    bram_items = _items(_data(world, register_opened(world, household.bram)))
    assert f"item:{household.item_bram.id}" in bram_items
    assert f"item:{household.item_anna.id}" not in bram_items


def _data(world, request):
    return collect.subject_data(actor=officer_of(world), request=request, person=request.person)


def test_the_export_holds_the_persons_data_across_organisations_with_sources(world, household):
    request = register_opened(world, household.anna)
    _result, archive, data = _export(world, request)

    assert data["format"] == "zvh-inzage/1"
    assert data["person"]["bsn"] == household.anna.bsn
    assert data["person"]["source"]["record"] == f"person:{household.anna.id}"
    items = _items(data)
    own = items[f"item:{household.item_anna.id}"]
    other = items[f"item:{household.item_other_org.id}"]
    assert own["source"]["organisation"] == world.own_org.name
    assert other["source"]["organisation"] == world.other_org.name
    assert other["source"]["recorded_by"]
    assert other["category"] == "Gezondheid (art. 9 AVG)"
    assert other["legal_basis"]["framework"] == "WGS art. 2.1"
    assert other["attachment"] == "verslag intake.pdf"
    assert "attachment_path" not in other  # the storage path stays inside
    assert archive.read(other["attachment_file"]) == b"%PDF-1.4 verslag"

    assert {case["number"] for case in data["cases"]} == {
        household.household_case.number,
        household.own_case.number,
    }
    case = next(c for c in data["cases"] if c["household"])
    assert {p["organisation"] for p in case["participants"]} == {
        world.own_org.name,
        world.other_org.name,
    }
    assert case["plan"]["goals"][0]["description"] == "Een eigen kamer"
    assert case["agreements"][0]["owner_organisation"] == world.other_org.name
    assert case["reviews"][0]["progress"][0]["text"] == "Rustiger thuis"
    assert case["conferences"][0]["decisions"][0]["text"] == "Schuldhulp inschakelen"
    assert data["referrals"][0]["source"]["organisation"] == world.own_org.name
    assert data["consents"][0]["grants"] == [
        {"organisation": world.other_org.name, "category": "Gezondheid (art. 9 AVG)"}
    ]
    assert data["requests"][0]["number"] == request.number
    # The access log: the partner professional's view of Anna is in it.
    assert any(row["organisation"] == world.own_org.name for row in data["access_log"])


def test_the_export_is_audited_shows_in_the_access_log_and_is_not_stored(
    world, household, tmp_path
):
    request = register_opened(world, household.anna)
    stored_before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    _result, archive, _ = _export(world, request)

    event = AuditEvent.objects.filter(action=Action.EXPORT).get()
    assert event.person_ids == [str(household.anna.id)]
    assert event.object_id == str(request.id)
    assert set(event.detail["files"]) == {"inzage.json", "inzage.pdf"}
    # The digest proves which files went out, without keeping a copy.
    import hashlib

    assert (
        event.detail["files"]["inzage.json"]
        == hashlib.sha256(archive.read("inzage.json")).hexdigest()
    )
    assert request.events.filter(kind=EventKind.EXPORTED).count() == 1
    report = access_report(actor=officer_of(world), person_id=household.anna.id)
    assert any(row.action == "Geëxporteerd" for row in report.rows)
    stored_after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert stored_after == stored_before


def test_a_withheld_part_is_left_out_and_listed_by_ground_without_its_content(world, household):
    request = register_opened(world, household.anna)
    key = f"item:{household.item_other_org.id}"
    services.withholding_add(
        actor=officer_of(world),
        request=request,
        record=key,
        ground=WithholdingGround.CRIMINAL_INVESTIGATION,
        explanation="Lopend opsporingsonderzoek; de politie vraagt om uitstel.",
    )
    _result, archive, data = _export(world, request)

    assert key not in _items(data)
    text = _text(data)
    assert "Behandeling bij de GGZ gestart" not in text
    assert "Lopend opsporingsonderzoek" not in text  # the explanation is internal
    assert data["withheld"] == [
        {
            "ground": "criminal_investigation",
            "ground_label": str(WithholdingGround.CRIMINAL_INVESTIGATION.label),
            "parts": 1,
        }
    ]
    assert "verslag intake.pdf" not in archive.namelist()
    assert not any(name.startswith("bijlagen/") for name in archive.namelist())
    html = _html(collect.without_withheld(_data(world, request), list(request.withholdings.all())))
    assert "Informatie die niet is verstrekt" in html
    assert "Behandeling bij de GGZ gestart" not in html
    event = AuditEvent.objects.filter(action=Action.EXPORT).get()
    assert event.detail["withheld_parts"] == 1

    # Lifted, the part goes out again.
    withholding = request.withholdings.get()
    services.withholding_lift(
        actor=officer_of(world), request=request, withholding_id=withholding.id
    )
    _result, _archive, data = _export(world, request)
    assert key in _items(data)
    assert data["withheld"] == []


def test_withholding_needs_a_ground_an_explanation_and_a_part_of_this_export(world, household):
    request = register_opened(world, household.anna)
    officer = officer_of(world)
    with pytest.raises(ValidationError) as error:
        services.withholding_add(
            actor=officer,
            request=request,
            record=f"item:{household.item_anna.id}",
            ground="",
            explanation="  ",
        )
    assert set(error.value.message_dict) == {"ground", "explanation"}
    assert (
        "Zonder toelichting wordt niets achtergehouden"
        in error.value.message_dict["explanation"][0]
    )
    # The other member's item is no part of Anna's export: nothing to withhold there.
    with pytest.raises(ValidationError) as error:
        services.withholding_add(
            actor=officer,
            request=request,
            record=f"item:{household.item_bram.id}",
            ground=WithholdingGround.RIGHTS_OF_OTHERS,
            explanation="Gaat over de broer",
        )
    assert "record" in error.value.message_dict
    assert not request.withholdings.exists()
    # A second withholding of the same part is refused with a message.
    services.withholding_add(
        actor=officer,
        request=request,
        record=f"case:{household.household_case.id}",
        ground=WithholdingGround.RIGHTS_OF_OTHERS,
        explanation="Raakt de broer",
    )
    with pytest.raises(ValidationError) as error:
        services.withholding_add(
            actor=officer,
            request=request,
            record=f"case:{household.household_case.id}",
            ground=WithholdingGround.RIGHTS_OF_OTHERS,
            explanation="Nog eens",
        )
    assert error.value.message_dict["record"] == ["Dit onderdeel wordt al achtergehouden."]
    # Withholding a whole case leaves out everything in it.
    data = collect.without_withheld(_data(world, request), list(request.withholdings.all()))
    assert {case["number"] for case in data["cases"]} == {household.own_case.number}


def test_only_an_access_request_of_the_officers_house_is_exported(world, household):
    rectification = register_opened(world, household.anna, kind=RequestKind.RECTIFICATION)
    with pytest.raises(ValidationError):
        export.access_export(actor=officer_of(world), request=rectification)
    request = register_opened(world, household.anna)
    with pytest.raises(PermissionDenied):
        export.access_export(actor=officer_of(world, house="other"), request=request)
    from tests.factories.intake import actor_of

    with pytest.raises(PermissionDenied):
        export.access_export(
            actor=actor_of(world.user("process_coordinator"), world.house), request=request
        )
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_collecting_costs_the_same_number_of_queries_for_one_or_many_cases(world, household):
    request = register_opened(world, household.anna)
    officer = officer_of(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            collect.subject_data(actor=officer, request=request, person=household.anna)
        return len(queries)

    count()  # loads the request's house once
    before = count()
    for _ in range(3):
        case = CaseFactory(house=world.house, case_type=CaseType.SYSTEM)
        CasePersonFactory(case=case, person=household.anna)
        CaseParticipantFactory(case=case, organisation=world.other_org)
        note(case, world.user("partner_professional"), text="Extra", subjects=[household.anna])
    assert count() == before
