"""The covenant registry: who counts as a covenant party, and the chain manager's screens
(create with parties and a PDF, edit, download, bad input)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import OrganisationFactory
from zvh.audit.models import AuditEvent
from zvh.covenants.models import Covenant, CovenantKind, CovenantStatus
from zvh.covenants.selectors import covenant_party_ids
from zvh.network.models import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.ZVH_PRIVATE_MEDIA_ROOT = tmp_path


def covenant(
    world,
    *,
    house=None,
    kind=CovenantKind.PRIVACY,
    status=CovenantStatus.SIGNED,
    expires_in: int | None = None,
    parties=(),
) -> Covenant:
    today = timezone.localdate()
    result = Covenant.objects.create(
        house=house or world.house,
        kind=kind,
        title="Convenant",
        status=status,
        signed_on=today - timedelta(days=400) if status != CovenantStatus.DRAFT else None,
        expires_on=today + timedelta(days=expires_in) if expires_in is not None else None,
    )
    result.parties.set(parties)
    return result


def test_only_a_signed_unexpired_privacy_covenant_of_the_house_makes_a_party(world):
    signed, draft, expired_by_date, expired, cooperation, elsewhere, today_last = (
        OrganisationFactory() for _ in range(7)
    )
    covenant(world, parties=[signed])
    covenant(world, status=CovenantStatus.DRAFT, parties=[draft])
    covenant(world, expires_in=-1, parties=[expired_by_date])
    covenant(world, status=CovenantStatus.EXPIRED, parties=[expired])
    covenant(world, kind=CovenantKind.COOPERATION, parties=[cooperation])
    covenant(world, house=world.other_house, parties=[elsewhere])
    covenant(world, expires_in=0, parties=[today_last])
    assert covenant_party_ids(world.house.id) == {signed.id, today_last.id}
    assert covenant_party_ids(world.house.id, CovenantKind.COOPERATION) == {cooperation.id}
    assert covenant_party_ids(world.house.id, on=timezone.localdate() + timedelta(days=1)) == {
        signed.id
    }


def test_a_signed_covenant_past_its_end_shows_as_expired(world):
    assert covenant(world, expires_in=-1).effective_status() == CovenantStatus.EXPIRED
    assert covenant(world, expires_in=1).effective_status() == CovenantStatus.SIGNED


def form_data(world, **overrides):
    data = {
        "kind": CovenantKind.PRIVACY,
        "title": "Privacyconvenant 2026",
        "document_version": "2.1",
        "status": CovenantStatus.SIGNED,
        "signed_on": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "expires_on": "",
        "parties": [world.own_org.id],
    }
    data.update(overrides)
    return data


def test_the_chain_manager_registers_a_covenant_with_its_document(world, client_for):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    data = form_data(world, document=SimpleUploadedFile("convenant v2.pdf", PDF))
    response = client.post(reverse("covenants:create"), data)
    assert response.status_code == 302
    saved = Covenant.objects.get()
    assert list(saved.parties.all()) == [world.own_org]
    assert covenant_party_ids(world.house.id) == {world.own_org.id}
    assert AuditEvent.objects.filter(object_type="covenant", object_id=str(saved.id)).exists()
    download = client.get(reverse("covenants:document", kwargs={"covenant_id": saved.id}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert 'filename="convenant v2.pdf"' in download["Content-Disposition"]
    listing = client.get(reverse("covenants:list")).content.decode()
    assert "Privacyconvenant 2026" in listing and "Eigen organisatie" in listing


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "titel"),
        ({"signed_on": ""}, "datum van ondertekening"),
        ({"signed_on": (timezone.localdate() + timedelta(days=3)).isoformat()}, "toekomst"),
        (
            {"expires_on": (timezone.localdate() - timedelta(days=30)).isoformat()},
            "vóór het is ondertekend",
        ),
        ({"parties": []}, "partijen"),
        ({"document": SimpleUploadedFile("x.pdf", b"MZ not a pdf")}, "PDF"),
        ({"kind": "other"}, "soort"),
    ],
)
def test_bad_input_is_refused_with_a_message(world, client_for, overrides, message):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    response = client.post(reverse("covenants:create"), form_data(world, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Covenant.objects.exists()


def test_a_party_must_be_a_partner_of_the_house(world, client_for):
    stranger = OrganisationFactory(name="Geen partner")
    client = client_for(world.user(Role.CHAIN_MANAGER))
    response = client.post(reverse("covenants:create"), form_data(world, parties=[stranger.id]))
    assert response.status_code == 400
    assert not Covenant.objects.exists()


def test_editing_takes_the_version_it_was_opened_with(world, client_for):
    saved = covenant(world, parties=[world.own_org])
    client = client_for(world.user(Role.CHAIN_MANAGER))
    edit = reverse("covenants:edit", kwargs={"covenant_id": saved.id})
    data = form_data(world, version=1, parties=[world.own_org.id, world.other_org.id])
    assert client.post(edit, data).status_code == 302
    assert covenant_party_ids(world.house.id) == {world.own_org.id, world.other_org.id}
    stale = client.post(edit, form_data(world, version=1, title="Oud formulier"))
    assert stale.status_code == 409
    saved.refresh_from_db()
    assert saved.title == "Privacyconvenant 2026" and saved.version == 2


def test_another_house_cannot_reach_a_covenant(world, client_for):
    saved = covenant(world)
    other = client_for(world.user(Role.CHAIN_MANAGER, house="other"))
    assert other.get(reverse("covenants:edit", kwargs={"covenant_id": saved.id})).status_code == 404
    assert other.get(reverse("covenants:list")).context["covenants"] == []
