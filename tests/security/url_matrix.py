"""The authorization matrix: one row per URL pattern. A URL without a row fails the test.

For each row the test calls the URL as anonymous and as every role × own/other organisation ×
own/other house, and checks: allowed actors get through, everyone else gets a 404 (the
anonymous a redirect to the login page, or 401/403 on the API). Objects in `kwargs` belong
to the own house and, where an object has an owning organisation, to the own organisation.

To add a URL: add a `Row` below. `methods` maps each method the URL serves to the
(role, organisation) pairs that may use it. For a URL about one object (`kwargs` given) only
users in the own house can be allowed: the object lies there. A URL without an object (a
list, a form) serves every user from their own house, so house does not matter there.
`personal_data=True` makes the audit meta-test demand an audit event for an allowed GET, or
for the `personal_data_method` given (a search form that posts its terms: POST with `post_data`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from zvh.network.models import Role

ALL_ROLES = frozenset(Role)
OWN = "own"
OTHER = "other"


def both_orgs(*roles: Role) -> frozenset[tuple[str, str]]:
    return frozenset((role.value, org) for role in roles for org in (OWN, OTHER))


def own_org(*roles: Role) -> frozenset[tuple[str, str]]:
    return frozenset((role.value, OWN) for role in roles)


EVERYONE = both_orgs(*ALL_ROLES)
NOBODY: frozenset[tuple[str, str]] = frozenset()
HOUSE_STAFF = (Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR)
REFERRERS = both_orgs(Role.PARTNER_PROFESSIONAL, *HOUSE_STAFF)
ADMINS = both_orgs(Role.FUNCTIONAL_ADMIN)
ADMIN_FORM = {"GET": ADMINS, "POST": ADMINS}


@dataclass(frozen=True)
class Row:
    name: str
    methods: dict[str, frozenset[tuple[str, str]]]
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    personal_data: bool = False
    public: bool = False  # reachable without logging in (login page, language switch)
    api: bool = False
    post_data: Callable[[Any], dict[str, Any]] = field(default=lambda scenario: {})
    personal_data_method: str = "GET"


ROWS: list[Row] = [
    Row("web:home", {"GET": EVERYONE}),
    Row("accounts:login", {"GET": EVERYONE, "POST": EVERYONE}, public=True),
    # First-login enrolment: reached without being logged in (a pending enrolment in the
    # session); without one it sends everyone back to the login page.
    Row("accounts:enrol", {"GET": EVERYONE, "POST": EVERYONE}, public=True),
    Row("accounts:logout", {"POST": EVERYONE}),
    Row("set_language", {"POST": EVERYONE}, public=True),
    Row(
        "people:list",
        {"GET": both_orgs(*HOUSE_STAFF, Role.PARTNER_PROFESSIONAL)},
        personal_data=True,
    ),
    # The empty form shows no personal data; a POST that finds matches audits what it shows.
    Row(
        "people:create",
        {"GET": both_orgs(*HOUSE_STAFF), "POST": both_orgs(*HOUSE_STAFF)},
    ),
    Row(
        "people:detail",
        # A partner professional of the other organisation does not take part in the case.
        {"GET": both_orgs(*HOUSE_STAFF) | own_org(Role.PARTNER_PROFESSIONAL)},
        kwargs=lambda s: {"person_id": s.person.id},
        personal_data=True,
    ),
    Row(
        "api:person-list",
        {"GET": both_orgs(*HOUSE_STAFF, Role.PARTNER_PROFESSIONAL)},
        personal_data=True,
        api=True,
    ),
    Row(
        "api:person-detail",
        {"GET": both_orgs(*HOUSE_STAFF) | own_org(Role.PARTNER_PROFESSIONAL)},
        kwargs=lambda s: {"person_id": s.person.id},
        personal_data=True,
        api=True,
    ),
    Row("api-schema", {"GET": EVERYONE}, api=True, public=True),
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
    Row("network:user-list", {"GET": ADMINS}, personal_data=True),
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
        personal_data=True,
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
    Row("api:organisation-list", {"GET": EVERYONE}, api=True),
    Row("api:municipality-list", {"GET": EVERYONE}, api=True),
    Row(
        "intake:detail",
        # Staff see every referral; the referrer (own organisation's partner professional in
        # the scenario) sees their own.
        {"GET": both_orgs(*HOUSE_STAFF) | frozenset({("partner_professional", OWN)})},
        kwargs=lambda s: {"referral_id": s.referral.id},
        personal_data=True,
    ),
    # The privacy officer's access report; the organisation does not matter, the house does.
    Row(
        "audit:search",
        {"GET": both_orgs(Role.PRIVACY_OFFICER), "POST": both_orgs(Role.PRIVACY_OFFICER)},
        personal_data=True,
        personal_data_method="POST",
        post_data=lambda s: {"surname": s.person.surname},
    ),
    Row(
        "audit:person",
        {"GET": both_orgs(Role.PRIVACY_OFFICER)},
        kwargs=lambda s: {"person_id": s.person.id},
        personal_data=True,
    ),
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
    Row(
        "jzv:uitkomstmelding",
        {"GET": NOBODY},
        kwargs=lambda s: {"registratienummer": "X-1"},
        api=True,
    ),
    Row(
        "intake-api:referral-list",
        {"GET": REFERRERS, "POST": REFERRERS},
        personal_data=True,
        api=True,
    ),
    Row(
        "intake-api:referral-detail",
        {"GET": both_orgs(*HOUSE_STAFF) | own_org(Role.PARTNER_PROFESSIONAL)},
        kwargs=lambda s: {"referral_id": s.referral.id},
        personal_data=True,
        api=True,
    ),
    Row("intake-api:priority-list-create", {"POST": REFERRERS}, api=True),
    Row("intake:list", {"GET": both_orgs(*HOUSE_STAFF)}, personal_data=True),
    Row("intake:create", {"GET": REFERRERS, "POST": REFERRERS}),
    Row("intake:mine", {"GET": REFERRERS}, personal_data=True),
    Row("intake:priority-list-upload", {"GET": REFERRERS, "POST": REFERRERS}),
    Row(
        "intake:supply",
        # Only the referrer (the scenario's referral was made by the own organisation's
        # partner professional).
        {"GET": own_org(Role.PARTNER_PROFESSIONAL), "POST": own_org(Role.PARTNER_PROFESSIONAL)},
        kwargs=lambda s: {"referral_id": s.referral.id},
        personal_data=True,
    ),
    Row(
        "intake:keep",
        {"GET": both_orgs(Role.PROCESS_COORDINATOR), "POST": both_orgs(Role.PROCESS_COORDINATOR)},
        kwargs=lambda s: {"referral_id": s.referral.id},
        personal_data=True,
    ),
    Row(
        "intake:forward",
        {"GET": both_orgs(Role.PROCESS_COORDINATOR), "POST": both_orgs(Role.PROCESS_COORDINATOR)},
        kwargs=lambda s: {"referral_id": s.referral.id},
        personal_data=True,
    ),
]
