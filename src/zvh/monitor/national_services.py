"""Importing a year's house records on the national side (issue 13, part 4).

All or nothing: every record is validated first (zvh.monitor.exchange.records.parse_year) and
any error leaves the database as it was. The same house and year again replaces the stored
record; each replacement is audited with the previous and the new record's hash, and so is the
import itself. A refused import is audited too (its errors name houses and keys, no persons).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.monitor.exchange.records import RecordSetInvalid, parse_year, record_json
from zvh.monitor.exchange.vocabulary import FORMAT_VERSION
from zvh.monitor.policy import can_import_monitor_records

from .models import MonitorImport, NationalHouseRecord


@dataclass(frozen=True)
class ImportResult:
    monitor_import: MonitorImport
    new: list[str]  # house codes
    replaced: list[str]


def _stored(record: dict) -> tuple[dict, str]:
    """The record as kept (its canonical JSON read back: FTE as plain numbers, which the tables
    read exactly) and the sha256 of that canonical JSON."""
    canonical = record_json(record)
    return json.loads(canonical), hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def national_records_import(
    *, actor: Actor, year: int, raw: bytes | str, file_name: str = ""
) -> ImportResult:
    """Validate and store the records of `year`. Raises RecordSetInvalid (nothing stored)."""
    if not can_import_monitor_records(actor):
        raise Http404
    digest = hashlib.sha256(raw.encode("utf-8") if isinstance(raw, str) else raw).hexdigest()
    try:
        records = parse_year(raw, year=year)
    except RecordSetInvalid as invalid:
        audit_record(
            actor=actor,
            action=Action.IMPORT,
            object_type="monitor_import",
            result=Result.FAILED,
            detail={"year": year, "sha256": digest, "errors": len(invalid.errors)},
        )
        raise
    now = timezone.now()
    with transaction.atomic():
        stored = {
            r.house_code: r
            for r in NationalHouseRecord.objects.select_for_update().filter(
                year=year, house_code__in=[str(rec["id"]) for rec in records]
            )
        }
        monitor_import = MonitorImport.objects.create(
            year=year,
            file_name=file_name[:255],
            sha256=digest,
            imported_by_id=actor.person_user_id,
            imported_at=now,
            records_new=len(records) - len(stored),
            records_replaced=len(stored),
        )
        new: list[str] = []
        replaced: list[str] = []
        for record in records:
            code = str(record["id"])
            stored_record, digest_of_record = _stored(record)
            fields = {
                "house_name": str(record["name"])[:200],
                "record": stored_record,
                "format_version": int(stored_record.get("format_version", FORMAT_VERSION)),
                "record_hash": digest_of_record,
                "source_import": monitor_import,
                "imported_at": now,
                "imported_by_id": actor.person_user_id,
            }
            previous = stored.get(code)
            if previous is None:
                NationalHouseRecord.objects.create(year=year, house_code=code, **fields)
                new.append(code)
                continue
            previous_hash = previous.record_hash
            for name, value in fields.items():
                setattr(previous, name, value)
            previous.save()
            replaced.append(code)
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                object_type="monitor_record",
                object_id=previous.id,
                detail={
                    "year": year,
                    "house_code": code,
                    "previous_hash": previous_hash,
                    "new_hash": previous.record_hash,
                    "import": str(monitor_import.id),
                },
            )
        audit_record(
            actor=actor,
            action=Action.IMPORT,
            object_type="monitor_import",
            object_id=monitor_import.id,
            detail={
                "year": year,
                "sha256": digest,
                "new": len(new),
                "replaced": len(replaced),
            },
        )
    return ImportResult(monitor_import=monitor_import, new=new, replaced=replaced)
