"""The process coordinator's own caseload figures (c's caseload_for_coordinator; a stand-in of
the same name here until it lands)."""

from __future__ import annotations

from django.urls import reverse

from zvh.audit.models import Action, AuditEvent
from zvh.figures.definitions import caseload
from zvh.figures.table import Column, FigureTable, Row
from zvh.network.models import Role

URL = reverse("figures:caseload")


def test_the_coordinator_sees_their_own_caseload(world, client_for, monkeypatch):
    me = world.user(Role.PROCESS_COORDINATOR)
    asked = []

    def stand_in(scope, user_id):
        asked.append((scope.house_id, user_id))
        return FigureTable(
            key="caseload.mine",
            title="Mijn open casussen",
            definition="Open casussen waarvan u procesregisseur bent.",
            row_header="Status",
            columns=(Column("n", "Aantal"),),
            rows=[Row("open", "Open", {"n": 3})],
        )

    monkeypatch.setattr(caseload, "caseload_for_coordinator", stand_in, raising=False)
    response = client_for(me).get(URL, {"period": "year"})
    assert response.status_code == 200
    assert asked == [(world.house.id, me.pk)]
    assert "Mijn open casussen" in response.content.decode()
    event = AuditEvent.objects.filter(action=Action.VIEW, object_type="figures").latest("id")
    assert event.object_id == "caseload" and event.detail["filters"]


def test_until_the_definition_lands_the_page_says_so(world, client_for, monkeypatch):
    monkeypatch.delattr(caseload, "caseload_for_coordinator", raising=False)
    response = client_for(world.user(Role.PROCESS_COORDINATOR)).get(URL)
    assert response.status_code == 200
    assert "nog niet beschikbaar" in response.content.decode()
