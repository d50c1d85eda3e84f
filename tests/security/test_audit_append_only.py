"""The database itself refuses to change or remove audit rows, through the ORM and in raw SQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction

from tests.audit.support import PROTECTED_TABLES, audit_verify, build_chain
from zvh.audit.models import AuditEvent, AuditEventPerson

pytestmark = pytest.mark.django_db

MODELS = {"audit_auditevent": AuditEvent, "audit_auditeventperson": AuditEventPerson}


def _raw(sql: str) -> Callable[[str], None]:
    def run(table: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql.format(table=table))

    return run


def _orm_update(table: str) -> None:
    model = MODELS[table]
    column = "object_type" if model is AuditEvent else "person_id"
    value = "tampered" if model is AuditEvent else "00000000-0000-0000-0000-000000000000"
    model.objects.filter(pk=model.objects.order_by("pk").first().pk).update(**{column: value})


def _orm_save(table: str) -> None:
    row = MODELS[table].objects.order_by("pk").first()
    row.save()  # an existing primary key: Django issues an UPDATE


def _orm_delete_one(table: str) -> None:
    MODELS[table].objects.order_by("pk").first().delete()


def _orm_delete_all(table: str) -> None:
    MODELS[table].objects.all().delete()


REFUSED = {
    "orm update": _orm_update,
    "orm save": _orm_save,
    "orm delete one": _orm_delete_one,
    "orm delete all": _orm_delete_all,
    "raw update": _raw("UPDATE {table} SET id = id"),
    "raw delete": _raw("DELETE FROM {table}"),
}


@pytest.mark.parametrize("table", PROTECTED_TABLES)
@pytest.mark.parametrize("operation", REFUSED, ids=str)
def test_changing_or_removing_audit_rows_is_refused(table, operation):
    build_chain(4)
    count = MODELS[table].objects.count()
    assert count > 0
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        REFUSED[operation](table)
    assert MODELS[table].objects.count() == count
    assert audit_verify() == (None, "OK: 4 events\n")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no TRUNCATE (DELETE is tested above)"
)
@pytest.mark.parametrize("table", PROTECTED_TABLES)
def test_truncate_is_refused_on_postgresql(table):
    build_chain(4)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw("TRUNCATE {table}")(table)
    assert audit_verify() == (None, "OK: 4 events\n")


def test_inserting_is_still_allowed():
    """The triggers guard changes, not appends: the log must keep working."""
    build_chain(2)
    build_chain(2)
    assert audit_verify() == (None, "OK: 4 events\n")
