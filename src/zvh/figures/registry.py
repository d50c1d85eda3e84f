"""The figure groups of the house, each a page: which figures it holds, in order.

A figure is a function `(FigureScope) -> FigureTable`; the pages, the exports, the API and the
steering-group report all find figures here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zvh.figures.definitions import (
    advice,
    caseload,
    delivery,
    exit,
    inflow,
    outcomes,
    throughput,
    triage,
)
from zvh.figures.reads import shared_reads
from zvh.figures.scope import FigureScope
from zvh.figures.table import FigureTable

FigureFunction = Callable[[FigureScope], FigureTable]


@dataclass(frozen=True)
class FigureGroup:
    key: str  # in URLs and the API: /cijfers/<key>/
    title: str | Promise
    figures: tuple[FigureFunction, ...]


GROUPS: tuple[FigureGroup, ...] = (
    FigureGroup("instroom", _("Instroom"), inflow.FIGURES),
    FigureGroup("triage", _("Triage"), triage.FIGURES),
    FigureGroup("doorlooptijden", _("Doorlooptijden"), throughput.FIGURES),
    FigureGroup("caseload", _("Caseload"), caseload.FIGURES),
    FigureGroup("levering", _("Levering per partner"), delivery.FIGURES),
    FigureGroup("escalatie-en-uitstroom", _("Escalatie en uitstroom"), exit.FIGURES),
    FigureGroup("resultaten", _("Resultaten"), outcomes.FIGURES),
    FigureGroup("adviesfunctie", _("Adviesfunctie"), advice.FIGURES),
)


def group(key: str) -> FigureGroup | None:
    return next((g for g in GROUPS if g.key == key), None)


def compute_group(key: str, scope: FigureScope) -> list[FigureTable]:
    found = group(key)
    if found is None:
        raise KeyError(key)
    with shared_reads():  # the group's figures read their common rows once
        return [figure(scope) for figure in found.figures]
