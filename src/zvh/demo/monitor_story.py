"""The demo's national monitor, house side (issue 13): Veiligheidshuis Noord gets a code in the
monitor, a filled profile, last year's questionnaire submitted and this year's started and
pre-filled from its own demo data (not submitted, so the chain manager can try it). Everything
goes through the real services, so the computed answers are the demo data's."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from zvh.monitor import services
from zvh.monitor.models import Questionnaire
from zvh.network.models import House

from .story import user_actor

CHAIN_MANAGER = "demo-ketenmanager"
MONITOR_CODE = "NOORD"
PROFILE: dict[str, Any] = {
    "preparation_group": "yes",
    "cooperation_driver": "manager_with_central_official",
    "paying_municipalities": 3,
    "cofinancing_key": "inhabitants",
    "budget_total_eur": 920_000,
    "national_contribution_eur": 410_000,
    "municipal_contribution_eur": 430_000,
    "fte_total": 7.5,
    "fte_chain_manager": 1.0,
    "fte_process_management": 4.5,
    "fte_information_admin": 1.2,
    "fte_other": 0.8,
    "complex_case_definition": "national",
    "steering_group_composition": "De burgemeesters van de deelnemende gemeenten en de "
    "directeuren van politie, OM, reclassering en GGZ.",
    "preparation_group_composition": "Beleidsadviseurs veiligheid en zorg van de gemeenten.",
    "thematic_meetings": "Maandelijks overleg over de top-X en over nazorg na detentie.",
    "casus_op_maat": "Casusoverleggen met de direct betrokken professionals.",
    "triage_setup": "Wekelijkse triagetafel met politie, Veilig Thuis en het wijkteam.",
}
# What the questionnaire asks and the house's data cannot answer.
OPEN_ANSWERS: dict[str, Any] = {
    "goal_statement": "somewhat_agree",
    "complex_case_opinion_differences": "somewhat",
    "complex_case_reach_status": "estimate",
    "complex_case_reach_pct": 60,
    "new_tasks_since_framework": True,
    "new_task_types": ["confused_persons"],
    "municipalities_contributed_to_vision": "all",
    "municipalities_own_process_direction": "over_half",
    "agenda_alignment": "yes",
    "agenda_alignment_bodies": [
        {"category": "regional_administrative", "body": "Districtelijk veiligheidsoverleg"},
        {"category": "justice_bodies", "body": "ZSM"},
    ],
    "external_triage_procedure": "no",
}


def monitor_tell(*, house: House, today: date) -> None:
    if Questionnaire.objects.filter(house=house).exists():
        return
    if not house.monitor_code:
        house.monitor_code = MONITOR_CODE
        house.save(update_fields=["monitor_code"])
    actor = user_actor(CHAIN_MANAGER, house)
    services.profile_save(
        actor=actor, based_on=0, valid_from=date(today.year - 1, 1, 1), values=PROFILE
    )
    last_year = services.questionnaire_start(actor=actor, year=today.year - 1)
    for key, value in OPEN_ANSWERS.items():
        services.answer_update(
            actor=actor,
            questionnaire=last_year,
            key=key,
            expected_version=last_year.version,
            value=value,
        )
    # Should the demo data leave a question open, last year stays open to be reviewed.
    with contextlib.suppress(ValidationError):
        services.questionnaire_submit(
            actor=actor, questionnaire=last_year, expected_version=last_year.version
        )
    services.questionnaire_start(actor=actor, year=today.year)
