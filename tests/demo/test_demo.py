"""`manage.py demo`: builds on an empty database, changes nothing the second time, and every
demo account logs in through the real form and sees only what its role may see."""

from __future__ import annotations

import base64
import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.demo.support import (
    HISTORY_SURNAMES,
    JZV_KEY,
    SIGNAL_KEY,
    login,
    printed_account,
    printed_api_key,
    run_demo,
    without_history,
)
from tests.factories.intake import actor_of
from zvh.accounts.models import User
from zvh.accounts.totp import current_code
from zvh.api.models import ApiToken
from zvh.audit.models import AuditEvent
from zvh.cases.models import (
    Case,
    CaseJournalEntry,
    CaseParticipant,
    CasePerson,
    CaseReview,
    CaseStatus,
    CaseStatusChange,
    Escalation,
    StepDownCheck,
    StepDownCriterion,
    Theme,
)
from zvh.conferences import models as conference_models
from zvh.conferences.models import (
    Conference,
    ConferenceDecision,
    ConfidentialityDeclaration,
    DeclarationAcceptance,
    Invitation,
)
from zvh.core.models import Counter
from zvh.covenants.models import Covenant
from zvh.demo import casework_story, data, story
from zvh.demo.management.commands.demo import MANAGE
from zvh.intake.models import PriorityList, Referral, ReferralEvent, ReferralPerson, TriageSettings
from zvh.network.models import (
    House,
    HouseKind,
    Membership,
    Municipality,
    Organisation,
    Partnership,
    Role,
)
from zvh.notifications.models import Notification
from zvh.people.bsn import passes_eleven_test
from zvh.people.models import Person
from zvh.plans.models import Agreement, Goal, Plan, PlanVersion
from zvh.retention.models import RetentionTerm
from zvh.sharing.models import Consent, InformationItem, InformationItemSubject, LegalBasis
from zvh.subject_requests.models import SubjectRequest
from zvh.triage.models import (
    AgendaItem,
    Assessment,
    LocalCriterion,
    TriageSession,
    TriageTable,
)
from zvh.web.work import role_work

SNAPSHOT_MODELS = (
    Municipality,
    House,
    House.municipalities.through,
    Organisation,
    Partnership,
    User,
    Membership,
    TOTPDevice,
    Person,
    Case,
    CasePerson,
    CaseParticipant,
    CaseStatusChange,
    CaseJournalEntry,
    Referral,
    ReferralPerson,
    ReferralEvent,
    PriorityList,
    LocalCriterion,
    TriageSettings,
    TriageTable,
    TriageSession,
    TriageSession.participant_organisations.through,
    AgendaItem,
    Assessment,
    ApiToken,
    Notification,
    Counter,
    # The case-work and lawful-sharing stories.
    Theme,
    StepDownCriterion,
    LegalBasis,
    Covenant,
    Covenant.parties.through,
    ConfidentialityDeclaration,
    RetentionTerm,
    Conference,
    Invitation,
    conference_models.AgendaItem,
    ConferenceDecision,
    ConferenceDecision.agreements.through,
    DeclarationAcceptance,
    Plan,
    PlanVersion,
    Goal,
    Agreement,
    Escalation,
    CaseReview,
    StepDownCheck,
    InformationItem,
    InformationItemSubject,
    Consent,
    SubjectRequest,
    AuditEvent,
)
# The referral story brings ten persons the house did not know yet: three people on the Top-X
# list were known already, and are linked rather than registered again.
STORY_NEW_PERSONS = 10


def snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS
    }


def without_api_key(output: str) -> str:
    """The output minus the API keys' blocks: a secret is printed only when it is made."""
    return re.sub(r"^API-sleutel .*?\n\n", "", output, flags=re.DOTALL | re.MULTILINE)


def without_ids(output: str) -> str:
    """The output with its addresses' ids masked: a rebuilt demo has new ones."""
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>", output)


def test_builds_on_an_empty_database_and_a_second_run_changes_nothing(demo):
    before = snapshot()
    again = run_demo()
    assert snapshot() == before
    assert without_api_key(again) == without_api_key(demo)
    assert "demo-procesregisseur" in demo
    assert "API-sleutel" not in without_api_key(demo)
    for head in (JZV_KEY, SIGNAL_KEY):
        secret = printed_api_key(demo, head)["sleutel"]
        assert secret not in again, "an API key's secret is printed once, when it is made"
        assert "<sleutel>" in printed_api_key(again, head)["probeer"]


