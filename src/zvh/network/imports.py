"""Import of a house's network (municipalities, partner organisations, users) from JSON or CSV.

The whole file is validated first, with the screens' own forms, and every problem is reported
per row and field. A file with problems imports nothing, unless the caller asked for the valid
rows only. Re-importing a file changes nothing: municipalities are matched by CBS code,
organisations by name and users by e-mail address, and unchanged rows are left alone.
The import only adds and updates; it never removes. Formats: docs/network-import.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.core.concurrency import StaleObjectError

from . import services, validation
from .forms import CbsCodeField, MunicipalityForm, OrganisationForm, UserFieldsForm
from .models import (
    House,
    Membership,
    Municipality,
    NetworkImport,
    Organisation,
    Partnership,
    Role,
)

FIELDS: dict[str, tuple[str, ...]] = {
    "house": ("name", "security_region", "seat_municipality"),
    "municipality": ("name", "cbs_code", "inhabitants"),
    "organisation": ("name", "kind", "domains"),
    "user": ("username", "email", "first_name", "last_name", "organisation", "roles"),
}
JSON_SECTIONS = {"municipalities": "municipality", "organisations": "organisation", "users": "user"}
LIST_FIELDS = {"domains", "roles"}
CSV_COLUMNS = {"type"} | {name for names in FIELDS.values() for name in names}


class ImportFileError(Exception):
    """The file as a whole cannot be read or does not belong here; nothing is imported."""


@dataclass(frozen=True)
class Issue:
    where: str
    field: str
    message: str


@dataclass
class Row:
    kind: str
    where: str
    data: dict[str, Any]


@dataclass
class ImportReport:
    format: str = ""
    issues: list[Issue] = field(default_factory=list)
    imported: bool = False
    skipped_rows: int = 0
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def summary(self) -> list[tuple[str, int, int, int]]:
        """(kind, created, updated, unchanged) in a fixed order, for screens and the command."""
        return [
            (kind, c["created"], c["updated"], c["unchanged"])
            for kind in ("municipality", "organisation", "user")
            if (c := self.counts.get(kind))
        ]


def import_actor(house: House) -> Actor:
    """The command line acts as the house's functional administrator, without a user."""
    return Actor(
        user_id=None,
        organisation_id=None,
        house_id=house.pk,
        roles=frozenset({Role.FUNCTIONAL_ADMIN}),
    )


def network_import(
    *,
    actor: Actor | None,
    content: bytes,
    filename: str,
    valid_only: bool,
    house_name: str | None = None,
) -> ImportReport:
    """With an actor (the upload screen) the file goes into the actor's house. Without one
    (the command) into the house called `house_name`, which the file may create. Every run
    into a known house is recorded with its outcome (a refused file is work waiting)."""
    report = _run(
        actor=actor,
        content=content,
        filename=filename,
        valid_only=valid_only,
        house_name=house_name,
    )
    house_id = (
        actor.house_id
        if actor is not None
        else House.objects.filter(name=house_name).values_list("pk", flat=True).first()
    )
    if house_id is not None:
        NetworkImport.objects.create(
            house_id=house_id,
            user_id=actor.user_id if actor is not None else None,
            filename=filename[:200],
            format=report.format,
            imported=report.imported,
            issue_count=len(report.issues),
        )
    return report


