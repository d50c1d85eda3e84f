"""The four-eyes rule for a request's content (issue 10, hole 3; decision 0154): the privacy
officer registers a request and sees its metadata, but its content (the access preview, the
withholding screens, the export, the correction form) opens only after the requester's identity
check is recorded and a second person (another privacy officer of the house, or the chain
manager) approves the opening."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of
from tests.factories.people import PersonFactory
from zvh.audit.models import Action, AuditEvent, Result
from zvh.subject_requests import collect, export, services
from zvh.subject_requests.models import EventKind, IdentityMethod, RequestKind, SubjectRequest

from .conftest import approve, identify, officer_of, register, register_opened


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


def _detail(request) -> str:
    return reverse("subject_requests:detail", args=[request.id])


def _approve_url(request) -> str:
    return reverse("subject_requests:approve", args=[request.id])


def _identity_post(client, request, *, follow=False, **overrides):
    data = {
        "version": request.version,
        "method": "desk_id",
        "checked_on": timezone.localdate().isoformat(),
        **overrides,
    }
    return client.post(reverse("subject_requests:identity", args=[request.id]), data, follow=follow)


def test_the_detail_page_says_what_is_still_needed(world, client_for):
    request = register(world, PersonFactory(house=world.house))
    client = client_for(world.user("privacy_officer"))
    html = client.get(_detail(request)).content.decode()
    assert "Identiteit vastgesteld?" in html
    assert "Nee, nog niet vastgelegd." in html
    assert "Eerst de identiteit vastleggen" in html
    assert reverse("subject_requests:preview", args=[request.id]) not in html
    assert reverse("subject_requests:export", args=[request.id]) not in html
    assert _identity_post(client, request).status_code == 302
    html = client.get(_detail(request)).content.decode()
    assert "Identiteitsbewijs gezien aan de balie" in html
    assert "Wacht op goedkeuring door een tweede persoon" in html
    assert _approve_url(request) not in html  # the registrar has no approve button
    # A second privacy officer sees the button.
    second = client_for(world.user("privacy_officer", org="other"))
    assert _approve_url(request) in second.get(_detail(request)).content.decode()


def test_the_identity_check_is_validated_in_dutch_and_recorded_once(world, client_for):
    request = register(world, PersonFactory(house=world.house))
    client = client_for(world.user("privacy_officer"))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _identity_post(client, request, checked_on=tomorrow)
    assert response.status_code == 400
    assert "Die datum ligt in de toekomst." in response.content.decode()
    response = _identity_post(client, request, method="other", note="")
    assert response.status_code == 400
    assert "Licht toe hoe de identiteit is vastgesteld." in response.content.decode()
    response = _identity_post(client, request, method="")
    assert response.status_code == 400
    assert "Kies hoe de identiteit is vastgesteld." in response.content.decode()
    request.refresh_from_db()
    assert not request.identity_recorded and request.version == 1

    assert _identity_post(client, request, method="digid").status_code == 302
    request.refresh_from_db()
    assert request.identity_method == IdentityMethod.DIGID
    assert request.identity_checked_by == world.user("privacy_officer")
    assert request.identity_checked_on == timezone.localdate()
    again = _identity_post(client, request, method="desk_id", follow=True)
    assert "De identiteit van de verzoeker is al vastgelegd." in again.content.decode()
    request.refresh_from_db()
    assert request.identity_method == IdentityMethod.DIGID


def test_approval_needs_the_identity_check_first(world, client_for):
    request = register(world, PersonFactory(house=world.house))
    with pytest.raises(ValidationError) as error:
        approve(world, request)
    assert "nog niet vastgelegd" in error.value.messages[0]
    chain_manager = client_for(world.user("chain_manager"))
    response = chain_manager.post(_approve_url(request), {"version": 1}, follow=True)
    assert response.status_code == 200
    assert "De identiteit van de verzoeker is nog niet vastgelegd." in response.content.decode()
    # It is not on the approval list either.
    listed = chain_manager.get(reverse("subject_requests:approvals"))
    assert list(listed.context["page"].rows) == []
    request.refresh_from_db()
    assert not request.is_opened


def test_the_registrar_cannot_approve_their_own_request(world, client_for):
    request = identify(world, register(world, PersonFactory(house=world.house)))
    with pytest.raises(ValidationError) as error:
        approve(world, request, org="own")
    assert "zelf geregistreerd" in error.value.messages[0]
    client = client_for(world.user("privacy_officer"))
    response = client.post(_approve_url(request), {"version": request.version}, follow=True)
    assert "U heeft dit verzoek zelf geregistreerd." in response.content.decode()
    assert list(client.get(reverse("subject_requests:approvals")).context["page"].rows) == []
    request.refresh_from_db()
    assert not request.is_opened
    # Nor can the database be made to hold it.
    with pytest.raises(IntegrityError), transaction.atomic():
        SubjectRequest.objects.filter(pk=request.pk).update(
            opening_approved_by=request.registered_by, opening_approved_at=timezone.now()
        )


def test_whoever_recorded_the_identity_check_cannot_approve_either(world):
    request = register(world, PersonFactory(house=world.house))
    identify(world, request, org="other")  # a colleague checked the identity
    with pytest.raises(ValidationError) as error:
        approve(world, request, org="other")
    assert "identiteit van de verzoeker zelf vastgelegd" in error.value.messages[0]
    request.refresh_from_db()
    assert not request.is_opened


def test_a_second_privacy_officer_approves_and_the_content_opens(world, client_for, household):
    request = identify(world, register(world, household.anna))
    second = client_for(world.user("privacy_officer", org="other"))
    response = second.post(_approve_url(request), {"version": request.version})
    assert response.status_code == 302
    assert response["Location"] == _detail(request)
    request.refresh_from_db()
    assert request.is_opened
    assert request.opening_approved_by == world.user("privacy_officer", org="other")
    assert request.opened_at is None  # approved, not yet shown

    registrar = client_for(world.user("privacy_officer"))
    preview = registrar.get(reverse("subject_requests:preview", args=[request.id]))
    assert preview.status_code == 200
    assert "Anna gaat weer naar school" in preview.content.decode()
    request.refresh_from_db()
    assert request.opened_by == world.user("privacy_officer")
    opening = AuditEvent.objects.get(object_type="subject_request_opening")
    assert opening.action == Action.VIEW
    assert opening.object_id == str(request.id)
    assert opening.person_ids == [str(household.anna.id)]
    assert opening.user_id == world.user("privacy_officer").pk
    assert opening.detail["approved_by"] == world.user("privacy_officer", org="other").pk
    assert request.events.filter(kind=EventKind.OPENED).count() == 1
    # The opening is recorded once; later views are ordinary (audited) views.
    assert registrar.get(reverse("subject_requests:preview", args=[request.id])).status_code == 200
    assert second.get(reverse("subject_requests:preview", args=[request.id])).status_code == 200
    assert AuditEvent.objects.filter(object_type="subject_request_opening").count() == 1
    assert "Voor het eerst geopend op" in registrar.get(_detail(request)).content.decode()


def test_the_chain_manager_approves_from_a_list_of_metadata_and_sees_no_content(
    world, client_for, household
):
    request = identify(world, register(world, household.anna))
    chain_manager = client_for(world.user("chain_manager"))
    approvals = reverse("subject_requests:approvals")
    listed = chain_manager.get(approvals)
    assert listed.status_code == 200
    assert list(listed.context["page"].rows) == [request]
    html = listed.content.decode()
    assert household.anna.display_name in html
    assert request.number in html
    assert "Identiteitsbewijs gezien aan de balie" in html
    assert "Anna gaat weer naar school" not in html
    listing = AuditEvent.objects.filter(
        user_id=world.user("chain_manager").pk, action=Action.LIST
    ).get()
    assert listing.person_ids == [str(household.anna.id)]

    response = chain_manager.post(_approve_url(request), {"version": request.version})
    assert response.status_code == 302
    assert response["Location"] == approvals
    request.refresh_from_db()
    assert request.is_opened and request.opening_approved_by == world.user("chain_manager")
    assert list(chain_manager.get(approvals).context["page"].rows) == []
    # Approving opened it for the privacy officers, not for the chain manager.
    for name in ("preview", "detail", "withhold"):
        url = reverse(f"subject_requests:{name}", args=[request.id])
        assert chain_manager.get(url).status_code == 404, name
    export_url = reverse("subject_requests:export", args=[request.id])
    assert chain_manager.post(export_url).status_code == 404
    assert not AuditEvent.objects.filter(object_type="subject_request_opening").exists()
    officer = client_for(world.user("privacy_officer"))
    assert officer.get(reverse("subject_requests:preview", args=[request.id])).status_code == 200


def test_another_house_cannot_approve(world, client_for):
    request = identify(world, register(world, PersonFactory(house=world.house)))
    for role in ("privacy_officer", "chain_manager"):
        user = world.user(role, house="other")
        client = client_for(user)
        response = client.post(_approve_url(request), {"version": request.version})
        assert response.status_code == 404, role
        assert list(client.get(reverse("subject_requests:approvals")).context["page"].rows) == []
        assert AuditEvent.objects.filter(
            user_id=user.pk, result=Result.DENIED, object_id=str(request.id)
        ).exists()
        actor = actor_of(user, world.other_house)
        with pytest.raises(PermissionDenied):
            services.subject_request_opening_approve(
                actor=actor, request=request, expected_version=request.version
            )
    for role in ("partner_professional", "process_coordinator", "functional_admin"):
        client = client_for(world.user(role))
        response = client.post(_approve_url(request), {"version": request.version})
        assert response.status_code == 404, role
    request.refresh_from_db()
    assert not request.is_opened


def test_both_steps_are_in_the_access_log_and_the_requests_history(world):
    request = register(world, PersonFactory(house=world.house))
    identify(world, request)
    approve(world, request, role="chain_manager", org="own")
    identity_event = AuditEvent.objects.get(
        object_type="subject_request", detail__identity_checked="desk_id"
    )
    assert identity_event.action == Action.UPDATE
    assert identity_event.user_id == world.user("privacy_officer").pk
    assert identity_event.object_id == str(request.id)
    assert identity_event.person_ids == [str(request.person_id)]
    approval_event = AuditEvent.objects.get(
        object_type="subject_request", detail__opening_approved=True
    )
    assert approval_event.user_id == world.user("chain_manager").pk
    assert approval_event.person_ids == [str(request.person_id)]
    assert approval_event.id > identity_event.id
    kinds = list(request.events.order_by("at", "id").values_list("kind", "by"))
    assert kinds == [
        (EventKind.REGISTERED, world.user("privacy_officer").pk),
        (EventKind.IDENTITY, world.user("privacy_officer").pk),
        (EventKind.APPROVED, world.user("chain_manager").pk),
    ]


def test_a_request_without_content_is_not_approved(world):
    request = identify(world, register(world, PersonFactory(house=world.house), kind="erasure"))
    with pytest.raises(ValidationError) as error:
        approve(world, request, role="chain_manager", org="own")
    assert "geen inhoud" in error.value.messages[0]


def test_the_content_services_refuse_an_unopened_request(world, household):
    access = identify(world, register(world, household.anna))
    rectification = register(world, household.anna, kind=RequestKind.RECTIFICATION)
    officer = officer_of(world)
    with pytest.raises(PermissionDenied):
        collect.subject_data(actor=officer, request=access, person=household.anna)
    with pytest.raises(PermissionDenied):
        export.access_export(actor=officer, request=access)
    with pytest.raises(PermissionDenied):
        services.withholding_add(
            actor=officer,
            request=access,
            record=f"item:{household.item_anna.id}",
            ground="rights_of_others",
            explanation="x",
        )
    with pytest.raises(PermissionDenied):
        services.person_rectify(
            actor=officer,
            request=rectification,
            seen=services.person_fingerprint(household.anna),
            values={"surname": "Anders"},
            reason="x",
        )
    with pytest.raises(PermissionDenied):
        services.subject_request_content_open(actor=officer, request=access)


def test_the_approval_list_costs_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for(world.user("chain_manager"))
    approvals = reverse("subject_requests:approvals")
    identify(world, register(world, PersonFactory(house=world.house)))
    client.get(approvals)  # warm the session and the menu
    with django_assert_max_num_queries(16) as few:
        client.get(approvals)
    for days in range(10):
        identify(world, register(world, PersonFactory(house=world.house), days_ago=days))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(approvals)
    assert len(response.context["page"].rows) == 11


def test_a_closed_request_opens_no_content_any_more(world, client_for, household):
    """Answered is done: the content screens are a 404 (with a denial), so an old request is
    no standing key to the person's file as it grows."""
    request = register_opened(world, household.anna)
    officer = client_for(world.user("privacy_officer"))
    preview = reverse("subject_requests:preview", args=[request.id])
    export_url = reverse("subject_requests:export", args=[request.id])
    assert officer.get(preview).status_code == 200
    services.subject_request_close(
        actor=officer_of(world),
        request=request,
        expected_version=SubjectRequest.objects.get(pk=request.pk).version,
        status="answered",
        note="Overzicht verstuurd",
    )
    for response in (officer.get(preview), officer.post(export_url)):
        assert response.status_code == 404
        assert "Anna gaat weer naar school" not in response.content.decode()
    assert AuditEvent.objects.filter(
        object_id=str(request.id), result=Result.DENIED, user_id=world.user("privacy_officer").pk
    ).exists()
    assert officer.get(_detail(request)).status_code == 200  # the metadata stays
