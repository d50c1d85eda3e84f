"""Information items: what a participant contributes, with category, legal basis and purpose."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.cases.conftest import join
from tests.factories.intake import actor_of
from tests.factories.people import CasePersonFactory, PersonFactory
from tests.factories.sharing import add_item, legal_basis_for
from zvh.audit.models import AuditEvent
from zvh.cases.journal import JournalKind
from zvh.network.models import Role
from zvh.sharing.models import InformationItem


def messages_of(info: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(m) for m in info.value.messages]


def test_a_participant_adds_an_item_and_a_double_submit_writes_one(world, case, coordinator):
    join(case, coordinator, world.own_org)
    professional = actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house)
    item_id = uuid.uuid4()
    for _ in range(2):
        item = add_item(professional, case, item_id=item_id, category="health")
    assert InformationItem.objects.filter(case=case).count() == 1
    assert (item.organisation, item.category, item.purpose) == (
        world.own_org,
        "health",
        "coordination",
    )
    assert [p.id for p in item.subjects.all()] == list(
        case.case_persons.values_list("person_id", flat=True)
    )
    assert case.journal.filter(kind=JournalKind.NOTE, note=item).count() == 1
    event = AuditEvent.objects.filter(object_type="case_note", object_id=str(item.id)).get()
    assert "Huisbezoek" not in str(event.detail)  # ids and codes only


def test_an_item_without_category_legal_basis_or_purpose_is_refused(world, case, coordinator):
    with pytest.raises(ValidationError) as info:
        add_item(
            coordinator,
            case,
            category="",
            legal_basis_id=None,
            purpose="",
            contact_date=timezone.localdate() + timedelta(days=1),
        )
    assert set(info.value.message_dict) == {"category", "legal_basis", "purpose", "contact_date"}
    assert "Kies de grondslag voor het delen." in messages_of(info)
    assert not InformationItem.objects.exists()


def test_a_legal_basis_of_another_house_is_refused(world, case, coordinator):
    with pytest.raises(ValidationError) as info:
        add_item(coordinator, case, legal_basis_id=legal_basis_for(world.other_house).id)
    assert "legal_basis" in info.value.message_dict


def test_a_household_item_names_whom_it_is_about(world, case, coordinator):
    member = PersonFactory(house=world.house)
    CasePersonFactory(case=case, person=member)
    with pytest.raises(ValidationError) as info:
        add_item(coordinator, case)
    assert "Kies over wie de informatie gaat." in messages_of(info)
    stranger = PersonFactory(house=world.house)
    with pytest.raises(ValidationError):
        add_item(coordinator, case, subject_ids=[stranger.id])
    item = add_item(coordinator, case, subject_ids=[member.id])
    assert list(item.subjects.all()) == [member]


def test_someone_else_s_item_id_is_never_reused(world, case, coordinator):
    item = add_item(coordinator, case, text="Eerste")
    chain_manager = actor_of(world.user(Role.CHAIN_MANAGER), world.house)
    other = add_item(chain_manager, case, text="Tweede", item_id=item.id)
    assert other.id != item.id
    assert InformationItem.objects.get(pk=item.id).text == "Eerste"


def test_a_non_participant_cannot_add_an_item(world, case):
    outsider = actor_of(world.user(Role.PARTNER_PROFESSIONAL, org="other"), world.house)
    with pytest.raises(PermissionDenied):
        add_item(outsider, case)
    assert not InformationItem.objects.exists()


def test_the_form_with_errors_comes_back_on_the_case_page(world, case, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = reverse("cases:note-add", kwargs={"case_id": case.id})
    response = client.post(url, {"item_id": str(uuid.uuid4()), "contact_date": "31-02-2026"})
    assert response.status_code == 400
    html = response.content.decode()
    for message in (
        "Vul een geldige datum in",
        "Schrijf de notitie of voeg een bijlage toe.",
        "Kies de categorie van de informatie.",
        "Kies de grondslag voor het delen.",
        "Kies het doel van het delen.",
    ):
        assert message in html
    assert not InformationItem.objects.exists()
    assert client.get(url).status_code == 405


def test_an_attachment_is_stored_privately_and_its_download_audited(
    world, case, client_for, settings, tmp_path
):
    settings.ZVH_PRIVATE_MEDIA_ROOT = tmp_path
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    data = {
        "item_id": str(uuid.uuid4()),
        "contact_date": timezone.localdate().isoformat(),
        "category": "general",
        "legal_basis": str(legal_basis_for(world.house).id),
        "purpose": "risk_assessment",
        "attachment": SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 rapport"),
    }
    response = client.post(reverse("cases:note-add", kwargs={"case_id": case.id}), data)
    assert response.status_code == 302
    item = InformationItem.objects.get()
    assert item.attachment_name == "rapport.pdf" and "rapport" not in item.attachment.name
    download = client.get(
        reverse("sharing:item-attachment", kwargs={"case_id": case.id, "item_id": item.id})
    )
    assert (
        download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 rapport"
    )
    assert AuditEvent.objects.filter(
        object_type="case_note", object_id=str(item.id), action="export"
    ).exists()


def test_only_the_contributor_releases_and_only_to_a_participant(world, case, coordinator):
    from tests.factories.network import OrganisationFactory, PartnershipFactory
    from zvh.sharing.services import item_release

    join(case, coordinator, world.own_org)
    item = add_item(coordinator, case, category="health")
    outsider = OrganisationFactory(name="Niet aan tafel")
    PartnershipFactory(house=world.house, organisation=outsider)
    with pytest.raises(ValidationError):
        item_release(actor=coordinator, item=item, organisation=outsider)
    chain_manager_other_org = actor_of(world.user(Role.CHAIN_MANAGER, org="other"), world.house)
    with pytest.raises(PermissionDenied):
        item_release(actor=chain_manager_other_org, item=item, organisation=world.own_org)


def test_the_items_api_adds_as_a_person_and_lists_what_the_caller_sees(world, case, client_for):
    from tests.api.conftest import bearer
    from zvh.api.models import Scope
    from zvh.api.services import api_token_create

    url = f"/api/v1/cases/{case.id}/items/"
    body = {
        "id": str(uuid.uuid4()),
        "contact_date": timezone.localdate().isoformat(),
        "text": "Telefonisch contact",
        "category": "general",
        "legal_basis": str(legal_basis_for(world.house).id),
        "purpose": "monitoring",
    }
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    for _ in range(2):  # a retried POST creates nothing twice
        created = client.post(url, body, content_type="application/json")
        assert created.status_code == 201, created.content
    assert InformationItem.objects.count() == 1
    bad = client.post(
        url, {**body, "id": str(uuid.uuid4()), "category": ""}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    _, secret = api_token_create(
        house=world.house,
        organisation=world.own_org,
        name="Koppeling",
        scopes=(Scope.CASES_READ, Scope.CASES_WRITE),
    )
    assert bearer(secret).post(url, body, content_type="application/json").status_code == 403
    # The own organisation does not take part yet: the case is a 404 for its token.
    assert bearer(secret).get(url).status_code == 404
    listed = client.get(url).json()["results"]
    assert [item["text"] for item in listed] == ["Telefonisch contact"]
