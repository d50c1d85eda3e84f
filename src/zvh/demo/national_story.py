"""The national monitor in the demo (issue 13, decision 0184): the national office's analyst
imports two years of records of about thirty fictional houses through the real import service;
one record of each year is Regio Noord's own (its monitor code): last year's is the record its
chain manager submitted (zvh.demo.monitor_story), so that "your house beside all houses" shows
the house's own answers beside the others. Small on purpose: two files, one import each."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

from zvh.accounts.models import User
from zvh.authz.actor import Actor
from zvh.monitor.exchange.fictional import fictional_records
from zvh.monitor.exchange.records import validate_record
from zvh.monitor.models import (
    MonitorImport,
    NationalHouseRecord,
    Questionnaire,
    QuestionnaireStatus,
)
from zvh.monitor.national_services import national_records_import
from zvh.network.models import House, Membership, Role

from .monitor_story import MONITOR_CODE

HOUSES_PER_YEAR = 30
ANALYST = "demo-landelijk-analist"


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def demo_year_file(*, year: int, house: House) -> bytes:
    """A year's file as the national office would receive it: fictional houses, the first
    replaced by the demo house's own record (its submitted one where there is one)."""
    records = fictional_records(year=year, count=HOUSES_PER_YEAR, seed=year)
    submitted = (
        Questionnaire.objects.filter(house=house, year=year, status=QuestionnaireStatus.SUBMITTED)
        .values_list("record", flat=True)
        .first()
    )
    if submitted and not validate_record(submitted):
        records[0] = submitted
    else:
        own = records[0]
        own["id"] = house.monitor_code
        own["name"] = f"Zorg- en Veiligheidshuis {house.name.removeprefix('Veiligheidshuis ')}"
        own["central_municipality"] = house.seat_municipality.name
    return json.dumps(records, default=_plain, ensure_ascii=False).encode("utf-8")


def national_monitor_tell(*, house: House, office: House, today: datetime.date) -> None:
    if not house.monitor_code:
        house.monitor_code = MONITOR_CODE
        house.save(update_fields=["monitor_code"])
    analyst = User.objects.get(username=ANALYST)
    membership = Membership.objects.get(user=analyst, house=office, role=Role.NATIONAL_ANALYST)
    actor = Actor(
        user_id=analyst.pk,
        organisation_id=analyst.organisation_id,
        house_id=membership.house_id,
        roles=frozenset({Role.NATIONAL_ANALYST}),
    )
    for year in (today.year - 2, today.year - 1):
        if NationalHouseRecord.objects.filter(year=year).exists():
            continue
        national_records_import(
            actor=actor,
            year=year,
            raw=demo_year_file(year=year, house=house),
            file_name=f"huisrecords-{year}.json",
        )


def national_monitor_reset(usernames: list[str]) -> None:
    """The records and imports the demo's accounts brought in (they protect the accounts)."""
    imports = MonitorImport.objects.filter(imported_by__username__in=usernames)
    NationalHouseRecord.objects.filter(source_import__in=imports).delete()
    imports.delete()
