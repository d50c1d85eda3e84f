"""The demo's steering-group reports: a set report of the last closed quarter (what the
steering-group member's start page shows) and a draft second version of it."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login_2fa
from tests.demo.support import run_demo
from zvh.accounts.models import User
from zvh.demo import data
from zvh.demo.report_story import last_closed_quarter
from zvh.reports.models import ReportStatus, SteeringReport

NOORD_NAME = next(house.name for house in data.HOUSES if house.key == data.NOORD)


def test_the_steering_group_member_finds_the_set_report(demo):
    reports = list(SteeringReport.objects.filter(house__name=NOORD_NAME).order_by("number"))
    assert [(r.number, r.status) for r in reports] == [
        (1, ReportStatus.FINAL),
        (2, ReportStatus.DRAFT),
    ]
    member = login_2fa(Client(), User.objects.get(username="demo-stuurgroep"))
    home = member.get(reverse("web:home")).content.decode()
    assert reverse("reports:detail", args=[reports[0].id]) in home
    assert member.get(reverse("reports:detail", args=[reports[1].id])).status_code == 404


def test_reset_removes_the_reports_and_rebuilds_them(demo):
    run_demo("--reset")
    assert SteeringReport.objects.filter(house__name=NOORD_NAME).count() == 2


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 1), (2025, 4)),
        (date(2026, 3, 31), (2025, 4)),
        (date(2026, 4, 1), (2026, 1)),
        (date(2026, 12, 7), (2026, 3)),
    ],
)
def test_last_closed_quarter(today, expected):
    assert last_closed_quarter(today) == expected
