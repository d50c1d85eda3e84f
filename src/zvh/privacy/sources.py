"""The configuration that other apps own, as the processing register reads it.

The register reads configuration it does not own through these two functions only, so a change
there is a change here:

- `sharing_configuration(house_id)`: information categories with who sees them, the purposes
  and the house's legal bases. Reads `zvh.sharing` (its rules and `LegalBasis`).
- `retention_configuration(house_id)`: the retention terms the house confirmed, and the
  defaults where it did not. Reads `zvh.retention`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.utils.translation import ngettext

from zvh.retention.models import DEFAULT_MONTHS, TERM_STARTS, RetentionKind, RetentionTerm
from zvh.sharing.categories import Audience, GdprBasis, InformationCategory, Purpose
from zvh.sharing.models import LegalBasis
from zvh.sharing.rules import category_audiences


@dataclass(frozen=True)
class CategoryEntry:
    category: str  # label
    audience: str  # who sees items of it, as the house has set it


@dataclass(frozen=True)
class LegalBasisEntry:
    name: str
    gdpr_basis: str  # art. 6 AVG, as a label
    special_ground: str  # art. 9/10 AVG, may be empty
    framework: str  # the covenant or WGS article
    public_task: bool  # art. 6(1)(e): the basis of the tasks the house carries out by law


@dataclass(frozen=True)
class SharingConfiguration:
    categories: list[CategoryEntry]
    purposes: list[str]
    legal_bases: list[LegalBasisEntry]


def sharing_configuration(house_id: uuid.UUID) -> SharingConfiguration:
    """Two queries: the house's category rules and its active legal bases."""
    audiences = category_audiences(house_id)
    bases = LegalBasis.objects.filter(house_id=house_id, active=True).order_by("position", "name")
    return SharingConfiguration(
        categories=[
            CategoryEntry(
                category=str(InformationCategory(category).label),
                audience=str(Audience(audience).label),
            )
            for category, audience in audiences.items()
        ],
        purposes=[str(label) for label in Purpose.labels],
        legal_bases=[
            LegalBasisEntry(
                name=basis.name,
                gdpr_basis=str(GdprBasis(basis.gdpr_basis).label),
                special_ground=basis.special_ground,
                framework=basis.framework,
                public_task=basis.gdpr_basis == GdprBasis.PUBLIC_TASK,
            )
            for basis in bases.only("name", "gdpr_basis", "special_ground", "framework", "position")
        ],
    )


@dataclass(frozen=True)
class RetentionEntry:
    kind: str  # a RetentionKind
    label: str
    term: str
    confirmed: bool  # False: the default, which the house has not confirmed yet


def _duration(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return ngettext("%(n)d jaar", "%(n)d jaar", years) % {"n": years}
    return ngettext("%(n)d maand", "%(n)d maanden", months) % {"n": months}


def retention_configuration(house_id: uuid.UUID) -> list[RetentionEntry]:
    """The house's retention terms (`zvh.retention`), the default where it confirmed none.
    One query. Read here rather than through the retention screen's selector, which is the
    chain manager's."""
    confirmed = dict(RetentionTerm.objects.filter(house_id=house_id).values_list("kind", "months"))
    return [
        RetentionEntry(
            kind=kind,
            label=str(kind.label),
            term=f"{_duration(confirmed.get(kind, DEFAULT_MONTHS[kind]))} {TERM_STARTS[kind]}",
            confirmed=kind in confirmed,
        )
        for kind in RetentionKind
    ]
