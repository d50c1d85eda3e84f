"""Writes of the signal: the access-log event of every lookup, the hits the digest counts,
and the daily digest itself."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record, hash_search_terms
from zvh.authz.actor import Actor
from zvh.core import hot_sql
from zvh.jobs import outbox
from zvh.network.models import House, Membership, Role
from zvh.people.bsn import normalise_bsn

from .models import SignalDigest, SignalHit
from .selectors import Signal, open_cases_for, surname_keys

OBJECT_TYPE = "signal_lookup"


def _terms(query: dict[str, Any]) -> dict[str, str]:
    """The looked-up terms, normalised as the lookup uses them, for keyed hashing."""
    text = {k: v for k, v in query.items() if isinstance(v, str)}
    dob = query.get("date_of_birth")
    return {
        "bsn": normalise_bsn(text.get("bsn", "")),
        "surname": surname_keys(text.get("surname", ""), text.get("surname_prefix", ""))[0]
        if text.get("surname")
        else "",
        "date_of_birth": str(dob) if dob else "",
    }


def signal_lookup(*, actor: Actor, organisation_id: uuid.UUID, query: dict[str, Any]) -> Signal:
    """Look up, and log it: matched person ids, the stated purpose, the outcome; the terms only
    as keyed hashes."""
    signal = open_cases_for(
        bsn=query.get("bsn", ""),
        surname=query.get("surname", ""),
        surname_prefix=query.get("surname_prefix", ""),
        given_names=query.get("given_names", ""),
        date_of_birth=query.get("date_of_birth"),
    )
    record_event = partial(
        audit_record,
        actor=actor,
        action=Action.SEARCH,
        object_type=OBJECT_TYPE,
        person_ids=signal.person_ids,
        detail={
            "purpose": query["purpose"],
            "outcome": "hit" if signal.known else "miss",
            "house_ids": [str(house_id) for house_id in signal.house_ids],
            "terms": hash_search_terms(_terms(query)),
        },
    )
    if not signal.house_ids:
        # A miss writes the access-log event only: one statement, atomic by itself.
        record_event()
        return signal
    now = timezone.now()
    # The hits and their event together. Pipelined (zvh/core/hot_sql.py): BEGIN, the hits and the
    # event go in one round trip. It starts inside the transaction: psycopg syncs a pipeline
    # whenever autocommit is switched.
    with transaction.atomic(), hot_sql.pipeline():
        hot_sql.insert(
            SignalHit(
                house_id=house_id, requesting_organisation_id=organisation_id, occurred_at=now
            )
            for house_id in signal.house_ids
        )
        record_event()
    return signal


def signal_lookup_refused(*, actor: Actor, data: Any, fields: list[str]) -> None:
    """A lookup with bad input is logged too: who tried what (hashed), and which fields failed."""
    query = data if isinstance(data, dict) else {}
    audit_record(
        actor=actor,
        action=Action.SEARCH,
        object_type=OBJECT_TYPE,
        result=Result.FAILED,
        detail={
            "outcome": "invalid",
            "invalid_fields": sorted(fields),
            "terms": hash_search_terms(
                {
                    **_terms(query),
                    "purpose": query["purpose"] if isinstance(query.get("purpose"), str) else "",
                }
            ),
        },
    )


@dataclass(frozen=True)
class DigestRun:
    houses: int
    messages: int


def signal_digest_send(*, day: datetime.date) -> DigestRun:
    """Mail each house's chain managers how often its cases were hit on `day`, per requesting
    organisation. Once per house and day: a second run finds the SignalDigest and skips."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=1)
    counts = (
        SignalHit.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .values_list("house_id", "requesting_organisation__name")
        .annotate(hits=Count("id"))
        .order_by("house_id", "requesting_organisation__name")
    )
    per_house: dict[uuid.UUID, Counter[str]] = {}
    for house_id, organisation, hits in counts:
        per_house.setdefault(house_id, Counter())[organisation] = hits
    houses = messages = 0
    for house in House.objects.filter(id__in=per_house).order_by("name"):
        recipients = sorted(
            set(
                Membership.objects.filter(
                    house=house, role=Role.CHAIN_MANAGER, user__is_active=True
                ).values_list("user__email", flat=True)
            )
            - {""}
        )
        by_organisation = per_house[house.id]
        try:
            with transaction.atomic():
                SignalDigest.objects.create(
                    house=house, day=day, hits=sum(by_organisation.values())
                )
                if recipients:
                    _send_digest(house, day, by_organisation, recipients)
                    messages += 1
        except IntegrityError:
            continue  # already sent for this day
        houses += 1
    return DigestRun(houses=houses, messages=messages)


def _send_digest(
    house: House, day: datetime.date, by_organisation: Counter[str], recipients: list[str]
) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Hit/no-hit-signaal van %(day)s voor %(house)s.")
            % {"day": day.isoformat(), "house": house.name},
            _("Zoekvragen die een open casus van het huis troffen, per organisatie:"),
            "",
            *(f"- {name}: {hits}" for name, hits in sorted(by_organisation.items())),
        ]
        subject = _("Overzicht hit/no-hit-signaal %(day)s") % {"day": day.isoformat()}
    # Through the outbox, in the digest's transaction (decision 0187): one message per chain
    # manager, each delivered and retried on its own.
    outbox.queue_mail(
        house_id=house.id,
        kind="signal_digest",
        reference={"day": day.isoformat()},
        mails=[
            outbox.Mail(recipient=address, subject=subject, body="\n".join(lines))
            for address in recipients
        ],
    )
