"""The one shape every figure has, so that pages, charts, exports, the API, the steering-group
report's snapshot and the suppression all handle any figure alike.

A `FigureTable` is rows × columns of numbers. COUNT columns are additive: the `total` row sums
them, and they are what small-cell suppression protects. Derived columns (a share, a median or
mean in days or points) name the COUNT column that is their `base` (the n they were computed
from): a derived cell is suppressed whenever its base cell is (zvh.figures.suppression).
`None` is "not computable" (no cases with both scores, say); it shows as "–".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ValueKind(StrEnum):
    COUNT = "count"  # whole number of rows (referrals, cases, agreements, ...)
    SHARE = "share"  # 0..1, shown as a percentage
    DAYS = "days"  # a duration in days (median, P90)
    POINTS = "points"  # a mean change on a scale (ZRM)
    # An amount in euros (two decimals; the co-financing calculator, decision 0169). Additive like
    # a count; with a `base` it is suppressed with its base cell like a derived column.
    MONEY = "money"


Number = int | float | None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ValueKind = ValueKind.COUNT
    # For a derived column: the key of the COUNT column in the same row that is its n.
    base: str | None = None
    # Public reference data (a municipality's inhabitants): shown as it is, never suppressed.
    public: bool = False
    # A SHARE of the column's total (the base cell over all rows, a municipality's share of all
    # cases) rather than a part of its base: it is hidden with its base, and the check that a
    # share of a published base gives a small numerator away (share × base) does not apply.
    of_total: bool = False


@dataclass
class Row:
    key: str  # stable: an id, a choice value or "YYYY-MM"; used in exports and the API
    label: str
    values: dict[str, Number]
    # Query parameters that select the list behind this row (chain manager only); empty: none.
    drill: dict[str, str] = field(default_factory=dict)
    # Set only on a suppressed copy (zvh.figures.suppression): column key -> the marker shown
    # instead ("<5", or "x" for a cell hidden so that a total cannot give a small one away).
    # The value of a suppressed cell is None in that copy: the exact number never leaves.
    suppressed: dict[str, str] = field(default_factory=dict)


@dataclass
class FigureTable:
    key: str  # e.g. "inflow.by_organisation"; unique over all figures
    title: str
    definition: str  # formula, which date counts, what is excluded: shown under the figure
    row_header: str
    columns: tuple[Column, ...]
    rows: list[Row]
    total: Row | None = None
    # "bar" (categories), "line" (a monthly series), or "" for no chart.
    chart: str = "bar"
    # The column the chart draws (default: the first column).
    chart_column: str | None = None
    # Shown on the chain manager's own screen only (free text that may name a person, such as
    # the motivations of departures from the national rule). Nothing that leaves that screen
    # (another role's page, CSV/XLSX, the API, a report's snapshot) ever carries it: the
    # suppressing step drops such a table (zvh.figures.suppression.suppressed_tables) and
    # refuses to make a suppressed copy of it (suppress).
    chain_manager_only: bool = False

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def all_rows(self) -> list[Row]:
        """The rows, then the total row when there is one."""
        return [*self.rows, *([self.total] if self.total is not None else [])]

    def to_json(self) -> dict[str, Any]:
        """Plain data for a snapshot or the API (suppressed tables too: see suppression)."""
        data: dict[str, Any] = {
            "key": self.key,
            "title": self.title,
            "definition": self.definition,
            "row_header": self.row_header,
            "columns": [_column_json(c) for c in self.columns],
            "rows": [_row_json(r) for r in self.rows],
            "total": None if self.total is None else _row_json(self.total),
            "chart": self.chart,
            "chart_column": self.chart_column,
        }
        # Only when set: the JSON of every other figure (snapshots, the API) stays as it was.
        if self.chain_manager_only:
            data["chain_manager_only"] = True
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FigureTable:
        total = data.get("total")
        return cls(
            key=data["key"],
            title=data["title"],
            definition=data["definition"],
            row_header=data["row_header"],
            columns=tuple(
                Column(
                    c["key"],
                    c["label"],
                    ValueKind(c["kind"]),
                    c.get("base"),
                    public=c.get("public", False),
                    of_total=c.get("of_total", False),
                )
                for c in data["columns"]
            ),
            rows=[_row_from_json(r) for r in data["rows"]],
            total=None if total is None else _row_from_json(total),
            chart=data.get("chart", "bar"),
            chart_column=data.get("chart_column"),
            chain_manager_only=data.get("chain_manager_only", False),
        )


def _column_json(column: Column) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": column.key,
        "label": column.label,
        "kind": str(column.kind),
        "base": column.base,
    }
    # Only when set: the JSON of every other figure (snapshots, the API) stays as it was.
    if column.public:
        data["public"] = True
    if column.of_total:
        data["of_total"] = True
    return data


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "values": row.values,
        "suppressed": row.suppressed,
    }


def _row_from_json(data: dict[str, Any]) -> Row:
    return Row(
        data["key"],
        data["label"],
        dict(data["values"]),
        suppressed=dict(data.get("suppressed", {})),
    )
