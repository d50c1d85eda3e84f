"""Helpers for the retention tests: confirmed terms, a frozen clock, and the command."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from zvh.audit.models import ChainHead
from zvh.network.models import House
from zvh.people.models import Person, normalise_name
from zvh.retention.models import DEFAULT_MONTHS, RetentionKind, RetentionTerm
from zvh.retention.terms import months_before


def confirm_terms(*, houses: list[House] | None = None, **months: int) -> None:
    """Every house (or those given) confirms its terms: the defaults unless named
    (referral_not_accepted=..., closed_case=..., audit_event=...)."""
    for house in houses if houses is not None else House.objects.all():
        for kind in RetentionKind:
            RetentionTerm.objects.update_or_create(
                house=house,
                kind=kind,
                defaults={
                    "months": months.get(kind.value, DEFAULT_MONTHS[kind]),
                    "confirmed_at": timezone.now(),
                },
            )


def months_later(moment: datetime.datetime, months: int, *, days: int = 0) -> datetime.datetime:
    day = months_before(timezone.localtime(moment).date(), -months)
    return datetime.datetime.combine(
        day, datetime.time(12), tzinfo=timezone.get_current_timezone()
    ) + datetime.timedelta(days=days)


@contextmanager
def frozen_clock(moment: datetime.datetime) -> Iterator[None]:
    """Every `timezone.now()` (hence today, auto_now fields, audit times) returns `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def apply_retention(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def database_state() -> dict[str, object]:
    """Rows per table and the chain heads: what a dry run must leave exactly as it was."""
    state = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    state["audit heads"] = sorted(ChainHead.objects.values_list("chain", "last_seq"))
    return state


# --- scanning for a person's direct identifiers -------------------------------------------------

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def identifiers(person: Person) -> set[str]:
    """A person's name (as written and as the system normalises it), BSN, date of birth (ISO
    and dd-mm-jjjj) and address: what must not outlive them."""
    found = {
        person.display_name,
        f"{person.given_names} {person.surname}",
        normalise_name(person.display_name),
        person.bsn,
    }
    if person.date_of_birth:
        found |= {person.date_of_birth.isoformat(), person.date_of_birth.strftime("%d-%m-%Y")}
    if person.street:
        found.add(f"{person.street} {person.house_number}")
    return {value.strip() for value in found if value.strip()}


def scan(
    needles: set[str], *, only: list[type[models.Model]] | None = None
) -> list[tuple[str, str]]:
    """(table.column, needle) for every needle found in a text column of any table (of `only`),
    case-insensitively; and for every date column holding a date of birth among the needles."""
    lowered = {needle.lower() for needle in needles}
    findings: list[tuple[str, str]] = []
    for model in only or [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]:
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        dates = [f for f in model._meta.concrete_fields if type(f) is models.DateField]
        columns = [f.attname for f in [*fields, *dates]]
        if not columns:
            continue
        for row in model._default_manager.values_list(*columns).iterator():
            for column, value in zip(columns, row, strict=True):
                if value is None:
                    continue
                if isinstance(value, datetime.date):
                    text = value.isoformat()
                    hits = [needle for needle in lowered if needle == text]
                else:
                    text = (
                        value
                        if isinstance(value, str)
                        else json.dumps(value, default=str, ensure_ascii=False)
                    )
                    text = text.lower()
                    hits = [needle for needle in lowered if needle in text]
                findings += [(f"{model._meta.db_table}.{column}", hit) for hit in hits]
    return findings
