"""Server-rendered SVG charts (zvh.figures.charts, decision 0164)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.utils import translation

from tests.factories.figure_tables import money_figure, monthly_figure
from zvh.figures import charts
from zvh.figures.charts import chart_svg
from zvh.figures.suppression import suppress
from zvh.figures.table import Column, FigureTable, Row, ValueKind

SVG = "{http://www.w3.org/2000/svg}"


def bars(values: list[int], labels: list[str] | None = None, **kwargs) -> FigureTable:
    labels = labels or [f"Organisatie {i}" for i in range(len(values))]
    rows = [
        Row(str(i), label, {"now": v, "before": v})
        for i, (label, v) in enumerate(zip(labels, values, strict=True))
    ]
    total = Row("total", "Totaal", {"now": sum(values), "before": sum(values)})
    return FigureTable(
        "inflow.by_organisation",
        "Instroom per organisatie",
        "",
        "Organisatie",
        (Column("now", "Deze periode"), Column("before", "Vorige periode")),
        rows,
        total,
        **kwargs,
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, in a test


def contrast(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_a_bar_chart_is_an_accessible_image_with_one_bar_per_row():
    svg = parse(chart_svg(bars([10, 40, 25])))
    assert svg.get("role") == "img"
    assert svg.get("width") == "100%"
    assert svg.get("viewBox", "").startswith("0 0 400 ")
    title_id, desc_id = svg.get("aria-labelledby", "").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "Instroom per organisatie"
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert len(widths) == 3
    assert widths[1] == max(widths) and widths[0] < widths[2] < widths[1]
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Organisatie 1" in texts and "40" in texts


def test_labels_are_escaped():
    evil = '<script>alert(1)</script> & "Zorg"'
    svg = str(chart_svg(bars([10, 20], [evil, "Politie"])))
    assert "<script>" not in svg
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert evil in texts


def test_suppressed_cells_are_not_drawn_and_are_named():
    table = suppress(bars([3, 40, 12, 25]), 5)
    svg = parse(chart_svg(table))
    assert len(list(svg.iter(f"{SVG}rect"))) == 2  # 40 and 25; the "<5" and the "x" are not
    description = svg.find(f"{SVG}desc").text
    assert "Organisatie 0 (<5)" in description and "Organisatie 2 (x)" in description
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "<5" in texts and "x" in texts
    assert "3" not in texts and "12" not in texts


def test_the_chart_column_is_drawn():
    table = bars([10, 40])
    table.columns = (*table.columns, Column("share", "Aandeel", ValueKind.SHARE, base="now"))
    table.rows[0].values["share"] = 0.9
    table.rows[1].values["share"] = 0.1
    table.chart_column = "share"
    with translation.override("nl"):
        svg = parse(chart_svg(table))
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] > widths[1]
    assert "90,0 %" in [t.text for t in svg.iter(f"{SVG}text")]


def test_a_line_chart_leaves_a_gap_for_a_suppressed_month():
    months = [f"2026-{m:02d}" for m in range(1, 7)]
    table = suppress(bars([12, 14, 2, 15, 16, 30], months, chart="line"), 5)
    svg = parse(chart_svg(table))
    lines = list(svg.iter(f"{SVG}polyline"))
    points = [len(line.get("points").split()) for line in lines]
    drawn = len(list(svg.iter(f"{SVG}circle")))
    hidden = [row.key for row in table.rows if "now" in row.suppressed]
    assert hidden == ["0", "2"]  # the 2, and the 12 that would give it back from the total
    # Drawn: February alone (no line from a single point), then April to June as one line.
    assert drawn == 4
    assert points == [3]


def test_no_chart():
    assert chart_svg(bars([1, 2], chart="")) == ""


def test_colours_have_enough_contrast_against_white():
    assert contrast(charts.BAR_COLOUR) >= 3
    assert contrast(charts.GRID_COLOUR) >= 3
    assert contrast(charts.TEXT_COLOUR) >= 4.5


def _fits(svg: ET.Element) -> None:
    """Every text stays inside the image (a generous width per character)."""
    width = float(svg.get("viewBox", "").split()[2])
    for text in svg.iter(f"{SVG}text"):
        x = float(text.get("x"))
        size = int(text.get("font-size"))
        length = charts.text_width(text.text or "", size)
        anchor = text.get("text-anchor")
        left = x - length if anchor == "end" else x - length / 2 if anchor == "middle" else x
        assert left >= 0 and left + length <= width, text.text


def test_amounts_read_in_euros_and_fit_beside_their_bars():
    with translation.override("nl"):
        svg = parse(chart_svg(money_figure()))
        texts = [t.text for t in svg.iter(f"{SVG}text")]
        assert "€ 123.456,79" in texts and "€ 6.543,21" in texts and "€ 20.000,00" in texts
        _fits(svg)
        # Suppressed (Bee's amount follows its 3 cases): not drawn, its marker instead.
        hidden = parse(chart_svg(suppress(money_figure(), 5)))
        assert len(list(hidden.iter(f"{SVG}rect"))) == 1
        assert "<5" in [t.text for t in hidden.iter(f"{SVG}text")]


def test_a_line_chart_of_amounts_has_whole_euros_on_its_axis_inside_the_image():
    with translation.override("nl"):
        svg = parse(chart_svg(money_figure(chart="line")))
        texts = [t.text for t in svg.iter(f"{SVG}text")]
        assert "€ 123.457" in texts and "€ 0" in texts
        _fits(svg)


def test_month_labels_at_both_ends_of_a_line_chart_stay_inside_the_image():
    _fits(parse(chart_svg(monthly_figure())))
