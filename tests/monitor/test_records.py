"""Validation of house records: every import rule with a bad example, the file-level errors, the
format versions, and the canonical JSON against the published schema. No database."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.monitor.samples import valid_record
from zvh.monitor.exchange import records as records_module
from zvh.monitor.exchange import vocabulary as v
from zvh.monitor.exchange.records import (
    RecordError,
    RecordSetInvalid,
    parse_year,
    record_json,
    share_possible,
    validate_record,
)
from zvh.monitor.exchange.schema import SCHEMA_PATH, schema_text

ENGLISH = ("is not", "is a required", "Additional properties", "should be", "expected")


def keys_of(errors: list[RecordError]) -> list[tuple[str, str]]:
    return [(error.house, error.key) for error in errors]


def assert_dutch(errors: list[RecordError]) -> None:
    for error in errors:
        assert error.reason
        assert not any(word in error.reason for word in ENGLISH), error.reason


def with_nested(path: str, value: Any, **changes: Any) -> dict[str, Any]:
    record = valid_record(**changes)
    outer, inner = path.split(".")
    record[outer][inner] = value
    return record


def file_of(*records: dict[str, Any]) -> str:
    return json.dumps(list(records), default=float)


def errors_of_file(raw: str | bytes, year: int | None = None) -> list[RecordError]:
    with pytest.raises(RecordSetInvalid) as caught:
        parse_year(raw, year=year)
    assert_dutch(caught.value.errors)
    return caught.value.errors


def test_the_published_schema_is_the_built_schema_and_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()
    schema = json.loads(schema_text())
    Draft202012Validator.check_schema(schema)
    assert schema["required"] == list(v.RECORD_KEY_NAMES)


def test_a_valid_record_has_no_errors() -> None:
    assert validate_record(valid_record()) == []


BAD_RECORDS: list[tuple[str, dict[str, Any], str, str]] = [
    # (what, record, key, a word of the reason)
    ("missing key", {k: x for k, x in valid_record().items() if k != "name"}, "name", "ontbreekt"),
    ("unknown key", valid_record(colour="red"), "colour", "onbekende sleutel"),
    (
        "wrong enum",
        valid_record(preparation_group="maybe"),
        "preparation_group",
        "onbekende waarde 'maybe'",
    ),
    (
        "string for int",
        valid_record(municipalities_count="8"),
        "municipalities_count",
        "geheel getal",
    ),
    (
        "true for int",
        valid_record(municipalities_count=True),
        "municipalities_count",
        "geheel getal",
    ),
    (
        "true for int nested",
        with_nested("partner_org_counts.halt", True),
        "partner_org_counts.halt",
        "geheel getal",
    ),
    (
        "1.0 is not an int",
        valid_record(budget_total_eur=Decimal("800000.0")),
        "budget_total_eur",
        "geheel getal",
    ),
    ("1.25 for FTE", valid_record(fte_other=Decimal("1.25")), "fte_other", "één decimaal"),
    ("string for FTE", valid_record(fte_other="1.0"), "fte_other", "getal"),
    (
        "negative FTE",
        valid_record(fte_other=Decimal("-1.0"), fte_total=Decimal("5.5")),
        "fte_other",
        "minstens 0",
    ),
    ("empty id", valid_record(id=""), "id", "niet leeg"),
    ("blank name", valid_record(name="  "), "name", "niet leeg"),
    (
        "central municipality not text",
        valid_record(central_municipality=None),
        "central_municipality",
        "tekst",
    ),
    (
        "signed without year",
        valid_record(cooperation_covenant_year=None),
        "cooperation_covenant_year",
        "getekend",
    ),
    (
        "year without signature",
        valid_record(privacy_covenant_year=2013),
        "privacy_covenant_year",
        "getekend",
    ),
    (
        "year not an int",
        valid_record(cooperation_covenant_year="2014"),
        "cooperation_covenant_year",
        "geheel getal",
    ),
    (
        "no municipalities",
        valid_record(municipalities_count=0),
        "municipalities_count",
        "minstens 1",
    ),
    ("no payers", valid_record(paying_municipalities=0), "paying_municipalities", "minstens 1"),
    (
        "more payers than members",
        valid_record(paying_municipalities=9),
        "paying_municipalities",
        "groter",
    ),
    (
        "payers without budget",
        valid_record(budget_total_eur=None, other_contributions_eur=None),
        "paying_municipalities",
        "begroting",
    ),
    (
        "partner kind missing",
        valid_record(
            partner_org_counts={
                k: 1 for k in v.values(v.PARTNER_ORG_KINDS) if k != "public_prosecution"
            }
        ),
        "partner_org_counts.public_prosecution",
        "ontbreekt",
    ),
    (
        "partner kind unknown",
        with_nested("partner_org_counts.fire_brigade", 1),
        "partner_org_counts.fire_brigade",
        "onbekende sleutel",
    ),
    (
        "negative partner count",
        with_nested("partner_org_counts.halt", -1),
        "partner_org_counts.halt",
        "minstens 0",
    ),
    (
        "share above 100",
        with_nested("inflow_share_pct.other", 101),
        "inflow_share_pct.other",
        "hoogstens 100",
    ),
    ("shares not 100", with_nested("inflow_share_pct.other", 5), "inflow_share_pct", "105%"),
    (
        "inflow partner missing",
        valid_record(
            inflow_share_pct={
                k: None for k in v.values(v.INFLOW_PARTNERS) if k != "municipality_cjg"
            }
        ),
        "inflow_share_pct.municipality_cjg",
        "ontbreekt",
    ),
    ("zero budget", valid_record(budget_total_eur=0), "budget_total_eur", "minstens 1"),
    (
        "negative contribution",
        valid_record(national_contribution_eur=-1),
        "national_contribution_eur",
        "minstens 0",
    ),
    (
        "rest wrong",
        valid_record(other_contributions_eur=99999),
        "other_contributions_eur",
        "100000",
    ),
    (
        "contributions above budget",
        valid_record(national_contribution_eur=500000, other_contributions_eur=0),
        "other_contributions_eur",
        "groter dan de begroting",
    ),
    (
        "rest given while a contribution is unknown",
        valid_record(national_contribution_eur=None),
        "other_contributions_eur",
        "onbekend",
    ),
    (
        "rest missing while all known",
        valid_record(other_contributions_eur=None),
        "other_contributions_eur",
        "geheel getal",
    ),
    ("FTE functions do not add up", valid_record(fte_total=Decimal("7.6")), "fte_total", "7.5"),
    ("FTE function null with a total", valid_record(fte_other=None), "fte_other", "totaal"),
    (
        "FTE function without a total",
        valid_record(
            fte_total=None,
            fte_chain_manager=None,
            fte_process_management=None,
            fte_information_admin=None,
        ),
        "fte_other",
        "leeg",
    ),
    (
        "reach without estimate",
        valid_record(complex_case_reach_status="dont_know"),
        "complex_case_reach_pct",
        "schatting",
    ),
    (
        "estimate without reach",
        valid_record(complex_case_reach_pct=None),
        "complex_case_reach_pct",
        "schatting",
    ),
    (
        "reach above 100",
        valid_record(complex_case_reach_pct=101),
        "complex_case_reach_pct",
        "hoogstens 100",
    ),
    (
        "new task unknown",
        valid_record(new_task_types=["arson"]),
        "new_task_types[0]",
        "onbekende waarde 'arson'",
    ),
    (
        "new task twice",
        valid_record(new_task_types=["jihadism", "jihadism"]),
        "new_task_types",
        "meer dan eens",
    ),
    ("new tasks without types", valid_record(new_task_types=[]), "new_task_types", "niet leeg"),
    (
        "types without new tasks",
        valid_record(new_tasks_since_framework=False),
        "new_task_types",
        "geen nieuwe taken",
    ),
    (
        "alignment unknown",
        valid_record(agenda_alignment="maybe"),
        "agenda_alignment",
        "toegestaan: yes, no, null",
    ),
    (
        "aligned without bodies",
        valid_record(agenda_alignment_bodies=[]),
        "agenda_alignment_bodies",
        "niet leeg",
    ),
    (
        "bodies without alignment",
        valid_record(agenda_alignment="no"),
        "agenda_alignment_bodies",
        "moet leeg",
    ),
    (
        "body category unknown",
        valid_record(
            agenda_alignment_bodies=[
                {"category": "x", "body": "RVO"},
                {"category": "x", "body": "ZSM"},
                {"category": "regional", "body": "DVO"},
            ]
        ),
        "agenda_alignment_bodies[2].category",
        "onbekende waarde 'regional'",
    ),
    (
        "body empty",
        valid_record(agenda_alignment_bodies=[{"category": "various", "body": ""}]),
        "agenda_alignment_bodies[0].body",
        "niet leeg",
    ),
    (
        "triage partners not a bool",
        valid_record(triage_partners_structurally_involved="yes"),
        "triage_partners_structurally_involved",
        "true of false",
    ),
    (
        "own direction unknown value",
        valid_record(municipalities_own_process_direction="unknown"),
        "municipalities_own_process_direction",
        "onbekende waarde",
    ),
    (
        "over half of 2",
        valid_record(municipalities_count=2, paying_municipalities=2),
        "municipalities_active_in_referral",
        "niet mogelijk bij 2",
    ),
    (
        "under a quarter of 4",
        valid_record(
            municipalities_contributed_to_vision="under_quarter",
            municipalities_count=4,
            paying_municipalities=4,
        ),
        "municipalities_contributed_to_vision",
        "niet mogelijk",
    ),
    (
        "quarter to half of 1",
        valid_record(
            municipalities_count=1,
            paying_municipalities=1,
            municipalities_active_in_referral="all",
            municipalities_contributed_to_vision="none",
        ),
        "municipalities_own_process_direction",
        "niet mogelijk",
    ),
    (
        "format version 2 in a record",
        valid_record(format_version=2),
        "format_version",
        "moet 1 zijn",
    ),
    ("optional text not text", valid_record(main_opportunity=5), "main_opportunity", "tekst"),
    (
        "thematic meetings as a string",
        valid_record(thematic_case_meetings="true"),
        "thematic_case_meetings",
        "true of false",
    ),
]


@pytest.mark.parametrize(
    ("what", "record", "key", "word"), BAD_RECORDS, ids=[b[0] for b in BAD_RECORDS]
)
def test_each_rule_gives_exactly_its_error(
    what: str, record: dict[str, Any], key: str, word: str
) -> None:
    errors = validate_record(record)
    if what == "body category unknown":  # two elements of an unknown category before it
        errors = [e for e in errors if e.key == key]
    assert keys_of(errors) == [(record.get("id") or "record 1", key)], errors
    assert word in errors[0].reason
    assert_dutch(errors)


def test_a_record_without_a_usable_id_is_named_by_its_position() -> None:
    errors = errors_of_file(file_of(valid_record(), valid_record(id=7)))
    assert keys_of(errors) == [("record 2", "id")]
    assert "tekst" in errors[0].reason


def test_the_possible_municipal_shares() -> None:
    # by the definition: some whole number k of n municipalities falls in the answer's range
    ranges = {
        "over_half": lambda k, n: Fraction(1, 2) < Fraction(k, n) < 1,
        "quarter_to_half": lambda k, n: Fraction(1, 4) <= Fraction(k, n) <= Fraction(1, 2),
        "under_quarter": lambda k, n: 0 < Fraction(k, n) < Fraction(1, 4),
    }
    for answer, in_range in ranges.items():
        for n in range(1, 41):
            assert share_possible(answer, n) == any(in_range(k, n) for k in range(n + 1))
    assert [share_possible("over_half", n) for n in (1, 2, 3)] == [False, False, True]
    assert [share_possible("quarter_to_half", n) for n in (1, 2, 3)] == [False, True, True]
    assert [share_possible("under_quarter", n) for n in (4, 5)] == [False, True]
    assert all(share_possible(a, 1) for a in ("all", "none", "unknown", "dont_know"))


def test_a_file_that_is_not_json() -> None:
    errors = errors_of_file('[{"id": "ZVH-01",\n  "name": }]')
    assert len(errors) == 1
    assert errors[0].house == "" and errors[0].key == ""
    assert errors[0].reason.startswith("Het bestand is geen geldige JSON: ")
    assert "regel 2, kolom 11" in errors[0].reason
    assert errors_of_file(b"\xff\xfe[]")[0].reason.startswith("Het bestand is geen geldige JSON")
    assert errors_of_file("[NaN]")[0].reason.startswith("Het bestand is geen geldige JSON")


def test_a_key_twice_in_one_object() -> None:
    text = file_of(valid_record()).replace('"id": "ZVH-01"', '"id": "ZVH-01", "id": "ZVH-09"')
    assert keys_of(errors_of_file(text)) == [("", "id")]
    assert parse_year("\ufeff" + file_of(valid_record()))[0]["id"] == "ZVH-01"


def test_a_file_of_the_wrong_shape() -> None:
    assert keys_of(errors_of_file('"records"')) == [("", "")]
    assert keys_of(errors_of_file("[1]")) == [("record 1", "")]


def test_a_duplicate_house_id() -> None:
    errors = errors_of_file(file_of(valid_record(), valid_record(id="ZVH-02"), valid_record()))
    assert keys_of(errors) == [("ZVH-01", "id")]
    assert "dubbele huiscode" in errors[0].reason and "record 1" in errors[0].reason


def test_errors_of_all_records_are_reported_together() -> None:
    errors = errors_of_file(
        file_of(valid_record(goal_statement="x"), valid_record(id="B", fte_other=None))
    )
    assert keys_of(errors) == [("ZVH-01", "goal_statement"), ("B", "fte_other")]


def test_parse_year_of_a_good_file_returns_the_records_with_exact_numbers() -> None:
    text = file_of(valid_record(), valid_record(id="ZVH-02", year=2015))
    parsed = parse_year(text, year=2015)
    assert [record["id"] for record in parsed] == ["ZVH-01", "ZVH-02"]
    assert parsed[0]["fte_process_management"] == Decimal("4.2")
    assert parse_year(text.encode()) == parsed
    assert parse_year("[]") == []


def test_an_envelope_and_its_year() -> None:
    envelope = {"format_version": 1, "year": 2015, "records": [valid_record()]}
    text = json.dumps(envelope, default=float)
    assert [r["id"] for r in parse_year(text, year=2015)] == ["ZVH-01"]
    assert [r["id"] for r in parse_year(text)] == ["ZVH-01"]
    errors = errors_of_file(text, year=2016)
    assert keys_of(errors) == [("", "year")]
    assert "2015" in errors[0].reason and "2016" in errors[0].reason
    extra = json.dumps({"year": 2015, "records": [], "notes": 1})
    assert keys_of(errors_of_file(extra)) == [("", "notes")]
    record_of_other_year = file_of(valid_record(year=2014))
    assert keys_of(errors_of_file(record_of_other_year, year=2015)) == [("ZVH-01", "year")]


def test_an_absent_format_version_means_version_1() -> None:
    record = valid_record()
    assert "format_version" not in record
    assert len(parse_year(file_of(record))) == 1
    assert len(parse_year(file_of(valid_record(format_version=1)))) == 1


def test_an_unknown_higher_format_version_is_a_clear_error() -> None:
    errors = errors_of_file(file_of(valid_record(format_version=2)))
    assert keys_of(errors) == [("ZVH-01", "format_version")]
    assert "onbekende formaatversie 2" in errors[0].reason
    envelope = json.dumps({"format_version": 3, "records": []})
    assert "onbekende formaatversie 3" in errors_of_file(envelope)[0].reason
    assert keys_of(errors_of_file(file_of(valid_record(format_version=True)))) == [
        ("ZVH-01", "format_version")
    ]


def test_older_versions_are_read_through_the_upgrade_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend the current version is 2 and version 1 files need a step: the step runs on them.
    def rename_to_v2(record: dict[str, Any]) -> dict[str, Any]:
        return {**record, "name": record["name"].upper()}

    monkeypatch.setattr(v, "FORMAT_VERSION", 2)
    monkeypatch.setitem(records_module.UPGRADES, 1, rename_to_v2)
    upgraded, errors = records_module._upgrade(valid_record(format_version=1), "ZVH-01")
    assert errors == []
    assert upgraded["name"] == "ZORG- EN VEILIGHEIDSHUIS VOORBEELDSTAD"
    assert upgraded["format_version"] == 2


def test_record_json_round_trips_and_validates_against_the_schema() -> None:
    record = valid_record(main_opportunity="Meer aandacht voor nazorg", year=2015)
    record["fte_total"] = 7.5  # a float from Python code is written exactly as well
    text = record_json(record)
    data = json.loads(text)
    assert list(data)[:3] == ["format_version", "id", "name"]
    assert list(data)[1 : len(v.RECORD_KEY_NAMES) + 1] == list(v.RECORD_KEY_NAMES)
    assert '"fte_chain_manager": 1.0,' in text
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    again = parse_year("[" + text + "]")[0]
    assert record_json(again) == text
    assert again["fte_total"] == Decimal("7.5")


def test_record_json_validates_first() -> None:
    with pytest.raises(RecordSetInvalid) as caught:
        record_json(valid_record(fte_total=Decimal("1.0")))
    assert keys_of(caught.value.errors) == [("ZVH-01", "fte_total")]
