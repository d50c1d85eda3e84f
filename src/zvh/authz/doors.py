"""Every door of the application in one table: which functions open each URL.

A door is what a user must hold to reach a view at all: one of its functions (any of them opens
it), or, for a page that shows no house data, only a login, or nothing (the login page). Which
rows the view then shows is the access policy's business (policy.py and the other *_policy
modules); a door that the policy narrows further for some holders says so in `narrowed`, which is
what the worst-case matrix (tests/security/test_worst_case_matrix.py) accepts as a 404.

The table is enforced in two places, both failing closed:
- the web: `zvh.web.door_middleware.DoorMiddleware` (a URL without a door is a 404);
- the API: `zvh.api.permissions.HasFunction`, because a partner application's token is only
  authenticated inside the DRF view.
tests/security/test_doors.py walks the URL resolver: a URL without a door, or a door without a
URL, fails it. The Django admin is outside the table (it has its own staff check).
API endpoints declared in the endpoint table (zvh/api/endpoints.py) bring their doors with
them: `register_doors` enters them when the URLconf is built (decision 0192).

See docs/decisions/0158.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from .functions import Function

F = Function


class Kind(StrEnum):
    FUNCTIONS = "functions"  # one of the door's functions opens it
    LOGIN_ONLY = "login_only"  # any user logged in with both factors: pages without house data
    PUBLIC = "public"  # anyone, logged in or not
    APPLICATIONS = "applications"  # partner applications only (an API token); a session gets 404


@dataclass(frozen=True, eq=False)
class Door:
    kind: Kind
    functions: frozenset[Function] = frozenset()
    # A method that needs other functions than the rest of the URL (none does yet).
    methods: Mapping[str, frozenset[Function]] = field(default_factory=dict)
    # Why a door needs no function (LOGIN_ONLY, PUBLIC, APPLICATIONS).
    reason: str = ""
    # Set when the access policy lets only some holders of the functions through (the referrer,
    # the addressee): those others meet a 404 even where everyone takes part in everything.
    narrowed: str = ""
    # What a denial is recorded as: "function:<name>" (one function) or "door:<url name>".
    denial_object_type: str = ""
    # Also open to a partner application's token (its scope is checked by the API view): an
    # interface that both the holders of the functions and applications use (the BI API).
    applications: bool = False

    def functions_for(self, method: str) -> frozenset[Function]:
        return self.methods.get(method, self.functions)


def door(
    *functions: Function,
    narrowed: str = "",
    applications: bool = False,
    **methods: frozenset[Function],
) -> Door:
    """Opened by any of `functions`; `POST=frozenset({...})` gives one method other functions;
    `applications=True` also lets a partner application's token through (API views only)."""
    if not functions:
        raise ValueError("a door with functions needs at least one")
    return Door(
        kind=Kind.FUNCTIONS,
        functions=frozenset(functions),
        methods=MappingProxyType(dict(methods)),
        narrowed=narrowed,
        applications=applications,
    )


def login_only(reason: str, *, narrowed: str = "") -> Door:
    """Any user logged in with both factors: only for a page that shows no house data;
    `narrowed` where the page serves only some of them (the user's own row)."""
    return Door(kind=Kind.LOGIN_ONLY, reason=_required(reason), narrowed=narrowed)


def public(reason: str) -> Door:
    return Door(kind=Kind.PUBLIC, reason=_required(reason))


def applications_only(reason: str) -> Door:
    return Door(kind=Kind.APPLICATIONS, reason=_required(reason))


def _required(reason: str) -> str:
    if not reason.strip():
        raise ValueError("a door without functions says why")
    return reason


# Row-level narrowings, shared by the web page and its API twin.
ONLY_OWNER = "only the user who saved it; anyone else meets a 404"
ONLY_REFERRER = "only the referrer (and colleagues of the referring organisation) supplies"
ONLY_ADDRESSEE = "only the user the escalation was raised to answers it"

_APPLICATION = (
    "an interface for partner applications: an API token with the view's scope; a person "
    "logged in with a browser has nothing to do here"
)

