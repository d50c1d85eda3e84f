"""Marks the existing journal lines that carry a conference's content with that conference's
id (`CaseJournalEntry.conference_id`, added by cases 0012), so the declaration gate applies to
them too (docs/decisions/0155). It lives here, not in cases: it reads conference rows.

- A decision line (`conference_decision`) names its conference's id in `data["conference"]`.
- A minutes line copied at a transfer (`transfer_minutes`) names the conference's number; the
  agenda item of that case under that number gives the id.

A line whose conference cannot be found gets the nil UUID: no declaration can ever be accepted
for it, so it stays with house staff and covenant parties (fail closed)."""

from __future__ import annotations

import uuid

from django.db import migrations

UNKNOWN = uuid.UUID(int=0)
BATCH = 500


def _conference_id(AgendaItem, entry) -> uuid.UUID:
    reference = str((entry.data or {}).get("conference", ""))
    if entry.kind == "conference_decision":
        try:
            return uuid.UUID(reference)
        except ValueError:
            return UNKNOWN
    items = AgendaItem.objects.filter(case_id=entry.case_id, conference__number=reference)
    found = (
        items.filter(minutes=entry.text).values_list("conference_id", flat=True).first()
        or items.values_list("conference_id", flat=True).first()
    )
    return found or UNKNOWN


def fill(apps, schema_editor):
    Entry = apps.get_model("cases", "CaseJournalEntry")
    AgendaItem = apps.get_model("conferences", "AgendaItem")
    ids = list(
        Entry.objects.filter(
            conference_id__isnull=True, kind__in=["conference_decision", "transfer_minutes"]
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        entries = list(
            Entry.objects.filter(id__in=ids[start : start + BATCH]).only(
                "id", "case_id", "kind", "data", "text"
            )
        )
        for entry in entries:
            entry.conference_id = _conference_id(AgendaItem, entry)
        Entry.objects.bulk_update(entries, ["conference_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_journal_conference_id"),
        ("conferences", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
