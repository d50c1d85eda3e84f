"""Figures of the group "caseload": open cases per process coordinator, cases by theme and case
type, cases open longer than the house's norm, the monthly flow; and the process coordinator's
own caseload (`caseload_for_coordinator`).

Definitions: docs/decisions/0162-figure-definitions-cases.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from zvh.cases.models import Case, CaseStatus, CaseType, Theme
from zvh.figures.scope import FigureScope
from zvh.figures.settings import figure_settings
from zvh.figures.table import Column, FigureTable, Row
from zvh.plans.models import Agreement

from .calendar import day_start, month_key, months
from .case_scope import (
    CURRENT,
    Category,
    case_filter,
    in_days,
    open_on,
    stock_day,
    total_row,
    two_period_table,
)

NONE = "none"


def _cases(scope: FigureScope) -> Any:
    return Case.objects.filter(case_filter(scope)).order_by()


def _drill_open(day: date, **extra: str) -> dict[str, str]:
    return {"list": "cases", "open_on": day.isoformat(), **extra}


def _drill_opened(scope: FigureScope, **extra: str) -> dict[str, str]:
    return {
        "list": "cases",
        "from": scope.start.isoformat(),
        "to": scope.end.isoformat(),
        "date": "opened",
        **extra,
    }


def _open_definition() -> str:
    return _(
        "Open: geopend op of vóór de peildatum en niet vóór die dag afgesloten. Peildatum: de "
        "laatste dag van de periode, of vandaag als de periode nog loopt. Een heropende casus "
        "telt vanaf de oorspronkelijke opening. Alle filters zijn van toepassing."
    )


def open_by_coordinator(scope: FigureScope) -> FigureTable:
    day, previous_day = stock_day(scope), stock_day(scope.previous())
    grouped = (
        _cases(scope)
        .filter(open_on(day) | open_on(previous_day))
        .values(
            "process_coordinator_id",
            "process_coordinator__first_name",
            "process_coordinator__last_name",
            "process_coordinator__username",
            "process_coordinator__sort_name",
        )
        .annotate(
            current=Count("id", filter=open_on(day)),
            previous=Count("id", filter=open_on(previous_day)),
        )
    )
    current: dict[str, int] = {}
    previous: dict[str, int] = {}
    categories = []
    # By surname without its prefix, as every list of users (decision 0181).
    for item in sorted(grouped, key=lambda row: row["process_coordinator__sort_name"] or ""):
        user_id = item["process_coordinator_id"]
        key = NONE if user_id is None else str(user_id)
        current[key], previous[key] = item["current"], item["previous"]
        if user_id is None:
            continue
        name = " ".join(
            part
            for part in (
                item["process_coordinator__first_name"],
                item["process_coordinator__last_name"],
            )
            if part
        )
        categories.append(
            Category(
                key,
                name or item["process_coordinator__username"],
                _drill_open(day, process_coordinator=key),
            )
        )
    categories.append(Category(NONE, _("Geen procesregisseur")))
    return two_period_table(
        key="caseload.by_coordinator",
        title=_("Open casussen per procesregisseur"),
        definition=_open_definition(),
        row_header=_("Procesregisseur"),
        categories=categories,
        current=current,
        previous=previous,
        keep_empty=False,
    )


def _theme_counts(
    scope: FigureScope, current_q: Q, previous_q: Q
) -> tuple[dict[str, int], dict[str, int]]:
    """Per theme of the house, and for cases without a theme (key NONE), the scoped cases that
    meet each condition: one query, grouping the cases joined to their themes (a case without
    a theme joins once, with none)."""
    grouped = (
        _cases(scope)
        .filter(current_q | previous_q)
        .values("themes")
        .annotate(current=Count("id", filter=current_q), previous=Count("id", filter=previous_q))
    )
    keys = [(NONE if item["themes"] is None else str(item["themes"]), item) for item in grouped]
    return (
        {key: item["current"] for key, item in keys},
        {key: item["previous"] for key, item in keys},
    )


def _theme_categories(scope: FigureScope, drill: Callable[[str], dict[str, str]]) -> list[Category]:
    themes = Theme.objects.filter(house_id=scope.house_id).order_by("position", "name")
    categories = [Category(str(theme.pk), theme.name, drill(str(theme.pk))) for theme in themes]
    categories.append(Category(NONE, _("Geen thema")))
    return categories


def opened_by_theme(scope: FigureScope) -> FigureTable:
    previous_scope = scope.previous()
    current, previous = _theme_counts(
        scope,
        in_days("opened_at", scope.start, scope.end),
        in_days("opened_at", previous_scope.start, previous_scope.end),
    )
    return two_period_table(
        key="caseload.opened_by_theme",
        title=_("Geopende casussen per thema"),
        definition=_(
            "Casussen met de openingsdatum in de periode, per thema van de casus. Een casus met "
            "meer thema's telt bij elk thema; daarom is er geen totaalrij. Alle filters zijn van "
            "toepassing."
        ),
        row_header=_("Thema"),
        categories=_theme_categories(scope, lambda theme: _drill_opened(scope, theme=theme)),
        current=current,
        previous=previous,
        total=False,
        keep_empty=False,
    )


def open_by_theme(scope: FigureScope) -> FigureTable:
    day = stock_day(scope)
    current, previous = _theme_counts(scope, open_on(day), open_on(stock_day(scope.previous())))
    return two_period_table(
        key="caseload.open_by_theme",
        title=_("Open casussen per thema"),
        definition=_open_definition()
        + " "
        + _("Een casus met meer thema's telt bij elk thema; daarom is er geen totaalrij."),
        row_header=_("Thema"),
        categories=_theme_categories(scope, lambda theme: _drill_open(day, theme=theme)),
        current=current,
        previous=previous,
        total=False,
        keep_empty=False,
    )


def _by_case_type(
    scope: FigureScope, current_q: Q, previous_q: Q
) -> tuple[dict[str, int], dict[str, int]]:
    grouped = (
        _cases(scope)
        .filter(current_q | previous_q)
        .values("case_type")
        .annotate(current=Count("id", filter=current_q), previous=Count("id", filter=previous_q))
    )
    return (
        {item["case_type"]: item["current"] for item in grouped},
        {item["case_type"]: item["previous"] for item in grouped},
    )


def opened_by_case_type(scope: FigureScope) -> FigureTable:
    previous_scope = scope.previous()
    current, previous = _by_case_type(
        scope,
        in_days("opened_at", scope.start, scope.end),
        in_days("opened_at", previous_scope.start, previous_scope.end),
    )
    return two_period_table(
        key="caseload.opened_by_case_type",
        title=_("Geopende casussen per soort casus"),
        definition=_(
            "Casussen met de openingsdatum in de periode. Alle filters zijn van toepassing."
        ),
        row_header=_("Soort casus"),
        categories=[
            Category(value, str(label), _drill_opened(scope, case_type=value))
            for value, label in CaseType.choices
        ],
        current=current,
        previous=previous,
    )


def open_by_case_type(scope: FigureScope) -> FigureTable:
    day = stock_day(scope)
    current, previous = _by_case_type(scope, open_on(day), open_on(stock_day(scope.previous())))
    return two_period_table(
        key="caseload.open_by_case_type",
        title=_("Open casussen per soort casus"),
        definition=_open_definition(),
        row_header=_("Soort casus"),
        categories=[
            Category(value, str(label), _drill_open(day, case_type=value))
            for value, label in CaseType.choices
        ],
        current=current,
        previous=previous,
    )


def over_norm(scope: FigureScope) -> FigureTable:
    norm = figure_settings(scope.house_id).open_case_norm_days
    day, previous_day = stock_day(scope), stock_day(scope.previous())

    def longer(on: date) -> Q:
        # Open for more than `norm` days on `on`: opened on a day before on - norm.
        return open_on(on) & Q(opened_at__lt=day_start(on - timedelta(days=norm)))

    def within(on: date) -> Q:
        return open_on(on) & Q(opened_at__gte=day_start(on - timedelta(days=norm)))

    counts = _cases(scope).aggregate(
        over_current=Count("id", filter=longer(day)),
        over_previous=Count("id", filter=longer(previous_day)),
        within_current=Count("id", filter=within(day)),
        within_previous=Count("id", filter=within(previous_day)),
    )
    return two_period_table(
        key="caseload.over_norm",
        title=_("Casussen langer open dan de norm"),
        definition=_(
            "Open casussen op de peildatum, naar de tijd sinds de opening: langer open dan de "
            "norm van het huis (%(norm)s dagen) of niet. %(open)s"
        )
        % {"norm": norm, "open": _open_definition()},
        row_header=_("Looptijd"),
        categories=[
            Category(
                "within",
                _("Binnen de norm"),
                _drill_open(
                    day, **{"from": (day - timedelta(days=norm)).isoformat(), "date": "opened"}
                ),
            ),
            Category(
                "over",
                _("Langer open dan de norm"),
                _drill_open(day, to=(day - timedelta(days=norm + 1)).isoformat(), date="opened"),
            ),
        ],
        current={"within": counts["within_current"], "over": counts["over_current"]},
        previous={"within": counts["within_previous"], "over": counts["over_previous"]},
    )


def _per_month(scope: FigureScope, field: str) -> dict[str, int]:
    return {
        month_key(month): n
        for month, n in _cases(scope)
        .filter(in_days(field, scope.start, scope.end))
        .annotate(month=TruncMonth(field))
        .values_list("month")
        .annotate(n=Count("id"))
    }


def monthly(scope: FigureScope) -> FigureTable:
    opened, closed = _per_month(scope, "opened_at"), _per_month(scope, "closed_at")
    rows = [
        Row(
            month.key,
            month.label,
            {"opened": opened.get(month.key, 0), "closed": closed.get(month.key, 0)},
        )
        for month in months(scope)
    ]
    return FigureTable(
        key="caseload.monthly",
        title=_("Geopende en afgesloten casussen per maand"),
        definition=_(
            "Per maand: geopende casussen (openingsdatum) en afgesloten casussen (datum van de "
            "huidige afsluiting; een heropende casus telt niet als afgesloten). Alle filters "
            "zijn van toepassing."
        ),
        row_header=_("Maand"),
        columns=(Column("opened", _("Geopend")), Column("closed", _("Afgesloten"))),
        rows=rows,
        total=total_row(rows, ("opened", "closed")),
        chart="line",
    )


def open_monthly(scope: FigureScope) -> FigureTable:
    periods = months(scope)
    days = {month.key: min(month.end, scope.reference_day) for month in periods}
    stock = _cases(scope).aggregate(
        **{key: Count("id", filter=open_on(day)) for key, day in days.items()}
    )
    rows = [
        Row(
            month.key,
            month.label,
            {CURRENT: stock[month.key]},
            drill=_drill_open(days[month.key]),
        )
        for month in periods
    ]
    return FigureTable(
        key="caseload.open_monthly",
        title=_("Open casussen aan het einde van elke maand"),
        definition=_(
            "Open casussen op de laatste dag van de maand in de periode (of vandaag). Deze "
            "aantallen tellen niet op over de maanden; daarom is er geen totaalrij. %(open)s"
        )
        % {"open": _open_definition()},
        row_header=_("Maand"),
        columns=(Column(CURRENT, _("Open")),),
        rows=rows,
        chart="line",
    )


FIGURES: tuple[Callable[[FigureScope], FigureTable], ...] = (
    open_by_coordinator,
    opened_by_theme,
    open_by_theme,
    opened_by_case_type,
    open_by_case_type,
    over_norm,
    monthly,
    open_monthly,
)


# --- the process coordinator's own caseload ---------------------------------------------------


def caseload_for_coordinator(scope: FigureScope, user_id: int) -> list[FigureTable]:
    """The coordinator's open cases today by status and by theme, and what is overdue: cases
    whose review date has passed, cases without one, open agreements past their due date in
    those cases. The scope's filters apply; its period does not (these are today's)."""
    today = scope.reference_day
    mine = _cases(scope).filter(process_coordinator_id=user_id).exclude(status=CaseStatus.CLOSED)
    by_status = dict(mine.values_list("status").annotate(n=Count("id")))
    status_rows = [
        Row(value, str(label), {CURRENT: by_status.get(value, 0)})
        for value, label in CaseStatus.choices
        if value != CaseStatus.CLOSED
    ]
    count = Column(CURRENT, _("Aantal"))
    themes = {item["themes"]: item["n"] for item in mine.values("themes").annotate(n=Count("id"))}
    theme_rows = [
        Row(str(theme.pk), theme.name, {CURRENT: themes[theme.pk]})
        for theme in Theme.objects.filter(pk__in=[key for key in themes if key]).order_by(
            "position", "name"
        )
    ]
    if themes.get(None):
        theme_rows.append(Row(NONE, _("Geen thema"), {CURRENT: themes[None]}))
    attention = mine.aggregate(
        review_overdue=Count("id", filter=Q(next_review_date__lt=today)),
        no_review=Count("id", filter=Q(next_review_date__isnull=True)),
    )
    overdue_agreements = Agreement.objects.overdue(today).filter(case__in=mine.values("id")).count()
    return [
        FigureTable(
            key="caseload.mine_by_status",
            title=_("Mijn open casussen per status"),
            definition=_(
                "De casussen waarvan u procesregisseur bent en die vandaag open zijn, naar hun "
                "huidige status."
            ),
            row_header=_("Status"),
            columns=(count,),
            rows=status_rows,
            total=total_row(status_rows, (CURRENT,)),
        ),
        FigureTable(
            key="caseload.mine_by_theme",
            title=_("Mijn open casussen per thema"),
            definition=_(
                "Een casus met meer thema's telt bij elk thema; daarom is er geen totaalrij."
            ),
            row_header=_("Thema"),
            columns=(count,),
            rows=theme_rows,
        ),
        FigureTable(
            key="caseload.mine_attention",
            title=_("Achterstanden in mijn casussen"),
            definition=_(
                "Open casussen waarvan de evaluatiedatum vóór vandaag ligt of die geen "
                "evaluatiedatum hebben, en open afspraken in die casussen met een streefdatum "
                "vóór vandaag."
            ),
            row_header=_("Achterstand"),
            columns=(count,),
            rows=[
                Row(
                    "review_overdue",
                    _("Casussen met verlopen evaluatie"),
                    {CURRENT: attention["review_overdue"]},
                ),
                Row(
                    "no_review",
                    _("Casussen zonder evaluatiedatum"),
                    {CURRENT: attention["no_review"]},
                ),
                Row(
                    "agreements_overdue",
                    _("Verlopen afspraken"),
                    {CURRENT: overdue_agreements},
                ),
            ],
            chart="",
        ),
    ]
