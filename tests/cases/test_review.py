"""Case reviews: progress per goal, optional ZRM scores, the next review date from the cadence,
a journal entry; recorded by house staff only, with Dutch messages for bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of
from zvh.audit.models import AuditEvent
from zvh.cases.journal import JournalKind
from zvh.cases.models import CaseJournalEntry, CaseReview, CaseSettings, CaseZrmChange
from zvh.cases.services import case_close
from zvh.core.validation import planning_horizon_end
from zvh.network.models import Role
from zvh.plans.models import Goal, Plan
from zvh.stepdown.review import case_review_record

from .conftest import join

pytestmark = pytest.mark.django_db


@pytest.fixture
def goals(case):
    plan = Plan.objects.create(case=case)
    return [
        Goal.objects.create(plan=plan, life_domain="housing", description="Eigen woning"),
        Goal.objects.create(plan=plan, life_domain="finances", description="Schulden geregeld"),
    ]


def record(actor, case, **overrides):
    overrides.setdefault("held_on", timezone.localdate())
    overrides.setdefault("progress", "Het gaat beter.")
    overrides.setdefault("zrm_scores", {})
    return case_review_record(actor=actor, case=case, **overrides)


def test_a_review_sets_the_next_date_from_the_house_cadence(world, case, coordinator):
    CaseSettings.objects.update_or_create(house=world.house, defaults={"review_cadence_weeks": 4})
    today = timezone.localdate()
    review = record(coordinator, case, held_on=today)
    case.refresh_from_db()
    assert review.next_review_date == today + timedelta(weeks=4)
    assert case.next_review_date == review.next_review_date
    assert review.progress == {"": "Het gaat beter."}
    entry = CaseJournalEntry.objects.get(case=case, kind=JournalKind.REVIEW)
    assert entry.data["review"] == str(review.id)
    assert AuditEvent.objects.filter(object_type="case_review", object_id=str(review.id)).exists()


def test_the_default_cadence_is_six_weeks_and_a_given_date_wins(case, coordinator):
    today = timezone.localdate()
    assert record(coordinator, case).next_review_date == today + timedelta(weeks=6)
    chosen = today + timedelta(days=10)
    record(coordinator, case, next_review_date=chosen)
    case.refresh_from_db()
    assert case.next_review_date == chosen


def test_a_next_review_beyond_the_planning_horizon_is_refused(case, coordinator):
    far = planning_horizon_end(timezone.localdate(), 5) + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        record(coordinator, case, next_review_date=far)
    assert "meer dan 5 jaar vooruit" in error.value.message_dict["next_review_date"][0]
    assert not CaseReview.objects.exists()


def test_a_late_review_never_sets_a_date_already_past(case, coordinator):
    today = timezone.localdate()
    review = record(coordinator, case, held_on=today - timedelta(weeks=10))
    assert review.next_review_date == today


def test_progress_per_goal_and_zrm_scores(case, coordinator, goals):
    housing, finances = goals
    review = record(
        coordinator,
        case,
        progress={str(housing.id): "Woning gevonden", str(finances.id): ""},
        zrm_scores={"housing": 4, "finances": None},
    )
    assert review.progress == {str(housing.id): "Woning gevonden"}
    assert review.zrm_scores == {"housing": 4}
    assert review.progress_rows == [("Huisvesting", "Woning gevonden")]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"held_on": timezone.localdate() + timedelta(days=1)},
            "held_on",
            "De evaluatie kan niet in de toekomst liggen.",
        ),
        (
            {"next_review_date": timezone.localdate() - timedelta(days=1)},
            "next_review_date",
            "De volgende evaluatie kan niet in het verleden liggen.",
        ),
        ({"progress": "  "}, "progress", "Beschrijf de voortgang."),
        ({"zrm_scores": {"housing": 6}}, "zrm_housing", "Een ZRM-score is een getal van 1"),
        ({"zrm_scores": {"housing": 0}}, "zrm_housing", "Een ZRM-score is een getal van 1"),
        ({"zrm_scores": {"mars": 3}}, "zrm_scores", "Onbekend leefgebied"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_changes_nothing(
    case, coordinator, overrides, field, message
):
    before = case.next_review_date
    with pytest.raises(ValidationError) as error:
        record(coordinator, case, **overrides)
    assert message in error.value.message_dict[field][0]
    case.refresh_from_db()
    assert case.next_review_date == before
    assert not CaseReview.objects.exists()
    assert not CaseJournalEntry.objects.filter(kind=JournalKind.REVIEW).exists()


def test_goals_need_progress_on_at_least_one_goal(case, coordinator, goals):
    with pytest.raises(ValidationError) as error:
        record(coordinator, case, progress={str(goal.id): "" for goal in goals})
    assert error.value.message_dict["progress"] == [
        "Beschrijf de voortgang bij ten minste één doel."
    ]
    with pytest.raises(ValidationError):
        record(coordinator, case, progress={"onbekend": "Tekst"})


def test_only_house_staff_record_a_review(world, case, coordinator):
    professional = world.user(Role.PARTNER_PROFESSIONAL)
    join(case, coordinator, world.own_org)
    with pytest.raises(PermissionDenied):
        record(actor_of(professional, world.house), case)
    other_house = world.user(Role.PROCESS_COORDINATOR, house="other")
    with pytest.raises(PermissionDenied):
        record(actor_of(other_house, world.other_house), case)
    assert not CaseReview.objects.exists()


def test_a_closed_case_has_no_review(case, coordinator):
    from zvh.cases.services import Closure

    case_close(
        actor=coordinator,
        case=case,
        expected_version=case.version,
        closure=Closure(reason="goals_achieved", note="", receiving_party=""),
    )
    with pytest.raises(ValidationError):
        record(coordinator, case)


def test_the_form_records_a_review_once(world, case, coordinator_user, client_for, goals):
    client = client_for(coordinator_user)
    url = reverse("cases:review", kwargs={"case_id": case.id})
    page = client.get(url)
    assert page.status_code == 200
    assert "Voortgang: Huisvesting" in page.content.decode()
    # The choices name the level, not only its number.
    assert '<option value="2">2 niet zelfredzaam</option>' in page.content.decode()
    data = {
        "review_id": "6f1d2c6e-1111-4a0e-9b7e-000000000001",
        "held_on": timezone.localdate().isoformat(),
        f"progress_{goals[0].id}": "Woning gevonden",
        "zrm_housing": "3",
    }
    for _ in range(2):
        response = client.post(url, data)
        assert response.status_code == 302
    review = CaseReview.objects.get()
    assert review.zrm_scores == {"housing": 3}
    detail = client.get(reverse("cases:detail", kwargs={"case_id": case.id})).content.decode()
    assert "Woning gevonden" in detail
    assert "<td>3 beperkt zelfredzaam</td>" in detail


def test_every_zrm_score_reads_with_its_level_name():
    from zvh.core.life_domains import ZrmScore

    assert [str(label) for label in ZrmScore.labels] == [
        "1 acute problematiek",
        "2 niet zelfredzaam",
        "3 beperkt zelfredzaam",
        "4 voldoende zelfredzaam",
        "5 volledig zelfredzaam",
    ]
    review = CaseReview(zrm_scores={"housing": 4, "finances": 1})
    assert review.zrm_level_rows == [
        ("Financiën", "1 acute problematiek"),
        ("Huisvesting", "4 voldoende zelfredzaam"),
    ]


def test_the_form_shows_dutch_messages(case, coordinator_user, client_for):
    client = client_for(coordinator_user)
    url = reverse("cases:review", kwargs={"case_id": case.id})
    response = client.post(
        url,
        {
            "review_id": "6f1d2c6e-1111-4a0e-9b7e-000000000002",
            "held_on": timezone.localdate().isoformat(),
            "progress": "Stabiel",
            "zrm_finances": "9",
        },
    )
    assert response.status_code == 400
    assert "Een ZRM-score is een getal van 1 tot en met 5." in response.content.decode()
    response = client.post(
        url,
        {
            "review_id": "6f1d2c6e-1111-4a0e-9b7e-000000000003",
            "held_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "progress": "Stabiel",
        },
    )
    assert response.status_code == 400
    assert "De evaluatie kan niet in de toekomst liggen." in response.content.decode()
    assert not CaseReview.objects.exists()


def test_a_partner_professional_gets_a_404(world, case, coordinator, client_for):
    join(case, coordinator, world.own_org)
    client = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    response = client.get(reverse("cases:review", kwargs={"case_id": case.id}))
    assert response.status_code == 404


def test_the_first_and_last_zrm_score_are_kept_beside_the_reviews(case, coordinator):
    """What the outcome figures count: per life domain the score of the earliest review by date
    and that of the latest, also when a review recorded later lies earlier in date."""
    today = timezone.localdate()
    record(coordinator, case, held_on=today - timedelta(days=20), zrm_scores={"housing": 2})
    assert changes(case) == {"housing": (2, 2, 1)}
    record(coordinator, case, held_on=today, zrm_scores={"housing": 4, "finances": 3})
    record(coordinator, case, held_on=today - timedelta(days=40), zrm_scores={"housing": 1})
    assert changes(case) == {"housing": (1, 4, 3), "finances": (3, 3, 1)}


def test_a_refused_review_changes_no_zrm_change(case, coordinator):
    record(coordinator, case, zrm_scores={"housing": 2})
    with pytest.raises(ValidationError):
        record(coordinator, case, zrm_scores={"housing": 9})
    assert changes(case) == {"housing": (2, 2, 1)}


def changes(case):
    return {
        change.life_domain: (change.first_score, change.last_score, change.scored_reviews)
        for change in CaseZrmChange.objects.filter(case=case)
    }


def test_the_migration_fills_the_changes_of_earlier_reviews(case, coordinator, coordinator_user):
    from importlib import import_module

    from django.apps import apps

    record(coordinator, case, held_on=timezone.localdate(), zrm_scores={"housing": 3})
    CaseReview.objects.create(
        case=case,
        held_on=timezone.localdate() - timedelta(days=9),
        author=coordinator_user,
        zrm_scores={"housing": 1, "justice": True},
        next_review_date=timezone.localdate(),
    )
    CaseZrmChange.objects.all().delete()
    import_module("zvh.cases.migrations.0014_zrm_changes").backfill(apps, None)
    assert changes(case) == {"housing": (1, 3, 2)}
