"""An organisation of a municipality names its municipality (for the mayor's briefing, 0168):
set on the organisation screen from the house's municipalities; the import leaves it alone."""

from django.urls import reverse

from tests.factories.intake import actor_of
from tests.factories.network import MunicipalityFactory, OrganisationFactory, PartnershipFactory
from zvh.network import services
from zvh.network.models import OrganisationKind, Role


def _municipal(world):
    organisation = OrganisationFactory(
        name="Gemeente Zwolle", kind=OrganisationKind.MUNICIPALITY, domains=["administrative"]
    )
    PartnershipFactory(house=world.house, organisation=organisation)
    return organisation


def _post(organisation, municipality_id):
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "domains": ["administrative"],
        "municipality": str(municipality_id),
        "version": organisation.version,
    }


def test_the_screen_sets_a_municipality_of_the_house(world, admin_client):
    organisation = _municipal(world)
    zwolle = world.house.seat_municipality
    url = reverse("network:organisation-edit", args=[organisation.pk])
    assert zwolle.name in admin_client.get(url).content.decode()
    response = admin_client.post(url, _post(organisation, zwolle.pk))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.municipality == zwolle


def test_a_municipality_of_another_house_is_refused_and_nothing_changes(world, admin_client):
    organisation = _municipal(world)
    elsewhere = world.other_house.seat_municipality
    url = reverse("network:organisation-edit", args=[organisation.pk])
    response = admin_client.post(url, _post(organisation, elsewhere.pk))
    assert response.status_code == 200
    assert "Kies een gemeente van het huis." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.municipality is None and organisation.version == 1


def test_an_update_without_a_municipality_keeps_it(world):
    organisation = _municipal(world)
    organisation.municipality = MunicipalityFactory()
    organisation.save()
    actor = actor_of(world.user(Role.FUNCTIONAL_ADMIN), world.house)
    services.organisation_update(
        actor=actor,
        organisation=organisation,
        expected_version=organisation.version,
        name="Gemeente Zwolle (bestuur)",
        kind=organisation.kind,
        domains=["administrative"],
    )
    organisation.refresh_from_db()
    assert organisation.name == "Gemeente Zwolle (bestuur)"
    assert organisation.municipality is not None
