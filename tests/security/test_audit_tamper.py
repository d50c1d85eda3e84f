"""Changing any field of any audit row makes `audit_verify` name exactly that row (decisions
0020, 0190).

The append-only triggers are lifted inside the test (and the whole example rolled back), as an
attacker with database access would do; the hash chain must still give them away.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.audit.support import append_only_lifted, audit_verify, build_chain
from zvh.audit.models import AuditEvent, AuditEventPerson

BIGINT = st.integers(min_value=-(2**63), max_value=2**63 - 1)
# PostgreSQL text cannot hold NUL; everything else is fair game.
# No NUL and no lone surrogates: neither database can store them, so no real row holds them.
CHARS = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))


def text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(CHARS, max_size=max_size)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | text(20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text(10), inner, max_size=3),
    max_leaves=6,
).filter(lambda value: value is not None)  # a top-level null would be SQL NULL: not allowed

EVENT_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "id": BIGINT,
    "occurred_at": st.datetimes(
        min_value=dt.datetime(1900, 1, 1),  # noqa: DTZ001 - bounds; the values get a time zone
        max_value=dt.datetime(2200, 1, 1),  # noqa: DTZ001
        timezones=st.just(dt.UTC),
    ),
    "user_id": st.none() | BIGINT,
    "api_token_id": st.none() | st.uuids(),
    "organisation_id": st.none() | st.uuids(),
    "house_id": st.none() | st.uuids(),
    "action": text(20),
    "object_type": text(50),
    "object_id": text(64),
    "person_ids": JSON,
    "result": text(10),
    "request_id": text(64),
    "detail": JSON,
    "seq": st.none() | BIGINT,
    "key_id": st.none() | text(16),
    "prev_hash": text(64),
    "hash": text(64),
}
# The index row's own surrogate id carries no information, so changing it breaks nothing.
PERSON_INDEX_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "event_id": BIGINT,
    "person_id": st.uuids(),
}
CHAIN_LENGTH = 5


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_changing_any_field_of_any_row_is_reported_at_that_row(data):
    with transaction.atomic():
        build_chain(CHAIN_LENGTH)
        ids = set(AuditEvent.objects.values_list("id", flat=True))
        assert audit_verify()[0] is None
        if data.draw(st.booleans(), label="person index row"):
            links = list(AuditEventPerson.objects.order_by("id"))
            row = data.draw(st.sampled_from(links), label="row")
            name = data.draw(st.sampled_from(sorted(PERSON_INDEX_FIELDS)), label="field")
            strategy = PERSON_INDEX_FIELDS[name]
            event_id = row.event_id
        else:
            row = data.draw(st.sampled_from(list(AuditEvent.objects.order_by("id"))), label="row")
            name = data.draw(st.sampled_from(sorted(EVENT_FIELDS)), label="field")
            strategy = EVENT_FIELDS[name]
            if name == "id":  # another row's id would collide with its primary key
                strategy = strategy.filter(lambda value: value not in ids)
            event_id = row.id
        original = getattr(row, name)
        value = data.draw(strategy.filter(lambda value: value != original), label="new value")

        with append_only_lifted():
            type(row).objects.filter(pk=row.pk).update(**{name: value})

        broken, message = audit_verify()
        # An index row moved to another event is reported at whichever of the two comes first;
        # an event moved to another id at its new id (its link covers the id), or at the old one
        # when index rows still point there and it comes first.
        if name == "event_id" or (name == "id" and row.person_ids):
            expected = min(event_id, value)
        elif name == "id":
            expected = value
        else:
            expected = event_id
        assert broken == expected, message
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_a_deleted_row_is_detected(position):
    events = build_chain(5)
    victim = {"first": events[0], "middle": events[2], "last": events[-1]}[position]
    with append_only_lifted():
        AuditEventPerson.objects.filter(event_id=victim.id).delete()
        AuditEvent.objects.filter(id=victim.id).delete()
    broken, message = audit_verify()
    # Ids are no longer gap-free (decision 0190): a gap in the chain is named at the event after
    # it, the cut-off last event by the id its chain head still records.
    expected = victim.id if position == "last" else events[events.index(victim) + 1].id
    assert broken == expected, message
    assert "missing" in message