def _run(
    *,
    actor: Actor | None,
    content: bytes,
    filename: str,
    valid_only: bool,
    house_name: str | None,
) -> ImportReport:
    report = ImportReport()
    try:
        report.format, rows, report.issues = _read(content, filename)
        if actor is not None:
            if actor.house_id is None:
                raise PermissionDenied
            house: House | None = House.objects.get(pk=actor.house_id)
            house_name = house.name if house else ""
        else:
            house = House.objects.filter(name=house_name).first()
        plan = _validate(rows, report, house=house, house_name=house_name or "")
    except ImportFileError as error:
        report.issues.append(Issue(where=str(_("bestand")), field="", message=str(error)))
        return report
    if report.issues and not valid_only:
        return report
    report.skipped_rows = len({issue.where for issue in report.issues})
    try:
        with transaction.atomic():
            _execute(plan, report, actor=actor, house=house, house_name=house_name or "")
    except (ValidationError, StaleObjectError) as error:
        report.counts.clear()
        message = error.messages[0] if isinstance(error, ValidationError) else error.message
        report.issues.append(
            Issue(
                where=str(_("bestand")),
                field="",
                message=str(_("Het importeren is afgebroken; er is niets veranderd. %(reason)s"))
                % {"reason": message},
            )
        )
        return report
    report.imported = True
    return report


# --- reading ----------------------------------------------------------------------------------


def _read(content: bytes, filename: str) -> tuple[str, list[Row], list[Issue]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("Het bestand is geen UTF-8-tekst.")) from error
    name = filename.lower()
    is_json = name.endswith(".json") or (
        not name.endswith(".csv") and text.lstrip().startswith("{")
    )
    if is_json:
        rows, issues = _read_json(text)
        return "json", rows, issues
    rows, issues = _read_csv(text)
    return "csv", rows, issues


def _read_json(text: str) -> tuple[list[Row], list[Issue]]:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise ImportFileError(
            _("Het bestand is geen geldige JSON (%(error)s).") % {"error": error}
        ) from error
    if not isinstance(document, dict):
        raise ImportFileError(
            _(
                "Het JSON-bestand moet één object zijn met house, municipalities, "
                "organisations en users."
            )
        )
    unknown = sorted(set(document) - {"house", *JSON_SECTIONS})
    if unknown:
        raise ImportFileError(_("Onbekend onderdeel: %(names)s.") % {"names": ", ".join(unknown)})
    rows: list[Row | None] = []
    issues: list[Issue] = []
    if "house" in document:
        rows.append(_json_row("house", "house", document["house"], issues))
    for section, kind in JSON_SECTIONS.items():
        items = document.get(section, [])
        if not isinstance(items, list):
            raise ImportFileError(_("%(section)s moet een lijst zijn.") % {"section": section})
        for index, item in enumerate(items):
            rows.append(_json_row(kind, f"{section}[{index}]", item, issues))
    return [row for row in rows if row is not None], issues


def _json_row(kind: str, where: str, item: Any, issues: list[Issue]) -> Row | None:
    if not isinstance(item, dict):
        issues.append(Issue(where, "", str(_("Dit moet een object met velden zijn."))))
        return None
    for name in sorted(set(item) - set(FIELDS[kind])):
        issues.append(Issue(where, str(name), str(_("Onbekend veld."))))
    return Row(kind, where, {key: value for key, value in item.items() if key in FIELDS[kind]})


def _read_csv(text: str) -> tuple[list[Row], list[Issue]]:
    header = text.lstrip().split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        columns = [column.strip().lower() for column in next(reader, [])]
        if "type" not in columns:
            raise ImportFileError(_("De kolom type ontbreekt in de eerste regel."))
        unknown = sorted(set(columns) - CSV_COLUMNS - {""})
        if unknown:
            raise ImportFileError(_("Onbekende kolom: %(names)s.") % {"names": ", ".join(unknown)})
        rows: list[Row] = []
        issues: list[Issue] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            where = str(_("regel %(number)d")) % {"number": reader.line_num}
            if len(cells) > len(columns):
                issues.append(
                    Issue(where, "", str(_("Deze regel heeft meer kolommen dan de kopregel.")))
                )
                continue
            values = {
                column: cell.strip() for column, cell in zip(columns, cells, strict=False) if column
            }
            kind = values.pop("type", "").lower()
            if kind not in FIELDS:
                issues.append(
                    Issue(
                        where,
                        "type",
                        str(_("Onbekend type; kies house, municipality, organisation of user.")),
                    )
                )
                continue
            data: dict[str, Any] = {}
            for name in FIELDS[kind]:
                value = values.get(name, "")
                if name in LIST_FIELDS:
                    data[name] = [
                        part.strip() for part in re.split(r"[|;,]", value) if part.strip()
                    ]
                elif value:
                    data[name] = value
            rows.append(Row(kind, where, data))
    except csv.Error as error:
        raise ImportFileError(
            _("Het CSV-bestand kan niet worden gelezen (%(error)s).") % {"error": error}
        ) from error
    return rows, issues


