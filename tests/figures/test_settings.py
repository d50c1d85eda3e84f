"""The chain manager's figure settings: saved and audited, a concurrent save refused, bad input
a Dutch message that changes nothing."""

from __future__ import annotations

from django.urls import reverse

from zvh.audit.models import Action, AuditEvent
from zvh.figures.models import FigureSettings
from zvh.figures.settings import figure_settings
from zvh.network.models import Role

URL = reverse("figures:settings")
VALID = {
    "version": 1,
    "suppression_threshold": 10,
    "open_case_norm_days": 200,
    "mayor_briefing_enabled": "on",
    "mayor_briefing_names": "initials",
}


def test_the_chain_manager_saves_the_settings(world, client_for):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    assert client.get(URL).status_code == 200
    response = client.post(URL, VALID)
    assert response.status_code == 302
    saved = figure_settings(world.house.id)
    assert (saved.suppression_threshold, saved.open_case_norm_days) == (10, 200)
    assert saved.mayor_briefing_enabled and saved.mayor_briefing_names == "initials"
    assert saved.version == 2
    assert figure_settings(world.other_house.id).suppression_threshold == 5
    event = AuditEvent.objects.filter(action=Action.UPDATE, object_type="figure_settings").get()
    assert event.detail["suppression_threshold"] == 10


def test_a_second_concurrent_save_is_refused(world, client_for):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    client.post(URL, VALID)
    response = client.post(URL, {**VALID, "suppression_threshold": 3})
    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens gewijzigd" in response.content.decode()
    assert figure_settings(world.house.id).suppression_threshold == 10


def test_bad_input_changes_nothing(world, client_for):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    for bad in (
        {"suppression_threshold": 1},
        {"open_case_norm_days": "veel"},
        {"mayor_briefing_names": "full"},
    ):
        response = client.post(URL, {**VALID, **bad})
        assert response.status_code == 200
        assert "Er is een probleem" in response.content.decode()
    assert not FigureSettings.objects.exists()
    assert not AuditEvent.objects.filter(object_type="figure_settings").exists()


def test_the_threshold_reaches_the_steering_groups_figures(world, client_for, test_group):
    from .conftest import GROUP, make_cases

    make_cases(world.house, 7)
    client_for(world.user(Role.CHAIN_MANAGER)).post(URL, VALID)
    response = client_for(world.user(Role.STEERING_GROUP_MEMBER)).get(
        reverse("figures:group", kwargs={"group": GROUP})
    )
    table = response.context["figures"].tables[0]
    person = next(row for row in table.rows if row.key == "person")
    assert person.values["now"] is None and person.suppressed["now"] == "<10"
