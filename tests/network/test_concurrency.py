"""Optimistic locking: the second of two concurrent saves is refused, never silently lost."""

import pytest
from django.urls import reverse

from tests.factories.network import OrganisationFactory, PartnershipFactory
from zvh.core.concurrency import StaleObjectError, update_versioned
from zvh.network.models import Organisation


def test_update_versioned_bumps_the_version_and_refuses_a_stale_one(db):
    organisation = OrganisationFactory(name="A")
    stamp = organisation.updated_at
    update_versioned(organisation, expected_version=1, values={"name": "B"})
    assert organisation.version == 2
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.name, stored.version) == ("B", 2)
    assert stored.updated_at > stamp
    with pytest.raises(StaleObjectError):
        update_versioned(organisation, expected_version=1, values={"name": "C"})
    assert Organisation.objects.get(pk=organisation.pk).name == "B"


def test_the_second_of_two_concurrent_edits_is_refused(world, admin, client_for):
    organisation = OrganisationFactory(name="Veilig Thuis Noord", kind="veilig_thuis")
    PartnershipFactory(house=world.house, organisation=organisation)
    url = reverse("network:organisation-edit", args=[organisation.pk])
    first, second = client_for(admin), client_for(admin)
    # Both opened the form at version 1.
    form = {"kind": "veilig_thuis", "domains": ["care"], "version": "1"}
    assert first.post(url, {**form, "name": "Veilig Thuis Groningen"}).status_code == 302
    response = second.post(url, {**form, "name": "Veilig Thuis Drenthe"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze gegevens gewijzigd" in html
    assert "Veilig Thuis Groningen" in html  # the current value, shown beside the input
    assert 'name="version" value="2"' in html  # saving again is a deliberate overwrite
    organisation.refresh_from_db()
    assert organisation.name == "Veilig Thuis Groningen"
    assert organisation.version == 2


def test_a_stale_municipality_edit_is_refused(world, admin_client):
    municipality = world.house.seat_municipality
    url = reverse("network:municipality-edit", args=[municipality.pk])
    data = {"name": "Een", "cbs_code": municipality.cbs_code, "inhabitants": "5", "version": "1"}
    assert admin_client.post(url, data).status_code == 302
    response = admin_client.post(url, {**data, "name": "Twee"})
    assert response.status_code == 409
    municipality.refresh_from_db()
    assert municipality.name == "Een"
