"""Statements for the few hot paths where building a query with the ORM costs more than running
it: the API token check, the rate-limit count, the signal lookup and the access log's append
(docs/decisions/0151-signal-lookup-at-500-per-second.md). The ORM spends about 0.3 ms of CPU
composing a query that the database answers in 0.05; at hundreds of calls a second that is the
difference between meeting a throughput target and not.

SQL is written per call site, with table and column names taken from the models. What the ORM
would do with values going in (`get_db_prep_save`) and rows coming out (the backend's and the
field's converters) is done here the same way, so a row reads as the ORM would read it.

On PostgreSQL these statements are prepared: planning the signal's five-table join took ten
times as long as running it. Django's own cursors bind parameters on the client, which cannot
prepare; `cursor()` gives one that binds on the server, for these statements only, wrapped as
Django wraps its cursors so that query logging and counting (the tests' budgets) still see them.
`pipeline()` sends statements that need no answer in between in one round trip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, cast

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Field, Model, Value

Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


class _LoggedPreparedCursor(CursorDebugWrapper):
    """Django's query log for these cursors: psycopg keeps no text of a prepared statement to
    read back, so the statement is logged as written, with its placeholders."""

    @contextmanager
    def debug_sql(
        self,
        sql: str | None = None,
        params: Any = None,
        use_last_executed_query: bool = False,
        many: bool = False,
    ) -> Iterator[None]:
        with super().debug_sql(sql, params, use_last_executed_query=False, many=many):
            yield


def cursor(using: str = "default") -> Any:
    """A cursor for hot statements, to use in a `with` block: on PostgreSQL one that prepares
    each statement on first use (psycopg keeps up to 100 per connection); elsewhere Django's."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg  # only where PostgreSQL is the database

    connection.ensure_connection()
    raw_connection = connection.connection
    # Only server-binding cursors prepare; Django's client-binding ones ignore this threshold.
    raw_connection.prepare_threshold = 0
    raw_cursor = psycopg.Cursor(raw_connection)
    if connection.queries_logged:
        return _LoggedPreparedCursor(raw_cursor, connection)
    return connection.make_cursor(raw_cursor)  # type: ignore[arg-type]


@contextmanager
def pipeline(using: str = "default") -> Iterator[None]:
    """On PostgreSQL the statements of this block go out together and their results are read
    only when needed (psycopg's pipeline mode): one round trip where there were several. The
    first statement of a transaction brings its BEGIN along. Start it inside `atomic()`, not
    around it: switching autocommit costs a round trip in pipeline mode. Elsewhere nothing
    changes."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.connection.pipeline():
        yield


def quote(name: str, using: str = "default") -> str:
    return str(connections[using].ops.quote_name(name))


def table(model: type[Model], using: str = "default") -> str:
    return quote(model._meta.db_table, using)


def column(model: type[Model], field_name: str, using: str = "default") -> str:
    return quote(str(cast(Field, model._meta.get_field(field_name)).column), using)


@cache
def _converters(vendor: str, alias: str, fields: tuple[Field, ...]) -> tuple[list[Any], ...]:
    # Keyed by vendor too: tests switch one alias between databases only through settings.
    connection = connections[alias]
    found = []
    for field in fields:
        # A field of no model stands for a computed column (EXISTS (...) AS a boolean).
        expression = (
            field.get_col(field.model._meta.db_table)
            if hasattr(field, "model")
            else Value(None, output_field=field)
        )
        found.append(
            [
                *connection.ops.get_db_converters(expression),
                *expression.get_db_converters(connection),
            ]
        )
    return tuple(found)


def fetch(
    sql: str, params: Sequence[Any], fields: Sequence[Field], using: str = "default"
) -> list[tuple[Any, ...]]:
    """Run a SELECT whose columns are `fields`, in order; values converted as the ORM does."""
    connection = connections[using]
    with cursor(using) as hot_cursor:
        hot_cursor.execute(sql, params)
        rows = hot_cursor.fetchall()
    if not rows:
        return []
    converters = _converters(connection.vendor, using, tuple(fields))
    converted = []
    for row in rows:
        values = list(row)
        for index, field_converters in enumerate(converters):
            for converter in field_converters:
                values[index] = converter(values[index], fields[index], connection)
        converted.append(tuple(values))
    return converted


def prepared(field: Field, value: Any, using: str = "default") -> Any:
    """A value as the ORM would send it for this field (UUIDs, dates, JSON)."""
    return field.get_db_prep_save(value, connections[using])


@cache
def _insert_sql(vendor: str, alias: str, model: type[Model]) -> tuple[str, list[Field]]:
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(quote(str(field.column), alias) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {table(model, alias)} ({columns}) VALUES ({placeholders})", fields  # noqa: S608


def insert_statement(obj: Model, using: str = "default") -> tuple[str, list[Any]]:
    """The INSERT of one object and its parameters, for a caller that combines it with other
    statements; `obj` counts as saved from here on, as after `insert`."""
    connection = connections[using]
    sql, fields = _insert_sql(connection.vendor, using, type(obj))
    params = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    obj._state.adding = False
    obj._state.db = using
    return sql, params


def insert(objects: Iterable[Model], using: str = "default") -> None:
    """INSERT the objects (all of one model) as `Model.save(force_insert=True)` would, defaults
    and auto_now_add included, without signals: for append-only rows nobody listens to."""
    statements = [insert_statement(obj, using) for obj in objects]
    if not statements:
        return
    with cursor(using) as hot_cursor:
        if len(statements) == 1:
            hot_cursor.execute(*statements[0])
        else:
            hot_cursor.executemany(statements[0][0], [params for _, params in statements])