_DOORS: dict[str, Door] = {
    # --- logging in and out, language, the API contract ---------------------------------------
    "accounts:login": public("the login page itself"),
    "accounts:enrol": public(
        "first-login enrolment of the second factor: reached before the login is complete; "
        "without a pending enrolment in the session it sends back to the login page"
    ),
    "accounts:second_factor": public(
        "the TOTP code after a single sign-on without a second factor: reached before the "
        "login is complete; without such a login it sends back to the login page"
    ),
    "accounts:logout": public(
        "ends whatever session there is (a half-finished login too) and shows nothing"
    ),
    "set_language": public("stores the chosen language in a cookie and shows nothing"),
    "api-schema": public("the published OpenAPI contract: describes endpoints, holds no data"),
    # --- probes and metrics (decision 0189) ----------------------------------------------------
    "healthz": public("the container platform's liveness probe: says ok and nothing else"),
    "readyz": public(
        "the readiness probe: ok or failing per check name, no detail; the platform asks it "
        "without a login"
    ),
    "metrics": public(
        "Prometheus metrics: the view itself answers only the monitoring's bearer token "
        "(ZVH_METRICS_TOKEN) and gives everyone else a 404"
    ),
    # Single sign-on: only routed when ZVH_OIDC_ENABLED (tests/accounts/urls_oidc.py).
    "oidc_authentication_init": public("single sign-on: off to the identity provider"),
    "oidc_authentication_callback": public("single sign-on: back from the identity provider"),
    # --- pages of one's own --------------------------------------------------------------------
    "web:home": login_only(
        "the start page: the user's own name and the covenant warnings, which are gated by "
        "MANAGE_COVENANTS themselves and name organisations, not persons; the sections of a "
        "role (issue 11: counts of the house's work, no persons) are gated by that role"
    ),
    "notifications:list": login_only(
        "the user's own notifications, which name no person (notifications.services.notify)"
    ),
    "notifications:mark-read": login_only("marks the user's own notifications read"),
    "notifications:preferences": login_only("the user's own notification preferences"),
    # "My work" lists what waits for the user (decision 0179): the cases one coordinates and
    # the agreements one owns, the delivery figures, escalations raised to one, the house's
    # subject requests, role grants to decide and refused imports. Each section comes from the
    # policy's queryset of its own function, so the door is any of those functions.
    "work:mine": door(
        F.VIEW_CASES,
        F.VIEW_DELIVERY,
        F.VIEW_ESCALATIONS,
        F.HANDLE_SUBJECT_REQUESTS,
        F.MANAGE_USERS,
    ),
    # Saved filters (decision 0180): the user's own, in the own house; any other is a 404. The
    # service refuses a list the user may not open, and the list's own door guards its rows.
    "web:saved-filter-create": login_only("saves the user's own filter of a list they may open"),
    "web:saved-filter-open": login_only(
        "the user's own saved filter: a link to its list", narrowed=ONLY_OWNER
    ),
    "web:saved-filter-delete": login_only(
        "deletes the user's own saved filter", narrowed=ONLY_OWNER
    ),
    "work:delivery": door(F.VIEW_DELIVERY),
    # --- persons -------------------------------------------------------------------------------
    "people:list": door(F.VIEW_PEOPLE),
    "people:export": door(F.VIEW_PEOPLE),
    "people:create": door(F.REGISTER_PERSON),
    "people:detail": door(F.VIEW_PEOPLE),
    # --- the house's network -------------------------------------------------------------------
    "network:house": door(F.MANAGE_REFERENCE_DATA),
    "network:import": door(F.MANAGE_REFERENCE_DATA),
    "network:organisation-list": door(F.MANAGE_REFERENCE_DATA),
    "network:organisation-create": door(F.MANAGE_REFERENCE_DATA),
    "network:organisation-edit": door(F.MANAGE_REFERENCE_DATA),
    "network:partner-add": door(F.MANAGE_REFERENCE_DATA),
    "network:partnership-end": door(F.MANAGE_REFERENCE_DATA),
    "network:municipality-list": door(F.MANAGE_REFERENCE_DATA),
    "network:municipality-add": door(F.MANAGE_REFERENCE_DATA),
    "network:municipality-edit": door(F.MANAGE_REFERENCE_DATA),
    "network:municipality-remove": door(F.MANAGE_REFERENCE_DATA),
    "network:user-list": door(F.MANAGE_USERS),
    "web:outbox": door(F.MANAGE_OUTGOING_MAIL),
    "web:outbox-retry": door(F.MANAGE_OUTGOING_MAIL),
    "network:user-create": door(F.MANAGE_USERS),
    "network:user-edit": door(F.MANAGE_USERS),
    "network:user-password": door(F.MANAGE_USERS),
    "network:user-deactivate": door(F.MANAGE_USERS),
    "network:user-reactivate": door(F.MANAGE_USERS),
    # Four eyes on role grants (decision 0153): which proposals is role_grant_policy's business.
    "network:role-grant-list": door(F.APPROVE_ROLE_GRANTS),
    "network:role-grant-decide": door(
        F.APPROVE_ROLE_GRANTS,
        narrowed="decided by an administrator other than the proposer and the user; the chain "
        "manager only where the house has no other active administrator",
    ),
    # --- referrals -----------------------------------------------------------------------------
    "intake:create": door(F.REFER),
    "intake:mine": door(F.REFER),
    "intake:priority-list-upload": door(F.REFER),
    "intake:list": door(F.VIEW_HOUSE_REFERRALS),
    "intake:export": door(F.VIEW_HOUSE_REFERRALS),
    # The referrer's organisation (REFER) or the house staff who handle referrals.
    "intake:detail": door(F.REFER, F.VIEW_HOUSE_REFERRALS),
    "intake:supply": door(F.REFER, narrowed=ONLY_REFERRER),
    "intake:keep": door(F.TRIAGE),
    "intake:forward": door(F.TRIAGE),
    "jzv:meldingen": applications_only(_APPLICATION),
    "jzv:melding": applications_only(_APPLICATION),
    "jzv:uitkomstmeldingen": applications_only(_APPLICATION),
    "jzv:uitkomstmelding": applications_only(_APPLICATION),
    "signals:lookup": applications_only(_APPLICATION),
    # --- triage --------------------------------------------------------------------------------
    "triage:dashboard": door(F.VIEW_HOUSE_REFERRALS),
    # The agenda: a partner professional of a participating organisation, and house staff.
    "triage:sessions": door(F.TAKE_PART_IN_TRIAGE, F.TRIAGE, F.VIEW_HOUSE_REFERRALS),
    "triage:session": door(F.TAKE_PART_IN_TRIAGE, F.TRIAGE, F.VIEW_HOUSE_REFERRALS),
    "triage:session-create": door(F.TRIAGE),
    "triage:session-participants": door(F.TRIAGE),
    "triage:agenda-build": door(F.TRIAGE),
    "triage:session-close": door(F.TRIAGE),
    "triage:decide": door(F.TRIAGE),
    "triage:agenda-add": door(F.TRIAGE),
    "triage-config:index": door(F.CONFIGURE_TRIAGE),
    "triage-config:settings": door(F.CONFIGURE_TRIAGE),
    "triage-config:criterion-create": door(F.CONFIGURE_TRIAGE),
    "triage-config:criterion-edit": door(F.CONFIGURE_TRIAGE),
    "triage-config:criterion-deactivate": door(F.CONFIGURE_TRIAGE),
    "triage-config:criterion-activate": door(F.CONFIGURE_TRIAGE),
    "triage-config:table-create": door(F.CONFIGURE_TRIAGE),
    "triage-config:table-edit": door(F.CONFIGURE_TRIAGE),
    # --- cases ---------------------------------------------------------------------------------
    "cases:list": door(F.VIEW_CASES),
    "cases:export": door(F.VIEW_CASES),
    "cases:search": door(F.VIEW_CASES),
    "cases:detail": door(F.VIEW_CASES),
    "cases:note-add": door(F.VIEW_CASES),
    "cases:details": door(F.MANAGE_CASES),
    "cases:roles": door(F.MANAGE_CASES),
    "cases:status": door(F.MANAGE_CASES),
    "cases:close": door(F.MANAGE_CASES),
    "cases:reopen": door(F.MANAGE_CASES),
    "cases:justice-response": door(F.MANAGE_CASES),
    "cases:participant-add": door(F.MANAGE_CASES),
    "cases:participant-end": door(F.MANAGE_CASES),
    "cases:review": door(F.MANAGE_CASES),
    "cases:step-down": door(F.MANAGE_CASES),
    "cases:escalation-propose": door(F.VIEW_CASES),
    "cases:escalation-raise": door(F.MANAGE_CASES),
    "cases:escalation-list": door(F.VIEW_ESCALATIONS),
    "cases:escalation-detail": door(F.VIEW_ESCALATIONS),
    "cases:escalation-respond": door(F.VIEW_ESCALATIONS, narrowed=ONLY_ADDRESSEE),
    "cases:transfer-request": door(F.MANAGE_CASES),
    "cases:transfer-list": door(F.MANAGE_CASES),
    "cases:transfer-detail": door(F.MANAGE_CASES),
    "cases:transfer-accept": door(F.MANAGE_CASES),
    "cases:transfer-refuse": door(F.MANAGE_CASES),
    "cases:transfer-withdraw": door(F.MANAGE_CASES),
    "case-config:index": door(F.CONFIGURE_CASES),
    "case-config:settings": door(F.CONFIGURE_CASES),
    "case-config:theme-create": door(F.CONFIGURE_CASES),
    "case-config:theme-edit": door(F.CONFIGURE_CASES),
    "case-config:theme-deactivate": door(F.CONFIGURE_CASES),
    "case-config:theme-activate": door(F.CONFIGURE_CASES),
    "case-config:criterion-create": door(F.CONFIGURE_CASES),
    "case-config:criterion-edit": door(F.CONFIGURE_CASES),
    "case-config:criterion-deactivate": door(F.CONFIGURE_CASES),
    "case-config:criterion-activate": door(F.CONFIGURE_CASES),
    # --- plans ---------------------------------------------------------------------------------
    "plans:plan": door(F.VIEW_CASES),
    "plans:version": door(F.VIEW_CASES),
    "plans:export": door(F.VIEW_CASES),
    "plans:goals": door(F.MANAGE_CASES),
    "plans:set": door(F.SET_PLAN),
    "plans:agreement-create": door(F.MANAGE_CASES),
    "plans:agreement-edit": door(F.MANAGE_CASES),
    "plans:agreement-cancel": door(F.MANAGE_CASES),
    "plans:agreement-complete": door(F.VIEW_CASES),
    "plans:agreement-not-delivered": door(F.VIEW_CASES),
    # --- lawful sharing ------------------------------------------------------------------------
    "sharing:item-attachment": door(F.VIEW_CASES),
    "sharing:item-release": door(F.VIEW_CASES),
    "sharing:consents": door(F.MANAGE_CASES),
    "sharing:consent-withdraw": door(F.MANAGE_CASES),
    "sharing:config": door(F.CONFIGURE_SHARING),
    "sharing:legal-basis-create": door(F.CONFIGURE_SHARING),
    "sharing:legal-basis-edit": door(F.CONFIGURE_SHARING),
    # --- conferences and covenants -------------------------------------------------------------
    "conferences:list": door(F.VIEW_CONFERENCES),
    "conferences:export": door(F.VIEW_CONFERENCES),
    "conferences:detail": door(F.VIEW_CONFERENCES),
    "conferences:accept": door(F.VIEW_CONFERENCES),
    "conferences:create": door(F.PLAN_CONFERENCES),
    "conferences:edit": door(F.PLAN_CONFERENCES),
    "conferences:invitees": door(F.PLAN_CONFERENCES),
    "conferences:agenda": door(F.PLAN_CONFERENCES),
    "conferences:send": door(F.PLAN_CONFERENCES),
    "conferences:close": door(F.PLAN_CONFERENCES),
    "conferences:cancel": door(F.PLAN_CONFERENCES),
    "conferences:item": door(F.PLAN_CONFERENCES),
    "conferences:item-remove": door(F.PLAN_CONFERENCES),
    "conferences:decision-create": door(F.PLAN_CONFERENCES),
    "conferences:declarations": door(F.MANAGE_COVENANTS),
    "covenants:list": door(F.MANAGE_COVENANTS),
    "covenants:create": door(F.MANAGE_COVENANTS),
    "covenants:edit": door(F.MANAGE_COVENANTS),
    "covenants:document": door(F.MANAGE_COVENANTS),
    # --- privacy -------------------------------------------------------------------------------
    "audit:search": door(F.VIEW_ACCESS_LOG),
    "audit:person": door(F.VIEW_ACCESS_LOG),
    "privacy:anomalies": door(F.VIEW_ACCESS_LOG),
    "privacy:register": door(F.VIEW_PROCESSING_REGISTER),
    "privacy:register-csv": door(F.VIEW_PROCESSING_REGISTER),
    "subject_requests:dashboard": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:person-search": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:create": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:detail": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:status": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:extend": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:preview": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:withhold": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:withholding-lift": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:export": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:correction": door(F.HANDLE_SUBJECT_REQUESTS),
    # Four eyes on a request's content (decision 0154).
    "subject_requests:identity": door(F.HANDLE_SUBJECT_REQUESTS),
    "subject_requests:approvals": door(F.APPROVE_SUBJECT_REQUEST_OPENING),
    "subject_requests:approve": door(F.APPROVE_SUBJECT_REQUEST_OPENING),
    "retention:terms": door(F.MANAGE_RETENTION),
    "retention:edit": door(F.MANAGE_RETENTION),
    # --- issue 11, part f: the mayor's briefing and the co-financing calculator ----------------
    # The briefing shows only the cases of the bestuurder's municipality that the briefing
    # policy (authz/briefing_policy.py) selects; the page itself is open to every bestuurder.
    "briefing:briefing": door(F.VIEW_MAYOR_BRIEFING),
    # Exact for the chain manager, small cells suppressed for the steering-group member.
    "cofinancing:calculator": door(F.USE_CO_FINANCING),
    # --- issue 13: the house side of the national monitor (0183) ---
    "monitor:index": door(F.KEEP_MONITOR),
    "monitor:profile": door(F.KEEP_MONITOR),
    "monitor:profile_edit": door(F.KEEP_MONITOR),
    "monitor:year_start": door(F.KEEP_MONITOR),
    "monitor:year": door(F.KEEP_MONITOR),
    "monitor:answer_edit": door(F.KEEP_MONITOR),
    "monitor:submit": door(F.KEEP_MONITOR),
    "monitor:export": door(F.KEEP_MONITOR),
    # --- issue 11, part e: the advice register and the system-signal register (0166, 0167) ---
    "advice:list": door(F.RECORD_ADVICE),
    "advice:export": door(F.RECORD_ADVICE),
    "advice:create": door(F.RECORD_ADVICE),
    "advice:detail": door(F.RECORD_ADVICE),
    "advice:edit": door(F.RECORD_ADVICE),
    "system_signals:list": door(F.RECORD_SYSTEM_SIGNALS, F.VIEW_RAISED_SYSTEM_SIGNALS),
    "system_signals:export": door(F.RECORD_SYSTEM_SIGNALS, F.VIEW_RAISED_SYSTEM_SIGNALS),
    "system_signals:create": door(F.RECORD_SYSTEM_SIGNALS),
    "system_signals:detail": door(
        F.RECORD_SYSTEM_SIGNALS,
        F.VIEW_RAISED_SYSTEM_SIGNALS,
        narrowed="the steering group sees only the signals raised to it",
    ),
    "system_signals:edit": door(F.RECORD_SYSTEM_SIGNALS),
    "system_signals:evidence": door(F.MANAGE_SYSTEM_SIGNALS),
    "system_signals:handle": door(F.MANAGE_SYSTEM_SIGNALS),
    # --- issue 11, part g: the steering-group report (0170). A steering-group member sees the
    # final versions only: a draft is a 404 to them.
    "reports:list": door(F.VIEW_STEERING_REPORTS),
    "reports:create": door(F.MANAGE_STEERING_REPORTS),
    "reports:detail": door(
        F.VIEW_STEERING_REPORTS, narrowed="a steering-group member sees final reports only"
    ),
    "reports:pdf": door(
        F.VIEW_STEERING_REPORTS, narrowed="a steering-group member sees final reports only"
    ),
    "reports:edit": door(F.MANAGE_STEERING_REPORTS),
    "reports:finalise": door(F.MANAGE_STEERING_REPORTS),
    # --- issue 11, part d: the figure pages, the list behind a number, the BI API ---------------
    # The pages show aggregates; exact ones only to the chain manager (authz/figures_policy.py).
    "figures:index": door(F.VIEW_HOUSE_FIGURES),
    "figures:group": door(F.VIEW_HOUSE_FIGURES),
    # The rows behind a number: through visible_cases / visible_referrals, audited.
    "figures:list": door(F.VIEW_FIGURE_LISTS),
    "figures:caseload": door(F.VIEW_OWN_CASELOAD),
    "figures:settings": door(F.MANAGE_FIGURE_SETTINGS),
    # The BI API: session users with the figures, or a token with the scope figures:read;
    # always suppressed.
    # --- the national monitor, national side (issue 13, decision 0184): house records, no cases
    "national_monitor:index": door(F.VIEW_NATIONAL_MONITOR),
    "national_monitor:import": door(F.IMPORT_MONITOR_RECORDS),
    "national_monitor:trends": door(F.VIEW_NATIONAL_MONITOR),
    "national_monitor:year": door(F.VIEW_NATIONAL_MONITOR),
    "national_monitor:records": door(F.VIEW_NATIONAL_MONITOR),
    "national_monitor:records-export": door(F.VIEW_NATIONAL_MONITOR),
    "national_monitor:record": door(F.VIEW_NATIONAL_MONITOR),
    "national_monitor:export": door(F.VIEW_NATIONAL_MONITOR),
    # The house beside all houses: aggregates suppressed with the house's threshold.
    "monitor:compare": door(F.KEEP_MONITOR),
}


