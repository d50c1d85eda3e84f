"""Shared fixtures: two houses, organisations in and outside each, a user per role, and clients
logged in with both factors."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.network import (
    HouseFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from zvh.accounts.middleware import SESSION_LAST_SEEN_KEY, SESSION_STARTED_KEY
from zvh.accounts.models import User
from zvh.network.models import House, Organisation, Role


def give_totp_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def login_2fa(client: Client, user: User) -> Client:
    """Log a client in as if it had passed password and TOTP."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or give_totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # As the login records them (accounts.services.user_session_track).
    session[SESSION_STARTED_KEY] = session[SESSION_LAST_SEEN_KEY] = int(time.time())
    session.save()
    return client


@dataclass
class World:
    """Two houses; in each a house-staff organisation and a partner; a user per role."""

    house: House
    other_house: House
    own_org: Organisation
    other_org: Organisation
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: Role | str, *, org: str = "own", house: str = "own") -> User:
        return self.users[f"{role}:{org}:{house}"]


@pytest.fixture
def world(db) -> World:
    house = HouseFactory(name="Veiligheidshuis Test")
    other_house = HouseFactory(name="Veiligheidshuis Buur")
    own_org = OrganisationFactory(name="Eigen organisatie")
    other_org = OrganisationFactory(name="Andere organisatie")
    for h in (house, other_house):
        for o in (own_org, other_org):
            PartnershipFactory(house=h, organisation=o)
    result = World(house=house, other_house=other_house, own_org=own_org, other_org=other_org)
    for role in Role:
        for org_key, org in (("own", own_org), ("other", other_org)):
            for house_key, h in (("own", house), ("other", other_house)):
                user = UserFactory(username=f"{role.value}-{org_key}-{house_key}", organisation=org)
                MembershipFactory(user=user, house=h, role=role)
                result.users[f"{role.value}:{org_key}:{house_key}"] = user
    return result


@pytest.fixture
def client_for(db):
    """client_for(user) -> a Client logged in with both factors."""

    def make(user: User) -> Client:
        return login_2fa(Client(), user)

    return make


@pytest.fixture(autouse=True)
def _house_language():
    """Each test starts in the house's language (Dutch). A request by an English-speaking user
    leaves English active on the thread (LocaleMiddleware activates, nothing deactivates), so
    a later test that builds messages outside a request would read English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """A clean Django cache for every test. ZVH itself no longer keeps anything there: rate-limit
    windows are rows in the database (`core.RateWindow`, rolled back with each test) and verified
    API tokens a per-process dict (`zvh.api.token_cache`). The cache is cleared all the same so
    that a library that does use it (DRF's stock throttles, an axes cache handler) cannot carry
    one test's state into the next, where ids repeat (SQLite reuses them)."""
    from django.core.cache import cache

    cache.clear()
    yield


# The longest single tests start first: under pytest-xdist a long test that starts last runs
# alone while the other workers idle (the audit probe alone takes minutes on PostgreSQL). Only
# whole one-test files: moving a module with a module-scoped fixture would split it over the
# workers, and each would build the fixture. The order of the rest is kept.
LONG_RUNNING = (
    "tests/security/test_audit_probe.py",
    "tests/retention/test_demo_scan.py",
)


def _start_rank(item: pytest.Item) -> int:
    for rank, prefix in enumerate(LONG_RUNNING):
        if item.nodeid.startswith(prefix):
            return rank
    return len(LONG_RUNNING)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_start_rank)
