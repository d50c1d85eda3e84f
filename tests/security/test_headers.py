"""Security headers on real responses (test settings). The production-only headers (HSTS,
secure cookies) are tested against a production server in test_production_settings.py."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve, reverse

from .url_matrix import ROWS, Row

BASE_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((BASE_DIR / "src").glob("**/templates/**/*.html"))
# Every URL that a browser session can GET; token-only API rows (nobody by session) excluded.
GET_ROWS = [row for row in ROWS if row.methods.get("GET") and not row.redirects]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def get_as_allowed_user(row: Row, world, scenario, client_for):
    """The page as someone allowed to see it; a public page as anyone (it may redirect)."""
    url = reverse(row.name, kwargs=row.kwargs(scenario) if row.kwargs else {})
    if row.public:
        response = Client().get(url)
        assert response.status_code < 400, (url, response.status_code)
        return response
    role, org = sorted(row.methods["GET"])[0]
    response = client_for(world.user(role, org=org, house="own")).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_every_page_has_a_strict_csp_and_is_not_stored(world, scenario, client_for):
    # One test over all pages: the matrix's world and objects cost more than a page.
    for row in GET_ROWS:
        _check_strict_csp_and_not_stored(row, world, scenario, client_for)


def _check_strict_csp_and_not_stored(row, world, scenario, client_for) -> None:
    response = get_as_allowed_user(row, world, scenario, client_for)
    csp = csp_directives(response["Content-Security-Policy"])
    for name, values in csp.items():
        for forbidden in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:"):
            if name == "img-src" and forbidden == "data:":
                continue  # small inline images are harmless; scripts and styles are not
            assert forbidden not in values, f"{row.name}: {name} allows {forbidden}"
    assert csp["default-src"] == ["'self'"], row.name
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    # Pages with personal data must not stay behind in a browser or proxy cache.
    assert response["Cache-Control"] == "no-store", row.name


@pytest.mark.parametrize("row", [row for row in ROWS if row.redirects], ids=lambda row: row.name)
def test_a_kept_url_redirects_to_a_page_that_is_checked(row, world, scenario, client_for):
    role, org = sorted(row.methods["GET"])[0]
    client = client_for(world.user(role, org=org, house="own"))
    response = client.get(reverse(row.name, kwargs=row.kwargs(scenario) if row.kwargs else {}))
    assert response.status_code in {301, 302}  # 301: an old address kept (cases:step-down)
    # The page it leads to is one whose headers the test above checks.
    location = urlsplit(response["Location"]).path  # a saved filter's carries its query
    assert resolve(location).view_name in {r.name for r in GET_ROWS}


def test_people_list_sends_the_other_security_headers(world, client_for):
    response = client_for(world.user("process_coordinator")).get(reverse("people:list"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Request-ID"]


def test_static_files_may_be_cached(client):
    response = client.get("/static/zvh/zvh.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# The CSP forbids inline scripts, styles and event handlers; a template that uses one breaks
# silently in the browser, so it fails here instead.
INLINE = {
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "inline script": re.compile(r"<script(?![^>]*\ssrc\s*=)[^>]*>", re.IGNORECASE),
    "inline style element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_templates_need_no_unsafe_inline():
    assert TEMPLATES, "no templates found"
    problems = [
        f"{path.relative_to(BASE_DIR)}: {what}"
        for path in TEMPLATES
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not problems, problems
