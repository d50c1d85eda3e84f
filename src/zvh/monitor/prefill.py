"""The questionnaire's answers computed from the house's own work of a calendar year, each with
its definition (Dutch, shown beside the answer). The rules are in decision 0183; the arithmetic
(largest-remainder percentages, municipal bands) is in plain functions without the database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.advice.models import Advice
from zvh.cases.models import Case
from zvh.conferences.models import AgendaItem, Conference, ConferenceKind, ConferenceStatus
from zvh.intake.models import Referral
from zvh.network.models import House, OrganisationKind
from zvh.triage.models import SessionStatus, TriageSession

from .exchange import vocabulary
from .known import Known, inflow_key, known_for

# Decision 0183: the thresholds of the computed answers.
CASUS_OP_MAAT_FULL_SHARE = Fraction(1, 2)  # half of the year's cases discussed: fully in use
TRIAGE_IMPORTANT_MONTHS = 6  # triage sessions with decisions in at least 6 months
TRIAGE_PARTNER_SHARE = Fraction(1, 2)  # partners in at least half of the sessions
EXPERT_STRUCTURAL_MONTHS = 9  # advice given in at least 9 months of the year
EXPERT_OCCASIONAL_MONTHS = 3


@dataclass(frozen=True)
class Computed:
    value: Any
    definition: str
    detail: str = ""


def largest_remainder(counts: dict[str, int], keys: tuple[str, ...]) -> dict[str, int] | None:
    """Whole percentages of `counts` over `keys` that sum to exactly 100 (Hamilton's method:
    floors first, the remaining points to the largest remainders, ties in key order)."""
    total = sum(counts.get(key, 0) for key in keys)
    if total == 0:
        return None
    exact = {key: Fraction(100 * counts.get(key, 0), total) for key in keys}
    result = {key: int(value) for key, value in exact.items()}
    left = 100 - sum(result.values())
    by_remainder = sorted(keys, key=lambda key: (-(exact[key] - result[key]), keys.index(key)))
    for key in by_remainder[:left]:
        result[key] += 1
    return result


def municipal_band(active: int, total: int) -> str:
    """The answer of question 11 for `active` of `total` municipalities."""
    if total == 0:
        return "unknown"
    if active >= total:
        return "all"
    if active == 0:
        return "none"
    share = Fraction(active, total)
    if share > Fraction(1, 2):
        return "over_half"
    if share >= Fraction(1, 4):
        return "quarter_to_half"
    return "under_quarter"


def casus_op_maat_level(held: int, share: Fraction | None) -> str:
    if held == 0:
        return "not_implemented"
    if share is not None and share >= CASUS_OP_MAAT_FULL_SHARE:
        return "fully_implemented"
    return "limited"


def expert_level(months: int) -> str:
    if months >= EXPERT_STRUCTURAL_MONTHS:
        return "structural"
    if months >= EXPERT_OCCASIONAL_MONTHS:
        return "occasionally"
    return "hardly"


def triage_level(months: int) -> str:
    if months >= TRIAGE_IMPORTANT_MONTHS:
        return "important_task"
    if months >= 1:
        return "limited"
    return "no"


def year_bounds(year: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    return start, end


def _month(moment: datetime) -> int:
    return timezone.localtime(moment).month


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * Fraction(part, whole))}%" if whole else "–"


def configuration_answers(known: Known, house: House) -> dict[str, Computed]:
    from_configuration = _("Uit de inrichting van het huis in ZVH.")
    from_registry = _(
        "Uit het convenantenregister: het laatste ondertekende convenant van deze soort, "
        "ondertekend vóór het einde van het jaar."
    )
    answers = {
        "id": Computed(house.monitor_code, _("De code van het huis in de landelijke monitor.")),
        "name": Computed(known.name, from_configuration),
        "central_municipality": Computed(known.central_municipality, from_configuration),
        "municipalities_count": Computed(
            known.municipalities_count or None,
            _("Het aantal deelnemende gemeenten in de inrichting van het huis."),
            ", ".join(known.municipalities),
        ),
        "partner_org_counts": Computed(
            known.partner_org_counts,
            _(
                "De partnerorganisaties van het huis per soort; gemeenten en het huis zelf tellen "
                "niet mee."
            ),
            _("Geteld als overige: %(names)s") % {"names": ", ".join(known.partners_as_other)}
            if known.partners_as_other
            else "",
        ),
    }
    for prefix, fact in (
        ("cooperation_covenant", known.cooperation_covenant),
        ("privacy_covenant", known.privacy_covenant),
    ):
        answers[f"{prefix}_status"] = Computed(fact.status, from_registry, fact.title)
        answers[f"{prefix}_year"] = Computed(fact.year, from_registry, fact.title)
    return answers


def work_answers(house: House, year: int, known: Known) -> dict[str, Computed]:
    start, end = year_bounds(year)
    answers: dict[str, Computed] = {}

    referrals = Referral.objects.filter(house=house, received_at__gte=start, received_at__lt=end)
    by_kind = Counter(
        dict(
            referrals.values_list("referring_organisation__kind")
            .annotate(n=Count("id"))
            .values_list("referring_organisation__kind", "n")
        )
    )
    inflow: Counter[str] = Counter()
    for kind, count in by_kind.items():
        inflow[inflow_key(kind)] += count
    total = sum(inflow.values())
    inflow_keys = vocabulary.values(vocabulary.INFLOW_PARTNERS)
    answers["inflow_share_pct"] = Computed(
        # Without referrals every share is left blank (null), as the record has it.
        largest_remainder(inflow, inflow_keys) or dict.fromkeys(inflow_keys),
        _(
            "De aanmeldingen die het huis in het jaar ontving, naar de soort van de aanmeldende "
            "organisatie, in hele procenten die samen precies 100 zijn (grootste-restmethode). "
            "Zonder aanmeldingen is het antwoord onbekend."
        ),
        _("%(count)d aanmeldingen") % {"count": total},
    )

    municipality_ids = set(house.municipalities.values_list("id", flat=True))
    active = set(
        referrals.filter(
            referring_organisation__kind=OrganisationKind.MUNICIPALITY,
            referring_organisation__municipality_id__in=municipality_ids,
        ).values_list("referring_organisation__municipality_id", flat=True)
    )
    answers["municipalities_active_in_referral"] = Computed(
        municipal_band(len(active), len(municipality_ids)),
        _(
            "Het deel van de deelnemende gemeenten waarvan een eigen organisatie (gemeente of "
            "sociaal team) in het jaar minstens één keer aanmeldde."
        ),
        _("%(active)d van %(total)d gemeenten")
        % {"active": len(active), "total": len(municipality_ids)},
    )

    held = Conference.objects.filter(
        house=house, status=ConferenceStatus.HELD, starts_at__gte=start, starts_at__lt=end
    )
    case_conferences = held.filter(kind=ConferenceKind.CASE)
    held_cases = case_conferences.count()
    opened = Case.objects.filter(house=house, opened_at__gte=start, opened_at__lt=end)
    opened_count = opened.count()
    discussed = (
        AgendaItem.objects.filter(conference__in=case_conferences, case__in=opened)
        .values("case_id")
        .distinct()
        .count()
    )
    share = Fraction(discussed, opened_count) if opened_count else None
    answers["casus_op_maat"] = Computed(
        casus_op_maat_level(held_cases, share),
        _(
            "Afgeronde overleggen Casus op Maat in het jaar. Geen: niet ingevoerd. Is minstens "
            "de helft van de in het jaar geopende casussen in zo'n overleg besproken: geheel "
            "ingevoerd; anders: beperkt."
        ),
        _("%(held)d overleggen; %(discussed)d van %(opened)d geopende casussen besproken (%(pct)s)")
        % {
            "held": held_cases,
            "discussed": discussed,
            "opened": opened_count,
            "pct": _pct(discussed, opened_count),
        },
    )
    thematic = held.filter(kind=ConferenceKind.TARGET_GROUP).count()
    answers["thematic_case_meetings"] = Computed(
        thematic > 0,
        _("Ja als in het jaar minstens één doelgroepoverleg is afgerond."),
        _("%(count)d doelgroepoverleggen") % {"count": thematic},
    )

    sessions = list(
        TriageSession.objects.filter(
            house=house, status=SessionStatus.CLOSED, starts_at__gte=start, starts_at__lt=end
        )
        .annotate(
            decisions=Count("assessments", distinct=True),
            partners=Count(
                "participant_organisations",
                filter=~Q(
                    participant_organisations__kind__in=[
                        OrganisationKind.HOUSE_STAFF,
                    ]
                ),
                distinct=True,
            ),
        )
        .filter(decisions__gt=0)
    )
    months = len({_month(session.starts_at) for session in sessions})
    in_house = triage_level(months)
    answers["triage_in_house"] = Computed(
        in_house,
        _(
            "Afgesloten triagesessies met minstens één besluit in het jaar: in minstens 6 "
            "maanden is triage een belangrijke taak, in 1 tot 5 maanden beperkt, anders nee."
        ),
        _("%(sessions)d sessies in %(months)d maanden")
        % {"sessions": len(sessions), "months": months},
    )
    with_partners = sum(1 for session in sessions if session.partners > 0)
    structurally = bool(sessions) and Fraction(with_partners, len(sessions)) >= TRIAGE_PARTNER_SHARE
    answers["triage_partners_structurally_involved"] = Computed(
        structurally if in_house != "no" else False,
        _(
            "Ja als partnerorganisaties deelnamen aan minstens de helft van die triagesessies. "
            "Zonder triage in het huis: nee (de afspraak van het uitwisselformaat)."
        ),
        _("%(with)d van %(sessions)d sessies met partners")
        % {"with": with_partners, "sessions": len(sessions)},
    )

    advice = Advice.objects.filter(house=house, given_on__year=year)
    advice_months = len({day.month for day in advice.values_list("given_on", flat=True)})
    answers["expert_function"] = Computed(
        expert_level(advice_months),
        _(
            "Uit het adviesregister: advies gegeven in minstens 9 maanden van het jaar is "
            "structureel, in 3 tot 8 maanden af en toe, anders niet of nauwelijks."
        ),
        _("%(count)d adviezen in %(months)d maanden")
        % {"count": advice.count(), "months": advice_months},
    )
    return answers


def computed_answers(house: House, year: int) -> dict[str, Computed]:
    known = known_for(house, until=date(year, 12, 31))
    return configuration_answers(known, house) | work_answers(house, year, known)
