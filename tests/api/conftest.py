"""Tokens for the world's houses and clients that call with them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from zvh.api.models import ApiToken, Scope
from zvh.api.services import api_token_create
from zvh.network.models import House, Organisation

ALL_SCOPES = tuple(Scope.values)


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def issue_token(world) -> Callable[..., tuple[ApiToken, str]]:
    """issue_token(scopes=..., house=..., organisation=...) -> (token, "<prefix>.<secret>");
    by default for the own organisation in the own house, with every scope."""

    def make(
        *,
        scopes: tuple[str, ...] = ALL_SCOPES,
        house: House | None = None,
        organisation: Organisation | None = None,
        name: str = "Koppeling",
    ) -> tuple[ApiToken, str]:
        return api_token_create(
            house=house or world.house,
            organisation=organisation or world.own_org,
            name=name,
            scopes=scopes,
        )

    return make
