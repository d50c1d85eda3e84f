"""The questionnaire's layout: every record key with its kind of answer, its question number in
the report's appendix 2b and its section. The values themselves come from the exchange
vocabulary; this module only says how to ask for them and how branching clears them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .exchange import vocabulary

# The two optional free-text answers besides the specification's keys (questions 17 and 34).
OPTIONAL_TEXT_KEYS: tuple[str, ...] = tuple(key for key, _ in vocabulary.OPTIONAL_TEXT_KEYS)
NAMES = dict(vocabulary.RECORD_KEYS) | dict(vocabulary.OPTIONAL_TEXT_KEYS)


@dataclass(frozen=True)
class Question:
    key: str
    kind: str  # coded, bool, int, eur, fte, year, text, counts, shares, task_types, bodies
    number: str = ""  # the question in appendix 2b, where there is one

    @property
    def name(self) -> str:
        return NAMES.get(self.key, self.key)

    @property
    def choices(self) -> vocabulary.Choices:
        return vocabulary.CODED_KEYS.get(self.key, ())


def _q(key: str, kind: str, number: str = "") -> Question:
    return Question(key=key, kind=kind, number=number)


SECTIONS: tuple[tuple[Promise, tuple[Question, ...]], ...] = (
    (
        _("Sturing en samenwerking"),
        (
            _q("id", "text"),
            _q("name", "text"),
            _q("central_municipality", "text"),
            _q("cooperation_covenant_status", "coded", "1"),
            _q("cooperation_covenant_year", "year", "1"),
            _q("privacy_covenant_status", "coded", "2"),
            _q("privacy_covenant_year", "year", "2"),
            _q("preparation_group", "coded", "6"),
            _q("cooperation_driver", "coded", "7"),
            _q("agenda_alignment", "coded", "8"),
            _q("agenda_alignment_bodies", "bodies", "9"),
            _q("municipalities_count", "int", "3"),
            _q("municipalities_contributed_to_vision", "coded", "10"),
            _q("municipalities_active_in_referral", "coded", "11"),
            _q("partner_org_counts", "counts", "4"),
            _q("goal_statement", "coded", "33"),
            _q("main_opportunity", "text", "34"),
        ),
    ),
    (
        _("Taken en uitvoering"),
        (
            _q("new_tasks_since_framework", "bool", "13"),
            _q("new_task_types", "task_types", "14"),
            _q("expert_function", "coded", "15"),
            _q("national_level_contribution", "text", "17"),
            _q("thematic_case_meetings", "bool", "30"),
            _q("casus_op_maat", "coded", "31"),
        ),
    ),
    (
        _("Financiën en personeel"),
        (
            _q("budget_total_eur", "eur"),
            _q("national_contribution_eur", "eur"),
            _q("municipal_contribution_eur", "eur"),
            _q("other_contributions_eur", "eur"),
            _q("cofinancing_key", "coded"),
            _q("paying_municipalities", "int"),
            _q("fte_total", "fte"),
            _q("fte_chain_manager", "fte"),
            _q("fte_process_management", "fte"),
            _q("fte_information_admin", "fte"),
            _q("fte_other", "fte"),
        ),
    ),
    (
        _("Complexe casuïstiek"),
        (
            _q("complex_case_definition", "coded", "20"),
            _q("complex_case_opinion_differences", "coded", "21"),
            _q("complex_case_reach_status", "coded", "22"),
            _q("complex_case_reach_pct", "int", "22"),
            _q("inflow_share_pct", "shares", "19"),
            _q("municipalities_own_process_direction", "coded", "24"),
        ),
    ),
    (
        _("Triage en afstemming"),
        (
            _q("triage_in_house", "coded", "25"),
            _q("triage_partners_structurally_involved", "bool", "26"),
            _q("external_triage_procedure", "coded", "27"),
        ),
    ),
)

QUESTIONS: dict[str, Question] = {q.key: q for _, qs in SECTIONS for q in qs}


def branched(values: dict[str, Any]) -> dict[str, Any]:
    """The answers with the branching applied: a follow-up question that does not apply gets
    the value the exchange format prescribes for it."""
    result = dict(values)
    if result.get("new_tasks_since_framework") is not True:
        result["new_task_types"] = []
    if result.get("agenda_alignment") != "yes":
        result["agenda_alignment_bodies"] = []
    if result.get("complex_case_reach_status") != "estimate":
        result["complex_case_reach_pct"] = None
    for prefix in ("cooperation_covenant", "privacy_covenant"):
        if result.get(f"{prefix}_status") != "signed":
            result[f"{prefix}_year"] = None
    if result.get("triage_in_house") == "no":
        result["triage_partners_structurally_involved"] = False
    return result


def not_applicable(key: str, values: dict[str, Any]) -> bool:
    """Whether branching skips this question for the given answers."""
    return key in FOLLOW_UPS and FOLLOW_UPS[key](values)


FOLLOW_UPS = {
    "new_task_types": lambda v: v.get("new_tasks_since_framework") is not True,
    "agenda_alignment_bodies": lambda v: v.get("agenda_alignment") != "yes",
    "complex_case_reach_pct": lambda v: v.get("complex_case_reach_status") != "estimate",
    "cooperation_covenant_year": lambda v: v.get("cooperation_covenant_status") != "signed",
    "privacy_covenant_year": lambda v: v.get("privacy_covenant_status") != "signed",
    "triage_partners_structurally_involved": lambda v: v.get("triage_in_house") == "no",
}


def format_value(question: Question, value: Any) -> str:
    """The answer as Dutch text for the page."""
    if value is None:
        return str(_("onbekend"))
    if question.kind == "coded":
        return vocabulary.label(question.choices, value)
    if question.kind == "bool":
        return str(_("Ja") if value else _("Nee"))
    if question.kind == "counts":
        labels = dict(vocabulary.PARTNER_ORG_KINDS)
        return "; ".join(f"{labels[k]}: {n}" for k, n in value.items() if n) or "0"
    if question.kind == "shares":
        labels = dict(vocabulary.INFLOW_PARTNERS)
        return "; ".join(
            f"{labels[k]}: {n}%" for k, n in value.items() if n is not None and n > 0
        ) or str(_("onbekend"))
    if question.kind == "task_types":
        labels = dict(vocabulary.NEW_TASK_TYPES)
        return ", ".join(labels.get(k, k) for k in value) or "–"
    if question.kind == "bodies":
        labels = dict(vocabulary.AGENDA_BODY_CATEGORIES)
        return "; ".join(f"{b['body']} ({labels.get(b['category'], '')})" for b in value) or "–"
    if question.kind == "eur":
        return f"€ {value:,}".replace(",", ".")
    return str(value)
