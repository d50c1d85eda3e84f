"""`{% figure table %}` (zvh.figures.templatetags.figure_tags), rendered in a unit test."""

from __future__ import annotations

from html.parser import HTMLParser

from django.template import Context, Template
from django.utils import translation

from tests.factories.figure_tables import money_figure, organisation_figure
from zvh.figures.suppression import suppress
from zvh.figures.table import FigureTable


def figure(chart: str = "bar") -> FigureTable:
    return organisation_figure(chart)


def render(source: str, **context) -> str:
    with translation.override("nl"):
        return Template("{% load figure_tags %}" + source).render(Context(context))


class Cells(HTMLParser):
    """The text of each table row's cells, and the links."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.scopes: list[str] = []
        self._cell: list[str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"} and self.rows:
            self._cell = []
            if tag == "th":
                self.scopes.append(attrs.get("scope", ""))
        elif tag == "a":
            self.links.append(attrs["href"])
        elif tag == "span" and "visually-hidden" in (attrs.get("class") or ""):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def parse(html: str) -> Cells:
    cells = Cells()
    cells.feed(html)
    return cells


def test_a_suppressed_figure_renders_heading_definition_chart_table_and_legend():
    html = render("{% figure table %}", table=suppress(figure(), 5))
    assert '<h2 id="figure-inflow-by-organisation-heading">Instroom per organisatie</h2>' in html
    assert "Aantal verwijzingen met ontvangstdatum in de periode." in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="figure-chart" role="img"' in html
    assert "<caption" in html
    assert "<b>" not in html and "&lt;b&gt;Wijkteam&lt;/b&gt;" in html
    cells = parse(html)
    assert cells.rows[0] == [
        "Organisatie",
        "Deze periode",
        "Vorige periode",
        "Aandeel acuut",
        "Mediaan dagen",
    ]
    assert cells.rows[1] == ["<b>Wijkteam</b>", "<5", "20", "<5", "<5"]
    assert cells.rows[2] == ["Politie", "40", "30", "25,0 %", "3,3"]
    assert cells.rows[3] == ["Reclassering", "x", "10", "x", "x"]
    assert cells.rows[5] == ["Totaal", "80", "75", "30,0 %", "2,5"]
    assert set(cells.scopes) == {"col", "row"}
    assert "<dt>&lt;5</dt><dd>minder dan 5" in html and "<dt>x</dt>" in html
    assert cells.links == []  # no drill_base_url: no links


def test_not_computable_is_a_dash_and_no_legend_without_markers():
    html = render("{% figure table %}", table=figure(chart=""))
    assert "<svg" not in html and "figure__body--single" in html
    assert parse(html).rows[3] == ["Reclassering", "12", "10", "50,0 %", "–"]
    assert "figure__legend" not in html


def test_the_chain_manager_drills_into_the_list_behind_a_count():
    html = render("{% figure table drill_base_url=url %}", table=figure(), url="/cijfers/lijst/")
    links = parse(html).links
    # One link per row with a drill, on the count of this period; the Gemeente row has none.
    assert links == [
        "/cijfers/lijst/?list=referrals&referring_organisation=a",
        "/cijfers/lijst/?list=referrals&referring_organisation=b",
        "/cijfers/lijst/?list=referrals&referring_organisation=c",
    ]
    assert "lijst: Politie, Deze periode" in html


def test_a_suppressed_cell_never_links():
    html = render(
        "{% figure table drill_base_url=url %}", table=suppress(figure(), 5), url="/cijfers/lijst/"
    )
    assert parse(html).links == ["/cijfers/lijst/?list=referrals&referring_organisation=b"]


def test_heading_level():
    html = render("{% figure table heading_level=3 %}", table=figure())
    assert '<h3 id="figure-inflow-by-organisation-heading">' in html


def test_amounts_render_in_euros_and_counts_with_thousands_separated():
    html = render("{% figure table %}", table=suppress(money_figure(), 5))
    cells = parse(html)
    assert cells.rows[1] == ["Aa", "60.000", "12", "54,5 %", "€ 123.456,79", "€ 1.234,50"]
    assert cells.rows[2] == ["Bee", "2", "<5", "<5", "<5", "<5"]
    assert cells.rows[3] == ["Cee", "10.000", "x", "x", "x", "x"]
    assert cells.rows[4] == ["Totaal", "70.002", "22", "100,0 %", "€ 150.000,00", "€ 0,00"]