# --- validating -------------------------------------------------------------------------------


class HouseRowForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    security_region = forms.CharField(label=_("Veiligheidsregio"), max_length=100, required=False)
    seat_municipality = CbsCodeField(label=_("Centrumgemeente"), max_length=6, required=False)


@dataclass
class Plan:
    house: dict[str, Any] = field(default_factory=dict)
    municipalities: list[dict[str, Any]] = field(default_factory=list)
    organisations: list[dict[str, Any]] = field(default_factory=list)
    users: list[dict[str, Any]] = field(default_factory=list)


def _validate(
    rows: list[Row], report: ImportReport, *, house: House | None, house_name: str
) -> Plan:
    plan = Plan()
    house_id = house.pk if house is not None else None
    house_rows = [row for row in rows if row.kind == "house"]
    if len(house_rows) > 1:
        raise ImportFileError(_("Het bestand beschrijft meer dan één huis."))
    if house_rows:
        plan.house = _validate_house(house_rows[0], house_name=house_name)
    if house is None and not (
        plan.house.get("security_region") and plan.house.get("seat_municipality")
    ):
        raise ImportFileError(
            _(
                "Het huis %(name)s bestaat nog niet. Geef in het bestand de veiligheidsregio en de "
                "centrumgemeente (CBS-code) van het huis op."
            )
            % {"name": house_name}
        )

    def problem(row: Row, name: str, message: Any) -> None:
        report.issues.append(Issue(row.where, name, str(message)))

    def form_problems(row: Row, form: forms.Form) -> bool:
        if form.is_valid():
            return False
        for name, errors in form.errors.items():
            for message in errors:
                problem(row, "" if name == "__all__" else name, message)
        return True

    seen: dict[str, str] = {}
    for row in (r for r in rows if r.kind == "municipality"):
        code = str(row.data.get("cbs_code", "")).strip().upper()
        existing = Municipality.objects.filter(cbs_code=code).first() if code else None
        form = MunicipalityForm(
            row.data, house_id=house_id, municipality_id=existing.pk if existing else None
        )
        bad = form_problems(row, form)
        if existing is not None and not bad:
            message = _joinable_problem(existing, house_id)
            if message:
                problem(row, "cbs_code", message)
                bad = True
        if code in seen:
            problem(
                row, "cbs_code", _("Deze CBS-code staat ook in %(where)s.") % {"where": seen[code]}
            )
            bad = True
        seen.setdefault(code, row.where)
        if not bad:
            plan.municipalities.append(form.cleaned_data)

    seen = {}
    for row in (r for r in rows if r.kind == "organisation"):
        name = str(row.data.get("name", "")).strip()
        existing_org = Organisation.objects.filter(name__iexact=name).first() if name else None
        org_form = OrganisationForm(
            row.data, organisation_id=existing_org.pk if existing_org else None
        )
        bad = form_problems(row, org_form)
        if (
            existing_org is not None
            and not bad
            and _shared_elsewhere(existing_org, house_id)
            and _organisation_differs(existing_org, org_form.cleaned_data)
        ):
            problem(
                row,
                "name",
                _(
                    "Deze organisatie is ook partner van een ander huis. Naam, soort en "
                    "domeinen moeten daarom gelijk zijn aan wat er al staat."
                ),
            )
            bad = True
        if name.lower() in seen:
            problem(
                row, "name", _("Deze naam staat ook in %(where)s.") % {"where": seen[name.lower()]}
            )
            bad = True
        seen.setdefault(name.lower(), row.where)
        if not bad:
            plan.organisations.append(org_form.cleaned_data)

    known_organisations = {values["name"].lower() for values in plan.organisations}
    if house is not None:
        partner_names = Organisation.objects.filter(partnerships__house=house)
        known_organisations |= {
            name.lower() for name in partner_names.values_list("name", flat=True)
        }
    emails: dict[str, str] = {}
    usernames: dict[str, str] = {}
    for row in (r for r in rows if r.kind == "user"):
        email = str(row.data.get("email", "")).strip()
        existing_user = User.objects.filter(email__iexact=email).first() if email else None
        user_form = UserFieldsForm(row.data, user_id=existing_user.pk if existing_user else None)
        bad = form_problems(row, user_form)
        organisation_name = str(row.data.get("organisation", "")).strip()
        if not organisation_name:
            problem(row, "organisation", _("Dit veld is verplicht."))
            bad = True
        elif organisation_name.lower() not in known_organisations:
            problem(
                row,
                "organisation",
                _(
                    "Deze organisatie is geen partner van het huis en staat ook niet (foutloos) "
                    "in het bestand."
                ),
            )
            bad = True
        elif existing_user is not None and not _same_organisation(existing_user, organisation_name):
            problem(
                row,
                "organisation",
                _("Er bestaat al een gebruiker met dit e-mailadres bij een andere organisatie."),
            )
            bad = True
        for key, value, index in (
            ("email", email.lower(), emails),
            ("username", str(row.data.get("username", "")).strip().lower(), usernames),
        ):
            if value and value in index:
                problem(
                    row, key, _("Deze waarde staat ook in %(where)s.") % {"where": index[value]}
                )
                bad = True
            if value:
                index.setdefault(value, row.where)
        if not bad:
            plan.users.append({**user_form.cleaned_data, "organisation": organisation_name})

    seat = plan.house.get("seat_municipality")
    if seat and not _seat_available(seat, plan, house):
        raise ImportFileError(
            _(
                "De centrumgemeente %(code)s staat niet (foutloos) in het bestand en hoort niet "
                "bij het huis."
            )
            % {"code": seat}
        )
    return plan


