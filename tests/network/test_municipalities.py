from django.urls import reverse

from tests.factories.network import MunicipalityFactory
from zvh.audit.models import AuditEvent
from zvh.network.models import Municipality


def test_list_shows_the_house_municipalities_only(world, admin_client):
    html = admin_client.get(reverse("network:municipality-list")).content.decode()
    assert world.house.seat_municipality.cbs_code in html
    assert world.other_house.seat_municipality.cbs_code not in html


def test_add_a_new_municipality(world, admin_client):
    response = admin_client.post(
        reverse("network:municipality-add"),
        {"name": "Het Hogeland", "cbs_code": "gm1966", "inhabitants": "48000"},
    )
    assert response.status_code == 302
    municipality = Municipality.objects.get(cbs_code="GM1966")
    assert world.house.municipalities.filter(pk=municipality.pk).exists()
    assert AuditEvent.objects.filter(
        action="create", object_type="house_municipality", object_id=str(municipality.pk)
    ).exists()


def test_add_reuses_a_municipality_that_belongs_to_no_house(world, admin_client):
    loose = MunicipalityFactory(cbs_code="GM0037", name="Stadskanaal oud", inhabitants=1)
    response = admin_client.post(
        reverse("network:municipality-add"),
        {"name": "Stadskanaal", "cbs_code": "GM0037", "inhabitants": "31000"},
    )
    assert response.status_code == 302
    loose.refresh_from_db()
    assert (loose.name, loose.inhabitants, loose.version) == ("Stadskanaal", 31000, 2)
    assert world.house.municipalities.filter(pk=loose.pk).exists()


def test_bad_cbs_code_and_inhabitants_are_refused_in_dutch(admin_client):
    for code in ("0014", "GM14", "XX0014", "GM00145"):
        response = admin_client.post(
            reverse("network:municipality-add"),
            {"name": "Groningen", "cbs_code": code, "inhabitants": "-3"},
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Een CBS-code bestaat uit GM en vier cijfers" in html, code
        assert "Het aantal inwoners kan niet negatief zijn." in html
    assert not Municipality.objects.filter(name="Groningen").exists()


def test_a_municipality_of_another_house_cannot_be_added(world, admin_client):
    code = world.other_house.seat_municipality.cbs_code
    response = admin_client.post(
        reverse("network:municipality-add"), {"name": "X", "cbs_code": code, "inhabitants": "1"}
    )
    assert "hoort al bij een ander zorg- en veiligheidshuis" in response.content.decode()
    assert not world.house.municipalities.filter(cbs_code=code).exists()


def test_a_municipality_already_in_the_house_is_a_clear_error(world, admin_client):
    code = world.house.seat_municipality.cbs_code
    response = admin_client.post(
        reverse("network:municipality-add"), {"name": "X", "cbs_code": code, "inhabitants": "1"}
    )
    assert "Deze gemeente hoort al bij dit huis." in response.content.decode()


def test_edit_a_municipality(world, admin_client):
    municipality = world.house.seat_municipality
    url = reverse("network:municipality-edit", args=[municipality.pk])
    response = admin_client.post(
        url, {"name": "Groningen", "cbs_code": "GM0014", "inhabitants": "234000", "version": "1"}
    )
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert (municipality.name, municipality.cbs_code, municipality.version) == (
        "Groningen",
        "GM0014",
        2,
    )


def test_edit_to_a_taken_cbs_code_is_refused(world, admin_client):
    municipality = MunicipalityFactory()
    world.house.municipalities.add(municipality)
    taken = world.other_house.seat_municipality.cbs_code
    response = admin_client.post(
        reverse("network:municipality-edit", args=[municipality.pk]),
        {"name": "X", "cbs_code": taken, "inhabitants": "1", "version": "1"},
    )
    assert "Er bestaat al een gemeente met deze CBS-code." in response.content.decode()


def test_municipality_of_another_house_is_404(world, admin_client):
    other = world.other_house.seat_municipality
    for name in ("network:municipality-edit", "network:municipality-remove"):
        assert admin_client.get(reverse(name, args=[other.pk])).status_code == 404


def test_remove_a_municipality_from_the_house(world, admin_client):
    municipality = MunicipalityFactory()
    world.house.municipalities.add(municipality)
    url = reverse("network:municipality-remove", args=[municipality.pk])
    assert admin_client.post(url).status_code == 200  # no confirm button: nothing happens
    assert world.house.municipalities.filter(pk=municipality.pk).exists()
    assert admin_client.post(url, {"confirm": "yes"}).status_code == 302
    assert not world.house.municipalities.filter(pk=municipality.pk).exists()
    assert Municipality.objects.filter(pk=municipality.pk).exists()


def test_the_seat_municipality_cannot_be_removed(world, admin_client):
    seat = world.house.seat_municipality
    response = admin_client.post(
        reverse("network:municipality-remove", args=[seat.pk]), {"confirm": "yes"}
    )
    assert "De centrumgemeente van het huis kan niet" in response.content.decode()
    assert world.house.municipalities.filter(pk=seat.pk).exists()
