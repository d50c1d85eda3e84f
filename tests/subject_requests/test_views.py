"""The privacy officer's request screens, used as the officer would."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories.people import PersonFactory
from zvh.audit.models import Action, AuditEvent
from zvh.subject_requests.models import (
    PersonCorrection,
    RequestKind,
    RequestStatus,
    SubjectRequest,
)

from .conftest import register, register_opened

DASHBOARD = reverse("subject_requests:dashboard")


def _officer(world, client_for):
    return client_for(world.user("privacy_officer"))


def test_the_dashboard_lists_open_requests_by_deadline_and_marks_overdue_and_due_soon(
    world, client_for
):
    overdue = register(world, PersonFactory(house=world.house), days_ago=40)
    due_soon = register(world, PersonFactory(house=world.house), days_ago=27)
    later = register(world, PersonFactory(house=world.house), days_ago=1)
    answered = register(world, PersonFactory(house=world.house))
    SubjectRequest.objects.filter(pk=answered.pk).update(
        status=RequestStatus.ANSWERED, closed_at=timezone.now()
    )
    response = _officer(world, client_for).get(DASHBOARD)
    assert response.status_code == 200
    rows = list(response.context["page"].rows)
    assert rows == [overdue, due_soon, later]
    html = response.content.decode()
    assert html.count("Termijn verstreken") == 1
    assert html.count("Binnenkort") == 1
    assert overdue.person.display_name in html
    assert answered.number not in html
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="subject_request").last()
    assert set(event.person_ids) == {str(r.person_id) for r in rows}

    closed = _officer(world, client_for).get(DASHBOARD + "?afgehandeld=1")
    assert [r.pk for r in closed.context["page"].rows] == [answered.pk]


def test_the_dashboard_costs_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = _officer(world, client_for)
    register(world, PersonFactory(house=world.house))
    client.get(DASHBOARD)  # warm the session and the menu
    with django_assert_max_num_queries(16) as few:
        client.get(DASHBOARD)
    for days in range(30):
        register(world, PersonFactory(house=world.house), days_ago=days)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(DASHBOARD)
    assert len(response.context["page"].rows) == 31


def test_registering_finds_the_person_then_refuses_a_future_date_in_dutch(world, client_for):
    person = PersonFactory(house=world.house, surname="Bakker")
    client = _officer(world, client_for)
    search = client.post(reverse("subject_requests:person-search"), {"surname": "bakker"})
    create_url = reverse("subject_requests:create", args=[person.id])
    assert create_url in search.content.decode()

    assert client.get(create_url).status_code == 200
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        create_url, {"kind": "access", "received_on": tomorrow, "received_via": "letter"}
    )
    assert response.status_code == 400
    assert "De datum van ontvangst ligt in de toekomst." in response.content.decode()
    assert not SubjectRequest.objects.exists()

    response = client.post(
        create_url,
        {"kind": "access", "received_on": timezone.localdate().isoformat(), "received_via": "desk"},
    )
    request = SubjectRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("subject_requests:detail", args=[request.id])
    assert request.person == person and request.registered_by == world.user("privacy_officer")


def test_an_extension_without_a_reason_is_refused_and_one_with_a_reason_is_recorded(
    world, client_for
):
    request = register(world, PersonFactory(house=world.house), days_ago=5)
    client = _officer(world, client_for)
    url = reverse("subject_requests:extend", args=[request.id])
    response = client.post(url, {"version": 1, "reason": ""})
    assert response.status_code == 400
    assert "Geef de reden van de verlenging." in response.content.decode()
    request.refresh_from_db()
    assert request.extended_at is None

    response = client.post(url, {"version": 1, "reason": "Complex verzoek"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.extended_at is not None
    detail = client.get(reverse("subject_requests:detail", args=[request.id])).content.decode()
    assert "Complex verzoek" in detail
    assert "De termijn is al verlengd." in detail


def test_a_refusal_without_reason_comes_back_with_the_message(world, client_for):
    request = register(world, PersonFactory(house=world.house))
    client = _officer(world, client_for)
    url = reverse("subject_requests:status", args=[request.id])
    response = client.post(url, {"version": 1, "outcome": "refused", "note": ""})
    assert response.status_code == 400
    assert "Geef de reden van de weigering" in response.content.decode()
    response = client.post(url, {"version": 1, "action": "start"})
    assert response.status_code == 302
    # The same (now stale) form again: refused with the conflict message, nothing lost.
    response = client.post(url, {"version": 1, "outcome": "answered"}, follow=True)
    assert "Iemand anders heeft deze gegevens gewijzigd" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS


def test_the_officer_previews_withholds_and_downloads_the_export(world, client_for, household):
    request = register_opened(world, household.anna)
    client = _officer(world, client_for)
    preview = client.get(reverse("subject_requests:preview", args=[request.id]))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Anna gaat weer naar school" in html
    assert "Schulden van de broer" not in html
    assert "Controleer de teksten van deze casus" in html  # the household flag

    withhold_url = reverse("subject_requests:withhold", args=[request.id])
    key = f"item:{household.item_anna.id}"
    form = client.get(withhold_url, {"onderdeel": key})
    assert form.status_code == 200
    response = client.post(withhold_url, {"record": key, "ground": "rights_of_others"})
    assert response.status_code == 400
    assert "Zonder toelichting wordt niets achtergehouden" in response.content.decode()
    response = client.post(
        withhold_url,
        {"record": key, "ground": "rights_of_others", "explanation": "Noemt een klasgenoot"},
    )
    assert response.status_code == 302

    download = client.post(reverse("subject_requests:export", args=[request.id]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert f"inzage-{request.number}.zip" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert {"inzage.pdf", "inzage.json"} <= set(archive.namelist())
    assert b"Anna gaat weer naar school" not in archive.read("inzage.json")


def test_corrections_through_the_form(world, client_for):
    person = PersonFactory(house=world.house, surname="Jansen", given_names="Piet")
    request = register_opened(world, person, kind=RequestKind.RECTIFICATION)
    client = _officer(world, client_for)
    url = reverse("subject_requests:correction", args=[request.id])
    form = client.get(url)
    assert form.status_code == 200
    data = dict(form.context["form"].initial)
    data["date_of_birth"] = data["date_of_birth"].isoformat()
    bad = client.post(url, {**data, "bsn": "123456789", "reason": "BRP"})
    assert bad.status_code == 400
    assert "BSN" in bad.content.decode()
    response = client.post(url, {**data, "surname": "Janssen", "reason": "BRP-uittreksel"})
    assert response.status_code == 302
    assert PersonCorrection.objects.get().old_value == "Jansen"
    stale = client.post(url, {**data, "surname": "Jansens", "reason": "Nog eens"})
    assert stale.status_code == 409
    person.refresh_from_db()
    assert person.surname == "Janssen"
    detail = client.get(reverse("subject_requests:detail", args=[request.id])).content.decode()
    assert "BRP-uittreksel" in detail
    assert "Geslachtsnaam" in detail

    access = register_opened(world, person)
    response = client.get(reverse("subject_requests:correction", args=[access.id]), follow=True)
    assert "alleen bij een open verzoek om rectificatie" in response.content.decode()


def test_other_roles_and_houses_get_a_404(world, client_for):
    request = register(world, PersonFactory(house=world.house))
    detail = reverse("subject_requests:detail", args=[request.id])
    assert client_for(world.user("chain_manager")).get(DASHBOARD).status_code == 404
    other = client_for(world.user("privacy_officer", house="other"))
    assert other.get(detail).status_code == 404
    assert other.get(DASHBOARD).context["page"].rows == []
