"""The BI API: GET /api/v1/figures/ (the groups and their figure keys) and
GET /api/v1/figures/{group}/ (a group's tables for the filter). Scope `figures:read` for a
token (which acts for its house only), or a session user with VIEW_HOUSE_FIGURES. Always
suppressed, whoever asks (docs/decisions/0165), and audited."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.api.endpoints import Endpoint, Operation
from zvh.api.models import Scope
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.functions import Function
from zvh.network.request import actor_for_request

from . import registry, selectors
from .filters import PERIOD_CHOICES, FigureFilterForm
from .registry import FigureFunction
from .scope import FigureScope
from .table import Number, ValueKind

# The key of each figure function, learnt once by computing it over one day (keys are fixed);
# None for a table for the chain manager's screen only, which the API never gives.
_KEYS: dict[FigureFunction, str | None] = {}


class FigureQuerySerializer(serializers.Serializer):
    """For the contract only: the filter is parsed by zvh.figures.filters.FigureFilterForm."""

    period = serializers.ChoiceField(
        choices=[value for value, _label in PERIOD_CHOICES],
        required=False,
        help_text="A quick pick; `custom` (implied by start/end) uses `start` and `end`. "
        "Default: the last 12 whole months.",
    )
    start = serializers.DateField(required=False, help_text="First day, inclusive.")
    end = serializers.DateField(required=False, help_text="Last day, inclusive (<= 5 years).")
    municipality = serializers.UUIDField(required=False)
    theme = serializers.UUIDField(required=False)
    case_type = serializers.CharField(required=False)
    referring_organisation = serializers.UUIDField(required=False)


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label
    kind = serializers.ChoiceField(choices=[kind.value for kind in ValueKind])
    base = serializers.CharField(allow_null=True)


@extend_schema_field(
    {
        "anyOf": [{"type": "integer"}, {"type": "number", "format": "double"}],
        "nullable": True,
    }
)
class FigureValueField(serializers.Field):
    """A cell as it is: an integer stays an integer (a count is never 3.0), a share, a duration
    or a mean is a number. Read-only: the API takes no figures in."""

    def to_representation(self, value: Number) -> Number:
        if isinstance(value, bool):  # a bool is an int in Python, never a figure
            raise TypeError("a figure is a number")
        return value if isinstance(value, int) else float(value)  # type: ignore[arg-type]


class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label
    values = serializers.DictField(
        child=FigureValueField(allow_null=True),
        help_text="Column key -> value; null where not computable or suppressed. An integer in "
        "a `count` column, a number (double) in the other kinds.",
    )
    suppressed = serializers.DictField(
        child=serializers.CharField(),
        help_text='Column key -> marker ("<5", or "x" for secondary suppression).',
    )


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    row_header = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    total = RowSerializer(allow_null=True)
    chart = serializers.CharField()
    chart_column = serializers.CharField(allow_null=True)

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        """A count column's cells as integers, whatever type its definition computed them in
        (an aggregate may give 3.0)."""
        counts = {c["key"] for c in instance["columns"] if c["kind"] == ValueKind.COUNT}

        def whole(row: dict[str, Any]) -> dict[str, Any]:
            values = {
                key: int(value) if key in counts and value is not None else value
                for key, value in row["values"].items()
            }
            return {**row, "values": values}

        total = instance["total"]
        return super().to_representation(
            {
                **instance,
                "rows": [whole(row) for row in instance["rows"]],
                "total": None if total is None else whole(total),
            }
        )


class GroupFiguresSerializer(serializers.Serializer):
    group = serializers.CharField()
    title = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    filters = serializers.DictField(child=serializers.CharField())
    suppression_threshold = serializers.IntegerField()
    tables = TableSerializer(many=True)


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    figures = serializers.ListField(child=serializers.CharField())


class GroupListSerializer(serializers.Serializer):
    results = GroupSerializer(many=True)


def _figure_keys(group: registry.FigureGroup, scope: FigureScope) -> list[str]:
    for figure in group.figures:
        if figure not in _KEYS:
            table = figure(scope)
            _KEYS[figure] = None if table.chain_manager_only else table.key
    return [key for figure in group.figures if (key := _KEYS[figure]) is not None]


def figure_group_list(request: Request) -> Response:
    actor = actor_for_request(request)
    if actor.house_id is None:
        raise NotFound
    form = FigureFilterForm(None, house_id=actor.house_id)
    day = form.scope()
    one_day = FigureScope(house_id=actor.house_id, start=day.end, end=day.end, today=day.today)
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="figures",
        object_id="index",
        detail={"format": "json"},
    )
    results = [
        {"key": group.key, "title": str(group.title), "figures": _figure_keys(group, one_day)}
        for group in registry.GROUPS
    ]
    return Response(GroupListSerializer({"results": results}).data)


def figure_group(request: Request, group: str) -> Response:
    actor = actor_for_request(request)
    found = registry.group(group)
    if found is None or actor.house_id is None:
        raise NotFound
    form = FigureFilterForm(request.query_params or None, house_id=actor.house_id)
    if form.is_bound and not form.is_valid():
        raise ValidationError(_errors(form))
    figures = selectors.group_figures(
        actor=actor, key=group, scope=form.scope(), filters=form.filters(), fmt="json"
    )
    data: dict[str, Any] = {
        "group": found.key,
        "title": str(found.title),
        "start": figures.scope.start,
        "end": figures.scope.end,
        "filters": form.filters(),
        "suppression_threshold": figures.threshold,
        "tables": [table.to_json() for table in figures.tables],
    }
    return Response(GroupFiguresSerializer(data).data)


def _errors(form: FigureFilterForm) -> dict[str, list[str]]:
    errors = {key: [str(m) for m in messages] for key, messages in form.errors.items()}
    if "__all__" in errors:
        errors["non_field_errors"] = errors.pop("__all__")
    return errors


# --- the table --------------------------------------------------------------------------------

ENDPOINTS = (
    Endpoint(
        name="index",
        path="figures/",
        functions=frozenset({Function.VIEW_HOUSE_FIGURES}),
        operations={
            "GET": Operation(
                handler=figure_group_list,
                scope=Scope.FIGURES_READ,
                operation_id="figures_list",
                summary="The figure groups of the house and the keys of their figures",
                description="Scope `figures:read`, or a session user with the house's figures.",
                tags=["figures"],
                responses=GroupListSerializer,
            ),
        },
        applications=True,
        view_class_name="FigureGroupListApi",
    ),
    Endpoint(
        name="group",
        path="figures/<slug:group>/",
        functions=frozenset({Function.VIEW_HOUSE_FIGURES}),
        operations={
            "GET": Operation(
                handler=figure_group,
                scope=Scope.FIGURES_READ,
                operation_id="figures_retrieve",
                summary="One group's figures for a period and filter, small cells suppressed",
                description="Scope `figures:read`, or a session user with the house's figures. "
                "Every count below the house's threshold is null with a marker in `suppressed`, "
                "also for the chain manager. 400 for a bad filter; 404 for an unknown group.",
                tags=["figures"],
                parameters=[
                    FigureQuerySerializer,
                    OpenApiParameter("group", str, OpenApiParameter.PATH, description="Group key"),
                ],
                responses=GroupFiguresSerializer,
            ),
        },
        applications=True,
        view_class_name="FigureGroupApi",
    ),
)