def _validate_house(row: Row, *, house_name: str) -> dict[str, Any]:
    form = HouseRowForm(row.data)
    if not form.is_valid():
        first = next(iter(form.errors.items()))
        raise ImportFileError(f"{row.where}, {first[0]}: {first[1][0]}")
    values = {key: value for key, value in form.cleaned_data.items() if value}
    if values.get("name") and values["name"] != house_name:
        raise ImportFileError(
            _("Dit bestand hoort bij het huis %(file)s, niet bij %(house)s.")
            % {"file": values["name"], "house": house_name}
        )
    return values


def _joinable_problem(municipality: Municipality, house_id: Any) -> str | None:
    """Why an existing municipality cannot come into the house, if it cannot."""
    if house_id is not None and municipality.houses.filter(pk=house_id).exists():
        return None
    try:
        validation.check_municipality_joinable(municipality, house_id=house_id)
    except ValidationError as error:
        return str(error.messages[0])
    return None


def _shared_elsewhere(organisation: Organisation, house_id: Any) -> bool:
    return Partnership.objects.filter(organisation=organisation).exclude(house_id=house_id).exists()


def _organisation_differs(organisation: Organisation, values: dict[str, Any]) -> bool:
    return (
        organisation.name != values["name"]
        or organisation.kind != values["kind"]
        or set(organisation.domains) != set(values["domains"])
    )


def _same_organisation(user: User, organisation_name: str) -> bool:
    return (
        user.organisation is not None
        and user.organisation.name.lower() == organisation_name.lower()
    )


def _seat_available(code: str, plan: Plan, house: House | None) -> bool:
    if any(m["cbs_code"] == code for m in plan.municipalities):
        return True
    if house is None:
        return False
    return house.municipalities.filter(cbs_code=code).exists()


