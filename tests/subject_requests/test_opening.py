"""The four-eyes rule for a request's content (issue 10, hole 3; decision 0154): the privacy
officer registers a request and sees its metadata, but its content (the access preview, the
withholding screens, the export, the correction form) opens only after the requester's identity
check is recorded and a second person (another privacy officer of the house, or the chain
manager) approves the opening."""

from __future__ import annotations

from django.urls import reverse

from zvh.audit.models import AuditEvent, Result
from zvh.subject_requests.models import RequestKind

from .conftest import register


def test_the_registrar_cannot_read_the_content_right_after_registering(
    world, client_for, household
):
    access = register(world, household.anna)
    rectification = register(world, household.anna, kind=RequestKind.RECTIFICATION)
    client = client_for(world.user("privacy_officer"))
    for name in ("preview", "withhold"):
        response = client.get(reverse(f"subject_requests:{name}", args=[access.id]))
        assert response.status_code == 404, name
        assert "Anna gaat weer naar school" not in response.content.decode()
    assert client.post(reverse("subject_requests:export", args=[access.id])).status_code == 404
    correction = reverse("subject_requests:correction", args=[rectification.id])
    assert client.get(correction).status_code == 404
    denials = AuditEvent.objects.filter(
        user_id=world.user("privacy_officer").pk,
        result=Result.DENIED,
        object_id__in=[str(access.id), str(rectification.id)],
    )
    assert denials.count() == 4
    # The metadata stays visible: the officer handles the request.
    detail = client.get(reverse("subject_requests:detail", args=[access.id]))
    assert detail.status_code == 200
    assert household.anna.surname in detail.content.decode()