def test_regio_noord_is_complete(demo):
    noord = House.objects.get(name="Veiligheidshuis Regio Noord")
    assert noord.municipalities.count() == 11
    assert noord.seat_municipality.name == "Zwolle"
    assert noord.security_region == "Veiligheidsregio IJsselland"
    assert all(m.inhabitants > 10_000 for m in noord.municipalities.all())
    kinds = set(noord.organisations.values_list("kind", flat=True))
    assert {"police", "public_prosecution", "probation", "mental_health_care", "veilig_thuis",
            "municipality", "housing_corporation"} <= kinds  # fmt: skip
    assert all(organisation.domains for organisation in noord.organisations.all())
    roles = set(Membership.objects.filter(house=noord).values_list("role", flat=True))
    # Every role of a house; the national analyst sits in the national monitor's office.
    assert roles == set(Role.values) - {Role.NATIONAL_ANALYST}
    in_data = sum(1 for person in data.PERSONS if person.house == data.NOORD)
    told = without_history(Person.objects.filter(house=noord), "surname")
    assert told.count() == in_data + STORY_NEW_PERSONS
    # Beside the stories, the year of history (zvh.demo.history_story): a few hundred more.
    assert Person.objects.filter(house=noord, surname__in=HISTORY_SURNAMES).count() > 300
    neighbour = House.objects.exclude(pk=noord.pk).get(kind=HouseKind.HOUSE)
    assert Person.objects.filter(house=neighbour).exists()
    assert not set(neighbour.municipalities.all()) & set(noord.municipalities.all())


def test_every_demo_bsn_is_fictional_and_passes_the_eleven_test(demo):
    bsns = [bsn for bsn in Person.objects.values_list("bsn", flat=True) if bsn]
    assert len(bsns) >= 30 + STORY_NEW_PERSONS - 1  # one on the Top-X list has none
    for bsn in bsns:
        assert passes_eleven_test(bsn), bsn
        assert bsn.startswith(data.FICTIONAL_BSN_PREFIX), bsn
    assert all(passes_eleven_test(bsn) for bsn in data.FICTIONAL_BSNS)
    assert len(set(data.FICTIONAL_BSNS)) == len(data.FICTIONAL_BSNS)


def test_prints_each_accounts_password_and_secret_in_dutch(demo):
    for spec in data.ACCOUNTS:
        printed = printed_account(demo, spec.username)
        device = TOTPDevice.objects.get(user__username=spec.username, confirmed=True)
        assert printed["wachtwoord"] == data.DEMO_PASSWORD
        assert base64.b32decode(printed["TOTP-geheim"]) == device.bin_key
        assert printed["otpauth-URI"] == device.config_url
    assert demo.startswith("Demo klaar:")
    assert "Log in op " in demo


def test_the_printed_manage_py_is_the_one_make_run_uses():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "VENV := .venv\n" in makefile
    assert "BIN := $(VENV)/bin\n" in makefile
    assert "MANAGE := $(BIN)/python manage.py\n" in makefile
    # With the demo's address for PORT in front (decision 0181).
    assert "\tZVH_BASE_URL=http://127.0.0.1:$(PORT) $(MANAGE) demo\n" in makefile
    assert MANAGE == ".venv/bin/python manage.py"


@pytest.mark.parametrize("debug", [True, False], ids=["make-run", "forced-without-debug"])
def test_the_printed_code_command_gives_the_code_the_app_shows(db, settings, debug):
    """`make run` runs `.venv/bin/python manage.py demo` with DEBUG on; pasted in the project's
    folder, the printed command must print the code that logs in."""
    settings.DEBUG = debug
    output = run_demo()
    printed = printed_account(output, "demo-partner-politie")["code nu"]
    python, manage, *arguments = shlex.split(printed)
    assert (python, manage) == (".venv/bin/python", "manage.py")
    assert ("--demo" in arguments) is not debug
    device = TOTPDevice.objects.get(user__username="demo-partner-politie")
    before = current_code(device).code
    out = StringIO()
    call_command(*arguments, stdout=out, stderr=StringIO())
    assert out.getvalue().strip() in {before, current_code(device).code}


# The case-work story's two cases: who takes part, and whom they are about.
STORY_CASES = (
    (casework_story.YOURI_PARTICIPANTS, story.POLICE_REFERRAL.person),
    (casework_story.ACUTE_PARTICIPANTS, story.ACUTE_REFERRAL.person),
)


