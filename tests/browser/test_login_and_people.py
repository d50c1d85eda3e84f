"""A user logs in with the second factor by keyboard only and opens the people list."""

import datetime

from tests.factories.network import (
    HouseFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.factories.people import PersonFactory
from zvh.network.models import OrganisationKind, Role

# Fictional people with fixed data, so the screenshot in the docs shows a believable list.
PEOPLE = [
    ("Sanne", "de", "Vries", datetime.date(1987, 3, 14)),
    ("Mohamed", "", "El Amrani", datetime.date(2004, 11, 2)),
    ("Kevin", "", "Jansen", datetime.date(1999, 6, 21)),
    ("Fatima", "", "Bakker", datetime.date(1975, 1, 30)),
    ("Daan", "van", "Dijk", datetime.date(2008, 9, 5)),
]


def test_keyboard_login_with_totp_then_people_list(browser_page):
    house = HouseFactory(name="Veiligheidshuis Regio Noord")
    neighbour = HouseFactory(name="Veiligheidshuis Buur")
    staff = OrganisationFactory(
        name="Zorg- en Veiligheidshuis Regio Noord", kind=OrganisationKind.HOUSE_STAFF
    )
    user = UserFactory(
        username="procesregisseur", first_name="Petra", last_name="de Boer", organisation=staff
    )
    MembershipFactory(user=user, house=house, role=Role.PROCESS_COORDINATOR)
    for given, prefix, surname, born in PEOPLE:
        PersonFactory(
            house=house,
            given_names=given,
            surname_prefix=prefix,
            surname=surname,
            date_of_birth=born,
            city="Assen",
        )
    PersonFactory(house=neighbour, given_names="Iemand", surname="Anders")

    browser_page.login(user)
    browser_page.tab_to("Betrokkenen")
    browser_page.press_and_check("Enter")

    table = browser_page.page.get_by_role("table")
    assert table.get_by_role("link", name="Sanne de Vries").is_visible()
    assert table.get_by_role("row").count() == len(PEOPLE) + 1  # plus the header row
    assert "Anders" not in table.inner_text(), "a person of another house is shown"
    browser_page.screenshot("screenshot-people")
