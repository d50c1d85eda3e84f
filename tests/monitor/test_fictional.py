"""Fictional house records: valid for several seeds, the same for the same seed, varied."""

from __future__ import annotations

import pytest

from zvh.monitor.exchange.fictional import fictional_records
from zvh.monitor.exchange.records import parse_year, record_json, validate_record


@pytest.mark.parametrize("seed", [0, 1, 7, 42])
def test_every_fictional_record_is_valid(seed: int) -> None:
    records = fictional_records(year=2016, seed=seed)
    assert len(records) == 30
    assert [validate_record(record) for record in records] == [[]] * 30
    text = "[" + ",".join(record_json(record) for record in records) + "]"
    assert [r["id"] for r in parse_year(text, year=2016)] == [r["id"] for r in records]


def test_the_same_seed_gives_the_same_records_and_another_seed_others() -> None:
    assert fictional_records(year=2016, seed=3) == fictional_records(year=2016, seed=3)
    assert fictional_records(year=2016, seed=3) != fictional_records(year=2016, seed=4)


def test_houses_are_named_and_coded_like_houses() -> None:
    records = fictional_records(year=2015, count=45)
    assert records[6]["id"] == "ZVH-07"
    assert len({r["id"] for r in records}) == len({r["name"] for r in records}) == 45
    assert all(r["name"].startswith("Zorg- en Veiligheidshuis ") for r in records)


def test_the_records_vary() -> None:
    records = fictional_records(year=2016, count=60)
    for key in ("cooperation_covenant_status", "complex_case_reach_status", "agenda_alignment"):
        assert len({r[key] for r in records}) >= 3, key
    assert any(r["fte_total"] is None for r in records)
    assert any(r["budget_total_eur"] is None for r in records)
    assert any(r["inflow_share_pct"]["police"] is None for r in records)