def _expected_people(spec: data.DemoAccountSpec) -> set[tuple[str, object]] | None:
    """Surnames plus birth dates the account may see on the people list, or None: no list.
    Staff see everyone in the house, the referral story's persons too; a partner sees the
    persons of the cases their organisation takes part in, the case-work story's too."""
    in_house = [person for person in data.PERSONS if person.house == spec.house]
    if spec.role in (Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER):
        house_name = next(house.name for house in data.HOUSES if house.key == spec.house)
        everyone = Person.objects.filter(house__name=house_name)
        assert everyone.count() >= len(in_house)
        return set(everyone.values_list("surname", "date_of_birth"))
    if spec.role == Role.PARTNER_PROFESSIONAL:
        keys = {
            person_key
            for case in data.CASES
            if case.house == spec.house and spec.organisation in case.participants
            for person_key in case.persons
        }
        story_people = {
            (person.surname, person.date_of_birth)
            for participants, person in STORY_CASES
            if spec.organisation in {key for key, _reason in participants}
        }
        # and the persons of the year of history's cases their organisation takes part in.
        # The cases first, then their persons: one join over hundreds of surnames got a plan
        # on PostgreSQL that took many seconds on the freshly built (unanalysed) demo.
        cases = CaseParticipant.objects.filter(
            organisation__name=next(
                o.name for o in data.ORGANISATIONS if o.key == spec.organisation
            ),
            ended_at__isnull=True,
        ).values("case_id")
        persons = Person.objects.filter(case_links__case_id__in=cases)
        history_people = {
            (surname, born)
            for surname, born in persons.values_list("surname", "date_of_birth")
            if surname in HISTORY_SURNAMES
        }
        return (
            {_label(person) for person in in_house if person.key in keys}
            | story_people
            | history_people
        )
    return None


def _label(person: data.DemoPerson) -> tuple[str, object]:
    return (person.surname, person.date_of_birth)


def test_each_account_logs_in_and_sees_only_what_its_role_may(demo):
    # One test over all accounts: building the demo costs more than an account's checks.
    for spec in data.ACCOUNTS:
        _check_account_sees_only_what_its_role_may(spec)


def _check_account_sees_only_what_its_role_may(spec: data.DemoAccountSpec) -> None:
    client = login(spec.username)
    assert client.get(reverse("web:home")).status_code == 200, spec.username
    response = client.get(reverse("people:list"))
    expected = _expected_people(spec)
    if expected is None:
        assert response.status_code == 404, spec.username
        return
    assert response.status_code == 200, spec.username
    seen: set[tuple[str, object]] = set()
    while True:  # page by page: the year of history makes the list longer than one page
        page = response.context["page"]
        seen |= {(person.surname, person.date_of_birth) for person in page.rows}
        if page.next_cursor is None:
            break
        response = client.get(reverse("people:list"), {"na": page.next_cursor})
        assert response.status_code == 200, spec.username
    assert seen == expected, spec.username


def test_partners_see_some_persons_and_not_others(demo):
    police = _expected_people(_spec("demo-partner-politie"))
    ggz = _expected_people(_spec("demo-partner-ggz"))
    everyone = _expected_people(_spec("demo-procesregisseur"))
    assert police and ggz and everyone
    assert police != ggz
    assert police < everyone and ggz < everyone
    assert police & ggz  # one case both take part in


def test_other_houses_and_other_cases_stay_closed(demo):
    noord_dekker = Person.objects.get(house__name="Veiligheidshuis Regio Noord", surname="Dekker")
    bakker = Person.objects.get(surname="Bakker", given_names="Kevin")
    martina = Person.objects.get(surname="Martina")
    neighbour = login("demo-procesregisseur-drenthe")
    police = login("demo-partner-politie")
    assert neighbour.get(reverse("people:detail", args=[noord_dekker.id])).status_code == 404
    assert police.get(reverse("people:detail", args=[bakker.id])).status_code == 200
    assert police.get(reverse("people:detail", args=[martina.id])).status_code == 404


def _spec(username: str) -> data.DemoAccountSpec:
    return next(spec for spec in data.ACCOUNTS if spec.username == username)


