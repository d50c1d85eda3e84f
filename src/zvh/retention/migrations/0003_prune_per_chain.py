"""Prunes per chain (decision 0190). A DELETE of an event (or of its person-index rows) passes
only when a recorded prune of the event's own chain covers it, never for a chain's newest event,
and on PostgreSQL only for the role that owns the tables. A recorded prune of the legacy global
chain (through_seq NULL, as every prune before this migration) covers legacy events by id.
UPDATE stays refused, and TRUNCATE on PostgreSQL.

On SQLite the triggers keep their names from audit 0002, so the test helpers that lift and
restore them (tests/audit/support.py) find them; they call `create_triggers` below after the
audit migration's own to put this version back.
"""

import importlib

from django.db import migrations, models

_before = importlib.import_module("zvh.retention.migrations.0002_audit_prune_triggers")

# (table, the column that holds the event id)
TABLES = (("audit_auditevent", "id"), ("audit_auditeventperson", "event_id"))

POSTGRES_FUNCTIONS = (
    """
CREATE OR REPLACE FUNCTION zvh_audit_deletable(target bigint) RETURNS boolean AS $$
DECLARE
  e record;
BEGIN
  SELECT id, house_id, seq INTO e FROM audit_auditevent WHERE id = target;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF e.seq IS NULL THEN
    RETURN e.id <= (SELECT COALESCE(MAX(through_event_id), 0) FROM retention_auditprune
                    WHERE through_seq IS NULL);
  END IF;
  IF e.house_id IS NULL THEN
    RETURN e.seq <= (SELECT COALESCE(MAX(through_seq), 0) FROM retention_auditprune
                     WHERE through_seq IS NOT NULL AND house_id IS NULL)
       AND e.seq < (SELECT MAX(seq) FROM audit_auditevent WHERE house_id IS NULL AND seq IS NOT NULL);
  END IF;
  RETURN e.seq <= (SELECT COALESCE(MAX(through_seq), 0) FROM retention_auditprune
                   WHERE house_id = e.house_id)
     AND e.seq < (SELECT MAX(seq) FROM audit_auditevent WHERE house_id = e.house_id);
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE OR REPLACE FUNCTION zvh_audit_delete_pruned_only() RETURNS trigger AS $$
BEGIN
  IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')
     AND zvh_audit_deletable((to_jsonb(OLD) ->> TG_ARGV[0])::bigint) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql
""",
)

# SQLite: whether the event `e` may go (the same rule as zvh_audit_deletable).
SQLITE_DELETABLE = (
    "((e.seq IS NULL AND e.id <= (SELECT COALESCE(MAX(p.through_event_id), 0) "
    "FROM retention_auditprune p WHERE p.through_seq IS NULL)) "
    "OR (e.seq IS NOT NULL AND e.seq <= (SELECT COALESCE(MAX(p.through_seq), 0) "
    "FROM retention_auditprune p WHERE p.through_seq IS NOT NULL AND p.house_id IS e.house_id) "
    "AND e.seq < (SELECT MAX(x.seq) FROM audit_auditevent x "
    "WHERE x.house_id IS e.house_id AND x.seq IS NOT NULL)))"
)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for function in POSTGRES_FUNCTIONS:
            schema_editor.execute(function)
        return  # the triggers of 0002 call the function by name
    if vendor != "sqlite":  # pragma: no cover - only the two supported databases exist
        raise RuntimeError(f"No audit triggers for database vendor {vendor}")
    for table, column in TABLES:
        condition = (
            f"WHEN NOT EXISTS (SELECT 1 FROM audit_auditevent e WHERE e.id = OLD.{column} "
            f"AND {SQLITE_DELETABLE}) "
        )
        for statement in _before._sqlite(table, condition):
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    """Back to retention 0002."""
    _before.create_triggers(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS zvh_audit_deletable(bigint)")


class Migration(migrations.Migration):

    dependencies = [
        ('retention', '0002_audit_prune_triggers'),
        ('audit', '0004_per_house_keyed_chain'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditprune',
            name='house_id',
            field=models.UUIDField(null=True),
        ),
        migrations.AddField(
            model_name='auditprune',
            name='through_seq',
            field=models.BigIntegerField(null=True),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
