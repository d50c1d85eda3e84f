"""The co-financing calculator's reads: the house's municipalities with their inhabitants and
their use (cases opened in the period), and the result as a FigureTable, exact for the chain
manager and with small cells suppressed for everyone else (the steering-group member). Every
calculation and export is an access-log event. See docs/decisions/0169.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.cases.models import Case
from zvh.figures.formatting import number_text
from zvh.figures.scope import FigureScope
from zvh.figures.settings import figure_settings
from zvh.figures.suppression import marker_below, suppress
from zvh.figures.table import Column, FigureTable, Row, ValueKind
from zvh.network.models import Municipality, Role

from .calculation import BaseKind, Key, Settings, Share, Use, calculate


@dataclass(frozen=True)
class Uses:
    municipalities: list[Use]
    # Cases opened in the period whose municipality is none of the house's (or unknown).
    unattributed: int


def sees_exact(actor: Actor) -> bool:
    """The chain manager sees exact numbers; everyone else who may use the calculator (the
    steering-group member) sees small cells suppressed. (Part d's
    zvh.figures.policy.sees_exact_figures answers the same question for the figures.)"""
    return actor.has_role(Role.CHAIN_MANAGER)


def house_uses(house_id: uuid.UUID, start: date, end: date) -> Uses:
    """Two queries: the house's municipalities, and its cases opened in the period counted per
    municipality (in the database)."""
    scope = FigureScope(house_id=house_id, start=start, end=end)
    municipalities = list(
        Municipality.objects.filter(houses__id=house_id)
        .order_by("name", "id")
        .values_list("id", "name", "inhabitants")
    )
    counts = dict(
        Case.objects.filter(
            house_id=house_id, opened_at__gte=scope.start_at, opened_at__lt=scope.end_before
        )
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("id"))
        .values_list("municipality_id", "n")
    )
    uses = [
        Use(pk, name, inhabitants, counts.pop(pk, 0)) for pk, name, inhabitants in municipalities
    ]
    return Uses(municipalities=uses, unattributed=sum(counts.values()))


def _euros(amount: Decimal) -> str:
    """ "250.000,00": an amount in the figures' notation (the "€" is in the sentence)."""
    return number_text(float(amount), ValueKind.MONEY, grouping=True)


def _definition(settings: Settings, start: date, end: date) -> str:
    keys = {
        Key.INHABITANTS: _("per inwoner"),
        Key.CASES: _("per casus"),
        Key.MIX: _("gewogen mix: %(inhabitants)s%% inwoners, %(cases)s%% casussen")
        % {"inhabitants": settings.weight_inhabitants, "cases": 100 - settings.weight_inhabitants},
    }
    if settings.key == Key.FIXED_BASE:
        base = (
            _("vaste voet van € %(amount)s per gemeente") % {"amount": _euros(settings.base_amount)}
            if settings.base_kind == BaseKind.AMOUNT
            else _("vaste voet van %(percent)s%% van de begroting, gelijk verdeeld")
            % {"percent": settings.base_percent}
        )
        key = _("%(base)s, de rest %(variable)s") % {
            "base": base,
            "variable": keys[settings.variable_key],
        }
    else:
        key = keys[settings.key]
    return _(
        "Begroting € %(budget)s verdeeld %(key)s. Gebruik: casussen van het huis geopend van "
        "%(start)s tot en met %(end)s, per woongemeente van de casus. Inwoners: de "
        "referentiegegevens van de gemeente. Verschil: de bijdrage min wat de gemeente zou "
        "betalen naar haar aandeel in het gebruik. Bedragen afgerond op centen zodat ze "
        "precies optellen tot de begroting (grootste rest)."
    ) % {
        "budget": _euros(settings.budget),
        "key": key,
        "start": date_format(start),
        "end": date_format(end),
    }


def result_table(shares: list[Share], settings: Settings, start: date, end: date) -> FigureTable:
    """The exact result in the one shape of every figure, declared for the shared suppression
    (decision 0163): the cases are the count about persons; inhabitants are public reference
    data and never hidden; the share of use, the difference and, under a key that uses cases,
    the amount and its share are computed from the cases and hidden with them. The two shares
    are shares of a column's total (of all cases, of the budget), not parts of their base."""
    paid_base = "cases" if settings.uses_cases else None
    budget = float(settings.budget)
    columns = (
        Column("inhabitants", _("Inwoners"), public=True),
        Column("cases", _("Casussen (gebruik)")),
        Column("use_share", _("Aandeel gebruik"), ValueKind.SHARE, base="cases", of_total=True),
        Column("amount", _("Bijdrage"), ValueKind.MONEY, base=paid_base),
        Column("paid_share", _("Aandeel bijdrage"), ValueKind.SHARE, base=paid_base, of_total=True),
        Column("difference", _("Verschil met gebruik"), ValueKind.MONEY, base="cases"),
    )
    rows = []
    for share in shares:
        amount = share.amount_cents / 100
        use_share = None if share.use_share is None else float(share.use_share)
        rows.append(
            Row(
                key=str(share.use.municipality_id),
                label=share.use.name,
                values={
                    "inhabitants": share.use.inhabitants,
                    "cases": share.use.cases,
                    "use_share": use_share,
                    "amount": amount,
                    "paid_share": float(share.paid_share),
                    "difference": None
                    if use_share is None
                    else round(amount - budget * use_share, 2),
                },
            )
        )
    cases = sum(share.use.cases for share in shares)
    total = Row(
        key="total",
        label=_("Totaal"),
        values={
            "inhabitants": sum(share.use.inhabitants for share in shares),
            "cases": cases,
            "use_share": 1.0 if cases else None,
            "amount": sum(share.amount_cents for share in shares) / 100,
            "paid_share": 1.0,
            "difference": 0.0 if cases else None,
        },
    )
    return FigureTable(
        key="cofinancing.result",
        title=_("Cofinanciering per gemeente: bijdrage naast gebruik"),
        definition=_definition(settings, start, end),
        row_header=_("Gemeente"),
        columns=columns,
        rows=rows,
        total=total,
        chart="bar",
        chart_column="amount",
    )


@dataclass(frozen=True)
class Outcome:
    table: FigureTable
    unattributed: int | None  # None: hidden (below the threshold, for the steering group)
    unattributed_marker: str
    exact: bool


def co_financing(
    *, actor: Actor, settings: Settings, start: date, end: date, export: str = ""
) -> Outcome:
    """Applies the key to the house's real use, audited (a view, or an export)."""
    if actor.house_id is None:  # the door needs a house: never reached without one
        raise Http404
    uses = house_uses(actor.house_id, start, end)
    table = result_table(calculate(uses.municipalities, settings), settings, start, end)
    exact = sees_exact(actor)
    unattributed: int | None = uses.unattributed
    marker = ""
    if not exact:
        threshold = figure_settings(actor.house_id).suppression_threshold
        table = suppress(table, threshold)
        if uses.unattributed < threshold:
            unattributed, marker = None, marker_below(threshold)
    audit_record(
        actor=actor,
        action=Action.EXPORT if export else Action.VIEW,
        object_type="co_financing",
        detail={
            "key": str(settings.key),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "exact": exact,
            **({"format": export} if export else {}),
        },
    )
    return Outcome(table=table, unattributed=unattributed, unattributed_marker=marker, exact=exact)


def co_financing_form_viewed(*, actor: Actor) -> None:
    """The empty form shows no figures; its view is recorded all the same."""
    audit_record(actor=actor, action=Action.VIEW, object_type="co_financing", detail={"form": True})
