"""The functional administrator's case configuration: settings, themes, step-down criteria."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories.intake import actor_of
from zvh.audit.models import AuditEvent
from zvh.authz.functions import FUNCTION_ROLES, Function
from zvh.cases import config_services
from zvh.cases.models import CaseSettings, StepDownCriterion, Theme
from zvh.network.models import Role

pytestmark = pytest.mark.django_db

ADMIN = Role.FUNCTIONAL_ADMIN


@pytest.fixture
def admin(world, client_for):
    return client_for(world.user(ADMIN))


def test_only_the_functional_administrator_gets_in(world, client_for, admin):
    assert admin.get(reverse("case-config:index")).status_code == 200
    for role in (Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR, Role.PARTNER_PROFESSIONAL):
        response = client_for(world.user(role)).get(reverse("case-config:index"))
        assert response.status_code == 404
    # The nav shows the item to the administrator only.
    assert b"Casuswerk inrichten" in admin.get(reverse("web:home")).content


UPLOADS = {"upload_max_mb": "20", "upload_types": ["pdf", "txt"]}


def test_the_upload_limits_are_house_settings(world, admin):
    """20 MB and every known type unless set (decision 0188); the administrator narrows them."""
    defaults = CaseSettings.objects.get_or_create(house=world.house)[0]
    assert defaults.upload_max_mb == 20 and "docx" in defaults.upload_types
    url = reverse("case-config:settings")
    chosen = {"review_cadence_weeks": "6", "upload_max_mb": "5", "upload_types": ["txt", "pdf"]}
    assert admin.post(url, chosen).status_code == 302
    saved = CaseSettings.objects.get(house=world.house)
    assert (saved.upload_max_mb, saved.upload_types) == (5, ["pdf", "txt"])
    assert (
        "hoogstens 5 MB; PDF, Platte tekst (TXT)"
        in admin.get(reverse("case-config:index")).content.decode()
    )
    refused = admin.post(url, {**chosen, "upload_max_mb": "101", "upload_types": []})
    page = refused.content.decode()
    assert "Kies een grootte van 1 tot 100 MB." in page
    assert "Kies minstens één bestandssoort." in page
    assert CaseSettings.objects.get(house=world.house).upload_max_mb == 5


def test_settings_are_saved_for_the_own_house(world, admin):
    response = admin.post(
        reverse("case-config:settings"),
        {"coordinators_may_direct": "on", "review_cadence_weeks": "8", **UPLOADS},
    )
    assert response.status_code == 302
    saved = CaseSettings.objects.get(house=world.house)
    assert (saved.coordinators_may_direct, saved.review_cadence_weeks) == (True, 8)
    assert not CaseSettings.objects.filter(house=world.other_house, review_cadence_weeks=8)
    assert AuditEvent.objects.filter(object_type="case_settings").exists()


def test_the_planning_horizon_is_a_house_setting(world, admin):
    """How far ahead due and review dates may lie (decision 0181): five years unless set."""
    assert CaseSettings.objects.get_or_create(house=world.house)[0].planning_horizon_years == 5
    url = reverse("case-config:settings")
    assert (
        admin.post(
            url, {"review_cadence_weeks": "6", "planning_horizon_years": "8", **UPLOADS}
        ).status_code
        == 302
    )
    assert CaseSettings.objects.get(house=world.house).planning_horizon_years == 8
    refused = admin.post(
        url, {"review_cadence_weeks": "6", "planning_horizon_years": "11", **UPLOADS}
    )
    assert "Kies een planningshorizon van 1 tot 10 jaar." in refused.content.decode()
    assert (
        admin.post(url, {"review_cadence_weeks": "6", **UPLOADS}).status_code == 302
    )  # left as it was
    assert CaseSettings.objects.get(house=world.house).planning_horizon_years == 8


@pytest.mark.parametrize("weeks", ["0", "53", "zes", ""])
def test_a_bad_cadence_is_refused_in_dutch(world, admin, weeks):
    response = admin.post(reverse("case-config:settings"), {"review_cadence_weeks": weeks})
    assert response.status_code == 200
    text = response.content.decode()
    assert "evaluatiefrequentie" in text.lower()
    assert not CaseSettings.objects.filter(house=world.house).exclude(review_cadence_weeks=6)


def test_themes_are_added_renamed_and_switched_off(world, admin):
    assert (
        admin.post(
            reverse("case-config:theme-create"), {"name": " Woonfraude ", "position": "3"}
        ).status_code
        == 302
    )
    theme = Theme.objects.get(house=world.house, name="Woonfraude")
    admin.post(
        reverse("case-config:theme-edit", args=[theme.id]),
        {"name": "Woonfraude en overlast", "position": "1"},
    )
    theme.refresh_from_db()
    assert (theme.name, theme.position) == ("Woonfraude en overlast", 1)
    # A bare POST changes nothing; a confirmed one switches it off, and on again.
    admin.post(reverse("case-config:theme-deactivate", args=[theme.id]))
    theme.refresh_from_db()
    assert theme.active
    admin.post(reverse("case-config:theme-deactivate", args=[theme.id]), {"confirm": "yes"})
    theme.refresh_from_db()
    assert not theme.active
    admin.post(reverse("case-config:theme-activate", args=[theme.id]), {"confirm": "yes"})
    theme.refresh_from_db()
    assert theme.active
    assert AuditEvent.objects.filter(object_type="theme", object_id=str(theme.id)).count() == 4


def test_a_duplicate_or_empty_theme_name_is_refused(world, admin):
    Theme.objects.create(house=world.house, name="Jeugd")
    before = Theme.objects.count()
    response = admin.post(reverse("case-config:theme-create"), {"name": "jeugd", "position": "0"})
    assert "Dit huis heeft al een thema met deze naam." in response.content.decode()
    response = admin.post(reverse("case-config:theme-create"), {"name": "   ", "position": "0"})
    assert "Geef het thema een naam." in response.content.decode()
    response = admin.post(reverse("case-config:theme-create"), {"name": "X", "position": "-1"})
    assert "Vul 0 of hoger in." in response.content.decode()
    assert Theme.objects.count() == before
    # The same name in another house is no clash.
    Theme.objects.create(house=world.other_house, name="Radicalisering")
    response = admin.post(
        reverse("case-config:theme-create"), {"name": "Radicalisering", "position": "0"}
    )
    assert response.status_code == 302


def test_step_down_criteria_are_added_edited_and_switched_off(world, admin):
    url = reverse("case-config:criterion-create")
    assert admin.post(url, {"text": "Er is een nazorgplan", "position": "9"}).status_code == 302
    criterion = StepDownCriterion.objects.get(house=world.house, text="Er is een nazorgplan")
    admin.post(
        reverse("case-config:criterion-edit", args=[criterion.id]),
        {"text": "Er is een vastgesteld nazorgplan", "position": "2"},
    )
    admin.post(reverse("case-config:criterion-deactivate", args=[criterion.id]), {"confirm": "yes"})
    criterion.refresh_from_db()
    assert (criterion.text, criterion.position, criterion.active) == (
        "Er is een vastgesteld nazorgplan",
        2,
        False,
    )
    response = admin.post(url, {"text": "", "position": "0"})
    assert "Beschrijf het criterium." in response.content.decode()
    response = admin.post(url, {"text": "x" * 301, "position": "0"})
    assert "Gebruik hoogstens 300 tekens." in response.content.decode()


def test_the_index_lists_only_the_own_house(world, admin, django_assert_max_num_queries):
    Theme.objects.create(house=world.house, name="Eigen thema")
    Theme.objects.create(house=world.other_house, name="Thema van de buren")
    StepDownCriterion.objects.create(house=world.other_house, text="Criterium van de buren")
    with django_assert_max_num_queries(15):
        content = admin.get(reverse("case-config:index")).content.decode()
    assert "Eigen thema" in content
    assert "buren" not in content


def test_another_house_s_rows_are_unknown(world, admin):
    theme = Theme.objects.create(house=world.other_house, name="Elders")
    criterion = StepDownCriterion.objects.create(house=world.other_house, text="Elders")
    assert admin.get(reverse("case-config:theme-edit", args=[theme.id])).status_code == 404
    assert (
        admin.post(
            reverse("case-config:theme-edit", args=[theme.id]), {"name": "Hier", "position": "0"}
        ).status_code
        == 404
    )
    assert (
        admin.post(
            reverse("case-config:theme-deactivate", args=[theme.id]), {"confirm": "yes"}
        ).status_code
        == 404
    )
    assert admin.get(reverse("case-config:criterion-edit", args=[criterion.id])).status_code == 404
    assert (
        admin.post(
            reverse("case-config:criterion-deactivate", args=[criterion.id]), {"confirm": "yes"}
        ).status_code
        == 404
    )
    theme.refresh_from_db()
    criterion.refresh_from_db()
    assert (theme.name, theme.active, criterion.active) == ("Elders", True, True)


def test_case_settings_are_the_functional_administrator_s(world):
    admin = actor_of(world.user(ADMIN), world.house)
    config_services.case_settings_update(
        actor=admin, coordinators_may_direct=True, review_cadence_weeks=8
    )
    settings = CaseSettings.objects.get(house=world.house)
    assert settings.coordinators_may_direct and settings.review_cadence_weeks == 8
    with pytest.raises(ValidationError):
        config_services.case_settings_update(
            actor=admin, coordinators_may_direct=True, review_cadence_weeks=0
        )
    with pytest.raises(PermissionDenied):
        config_services.case_settings_update(
            actor=actor_of(world.user(Role.PROCESS_COORDINATOR), world.house),
            coordinators_may_direct=False,
            review_cadence_weeks=6,
        )


CONFIG_WRITES = {
    "settings": lambda actor: config_services.case_settings_update(
        actor=actor, coordinators_may_direct=True, review_cadence_weeks=4
    ),
    "theme": lambda actor: config_services.theme_create(actor=actor, name="Testthema"),
    "criterion": lambda actor: config_services.step_down_criterion_create(
        actor=actor, text="Testcriterium"
    ),
}


@pytest.mark.parametrize("write", sorted(CONFIG_WRITES))
def test_every_configuration_write_asks_configure_cases_not_reference_data(
    world, client_for, monkeypatch, write
):
    """Both functions belong to the functional administrator today, so only a different table
    tells them apart: give CONFIGURE_CASES to the chain manager alone."""
    monkeypatch.setitem(FUNCTION_ROLES, Function.CONFIGURE_CASES, frozenset({Role.CHAIN_MANAGER}))
    with pytest.raises(PermissionDenied):
        CONFIG_WRITES[write](actor_of(world.user(ADMIN), world.house))
    CONFIG_WRITES[write](actor_of(world.user(Role.CHAIN_MANAGER), world.house))
    chain_manager = client_for(world.user(Role.CHAIN_MANAGER))
    assert chain_manager.get(reverse("case-config:settings")).status_code == 200
    assert client_for(world.user(ADMIN)).get(reverse("case-config:settings")).status_code == 404
