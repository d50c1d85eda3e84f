"""The chain manager's screen: the defaults shown as not confirmed, one form to change and
confirm every term, bad input refused in Dutch with nothing changed, optimistic locking."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zvh.audit.models import AuditEvent
from zvh.core.concurrency import STALE_MESSAGE
from zvh.retention.models import DEFAULT_MONTHS, RetentionKind, RetentionTerm
from zvh.retention.terms import confirmed_terms

pytestmark = pytest.mark.django_db

EDIT = reverse("retention:edit")


def _post(months: dict[str, int] | None = None, versions: dict[str, int] | None = None) -> dict:
    months = {**DEFAULT_MONTHS, **(months or {})}
    versions = versions or {}
    return {
        **{f"months_{kind}": value for kind, value in months.items()},
        **{f"version_{kind}": versions.get(kind, 0) for kind in RetentionKind},
        "confirm": "on",
    }


def test_the_defaults_are_shown_as_not_confirmed(world, client_for):
    response = client_for(world.user("chain_manager")).get(reverse("retention:terms"))
    content = response.content.decode()
    assert response.status_code == 200
    for months in (12, 60, 84):
        assert f"{months} maanden" in content
    assert content.count("Standaardtermijn, nog niet bevestigd") == 3
    assert "verwijdert het systeem niets" in content


def test_the_form_starts_from_the_defaults(world, client_for):
    response = client_for(world.user("chain_manager")).get(EDIT)
    form = response.context["form"]
    assert {name: form[name].initial for name in form.fields if name.startswith("months_")} == {
        f"months_{kind}": months for kind, months in DEFAULT_MONTHS.items()
    }


def test_confirming_stores_every_term_of_the_own_house_and_is_audited(world, client_for):
    manager = world.user("chain_manager")
    response = client_for(manager).post(
        EDIT, _post({RetentionKind.REFERRAL_NOT_ACCEPTED: 18, RetentionKind.CLOSED_CASE: 72})
    )
    assert response.status_code == 302
    stored = {
        term.kind: (term.months, term.confirmed_by_id, term.house_id)
        for term in RetentionTerm.objects.all()
    }
    assert stored == {
        RetentionKind.REFERRAL_NOT_ACCEPTED: (18, manager.pk, world.house.id),
        RetentionKind.CLOSED_CASE: (72, manager.pk, world.house.id),
        RetentionKind.AUDIT_EVENT: (84, manager.pk, world.house.id),
    }
    event = AuditEvent.objects.get(object_type="retention_terms")
    assert (event.user_id, event.house_id, event.object_id) == (
        manager.pk,
        world.house.id,
        str(world.house.id),
    )
    assert event.detail["months"]["closed_case"] == 72
    page = client_for(manager).get(reverse("retention:terms")).content.decode()
    assert "Standaardtermijn" not in page and "Bevestigd op" in page
    # The other house has confirmed nothing: retention still refuses, and names its terms.
    _terms, missing = confirmed_terms()
    assert {(term.house_id, term.kind) for term in missing} == {
        (world.other_house.id, kind) for kind in RetentionKind
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("months_closed_case", "0", "Kies een termijn van 1 tot en met 240 maanden."),
        ("months_closed_case", "241", "Kies een termijn van 1 tot en met 240 maanden."),
        ("months_audit_event", "-5", "Kies een termijn van 1 tot en met 240 maanden."),
        ("months_referral_not_accepted", "twaalf", "Vul een heel aantal maanden in."),
        ("months_referral_not_accepted", "1.5", "Vul een heel aantal maanden in."),
        ("months_closed_case", "", "Vul de termijn in maanden in."),
        ("confirm", "", "Vink aan dat u de bewaartermijnen bevestigt."),
        ("version_closed_case", "x", "Het formulier is niet volledig verstuurd."),
    ],
)
def test_bad_input_is_refused_in_dutch_and_changes_nothing(
    world, client_for, field, value, message
):
    data = _post()
    if value:
        data[field] = value
    else:
        del data[field]
    response = client_for(world.user("chain_manager")).post(EDIT, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RetentionTerm.objects.exists()
    assert not AuditEvent.objects.filter(object_type="retention_terms").exists()


def test_a_confirmation_made_meanwhile_is_not_overwritten_silently(world, client_for):
    first = client_for(world.user("chain_manager"))
    second = client_for(world.user("chain_manager", org="other"))
    opened = first.get(EDIT).context["form"]
    assert opened["version_closed_case"].initial == 0
    assert second.post(EDIT, _post({RetentionKind.CLOSED_CASE: 72})).status_code == 302
    response = first.post(EDIT, _post({RetentionKind.CLOSED_CASE: 36}))
    assert response.status_code == 409
    content = response.content.decode()
    assert str(STALE_MESSAGE) in content and "Zoals het nu is opgeslagen" in content
    assert RetentionTerm.objects.get(kind=RetentionKind.CLOSED_CASE).months == 72
    # The form now carries the stored versions: saving again is a deliberate overwrite.
    again = {name: response.context["form"].data[name] for name in _post()}
    assert first.post(EDIT, again).status_code == 302
    assert RetentionTerm.objects.get(kind=RetentionKind.CLOSED_CASE).months == 36


def test_each_chain_manager_confirms_the_terms_of_their_own_house(world, client_for):
    response = client_for(world.user("chain_manager", house="other")).post(EDIT, _post())
    assert response.status_code == 302
    assert set(RetentionTerm.objects.values_list("house_id", flat=True)) == {world.other_house.id}
    page = client_for(world.user("chain_manager")).get(reverse("retention:terms"))
    assert page.content.decode().count("Standaardtermijn, nog niet bevestigd") == 3


def test_the_menu_leads_the_chain_manager_there(world, client_for):
    url = reverse("retention:terms")
    assert url in client_for(world.user("chain_manager")).get("/").content.decode()
    assert url not in client_for(world.user("functional_admin")).get("/").content.decode()
