from django.urls import reverse

from tests.factories.people import (
    CaseFactory,
    CaseParticipantFactory,
    CasePersonFactory,
    PersonFactory,
)


def test_people_list_shows_house_staff_the_house_persons_only(world, client_for):
    own = PersonFactory(house=world.house, surname="Jansen")
    PersonFactory(house=world.other_house, surname="Pietersen")
    response = client_for(world.user("process_coordinator")).get(reverse("people:list"))
    assert response.status_code == 200
    assert own.surname in response.content.decode()
    assert "Pietersen" not in response.content.decode()


def test_partner_professional_sees_only_persons_of_cases_their_organisation_joins(
    world, client_for
):
    joined = PersonFactory(house=world.house, surname="Bakker")
    PersonFactory(house=world.house, surname="Visser")
    case = CaseFactory(house=world.house)
    CasePersonFactory(case=case, person=joined)
    CaseParticipantFactory(case=case, organisation=world.own_org)
    html = client_for(world.user("partner_professional")).get(reverse("people:list")).content
    assert b"Bakker" in html
    assert b"Visser" not in html
