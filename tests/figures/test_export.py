"""CSV and XLSX downloads of figures (zvh.figures.export, decision 0164), read back."""

from __future__ import annotations

import csv
import io

from django.utils import translation
from openpyxl import load_workbook

from tests.factories.figure_tables import money_figure
from zvh.figures.export import csv_response, xlsx_response
from zvh.figures.suppression import suppress
from zvh.figures.table import Column, FigureTable, Row, ValueKind


def figure(key: str = "inflow.by_organisation", title: str = "Instroom per organisatie"):
    columns = (
        Column("now", "Deze periode"),
        Column("before", "Vorige periode"),
        Column("share", "Aandeel acuut", ValueKind.SHARE, base="now"),
        Column("days", "Mediaan dagen", ValueKind.DAYS, base="now"),
    )
    rows = [
        Row("a", '=HYPERLINK("http://evil")', {"now": 3, "before": 20, "share": 0.0, "days": 2.0}),
        Row("b", "Politie", {"now": 40, "before": 30, "share": 0.25, "days": 3.25}),
        Row("c", "Reclassering", {"now": 12, "before": 10, "share": 0.5, "days": None}),
        Row("d", "@Gemeente", {"now": 25, "before": 15, "share": 0.4, "days": 1.0}),
    ]
    total = Row("total", "Totaal", {"now": 80, "before": 75, "share": 0.3, "days": 2.5})
    return FigureTable(
        key, title, "Aantal verwijzingen; datum ontvangst.", "Organisatie", columns, rows, total
    )


def read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_reads_back_with_markers_decimal_comma_and_no_formulas():
    with translation.override("nl"):
        response = csv_response([suppress(figure(), 5)], "instroom 2026/Q1")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="instroom-2026-Q1.csv"'
    lines = read_csv(response)
    assert lines[0] == ["Instroom per organisatie"]
    assert lines[1] == ["Aantal verwijzingen; datum ontvangst."]
    assert lines[2] == [
        "Organisatie",
        "Deze periode",
        "Vorige periode",
        "Aandeel acuut (%)",
        "Mediaan dagen",
    ]
    # The small 3 is "<5", the 12 hides it from the total ("x"); derived cells follow.
    assert lines[3] == ['\'=HYPERLINK("http://evil")', "<5", "20", "<5", "<5"]
    assert lines[4] == ["Politie", "40", "30", "25,0", "3,3"]
    assert lines[5] == ["Reclassering", "x", "10", "x", "x"]
    assert lines[6] == ["'@Gemeente", "25", "15", "40,0", "1,0"]
    assert lines[7] == ["Totaal", "80", "75", "30,0", "2,5"]
    assert lines[8][0].startswith("<5: minder dan 5")
    assert lines[9][0].startswith("x: verborgen")
    assert lines[10] == []


def test_csv_writes_several_tables_one_after_the_other():
    with translation.override("nl"):
        response = csv_response([figure(), figure("inflow.x", "Tweede")], "cijfers")
    lines = read_csv(response)
    titles = [
        line[0] for line in lines if line and line[0] in {"Instroom per organisatie", "Tweede"}
    ]
    assert titles == ["Instroom per organisatie", "Tweede"]
    # Exact (unsuppressed) input: nothing hidden, no legend.
    assert ['\'=HYPERLINK("http://evil")', "3", "20", "0,0", "2,0"] in lines
    assert not any(line and line[0].startswith("<") for line in lines)


def test_xlsx_has_one_sheet_per_table_with_header_numbers_and_markers():
    long_title = "Een heel lange titel: met [tekens] die niet mogen in een bladnaam"
    tables = [suppress(figure(), 5), figure("b", long_title), figure("c", long_title)]
    with translation.override("nl"):
        response = xlsx_response(tables, "cijfers")
    assert response["Content-Disposition"] == 'attachment; filename="cijfers.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    names = workbook.sheetnames
    assert names[0] == "Instroom per organisatie"
    assert len(names) == 3 and len(set(names)) == 3
    assert all(len(name) <= 31 for name in names)
    assert not any(char in "".join(names) for char in "[]:*?/\\")

    sheet = workbook[names[0]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Organisatie",
        "Deze periode",
        "Vorige periode",
        "Aandeel acuut (%)",
        "Mediaan dagen",
    )
    assert rows[1] == ('=HYPERLINK("http://evil")', "<5", 20, "<5", "<5")
    assert sheet["A2"].data_type == "s", "a label is text, never a formula"
    assert rows[2] == ("Politie", 40, 30, 0.25, 3.25)
    assert sheet["D3"].number_format == "0.0%"
    assert rows[3] == ("Reclassering", "x", 10, "x", "x")
    assert rows[5] == ("Totaal", 80, 75, 0.3, 2.5)
    notes = [row[0] for row in rows[6:] if row[0]]
    assert notes[0] == "Aantal verwijzingen; datum ontvangst."
    assert notes[1].startswith("<5: ") and notes[2].startswith("x: ")

    second = list(workbook[names[1]].iter_rows(values_only=True))
    assert second[3] == ("Reclassering", 12, 10, 0.5, "–")


def test_xlsx_without_tables_is_still_a_workbook():
    with translation.override("nl"):
        workbook = load_workbook(io.BytesIO(xlsx_response([], "leeg").content))
    assert workbook.sheetnames == ["Geen cijfers"]


def test_amounts_are_euros_to_the_cent_in_csv_and_a_number_format_in_xlsx():
    with translation.override("nl"):
        table = suppress(money_figure(), 5)
        lines = read_csv(csv_response([table], "cofinanciering"))
        workbook = load_workbook(io.BytesIO(xlsx_response([table], "cofinanciering").content))
    assert lines[2] == [
        "Gemeente",
        "Inwoners",
        "Casussen",
        "Aandeel gebruik (%)",
        "Bijdrage (€)",
        "Verschil (€)",
    ]
    # Inhabitants are public (Bee's 2 stays); the amounts follow the hidden cases.
    assert lines[3] == ["Aa", "60000", "12", "54,5", "123456,79", "1234,50"]
    assert lines[4] == ["Bee", "2", "<5", "<5", "<5", "<5"]
    assert lines[5] == ["Cee", "10000", "x", "x", "x", "x"]
    assert lines[6] == ["Totaal", "70002", "22", "100,0", "150000,00", "0,00"]

    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("Aa", 60_000, 12, 0.545, 123_456.79, 1_234.5)
    assert rows[2] == ("Bee", 2, "<5", "<5", "<5", "<5")
    assert rows[4] == ("Totaal", 70_002, 22, 1.0, 150_000.0, 0.0)
    assert sheet["E2"].number_format == '"€" #,##0.00;"€" -#,##0.00'
    assert sheet["F2"].number_format == sheet["E2"].number_format
    assert sheet["E3"].data_type == "s"  # the marker is text
