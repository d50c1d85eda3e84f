"""The `{% figure %}` tag in Chromium: no serious or critical axe-core violation, the drill links
and the scrollable table reachable by keyboard, and at 320 px wide the page does not scroll
sideways (the chart scales, the table scrolls in its own region). The figure pages themselves
are tested by their part (d); this renders the tag's HTML with the site's CSS."""

from __future__ import annotations

from pathlib import Path

from django.template import Context, Template
from django.utils import translation

from tests.factories.figure_tables import monthly_figure, organisation_figure
from zvh.figures.suppression import suppress

CSS = Path(__file__).resolve().parents[2] / "src" / "zvh" / "web" / "static" / "zvh" / "zvh.css"


def page_html() -> str:
    template = Template(
        "{% load figure_tags %}<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Cijfers</title><style>{{ css|safe }}</style></head><body><main class='main'>"
        "<h1>Instroom</h1>{% figure exact drill_base_url='/cijfers/lijst/' %}"
        "{% figure suppressed %}{% figure series %}</main></body></html>"
    )
    exact = organisation_figure(key="inflow.exact")
    with translation.override("nl"):
        return template.render(
            Context(
                {
                    "css": CSS.read_text(),
                    "exact": exact,
                    "suppressed": suppress(organisation_figure(), 5),
                    "series": suppress(monthly_figure(), 5),
                }
            )
        )


def test_the_figure_tag_passes_axe_and_works_by_keyboard(browser_page):
    page = browser_page.page
    page.set_content(page_html())
    browser_page.check()
    assert page.get_by_role("img", name="Instroom per organisatie").count() == 2
    assert page.get_by_role("table", name="Tabel: Instroom per maand").is_visible()
    browser_page.tab_to("40 – lijst: Politie, Deze periode")
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        "/cijfers/lijst/?list=referrals&referring_organisation=b"
    )


def test_the_figure_tag_fits_a_narrow_screen(browser_page):
    page = browser_page.page
    page.set_viewport_size({"width": 320, "height": 640})
    page.set_content(page_html())
    browser_page.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    widths = page.evaluate(
        "[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().width)"
    )
    assert widths and all(0 < width <= 320 for width in widths)
