"""One valid house record to vary in tests (every key, plausible values)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from zvh.monitor.exchange import vocabulary as v

_VALID: dict[str, Any] = {
    "id": "ZVH-01",
    "name": "Zorg- en Veiligheidshuis Voorbeeldstad",
    "central_municipality": "Voorbeeldstad",
    "cooperation_covenant_status": "signed",
    "cooperation_covenant_year": 2014,
    "privacy_covenant_status": "none",
    "privacy_covenant_year": None,
    "preparation_group": "yes",
    "cooperation_driver": "house_manager",
    "municipalities_count": 8,
    "partner_org_counts": dict.fromkeys(v.values(v.PARTNER_ORG_KINDS), 1),
    "thematic_case_meetings": True,
    "casus_op_maat": "limited",
    "expert_function": "occasionally",
    "goal_statement": "somewhat_agree",
    "budget_total_eur": 800000,
    "national_contribution_eur": 300000,
    "municipal_contribution_eur": 400000,
    "other_contributions_eur": 100000,
    "cofinancing_key": "inhabitants",
    "paying_municipalities": 6,
    "fte_total": Decimal("7.5"),
    "fte_chain_manager": Decimal("1.0"),
    "fte_process_management": Decimal("4.2"),
    "fte_information_admin": Decimal("1.3"),
    "fte_other": Decimal("1.0"),
    "complex_case_definition": "own",
    "complex_case_opinion_differences": "somewhat",
    "complex_case_reach_status": "estimate",
    "complex_case_reach_pct": 60,
    "inflow_share_pct": {
        "police": 40,
        "municipality_cjg": 30,
        "veilig_thuis": 10,
        "public_prosecution": 10,
        "probation": 5,
        "youth_care_bjz": None,
        "mental_health_ggz": 5,
        "child_protection_board": 0,
        "public_health_ggd": None,
        "lvb_organisation": None,
        "other": 0,
    },
    "municipalities_active_in_referral": "over_half",
    "new_tasks_since_framework": True,
    "new_task_types": ["jihadism", "confused_persons"],
    "municipalities_contributed_to_vision": "all",
    "municipalities_own_process_direction": "quarter_to_half",
    "agenda_alignment": "yes",
    "agenda_alignment_bodies": [
        {"category": "regional_administrative", "body": "RVO"},
        {"category": "justice_bodies", "body": "ZSM"},
    ],
    "triage_in_house": "important_task",
    "triage_partners_structurally_involved": True,
    "external_triage_procedure": "no",
}


def valid_record(**changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(_VALID)
    record.update(changes)
    return record