def test_reset_rebuilds_the_same_demo(demo):
    old_ids = set(Person.objects.values_list("id", flat=True))
    old_counts = {
        name: len(rows) for name, rows in snapshot().items() if name != "audit.AuditEvent"
    }
    rebuilt = run_demo("--reset")
    assert without_ids(without_api_key(rebuilt)) == without_ids(without_api_key(demo))
    for head in (JZV_KEY, SIGNAL_KEY):
        assert printed_api_key(rebuilt, head)["sleutel"] != printed_api_key(demo, head)["sleutel"]
    told = without_history(Person.objects.all(), "surname")
    assert told.count() == len(data.PERSONS) + STORY_NEW_PERSONS
    assert not old_ids & set(Person.objects.values_list("id", flat=True))
    new_counts = {
        name: len(rows) for name, rows in snapshot().items() if name != "audit.AuditEvent"
    }
    assert new_counts == old_counts
    assert all(
        old_counts[model._meta.label] for model in (Plan, Conference, Escalation, InformationItem)
    )
    assert ApiToken.objects.count() == 2


def test_refuses_without_debug_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG staat uit"):
        call_command("demo", stdout=StringIO())
    assert not House.objects.exists()


@pytest.mark.parametrize(
    "production",
    [{"ZVH_PRODUCTION": True}, {"SETTINGS_MODULE": "config.settings.production"}],
    ids=["flag", "module"],
)
def test_refuses_under_production_settings_even_when_forced(db, settings, production):
    settings.DEBUG = True
    for name, value in production.items():
        setattr(settings, name, value)
    with pytest.raises(CommandError, match="productie-instellingen"):
        call_command("demo", "--force", stdout=StringIO())
    assert not House.objects.exists()


def test_the_demo_coordinator_has_work(demo):
    """Every running case of the demo has a process coordinator and a next review (decision
    0179), so the demo coordinator's "Mijn werk" lists cases, one review already past."""
    numbers = [spec.number for spec in data.CASES]
    running = Case.objects.filter(number__in=numbers).exclude(status=CaseStatus.CLOSED)
    assert running.exists()
    assert not running.filter(process_coordinator__isnull=True).exists()
    assert not running.filter(next_review_date__isnull=True).exists()
    coordinator = User.objects.get(username="demo-procesregisseur")
    noord = House.objects.get(name="Veiligheidshuis Regio Noord")
    actor = actor_of(coordinator, noord)
    # The generated history gives the coordinator more cases than one page holds, and where a
    # story case falls depends on today's date: follow the pages as the coordinator would.
    first = role_work(actor=actor).case_work.coordinated
    rows, cursor = list(first.rows), first.next_cursor
    while cursor:
        page = role_work(actor=actor, cases_cursor=cursor).case_work.coordinated
        rows, cursor = rows + page.rows, page.next_cursor
    shown = {case.number for case in rows}
    assert set(running.filter(house=noord).values_list("number", flat=True)) <= shown
    today = timezone.localdate()
    assert first.rows[0].next_review_date < today


def test_the_national_monitor_has_two_years_and_regio_noord_beside_all_houses(demo):
    from zvh.monitor.models import (
        MonitorImport,
        NationalHouseRecord,
        Questionnaire,
        QuestionnaireStatus,
    )

    office = House.objects.get(name=data.NATIONAL_OFFICE.name)
    assert office.kind == HouseKind.NATIONAL
    roles = set(Membership.objects.filter(house=office).values_list("role", flat=True))
    assert roles == {Role.NATIONAL_ANALYST}
    years = sorted(set(NationalHouseRecord.objects.values_list("year", flat=True)))
    assert len(years) == 2 and MonitorImport.objects.count() == 2
    assert NationalHouseRecord.objects.filter(year=years[-1]).count() >= 25
    noord = House.objects.get(name="Veiligheidshuis Regio Noord")
    own = NationalHouseRecord.objects.filter(house_code=noord.monitor_code)
    assert own.count() == 2
    # Last year's is the record Regio Noord's chain manager submitted.
    submitted = Questionnaire.objects.get(house=noord, year=years[-1])
    assert submitted.status == QuestionnaireStatus.SUBMITTED
    imported = own.get(year=years[-1]).record
    for key in ("id", "name", "goal_statement", "inflow_share_pct", "municipalities_count"):
        assert imported[key] == submitted.record[key], key
    manager = login("demo-ketenmanager")
    page = manager.get(reverse("monitor:compare"))
    assert page.status_code == 200
    assert page.context["comparison"].own_record is not None
    analyst = login("demo-landelijk-analist")
    assert analyst.get(reverse("national_monitor:year", args=[years[-1]])).status_code == 200
