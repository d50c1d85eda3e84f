"""The authorization matrix: one row per URL pattern. A URL without a row fails the test.

For each row the test calls the URL as anonymous and as every role × own/other organisation ×
own/other house, and checks: allowed actors get through, everyone else gets a 404 (the
anonymous a redirect to the login page, or 401/403 on the API). Objects in `kwargs` belong
to the own house and, where an object has an owning organisation, to the own organisation.

To add a URL: add a `Row` below. `methods` maps each method the URL serves to the
(role, organisation) pairs that may use it. For a URL about one object (`kwargs` given) only
users in the own house can be allowed: the object lies there. A URL without an object (a
list, a form) serves every user from their own house, so house does not matter there.
Whether a URL shows personal data is not declared here: the audit probe
(test_audit_probe.py) renders every page and checks what it shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from tests.factories.network import MembershipFactory, UserFactory
from zvh.advice.models import Advice, AdviceTopic
from zvh.monitor.exchange.fictional import fictional_records
from zvh.monitor.exchange.records import record_json
from zvh.monitor.models import (
    Answer,
    MonitorImport,
    NationalHouseRecord,
    Provenance,
    Questionnaire,
    QuestionnaireStatus,
)
from zvh.network.models import Role, RoleGrant
from zvh.reports.models import ReportKind, ReportStatus, SteeringReport
from zvh.system_signals.models import SignalCategory, SignalStatus, SystemSignal

ALL_ROLES = frozenset(Role)
OWN = "own"
OTHER = "other"


def both_orgs(*roles: Role) -> frozenset[tuple[str, str]]:
    return frozenset((role.value, org) for role in roles for org in (OWN, OTHER))


def own_org(*roles: Role) -> frozenset[tuple[str, str]]:
    return frozenset((role.value, OWN) for role in roles)


EVERYONE = both_orgs(*ALL_ROLES)
# Every role of a house: all but the national analyst, whose office is no house (decision 0184).
HOUSE_ROLES = both_orgs(*(ALL_ROLES - {Role.NATIONAL_ANALYST}))
NOBODY: frozenset[tuple[str, str]] = frozenset()
HOUSE_STAFF = (Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR)
REFERRERS = both_orgs(Role.PARTNER_PROFESSIONAL, *HOUSE_STAFF)
TRIAGE_DECIDERS = both_orgs(Role.PROCESS_COORDINATOR)
TRIAGE_CONFIGURERS = both_orgs(Role.FUNCTIONAL_ADMIN)
ADMINS = both_orgs(Role.FUNCTIONAL_ADMIN)
ADMIN_FORM = {"GET": ADMINS, "POST": ADMINS}


@dataclass(frozen=True)
class Row:
    name: str
    methods: dict[str, frozenset[tuple[str, str]]]
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    public: bool = False  # reachable without logging in (login page, language switch)
    api: bool = False
    post_data: Callable[[Any], dict[str, Any]] = field(default=lambda scenario: {})
    # `kwargs` name no object of a house (a figure group's key): users of every house are
    # served, each with their own house's data.
    house_free: bool = False
    # The page is a permanent redirect to another page (a URL kept for bookmarks): its own
    # answer is a 302, with the headers checked on the page it leads to.
    redirects: bool = False
    # A readiness probe: its 503 while a dependency is down (in a test run, the task worker) is
    # an answer, not a server error (decision 0189).
    probe: bool = False


ROWS: list[Row] = [
    Row("web:home", {"GET": EVERYONE}),
    Row("accounts:login", {"GET": EVERYONE, "POST": EVERYONE}, public=True),
    # First-login enrolment: reached without being logged in (a pending enrolment in the
    # session); without one it sends everyone back to the login page.
    Row("accounts:enrol", {"GET": EVERYONE, "POST": EVERYONE}, public=True),
    # The TOTP code after a single sign-on without a second factor: likewise (decision 0185).
    Row("accounts:second_factor", {"GET": EVERYONE, "POST": EVERYONE}, public=True),
    Row("accounts:logout", {"POST": EVERYONE}),
    Row("set_language", {"POST": EVERYONE}, public=True),
    Row(
        "people:list",
        {"GET": both_orgs(*HOUSE_STAFF, Role.PARTNER_PROFESSIONAL)},
    ),
    Row("people:export", {"GET": both_orgs(*HOUSE_STAFF, Role.PARTNER_PROFESSIONAL)}),
    # The empty form shows no personal data; a POST that finds matches audits what it shows.
    Row(
        "people:create",
        {"GET": both_orgs(*HOUSE_STAFF), "POST": both_orgs(*HOUSE_STAFF)},
        # The scenario's person again: the form shows them as a possible duplicate.
        post_data=lambda s: {
            "surname": s.person.surname,
            "date_of_birth": s.person.date_of_birth.isoformat(),
        },
    ),
    Row(
        "people:detail",
        # A partner professional of the other organisation does not take part in the case.
        {"GET": both_orgs(*HOUSE_STAFF) | own_org(Role.PARTNER_PROFESSIONAL)},
        kwargs=lambda s: {"person_id": s.person.id},
    ),
    Row(
        "api:person-list",
        {"GET": both_orgs(*HOUSE_STAFF, Role.PARTNER_PROFESSIONAL)},
        api=True,
    ),
    Row(
        "api:person-detail",
        {"GET": both_orgs(*HOUSE_STAFF) | own_org(Role.PARTNER_PROFESSIONAL)},
        kwargs=lambda s: {"person_id": s.person.id},
        api=True,
    ),
    Row("api-schema", {"GET": EVERYONE}, api=True, public=True),
    # Probes and metrics (decision 0189): anonymous by design; /metrics answers only the
    # monitoring's bearer token, so no role gets more than a 404.
    Row("healthz", {"GET": EVERYONE}, public=True),
    Row("readyz", {"GET": EVERYONE}, public=True, probe=True),
    Row("metrics", {"GET": NOBODY}, public=True),
    # Reference-data screens: the functional administrator only. Valid posts go through the
    # form; the second allowed actor then meets a duplicate or a stale version (still < 500).
    Row("network:house", {"GET": ADMINS}),
    Row("network:organisation-list", {"GET": ADMINS}),
    Row(
        "network:organisation-create",
        ADMIN_FORM,
        post_data=lambda s: {"name": "Matrix", "kind": "police", "domains": ["criminal_justice"]},
    ),
    Row(
        "network:partner-add",
        ADMIN_FORM,
        post_data=lambda s: {"organisation": s.outside_organisation.id},
    ),
    Row(
        "network:organisation-edit",
        ADMIN_FORM,
        kwargs=lambda s: {"organisation_id": s.organisation.id},
        post_data=lambda s: {"name": "Hernoemd", "kind": "halt", "domains": ["care"], "version": 1},
    ),
    # A bare POST (without the confirm button) shows the question again and removes nothing.
    Row(
        "network:partnership-end",
        ADMIN_FORM,
        kwargs=lambda s: {"organisation_id": s.organisation.id},
    ),
    Row("network:municipality-list", {"GET": ADMINS}),
    Row(
        "network:municipality-add",
        ADMIN_FORM,
        post_data=lambda s: {"name": "Matrixdorp", "cbs_code": "GM9901", "inhabitants": 10},
    ),
    Row(
        "network:municipality-edit",
        ADMIN_FORM,
        kwargs=lambda s: {"municipality_id": s.municipality.id},
        post_data=lambda s: {
            "name": "Hernoemd",
            "cbs_code": s.municipality.cbs_code,
            "inhabitants": 5,
            "version": 1,
        },
    ),
    Row(
        "network:municipality-remove",
        ADMIN_FORM,
        kwargs=lambda s: {"municipality_id": s.municipality.id},
    ),
    Row("network:user-list", {"GET": ADMINS}),
    Row(
        "network:user-create",
        ADMIN_FORM,
        post_data=lambda s: {
            "first_name": "Matrix",
            "last_name": "Gebruiker",
            "email": "matrix@example.org",
            "username": "matrix",
            "organisation": s.organisation.id,
            "roles": ["partner_professional"],
            "password1": "paars-konijn-fietst-7",
            "password2": "paars-konijn-fietst-7",
        },
    ),
    Row(
        "network:user-edit",
        ADMIN_FORM,
        kwargs=lambda s: {"user_id": s.managed_user.id},
        post_data=lambda s: {"roles": ["chain_manager", "administrator"]},
    ),
    Row(
        "network:user-password",
        ADMIN_FORM,
        kwargs=lambda s: {"user_id": s.managed_user.id},
        post_data=lambda s: {
            "password1": "groen-paard-zingt-9",
            "password2": "groen-paard-zingt-9",
        },
    ),
    Row(
        "network:user-deactivate",
        {"POST": ADMINS},
        kwargs=lambda s: {"user_id": s.managed_user.id},
    ),
    Row(
        "network:user-reactivate",
        {"POST": ADMINS},
        kwargs=lambda s: {"user_id": s.managed_user.id},
    ),
    Row("network:import", ADMIN_FORM),
    # The house's network is reference data every role of the house may read.
    Row("api:organisation-list", {"GET": HOUSE_ROLES}, api=True),
    Row("api:municipality-list", {"GET": HOUSE_ROLES}, api=True),
    Row(
        "intake:detail",
        # Staff see every referral; the referrer (own organisation's partner professional in
        # the scenario) sees their own.
        {"GET": both_orgs(*HOUSE_STAFF) | frozenset({("partner_professional", OWN)})},
        kwargs=lambda s: {"referral_id": s.referral.id},
    ),
    # The privacy officer's access report; the organisation does not matter, the house does.
    Row(
        "audit:search",
        {"GET": both_orgs(Role.PRIVACY_OFFICER), "POST": both_orgs(Role.PRIVACY_OFFICER)},
        post_data=lambda s: {"surname": s.person.surname},
    ),
    Row(
        "audit:person",
        {"GET": both_orgs(Role.PRIVACY_OFFICER)},
        kwargs=lambda s: {"person_id": s.person.id},
    ),
    # The privacy officer's anomaly report (names users, counts persons; viewing it is
    # audited) and the processing register (no personal data; the download is an export).
    Row("privacy:anomalies", {"GET": both_orgs(Role.PRIVACY_OFFICER)}),
    Row("privacy:register", {"GET": both_orgs(Role.PRIVACY_OFFICER)}),
    Row("privacy:register-csv", {"GET": both_orgs(Role.PRIVACY_OFFICER)}),
    # JZV Meldingen is for partner applications only (tokens, tested in tests/intake/test_jzv.py);
    # no browser session gets through.
    Row("jzv:meldingen", {"GET": NOBODY, "POST": NOBODY, "PUT": NOBODY}, api=True),
    Row(
        "jzv:melding",
        {"GET": NOBODY, "DELETE": NOBODY},
        kwargs=lambda s: {"registratienummer": "X-1"},
        api=True,
    ),
    Row("jzv:uitkomstmeldingen", {"GET": NOBODY}, api=True),
    # The hit/no-hit signal is for partner applications only (tokens with `signal-lookup`,
    # tested in tests/signals_lookup); no browser session gets through.
    Row("signals:lookup", {"POST": NOBODY}, api=True),
    Row(
        "jzv:uitkomstmelding",
        {"GET": NOBODY},
        kwargs=lambda s: {"registratienummer": "X-1"},
        api=True,
    ),
    Row(
        "intake-api:referral-list",
        {"GET": REFERRERS, "POST": REFERRERS},
        api=True,
    ),
    Row(
        "intake-api:referral-detail",
        {"GET": both_orgs(*HOUSE_STAFF) | own_org(Role.PARTNER_PROFESSIONAL)},
        kwargs=lambda s: {"referral_id": s.referral.id},
        api=True,
    ),
    Row("intake-api:priority-list-create", {"POST": REFERRERS}, api=True),
    Row("intake:list", {"GET": both_orgs(*HOUSE_STAFF)}),
    Row("intake:export", {"GET": both_orgs(*HOUSE_STAFF)}),
    Row("intake:create", {"GET": REFERRERS, "POST": REFERRERS}),
    Row("intake:mine", {"GET": REFERRERS}),
    Row("intake:priority-list-upload", {"GET": REFERRERS, "POST": REFERRERS}),
    Row(
        "intake:supply",
        # Only the referrer (the scenario's referral was made by the own organisation's
        # partner professional).
        {"GET": own_org(Role.PARTNER_PROFESSIONAL), "POST": own_org(Role.PARTNER_PROFESSIONAL)},
        kwargs=lambda s: {"referral_id": s.referral.id},
    ),
    Row(
        "intake:keep",
        {"GET": both_orgs(Role.PROCESS_COORDINATOR), "POST": both_orgs(Role.PROCESS_COORDINATOR)},
        kwargs=lambda s: {"referral_id": s.referral.id},
    ),
    Row(
        "intake:forward",
        {"GET": both_orgs(Role.PROCESS_COORDINATOR), "POST": both_orgs(Role.PROCESS_COORDINATOR)},
        kwargs=lambda s: {"referral_id": s.referral.id},
    ),
    # --- triage: house staff see the dashboard; only the process coordinator plans and decides.
    Row("triage:dashboard", {"GET": both_orgs(*HOUSE_STAFF)}),
    # Every user gets their own list: staff all sessions, participants the open ones they sit at.
    # Only partner professionals take part in triage; other roles have no door (decision 0152).
    Row("triage:sessions", {"GET": both_orgs(*HOUSE_STAFF, Role.PARTNER_PROFESSIONAL)}),
    Row("triage:session-create", {"GET": TRIAGE_DECIDERS, "POST": TRIAGE_DECIDERS}),
    Row(
        "triage:session",
        # The own organisation takes part in the scenario's open session: its partner
        # professionals see the agenda while it is open (no other role of it: decision 0152);
        # house staff always.
        {"GET": both_orgs(*HOUSE_STAFF) | own_org(Role.PARTNER_PROFESSIONAL)},
        kwargs=lambda s: {"session_id": s.triage_session.id},
    ),
    Row(
        "triage:session-participants",
        {"GET": TRIAGE_DECIDERS, "POST": TRIAGE_DECIDERS},
        kwargs=lambda s: {"session_id": s.triage_session.id},
    ),
    Row(
        "triage:agenda-build",
        {"POST": TRIAGE_DECIDERS},
        kwargs=lambda s: {"session_id": s.triage_session.id},
    ),
    # A POST without the confirm button only shows the question again.
    Row(
        "triage:session-close",
        {"GET": TRIAGE_DECIDERS, "POST": TRIAGE_DECIDERS},
        kwargs=lambda s: {"session_id": s.triage_session.id},
    ),
    Row(
        "triage:decide",
        {"GET": TRIAGE_DECIDERS, "POST": TRIAGE_DECIDERS},
        kwargs=lambda s: {"referral_id": s.agenda_referral.id},
    ),
    # From the referral's page; a post without a session is refused with a message.
    Row(
        "triage:agenda-add",
        {"POST": TRIAGE_DECIDERS},
        kwargs=lambda s: {"referral_id": s.referral.id},
    ),
    # --- triage configuration: the functional administrator of the house.
    Row("triage-config:index", {"GET": TRIAGE_CONFIGURERS}),
    Row("triage-config:settings", {"GET": TRIAGE_CONFIGURERS, "POST": TRIAGE_CONFIGURERS}),
    Row(
        "triage-config:criterion-create",
        {"GET": TRIAGE_CONFIGURERS, "POST": TRIAGE_CONFIGURERS},
    ),
    Row(
        "triage-config:criterion-edit",
        {"GET": TRIAGE_CONFIGURERS, "POST": TRIAGE_CONFIGURERS},
        kwargs=lambda s: {"criterion_id": s.local_criterion.id},
    ),
    Row(
        "triage-config:criterion-deactivate",
        {"POST": TRIAGE_CONFIGURERS},
        kwargs=lambda s: {"criterion_id": s.local_criterion.id},
    ),
    Row(
        "triage-config:criterion-activate",
        {"POST": TRIAGE_CONFIGURERS},
        kwargs=lambda s: {"criterion_id": s.local_criterion.id},
    ),
    Row("triage-config:table-create", {"GET": TRIAGE_CONFIGURERS, "POST": TRIAGE_CONFIGURERS}),
    Row(
        "triage-config:table-edit",
        {"GET": TRIAGE_CONFIGURERS, "POST": TRIAGE_CONFIGURERS},
        kwargs=lambda s: {"table_id": s.triage_table.id},
    ),
]

# --- case configuration: the functional administrator of the house, nobody else. --------------
CASE_CONFIGURERS = both_orgs(Role.FUNCTIONAL_ADMIN)
CASE_CONFIG_FORM = {"GET": CASE_CONFIGURERS, "POST": CASE_CONFIGURERS}
ROWS += [
    Row("case-config:index", {"GET": CASE_CONFIGURERS}),
    Row("case-config:settings", CASE_CONFIG_FORM),
    Row("case-config:theme-create", CASE_CONFIG_FORM),
    Row(
        "case-config:theme-edit",
        CASE_CONFIG_FORM,
        kwargs=lambda s: {"theme_id": s.theme.id},
    ),
    *(
        Row(
            f"case-config:theme-{verb}",
            {"POST": CASE_CONFIGURERS},
            kwargs=lambda s: {"theme_id": s.theme.id},
        )
        for verb in ("deactivate", "activate")
    ),
    Row("case-config:criterion-create", CASE_CONFIG_FORM),
    Row(
        "case-config:criterion-edit",
        CASE_CONFIG_FORM,
        kwargs=lambda s: {"criterion_id": s.step_down_criterion.id},
    ),
    *(
        Row(
            f"case-config:criterion-{verb}",
            {"POST": CASE_CONFIGURERS},
            kwargs=lambda s: {"criterion_id": s.step_down_criterion.id},
        )
        for verb in ("deactivate", "activate")
    ),
]

# --- cases: house staff see every case of the house; a partner professional only the cases
# their organisation takes part in (the scenario's case: the own organisation). Roles, status,
# participants and the justice response are for house staff (Function.MANAGE_CASES). Posts go
# through the forms: the second allowed actor meets a stale version or a refusal (still < 500).
CASE_VIEWERS = both_orgs(*HOUSE_STAFF, Role.PARTNER_PROFESSIONAL)
CASE_READERS = both_orgs(*HOUSE_STAFF) | own_org(Role.PARTNER_PROFESSIONAL)
CASE_MANAGERS = {"GET": both_orgs(*HOUSE_STAFF), "POST": both_orgs(*HOUSE_STAFF)}


def _case(scenario: Any) -> dict[str, Any]:
    return {"case_id": scenario.case.id}


def _case_note(scenario: Any) -> dict[str, Any]:
    import uuid

    from django.utils import timezone

    today = timezone.localdate().isoformat()
    return {
        "item_id": str(uuid.uuid4()),
        "contact_date": today,
        "text": "M",
        "category": "general",
        "legal_basis": str(scenario.legal_basis.id),
        "purpose": "coordination",
    }


ROWS += [
    Row("cases:list", {"GET": CASE_VIEWERS}),
    Row("cases:export", {"GET": CASE_VIEWERS}),
    # The form posts its term (a BSN stays out of URLs); a GET shows the empty form.
    Row(
        "cases:search",
        {"GET": CASE_VIEWERS, "POST": CASE_VIEWERS},
        post_data=lambda s: {"q": s.person.surname},
    ),
    Row("cases:detail", {"GET": CASE_READERS}, kwargs=_case),
    Row(
        "cases:note-add",
        {"POST": CASE_READERS},
        kwargs=_case,
        post_data=_case_note,
    ),
    Row(
        "cases:details",
        CASE_MANAGERS,
        kwargs=_case,
        post_data=lambda s: {"version": 1, "case_type": "system"},
    ),
    Row("cases:roles", CASE_MANAGERS, kwargs=_case),
    Row(
        "cases:status",
        CASE_MANAGERS,
        kwargs=_case,
        post_data=lambda s: {"version": 1, "to_status": "plan_in_preparation"},
    ),
    Row("cases:close", CASE_MANAGERS, kwargs=_case),
    # The scenario's case is open: reopening it is refused with a message.
    Row(
        "cases:reopen",
        CASE_MANAGERS,
        kwargs=_case,
        post_data=lambda s: {"version": 1, "reason": "M"},
    ),
    Row(
        "cases:justice-response",
        CASE_MANAGERS,
        kwargs=_case,
        post_data=lambda s: {"version": 1, "requested_justice_response": "M"},
    ),
    Row(
        "cases:participant-add",
        CASE_MANAGERS,
        kwargs=_case,
        post_data=lambda s: {"version": 1, "organisation": s.organisation.id, "reason": "M"},
    ),
    Row(
        "cases:participant-end",
        CASE_MANAGERS,
        kwargs=lambda s: {"case_id": s.case.id, "participant_id": s.case_participant.id},
        post_data=lambda s: {"version": 1, "reason": "M"},
    ),
]

# --- plans: the plan is case content (CASE_READERS); goals, the content of agreements and
# cancelling them are for house staff; the process coordinator sets the plan; done / not
# delivered is reported by house staff or the owning organisation (the scenario's agreement:
# the own organisation's partner professional). Posts go through the forms: the second allowed
# actor meets an unchanged plan, a stale version or a closed agreement (still < 500).
PLAN_SETTERS = both_orgs(Role.PROCESS_COORDINATOR)
AGREEMENT_REPORTERS = both_orgs(*HOUSE_STAFF) | own_org(Role.PARTNER_PROFESSIONAL)


def _agreement(scenario: Any) -> dict[str, Any]:
    return {"case_id": scenario.case.id, "agreement_id": scenario.agreement.id}


def _plan_version(scenario: Any) -> int:
    from zvh.plans.models import Plan

    return Plan.objects.get(case=scenario.case).version


def _agreement_data(scenario: Any) -> dict[str, Any]:
    import uuid
    from datetime import timedelta

    from django.utils import timezone

    return {
        "agreement_id": str(uuid.uuid4()),
        "version": 1,
        "what": "M",
        "domain": "care",
        "owner": scenario.agreement.owner_user_id,
        "due_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
    }


ROWS += [
    Row("plans:plan", {"GET": CASE_READERS}, kwargs=_case),
    Row(
        "plans:goals",
        CASE_MANAGERS,
        kwargs=_case,
        post_data=lambda s: {"version": _plan_version(s), "housing": "M"},
    ),
    Row(
        "plans:set",
        {"GET": PLAN_SETTERS, "POST": PLAN_SETTERS},
        kwargs=_case,
        post_data=lambda s: {"revision": 3},
    ),
    Row(
        "plans:version",
        {"GET": CASE_READERS},
        kwargs=lambda s: {"case_id": s.case.id, "number": 1},
    ),
    # The set plan as a PDF: an audited export.
    Row("plans:export", {"GET": CASE_READERS}, kwargs=_case),
    Row(
        "plans:agreement-create",
        CASE_MANAGERS,
        kwargs=_case,
        post_data=_agreement_data,
    ),
    Row(
        "plans:agreement-edit",
        CASE_MANAGERS,
        kwargs=_agreement,
        post_data=_agreement_data,
    ),
    Row(
        "plans:agreement-complete",
        {"GET": AGREEMENT_REPORTERS, "POST": AGREEMENT_REPORTERS},
        kwargs=_agreement,
        post_data=lambda s: {"version": 1, "note": "M"},
    ),
    Row(
        "plans:agreement-not-delivered",
        {"GET": AGREEMENT_REPORTERS, "POST": AGREEMENT_REPORTERS},
        kwargs=_agreement,
        post_data=lambda s: {"version": 1, "note": "M"},
    ),
    Row(
        "plans:agreement-cancel",
        CASE_MANAGERS,
        kwargs=_agreement,
        post_data=lambda s: {"version": 1, "note": "M"},
    ),
    # "My work" is for the roles that have cases, agreements or delivery figures to show; it
    # shows only what concerns them (its audit event and its leak tests are in tests/plans).
    # The delivery view shows figures per organisation only.
    # Every role with work of its own (decision 0179): the case workers, the bestuurder
    # (escalations raised to them), the privacy officer and the functional administrator.
    Row(
        "work:mine",
        {
            "GET": CASE_VIEWERS
            | both_orgs(Role.ADMINISTRATOR, Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN)
        },
    ),
    Row("work:delivery", {"GET": both_orgs(Role.CHAIN_MANAGER)}, redirects=True),
]

# --- conferences: house staff see every conference of the house; a partner professional only
# those they are invited to (the scenario invites the own organisation's professional), and of
# those only the agenda items of cases their organisation takes part in. Planning is for house
# staff (Function.PLAN_CONFERENCES). Posts without a valid body or without the confirm button
# change nothing; the scenario's agenda item has minutes, so it cannot be removed.
CONFERENCE_VIEWERS = both_orgs(*HOUSE_STAFF, Role.PARTNER_PROFESSIONAL)
CONFERENCE_READERS = both_orgs(*HOUSE_STAFF) | own_org(Role.PARTNER_PROFESSIONAL)
CONFERENCE_PLANNERS = {"GET": both_orgs(*HOUSE_STAFF), "POST": both_orgs(*HOUSE_STAFF)}
COVENANT_MANAGERS = both_orgs(Role.CHAIN_MANAGER)


def _conference(scenario: Any) -> dict[str, Any]:
    return {"conference_id": scenario.conference.id}


def _conference_item(scenario: Any) -> dict[str, Any]:
    return {"conference_id": scenario.conference.id, "item_id": scenario.conference_item.id}


ROWS += [
    Row("conferences:list", {"GET": CONFERENCE_VIEWERS}),
    Row("conferences:export", {"GET": CONFERENCE_VIEWERS}),
    Row("conferences:create", CONFERENCE_PLANNERS),
    Row(
        "conferences:declarations",
        {"GET": COVENANT_MANAGERS, "POST": COVENANT_MANAGERS},
    ),
    Row(
        "conferences:detail",
        {"GET": CONFERENCE_READERS},
        kwargs=_conference,
    ),
    Row("conferences:accept", {"POST": CONFERENCE_READERS}, kwargs=_conference),
    Row("conferences:edit", CONFERENCE_PLANNERS, kwargs=_conference),
    Row("conferences:invitees", CONFERENCE_PLANNERS, kwargs=_conference),
    Row("conferences:agenda", CONFERENCE_PLANNERS, kwargs=_conference),
    Row("conferences:send", {"POST": both_orgs(*HOUSE_STAFF)}, kwargs=_conference),
    Row("conferences:close", CONFERENCE_PLANNERS, kwargs=_conference),
    Row("conferences:cancel", CONFERENCE_PLANNERS, kwargs=_conference),
    Row(
        "conferences:item",
        CONFERENCE_PLANNERS,
        kwargs=_conference_item,
    ),
    Row(
        "conferences:item-remove",
        {"POST": both_orgs(*HOUSE_STAFF)},
        kwargs=_conference_item,
    ),
    Row(
        "conferences:decision-create",
        CONFERENCE_PLANNERS,
        kwargs=_conference_item,
    ),
    # The conference API (conferences/api.py): the same audiences as the pages.
    Row(
        "conferences-api:list",
        {"GET": CONFERENCE_VIEWERS, "POST": both_orgs(*HOUSE_STAFF)},
        api=True,
    ),
    Row("conferences-api:detail", {"GET": CONFERENCE_READERS}, kwargs=_conference, api=True),
    Row(
        "conferences-api:invitees",
        {"PUT": both_orgs(*HOUSE_STAFF)},
        kwargs=_conference,
        api=True,
    ),
    Row(
        "conferences-api:declaration",
        {"POST": CONFERENCE_READERS},
        kwargs=_conference,
        api=True,
    ),
    Row(
        "conferences-api:minutes",
        {"PUT": both_orgs(*HOUSE_STAFF)},
        kwargs=_conference_item,
        api=True,
    ),
    Row(
        "conferences-api:decision-create",
        {"POST": both_orgs(*HOUSE_STAFF)},
        kwargs=_conference_item,
        api=True,
    ),
    # --- covenants: the chain manager of the house.
    Row("covenants:list", {"GET": COVENANT_MANAGERS}),
    Row("covenants:create", {"GET": COVENANT_MANAGERS, "POST": COVENANT_MANAGERS}),
    Row(
        "covenants:edit",
        {"GET": COVENANT_MANAGERS, "POST": COVENANT_MANAGERS},
        kwargs=lambda s: {"covenant_id": s.covenant.id},
    ),
    Row(
        "covenants:document",
        {"GET": COVENANT_MANAGERS},
        kwargs=lambda s: {"covenant_id": s.covenant.id},
    ),
]

# --- escalations: proposed by whoever sees the case, raised by house staff; the inbox and one
# escalation for house staff and the administrator, who sees exactly the escalations raised to
# them (the scenario's: the own organisation's administrator) and answers them alone.
ESCALATION_READERS = both_orgs(*HOUSE_STAFF) | own_org(Role.ADMINISTRATOR)


def _escalation(scenario: Any) -> dict[str, Any]:
    return {"escalation_id": scenario.escalation.id}


ROWS += [
    # The former step-down page sends house staff on to the one closing form.
    Row("cases:step-down", {"GET": both_orgs(*HOUSE_STAFF)}, kwargs=_case, redirects=True),
    Row(
        "cases:escalation-propose",
        {"GET": CASE_READERS, "POST": CASE_READERS},
        kwargs=_case,
        post_data=lambda s: {
            "escalation_id": "00000000-0000-4000-8000-000000000002",
            "reason": "other",
            "explanation": "M",
        },
    ),
    # The scenario's escalation is already raised to an administrator: raising is refused.
    Row(
        "cases:escalation-raise",
        CASE_MANAGERS,
        kwargs=lambda s: {"case_id": s.case.id, "escalation_id": s.escalation.id},
        post_data=lambda s: {"addressee": s.escalation.addressee_id},
    ),
    Row(
        "cases:escalation-list",
        {"GET": both_orgs(*HOUSE_STAFF, Role.ADMINISTRATOR)},
    ),
    Row(
        "cases:escalation-detail",
        {"GET": ESCALATION_READERS},
        kwargs=_escalation,
    ),
    Row(
        "cases:escalation-respond",
        {"POST": own_org(Role.ADMINISTRATOR)},
        kwargs=_escalation,
        post_data=lambda s: {"response": "M", "resolved": "yes"},
    ),
    Row("notifications:list", {"GET": EVERYONE}),
    Row("notifications:mark-read", {"POST": EVERYONE}),
    Row("notifications:preferences", {"GET": EVERYONE, "POST": EVERYONE}),
]

ROWS += [
    # A review of the case: house staff. The post lacks the progress, so it is refused with a
    # message and nothing is written.
    Row(
        "cases:review",
        CASE_MANAGERS,
        kwargs=_case,
        post_data=lambda s: {"review_id": "00000000-0000-4000-8000-000000000001"},
    ),
]


# --- lawful sharing: an item's attachment and release go with the case (the release only for
# the contributing organisation: the own organisation's users who see it); consent is for
# house staff; the category rules and legal bases are the functional administrator's.
def _item(scenario: Any) -> dict[str, Any]:
    return {"case_id": scenario.case.id, "item_id": scenario.item.id}


ROWS += [
    Row("sharing:item-attachment", {"GET": CASE_READERS}, kwargs=_item),
    Row(
        "sharing:item-release",
        {"POST": own_org(Role.PARTNER_PROFESSIONAL, *HOUSE_STAFF)},
        kwargs=_item,
        post_data=lambda s: {"organisation": s.case_participant.organisation_id},
    ),
    Row(
        "sharing:consents",
        CASE_MANAGERS,
        kwargs=_case,
        post_data=lambda s: {"person": s.person.id},
    ),
    Row(
        "sharing:consent-withdraw",
        {"POST": both_orgs(*HOUSE_STAFF)},
        kwargs=lambda s: {"case_id": s.case.id, "consent_id": s.consent.id},
    ),
    # The API posts nothing valid (no body): a 400, never a write.
    Row(
        "sharing:api-items",
        {"GET": CASE_READERS, "POST": CASE_READERS},
        kwargs=_case,
        api=True,
    ),
    Row("sharing:config", ADMIN_FORM),
    Row("sharing:legal-basis-create", ADMIN_FORM),
    Row(
        "sharing:legal-basis-edit",
        ADMIN_FORM,
        kwargs=lambda s: {"legal_basis_id": s.legal_basis.id},
    ),
]

# --- retention terms: the chain manager of the house. A valid confirmation: the second
# chain manager of the same house then meets a stale version (409).
RETENTION_MANAGERS = both_orgs(Role.CHAIN_MANAGER)


def _retention_terms(scenario: Any) -> dict[str, Any]:
    from zvh.retention.models import DEFAULT_MONTHS

    return {
        **{f"months_{kind}": months for kind, months in DEFAULT_MONTHS.items()},
        **{f"version_{kind}": 0 for kind in DEFAULT_MONTHS},
        "confirm": "on",
    }


ROWS += [
    Row("retention:terms", {"GET": RETENTION_MANAGERS}),
    Row(
        "retention:edit",
        {"GET": RETENTION_MANAGERS, "POST": RETENTION_MANAGERS},
        post_data=_retention_terms,
    ),
]

# --- case work through the API (cases-api, plans-api): the same audiences as the pages, over
# JSON. The matrix sends an empty body, which an allowed caller meets as a 400 (nothing is
# written); the audit rows post a valid one. Tokens are tested in tests/api.
CASE_STAFF = both_orgs(*HOUSE_STAFF)

ROWS += [
    Row("cases-api:case-list", {"GET": CASE_VIEWERS}, api=True),
    Row("cases-api:case-detail", {"GET": CASE_READERS}, kwargs=_case, api=True),
    Row("cases-api:review-create", {"POST": CASE_STAFF}, kwargs=_case, api=True),
    Row("cases-api:step-down-propose", {"POST": CASE_STAFF}, kwargs=_case, api=True),
    Row(
        "cases-api:step-down",
        {"GET": CASE_STAFF, "POST": CASE_STAFF},
        kwargs=_case,
        api=True,
    ),
    Row("cases-api:close", {"POST": CASE_STAFF}, kwargs=_case, api=True),
    Row(
        "cases-api:escalation-propose",
        {"POST": CASE_READERS},
        kwargs=_case,
        post_data=lambda s: {"reason": "other", "explanation": "M"},
        api=True,
    ),
    Row(
        "cases-api:escalation-raise",
        {"POST": CASE_STAFF},
        kwargs=lambda s: {"case_id": s.case.id, "escalation_id": s.escalation.id},
        api=True,
    ),
    Row(
        "cases-api:escalation-detail",
        {"GET": ESCALATION_READERS},
        kwargs=_escalation,
        api=True,
    ),
    Row(
        "cases-api:escalation-respond",
        {"POST": own_org(Role.ADMINISTRATOR)},
        kwargs=_escalation,
        api=True,
    ),
    Row("plans-api:plan", {"GET": CASE_READERS}, kwargs=_case, api=True),
    Row("plans-api:agreement-create", {"POST": CASE_STAFF}, kwargs=_case, api=True),
    Row("plans-api:agreement-update", {"PATCH": CASE_STAFF}, kwargs=_agreement, api=True),
    Row(
        "plans-api:agreement-status",
        {"POST": AGREEMENT_REPORTERS},
        kwargs=_agreement,
        post_data=lambda s: {"version": 1, "status": "done", "note": "M"},
        api=True,
    ),
]

# --- data-subject requests: the privacy officer of the house, whatever their organisation. Every
# page names the person; a post that is refused (stale version, part already withheld, missing
# reason) comes back with a message, never a 500. The scenario's requests are opened (identity
# recorded, approved by a second person, 0154), so the content rows let the officers through;
# tests/security/test_subject_request_opening.py holds the same URLs for unopened requests: a
# 404 for everyone.
SUBJECT_REQUEST_OFFICERS = both_orgs(Role.PRIVACY_OFFICER)
SUBJECT_REQUEST_FORM = {"GET": SUBJECT_REQUEST_OFFICERS, "POST": SUBJECT_REQUEST_OFFICERS}
SUBJECT_REQUEST_POST = {"POST": SUBJECT_REQUEST_OFFICERS}


def _subject_request(scenario: Any) -> dict[str, Any]:
    return {"request_id": scenario.subject_request.id}


ROWS += [
    Row("subject_requests:dashboard", {"GET": SUBJECT_REQUEST_OFFICERS}),
    Row(
        "subject_requests:person-search",
        SUBJECT_REQUEST_FORM,
        post_data=lambda s: {"surname": s.person.surname},
    ),
    Row(
        "subject_requests:create",
        SUBJECT_REQUEST_FORM,
        kwargs=lambda s: {"person_id": s.person.id},
        post_data=lambda s: {
            "kind": "access",
            "received_on": s.subject_request.received_on.isoformat(),
            "received_via": "letter",
        },
    ),
    Row(
        "subject_requests:detail",
        {"GET": SUBJECT_REQUEST_OFFICERS},
        kwargs=_subject_request,
    ),
    Row(
        "subject_requests:status",
        SUBJECT_REQUEST_POST,
        kwargs=_subject_request,
        post_data=lambda s: {"version": 1, "action": "start"},
    ),
    Row(
        "subject_requests:extend",
        SUBJECT_REQUEST_POST,
        kwargs=_subject_request,
        post_data=lambda s: {"version": 1, "reason": "Matrix"},
    ),
    Row(
        "subject_requests:preview",
        {"GET": SUBJECT_REQUEST_OFFICERS},
        kwargs=_subject_request,
    ),
    Row(
        "subject_requests:withhold",
        SUBJECT_REQUEST_FORM,
        kwargs=_subject_request,
        post_data=lambda s: {
            "record": f"agreement:{s.agreement.id}",
            "ground": "rights_of_others",
            "explanation": "Matrix",
        },
    ),
    Row(
        "subject_requests:withholding-lift",
        SUBJECT_REQUEST_POST,
        kwargs=lambda s: {
            "request_id": s.subject_request.id,
            "withholding_id": s.withholding.id,
        },
    ),
    # The export itself (PDF + JSON in a ZIP), an audited act.
    Row(
        "subject_requests:export",
        SUBJECT_REQUEST_POST,
        kwargs=_subject_request,
    ),
    # Without a reason the correction is refused with a message; nothing changes.
    Row(
        "subject_requests:correction",
        SUBJECT_REQUEST_FORM,
        kwargs=lambda s: {"request_id": s.rectification_request.id},
        post_data=lambda s: {"surname": "Matrix"},
    ),
]

# --- transfer to another house: house staff only. The scenario's transfers involve a third
# house without matrix users: the incoming one (from there to the own house) is what the
# detail, accept and refuse rows open; the outgoing one (from the own house, for a case of its
# own) is what the withdraw row takes back. The first allowed actor accepts, refuses or
# withdraws; the next ones meet a decided request (a message, still < 500). The scenario's case
# is on a planned conference agenda, so a request for it is refused with a message.
TRANSFER_STAFF = both_orgs(*HOUSE_STAFF)


def _incoming_transfer(scenario: Any) -> dict[str, Any]:
    return {"transfer_id": scenario.incoming_transfer.id}


ROWS += [
    Row(
        "cases:transfer-request",
        CASE_MANAGERS,
        kwargs=_case,
        post_data=lambda s: {
            "transfer_id": "00000000-0000-4000-8000-000000000003",
            "to_house": s.incoming_transfer.from_house_id,
            "reason": "residence_changed",
            "explanation": "M",
        },
    ),
    Row("cases:transfer-list", {"GET": TRANSFER_STAFF}),
    Row(
        "cases:transfer-detail",
        {"GET": TRANSFER_STAFF},
        kwargs=_incoming_transfer,
    ),
    Row(
        "cases:transfer-accept",
        {"POST": TRANSFER_STAFF},
        kwargs=_incoming_transfer,
        post_data=lambda s: {
            "accept-version": 1,
            "accept-process_coordinator": s.transfer_coordinator.pk,
        },
    ),
    Row(
        "cases:transfer-refuse",
        {"POST": TRANSFER_STAFF},
        kwargs=_incoming_transfer,
        post_data=lambda s: {"refuse-version": 1, "refuse-reason": "M"},
    ),
    Row(
        "cases:transfer-withdraw",
        {"POST": TRANSFER_STAFF},
        kwargs=lambda s: {"transfer_id": s.outgoing_transfer.id},
        post_data=lambda s: {"withdraw-version": 1},
    ),
]


# Four eyes on role grants (decision 0153). Any functional administrator or chain manager
# reaches the list (the chain manager sees grants only where the house has no other
# administrator); a proposal is decided by a different administrator of its house.
def _pending_role_grant(scenario: Any) -> dict[str, Any]:
    """A proposal for the managed user by an administrator who is none of the matrix's users,
    so that both own-house administrators may decide it; the chain manager may not, since
    the house has other administrators. Made once per scenario."""
    house = scenario.case.house
    grant = RoleGrant.objects.filter(user=scenario.managed_user, house=house).first()
    if grant is None:
        proposer = UserFactory(organisation=scenario.managed_user.organisation)
        MembershipFactory(user=proposer, house=house, role=Role.FUNCTIONAL_ADMIN)
        grant = RoleGrant.objects.create(
            user=scenario.managed_user,
            house=house,
            role=Role.PRIVACY_OFFICER,
            proposed_by=proposer,
            proposed_at=timezone.now(),
        )
    return {"grant_id": grant.id}


ROWS += [
    Row(
        "network:role-grant-list",
        {"GET": both_orgs(Role.FUNCTIONAL_ADMIN, Role.CHAIN_MANAGER)},
    ),
    # Without a decision the post changes nothing (a Dutch message), so every allowed actor
    # finds the proposal still waiting; tests/network/test_role_grants.py decides for real.
    Row("network:role-grant-decide", {"POST": ADMINS}, kwargs=_pending_role_grant),
]


# --- the four-eyes rule of data-subject requests (0154). The privacy officers record the
# identity check (the first one of the scenario's unchecked request; the next ones meet a
# recorded check: a message). Approving the opening: another privacy officer or the chain
# manager of the house, metadata only. The scenario's waiting request was registered by a desk
# officer outside the matrix, so every approver of the own house may approve; the first one does,
# the next ones meet an opened request (a message, still < 500).
SUBJECT_REQUEST_APPROVERS = both_orgs(Role.PRIVACY_OFFICER, Role.CHAIN_MANAGER)
ROWS += [
    Row(
        "subject_requests:identity",
        SUBJECT_REQUEST_POST,
        kwargs=lambda s: {"request_id": s.unidentified_request.id},
        post_data=lambda s: {
            "version": 1,
            "method": "desk_id",
            "checked_on": s.unidentified_request.received_on.isoformat(),
        },
    ),
    Row("subject_requests:approvals", {"GET": SUBJECT_REQUEST_APPROVERS}),
    Row(
        "subject_requests:approve",
        {"POST": SUBJECT_REQUEST_APPROVERS},
        kwargs=lambda s: {"request_id": s.unopened_request.id},
        post_data=lambda s: {"version": s.unopened_request.version},
    ),
]

# --- issue 11, part f: the mayor's briefing (every bestuurder of the house; which cases it
# shows is the briefing policy's business) and the co-financing calculator (the chain manager
# exact, the steering-group member suppressed).
ROWS += [
    Row("briefing:briefing", {"GET": both_orgs(Role.ADMINISTRATOR)}),
    Row(
        "cofinancing:calculator",
        {"GET": both_orgs(Role.CHAIN_MANAGER, Role.STEERING_GROUP_MEMBER)},
    ),
]

# --- issue 11, part e: the advice register (house staff who give advice) and the system-signal
# register (house staff record; the chain manager manages; the steering group reads those
# raised). The scenario's advice record and its signal (raised, so the steering group may open
# it) are made once per scenario. Posts: the first allowed actor saves, the next meet a stale
# version (409) or the same valid data again: still < 500.
ADVISERS = both_orgs(*HOUSE_STAFF)
SIGNAL_READERS = both_orgs(*HOUSE_STAFF, Role.STEERING_GROUP_MEMBER)
SIGNAL_MANAGERS = both_orgs(Role.CHAIN_MANAGER)


def _advice(scenario: Any) -> dict[str, Any]:
    house = scenario.case.house
    advice = Advice.objects.filter(house=house).first() or Advice.objects.create(
        house=house,
        requester_name="Huisartsenpraktijk",
        municipality=house.seat_municipality,
        topic=AdviceTopic.OTHER,
        given_on=timezone.localdate(),
        advice_text="Matrix",
        minutes=10,
    )
    return {"advice_id": advice.id}


def _signal(scenario: Any) -> dict[str, Any]:
    house = scenario.case.house
    today = timezone.localdate()
    signal = SystemSignal.objects.filter(house=house).first() or SystemSignal.objects.create(
        house=house,
        title="Matrix",
        description="Matrix",
        category=SignalCategory.RULES,
        found_on=today,
        status=SignalStatus.RAISED,
        addressee="Stuurgroep",
        raised_on=today,
    )
    return {"signal_id": signal.id}


def _advice_post(scenario: Any) -> dict[str, Any]:
    house = scenario.case.house
    return {
        "requester_name": "Huisartsenpraktijk",
        "municipality": str(house.seat_municipality_id),
        "topic": "other",
        "given_on": timezone.localdate().isoformat(),
        "advice_text": "Matrix",
        "minutes": "15",
        "version": "1",
    }


def _signal_post(scenario: Any) -> dict[str, Any]:
    return {
        "title": "Matrix",
        "description": "Matrix",
        "category": "rules",
        "found_on": timezone.localdate().isoformat(),
        "version": "1",
    }


ROWS += [
    Row("advice:list", {"GET": ADVISERS}),
    Row("advice:export", {"GET": ADVISERS}),
    Row("advice:create", {"GET": ADVISERS, "POST": ADVISERS}, post_data=_advice_post),
    Row("advice:detail", {"GET": ADVISERS}, kwargs=_advice),
    Row(
        "advice:edit",
        {"GET": ADVISERS, "POST": ADVISERS},
        kwargs=_advice,
        post_data=_advice_post,
    ),
    Row("system_signals:list", {"GET": SIGNAL_READERS}),
    Row("system_signals:export", {"GET": SIGNAL_READERS}),
    Row(
        "system_signals:create",
        {"GET": ADVISERS, "POST": ADVISERS},
        post_data=_signal_post,
    ),
    Row("system_signals:detail", {"GET": SIGNAL_READERS}, kwargs=_signal),
    Row(
        "system_signals:edit",
        {"GET": ADVISERS, "POST": ADVISERS},
        kwargs=_signal,
        post_data=_signal_post,
    ),
    Row(
        "system_signals:evidence",
        {"GET": SIGNAL_MANAGERS, "POST": SIGNAL_MANAGERS},
        kwargs=_signal,
        post_data=lambda s: {"version": "1", "case_numbers": s.case.number},
    ),
    Row(
        "system_signals:handle",
        {"GET": SIGNAL_MANAGERS, "POST": SIGNAL_MANAGERS},
        kwargs=_signal,
        post_data=lambda s: {
            "version": "1",
            "status": "raised",
            "addressee": "Stuurgroep",
            "raised_on": timezone.localdate().isoformat(),
        },
    ),
]

# --- issue 11, part g: the steering-group report (0170). The chain manager and the
# steering-group members of the house see the list and a final report (and its PDF); the chain
# manager generates (the matrix world has no data: an empty but valid snapshot), edits the
# narrative and sets a report. The report below is made final, once per scenario: an edit of it
# redirects with a message, and "vaststellen" again is refused with one (still < 500).
REPORT_READERS = both_orgs(Role.CHAIN_MANAGER, Role.STEERING_GROUP_MEMBER)
REPORT_MANAGERS = both_orgs(Role.CHAIN_MANAGER)


def _steering_report(scenario: Any) -> dict[str, Any]:
    house = scenario.case.house
    report = SteeringReport.objects.filter(house=house).first()
    if report is None:
        year = timezone.localdate().year - 1
        report = SteeringReport.objects.create(
            house=house,
            kind=ReportKind.YEAR,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            number=1,
            status=ReportStatus.FINAL,
            suppression_threshold=5,
            computed_at=timezone.now(),
            finalised_at=timezone.now(),
            generated_by=UserFactory(),
        )
    return {"report_id": report.id}


def _draft_report(scenario: Any) -> dict[str, Any]:
    """A draft: the narrative of a set report cannot be edited (its page redirects)."""
    house = scenario.case.house
    report = SteeringReport.objects.filter(house=house, status=ReportStatus.DRAFT).first()
    if report is None:
        year = timezone.localdate().year - 1
        numbers = SteeringReport.objects.filter(house=house).values_list("number", flat=True)
        report = SteeringReport.objects.create(
            house=house,
            kind=ReportKind.YEAR,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            number=max(numbers, default=0) + 1,
            status=ReportStatus.DRAFT,
            suppression_threshold=5,
            computed_at=timezone.now(),
            generated_by=UserFactory(),
        )
    return {"report_id": report.id}


ROWS += [
    Row("reports:list", {"GET": REPORT_READERS}),
    Row(
        "reports:create",
        {"GET": REPORT_MANAGERS, "POST": REPORT_MANAGERS},
        post_data=lambda s: {"kind": "year", "year": timezone.localdate().year - 1},
    ),
    Row("reports:detail", {"GET": REPORT_READERS}, kwargs=_steering_report),
    Row("reports:pdf", {"GET": REPORT_READERS}, kwargs=_steering_report),
    Row(
        "reports:edit",
        {"GET": REPORT_MANAGERS, "POST": REPORT_MANAGERS},
        kwargs=_draft_report,
        post_data=lambda s: {"version": 1, "summary": "Matrix"},
    ),
    Row(
        "reports:finalise",
        {"POST": REPORT_MANAGERS},
        kwargs=_steering_report,
        post_data=lambda s: {"version": 1},
    ),
]

# --- issue 11, part d: the house's figures (decision 0165). The figure pages: the chain manager
# (exact) and the steering-group member (suppressed); the list behind a number and the
# settings: the chain manager; the caseload figures: the process coordinator. The API: the same
# as the pages for sessions (tokens: tests/figures/test_api.py). A valid settings post by the
# first allowed actor bumps the version; the next one meets a stale version (a message, < 500).
FIGURE_VIEWERS = both_orgs(Role.CHAIN_MANAGER, Role.STEERING_GROUP_MEMBER)
ROWS += [
    Row("figures:index", {"GET": FIGURE_VIEWERS}),
    Row(
        "figures:group",
        {"GET": FIGURE_VIEWERS},
        kwargs=lambda s: {"group": "instroom"},
        house_free=True,
    ),
    Row("figures:list", {"GET": both_orgs(Role.CHAIN_MANAGER)}),
    Row("figures:caseload", {"GET": both_orgs(Role.PROCESS_COORDINATOR)}),
    Row(
        "figures:settings",
        {"GET": both_orgs(Role.CHAIN_MANAGER), "POST": both_orgs(Role.CHAIN_MANAGER)},
        post_data=lambda s: {
            "version": 1,
            "suppression_threshold": 5,
            "open_case_norm_days": 365,
            "mayor_briefing_names": "none",
        },
    ),
    Row("figures-api:index", {"GET": FIGURE_VIEWERS}, api=True),
    Row(
        "figures-api:group",
        {"GET": FIGURE_VIEWERS},
        kwargs=lambda s: {"group": "instroom"},
        api=True,
        house_free=True,
    ),
]


# --- issue 12: saved filters (decision 0180). Saving answers everyone (a list the user may not
# open is refused with a message); a saved filter is its owner's alone: the scenario's belongs
# to the process coordinator of the own organisation in the own house, everyone else gets 404.


def _saved_filter(scenario: Any) -> dict[str, Any]:
    from zvh.accounts.models import User
    from zvh.web.models import SavedFilter, SavedList

    owner = User.objects.get(username=f"{Role.PROCESS_COORDINATOR.value}-own-own")
    saved, _ = SavedFilter.objects.get_or_create(
        user=owner,
        house=scenario.case.house,
        name="Mijn open casussen",
        defaults={"list_key": SavedList.CASES, "query": "status=open"},
    )
    return {"saved_filter_id": saved.id}


ROWS += [
    Row("web:saved-filter-create", {"POST": EVERYONE}),
    Row(
        "web:saved-filter-open",
        {"GET": own_org(Role.PROCESS_COORDINATOR)},
        kwargs=_saved_filter,
        redirects=True,  # to its list
    ),
    Row(
        "web:saved-filter-delete",
        {"POST": own_org(Role.PROCESS_COORDINATOR)},
        kwargs=_saved_filter,
    ),
]


# --- issue 13: the national monitor (decision 0184). The national side: the national analyst
# (records of houses, no house objects: house_free); the house beside all houses: the chain
# manager. The records are made once, the first time a row asks for them.
NATIONAL_ANALYSTS = both_orgs(Role.NATIONAL_ANALYST)
MONITOR_YEAR = 2015


def _monitor_record(scenario: Any) -> str:
    found = NationalHouseRecord.objects.filter(year=MONITOR_YEAR).first()
    if found is not None:
        return found.house_code
    user = UserFactory(username="landelijk-importeur")
    now = timezone.now()
    made = MonitorImport.objects.create(
        year=MONITOR_YEAR,
        file_name="jaar.json",
        sha256="0" * 64,
        imported_by=user,
        imported_at=now,
        records_new=3,
        records_replaced=0,
    )
    for record in fictional_records(year=MONITOR_YEAR, count=3):
        NationalHouseRecord.objects.create(
            year=MONITOR_YEAR,
            house_code=record["id"],
            house_name=record["name"],
            record=json.loads(record_json(record)),
            format_version=1,
            record_hash="0" * 64,
            source_import=made,
            imported_at=now,
            imported_by=user,
        )
    return str(record["id"])


def _with_records(scenario: Any, **kwargs: Any) -> dict[str, Any]:
    """The URL's kwargs, once the year's records exist."""
    _monitor_record(scenario)
    return kwargs


ROWS += [
    Row("national_monitor:index", {"GET": NATIONAL_ANALYSTS}),
    Row(
        "national_monitor:import",
        {"GET": NATIONAL_ANALYSTS, "POST": NATIONAL_ANALYSTS},
        post_data=lambda s: {"year": MONITOR_YEAR},
    ),
    Row(
        "national_monitor:trends",
        {"GET": NATIONAL_ANALYSTS},
        kwargs=lambda s: _with_records(s),
        house_free=True,
    ),
    Row(
        "national_monitor:year",
        {"GET": NATIONAL_ANALYSTS},
        kwargs=lambda s: _with_records(s, year=MONITOR_YEAR),
        house_free=True,
    ),
    Row(
        "national_monitor:records",
        {"GET": NATIONAL_ANALYSTS},
        kwargs=lambda s: _with_records(s, year=MONITOR_YEAR),
        house_free=True,
    ),
    Row(
        "national_monitor:records-export",
        {"GET": NATIONAL_ANALYSTS},
        kwargs=lambda s: _with_records(s, year=MONITOR_YEAR),
        house_free=True,
    ),
    Row(
        "national_monitor:record",
        {"GET": NATIONAL_ANALYSTS},
        kwargs=lambda s: {"year": MONITOR_YEAR, "house_code": _monitor_record(s)},
        house_free=True,
    ),
    Row(
        "national_monitor:export",
        {"GET": NATIONAL_ANALYSTS},
        kwargs=lambda s: _with_records(s, year=MONITOR_YEAR, which="1", fmt="csv"),
        house_free=True,
    ),
    Row(
        "monitor:compare",
        {"GET": both_orgs(Role.CHAIN_MANAGER)},
        kwargs=lambda s: _with_records(s),
        house_free=True,
    ),
]

# --- issue 13: the house side of the national monitor (the chain manager, own house only). The
# scenario's house has an open questionnaire (MATRIX_YEAR) and a submitted one the year before
# (its export). Another house has neither year, so its users meet a 404 like everyone else.
MONITOR_KEEPERS = both_orgs(Role.CHAIN_MANAGER)
MATRIX_YEAR = 2024


def _monitor_year(scenario: Any) -> dict[str, Any]:
    house = scenario.case.house
    # Through its JSON: a record as stored (numbers, no decimals).
    record = json.loads(record_json(fictional_records(year=MATRIX_YEAR - 1, count=1)[0]))
    Questionnaire.objects.get_or_create(house=house, year=MATRIX_YEAR)
    Questionnaire.objects.get_or_create(
        house=house,
        year=MATRIX_YEAR - 1,
        defaults={"status": QuestionnaireStatus.SUBMITTED, "record": record},
    )
    return {"year": MATRIX_YEAR}


def _monitor_export(scenario: Any) -> dict[str, Any]:
    return {"year": _monitor_year(scenario)["year"] - 1}


def _monitor_answer(scenario: Any) -> dict[str, Any]:
    kwargs = _monitor_year(scenario)
    questionnaire = Questionnaire.objects.get(house=scenario.case.house, year=MATRIX_YEAR)
    Answer.objects.get_or_create(
        questionnaire=questionnaire,
        key="goal_statement",
        defaults={"provenance": Provenance.UNKNOWN},
    )
    return {**kwargs, "key": "goal_statement"}


ROWS += [
    Row("monitor:index", {"GET": MONITOR_KEEPERS}),
    Row("monitor:profile", {"GET": MONITOR_KEEPERS}),
    Row(
        "monitor:profile_edit",
        {"GET": MONITOR_KEEPERS, "POST": MONITOR_KEEPERS},
        post_data=lambda scenario: {
            "based_on": "0",
            "valid_from": timezone.localdate().isoformat(),
            "preparation_group": "yes",
        },
    ),
    Row(
        "monitor:year_start",
        {"POST": MONITOR_KEEPERS},
        post_data=lambda scenario: {"year": str(timezone.localdate().year)},
    ),
    Row("monitor:year", {"GET": MONITOR_KEEPERS}, kwargs=_monitor_year),
    Row(
        "monitor:answer_edit",
        {"GET": MONITOR_KEEPERS, "POST": MONITOR_KEEPERS},
        kwargs=_monitor_answer,
        post_data=lambda scenario: {"value": "neutral", "version": "1"},
    ),
    Row(
        "monitor:submit",
        {"POST": MONITOR_KEEPERS},
        kwargs=_monitor_year,
        post_data=lambda scenario: {"version": "1"},
    ),
    Row("monitor:export", {"GET": MONITOR_KEEPERS}, kwargs=_monitor_export),
]


def _outgoing_message(scenario: Any) -> dict[str, Any]:
    """A failed e-mail of the own house (decision 0187)."""
    from zvh.jobs.models import MessageStatus, OutgoingMessage

    house = scenario.case.house
    message = OutgoingMessage.objects.filter(house=house).first() or OutgoingMessage.objects.create(
        house=house,
        kind="signal_digest",
        recipient="matrix@example.org",
        subject="[ZVH] Matrix",
        body="Matrix",
        status=MessageStatus.FAILED,
        attempts=8,
        attempt_limit=8,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    return {"message_id": message.id}


ROWS += [
    # The house's waiting and failed e-mail: the functional administrator (decision 0187).
    Row("web:outbox", {"GET": ADMINS}),
    Row("web:outbox-retry", {"POST": ADMINS}, kwargs=_outgoing_message),
]
