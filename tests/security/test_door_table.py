"""The door table's own rules, as plain functions (no database): what a denial at each door is
recorded as, that naming a door keeps everything it says, and that a door is declared once.
Mutation testing found these unchecked beyond "the right page opens" (docs/quality.md)."""

from __future__ import annotations

import pytest

from zvh.authz import doors
from zvh.authz.doors import (
    Door,
    Kind,
    applications_only,
    door,
    login_only,
    public,
    register_doors,
)
from zvh.authz.functions import Function

F = Function


@pytest.fixture
def table(monkeypatch):
    """The table and its registrations, restored after the test."""
    monkeypatch.setattr(doors, "DOORS", dict(doors.DOORS))
    monkeypatch.setattr(doors, "_REGISTERED", set(doors._REGISTERED))
    return doors


def test_a_denial_at_a_one_function_door_is_recorded_as_that_function(table):
    register_doors({"test:one": door(F.VIEW_CASES)})
    assert table.DOORS["test:one"].denial_object_type == f"function:{F.VIEW_CASES.value}"


def test_a_denial_at_a_door_of_several_functions_is_recorded_as_the_door(table):
    register_doors({"test:two": door(F.VIEW_CASES, F.MANAGE_CASES)})
    assert table.DOORS["test:two"].denial_object_type == "door:test:two"


def test_a_function_only_one_method_asks_for_counts_too(table):
    register_doors({"test:method": door(F.VIEW_CASES, POST=frozenset({F.MANAGE_CASES}))})
    assert table.DOORS["test:method"].denial_object_type == "door:test:method"


def test_naming_a_door_keeps_all_it_says(table):
    declared = door(
        F.VIEW_CASES,
        narrowed="alleen de melder",
        applications=True,
        POST=frozenset({F.MANAGE_CASES}),
    )
    register_doors({"test:full": declared})
    named = table.DOORS["test:full"]
    assert (named.kind, named.functions, named.methods) == (
        Kind.FUNCTIONS,
        frozenset({F.VIEW_CASES}),
        {"POST": frozenset({F.MANAGE_CASES})},
    )
    assert (named.narrowed, named.applications) == ("alleen de melder", True)
    register_doors({"test:public": public("de inlogpagina")})
    assert (table.DOORS["test:public"].kind, table.DOORS["test:public"].reason) == (
        Kind.PUBLIC,
        "de inlogpagina",
    )


def test_a_url_of_the_table_cannot_get_a_second_door(table):
    name = next(iter(table.DOORS))
    with pytest.raises(ValueError, match=f"{name} has a door in the table already"):
        register_doors({name: door(F.VIEW_CASES)})


def test_a_registered_door_may_be_entered_again(table):
    """The URLconf can be built more than once (tests reload it): the same door again is fine."""
    register_doors({"test:again": door(F.VIEW_CASES)})
    register_doors({"test:again": door(F.MANAGE_CASES)})
    assert table.DOORS["test:again"].functions == frozenset({F.MANAGE_CASES})


def test_a_door_lets_no_application_in_and_narrows_nothing_unless_it_says_so():
    plain = door(F.VIEW_CASES)
    assert (plain.applications, plain.narrowed, plain.methods) == (False, "", {})
    assert door(F.VIEW_CASES, applications=True).applications is True
    assert login_only("eigen gegevens").narrowed == ""
    assert login_only("eigen gegevens", narrowed="de eigen rij").narrowed == "de eigen rij"


def test_a_door_is_declared_with_a_function_or_with_a_reason():
    with pytest.raises(ValueError, match=r"^a door with functions needs at least one$"):
        door()
    for make, kind in ((public, Kind.PUBLIC), (login_only, Kind.LOGIN_ONLY)):
        with pytest.raises(ValueError, match=r"^a door without functions says why$"):
            make("  ")
        made = make("waarom")
        assert isinstance(made, Door) and (made.kind, made.reason) == (kind, "waarom")
    with pytest.raises(ValueError, match="a door without functions says why"):
        applications_only("")
    made = applications_only("het signaal")
    assert (made.kind, made.reason, made.functions) == (
        Kind.APPLICATIONS,
        "het signaal",
        frozenset(),
    )
