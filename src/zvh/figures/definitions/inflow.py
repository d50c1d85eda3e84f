"""Figures of the group "inflow" (definitions: docs/decisions/0161-figure-definitions.md).

One referral counts once, in the house that holds it, on the local day of its `received_at`:
every referral received, whatever became of it (withdrawn, forwarded, a duplicate, linked to an
open case). The municipality, referring-organisation and case-type (the referral's orientation)
filters apply; the theme filter does not (a referral has no theme).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from zvh.figures.definitions.calendar import months
from zvh.figures.definitions.flow import (
    columns_with_share,
    either_period,
    iso,
    not_theme,
    referrals,
    share,
    share_row,
    within,
)
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Row, ValueKind
from zvh.intake.models import Channel, Urgency
from zvh.network.models import Municipality

PER_INHABITANTS = 10_000
DIRECT = "direct"  # the channel row of referrals that entered without triage


def _counted() -> str:
    return _(
        "Telt elke aanmelding die het huis in de periode ontving (datum van ontvangst), ook "
        "ingetrokken, doorgestuurde en dubbele aanmeldingen."
    )


def _drill(scope: FigureScope, **params: str) -> dict[str, str]:
    return {"list": "referrals", "from": iso(scope.start), "to": iso(scope.end), **params}


def _two_periods(scope: FigureScope, *group: str) -> list[dict[str, Any]]:
    """One GROUP BY over both periods: per group, the count in this and the previous period."""
    previous = scope.previous()
    return list(
        referrals(scope)
        .filter(either_period("received_at", scope))
        .values(*group)
        .annotate(
            this=Count("id", filter=within("received_at", scope)),
            previous=Count("id", filter=within("received_at", previous)),
        )
        .order_by()
    )


def by_organisation(scope: FigureScope) -> FigureTable:
    found = _two_periods(scope, "referring_organisation_id", "referring_organisation__name")
    totals = (sum(g["this"] for g in found), sum(g["previous"] for g in found))
    found.sort(key=lambda g: (-g["this"], -g["previous"], g["referring_organisation__name"]))
    rows = []
    for g in found:
        row = share_row(
            str(g["referring_organisation_id"]),
            g["referring_organisation__name"],
            g["this"],
            g["previous"],
            totals,
        )
        row.drill = _drill(scope, referring_organisation=str(g["referring_organisation_id"]))
        rows.append(row)
    return FigureTable(
        key="inflow.by_organisation",
        title=_("Aanmeldingen per aanmeldende organisatie"),
        definition=" ".join(
            (
                _counted(),
                _("Per organisatie die de aanmelding deed; exact geteld, niet geschat."),
                not_theme(),
            )
        ),
        row_header=_("Aanmeldende organisatie"),
        columns=columns_with_share(),
        rows=rows,
        total=share_row("total", _("Totaal"), totals[0], totals[1], totals),
    )


def _rate(count: int, inhabitants: int | None) -> float | None:
    return count * PER_INHABITANTS / inhabitants if inhabitants else None


def by_municipality(scope: FigureScope) -> FigureTable:
    found = {
        g["municipality_id"]: g
        for g in _two_periods(
            scope, "municipality_id", "municipality__name", "municipality__inhabitants"
        )
    }
    # The house's own municipalities show even with no referral (a zero is a figure too).
    own = Municipality.objects.filter(houses__id=scope.house_id)
    if scope.municipality_id is not None:
        own = own.filter(id=scope.municipality_id)
    for municipality_id, name, inhabitants in own.values_list("id", "name", "inhabitants"):
        found.setdefault(
            municipality_id,
            {
                "municipality_id": municipality_id,
                "municipality__name": name,
                "municipality__inhabitants": inhabitants,
                "this": 0,
                "previous": 0,
            },
        )
    unknown = found.pop(None, None)
    ordered = sorted(found.values(), key=lambda g: g["municipality__name"])
    rows = []
    for g in ordered:
        inhabitants = g["municipality__inhabitants"]
        rows.append(
            Row(
                str(g["municipality_id"]),
                g["municipality__name"],
                {
                    "this": g["this"],
                    "this_rate": _rate(g["this"], inhabitants),
                    "previous": g["previous"],
                    "previous_rate": _rate(g["previous"], inhabitants),
                },
                drill=_drill(scope, municipality=str(g["municipality_id"])),
            )
        )
    if unknown is not None:
        rows.append(
            Row(
                "none",
                _("Woongemeente onbekend"),
                {
                    "this": unknown["this"],
                    "this_rate": None,
                    "previous": unknown["previous"],
                    "previous_rate": None,
                },
            )
        )
    # The total's rate is over the municipalities that have a population.
    counted = [g for g in ordered if g["municipality__inhabitants"]]
    population = sum(g["municipality__inhabitants"] for g in counted)
    total = Row(
        "total",
        _("Totaal"),
        {
            "this": sum(r.values["this"] or 0 for r in rows),
            "this_rate": _rate(sum(g["this"] for g in counted), population),
            "previous": sum(r.values["previous"] or 0 for r in rows),
            "previous_rate": _rate(sum(g["previous"] for g in counted), population),
        },
    )
    return FigureTable(
        key="inflow.by_municipality",
        title=_("Aanmeldingen per woongemeente"),
        definition=" ".join(
            (
                _counted(),
                _(
                    "Per woongemeente van de aanmelding, absoluut en per 10.000 inwoners "
                    "(inwonertal uit de referentiegegevens van de gemeente). Het totaal per "
                    "10.000 inwoners telt alleen gemeenten met een bekend inwonertal."
                ),
                not_theme(),
            )
        ),
        row_header=_("Woongemeente"),
        columns=(
            Column("this", _("Deze periode")),
            Column("this_rate", _("Per 10.000 inwoners"), ValueKind.POINTS, base="this"),
            Column("previous", _("Vorige periode")),
            Column(
                "previous_rate",
                _("Per 10.000 inwoners vorige periode"),
                ValueKind.POINTS,
                base="previous",
            ),
        ),
        rows=rows,
        total=total,
    )


def by_channel(scope: FigureScope) -> FigureTable:
    counts: dict[str, list[int]] = {key: [0, 0] for key in (*Channel.values, DIRECT)}
    mixed: set[str] = set()  # channels with a referral that entered without triage this period
    for g in _two_periods(scope, "channel", "entered_without_triage"):
        key = DIRECT if g["entered_without_triage"] else g["channel"]
        if g["entered_without_triage"] and g["this"]:
            mixed.add(g["channel"])
        counts.setdefault(key, [0, 0])
        counts[key][0] += g["this"]
        counts[key][1] += g["previous"]
    totals = (sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
    labels = {**dict(Channel.choices), DIRECT: _("Zonder triage ingestroomd")}
    rows = []
    for key, (this, previous) in counts.items():
        row = share_row(key, str(labels.get(key, key)), this, previous, totals)
        if key != DIRECT and key not in mixed:
            # Exactly the list: no referral of this channel entered without triage.
            row.drill = _drill(scope, channel=key)
        rows.append(row)
    return FigureTable(
        key="inflow.by_channel",
        title=_("Aanmeldingen per kanaal"),
        definition=" ".join(
            (
                _counted(),
                _(
                    "Per kanaal: webformulier, REST-API, JZV Meldingen, prioriteitenlijst. Een "
                    "aanmelding die zonder triage instroomde (een prioriteitenlijst die de triage "
                    "overslaat) telt alleen onder 'zonder triage ingestroomd', zodat elke "
                    "aanmelding één keer telt."
                ),
                not_theme(),
            )
        ),
        row_header=_("Kanaal"),
        columns=columns_with_share(),
        rows=rows,
        total=share_row("total", _("Totaal"), totals[0], totals[1], totals),
    )


def by_urgency(scope: FigureScope) -> FigureTable:
    counts = {value: [0, 0] for value in (Urgency.ACUTE, Urgency.REGULAR)}
    for g in _two_periods(scope, "urgency"):
        counts.setdefault(g["urgency"], [0, 0])
        counts[g["urgency"]][0] += g["this"]
        counts[g["urgency"]][1] += g["previous"]
    totals = (sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
    labels = dict(Urgency.choices)
    rows = []
    for key, (this, previous) in counts.items():
        row = share_row(str(key), str(labels.get(key, key)), this, previous, totals)
        row.drill = _drill(scope, urgency=str(key))
        rows.append(row)
    return FigureTable(
        key="inflow.by_urgency",
        title=_("Aandeel acute aanmeldingen"),
        definition=" ".join(
            (
                _counted(),
                _(
                    "Acuut is de urgentie die de melder bij de aanmelding opgaf; het aandeel is "
                    "het aantal acute aanmeldingen gedeeld door alle aanmeldingen."
                ),
                not_theme(),
            )
        ),
        row_header=_("Urgentie"),
        columns=columns_with_share(),
        rows=rows,
        total=share_row("total", _("Totaal"), totals[0], totals[1], totals),
    )


def by_month(scope: FigureScope) -> FigureTable:
    the_months = months(scope)
    acute = Q(urgency=Urgency.ACUTE)
    aggregates: dict[str, Any] = {}
    for month in the_months:
        aggregates[f"all_{month.key}"] = Count("id", filter=month.q("received_at"))
        aggregates[f"acute_{month.key}"] = Count("id", filter=month.q("received_at") & acute)
    counted = referrals(scope).filter(within("received_at", scope)).aggregate(**aggregates)
    rows = []
    for month in the_months:
        all_count, acute_count = counted[f"all_{month.key}"], counted[f"acute_{month.key}"]
        rows.append(
            Row(
                month.key,
                month.label,
                {
                    "referrals": all_count,
                    "acute": acute_count,
                    "acute_share": share(acute_count, all_count),
                },
                drill=_drill(scope, **{"from": iso(month.start), "to": iso(month.end)}),
            )
        )
    total_all = sum(counted[f"all_{month.key}"] for month in the_months)
    total_acute = sum(counted[f"acute_{month.key}"] for month in the_months)
    return FigureTable(
        key="inflow.by_month",
        title=_("Aanmeldingen per maand"),
        definition=" ".join(
            (
                _counted(),
                _("Per kalendermaand van ontvangst, binnen de gekozen periode."),
                not_theme(),
            )
        ),
        row_header=_("Maand"),
        columns=(
            Column("referrals", _("Aanmeldingen")),
            Column("acute", _("Waarvan acuut")),
            Column("acute_share", _("Aandeel acuut"), ValueKind.SHARE, base="referrals"),
        ),
        rows=rows,
        total=Row(
            "total",
            _("Totaal"),
            {
                "referrals": total_all,
                "acute": total_acute,
                "acute_share": share(total_acute, total_all),
            },
        ),
        chart="line",
        chart_column="referrals",
    )


FIGURES: tuple[Callable[[FigureScope], FigureTable], ...] = (
    by_organisation,
    by_municipality,
    by_channel,
    by_urgency,
    by_month,
)
