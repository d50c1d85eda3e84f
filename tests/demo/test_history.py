"""The year of history (zvh.demo.history, decision 0171): the demo's Regio Noord gets a
plausible year that every figure can count, consistent with what the services would have
written, and the generator is deterministic."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from tests.demo.support import HISTORY_SURNAMES
from tests.factories.network import (
    HouseFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)
from zvh.cases.models import Case, CaseReview, CaseStatus, CaseStatusChange, Escalation
from zvh.cases.services import themes_seed_defaults
from zvh.core.life_domains import LifeDomain
from zvh.core.numbering import next_number
from zvh.demo.history import HistoryCast, Partner, history_generate
from zvh.intake.models import Channel, Referral, ReferralStatus, Urgency
from zvh.plans.models import Agreement, AgreementStatus
from zvh.triage.models import Assessment, Decision

NOORD = "Veiligheidshuis Regio Noord"
HISTORY = Q(persons__surname__in=HISTORY_SURNAMES)


def test_regio_noord_gets_a_plausible_year_every_figure_can_count(demo):
    now = timezone.now()
    referrals = Referral.objects.filter(house__name=NOORD).filter(HISTORY).distinct()
    assert 300 <= referrals.count() <= 400
    assert min(referrals.values_list("received_at", flat=True)) >= now - timedelta(days=366)
    assert max(referrals.values_list("received_at", flat=True)) <= now
    channels = Counter(referrals.values_list("channel", flat=True))
    assert set(channels) == set(Channel.values)
    assert referrals.filter(entered_without_triage=True).exists()
    acute = referrals.filter(urgency=Urgency.ACUTE).count() / referrals.count()
    assert 0.10 <= acute <= 0.20
    assert len(set(referrals.values_list("municipality", flat=True))) >= 8
    assert len(set(referrals.values_list("referring_organisation", flat=True))) >= 10
    # Nothing of the history waits for triage: the stories' waiting list stays as it was.
    assert not referrals.filter(status__in=[ReferralStatus.RECEIVED, ReferralStatus.ON_AGENDA])

    assessments = Assessment.objects.filter(referral__in=referrals, is_current=True)
    decisions = Counter(assessments.values_list("decision", flat=True))
    accepted = decisions[Decision.ACCEPTED] / sum(decisions.values())
    assert 0.55 <= accepted <= 0.75, decisions
    assert decisions[Decision.NOT_ACCEPTED] and decisions[Decision.REFERRED_ELSEWHERE]
    assert all(a.advice for a in assessments.filter(decision=Decision.NOT_ACCEPTED))
    departures = assessments.filter(departs_from_rule=True)
    assert departures.exists() and all("Afgeweken" in a.motivation for a in departures)
    for assessment in assessments.select_related("referral"):
        assert assessment.referral.received_at < assessment.decided_at <= now

    cases = Case.objects.filter(house__name=NOORD).filter(HISTORY).distinct()
    assert 120 <= cases.count() <= 200
    statuses = Counter(cases.values_list("status", flat=True))
    assert {CaseStatus.ACCEPTED, CaseStatus.IN_EXECUTION, CaseStatus.CLOSED} <= set(statuses)
    assert all(case.themes.exists() for case in cases)
    assert len(set(cases.values_list("process_coordinator", flat=True))) == 3
    closed = cases.filter(status=CaseStatus.CLOSED)
    assert all(c.closure_reason and c.opened_at < c.closed_at <= now for c in closed)
    assert all(c.receiving_party for c in closed.filter(closure_reason="stepped_down"))
    assert not Agreement.objects.filter(case__in=closed, status=AgreementStatus.OPEN).exists()
    assert not cases.exclude(status=CaseStatus.CLOSED).exclude(closed_at=None).exists()
    reopened = CaseStatusChange.objects.filter(case__in=cases, from_status=CaseStatus.CLOSED)
    assert reopened.exists()

    agreements = Counter(Agreement.objects.filter(case__in=cases).values_list("status", flat=True))
    assert set(agreements) == set(AgreementStatus.values)
    today = timezone.localdate()
    overdue = Agreement.objects.filter(case__in=cases).overdue(today)
    assert overdue.exists()

    reviews = CaseReview.objects.filter(case__in=cases)
    for review in reviews:
        assert set(review.zrm_scores) <= set(LifeDomain.values)
        assert all(1 <= score <= 5 for score in review.zrm_scores.values())
    # Outcomes: closed cases with a first and a later scored review, mostly improving.
    both = [c for c in closed if reviews.filter(case=c).count() >= 2]
    assert len(both) >= 10
    change = Counter()
    for case in both:
        first, *_, last = reviews.filter(case=case).order_by("held_on")
        for domain, score in last.zrm_scores.items():
            change[(score > first.zrm_scores[domain]) - (score < first.zrm_scores[domain])] += 1
    assert change[1] > change[0] > 0 and change[1] > change[-1] > 0

    escalations = Counter(
        Escalation.objects.filter(case__in=cases).values_list("status", flat=True)
    )
    assert {"resolved", "unresolved", "raised"} <= set(escalations)

    # The services number on after the history: no collision.
    house = cases.first().house
    for name, prefix, model in (("case", "C", Case), ("referral", "A", Referral)):
        number = next_number(house_id=house.id, name=name, prefix=prefix)
        assert not model.objects.filter(house=house, number=number).exists()


def _cast() -> HistoryCast:
    municipality = MunicipalityFactory(inhabitants=50_000)
    house = HouseFactory(seat_municipality=municipality)
    themes_seed_defaults(house=house)
    organisations = [OrganisationFactory() for _ in range(3)]
    partners = [
        Partner(org, UserFactory(organisation=org), "criminal_justice", weight)
        for weight, org in enumerate(organisations, start=1)
    ]
    return HistoryCast(
        house=house,
        municipalities=[municipality],
        referrers=[(org, 1) for org in organisations],
        partners=partners,
        coordinators=[UserFactory(), UserFactory()],
        addressees=[UserFactory()],
    )


def _shape(house) -> list[tuple]:  # type: ignore[no-untyped-def]
    referrals = Referral.objects.filter(house=house).order_by("number")
    cases = Case.objects.filter(house=house).order_by("number")
    return [
        *referrals.values_list("number", "channel", "urgency", "status", "received_at"),
        *cases.values_list("number", "status", "opened_at", "closed_at", "closure_reason"),
        sorted(
            Agreement.objects.filter(house=house).values_list("due_date", "status", "completed_at")
        ),
    ]


def test_the_same_seed_writes_the_same_history(db):
    end = date(2026, 6, 30)
    first, second = _cast(), _cast()
    made = history_generate(first, referrals=60, end=end, seed=5)
    assert made.cases > 10 and made.agreements > 0
    history_generate(second, referrals=60, end=end, seed=5)
    assert _shape(first.house) == _shape(second.house)
    other = _cast()
    history_generate(other, referrals=60, end=end, seed=6)
    assert _shape(other.house) != _shape(first.house)