def _named(name: str, found: Door) -> Door:
    """The door with what a denial at it is recorded as."""
    functions = sorted(found.functions | {f for fs in found.methods.values() for f in fs})
    object_type = f"function:{functions[0].value}" if len(functions) == 1 else f"door:{name}"
    return Door(
        kind=found.kind,
        functions=found.functions,
        methods=found.methods,
        reason=found.reason,
        narrowed=found.narrowed,
        denial_object_type=object_type,
        applications=found.applications,
    )


# URL name (as the resolver names it: "namespace:name") -> its door, read once per request. A
# plain dict for the speed of the hot paths; nothing changes it after import (tests excepted).
DOORS: dict[str, Door] = {name: _named(name, found) for name, found in _DOORS.items()}


# Doors declared with their endpoints elsewhere (the API's endpoint table, decision 0192),
# entered when the URLconf that holds them is built.
_REGISTERED: set[str] = set()


def register_doors(doors: Mapping[str, Door]) -> None:
    """Enter doors declared beside their URLs. A name the table above already holds would be a
    second, hand-kept door for one URL: refused."""
    for name, found in doors.items():
        if name in DOORS and name not in _REGISTERED:
            raise ValueError(f"{name} has a door in the table already")
        DOORS[name] = _named(name, found)
        _REGISTERED.add(name)
