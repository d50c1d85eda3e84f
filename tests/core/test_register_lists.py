"""The shared shape of a register's filtered list (zvh.core.views, zvh.audit.reads; decision
0172), through both registers that use it, the advice and the system-signal register: the
filters, keyset pages that cover every record once, the CSV of what the filters select, invalid
filters that select nothing (400, no event, no download), and the access-log events."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from tests.factories.registers import AdviceFactory, SystemSignalFactory
from zvh.advice.models import AdviceTopic
from zvh.audit.models import Action, AuditEvent
from zvh.core.views import CURSOR
from zvh.network.models import Role
from zvh.system_signals.models import SignalStatus


@dataclass(frozen=True)
class Register:
    name: str  # the URL namespace
    role: Role
    object_type: str
    list_name: str
    make: Any  # make(world, matching: bool) -> a record of world.house
    good: dict[str, str]  # a filter that selects the matching records only
    bad: dict[str, str]  # a filter the form refuses
    csv_columns: int

    def url(self, view: str) -> str:
        return reverse(f"{self.name}:{view}")


ADVICE = Register(
    name="advice",
    role=Role.PROCESS_COORDINATOR,
    object_type="advice",
    list_name="advice",
    make=lambda world, matching: AdviceFactory(
        house=world.house,
        requester_organisation=world.own_org,
        topic=AdviceTopic.YOUTH if matching else AdviceTopic.MULTIPROBLEM,
    ),
    good={"topic": AdviceTopic.YOUTH},
    bad={"start": "2026-05-01", "end": "2026-04-01"},
    csv_columns=6,
)
SIGNALS = Register(
    name="system_signals",
    role=Role.CHAIN_MANAGER,
    object_type="system_signal",
    list_name="system_signals",
    make=lambda world, matching: SystemSignalFactory(
        house=world.house, status=SignalStatus.CLOSED if matching else SignalStatus.RECORDED
    ),
    good={"status": SignalStatus.CLOSED},
    bad={"status": "verzonnen"},
    csv_columns=9,
)
REGISTERS = pytest.mark.parametrize("register", [ADVICE, SIGNALS], ids=lambda r: r.name)


def _events(register: Register, action: str):
    return AuditEvent.objects.filter(action=action, object_type=register.object_type)


@REGISTERS
def test_the_filters_select_and_the_listing_is_audited(world, client_for, register):
    wanted = [register.make(world, True) for _n in range(2)]
    register.make(world, False)
    response = client_for(world.user(register.role)).get(register.url("list"), register.good)
    assert response.status_code == 200
    assert {row.id for row in response.context["page"].rows} == {r.id for r in wanted}
    event = _events(register, Action.LIST).latest("id")
    assert event.detail == {"list": register.list_name, **register.good}


@REGISTERS
def test_keyset_pages_through_the_view_cover_every_record_once(world, client_for, register):
    made = {register.make(world, True).id for _n in range(51)}  # the page size is 50
    client = client_for(world.user(register.role))
    first = client.get(register.url("list"), register.good)
    page = first.context["page"]
    assert len(page.rows) == 50 and page.next_cursor
    # The page's own query (the filters) is kept for the next link, without the cursor.
    assert first.context["query"] == "&".join(f"{k}={v}" for k, v in register.good.items())
    second = client.get(register.url("list"), {**register.good, CURSOR: page.next_cursor})
    rest = second.context["page"]
    assert rest.next_cursor is None
    seen = [row.id for row in page.rows] + [row.id for row in rest.rows]
    assert len(seen) == len(set(seen)) and set(seen) == made
    assert CURSOR not in second.context["query"]


@REGISTERS
def test_the_export_holds_what_the_filters_select(world, client_for, register):
    register.make(world, True)
    register.make(world, False)
    response = client_for(world.user(register.role)).get(register.url("export"), register.good)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and all(len(row) == register.csv_columns for row in rows)
    event = _events(register, Action.EXPORT).get()
    assert event.detail == {"list": register.list_name, "rows": 1, **register.good}


@REGISTERS
@pytest.mark.parametrize("view", ["list", "export"])
def test_invalid_filters_select_nothing(world, client_for, register, view):
    register.make(world, True)
    response = client_for(world.user(register.role)).get(register.url(view), register.bad)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert response.context["page"] is None and response.context["form"].errors
    assert not _events(register, Action.LIST).exists()
    assert not _events(register, Action.EXPORT).exists()