# --- writing ----------------------------------------------------------------------------------


def _execute(
    plan: Plan, report: ImportReport, *, actor: Actor | None, house: House | None, house_name: str
) -> None:
    new_seat = ""
    if house is None:
        seat = next(
            m for m in plan.municipalities if m["cbs_code"] == plan.house["seat_municipality"]
        )
        house = services.house_create(
            name=house_name,
            security_region=plan.house["security_region"],
            seat_name=seat["name"],
            seat_cbs_code=seat["cbs_code"],
            seat_inhabitants=seat["inhabitants"],
        )
        report.count("municipality", "created")
        new_seat = seat["cbs_code"]
    actor = actor or import_actor(house)
    for values in plan.municipalities:
        if values["cbs_code"] == new_seat:
            continue  # came in with the house
        report.count("municipality", _import_municipality(actor, house, values))
    _import_house_fields(actor, house, plan.house)
    for values in plan.organisations:
        report.count("organisation", _import_organisation(actor, house, values))
    for values in plan.users:
        report.count("user", _import_user(actor, house, values))
    audit_record(
        actor=actor,
        action=Action.IMPORT,
        object_type="network_import",
        object_id=house.pk,
        detail={
            "format": report.format,
            "skipped_rows": report.skipped_rows,
            "counts": {kind: dict(counter) for kind, counter in report.counts.items()},
        },
    )


def _import_municipality(actor: Actor, house: House, values: dict[str, Any]) -> str:
    existing = Municipality.objects.filter(cbs_code=values["cbs_code"]).first()
    if existing is None or not house.municipalities.filter(pk=existing.pk).exists():
        services.municipality_add(actor=actor, **values)
        return "created"
    if existing.name == values["name"] and existing.inhabitants == values["inhabitants"]:
        return "unchanged"
    services.municipality_update(
        actor=actor, municipality=existing, expected_version=existing.version, **values
    )
    return "updated"


def _import_house_fields(actor: Actor, house: House, values: dict[str, Any]) -> None:
    house.refresh_from_db()
    region = values.get("security_region", house.security_region)
    seat_code = values.get("seat_municipality")
    seat = house.municipalities.get(cbs_code=seat_code) if seat_code else house.seat_municipality
    if region != house.security_region or seat.pk != house.seat_municipality_id:
        services.house_update(actor=actor, security_region=region, seat_municipality=seat)


def _import_organisation(actor: Actor, house: House, values: dict[str, Any]) -> str:
    existing = Organisation.objects.filter(name__iexact=values["name"]).first()
    if existing is None:
        services.organisation_create(actor=actor, **values)
        return "created"
    outcome = "unchanged"
    if not Partnership.objects.filter(house=house, organisation=existing).exists():
        services.partnership_add(actor=actor, organisation=existing)
        outcome = "updated"
    if _organisation_differs(existing, values):
        services.organisation_update(
            actor=actor, organisation=existing, expected_version=existing.version, **values
        )
        outcome = "updated"
    return outcome


def _import_user(actor: Actor, house: House, values: dict[str, Any]) -> str:
    existing = User.objects.filter(email__iexact=values["email"]).first()
    if existing is None:
        organisation = Organisation.objects.get(
            name__iexact=values["organisation"], partnerships__house=house
        )
        services.user_create(
            actor=actor,
            username=values["username"],
            email=values["email"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            organisation=organisation,
            roles=values["roles"],
            password=None,
        )
        return "created"
    current = set(
        Membership.objects.filter(user=existing, house=house).values_list("role", flat=True)
    )
    if set(values["roles"]) <= current:
        return "unchanged"
    change = services.user_roles_set(
        actor=actor, user=existing, roles=current | set(values["roles"])
    )
    # A role already waiting for approval is not proposed twice.
    return "updated" if change.changed else "unchanged"
