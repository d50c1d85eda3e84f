"""Reading, checking and writing house records (format version 1).

Validation has two layers (decision 0182): the published JSON Schema (`schema.py`) for structure,
types, allowed values, ranges and the "if and only if" rules, and the arithmetic rules below that a
schema cannot say. Every error names the house, the key (a dotted path) and a Dutch reason;
jsonschema's English messages are never shown, its errors are translated by their kind.

Numbers are read as Decimal (`parse_float=Decimal`) so that FTE sums are compared exactly."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from zvh.monitor.exchange import vocabulary as v
from zvh.monitor.exchange.schema import SCHEMA_PATH

FILE = ""  # the key (and house) of an error about the whole file


@dataclass(frozen=True)
class RecordError:
    house: str
    key: str
    reason: str

    def __str__(self) -> str:
        where = " · ".join(part for part in (self.house, self.key) if part)
        return f"{where}: {self.reason}" if where else self.reason


class RecordSetInvalid(Exception):
    def __init__(self, errors: list[RecordError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


# Upgrade steps: UPGRADES[n] turns a record of format version n into version n + 1. Version 1 is
# the only version so far; a version 2 adds UPGRADES[1] here, and version-1 files keep reading.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


@cache
def _validator() -> Draft202012Validator:
    # The schema is read with Decimal as well, so that its numbers compare with the record's.
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"), parse_float=Decimal)
    return Draft202012Validator(schema)


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = _validator().schema
    return schema


# -- public interface ---------------------------------------------------------------------------


def parse_year(raw: bytes | str, *, year: int | None = None) -> list[dict[str, Any]]:
    """The validated records of a year file, in the current format version. The file is a list
    of records or an envelope {"format_version": 1, "year": Y, "records": [...]}.
    Raises RecordSetInvalid with every error of every record."""
    data = _load_json(raw)
    records = _records_of(data, year)
    errors: list[RecordError] = []
    result: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for position, record in enumerate(records, start=1):
        house = _house(record, position)
        upgraded, version_errors = _upgrade(record, house)
        if version_errors:
            errors += version_errors
            continue
        record_errors = validate_record(upgraded, position=position)
        if not isinstance(upgraded, dict):
            errors += record_errors
            continue
        record_year = upgraded.get("year", year)
        if year is not None and record_year != year and _is_int(record_year):
            reason = f"het record hoort bij {record_year}, niet bij {year}"
            record_errors.append(RecordError(house, "year", reason))
        house_id = upgraded.get("id")
        if isinstance(house_id, str) and house_id.strip():
            if house_id in seen:
                record_errors.append(
                    RecordError(
                        house,
                        "id",
                        f"dubbele huiscode: '{house_id}' staat ook in record {seen[house_id]}",
                    )
                )
            else:
                seen[house_id] = position
        errors += record_errors
        result.append(upgraded)
    if errors:
        raise RecordSetInvalid(errors)
    return result


def validate_record(record: object, *, position: int = 1) -> list[RecordError]:
    """Every error of one current-version record; position (1-based) names a record without id."""
    house = _house(record, position)
    if not isinstance(record, dict):
        return [RecordError(house, FILE, "een huisrecord moet een JSON-object zijn")]
    errors, bad_keys = _schema_errors(record, house)
    errors += _rule_errors(record, house, bad_keys)
    return errors


def record_json(record: dict[str, Any]) -> str:
    """Canonical JSON of one record: `format_version` first, then the keys in the vocabulary's
    order (objects too), FTE with one decimal. Raises RecordSetInvalid for an invalid record."""
    errors = validate_record(record)
    if errors:
        raise RecordSetInvalid(errors)
    lines = [f'  "format_version": {v.FORMAT_VERSION}']
    keys = list(v.RECORD_KEY_NAMES)
    keys += [key for key in ("year", *(k for k, _ in v.OPTIONAL_TEXT_KEYS)) if key in record]
    for key in keys:
        value = record[key]
        if key == "partner_org_counts":
            value = {kind: value[kind] for kind in v.values(v.PARTNER_ORG_KINDS)}
        elif key == "inflow_share_pct":
            value = {kind: value[kind] for kind in v.values(v.INFLOW_PARTNERS)}
        elif key == "agenda_alignment_bodies":
            value = [{"category": b["category"], "body": b["body"]} for b in value]
        if key == "fte_total" or key in v.FTE_FUNCTION_KEYS:
            text = "null" if value is None else str(as_decimal(value).quantize(Decimal("0.1")))
        else:
            text = json.dumps(value, ensure_ascii=False)
        lines.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def as_decimal(value: int | float | Decimal) -> Decimal:
    """A JSON number as an exact Decimal (a float by its shortest decimal form: 2.3 -> 2.3)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


