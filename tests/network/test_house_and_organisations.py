from django.urls import reverse

from tests.factories.network import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from zvh.audit.models import AuditEvent
from zvh.network.models import Organisation, Partnership, Role


def test_house_page_shows_the_house_and_its_municipalities(world, admin_client):
    extra = MunicipalityFactory(name="Tynaarlo", cbs_code="GM1730", inhabitants=34000)
    world.house.municipalities.add(extra)
    html = admin_client.get(reverse("network:house")).content.decode()
    assert world.house.name in html
    assert "Tynaarlo" in html and "GM1730" in html
    assert world.other_house.seat_municipality.name not in html


def test_house_page_is_not_for_other_roles(world, client_for):
    for role in Role:
        if role == Role.FUNCTIONAL_ADMIN:
            continue
        response = client_for(world.user(role)).get(reverse("network:house"))
        assert response.status_code == 404, role


def test_anonymous_goes_to_the_login_page(client):
    response = client.get(reverse("network:organisation-list"))
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


def test_organisation_list_shows_partners_of_the_house_only(world, admin_client):
    mine = OrganisationFactory(name="GGZ Noord")
    PartnershipFactory(house=world.house, organisation=mine)
    theirs = OrganisationFactory(name="GGZ Zuid")
    PartnershipFactory(house=world.other_house, organisation=theirs)
    html = admin_client.get(reverse("network:organisation-list")).content.decode()
    assert "GGZ Noord" in html
    assert f'href="{reverse("network:organisation-edit", args=[mine.pk])}"' in html
    assert "GGZ Zuid" not in html
    # Shared with the other house: listed, but not editable here.
    assert world.own_org.name in html
    assert f'href="{reverse("network:organisation-edit", args=[world.own_org.pk])}"' not in html


def test_create_organisation_makes_it_a_partner_and_records_it(world, admin_client):
    response = admin_client.post(
        reverse("network:organisation-create"),
        {
            "name": "Reclassering Noord",
            "kind": "probation",
            "domains": ["criminal_justice", "care"],
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Reclassering Noord")
    assert organisation.domains == ["criminal_justice", "care"]
    assert Partnership.objects.filter(house=world.house, organisation=organisation).exists()
    assert AuditEvent.objects.filter(
        action="create", object_type="organisation", object_id=str(organisation.pk)
    ).exists()


def test_create_organisation_with_a_taken_name_is_refused_in_dutch(world, admin_client):
    OrganisationFactory(name="Politie Noord")
    response = admin_client.post(
        reverse("network:organisation-create"),
        {"name": "politie noord", "kind": "police", "domains": ["criminal_justice"]},
    )
    assert response.status_code == 200
    assert "Er bestaat al een organisatie met deze naam" in response.content.decode()
    assert Organisation.objects.filter(name__iexact="politie noord").count() == 1


def test_create_organisation_needs_kind_and_a_domain(admin_client):
    response = admin_client.post(
        reverse("network:organisation-create"), {"name": "X", "kind": "bakery", "domains": []}
    )
    html = response.content.decode()
    assert "bakery is geen bekende soort organisatie." in html
    assert "Kies ten minste één domein." in html
    assert not Organisation.objects.filter(name="X").exists()


def test_edit_organisation(world, admin_client):
    organisation = OrganisationFactory(name="Halt Noord", kind="halt", domains=["care"])
    PartnershipFactory(house=world.house, organisation=organisation)
    url = reverse("network:organisation-edit", args=[organisation.pk])
    assert 'name="version" value="1"' in admin_client.get(url).content.decode()
    response = admin_client.post(
        url, {"name": "Halt Noord-Nederland", "kind": "halt", "domains": ["social"], "version": 1}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.domains, organisation.version) == (
        "Halt Noord-Nederland",
        ["social"],
        2,
    )


def test_an_organisation_shared_with_another_house_cannot_be_edited_here(world, admin_client):
    response = admin_client.get(reverse("network:organisation-edit", args=[world.own_org.pk]))
    assert response.status_code == 404


def test_organisation_of_another_house_is_404_and_a_recorded_denial(world, admin_client):
    theirs = OrganisationFactory()
    PartnershipFactory(house=world.other_house, organisation=theirs)
    response = admin_client.get(reverse("network:organisation-edit", args=[theirs.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="denied", object_id=str(theirs.pk)).exists()


def test_add_an_existing_organisation_as_partner(world, admin_client):
    outside = OrganisationFactory(name="Woonstichting")
    page = admin_client.get(reverse("network:partner-add")).content.decode()
    assert "Woonstichting" in page
    assert f'value="{world.own_org.pk}"' not in page  # already a partner
    response = admin_client.post(reverse("network:partner-add"), {"organisation": outside.pk})
    assert response.status_code == 302
    assert Partnership.objects.filter(house=world.house, organisation=outside).exists()


def test_adding_a_partner_twice_is_a_clear_error(world, admin_client):
    response = admin_client.post(reverse("network:partner-add"), {"organisation": world.own_org.pk})
    assert response.status_code == 200
    assert "kan niet als partner worden toegevoegd" in response.content.decode()


def test_end_a_partnership_needs_the_confirm_button(world, admin_client):
    organisation = OrganisationFactory()
    PartnershipFactory(house=world.house, organisation=organisation)
    url = reverse("network:partnership-end", args=[organisation.pk])
    assert admin_client.post(url).status_code == 200
    assert Partnership.objects.filter(house=world.house, organisation=organisation).exists()
    assert admin_client.post(url, {"confirm": "yes"}).status_code == 302
    assert not Partnership.objects.filter(house=world.house, organisation=organisation).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_a_partnership_with_users_in_the_house_cannot_end(world, admin_client):
    organisation = OrganisationFactory()
    PartnershipFactory(house=world.house, organisation=organisation)
    MembershipFactory(user=UserFactory(organisation=organisation), house=world.house)
    url = reverse("network:partnership-end", args=[organisation.pk])
    response = admin_client.post(url, {"confirm": "yes"})
    assert response.status_code == 200
    assert "hebben nog een rol in dit huis" in response.content.decode()
    assert Partnership.objects.filter(house=world.house, organisation=organisation).exists()
