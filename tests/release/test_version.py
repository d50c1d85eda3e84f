"""One version (decision 0191): the package metadata, the changelog, the footer for signed-in
users and the API's response headers all say the same."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

import zvh
from zvh.network.models import Role

ROOT = Path(__file__).resolve().parents[2]


def test_the_package_metadata_and_the_changelog_carry_the_version():
    assert importlib.metadata.version("zvh") == zvh.__version__
    headings = re.findall(r"^## \[([^\]]+)\]", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)
    assert headings[0] == zvh.__version__


def test_the_footer_shows_the_version_to_signed_in_users_only(world, client_for, client):
    page = client_for(world.user(Role.PROCESS_COORDINATOR)).get(reverse("work:mine"))
    assert f"ZVH versie {zvh.__version__}" in page.content.decode()
    login = client.get(reverse("accounts:login"))
    assert login.status_code == 200 and zvh.__version__ not in login.content.decode()


def test_api_responses_carry_the_contract_and_application_version(world, client_for, client):
    anonymous = client.get(reverse("api:organisation-list"))
    assert anonymous["API-Version"] == settings.SPECTACULAR_SETTINGS["VERSION"]
    assert "ZVH-Version" not in anonymous
    signed_in = client_for(world.user(Role.PROCESS_COORDINATOR)).get(
        reverse("api:organisation-list")
    )
    assert signed_in.status_code == 200
    assert signed_in["ZVH-Version"] == zvh.__version__
