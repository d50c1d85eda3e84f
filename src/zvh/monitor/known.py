"""What ZVH already knows about a house, for its monitor profile and questionnaire: the covenant
registry, the municipalities, the partner organisations by kind, the triage set-up and the
conference kinds in use. Every read is of the house's own rows (filtered on its id): this module
is the only place where the monitor reads other apps' data. Decision 0183."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from zvh.conferences.models import Conference, ConferenceKind, ConferenceStatus
from zvh.covenants.models import Covenant, CovenantKind
from zvh.network.models import House, Municipality, OrganisationKind, Partnership
from zvh.triage.models import TriageTable

from .exchange import vocabulary

K = OrganisationKind
# Organisation kinds onto the 12 partner keys of table 6. Municipalities and the house's own
# staff are not partners in that table; kinds without a key of their own count as `other`.
PARTNER_KIND_MAP: dict[str, str | None] = {
    K.POLICE: "police",
    K.PUBLIC_PROSECUTION: "public_prosecution",
    K.PROBATION: "probation",
    K.YOUTH_PROTECTION: "youth_protection",
    K.CHILD_PROTECTION_BOARD: "child_protection_board",
    K.MENTAL_HEALTH_CARE: "care_youth_mental_health",
    K.LVB: "care_youth_mental_health",
    K.PRISON: "penitentiary_institutions",
    K.HALT: "halt",
    K.SHELTER: "shelter",
    K.SOCIAL_WORK: "social_work",
    K.PUBLIC_HEALTH: "public_health_ggd",
    K.VEILIG_THUIS: "other",
    K.HOUSING_CORPORATION: "other",
    K.VICTIM_SUPPORT: "other",
    K.OTHER: "other",
    K.MUNICIPALITY: None,
    K.HOUSE_STAFF: None,
}
# Organisation kinds onto the 11 inflow keys of question 19 (table 22).
INFLOW_KIND_MAP: dict[str, str] = {
    K.POLICE: "police",
    K.MUNICIPALITY: "municipality_cjg",
    K.VEILIG_THUIS: "veilig_thuis",
    K.PUBLIC_PROSECUTION: "public_prosecution",
    K.PROBATION: "probation",
    K.YOUTH_PROTECTION: "youth_care_bjz",
    K.MENTAL_HEALTH_CARE: "mental_health_ggz",
    K.CHILD_PROTECTION_BOARD: "child_protection_board",
    K.PUBLIC_HEALTH: "public_health_ggd",
    K.LVB: "lvb_organisation",
}


def inflow_key(kind: str) -> str:
    return INFLOW_KIND_MAP.get(kind, "other")


@dataclass(frozen=True)
class CovenantFact:
    status: str  # vocabulary.COVENANT_STATUS
    year: int | None
    title: str = ""


@dataclass
class Known:
    name: str
    central_municipality: str
    municipalities: list[str]
    cooperation_covenant: CovenantFact
    privacy_covenant: CovenantFact
    partner_org_counts: dict[str, int]
    partners_as_other: list[str]  # names of organisations counted as `other`
    triage_tables: list[tuple[str, list[str]]]
    conference_kinds: list[str] = field(default_factory=list)  # labels of kinds held

    @property
    def municipalities_count(self) -> int:
        return len(self.municipalities)

    @property
    def partner_text(self) -> str:
        labels = dict(vocabulary.PARTNER_ORG_KINDS)
        counted = self.partner_org_counts.items()
        return "; ".join(f"{labels[key]}: {count}" for key, count in counted if count) or "–"


def _covenant(house_id: uuid.UUID, kind: str, until: date | None) -> CovenantFact:
    """The latest signed covenant of a kind (signed on or before `until`); none in the registry
    is `none`: the registry is where the house keeps its covenants."""
    rows = Covenant.objects.filter(house_id=house_id, kind=kind, signed_on__isnull=False)
    if until is not None:
        rows = rows.filter(signed_on__lte=until)
    latest = rows.order_by("-signed_on").first()
    if latest is None or latest.signed_on is None:
        return CovenantFact(status="none", year=None)
    return CovenantFact(status="signed", year=latest.signed_on.year, title=latest.title)


def known_for(house: House, *, until: date | None = None) -> Known:
    municipalities = list(
        Municipality.objects.filter(houses=house).order_by("name").values_list("name", flat=True)
    )
    counts = dict.fromkeys(vocabulary.values(vocabulary.PARTNER_ORG_KINDS), 0)
    as_other: list[str] = []
    partners = Partnership.objects.filter(house=house).select_related("organisation")
    for partnership in partners.order_by("organisation__name"):
        organisation = partnership.organisation
        key = PARTNER_KIND_MAP.get(organisation.kind, "other")
        if key is None:
            continue
        counts[key] += 1
        if key == "other":
            as_other.append(organisation.name)
    tables = [
        (table.name, sorted(org.name for org in table.organisations.all()))
        for table in TriageTable.objects.filter(house=house)
        .prefetch_related("organisations")
        .order_by("name")
    ]
    held = set(
        Conference.objects.filter(house=house, status=ConferenceStatus.HELD).values_list(
            "kind", flat=True
        )
    )
    kinds = [str(label) for value, label in ConferenceKind.choices if value in held]
    return Known(
        name=house.name,
        central_municipality=house.seat_municipality.name,
        municipalities=municipalities,
        cooperation_covenant=_covenant(house.id, CovenantKind.COOPERATION, until),
        privacy_covenant=_covenant(house.id, CovenantKind.PRIVACY, until),
        partner_org_counts=counts,
        partners_as_other=as_other,
        triage_tables=tables,
        conference_kinds=kinds,
    )
