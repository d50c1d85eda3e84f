"""The JSON Schema of the house record, built from the vocabulary.

The published file `house-record-v1.schema.json` is this schema written out; a test keeps the two
equal, so the schema can never say other words than the vocabulary. Write it with
`python -m zvh.monitor.exchange.schema`.

The schema says what a schema can say: every key, types, allowed values, ranges and the
"filled in if and only if" rules (as if/then/else). The arithmetic rules (shares summing to 100,
FTE functions adding up to the total, the budget's rest, municipal shares that a house of n
municipalities can give) live in `records.py`. The texts in `description` of a then/else branch
are the Dutch explanation that validation adds to an error found in that branch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zvh.monitor.exchange import vocabulary as v

SCHEMA_PATH = Path(__file__).with_name("house-record-v1.schema.json")
SCHEMA_ID = "https://zvh.example/monitor/house-record-v1.schema.json"

Schema = dict[str, Any]

INT_OR_NULL = ["integer", "null"]


def _enum(choices: v.Choices, *, nullable: bool = False) -> Schema:
    allowed: list[Any] = list(v.values(choices))
    if nullable:
        allowed.append(None)
    return {"enum": allowed}


def _text() -> Schema:
    # Non-empty and not only spaces.
    return {"type": "string", "minLength": 1, "pattern": r"\S"}


def _iff(condition_key: str, condition: Schema, then: Schema, otherwise: Schema) -> Schema:
    return {
        "if": {"properties": {condition_key: condition}, "required": [condition_key]},
        "then": then,
        "else": otherwise,
    }


def _props(description: str, **properties: Schema) -> Schema:
    return {"description": description, "properties": properties}


def _fte() -> Schema:
    return {
        "type": ["number", "null"],
        "minimum": 0,
        "description": "FTE met hoogstens één decimaal (bijvoorbeeld 2.5).",
    }


def build_schema() -> Schema:
    properties: Schema = {
        "format_version": {
            "const": v.FORMAT_VERSION,
            "description": "Versie van het uitwisselformaat; zonder deze sleutel versie 1.",
        },
        "year": {"type": "integer", "description": "Het monitorjaar van het record (optioneel)."},
        "id": _text(),
        "name": _text(),
        "central_municipality": _text(),
        "cooperation_covenant_status": _enum(v.COVENANT_STATUS),
        "cooperation_covenant_year": {"type": INT_OR_NULL, "minimum": 1900, "maximum": 2100},
        "privacy_covenant_status": _enum(v.COVENANT_STATUS),
        "privacy_covenant_year": {"type": INT_OR_NULL, "minimum": 1900, "maximum": 2100},
        "preparation_group": _enum(v.PREPARATION_GROUP),
        "cooperation_driver": _enum(v.COOPERATION_DRIVER),
        "municipalities_count": {"type": INT_OR_NULL, "minimum": 1},
        "partner_org_counts": {
            "type": "object",
            "properties": {
                key: {"type": "integer", "minimum": 0} for key in v.values(v.PARTNER_ORG_KINDS)
            },
            "required": list(v.values(v.PARTNER_ORG_KINDS)),
            "additionalProperties": False,
        },
        "thematic_case_meetings": {"type": "boolean"},
        "casus_op_maat": _enum(v.CASUS_OP_MAAT),
        "expert_function": _enum(v.EXPERT_FUNCTION),
        "goal_statement": _enum(v.GOAL_STATEMENT),
        "budget_total_eur": {"type": INT_OR_NULL, "minimum": 1},
        "national_contribution_eur": {"type": INT_OR_NULL, "minimum": 0},
        "municipal_contribution_eur": {"type": INT_OR_NULL, "minimum": 0},
        "other_contributions_eur": {"type": INT_OR_NULL, "minimum": 0},
        "cofinancing_key": _enum(v.COFINANCING_KEY),
        "paying_municipalities": {"type": INT_OR_NULL, "minimum": 1},
        "fte_total": _fte(),
        **{key: _fte() for key in v.FTE_FUNCTION_KEYS},
        "complex_case_definition": _enum(v.COMPLEX_CASE_DEFINITION),
        "complex_case_opinion_differences": _enum(v.OPINION_DIFFERENCES),
        "complex_case_reach_status": _enum(v.REACH_STATUS),
        "complex_case_reach_pct": {"type": INT_OR_NULL, "minimum": 0, "maximum": 100},
        "inflow_share_pct": {
            "type": "object",
            "properties": {
                key: {"type": INT_OR_NULL, "minimum": 0, "maximum": 100}
                for key in v.values(v.INFLOW_PARTNERS)
            },
            "required": list(v.values(v.INFLOW_PARTNERS)),
            "additionalProperties": False,
        },
        "municipalities_active_in_referral": _enum(v.MUNICIPAL_SHARE),
        "new_tasks_since_framework": {"type": "boolean"},
        "new_task_types": {
            "type": "array",
            "items": _enum(v.NEW_TASK_TYPES),
            "uniqueItems": True,
        },
        "municipalities_contributed_to_vision": _enum(v.MUNICIPAL_SHARE),
        "municipalities_own_process_direction": _enum(
            v.MUNICIPAL_SHARE_OWN_DIRECTION, nullable=True
        ),
        "agenda_alignment": _enum(v.AGENDA_ALIGNMENT, nullable=True),
        "agenda_alignment_bodies": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "category": _enum(v.AGENDA_BODY_CATEGORIES),
                    "body": _text(),
                },
                "required": ["category", "body"],
                "additionalProperties": False,
            },
        },
        "triage_in_house": _enum(v.TRIAGE_IN_HOUSE),
        "triage_partners_structurally_involved": {"type": ["boolean", "null"]},
        "external_triage_procedure": _enum(v.EXTERNAL_TRIAGE_PROCEDURE),
    }
    for key, _ in v.OPTIONAL_TEXT_KEYS:
        properties[key] = {"type": ["string", "null"]}

    fte_functions = list(v.FTE_FUNCTION_KEYS)
    contributions = ["budget_total_eur", "national_contribution_eur", "municipal_contribution_eur"]
    conditions: list[Schema] = [
        _iff(
            f"{kind}_covenant_status",
            {"const": "signed"},
            _props(
                "verplicht omdat het convenant getekend is",
                **{f"{kind}_covenant_year": {"type": "integer"}},
            ),
            _props(
                "alleen in te vullen als het convenant getekend is",
                **{f"{kind}_covenant_year": {"type": "null"}},
            ),
        )
        for kind in ("cooperation", "privacy")
    ]
    conditions += [
        _iff(
            "fte_total",
            {"type": "null"},
            _props(
                "leeg omdat het totaal aantal FTE leeg is",
                **{key: {"type": "null"} for key in fte_functions},
            ),
            _props(
                "verplicht omdat het totaal aantal FTE is ingevuld",
                **{key: {"type": "number"} for key in fte_functions},
            ),
        ),
        _iff(
            "complex_case_reach_status",
            {"const": "estimate"},
            _props(
                "verplicht omdat er een schatting is gegeven",
                complex_case_reach_pct={"type": "integer"},
            ),
            _props(
                "alleen in te vullen bij een schatting",
                complex_case_reach_pct={"type": "null"},
            ),
        ),
        _iff(
            "new_tasks_since_framework",
            {"const": True},
            _props(
                "minstens één soort omdat er nieuwe taken zijn",
                new_task_types={"minItems": 1},
            ),
            _props(
                "leeg omdat er geen nieuwe taken zijn",
                new_task_types={"maxItems": 0},
            ),
        ),
        _iff(
            "agenda_alignment",
            {"const": "yes"},
            _props(
                "minstens één gremium omdat de agenda is afgestemd",
                agenda_alignment_bodies={"minItems": 1},
            ),
            _props(
                "leeg omdat de agenda niet is afgestemd",
                agenda_alignment_bodies={"maxItems": 0},
            ),
        ),
        _iff(
            "budget_total_eur",
            {"type": "null"},
            _props(
                "leeg omdat de begroting onbekend is",
                paying_municipalities={"type": "null"},
            ),
            {},
        ),
        {
            "if": {
                "properties": {key: {"type": "integer"} for key in contributions},
                "required": contributions,
            },
            "then": _props(
                "verplicht omdat begroting en bijdragen bekend zijn",
                other_contributions_eur={"type": "integer"},
            ),
            "else": _props(
                "leeg omdat de begroting of een bijdrage onbekend is",
                other_contributions_eur={"type": "null"},
            ),
        },
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Huisrecord landelijke monitor Zorg- en Veiligheidshuizen, formaatversie 1",
        "description": (
            "Eén huisrecord van een monitorjaar (docs/monitor/exchange-format.md). Rekenregels die "
            "een schema niet kan uitdrukken (aandelen samen 100, FTE-functies samen het totaal, "
            "overige bijdragen = begroting - rijk - gemeenten, mogelijke gemeenteaandelen) worden "
            "bij de import daarnaast gecontroleerd."
        ),
        "type": "object",
        "properties": properties,
        "required": list(v.RECORD_KEY_NAMES),
        "additionalProperties": False,
        "allOf": conditions,
    }


def schema_text() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover - writes the published file
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
