"""The one CSV writer (zvh.core.csv_export, decision 0172): every download has the byte-order
mark, semicolons and CRLF, and no cell a spreadsheet would read as a formula."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.figures.conftest import make_cases
from zvh.core.csv_export import csv_bytes, csv_download, safe_cell
from zvh.network.models import Role


@pytest.mark.parametrize("text", ["=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_a_cell_that_starts_a_formula_is_quoted(text):
    assert safe_cell(text) == "'" + text


def test_plain_cells_and_none_are_written_as_they_are():
    assert safe_cell("Gemeente Utrecht") == "Gemeente Utrecht"
    assert safe_cell(None) == "" and safe_cell(3) == "3"


def test_the_body_and_the_download():
    assert csv_bytes([["a", "b"], [], ["1"]]) == "\ufeffa;b\r\n\r\n1\r\n".encode()
    response = csv_download(filename="x.csv", header=["Kop"], rows=[["=HYPERLINK()"]])
    assert response.content == "\ufeffKop\r\n'=HYPERLINK()\r\n".encode()
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_the_list_behind_a_number_is_written_the_same_way(world, client_for):
    make_cases(world.house, 2)
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(
        reverse("figures:list"), {"list": "cases", "format": "csv"}
    )
    assert response.content.startswith("\ufeffcasusnummer;geopend;".encode())
    assert response["Content-Disposition"] == 'attachment; filename="lijst-cases.csv"'
