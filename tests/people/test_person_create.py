"""Registering a person: the service's duplicate check and the screen /betrokkenen/nieuw/."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import MunicipalityFactory
from tests.factories.people import PersonFactory
from zvh.audit.models import Action, AuditEvent
from zvh.authz.actor import Actor
from zvh.people.models import Person
from zvh.people.services import PossibleDuplicate, person_create

VALID_BSN = "111222333"
BORN = datetime.date(1985, 10, 3)
URL = "/betrokkenen/nieuw/"


def actor_of(world, role="process_coordinator", org="own", house="own") -> Actor:
    user = world.user(role, org=org, house=house)
    house_obj = world.house if house == "own" else world.other_house
    return Actor(
        user_id=user.pk,
        organisation_id=user.organisation_id,
        house_id=house_obj.id,
        roles=frozenset({role}),
    )


def form_data(**overrides) -> dict[str, str]:
    data = {
        "given_names": "Mehmet",
        "surname_prefix": "",
        "surname": "Yıldız",
        "date_of_birth": "1985-10-03",
        "bsn": "",
        "street": "Knutteldijk",
        "house_number": "18",
        "postcode": "7416bh",
        "city": "Deventer",
        "municipality": "",
    }
    data.update(overrides)
    return data


def test_url_is_the_dutch_one():
    assert reverse("people:create") == URL


# --- the service -----------------------------------------------------------------------------


def test_creates_the_person_in_the_actors_house_and_audits_without_identifiers(world):
    person = person_create(
        actor=actor_of(world), surname="Yıldız", given_names="Mehmet", date_of_birth=BORN,
        bsn="1112.22.333", postcode=" 7416bh",
    )  # fmt: skip
    person.refresh_from_db()
    assert person.house == world.house
    assert person.bsn == VALID_BSN
    assert person.postcode == "7416 BH"
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="person")
    assert event.object_id == str(person.id)
    assert event.person_ids == [str(person.id)]
    assert event.detail == {"duplicate_check": "no_match", "possible_matches": 0}


@pytest.mark.parametrize(
    "role", ["partner_professional", "functional_admin", "privacy_officer", "administrator"]
)
def test_only_house_staff_may_register(world, role):
    with pytest.raises(PermissionDenied):
        person_create(actor=actor_of(world, role=role), surname="Jansen", date_of_birth=BORN)
    assert not Person.objects.exists()


def test_same_bsn_in_the_house_is_refused_even_when_confirmed(world):
    existing = PersonFactory(house=world.house, surname="Anders", bsn=VALID_BSN)
    with pytest.raises(PossibleDuplicate) as caught:
        person_create(
            actor=actor_of(world), surname="Jansen", date_of_birth=BORN, bsn=VALID_BSN,
            distinct_from=[existing.id],
        )  # fmt: skip
    assert caught.value.same_bsn
    assert caught.value.matches == [existing]
    assert Person.objects.count() == 1
    shown = AuditEvent.objects.get(action=Action.SEARCH)
    assert shown.person_ids == [str(existing.id)]
    assert shown.detail == {"purpose": "duplicate_check", "same_bsn": True}


def test_same_name_and_birth_date_needs_confirmation_then_creates(world):
    existing = PersonFactory(house=world.house, surname="Öztürk", date_of_birth=BORN)
    with pytest.raises(PossibleDuplicate) as caught:
        person_create(actor=actor_of(world), surname="OZTURK", date_of_birth=BORN)
    assert not caught.value.same_bsn
    assert caught.value.matches == [existing]
    assert Person.objects.count() == 1

    created = person_create(
        actor=actor_of(world), surname="OZTURK", date_of_birth=BORN, distinct_from=[existing.id]
    )
    event = AuditEvent.objects.get(action=Action.CREATE)
    assert event.object_id == str(created.id)
    assert event.detail == {"duplicate_check": "confirmed_different", "possible_matches": 1}
    assert "OZTURK" not in json.dumps(event.detail).upper()


def test_a_confirmation_covers_only_the_matches_that_were_shown(world):
    first = PersonFactory(house=world.house, surname="Bakker", date_of_birth=BORN)
    PersonFactory(house=world.house, surname="Bakker", date_of_birth=BORN)  # appeared since
    with pytest.raises(PossibleDuplicate) as caught:
        person_create(
            actor=actor_of(world), surname="Bakker", date_of_birth=BORN, distinct_from=[first.id]
        )
    assert len(caught.value.matches) == 2


def test_persons_of_another_house_are_no_match(world):
    PersonFactory(house=world.other_house, surname="Bakker", date_of_birth=BORN, bsn=VALID_BSN)
    person = person_create(
        actor=actor_of(world), surname="Bakker", date_of_birth=BORN, bsn=VALID_BSN
    )
    assert person.house == world.house


def test_another_birth_date_is_no_match(world):
    PersonFactory(house=world.house, surname="Bakker", date_of_birth=BORN)
    person_create(actor=actor_of(world), surname="Bakker", date_of_birth=BORN.replace(day=4))
    assert Person.objects.filter(surname="Bakker").count() == 2


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("bsn", {"bsn": "123456789"}),
        ("date_of_birth", {"date_of_birth": timezone.localdate() + datetime.timedelta(days=1)}),
        ("postcode", {"postcode": "0123 AB"}),
        ("postcode", {"postcode": "1234 SS"}),
        ("surname", {"surname": "  "}),
    ],
)
def test_the_service_validates_by_itself(world, field, values):
    kwargs = {"surname": "Jansen", "date_of_birth": BORN} | values
    with pytest.raises(ValidationError) as caught:
        person_create(actor=actor_of(world), **kwargs)
    assert field in caught.value.message_dict
    assert not Person.objects.exists()


def test_a_municipality_outside_the_house_is_refused(world):
    elsewhere = world.other_house.seat_municipality
    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=actor_of(world), surname="Jansen", date_of_birth=BORN, municipality=elsewhere
        )
    assert "municipality" in caught.value.message_dict


# --- the screen ------------------------------------------------------------------------------


@pytest.fixture
def coordinator(world, client_for):
    return client_for(world.user("process_coordinator"))


def test_the_form_offers_only_the_houses_municipalities(world, coordinator):
    world.house.municipalities.add(MunicipalityFactory(name="Eigen gemeente"))
    world.other_house.municipalities.add(MunicipalityFactory(name="Buurgemeente"))
    html = coordinator.get(URL).content.decode()
    assert "Eigen gemeente" in html
    assert "Buurgemeente" not in html
    assert 'for="id_bsn"' in html  # every field has its label


def test_registering_goes_to_the_new_person(world, coordinator):
    municipality = world.house.seat_municipality
    response = coordinator.post(
        URL, form_data(bsn="1112 22 333", municipality=str(municipality.id))
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.id])
    assert (person.bsn, person.postcode, person.municipality) == (
        VALID_BSN,
        "7416 BH",
        municipality,
    )
    assert person.house == world.house


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"bsn": "123456789"}, "Dit is geen geldig BSN"),
        ({"bsn": "12345"}, "Dit is geen geldig BSN"),
        ({"date_of_birth": "2999-01-01"}, "De geboortedatum ligt in de toekomst."),
        ({"date_of_birth": "31-02-1990"}, "Voer een geldige datum in."),
        ({"postcode": "123 AB"}, "Dit is geen geldige postcode"),
        ({"postcode": "1234 A"}, "Dit is geen geldige postcode"),
        ({"surname": ""}, "Dit veld is vereist."),
        ({"municipality": "00000000-0000-0000-0000-000000000000"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_creates_nothing(coordinator, overrides, message):
    response = coordinator.post(URL, form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_a_municipality_of_another_house_cannot_be_chosen(world, coordinator):
    elsewhere = world.other_house.seat_municipality
    response = coordinator.post(URL, form_data(municipality=str(elsewhere.id)))
    assert response.status_code == 200
    assert not Person.objects.exists()


def test_possible_duplicates_are_shown_and_can_be_confirmed(world, coordinator):
    existing = PersonFactory(house=world.house, surname="Yildiz", date_of_birth=BORN, city="Zwolle")
    response = coordinator.post(URL, form_data())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze betrokkene is misschien al geregistreerd" in html
    assert reverse("people:detail", args=[existing.id]) in html
    assert 'name="confirm_distinct"' in html
    assert Person.objects.count() == 1

    # Posting again without ticking the box changes nothing.
    seen = response.context["form"]["seen_matches"].value()
    assert seen == str(existing.id)
    coordinator.post(URL, form_data(seen_matches=seen))
    assert Person.objects.count() == 1

    response = coordinator.post(URL, form_data(seen_matches=seen, confirm_distinct="on"))
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_a_tampered_confirmation_confirms_nothing(world, coordinator):
    PersonFactory(house=world.house, surname="Yildiz", date_of_birth=BORN)
    response = coordinator.post(URL, form_data(seen_matches="not-an-id", confirm_distinct="on"))
    assert response.status_code == 200
    assert Person.objects.count() == 1


def test_the_same_bsn_cannot_be_confirmed_away(world, coordinator):
    existing = PersonFactory(house=world.house, surname="Anders", bsn=VALID_BSN)
    response = coordinator.post(
        URL, form_data(bsn=VALID_BSN, seen_matches=str(existing.id), confirm_distinct="on")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit zorg- en veiligheidshuis kent al iemand met dit BSN." in html
    assert reverse("people:detail", args=[existing.id]) in html
    assert 'name="confirm_distinct"' not in html
    assert Person.objects.count() == 1


def test_the_list_offers_registration_to_house_staff_only(world, client_for):
    staff = client_for(world.user("chain_manager")).get(reverse("people:list")).content.decode()
    partner = client_for(world.user("partner_professional")).get(reverse("people:list"))
    assert URL in staff
    assert URL not in partner.content.decode()
