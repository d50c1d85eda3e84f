"""The access log stays append-only, with one privileged path for retention: a DELETE of an
event (or of its person-index rows) passes only when a recorded prune (`retention_auditprune`)
covers its id, and on PostgreSQL only for the role that owns the tables (the one that runs the
migrations): the app role still cannot remove a single event. UPDATE stays refused, and
TRUNCATE too on PostgreSQL (audit migration 0002).

On SQLite the triggers keep their names from audit 0002, so the test helpers that lift and
restore them (tests/audit/support.py) find them; they call `create_triggers` below after the
audit migration's own to put this version back.
"""

from django.db import migrations

# (table, the column that holds the event id)
TABLES = (("audit_auditevent", "id"), ("audit_auditeventperson", "event_id"))
PERMITTED = "(SELECT COALESCE(MAX(through_event_id), 0) FROM retention_auditprune)"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION zvh_audit_delete_pruned_only() RETURNS trigger AS $$
BEGIN
  IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')
     AND (to_jsonb(OLD) ->> TG_ARGV[0])::bigint <= {PERMITTED} THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql
"""


def _postgres(table: str, column: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_delete_pruned_only ON {table}",
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION zvh_audit_append_only()",
        f"CREATE TRIGGER {table}_delete_pruned_only BEFORE DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION zvh_audit_delete_pruned_only('{column}')",
    ]


def _postgres_back(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_delete_pruned_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION zvh_audit_append_only()",
    ]


def _sqlite(table: str, condition: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_delete",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} {condition}"
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
    ]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        statements = [s for table, column in TABLES for s in _postgres(table, column)]
    elif vendor == "sqlite":
        statements = [
            s for table, column in TABLES for s in _sqlite(table, f"WHEN OLD.{column} > {PERMITTED} ")
        ]
    else:  # pragma: no cover - only the two supported databases exist
        raise RuntimeError(f"No audit triggers for database vendor {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    """Back to audit 0002: every DELETE refused."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table, _column in TABLES:
            for statement in _postgres_back(table):
                schema_editor.execute(statement)
        schema_editor.execute("DROP FUNCTION IF EXISTS zvh_audit_delete_pruned_only()")
    elif vendor == "sqlite":
        for table, _column in TABLES:
            for statement in _sqlite(table, ""):
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
