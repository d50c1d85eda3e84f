"""How a cell reads (zvh.figures.formatting): amounts in euros (ValueKind.MONEY) in Dutch style."""

from __future__ import annotations

import pytest
from django.utils import translation

from zvh.figures.formatting import cell_text, money_text, number_text
from zvh.figures.table import Column, Row, ValueKind

AMOUNT = Column("amount", "Bijdrage", ValueKind.MONEY, base="cases")


@pytest.mark.parametrize(
    ("value", "page", "csv"),
    [
        (120_000, "€ 120.000,00", "120000,00"),
        (123_456.785, "€ 123.456,79", "123456,79"),  # half up, not the float's 123456.78499…
        (0.125, "€ 0,13", "0,13"),
        (-1_234.5, "€ -1.234,50", "-1234,50"),
        (0.0, "€ 0,00", "0,00"),
    ],
)
def test_an_amount_reads_in_euros_with_two_decimals(value, page, csv):
    with translation.override("nl"):
        assert cell_text(Row("a", "Aa", {"amount": value}), AMOUNT) == page
        assert number_text(value, ValueKind.MONEY) == csv


def test_an_amount_hidden_or_not_computable_reads_as_its_marker_or_a_dash():
    with translation.override("nl"):
        hidden = Row("a", "Aa", {"amount": None}, suppressed={"amount": "<5"})
        assert cell_text(hidden, AMOUNT) == "<5"
        assert cell_text(Row("a", "Aa", {"amount": None}), AMOUNT) == "–"


def test_whole_euros_for_an_axis_and_the_notation_follows_the_language():
    with translation.override("nl"):
        assert money_text(149_999.5, decimals=False) == "€ 150.000"
    with translation.override("en"):
        assert money_text(1_234.5) == "€ 1,234.50"
