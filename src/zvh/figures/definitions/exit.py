"""Figures of the group "escalation and exit": escalations by reason, addressee, outcome and
duration; step-downs by receiving organisation; closures by reason; reopenings within 12
months; the monthly series.

Definitions: docs/decisions/0162-figure-definitions-cases.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from zvh.cases.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    ClosureReason,
    Escalation,
    EscalationReason,
    EscalationStatus,
)
from zvh.figures.reads import days_between, median, p90
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Number, Row, ValueKind
from zvh.network.models import Membership, Role

from .calendar import day_start, month_key, months
from .case_scope import (
    CURRENT,
    PREVIOUS,
    Category,
    case_filter,
    in_days,
    period_columns,
    total_row,
    two_period_table,
)

REOPEN_WINDOW = timedelta(days=365)
NONE = "none"


def _escalations(scope: FigureScope) -> Any:
    return Escalation.objects.filter(
        case_filter(scope, prefix="case__", case_ref="case_id"), house_id=scope.house_id
    ).order_by()


def _cases(scope: FigureScope) -> Any:
    return Case.objects.filter(case_filter(scope)).order_by()


def _both(scope: FigureScope, field: str) -> tuple[Q, Q]:
    previous = scope.previous()
    return in_days(field, scope.start, scope.end), in_days(field, previous.start, previous.end)


def _grouped(
    queryset: Any, field: str, current_q: Q, previous_q: Q
) -> tuple[dict[str, int], dict[str, int]]:
    grouped = (
        queryset.filter(current_q | previous_q)
        .values(field)
        .annotate(current=Count("id", filter=current_q), previous=Count("id", filter=previous_q))
    )
    keys = [(NONE if item[field] in (None, "") else str(item[field]), item) for item in grouped]
    return (
        {key: item["current"] for key, item in keys},
        {key: item["previous"] for key, item in keys},
    )


def escalations_by_reason(scope: FigureScope) -> FigureTable:
    current, previous = _grouped(_escalations(scope), "reason", *_both(scope, "proposed_at"))
    return two_period_table(
        key="exit.escalations_by_reason",
        title=_("Escalaties per reden"),
        definition=_(
            "Escalaties met de datum van het voorstel in de periode, naar reden. Alle filters "
            "zijn van toepassing (op de casus)."
        ),
        row_header=_("Reden"),
        categories=[Category(value, str(label)) for value, label in EscalationReason.choices],
        current=current,
        previous=previous,
    )


def escalations_by_addressee(scope: FigureScope) -> FigureTable:
    administrator = Exists(
        Membership.objects.filter(
            user_id=OuterRef("addressee_id"), house_id=scope.house_id, role=Role.ADMINISTRATOR
        )
    )
    current_q, previous_q = _both(scope, "proposed_at")
    grouped = (
        _escalations(scope)
        .filter(current_q | previous_q)
        .annotate(to_administrator=administrator)
        .values("addressee_id", "to_administrator")
        .annotate(current=Count("id", filter=current_q), previous=Count("id", filter=previous_q))
    )
    current: dict[str, int] = defaultdict(int)
    previous: dict[str, int] = defaultdict(int)
    for item in grouped:
        if item["addressee_id"] is None:
            key = NONE
        elif item["to_administrator"]:
            key = Role.ADMINISTRATOR.value
        else:
            key = Role.CHAIN_MANAGER.value
        current[key] += item["current"]
        previous[key] += item["previous"]
    return two_period_table(
        key="exit.escalations_by_addressee",
        title=_("Escalaties per geadresseerde"),
        definition=_(
            "Escalaties met de datum van het voorstel in de periode, naar de rol van de persoon "
            "aan wie ze zijn opgeschaald: een bestuurder (wie in het huis de rol bestuurder heeft) "
            "of de ketenmanager; nog niet opgeschaald als er geen geadresseerde is. Geen namen. "
            "Alle filters zijn van toepassing (op de casus)."
        ),
        row_header=_("Geadresseerde"),
        categories=[
            Category(Role.CHAIN_MANAGER.value, str(Role.CHAIN_MANAGER.label)),
            Category(Role.ADMINISTRATOR.value, str(Role.ADMINISTRATOR.label)),
            Category(NONE, _("Nog niet opgeschaald")),
        ],
        current=current,
        previous=previous,
    )


def escalations_by_outcome(scope: FigureScope) -> FigureTable:
    current_q, previous_q = _both(scope, "proposed_at")
    previous = dict(
        _escalations(scope).filter(previous_q).values_list("status").annotate(n=Count("id"))
    )
    rows_now = list(
        _escalations(scope).filter(current_q).values_list("status", "proposed_at", "closed_at")
    )
    outcome = {
        EscalationStatus.RESOLVED: EscalationStatus.RESOLVED.value,
        EscalationStatus.UNRESOLVED: EscalationStatus.UNRESOLVED.value,
        EscalationStatus.PROPOSED: "open",
        EscalationStatus.RAISED: "open",
    }
    counts: dict[str, int] = defaultdict(int)
    durations: dict[str, list[float]] = defaultdict(list)
    for status, proposed_at, closed_at in rows_now:
        key = outcome[status]
        counts[key] += 1
        if closed_at is not None and key != "open":
            durations[key].append(days_between(proposed_at, closed_at))
    previous_counts: dict[str, int] = defaultdict(int)
    for status, n in previous.items():
        previous_counts[outcome[status]] += n
    categories = [
        (EscalationStatus.RESOLVED.value, _("Opgelost")),
        (EscalationStatus.UNRESOLVED.value, _("Niet opgelost")),
        ("open", _("Nog open")),
    ]
    rows = []
    for key, label in categories:
        values: dict[str, Number] = {
            CURRENT: counts[key],
            PREVIOUS: previous_counts[key],
            "median": median(durations[key]),
            "p90": p90(durations[key]),
        }
        rows.append(Row(key, label, values))
    total = total_row(rows, (CURRENT, PREVIOUS))
    closed = (
        durations[EscalationStatus.RESOLVED.value] + durations[EscalationStatus.UNRESOLVED.value]
    )
    total.values["median"] = median(closed)
    total.values["p90"] = p90(closed)
    current_column, previous_column = period_columns()
    return FigureTable(
        key="exit.escalations_by_outcome",
        title=_("Escalaties per uitkomst en doorlooptijd"),
        definition=_(
            "Escalaties met de datum van het voorstel in de periode, naar hun huidige uitkomst: "
            "afgesloten als opgelost, afgesloten als niet opgelost, of nog open (voorgesteld of "
            "opgeschaald). Doorlooptijd: dagen van voorstel tot afsluiten; mediaan en P90 "
            "(90e percentiel, de kleinste waarde waar 90 procent van de waarden op of onder "
            "ligt) over de afgesloten escalaties van deze periode. Alle filters zijn van "
            "toepassing (op de casus)."
        ),
        row_header=_("Uitkomst"),
        columns=(
            current_column,
            previous_column,
            Column("median", _("Mediaan (dagen)"), ValueKind.DAYS, base=CURRENT),
            Column("p90", _("P90 (dagen)"), ValueKind.DAYS, base=CURRENT),
        ),
        rows=rows,
        total=total,
    )


def stepdowns_by_receiving_organisation(scope: FigureScope) -> FigureTable:
    current_q, previous_q = _both(scope, "closed_at")
    grouped = (
        _cases(scope)
        .filter(current_q | previous_q, closure_reason=ClosureReason.STEPPED_DOWN)
        .values("receiving_organisation_id", "receiving_organisation__name")
        .annotate(current=Count("id", filter=current_q), previous=Count("id", filter=previous_q))
    )
    current: dict[str, int] = {}
    previous: dict[str, int] = {}
    categories = []
    for item in grouped:
        organisation = item["receiving_organisation_id"]
        key = NONE if organisation is None else str(organisation)
        current[key], previous[key] = item["current"], item["previous"]
        if organisation is not None:
            categories.append(
                Category(
                    key,
                    item["receiving_organisation__name"],
                    {
                        "list": "cases",
                        "from": scope.start.isoformat(),
                        "to": scope.end.isoformat(),
                        "date": "closed",
                        "closure_reason": ClosureReason.STEPPED_DOWN.value,
                        "receiving_party": key,
                    },
                )
            )
    categories.sort(key=lambda category: (category.label, category.key))
    categories.append(Category(NONE, _("Geen partnerorganisatie vastgelegd")))
    return two_period_table(
        key="exit.stepdowns_by_receiving_party",
        title=_("Afschalingen per overnemende organisatie"),
        definition=_(
            "Casussen afgesloten in de periode met als reden afschaling, naar de overnemende "
            "partnerorganisatie (de vrije tekst met de contactpersoon wordt niet getoond). "
            "Telt de huidige afsluiting: een heropende casus telt niet. Alle filters zijn van "
            "toepassing."
        ),
        row_header=_("Overnemende organisatie"),
        categories=categories,
        current=current,
        previous=previous,
        keep_empty=False,
    )


def closures_by_reason(scope: FigureScope) -> FigureTable:
    current, previous = _grouped(_cases(scope), "closure_reason", *_both(scope, "closed_at"))
    return two_period_table(
        key="exit.closures_by_reason",
        title=_("Afsluitingen per reden"),
        definition=_(
            "Casussen met de datum van afsluiten in de periode, naar reden. Telt de huidige "
            "afsluiting: een casus die daarna is heropend telt niet. Alle filters zijn van "
            "toepassing."
        ),
        row_header=_("Reden"),
        categories=[
            Category(
                value,
                str(label),
                {
                    "list": "cases",
                    "from": scope.start.isoformat(),
                    "to": scope.end.isoformat(),
                    "date": "closed",
                    "closure_reason": value,
                },
            )
            for value, label in ClosureReason.choices
        ],
        current=current,
        previous=previous,
    )


def _reopenings(scope: FigureScope) -> list[tuple[Any, bool]]:
    """Every reopening from the start of the previous period to the end of this one: (moment,
    whether the closure before it lay at most 365 days earlier). One query over the closures
    and reopenings of the cases reopened then."""
    previous = scope.previous()
    reopening = Q(from_status=CaseStatus.CLOSED) & ~Q(to_status=CaseStatus.CLOSED)
    window = in_days("at", previous.start, scope.end)
    reopened = CaseStatusChange.objects.filter(reopening, window, case_id=OuterRef("case_id"))
    changes = (
        CaseStatusChange.objects.filter(
            case_filter(scope, prefix="case__", case_ref="case_id"),
            Exists(reopened),
            Q(to_status=CaseStatus.CLOSED) | reopening,
            at__lt=day_start(scope.end + timedelta(days=1)),
        )
        .order_by("case_id", "at", "id")
        .values_list("case_id", "at", "to_status")
    )
    result = []
    last_closure: dict[Any, Any] = {}
    for case_id, at, to_status in changes:
        if to_status == CaseStatus.CLOSED:
            last_closure[case_id] = at
            continue
        closed_at = last_closure.get(case_id)
        result.append((at, closed_at is not None and at - closed_at <= REOPEN_WINDOW))
    return result


def reopened(scope: FigureScope) -> FigureTable:
    previous = scope.previous()
    current: dict[str, int] = defaultdict(int)
    before: dict[str, int] = defaultdict(int)
    now_from, before_from = day_start(scope.start), day_start(previous.start)
    for at, within in _reopenings(scope):
        key = "within" if within else "later"
        if at >= now_from:
            current[key] += 1
        elif at >= before_from:
            before[key] += 1
    return two_period_table(
        key="exit.reopened",
        title=_("Heropende casussen"),
        definition=_(
            "Heropeningen in de periode, naar de tijd sinds de afsluiting ervóór: binnen 12 "
            "maanden (ten hoogste 365 dagen) of later. Een casus die twee keer is heropend, "
            "telt twee keer. Alle filters zijn van toepassing."
        ),
        row_header=_("Heropend"),
        categories=[
            Category("within", _("Binnen 12 maanden na afsluiten")),
            Category("later", _("Later dan 12 maanden na afsluiten")),
        ],
        current=current,
        previous=before,
    )


def monthly(scope: FigureScope) -> FigureTable:
    def per_month(queryset: Any, field: str) -> dict[str, int]:
        return {
            month_key(month): n
            for month, n in queryset.filter(in_days(field, scope.start, scope.end))
            .annotate(month=TruncMonth(field))
            .values_list("month")
            .annotate(n=Count("id"))
        }

    escalations = per_month(_escalations(scope), "proposed_at")
    closures = per_month(_cases(scope), "closed_at")
    stepdowns = per_month(
        _cases(scope).filter(closure_reason=ClosureReason.STEPPED_DOWN), "closed_at"
    )
    rows = [
        Row(
            month.key,
            month.label,
            {
                "escalations": escalations.get(month.key, 0),
                "closures": closures.get(month.key, 0),
                "stepdowns": stepdowns.get(month.key, 0),
            },
        )
        for month in months(scope)
    ]
    return FigureTable(
        key="exit.monthly",
        title=_("Escalaties en afsluitingen per maand"),
        definition=_(
            "Per maand: escalaties (datum van het voorstel), afgesloten casussen (datum van de "
            "huidige afsluiting) en daarvan afgeschaald. Alle filters zijn van toepassing."
        ),
        row_header=_("Maand"),
        columns=(
            Column("escalations", _("Escalaties")),
            Column("closures", _("Afgesloten")),
            Column("stepdowns", _("Waarvan afgeschaald")),
        ),
        rows=rows,
        total=total_row(rows, ("escalations", "closures", "stepdowns")),
        chart="line",
        chart_column="closures",
    )


FIGURES: tuple[Callable[[FigureScope], FigureTable], ...] = (
    escalations_by_reason,
    escalations_by_addressee,
    escalations_by_outcome,
    stepdowns_by_receiving_organisation,
    closures_by_reason,
    reopened,
    monthly,
)
