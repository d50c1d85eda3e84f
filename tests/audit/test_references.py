"""The access log in the privacy officer's words (decision 0181): Dutch names for every kind of
object, and case and referral numbers instead of UUIDs."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django.urls import reverse

from tests.audit.test_access_report import REPORT_QUERY_BUDGET, report_url
from tests.factories.people import CaseFactory, PersonFactory
from zvh.audit.models import Action
from zvh.audit.references import OBJECT_TYPE_LABELS, object_references
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.intake.models import Referral
from zvh.network.models import Role
from zvh.plans.models import Agreement, Plan

SRC = Path(__file__).resolve().parents[2] / "src" / "zvh"
LITERAL = re.compile(r'object_type\s*=\s*"([a-z_]+)"')
CONSTANT_USE = re.compile(r"object_type\s*=\s*([A-Z_]+)\b")
CONSTANT = re.compile(r'^([A-Z_]+)\s*=\s*"([a-z_]+)"', re.MULTILINE)


def recorded_object_types() -> set[str]:
    """Every object type the code records: literals, and the constants passed as one (every
    value a constant of that name has anywhere, since modules reuse names)."""
    found: set[str] = set()
    constants: dict[str, set[str]] = {}
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(LITERAL.findall(text))
        used.update(CONSTANT_USE.findall(text))
        for name, value in CONSTANT.findall(text):
            constants.setdefault(name, set()).add(value)
    for name in used:
        found.update(constants.get(name, ()))
    return found


def test_every_recorded_object_type_has_a_dutch_name():
    types = recorded_object_types()
    assert {"case", "referral", "person", "person_match", "signal_lookup"} <= types
    assert sorted(types - set(OBJECT_TYPE_LABELS)) == []


def _record(world, person, object_type: str, object_id) -> None:
    user = world.user(Role.PROCESS_COORDINATOR)
    audit_record(
        actor=Actor(user_id=user.pk, organisation_id=user.organisation_id, house_id=world.house.id),
        action=Action.VIEW,
        object_type=object_type,
        object_id=object_id,
        person_ids=[person.id],
    )


def test_the_report_names_cases_and_referrals_by_number_not_by_uuid(
    world, client_for, django_assert_max_num_queries
):
    person = PersonFactory(house=world.house)
    case = CaseFactory(house=world.house, number="C-2026-0012")
    referral = Referral.objects.create(
        house=world.house,
        number="A-2026-0031",
        channel="web",
        source="partner",
        referring_organisation=world.own_org,
        received_at=case.created_at,
        reason="x",
        request="y",
    )
    agreement = Agreement.objects.create(
        plan=Plan.objects.create(case=case),
        case=case,
        house=world.house,
        what="Huisbezoek",
        domain="care",
        owner_organisation=world.own_org,
        owner_user=world.user(Role.PARTNER_PROFESSIONAL),
        due_date=case.created_at.date(),
    )
    _record(world, person, "case", case.id)
    _record(world, person, "referral", referral.id)
    _record(world, person, "agreement", agreement.id)
    _record(world, person, "plan", case.id)
    _record(world, person, "person_match", "")
    _record(world, person, "case", uuid.uuid4())  # a case since removed: no number, no UUID
    officer = client_for(world.user(Role.PRIVACY_OFFICER))
    officer.get(reverse("web:home"))
    # One query more per kind of object with a number on the page (case, referral, agreement,
    # plan), not per row.
    with django_assert_max_num_queries(REPORT_QUERY_BUDGET + 4):
        html = officer.get(report_url(person)).content.decode()
    assert "Casus C-2026-0012" in html
    assert "Aanmelding A-2026-0031" in html
    assert "Afspraak bij casus C-2026-0012" in html
    assert "Plan van aanpak bij casus C-2026-0012" in html
    assert "Controle op een bekende betrokkene" in html
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", body), "no UUIDs in the rows"


def test_references_skip_what_is_no_object_id(world):
    case = CaseFactory(house=world.house, number="C-1")
    found = object_references(
        [("case", str(case.id)), ("case", "index"), ("figures", "index"), ("case", "")]
    )
    assert found == {("case", str(case.id)): "C-1"}
