"""The process coordinator's own caseload figures (caseload_for_coordinator), exact and
audited."""

from __future__ import annotations

from django.urls import reverse

from tests.factories.people import CaseFactory
from zvh.audit.models import Action, AuditEvent
from zvh.figures.definitions import caseload
from zvh.network.models import Role

URL = reverse("figures:caseload")


def test_the_coordinator_sees_their_own_caseload(world, client_for, monkeypatch):
    me = world.user(Role.PROCESS_COORDINATOR)
    CaseFactory(house=world.house, process_coordinator=me)
    CaseFactory(house=world.house, process_coordinator=me)
    CaseFactory(
        house=world.house, process_coordinator=world.user(Role.PROCESS_COORDINATOR, org="other")
    )
    asked = []
    real = caseload.caseload_for_coordinator

    def spy(scope, user_id):
        asked.append((scope.house_id, user_id))
        return real(scope, user_id)

    monkeypatch.setattr(caseload, "caseload_for_coordinator", spy)
    response = client_for(me).get(URL, {"period": "year"})
    assert response.status_code == 200
    assert asked == [(world.house.id, me.pk)]
    tables = response.context["tables"]
    assert tables[0].key == "caseload.mine_by_status"
    assert sum(row.values["current"] or 0 for row in tables[0].rows) == 2
    html = response.content.decode()
    assert "Er zijn nog geen cijfers" not in html
    event = AuditEvent.objects.filter(action=Action.VIEW, object_type="figures").latest("id")
    assert event.object_id == "caseload" and event.detail["filters"]
