"""The access log is append-only: the database itself refuses UPDATE and DELETE."""

from django.db import migrations

PROTECTED_TABLES = ("audit_auditevent", "audit_auditeventperson")

SQLITE_DROP = """
DROP TRIGGER IF EXISTS {table}_no_update;
DROP TRIGGER IF EXISTS {table}_no_delete;
"""

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION zvh_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""
POSTGRES_CREATE = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION zvh_audit_append_only();
CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION zvh_audit_append_only();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in PROTECTED_TABLES:
            for statement in POSTGRES_CREATE.format(table=table).split(";"):
                if statement.strip():
                    schema_editor.execute(statement)
    elif vendor == "sqlite":
        for table in PROTECTED_TABLES:
            for kind in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{kind.lower()} BEFORE {kind} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
                )
    else:  # pragma: no cover - only the two supported databases exist
        raise RuntimeError(f"No append-only triggers for database vendor {vendor}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in PROTECTED_TABLES:
        if vendor == "postgresql":
            for statement in POSTGRES_DROP.format(table=table).split(";"):
                if statement.strip():
                    schema_editor.execute(statement)
        elif vendor == "sqlite":
            for statement in SQLITE_DROP.format(table=table).split(";"):
                if statement.strip():
                    schema_editor.execute(statement)


def create_chain_head(apps, schema_editor):
    head = apps.get_model("audit", "AuditChainHead")
    head.objects.get_or_create(id=1, defaults={"last_event_id": 0, "last_hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(create_chain_head, migrations.RunPython.noop),
    ]
