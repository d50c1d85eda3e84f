"""A simultaneous accept and refuse of one transfer, on PostgreSQL: exactly one wins, and the
loser writes nothing (the conditional update on the transfer's version decides)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from tests.audit.support import (  # noqa: F401 (fixtures)
    _append_only_back_after_flush,
    flushable_audit_log,
)
from tests.factories.intake import actor_of
from zvh.cases.models import Case, CaseJournalEntry, CaseTransfer, TransferStatus
from zvh.core.concurrency import StaleObjectError
from zvh.network.models import Role
from zvh.transfers import services as transfers
from zvh.transfers.services import TransferJournalKind

from .conftest import accepted_case


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time in (BEGIN IMMEDIATE): nothing runs concurrently",
)
@pytest.mark.usefixtures("flushable_audit_log")
def test_a_simultaneous_accept_and_refuse_settle_on_one(world):
    coordinator = actor_of(world.user(Role.PROCESS_COORDINATOR), world.house)
    case = accepted_case(world, coordinator)
    transfer = transfers.transfer_request(
        actor=coordinator,
        case=case,
        data=transfers.TransferInput(
            to_house=world.other_house, reason="residence_changed", explanation="Verhuisd"
        ),
    )
    receiving_pc = world.user(Role.PROCESS_COORDINATOR, house="other")
    chain_manager = world.user(Role.CHAIN_MANAGER, house="other")
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def run(name: str, act: Callable[[CaseTransfer], object]) -> None:
        # Each thread has its own connection (Django's are per thread); close it when done.
        try:
            seen = CaseTransfer.objects.get(pk=transfer.pk)  # both open version 1
            barrier.wait()
            act(seen)
            outcomes[name] = "won"
        except StaleObjectError:
            outcomes[name] = "lost"
        except BaseException as error:  # reported by the main thread
            outcomes[name] = error
        finally:
            connections.close_all()

    def accept(seen: CaseTransfer) -> object:
        return transfers.transfer_accept(
            actor=actor_of(receiving_pc, world.other_house),
            transfer=seen,
            expected_version=1,
            acceptance=transfers.Acceptance(process_coordinator=receiving_pc),
        )

    def refuse(seen: CaseTransfer) -> object:
        return transfers.transfer_refuse(
            actor=actor_of(chain_manager, world.other_house),
            transfer=seen,
            expected_version=1,
            reason="Niet bij ons",
        )

    threads = [
        threading.Thread(target=run, args=("accept", accept)),
        threading.Thread(target=run, args=("refuse", refuse)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(map(str, outcomes.values())) == ["lost", "won"], outcomes
    transfer.refresh_from_db()
    moved = Case.objects.get(pk=case.pk)
    decisions = CaseJournalEntry.objects.filter(
        case=case, kind__in=[TransferJournalKind.TRANSFERRED, TransferJournalKind.REFUSED]
    )
    assert decisions.count() == 1
    if outcomes["accept"] == "won":
        assert transfer.status == TransferStatus.ACCEPTED and transfer.refusal_reason == ""
        assert moved.house_id == world.other_house.id
    else:
        assert transfer.status == TransferStatus.REFUSED and transfer.to_number == ""
        assert moved.house_id == world.house.id and moved.number == case.number
