"""Keyset pages on a column that can be empty (decision 0180): the empty rows come last in
either direction, every row once; a null in a cursor is only accepted where the column can be
empty, and the API's strict cursor check refuses it."""

from __future__ import annotations

from zvh.cases.models import Case
from zvh.core.keyset import decode_cursor, encode_cursor, keyset_page


def _all(order: tuple[str, str], size: int) -> list[str]:
    queryset = Case.objects.all()
    seen: list[str] = []
    cursor = None
    while True:
        page = keyset_page(queryset, order=order, cursor=cursor, size=size)
        seen += [case.number for case in page.rows]
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


def test_empty_values_come_last_both_ways(world):
    from datetime import date

    for number, review in [
        ("1", date(2026, 3, 1)),
        ("2", None),
        ("3", date(2026, 1, 1)),
        ("4", None),
    ]:
        Case.objects.create(house=world.house, number=number, next_review_date=review)
    empty = sorted(Case.objects.filter(next_review_date=None), key=lambda c: c.pk)
    up = _all(("next_review_date", "id"), 1)
    down = _all(("-next_review_date", "-id"), 1)
    assert up[:2] == ["3", "1"] and up[2:] == [c.number for c in empty]
    assert down[:2] == ["1", "3"] and down[2:] == [c.number for c in reversed(empty)]


def test_a_null_where_the_column_cannot_be_empty_means_the_first_page(world):
    for number in "abc":
        Case.objects.create(house=world.house, number=number)
    forged = encode_cursor([None, Case.objects.first().pk])
    page = keyset_page(Case.objects.all(), order=("number", "id"), cursor=forged, size=2)
    assert [case.number for case in page.rows] == ["a", "b"]


def test_the_strict_cursor_check_refuses_a_null():
    assert decode_cursor(encode_cursor([None, "x"]), 2) is None
    assert decode_cursor(encode_cursor(["2026-01-01", "x"]), 2) == ["2026-01-01", "x"]