# -- the file -----------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _load_json(raw: bytes | str) -> Any:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            reason = "Het bestand is geen geldige JSON: het is geen UTF-8-tekst."
            raise RecordSetInvalid([RecordError(FILE, FILE, reason)]) from None
    duplicates: list[str] = []

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        # json.loads would silently keep the last of two equal keys: a second "id" is a mistake.
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        data = json.loads(
            raw.removeprefix("\ufeff"),
            parse_float=Decimal,
            parse_constant=_reject_constant,
            object_pairs_hook=unique_keys,
        )
    except json.JSONDecodeError as error:
        reason = (
            f"Het bestand is geen geldige JSON: fout op regel {error.lineno}, kolom {error.colno}."
        )
        raise RecordSetInvalid([RecordError(FILE, FILE, reason)]) from None
    except (ValueError, InvalidOperation):
        reason = "Het bestand is geen geldige JSON: NaN en Infinity zijn geen JSON-getallen."
        raise RecordSetInvalid([RecordError(FILE, FILE, reason)]) from None
    if duplicates:
        raise RecordSetInvalid(
            [
                RecordError(FILE, key, "de sleutel staat twee keer in hetzelfde object")
                for key in dict.fromkeys(duplicates)
            ]
        )
    return data


ENVELOPE_KEYS = ("format_version", "year", "records")
BAD_VERSION = "moet een geheel getal van 1 of meer zijn"


def _records_of(data: Any, year: int | None) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict) or "records" not in data:
        raise RecordSetInvalid(
            [
                RecordError(
                    FILE,
                    FILE,
                    "Het bestand moet een lijst van huisrecords zijn, of een object met "
                    "'format_version', 'year' en 'records'.",
                )
            ]
        )
    errors = [
        RecordError(FILE, key, "onbekende sleutel") for key in data if key not in ENVELOPE_KEYS
    ]
    version = data.get("format_version", 1)
    if not _is_int(version) or version < 1:
        errors.append(
            RecordError(FILE, "format_version", "moet een geheel getal van 1 of meer zijn")
        )
    elif version > v.FORMAT_VERSION:
        errors.append(RecordError(FILE, "format_version", _unknown_version(version)))
    envelope_year = data.get("year")
    if "year" in data and not _is_int(envelope_year):
        errors.append(RecordError(FILE, "year", "moet een geheel getal zijn"))
    elif year is not None and "year" in data and envelope_year != year:
        errors.append(
            RecordError(FILE, "year", f"het bestand is van {envelope_year}, niet van {year}")
        )
    if not isinstance(data["records"], list):
        errors.append(RecordError(FILE, "records", "moet een lijst van huisrecords zijn"))
    if errors:
        raise RecordSetInvalid(errors)
    records: list[Any] = data["records"]
    return records


def _unknown_version(version: int) -> str:
    return (
        f"onbekende formaatversie {version}; deze installatie leest versie 1 tot en met "
        f"{v.FORMAT_VERSION}"
    )


def _upgrade(record: Any, house: str) -> tuple[Any, list[RecordError]]:
    """The record in the current format version (a record without `format_version` is version 1)."""
    if not isinstance(record, dict):
        return record, []
    version = record.get("format_version", 1)
    if not _is_int(version) or version < 1:
        return record, [
            RecordError(house, "format_version", "moet een geheel getal van 1 of meer zijn")
        ]
    if version > v.FORMAT_VERSION:
        return record, [RecordError(house, "format_version", _unknown_version(version))]
    upgraded = dict(record)
    while version < v.FORMAT_VERSION:
        upgraded = UPGRADES[version](upgraded)
        version += 1
    if "format_version" in upgraded:
        upgraded["format_version"] = v.FORMAT_VERSION
    return upgraded, []


