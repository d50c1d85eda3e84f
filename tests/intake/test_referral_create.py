from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.factories.intake import make_referral
from zvh.intake.models import EventKind, ReferralStatus, Urgency
from zvh.intake.services import PersonInput
from zvh.people.models import Person


@pytest.fixture
def referrer(world):
    return world.user("partner_professional")


def test_referral_gets_a_number_events_and_a_new_person(world, referrer):
    created = make_referral(referrer, world.house)
    referral = created.referral
    assert referral.number.startswith("A-")
    assert referral.status == ReferralStatus.RECEIVED
    assert list(referral.events.values_list("kind", flat=True)) == [EventKind.RECEIVED]
    assert referral.persons.get().surname == "Jansen"
    assert created.known_person is False


def test_same_person_is_reused_and_the_referral_linked(world, referrer):
    person = [PersonInput(surname="de Vries", given_names="Anna", date_of_birth=date(1990, 1, 2))]
    first = make_referral(referrer, world.house, persons=person).referral
    second = make_referral(referrer, world.house, persons=person)
    assert Person.objects.filter(house=world.house).count() == 1
    assert second.known_person and second.linked
    assert second.referral.duplicate_of == first


def test_same_person_in_another_house_is_another_person(world, referrer):
    person = [PersonInput(surname="Smit", bsn="111222333")]
    make_referral(referrer, world.house, persons=person)
    other = make_referral(
        world.user("partner_professional", house="other"), world.other_house, persons=person
    )
    assert other.known_person is False
    assert Person.objects.filter(bsn="111222333").count() == 2


def test_bad_input_is_refused_and_changes_nothing(world, referrer):
    with pytest.raises(ValidationError) as info:
        make_referral(
            referrer,
            world.house,
            persons=[PersonInput(surname="", bsn="123456789")],
            reason=" ",
            life_domains=["moon"],
        )
    errors = info.value.message_dict
    assert {"persons[0].surname", "persons[0].bsn", "reason", "life_domains"} <= set(errors)
    assert not Person.objects.exists()


def test_acute_referral_gets_the_house_deadline(world, referrer):
    referral = make_referral(referrer, world.house, urgency=Urgency.ACUTE).referral
    hours = (referral.acute_deadline - referral.received_at).total_seconds() / 3600
    assert round(hours) == 24


def test_residence_outside_the_house_is_flagged(world, referrer):
    from tests.factories.network import MunicipalityFactory

    elsewhere = MunicipalityFactory()
    inside = world.house.seat_municipality
    assert make_referral(
        referrer, world.house, municipality_id=elsewhere.id
    ).referral.outside_region
    assert not make_referral(
        referrer, world.house, municipality_id=inside.id
    ).referral.outside_region
