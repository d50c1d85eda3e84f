"""The inflow and triage figures on a small house with answers worked out by hand (docs/decisions/
0161-figure-definitions.md). Moments are wall-clock times in Europe/Amsterdam; several sit just
past or before local midnight, where a UTC day would put them in another period or month."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests.factories import flow
from tests.factories.network import (
    HouseFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.figures.helpers_flow import cell, local, row
from zvh.cases.models import Theme
from zvh.figures.definitions import inflow, triage
from zvh.figures.scope import FigureScope
from zvh.intake.models import Channel, Orientation, ReferralStatus, TriageSettings, Urgency
from zvh.triage.models import Decision

pytestmark = pytest.mark.django_db

MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31), "today": date(2026, 4, 10)}


@pytest.fixture
def inflow_house():
    m1 = MunicipalityFactory(name="Aadorp", inhabitants=20_000)
    m2 = MunicipalityFactory(name="Beekdorp", inhabitants=50_000)
    m3 = MunicipalityFactory(name="Ceedorp", inhabitants=10_000)
    elsewhere = MunicipalityFactory(name="Zuiderdorp", inhabitants=0)
    house = HouseFactory(seat_municipality=m1)
    house.municipalities.add(m2, m3)
    other_house = HouseFactory(seat_municipality=m1)
    a = OrganisationFactory(name="Politie")
    b = OrganisationFactory(name="GGZ")

    def make(org, when, **fields):
        return flow.referral(house=house, organisation=org, received_at=when, **fields)

    make(a, local(2026, 3, 5, 10), channel=Channel.WEB, municipality=m1)
    make(a, local(2026, 3, 10, 12), channel=Channel.API, municipality=m1, urgency=Urgency.ACUTE)
    # 23:30 on 31 March in Amsterdam is 21:30 UTC: still March.
    make(a, local(2026, 3, 31, 23, 30), channel=Channel.JZV, municipality=m2, urgency="acute")
    make(a, local(2026, 2, 15, 9), channel=Channel.WEB, municipality=m1)  # previous period
    # 00:10 on 1 March in Amsterdam is 23:10 UTC on 28 February: this period, not the previous.
    make(b, local(2026, 3, 1, 0, 10), channel=Channel.WEB, status=ReferralStatus.WITHDRAWN)
    # 00:15 on 1 April is 22:15 UTC on 31 March: after the period.
    make(b, local(2026, 4, 1, 0, 15), channel=Channel.WEB, municipality=m1)
    make(
        b,
        local(2026, 3, 20, 8),
        channel=Channel.PRIORITY_LIST,
        entered_without_triage=True,
        status=ReferralStatus.ENTERED_DIRECTLY,
        municipality=m2,
        orientation=Orientation.SYSTEM,
    )
    make(b, local(2026, 3, 25, 8), channel=Channel.WEB, municipality=elsewhere)
    # The day before the previous period (29 January - 28 February) began.
    make(b, local(2026, 1, 28, 23, 59), channel=Channel.WEB, municipality=m1)
    # Another house's referral never counts.
    flow.referral(house=other_house, organisation=a, received_at=local(2026, 3, 6), municipality=m1)
    return SimpleNamespace(house=house, m1=m1, m2=m2, m3=m3, elsewhere=elsewhere, a=a, b=b)


def march(house, **filters) -> FigureScope:
    return FigureScope(house_id=house.id, **MARCH, **filters)


def test_inflow_by_organisation_counts_every_referral_received_on_its_local_day(inflow_house):
    h = inflow_house
    table = inflow.by_organisation(march(h.house))
    assert [r.key for r in table.rows] == [str(h.a.id), str(h.b.id)]
    assert row(table, str(h.a.id)).values == {
        "this": 3,
        "this_share": 0.5,
        "previous": 1,
        "previous_share": 1.0,
    }
    assert cell(table, str(h.b.id), "this") == 3  # the withdrawn one counts
    assert cell(table, str(h.b.id), "previous") == 0
    assert cell(table, "total", "this") == 6
    assert cell(table, "total", "previous") == 1
    assert row(table, str(h.a.id)).drill == {
        "list": "referrals",
        "from": "2026-03-01",
        "to": "2026-03-31",
        "referring_organisation": str(h.a.id),
    }


def test_inflow_by_municipality_absolute_and_per_10000(inflow_house):
    h = inflow_house
    table = inflow.by_municipality(march(h.house))
    keys = [r.key for r in table.rows]
    # By name: the house's own municipalities (a zero included) and others; the unknown last.
    assert keys == [str(h.m1.id), str(h.m2.id), str(h.m3.id), str(h.elsewhere.id), "none"]
    assert row(table, str(h.m1.id)).values == {
        "this": 2,
        "this_rate": 1.0,
        "previous": 1,
        "previous_rate": 0.5,
    }
    assert cell(table, str(h.m2.id), "this_rate") == pytest.approx(0.4)
    assert cell(table, str(h.m3.id), "this") == 0
    assert cell(table, str(h.m3.id), "this_rate") == 0.0
    assert cell(table, str(h.elsewhere.id), "this") == 1
    assert cell(table, str(h.elsewhere.id), "this_rate") is None  # no population known
    assert cell(table, "none", "this") == 1
    assert row(table, "none").drill == {}  # the list cannot select "no municipality"
    assert cell(table, "total", "this") == 6
    # Over the municipalities with a population: (2 + 2 + 0) per 80,000 inhabitants.
    assert cell(table, "total", "this_rate") == pytest.approx(0.5)


def test_inflow_by_channel_puts_direct_entry_in_its_own_row(inflow_house):
    h = inflow_house
    table = inflow.by_channel(march(h.house))
    assert [r.key for r in table.rows] == ["web", "api", "jzv", "priority_list", "direct"]
    this = {r.key: r.values["this"] for r in table.rows}
    assert this == {"web": 3, "api": 1, "jzv": 1, "priority_list": 0, "direct": 1}
    assert cell(table, "web", "previous") == 1
    assert cell(table, "total", "this") == 6
    assert row(table, "web").drill["channel"] == "web"
    # A priority-list referral entered without triage: the channel's list is not its count.
    assert row(table, "priority_list").drill == {}
    assert row(table, "direct").drill == {}


def test_inflow_share_of_acute_referrals(inflow_house):
    table = inflow.by_urgency(march(inflow_house.house))
    assert row(table, "acute").values["this"] == 2
    assert row(table, "acute").values["this_share"] == pytest.approx(2 / 6)
    assert row(table, "acute").values["previous_share"] == 0.0
    assert row(table, "acute").drill["urgency"] == "acute"
    assert cell(table, "total", "this") == 6


def test_inflow_by_month_cuts_the_months_to_the_period(inflow_house):
    scope = FigureScope(
        house_id=inflow_house.house.id, start=date(2026, 2, 15), end=date(2026, 4, 10)
    )
    table = inflow.by_month(scope)
    assert table.chart == "line"
    assert [r.key for r in table.rows] == ["2026-02", "2026-03", "2026-04"]
    assert [r.values["referrals"] for r in table.rows] == [1, 6, 1]
    assert [r.values["acute"] for r in table.rows] == [0, 2, 0]
    assert row(table, "2026-02").drill["from"] == "2026-02-15"
    assert row(table, "2026-04").drill["to"] == "2026-04-10"
    assert cell(table, "total", "referrals") == 8


def test_inflow_filters(inflow_house):
    h = inflow_house
    by_org = inflow.by_organisation(march(h.house, referring_organisation_id=h.b.id))
    assert [r.key for r in by_org.rows] == [str(h.b.id)]
    by_municipality = inflow.by_municipality(march(h.house, municipality_id=h.m1.id))
    assert [r.key for r in by_municipality.rows] == [str(h.m1.id)]
    assert cell(by_municipality, "total", "this") == 2
    system = inflow.by_channel(march(h.house, case_type=Orientation.SYSTEM))
    assert cell(system, "total", "this") == 1
    # A referral has no theme: the theme filter does not narrow it, and the text says so.
    theme = Theme.objects.create(house=h.house, name="Huiselijk geweld")
    themed = inflow.by_organisation(march(h.house, theme_id=theme.id))
    assert cell(themed, "total", "this") == 6
    assert "thema geldt hier niet" in themed.definition


@pytest.fixture
def triage_house():
    house = HouseFactory()
    other_house = HouseFactory()
    org = OrganisationFactory()
    user = UserFactory(organisation=org)

    def make(when, **fields):
        return flow.referral(house=house, organisation=org, received_at=when, **fields)

    def decide(referral, when, decision=Decision.ACCEPTED, **fields):
        return flow.assessment(
            referral=referral, decided_at=when, decided_by=user, decision=decision, **fields
        )

    r1 = make(local(2026, 3, 5, 10))
    decide(r1, local(2026, 3, 6, 10), departs_from_rule=True, rule_outcome=False,
           motivation="Toch complex")  # fmt: skip
    r2 = make(local(2026, 3, 10, 12), urgency=Urgency.ACUTE)
    decide(r2, local(2026, 3, 10, 20), Decision.MORE_INFORMATION, is_current=False)
    decide(
        r2,
        local(2026, 3, 12, 12),
        Decision.NOT_ACCEPTED,
        advice="Wijkteam inschakelen",
        departs_from_rule=True,
        rule_outcome=True,
        motivation="Lokale aanpak loopt nog",
    )
    make(local(2026, 3, 31, 23, 30), urgency=Urgency.ACUTE)  # acute, undecided, overdue
    r4 = make(local(2026, 2, 15, 9))
    decide(r4, local(2026, 2, 16, 9), departs_from_rule=True, rule_outcome=False,
           motivation="Toch complex")  # fmt: skip
    r5 = make(local(2026, 3, 1, 0, 10))
    decide(r5, local(2026, 3, 3, 0, 10), Decision.CONSULTATION)
    r10 = make(local(2026, 3, 15, 8), urgency=Urgency.ACUTE)
    decide(r10, local(2026, 3, 15, 20))
    # Acute but withdrawn: no decision was due.
    make(local(2026, 3, 16, 8), urgency=Urgency.ACUTE, status=ReferralStatus.WITHDRAWN)
    # Decided at 00:30 on 1 April (22:30 UTC on 31 March): April, not this period.
    r11 = make(local(2026, 3, 30, 12))
    decide(r11, local(2026, 4, 1, 0, 30), Decision.NOT_ACCEPTED, advice="Huisarts")
    # Another house's decisions never count.
    foreign = flow.referral(
        house=other_house, organisation=org, received_at=local(2026, 3, 5), urgency="acute"
    )
    decide(foreign, local(2026, 3, 9), Decision.NOT_ACCEPTED, advice="x", departs_from_rule=True)
    return SimpleNamespace(house=house, org=org)


def test_triage_decision_mix_counts_the_current_assessment(triage_house):
    table = triage.decisions(march(triage_house.house))
    this = {r.key: r.values["this"] for r in table.rows}
    assert this == {
        "accepted": 2,
        "not_accepted": 1,
        "referred_elsewhere": 0,
        "more_information": 0,  # r2's request for information was replaced by a decision
        "consultation": 1,
    }
    assert cell(table, "accepted", "previous") == 1
    assert cell(table, "accepted", "this_share") == 0.5
    assert cell(table, "total", "this") == 4


def test_triage_acceptance_rate(triage_house):
    table = triage.acceptance(march(triage_house.house))
    assert row(table, "accepted").values == {
        "this": 2,
        "this_share": 0.5,
        "previous": 1,
        "previous_share": 1.0,
    }
    assert cell(table, "not_accepted", "this") == 2
    assert cell(table, "total", "this") == 4


def test_triage_departures_and_their_motivations(triage_house):
    scope = march(triage_house.house)
    table = triage.departures(scope)
    assert cell(table, "rule_complex", "this") == 1
    assert cell(table, "rule_not_complex", "this") == 1
    assert cell(table, "rule_not_complex", "previous") == 1
    assert cell(table, "total", "this") == 2
    assert cell(table, "total", "this_share") == 0.5  # of the 4 decisions
    motivations = triage.departure_motivations(scope)
    assert motivations.key == "triage.departures"
    assert motivations.chart == ""  # chain manager only: the pages show it to no one else
    labels = {r.label: r.values for r in motivations.rows}
    assert labels == {
        "Lokale aanpak loopt nog": {"rule_complex": 1, "rule_not_complex": 0},
        "Toch complex": {"rule_complex": 0, "rule_not_complex": 1},
    }
    assert all(r.drill == {} for r in motivations.rows)


def test_triage_acute_deadline_compliance(triage_house):
    table = triage.acute_deadline(march(triage_house.house))
    counts = {r.key: r.values["this"] for r in table.rows}
    assert counts == {"on_time": 1, "late": 1, "open_overdue": 1, "open": 0}
    assert "24 uur" in table.definition


def test_triage_acute_deadline_follows_the_house_setting(triage_house):
    TriageSettings.objects.create(house=triage_house.house, acute_deadline_hours=72)
    table = triage.acute_deadline(march(triage_house.house))
    counts = {r.key: r.values["this"] for r in table.rows}
    assert counts == {"on_time": 2, "late": 0, "open_overdue": 1, "open": 0}
    # Seen on the day after it came in, the 31 March referral is still within 72 hours.
    early = FigureScope(
        house_id=triage_house.house.id, start=MARCH["start"], end=MARCH["end"],
        today=date(2026, 4, 1),
    )  # fmt: skip
    assert cell(triage.acute_deadline(early), "open", "this") == 1


def test_triage_time_to_decision_median_and_p90(triage_house):
    table = triage.time_to_decision(march(triage_house.house))
    assert row(table, "acute").values == {
        "this": 2,
        "this_median": pytest.approx(1.25),
        "this_p90": pytest.approx(2.0),
        "previous": 0,
        "previous_median": None,
        "previous_p90": None,
    }
    assert cell(table, "regular", "this_median") == pytest.approx(1.5)
    assert cell(table, "regular", "previous_median") == pytest.approx(1.0)
    assert cell(table, "total", "this") == 4
    assert cell(table, "total", "this_median") == pytest.approx(1.5)
    assert cell(table, "total", "this_p90") == pytest.approx(2.0)


def test_triage_advice_given_to_referrers(triage_house):
    table = triage.advice(march(triage_house.house))
    assert row(table, "not_accepted").values == {
        "decisions": 1,
        "with_advice": 1,
        "advice_share": 1.0,
        "previous_with_advice": 0,
    }
    assert cell(table, "consultation", "decisions") == 1
    assert cell(table, "consultation", "with_advice") == 0
    assert cell(table, "total", "with_advice") == 1
    assert "accepted" not in [r.key for r in table.rows]


def test_triage_by_month(triage_house):
    scope = FigureScope(
        house_id=triage_house.house.id, start=date(2026, 2, 1), end=date(2026, 4, 30)
    )
    table = triage.by_month(scope)
    assert [r.key for r in table.rows] == ["2026-02", "2026-03", "2026-04"]
    assert [r.values["decisions"] for r in table.rows] == [1, 4, 1]
    assert [r.values["accepted"] for r in table.rows] == [1, 2, 0]
    assert cell(table, "2026-03", "acceptance") == 0.5
    assert cell(table, "total", "final") == 6
