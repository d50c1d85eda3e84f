"""The append on the hot path (decision 0190): a few statements, timed for Prometheus."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection, transaction
from prometheus_client import REGISTRY

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor

pytestmark = pytest.mark.django_db


def _append(house: uuid.UUID, persons: int) -> None:
    actor = Actor(user_id=1, organisation_id=uuid.uuid4(), house_id=house)
    audit_record(actor=actor, action=Action.VIEW, person_ids=[uuid.uuid4() for _ in range(persons)])


@pytest.mark.parametrize("persons", [0, 2])
def test_an_append_takes_a_few_statements(django_assert_num_queries, persons):
    house = uuid.uuid4()
    _append(house, persons)  # the chain's first event creates its head
    # PostgreSQL: lock the house's head (with the next id), then one statement writes the event,
    # its person index and the head. SQLite: the head, the event, the index (if any), the head.
    expected = 2 if connection.vendor == "postgresql" else 3 + (1 if persons else 0)
    with transaction.atomic(), django_assert_num_queries(expected):
        _append(house, persons)


def test_the_append_time_is_a_prometheus_histogram():
    before = REGISTRY.get_sample_value("zvh_audit_append_seconds_count") or 0
    _append(uuid.uuid4(), 1)
    assert REGISTRY.get_sample_value("zvh_audit_append_seconds_count") == before + 1
