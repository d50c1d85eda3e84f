"""The information item's move from `cases` to `sharing` (decision 0196) on the demo database:
built at the migration before the move, migrated forward, every row is still there, the access
log still verifies and its item events still name their case."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F

from tests.audit.support import (  # noqa: F401 (fixtures)
    _append_only_back_after_flush,
    flushable_audit_log,
)
from tests.demo.support import run_demo
from zvh.audit.models import AuditEvent
from zvh.audit.references import object_references

BEFORE = [("cases", "0017_case_settings_uploads"), ("sharing", "0002_seed_legal_bases")]
MOVE = [("sharing", "0003_information_item"), ("cases", "0018_information_item_to_sharing")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrates to `targets`; the historical models there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _counts(item: Any, subject: Any, release: Any, journal: Any) -> dict[str, int]:
    return {
        "items": item.objects.count(),
        "attachments": item.objects.exclude(attachment="").count(),
        "subjects": subject.objects.count(),
        "releases": release.objects.count(),
        "journal lines of an item": journal.objects.filter(note__isnull=False).count(),
        # A join over the moved foreign key: each item's line is in the item's own case.
        "journal lines in the item's case": journal.objects.filter(note__case=F("case")).count(),
    }


@pytest.mark.usefixtures("flushable_audit_log")
def test_the_move_keeps_every_row_and_the_audit_chain(settings):
    settings.DEBUG = True
    old = _migrate(BEFORE)
    try:
        run_demo()
        before = _counts(
            old.get_model("cases", "CaseNote"),
            old.get_model("cases", "CaseNoteSubject"),
            old.get_model("sharing", "ItemRelease"),
            old.get_model("cases", "CaseJournalEntry"),
        )
        events_before = AuditEvent.objects.count()
    finally:
        leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
        new = _migrate(leaves)
    assert set(MOVE) <= set(MigrationExecutor(connection).loader.applied_migrations)

    after = _counts(
        new.get_model("sharing", "InformationItem"),
        new.get_model("sharing", "InformationItemSubject"),
        new.get_model("sharing", "ItemRelease"),
        new.get_model("cases", "CaseJournalEntry"),
    )
    assert before["items"] and before["subjects"] and before["journal lines of an item"]
    assert after == before
    assert AuditEvent.objects.count() == events_before
    call_command("audit_verify", stdout=StringIO())

    # Events stored under the old type string still resolve to the item's case.
    item_events = list(
        AuditEvent.objects.filter(object_type="case_note").values_list("object_type", "object_id")
    )
    assert item_events
    references = object_references(item_events)
    assert all(key in references for key in item_events)
