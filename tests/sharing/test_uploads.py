"""Uploads on the web forms (decision 0188): a file over the house's limit or of a type it does
not allow is refused with its Dutch message and nothing is stored, no row and no file; a valid
one goes through the storage API, also to an S3 bucket (moto), and its download streams."""

from __future__ import annotations

import io
import uuid

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from moto import mock_aws

from tests.covenants.test_covenants import form_data
from tests.factories.sharing import legal_basis_for
from zvh.cases.models import CaseSettings
from zvh.core.storage import PrivateS3Storage, private_storage
from zvh.core.uploads import MB
from zvh.covenants.models import Covenant
from zvh.network.models import Role
from zvh.sharing.models import InformationItem

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
BUCKET = "zvh-bijlagen"


def item_data(world, attachment: SimpleUploadedFile) -> dict[str, object]:
    return {
        "item_id": str(uuid.uuid4()),
        "contact_date": timezone.localdate().isoformat(),
        "category": "general",
        "legal_basis": str(legal_basis_for(world.house).id),
        "purpose": "risk_assessment",
        "attachment": attachment,
    }


def stored_files(root) -> list[str]:
    return [str(path) for path in root.rglob("*") if path.is_file()]


def test_a_refused_upload_stores_nothing(world, case, client_for, settings, tmp_path):
    settings.ZVH_PRIVATE_MEDIA_ROOT = tmp_path
    settings.ZVH_CLAMD = ""
    CaseSettings.objects.update_or_create(
        house=world.house, defaults={"upload_max_mb": 1, "upload_types": ["pdf", "txt"]}
    )
    coordinator = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = reverse("cases:note-add", kwargs={"case_id": case.id})
    for attachment, message in (
        (
            SimpleUploadedFile("rapport.pdf", EXECUTABLE, content_type="application/pdf"),
            "Dit soort bestand is niet toegestaan. Toegestaan zijn: PDF, Platte tekst (TXT).",
        ),
        (
            SimpleUploadedFile("groot.pdf", PDF + b"x" * MB),
            "Het bestand is groter dan 1 MB. Verklein het of splits het.",
        ),
    ):
        response = coordinator.post(url, item_data(world, attachment))
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not InformationItem.objects.exists()

    # The covenant: a PDF whatever the house allows, within the house's size.
    manager = client_for(world.user(Role.CHAIN_MANAGER))
    for document, message in (
        (SimpleUploadedFile("convenant.pdf", EXECUTABLE), "Lever het convenant aan als PDF"),
        (
            SimpleUploadedFile("convenant.pdf", PDF + b"x" * MB),
            "Het bestand is groter dan 1 MB. Verklein het of splits het.",
        ),
    ):
        response = manager.post(reverse("covenants:create"), form_data(world, document=document))
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Covenant.objects.exists()
    assert stored_files(tmp_path) == []


@pytest.fixture
def bucket(settings):
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "private": {
                "BACKEND": "zvh.core.storage.PrivateS3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "us-east-1",
                    "access_key": "test",
                    "secret_key": "test",
                    "location": "zvh",
                },
            },
        }
        yield boto3.client("s3", region_name="us-east-1")


def test_an_attachment_goes_to_the_bucket_privately_and_streams_back(
    world, case, client_for, settings, bucket
):
    settings.ZVH_CLAMD = ""
    # The model's FileField follows STORAGES: the bucket now, not the directory.
    assert isinstance(InformationItem._meta.get_field("attachment").storage, PrivateS3Storage)
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    content = PDF + b"y" * (300 * 1024)  # above FILE_UPLOAD_MAX_MEMORY_SIZE: a temporary file
    response = client.post(
        reverse("cases:note-add", kwargs={"case_id": case.id}),
        item_data(world, SimpleUploadedFile("rapport.pdf", content)),
    )
    assert response.status_code == 302
    item = InformationItem.objects.get()
    key = f"zvh/{item.attachment.name}"
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == content
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers, no public read
    with pytest.raises(ValueError, match="no URL"):
        item.attachment.url  # noqa: B018

    download = client.get(
        reverse("sharing:item-attachment", kwargs={"case_id": case.id, "item_id": item.id})
    )
    assert download.streaming and download["Content-Length"] == str(len(content))
    chunks = list(download.streaming_content)
    assert len(chunks) > 1 and b"".join(chunks) == content

    private_storage().delete(item.attachment.name)
    assert bucket.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


def test_the_proxy_serves_the_download_when_configured(world, case, client_for, settings, tmp_path):
    settings.ZVH_PRIVATE_MEDIA_ROOT = tmp_path
    settings.ZVH_CLAMD = ""
    settings.ZVH_PRIVATE_ACCEL_REDIRECT = "/_private/"
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    client.post(
        reverse("cases:note-add", kwargs={"case_id": case.id}),
        item_data(world, SimpleUploadedFile("verslag.txt", b"Verslag.\n")),
    )
    item = InformationItem.objects.get()
    download = client.get(
        reverse("sharing:item-attachment", kwargs={"case_id": case.id, "item_id": item.id})
    )
    assert download["X-Accel-Redirect"] == f"/_private/{item.attachment.name}"
    assert download.content == b"" and 'filename="verslag.txt"' in download["Content-Disposition"]


def test_attachments_verify_finds_a_missing_file(world, case, client_for, settings, tmp_path):
    """The restore drill's check (docs/operations.md): every row's file is in the storage."""
    settings.ZVH_PRIVATE_MEDIA_ROOT = tmp_path
    settings.ZVH_CLAMD = ""
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    client.post(
        reverse("cases:note-add", kwargs={"case_id": case.id}),
        item_data(world, SimpleUploadedFile("verslag.txt", b"Verslag.\n")),
    )
    out = io.StringIO()
    call_command("attachments_verify", stdout=out)
    assert "1 files checked, 0 missing" in out.getvalue()
    name = InformationItem.objects.get().attachment.name
    (tmp_path / name).unlink()
    with pytest.raises(CommandError, match="1 stored files are missing"):
        call_command("attachments_verify", stdout=out)
    assert name in out.getvalue()
