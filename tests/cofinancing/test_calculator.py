"""The co-financing calculator as its users meet it: the chain manager exact, the steering-group
member with small cells suppressed (also in the exports), bad input refused in Dutch, the use
counted from the house's own cases, every calculation and export in the access log."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.factories.network import MunicipalityFactory
from tests.factories.people import CaseFactory
from zvh.audit.models import Action, AuditEvent
from zvh.cofinancing.calculation import Key, Settings, Use, calculate
from zvh.cofinancing.selectors import house_uses, result_table
from zvh.figures.suppression import suppress
from zvh.figures.table import FigureTable
from zvh.network.models import Role

URL = reverse("cofinancing:calculator")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
YEAR = timezone.localdate().year - 1


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(YEAR, month, day, hour, tzinfo=AMSTERDAM)


@pytest.fixture
def towns(world):
    """Three municipalities: Aa with 12 cases last year, Bee with 3, Cee with 0."""
    house = world.house
    house.municipalities.clear()
    aa = MunicipalityFactory(name="Aa", inhabitants=60_000)
    bee = MunicipalityFactory(name="Bee", inhabitants=30_000)
    cee = MunicipalityFactory(name="Cee", inhabitants=10_000)
    house.municipalities.add(aa, bee, cee)
    for day in range(1, 13):
        CaseFactory(house=house, municipality=aa, opened_at=at(3, day))
    for day in range(1, 4):
        CaseFactory(house=house, municipality=bee, opened_at=at(6, day))
    # Not counted: another house; the year before; a case without a municipality (reported).
    CaseFactory(house=world.other_house, municipality=cee, opened_at=at(5, 1))
    CaseFactory(
        house=house,
        municipality=cee,
        opened_at=datetime(YEAR - 1, 12, 31, 23, 30, tzinfo=AMSTERDAM),
    )
    CaseFactory(house=house, municipality=None, opened_at=at(7, 1))
    return aa, bee, cee


def query(**overrides):
    base = {"budget": "150000", "start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31", "key": "cases"}
    return {**base, **overrides}


def test_the_use_is_the_cases_opened_in_the_period_per_municipality(world, towns):
    uses = house_uses(world.house.id, at(1, 1).date(), at(12, 31).date())
    assert [(use.name, use.inhabitants, use.cases) for use in uses.municipalities] == [
        ("Aa", 60_000, 12),
        ("Bee", 30_000, 3),
        ("Cee", 10_000, 0),
    ]
    assert uses.unattributed == 1
    # Local days: a case opened at 00:30 on 1 January (23:30 UTC the day before) counts.
    CaseFactory(
        house=world.house,
        municipality=towns[2],
        opened_at=datetime(YEAR, 1, 1, 0, 30, tzinfo=AMSTERDAM),
    )
    assert house_uses(world.house.id, at(1, 1).date(), at(1, 1).date()).municipalities[2].cases == 1


def test_the_empty_form_defaults_to_last_calendar_year(world, client_for):
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["start"].isoformat() == f"{YEAR}-01-01"
    assert form.initial["end"].isoformat() == f"{YEAR}-12-31"
    assert AuditEvent.objects.filter(object_type="co_financing").count() == 1


def test_the_chain_manager_sees_exact_numbers(world, towns, client_for):
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(URL, query())
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.exact
    values = {row.label: row.values for row in outcome.table.rows}
    assert values["Aa"]["cases"] == 12
    assert values["Bee"]["cases"] == 3
    assert values["Aa"]["amount"] == 120_000.0
    assert values["Bee"]["amount"] == 30_000.0
    assert values["Aa"]["difference"] == 0.0
    assert outcome.table.total.values["amount"] == 150_000.0
    page = response.content.decode()
    assert "€ 120.000,00" in page
    assert "Begroting € 150.000,00 verdeeld per casus." in page
    # The shared {% figure %} tag: the amounts as an accessible bar chart beside the table.
    assert 'class="figure-chart" role="img"' in page
    assert "<5" not in page
    assert "Casussen zonder woongemeente van het huis (niet meegeteld): 1." in page
    event = AuditEvent.objects.filter(object_type="co_financing").latest("id")
    assert event.action == Action.VIEW
    assert event.detail["exact"] is True


def test_the_steering_group_member_sees_small_cells_suppressed(world, towns, client_for):
    response = client_for(world.user(Role.STEERING_GROUP_MEMBER)).get(URL, query())
    outcome = response.context["outcome"]
    assert not outcome.exact
    rows = {row.label: row for row in outcome.table.rows}
    assert rows["Aa"].values["cases"] == 12
    assert rows["Bee"].values["cases"] is None and rows["Bee"].suppressed["cases"] == "<5"
    assert rows["Cee"].values["cases"] is None and rows["Cee"].suppressed["cases"] == "<5"
    # Under a key per case the amount gives the count away: hidden with it.
    assert rows["Bee"].values["amount"] is None
    assert rows["Bee"].suppressed["amount"] == "<5"
    assert rows["Bee"].values["use_share"] is None
    page = response.content.decode()
    assert "&lt;5" in page
    assert "Casussen zonder woongemeente van het huis (niet meegeteld): &lt;5." in page
    assert (
        AuditEvent.objects.filter(object_type="co_financing").latest("id").detail["exact"] is False
    )


def test_per_inhabitant_the_amounts_stay_but_the_use_is_hidden(world, towns, client_for):
    response = client_for(world.user(Role.STEERING_GROUP_MEMBER)).get(URL, query(key="inhabitants"))
    rows = {row.label: row for row in response.context["outcome"].table.rows}
    assert rows["Bee"].values["amount"] == 45_000.0
    assert rows["Bee"].values["cases"] is None
    assert rows["Bee"].values["difference"] is None


def test_one_small_cell_takes_a_second_one_with_it(world, towns, client_for):
    # Cee gets 7 cases: only Bee is small, so the smallest other (Cee) is hidden too ("x").
    for day in range(1, 8):
        CaseFactory(house=world.house, municipality=towns[2], opened_at=at(9, day))
    response = client_for(world.user(Role.STEERING_GROUP_MEMBER)).get(URL, query())
    rows = {row.label: row for row in response.context["outcome"].table.rows}
    assert rows["Bee"].suppressed["cases"] == "<5"
    assert rows["Cee"].suppressed["cases"] == "x"
    assert rows["Aa"].values["cases"] == 12


@pytest.mark.parametrize("role", [Role.CHAIN_MANAGER, Role.STEERING_GROUP_MEMBER])
def test_exports_carry_what_the_page_shows(world, towns, client_for, role):
    client = client_for(world.user(role))
    response = client.get(URL, query(export="csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    bee = next(line for line in lines if line and line[0] == "Bee")
    assert bee[2] == ("3" if role == Role.CHAIN_MANAGER else "<5")
    event = AuditEvent.objects.filter(object_type="co_financing").latest("id")
    assert event.action == Action.EXPORT and event.detail["format"] == "csv"

    response = client.get(URL, query(export="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert cells["Bee"][2] == (3 if role == Role.CHAIN_MANAGER else "<5")
    assert cells["Totaal"][4] == 150_000.0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"budget": "-5"}, "niet negatief"),
        ({"budget": "veel"}, "bedrag in euro"),
        ({"budget": "0"}, "groter zijn dan nul"),
        ({"budget": "1,234"}, "twee cijfers"),
        ({"budget": "99999999999"}, "miljard"),
        ({"start": f"{YEAR}-12-31", "end": f"{YEAR}-01-01"}, "voor de begindatum"),
        ({"start": "gisteren"}, "geldige datum"),
        ({"key": "per_hond"}, "een van de verdeelsleutels"),
        ({"key": "mix", "weight_inhabitants": "150"}, "percentage"),
        ({"key": "fixed_base"}, "soort vaste voet"),
        ({"key": "fixed_base", "base_kind": "amount", "variable_key": "cases"}, "vaste bedrag"),
        (
            {
                "key": "fixed_base",
                "base_kind": "amount",
                "base_amount": "60000",
                "variable_key": "cases",
            },
            "hoger dan de begroting",
        ),
    ],
)
def test_bad_input_is_refused_in_dutch(world, towns, client_for, overrides, message):
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(URL, query(**overrides))
    assert response.status_code == 200
    assert response.context["outcome"] is None
    assert message in response.content.decode()


def test_an_export_of_bad_input_is_the_page_with_its_message(world, towns, client_for):
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(URL, query(budget="x", export="csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "role", [Role.PROCESS_COORDINATOR, Role.ADMINISTRATOR, Role.PARTNER_PROFESSIONAL]
)
def test_others_do_not_open_the_calculator(world, client_for, role):
    assert client_for(world.user(role)).get(URL, query()).status_code == 404


# --- suppression: nothing small visible, nothing hidden recoverable -----------------------


def _table(counts: list[int], key: Key = Key.CASES) -> FigureTable:
    """The calculator's own table (its declaration of what is public and what follows the
    cases) for municipalities with these case counts; the last one has no inhabitants filled in."""
    uses = [
        Use(uuid.UUID(int=i + 1), f"M{i}", 0 if i == len(counts) - 1 else 1000 * (i + 1), n)
        for i, n in enumerate(counts)
    ]
    settings = Settings(budget=Decimal("100000"), key=key, weight_inhabitants=50)
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    return result_table(calculate(uses, settings), settings, start, end)


FOLLOWERS = ("use_share", "amount", "paid_share", "difference")


@settings(max_examples=80, deadline=None)
@given(
    counts=st.lists(st.integers(0, 30), min_size=2, max_size=10).filter(lambda c: sum(c) > 0),
    threshold=st.integers(2, 10),
    key=st.sampled_from([Key.CASES, Key.MIX]),
)
def test_no_small_cell_visible_and_none_recoverable(counts, threshold, key):
    table = _table(counts, key)
    result = suppress(table, threshold)
    assert table.rows[0].suppressed == {}  # the input is not changed
    hidden = [row for row in result.rows if "cases" in row.suppressed]
    for row, exact in zip(result.rows, table.rows, strict=True):
        # Inhabitants are public reference data: never hidden, not even a 0.
        assert row.values["inhabitants"] == exact.values["inhabitants"]
        if row.values["cases"] is not None:
            assert row.values["cases"] >= threshold
            assert "cases" not in row.suppressed
        else:
            # Under a key that uses cases everything computed from them goes with them.
            assert all(row.values[k] is None for k in FOLLOWERS)
            assert {row.suppressed[k] for k in FOLLOWERS} == {row.suppressed["cases"]}
    total = result.total.values["cases"]
    if total is not None:
        assert total >= threshold
        # The total minus the visible cells gives only the sum of two or more hidden cells.
        assert len(hidden) != 1
    else:
        assert all(row.values["cases"] is None for row in result.rows)


def test_shares_of_a_total_and_public_inhabitants_are_shown():
    # M0: 10 of 200 cases, so 5% of the use and (per case) 5% of the budget. The general rule
    # for a share of its base (share × base gives a numerator away: 5% of 10 is "0") does not
    # apply: these are shares of all cases and of the budget, and 10 and 200 are shown anyway.
    result = suppress(_table([10, 90, 100], Key.CASES), 5)
    m0 = result.rows[0]
    assert m0.suppressed == {}
    assert m0.values["cases"] == 10
    assert m0.values["use_share"] == pytest.approx(0.05)
    assert m0.values["paid_share"] == pytest.approx(0.05)
    assert m0.values["amount"] == 5_000.0
    # M2 has no inhabitants filled in: its 0 is public reference data, not a small count.
    assert result.rows[2].values["inhabitants"] == 0
    assert all(row.suppressed == {} for row in [*result.rows, result.total])


def test_the_calculator_query_count_does_not_grow(
    world, towns, client_for, django_assert_max_num_queries
):
    client = client_for(world.user(Role.STEERING_GROUP_MEMBER))
    with django_assert_max_num_queries(40) as few:
        client.get(URL, query())
    for day in range(1, 28):
        CaseFactory(house=world.house, municipality=towns[day % 3], opened_at=at(10, day))
        world.house.municipalities.add(MunicipalityFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, query())
    assert len(response.context["outcome"].table.rows) == 30


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (f"{YEAR}-01-01", f"{YEAR}-12-30"),
        (f"{YEAR}-02-01", f"{YEAR}-12-31"),
        (f"{YEAR - 1}-01-01", f"{YEAR}-12-31"),
    ],
)
def test_the_steering_group_member_calculates_over_one_calendar_year(
    world, towns, client_for, start, end
):
    # Two overlapping periods would give a small count away by their difference.
    response = client_for(world.user(Role.STEERING_GROUP_MEMBER)).get(
        URL, query(start=start, end=end)
    )
    assert response.context["outcome"] is None
    assert "Kies één heel kalenderjaar" in response.content.decode()
    manager = client_for(world.user(Role.CHAIN_MANAGER)).get(URL, query(start=start, end=end))
    assert manager.context["outcome"] is not None
