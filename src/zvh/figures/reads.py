"""Reads the figures of a group share, made once per computation, and the two statistics of a
duration (median, P90) computed where the rows are.

A group page shows several figures over the same rows (the triage decisions, the case events of
the throughput, the ZRM changes). `shared_reads()` opens a memo for one computation of a group
(page, export, API, report); a read decorated with `@shared` runs once per arguments inside it,
and as usual outside it. The memo lives in a context variable, so two requests never share one.

`duration_stats` takes a query that yields one duration per row and returns count, median and
P90 per group. On PostgreSQL the database computes them (`percentile_cont(0.5)`: the mean of
the two middle values for an even count; `percentile_disc(0.9)`: the smallest value with at
least 90% of the values at or below it, the nearest rank), so no row crosses the wire; SQLite
has no percentile functions, so there the rows are fetched and the same two statistics are
computed here. Decision 0173.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from django.db import connection
from django.db.models import Expression, FloatField, Func, QuerySet

SECONDS_PER_DAY = 86400
P = ParamSpec("P")
R = TypeVar("R")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("figure_reads", default=None)


@contextmanager
def shared_reads() -> Iterator[None]:
    """Within it, every `@shared` read runs once per arguments. Nested uses share the outer
    memo."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def shared(read: Callable[P, R]) -> Callable[P, R]:
    """A read whose result the figures of one computation share (its arguments must be
    hashable: a FigureScope, dates, strings). The result must not be changed by its users."""

    @functools.wraps(read)
    def once(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _memo.get()
        if memo is None:
            return read(*args, **kwargs)
        key = (read, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = read(*args, **kwargs)
        return memo[key]

    return once


def days_sql(start: str, end: str, vendor: str = "") -> str:
    """SQL for the days (a float) from `start` to `end`, two timestamp expressions, in this
    database's dialect; exact to the microsecond, as `days_between` in Python."""
    if (vendor or connection.vendor) == "postgresql":
        return f"(date_part('epoch', {end} - {start}) / 86400)"
    # Django's own SQLite function for datetime subtraction: microseconds, an integer.
    return f"(django_timestamp_diff({end}, {start}) / 1000000.0 / 86400)"


class DaysBetween(Func):
    """The days (a float) from `start` to `end`, two DateTimeFields, computed in the database;
    NULL when either is NULL. Exact to the microsecond, as `(end - start).total_seconds() /
    86400` in Python."""

    output_field = FloatField()

    def __init__(self, start: str | Expression, end: str | Expression) -> None:
        super().__init__(end, start)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return days_sql(start, end, connection.vendor), (*end_params, *start_params)


def days_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / SECONDS_PER_DAY


def median(values: list[float]) -> float | None:
    """The middle value; the mean of the two middle values for an even number. None if empty."""
    return statistics.median(values) if values else None


def p90(values: list[float]) -> float | None:
    """The 90th percentile by nearest rank: the smallest value with at least 90% of the values
    at or below it (the ceil(0.9 n)-th of the sorted values). None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


@dataclass(frozen=True)
class DurationStats:
    count: int
    median: float | None
    p90: float | None


NO_DURATIONS = DurationStats(0, None, None)


Stats = dict[tuple[Any, ...], DurationStats]


Source = QuerySet[Any] | tuple[str, list[Any]]


def duration_stats(durations: Source, value: str, *group_sets: tuple[str, ...]) -> list[Stats]:
    """Count, median and P90 of `value` over the rows of `durations`, once per group set: for
    each set a dict from the combination of its fields' values to the statistics (`()` for all
    rows together). A combination without rows is absent. One query.

    `durations` is a queryset that has the fields (e.g. annotated), or SQL with its parameters
    whose columns are the fields of all sets (each once, in order of first mention) and then
    `value`."""
    fields = list(dict.fromkeys(name for names in group_sets for name in names))
    inner, params = _sql(durations, fields, value)
    if connection.vendor == "postgresql":
        return _in_postgresql(inner, params, fields, group_sets)
    found: list[dict[tuple[Any, ...], list[float]]] = [defaultdict(list) for _ in group_sets]
    positions = [[fields.index(name) for name in names] for names in group_sets]
    with connection.cursor() as cursor:
        cursor.execute(inner, params)
        rows = cursor.fetchall()
    for *keys, duration in rows:
        if duration is None:
            continue
        for index, chosen in enumerate(positions):
            found[index][tuple(keys[p] for p in chosen)].append(float(duration))
    return [
        {key: DurationStats(len(values), median(values), p90(values)) for key, values in f.items()}
        for f in found
    ]


def grouped_counts(rows: Source, *fields: str) -> dict[tuple[Any, ...], int]:
    """How many rows of `rows` per combination of `fields`: a GROUP BY over the rows of another
    query (for instance per referral, GROUP BY its outcome after an aggregate per referral)."""
    inner, params = _sql(rows, list(fields), None)
    keys = ", ".join(f"k{index}" for index in range(len(fields)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH d({keys}) AS ({inner}) SELECT {keys}, COUNT(*) FROM d GROUP BY {keys}",  # noqa: S608
            params,
        )
        return {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}


def _sql(durations: Source, fields: list[str], value: str | None) -> tuple[str, list[Any]]:
    if isinstance(durations, tuple):
        return durations
    # Django 5.2 keeps the order of values() in the SELECT clause.
    columns = [*fields, value] if value else fields
    inner, params = durations.values(*columns).query.sql_with_params()
    return inner, list(params)


def _in_postgresql(
    inner: str, params: list[Any], fields: list[str], group_sets: tuple[tuple[str, ...], ...]
) -> list[Stats]:
    # The CTE's columns are named by position, so a related or annotated field needs no alias.
    keys = [f"k{index}" for index in range(len(fields))]
    sets = ", ".join(
        "(" + ", ".join(keys[fields.index(name)] for name in names) + ")" for names in group_sets
    )
    # GROUPING(k0, ..., kn): a bit per key, 1 where the row's set does not group by it.
    grouping = f"GROUPING({', '.join(keys)})" if keys else "0"
    # Only generated names and Django's own compiled SQL are joined here; values are params.
    sql = (
        f"WITH d({', '.join([*keys, 'v'])}) AS ({inner}) "  # noqa: S608
        f"SELECT {''.join(k + ', ' for k in keys)}{grouping}, COUNT(*), "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
        "percentile_disc(0.9) WITHIN GROUP (ORDER BY v) "
        f"FROM d WHERE v IS NOT NULL GROUP BY GROUPING SETS ({sets})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(keys)
    masks = [
        sum(1 << (width - 1 - i) for i, name in enumerate(fields) if name not in names)
        for names in group_sets
    ]
    found: list[Stats] = [{} for _ in group_sets]
    for row in rows:
        mask, count, middle, ninetieth = row[width:]
        for index, names in enumerate(group_sets):
            if masks[index] == mask and count:
                key = tuple(row[fields.index(name)] for name in names)
                found[index][key] = DurationStats(count, middle, ninetieth)
    return found
