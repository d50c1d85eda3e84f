"""Priority lists (Top-X / PGA): one upload, many persons, each a referral tagged with the list.

The CSV has a header row; `;` (Dutch spreadsheets) or `,` as separator; UTF-8 with or without
BOM. Columns (Dutch, as the people who fill them in name them):

    geslachtsnaam (required), voorvoegsel, voornamen, geboortedatum (JJJJ-MM-DD or DD-MM-JJJJ),
    bsn, straat, huisnummer, postcode, woonplaats, toelichting

A file with a bad row is refused as a whole, with a report per row, unless the user chose to
import only the valid rows.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.network.models import House
from zvh.people.bsn import passes_eleven_test

from .models import Behaviour, Channel, PriorityList, Source
from .selectors import triage_settings_for
from .services import PersonInput, ReferralInput, referral_create

COLUMNS = (
    "geslachtsnaam",
    "voorvoegsel",
    "voornamen",
    "geboortedatum",
    "bsn",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "toelichting",
)
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024


@dataclass
class RowProblem:
    row: int  # 1-based line number in the file, the header being line 1
    column: str
    message: str


@dataclass
class ParsedList:
    entries: list[tuple[int, PersonInput, str]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def bad_rows(self) -> set[int]:
        return {problem.row for problem in self.problems}


def parse_csv(content: bytes) -> ParsedList:
    """Reads and checks every row. Raises ValidationError only when the file as a whole is
    unusable (not text, no header, unknown columns, too large)."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("Het bestand is te groot (hoogstens 2 MB)."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("Het bestand is geen UTF-8-tekst. Sla het op als CSV UTF-8.")
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "geslachtsnaam" not in header:
        raise ValidationError(_("De kolom 'geslachtsnaam' ontbreekt in de kopregel."))
    unknown = sorted(set(header) - set(COLUMNS))
    if unknown:
        raise ValidationError(
            _("Onbekende kolommen: %(unknown)s. Toegestaan: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    parsed = ParsedList()
    for index, raw in enumerate(reader, start=2):
        if index - 1 > MAX_ROWS:
            raise ValidationError(_("Te veel regels (hoogstens %(max)d).") % {"max": MAX_ROWS})
        row = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        if not any(row.values()):
            continue
        _parse_row(index, row, parsed)
    if not parsed.entries and not parsed.problems:
        raise ValidationError(_("Het bestand bevat geen personen."))
    return parsed


def parse_rows(rows: list[dict[str, str]]) -> ParsedList:
    """The same checks for entries posted as JSON (keys as the CSV columns); row numbers
    count from 1."""
    parsed = ParsedList()
    for index, row in enumerate(rows, start=1):
        _parse_row(index, {k: str(v).strip() for k, v in row.items()}, parsed)
    return parsed


def _parse_row(line: int, row: dict[str, str], parsed: ParsedList) -> None:
    problems: list[RowProblem] = []
    surname = row.get("geslachtsnaam", "")
    if not surname:
        problems.append(RowProblem(line, "geslachtsnaam", _("De geslachtsnaam is verplicht.")))
    bsn = row.get("bsn", "")
    if bsn and not passes_eleven_test(bsn):
        problems.append(RowProblem(line, "bsn", _("Dit BSN is ongeldig (elfproef).")))
    birth: date | None = None
    if row.get("geboortedatum"):
        birth = _parse_date(row["geboortedatum"])
        if birth is None:
            problems.append(
                RowProblem(
                    line,
                    "geboortedatum",
                    _("Onleesbare datum; gebruik JJJJ-MM-DD of DD-MM-JJJJ."),
                )
            )
        elif birth > timezone.localdate():
            problems.append(
                RowProblem(line, "geboortedatum", _("De geboortedatum ligt in de toekomst."))
            )
    if problems:
        parsed.problems.extend(problems)
        return
    person = PersonInput(
        surname=surname,
        surname_prefix=row.get("voorvoegsel", ""),
        given_names=row.get("voornamen", ""),
        date_of_birth=birth,
        bsn=bsn,
        street=row.get("straat", ""),
        house_number=row.get("huisnummer", ""),
        postcode=row.get("postcode", ""),
        city=row.get("woonplaats", ""),
    )
    parsed.entries.append((line, person, row.get("toelichting", "")))


def _parse_date(value: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class ListImported:
    priority_list: PriorityList
    created: int
    skipped_rows: list[int]


def priority_list_import(
    *,
    actor: Actor,
    house: House,
    name: str,
    organisation_id: uuid.UUID,
    parsed: ParsedList,
    only_valid_rows: bool,
    referring_user_id: int | None,
) -> ListImported:
    """Creates the list and a referral per person. Refuses the whole list when a row is bad,
    unless `only_valid_rows`; then the bad rows are skipped and reported."""
    if not name.strip():
        raise ValidationError({"name": _("Geef de lijst een naam.")})
    if parsed.problems and not only_valid_rows:
        raise ValidationError(
            _("%(count)d regel(s) bevatten fouten; er is niets ingelezen.")
            % {"count": len(parsed.bad_rows)}
        )
    if not parsed.entries:
        raise ValidationError(_("Er zijn geen geldige regels om in te lezen."))
    bypass = triage_settings_for(house.id).priority_list_bypass
    with transaction.atomic():
        priority_list = PriorityList.objects.create(
            house=house,
            name=name.strip(),
            organisation_id=organisation_id,
            uploaded_by_id=referring_user_id,
            bypassed_triage=bypass,
        )
        for _line, person, note in parsed.entries:
            referral_create(
                actor=actor,
                house=house,
                priority_list=priority_list,
                # One list, many referrals: no message per row; the triage queue on the
                # coordinators' "Mijn werk" shows them (decision 0179).
                notify_coordinators=False,
                data=ReferralInput(
                    channel=Channel.PRIORITY_LIST,
                    source=Source.PRIORITY_LIST,
                    referring_organisation_id=organisation_id,
                    referring_user_id=referring_user_id,
                    persons=[person],
                    reason=note or _("Opgenomen op prioriteitenlijst %(name)s") % {"name": name},
                    request=_("Persoonsgerichte aanpak (Top-X/PGA)"),
                    behaviour=Behaviour.PRESENT,
                    life_domains=["justice"],
                ),
            )
        audit_record(
            actor=actor,
            action=Action.IMPORT,
            object_type="priority_list",
            object_id=priority_list.id,
            detail={"rows": len(parsed.entries), "skipped": len(parsed.bad_rows)},
        )
    return ListImported(
        priority_list=priority_list,
        created=len(parsed.entries),
        skipped_rows=sorted(parsed.bad_rows),
    )
