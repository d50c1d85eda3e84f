"""Users are sorted by surname without its prefix, wherever they are listed or chosen (decision
0181)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.network import MembershipFactory, UserFactory
from zvh.accounts.models import User
from zvh.cases.selectors import coordinator_candidates
from zvh.core.names import person_sort_key, split_surname_prefix
from zvh.network.models import Role


@pytest.mark.parametrize(
    ("surname", "expected"),
    [
        ("de Boer", ("de", "Boer")),
        ("van der Berg", ("van der", "Berg")),
        ("Van 't Hof", ("Van 't", "Hof")),
        ("El Amrani", ("", "El Amrani")),
        ("Van", ("", "Van")),
        ("Jansen", ("", "Jansen")),
        ("", ("", "")),
    ],
)
def test_the_prefix_is_split_off(surname, expected):
    assert split_surname_prefix(surname) == expected


def test_the_sort_key_puts_de_boer_under_b():
    assert person_sort_key("de Boer", "Femke") == "boer de femke"
    keys = ["Zwart", "de Boer", "Bakker", "van Dijk", "Özdemir", "Aalbers"]
    assert sorted(keys, key=person_sort_key) == [
        "Aalbers",
        "Bakker",
        "de Boer",
        "van Dijk",
        "Özdemir",
        "Zwart",
    ]


def test_the_sort_name_follows_a_change_of_name(db):
    user = UserFactory(first_name="Femke", last_name="de Boer")
    assert User.objects.get(pk=user.pk).sort_name == "boer de femke"
    user.last_name = "van Dam"
    user.save(update_fields=["last_name"])
    assert User.objects.get(pk=user.pk).sort_name == "dam van femke"


def _in_house(world, *names: str, role: Role = Role.PROCESS_COORDINATOR) -> list[User]:
    users = [
        UserFactory(first_name="Test", last_name=name, organisation=world.own_org) for name in names
    ]
    for user in users:
        MembershipFactory(user=user, house=world.house, role=role)
    return users


def test_the_user_list_and_the_coordinator_choice_sort_on_the_surname(world, client_for):
    _in_house(world, "Zwart", "de Boer", "Bakker", "van Dijk")
    admin = client_for(world.user(Role.FUNCTIONAL_ADMIN))
    html = admin.get(reverse("network:user-list")).content.decode()
    positions = [html.index(name) for name in ("Bakker", "de Boer", "van Dijk", "Zwart")]
    assert positions == sorted(positions)

    case = type("CaseStub", (), {"house_id": world.house.id})()
    chosen = [
        user.last_name
        for user in coordinator_candidates(case)
        if user.last_name in {"Zwart", "de Boer", "Bakker", "van Dijk"}
    ]
    assert chosen == ["Bakker", "de Boer", "van Dijk", "Zwart"]