def _house(record: object, position: int) -> str:
    if isinstance(record, dict):
        house_id = record.get("id")
        if isinstance(house_id, str) and house_id.strip():
            return house_id
    return f"record {position}"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# -- the schema's errors in Dutch ---------------------------------------------------------------


def _path(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _join(base: str, name: str) -> str:
    return f"{base}.{name}" if base else name


TYPE_NAMES = {
    "integer": "een geheel getal",
    "number": "een getal",
    "string": "tekst",
    "boolean": "true of false",
    "array": "een lijst",
    "object": "een object",
    "null": "null (leeg)",
}


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _reasons(error: ValidationError) -> list[tuple[str, str]]:
    """(key, Dutch reason) pairs for one schema error, by its kind."""
    key = _path(error.absolute_path)
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        present = instance if isinstance(instance, dict) else {}
        return [(_join(key, name), "ontbreekt") for name in expected if name not in present]
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        return [(_join(key, name), "onbekende sleutel") for name in instance if name not in known]
    if kind == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        named = [TYPE_NAMES[t] for t in types if t != "null"] or [TYPE_NAMES["null"]]
        nullable = " (of null)" if "null" in types and len(types) > 1 else ""
        return [(key, "moet " + " of ".join(named) + " zijn" + nullable)]
    if kind == "enum":
        allowed = ", ".join(_show(value) for value in expected)
        shown = instance if isinstance(instance, str) else json.dumps(instance, default=str)
        return [(key, f"onbekende waarde '{shown}'; toegestaan: {allowed}")]
    if kind == "const":
        return [(key, f"moet {_show(expected)} zijn")]
    if kind == "minimum":
        return [(key, f"moet minstens {expected} zijn")]
    if kind == "maximum":
        return [(key, f"mag hoogstens {expected} zijn")]
    if kind in ("minLength", "pattern"):
        return [(key, "mag niet leeg zijn")]
    if kind == "minItems":
        return [(key, "mag niet leeg zijn")]
    if kind == "maxItems":
        return [(key, "moet leeg zijn")]
    if kind == "uniqueItems":
        return [(key, "bevat een waarde meer dan eens")]
    return [(key, "voldoet niet aan het formaat")]


def _branch(error: ValidationError) -> tuple[str, list[str]] | None:
    """For an error inside an if/then/else rule: its Dutch explanation and the keys its
    condition reads. None for an error outside such a rule."""
    node: Any = _schema()
    parts = list(error.absolute_schema_path)
    for part in parts:
        if part in ("then", "else") and isinstance(node, dict) and "if" in node:
            condition = list(node["if"].get("properties", {}))
            description = node[part].get("description", "")
            return description, condition
        node = node[part]
    return None


def _schema_errors(record: dict[str, Any], house: str) -> tuple[list[RecordError], set[str]]:
    plain: list[tuple[str, str]] = []
    conditional: list[tuple[str, str, list[str]]] = []
    for error in _validator().iter_errors(record):
        branch = _branch(error)
        for key, reason in _reasons(error):
            if branch is None:
                plain.append((key, reason))
            else:
                description, condition = branch
                reason = f"{reason} ({description})" if description else reason
                conditional.append((key, reason, condition))
    bad_keys = {key.split(".")[0].split("[")[0] for key, _ in plain}
    pairs = list(plain)
    for key, reason, condition in conditional:
        # A condition on a key that is itself wrong says nothing; neither does a rule on a key
        # whose value already has an error.
        if key.split(".")[0] in bad_keys or any(name in bad_keys for name in condition):
            continue
        pairs.append((key, reason))
        bad_keys.add(key.split(".")[0])
    unique = list(dict.fromkeys(pairs))
    order = {name: index for index, name in enumerate(v.RECORD_KEY_NAMES)}
    unique.sort(key=lambda pair: order.get(pair[0].split(".")[0].split("[")[0], -1))
    return [RecordError(house, key, reason) for key, reason in unique], bad_keys


# -- the rules a schema cannot say --------------------------------------------------------------


def _rule_errors(record: dict[str, Any], house: str, bad: set[str]) -> list[RecordError]:
    errors: list[RecordError] = []

    def ok(*keys: str) -> bool:
        return all(key in record and key not in bad for key in keys)

    def add(key: str, reason: str) -> None:
        errors.append(RecordError(house, key, reason))

    n = record.get("municipalities_count")
    if ok("paying_municipalities", "municipalities_count"):
        paying = record["paying_municipalities"]
        if paying is not None and n is not None and paying > n:
            add(
                "paying_municipalities",
                f"mag niet groter zijn dan het aantal deelnemende gemeenten ({n})",
            )

    if ok("budget_total_eur", "national_contribution_eur", "municipal_contribution_eur"):
        budget = record["budget_total_eur"]
        national = record["national_contribution_eur"]
        municipal = record["municipal_contribution_eur"]
        if None not in (budget, national, municipal) and ok("other_contributions_eur"):
            rest = budget - national - municipal
            other = record["other_contributions_eur"]
            if rest < 0:
                add(
                    "other_contributions_eur",
                    f"de bijdragen van V&J ({national}) en gemeenten ({municipal}) zijn samen "
                    f"groter dan de begroting ({budget})",
                )
            elif other != rest:
                add(
                    "other_contributions_eur",
                    f"moet gelijk zijn aan begroting - bijdrage V&J - bijdrage gemeenten = {rest}",
                )

    fte_keys = ("fte_total", *v.FTE_FUNCTION_KEYS)
    for key in fte_keys:
        if ok(key) and record[key] is not None:
            value = as_decimal(record[key])
            if not value.is_finite():
                add(key, "moet een eindig getal zijn")
                bad.add(key)
            elif (Fraction(value) * 10).denominator != 1:
                add(key, "mag hoogstens één decimaal hebben")
                bad.add(key)
    if ok(*fte_keys) and record["fte_total"] is not None:
        parts = [record[key] for key in v.FTE_FUNCTION_KEYS]
        if None not in parts:
            # Fractions: exact whatever the size (Decimal arithmetic rounds at 28 digits).
            total = sum((Fraction(as_decimal(part)) for part in parts), Fraction(0))
            if total != Fraction(as_decimal(record["fte_total"])):
                add(
                    "fte_total",
                    f"de vier functies tellen op tot {_plain(total)}, niet tot "
                    f"{_plain(Fraction(as_decimal(record['fte_total'])))}",
                )

    if ok("inflow_share_pct"):
        shares = record["inflow_share_pct"]
        if shares.get("police") is not None:
            total_share = sum(value for value in shares.values() if value is not None)
            if total_share != 100:
                add(
                    "inflow_share_pct",
                    f"de ingevulde aandelen tellen op tot {total_share}%, niet tot 100%",
                )

    if ok("municipalities_count") and n is not None:
        for key in v.MUNICIPAL_SHARE_KEYS:
            if ok(key) and record[key] is not None and not share_possible(record[key], n):
                add(key, f"'{record[key]}' is niet mogelijk bij {n} deelnemende gemeente(n)")
    return errors


def _plain(value: Fraction) -> str:
    """A number of tenths as Dutch readers expect it in a message: 7.5, 12.0."""
    tenths = value * 10
    if tenths.denominator != 1:
        return str(float(value))
    whole, tenth = divmod(tenths.numerator, 10)
    return f"{whole}.{tenth}"


def share_possible(answer: str, n: int) -> bool:
    """Whether some number k of n municipalities gives this municipal-share answer: over half
    needs n/2 < k < n (n >= 3), 25-50% needs 1/4 <= k/n <= 1/2 (n >= 2), under a quarter needs
    0 < k/n < 1/4 (n >= 5); "all" is k = n, and none/unknown/don't know are always possible."""
    minimum = {"over_half": 3, "quarter_to_half": 2, "under_quarter": 5}.get(answer, 1)
    return n >= minimum
