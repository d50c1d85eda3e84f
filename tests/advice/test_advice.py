"""The advice register: recording, bad input, the list with filters and keyset pages, the CSV
export, editing with optimistic locking, and that another house's records stay out of sight."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of
from tests.factories.network import MunicipalityFactory, OrganisationFactory
from tests.factories.registers import AdviceFactory
from zvh.advice import selectors
from zvh.advice.models import Advice, AdviceTopic
from zvh.audit.models import Action, AuditEvent, Result
from zvh.network.models import Role

COORDINATOR = Role.PROCESS_COORDINATOR


def _post(world, **overrides):
    data = {
        "requester_organisation": str(world.own_org.id),
        "requester_name": "",
        "municipality": str(world.house.seat_municipality_id),
        "topic": AdviceTopic.DOMESTIC_VIOLENCE,
        "given_on": timezone.localdate().isoformat(),
        "advice_text": "Advies: meld bij Veilig Thuis en overleg met de huisarts.",
        "minutes": "45",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_advice_and_it_is_audited(world, client_for):
    client = client_for(world.user(COORDINATOR))
    response = client.post(reverse("advice:create"), _post(world))
    advice = Advice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("advice:detail", args=[advice.id])
    assert advice.house == world.house
    assert advice.requester_organisation == world.own_org
    assert advice.minutes == 45
    assert advice.recorded_by == world.user(COORDINATOR)
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="advice")
    assert event.object_id == str(advice.id)
    assert "advice_text" not in event.detail
    page = client.get(reverse("advice:detail", args=[advice.id]))
    assert page.status_code == 200
    assert "Veilig Thuis" in page.content.decode()
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="advice", object_id=str(advice.id)
    ).exists()


def test_a_requester_outside_the_partners_is_recorded_by_name(world, client_for):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    response = client.post(
        reverse("advice:create"),
        _post(world, requester_organisation="", requester_name="  Huisartsenpraktijk  De Linde "),
    )
    assert response.status_code == 302
    advice = Advice.objects.get()
    assert advice.requester_organisation is None
    assert advice.requester_name == "Huisartsenpraktijk De Linde"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"minutes": "0"}, "minutes", "Vul minstens 1 minuut in."),
        ({"minutes": "481"}, "minutes", "Vul hoogstens 480 minuten in."),
        ({"minutes": "een uur"}, "minutes", "Vul een heel aantal minuten in."),
        ({"advice_text": "   "}, "advice_text", "Beschrijf het gegeven advies."),
        ({"topic": "gossip"}, "topic", "Kies een onderwerp."),
        ({"given_on": "31-02-2026"}, "given_on", "Vul een geldige datum in"),
        (
            {"given_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "given_on",
            "De datum ligt in de toekomst.",
        ),
        ({"requester_organisation": ""}, "requester_organisation", "Kies de organisatie"),
        ({"requester_name": "Ook een naam"}, "requester_name", "niet allebei"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message_and_records_nothing(
    world, client_for, overrides, field, message
):
    client = client_for(world.user(COORDINATOR))
    response = client.post(reverse("advice:create"), _post(world, **overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Advice.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.CREATE, object_type="advice").exists()


def test_an_organisation_or_municipality_outside_the_house_is_refused(world, client_for):
    client = client_for(world.user(COORDINATOR))
    outsider = OrganisationFactory(name="Geen partner")
    elsewhere = MunicipalityFactory()
    response = client.post(
        reverse("advice:create"),
        _post(world, requester_organisation=str(outsider.id), municipality=str(elsewhere.id)),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Kies een partnerorganisatie van het huis." in errors["requester_organisation"]
    assert "Kies een gemeente van het huis." in errors["municipality"]
    assert not Advice.objects.exists()


def test_the_list_shows_only_the_own_house_and_filters(world, client_for):
    today = timezone.localdate()
    old = AdviceFactory(
        house=world.house, requester_organisation=world.own_org, given_on=today - timedelta(days=90)
    )
    recent = AdviceFactory(
        house=world.house,
        requester_organisation=world.other_org,
        topic=AdviceTopic.RADICALISATION,
        given_on=today - timedelta(days=2),
    )
    AdviceFactory(house=world.other_house, requester_organisation=world.own_org)
    actor = actor_of(world.user(COORDINATOR), world.house)

    def ids(**filters):
        page = selectors.advice_list(actor=actor, filters=selectors.AdviceFilters(**filters))
        return [row.id for row in page.rows]

    assert ids() == [recent.id, old.id]
    assert ids(start=today - timedelta(days=30)) == [recent.id]
    assert ids(end=today - timedelta(days=30)) == [old.id]
    assert ids(organisation_id=world.own_org.id) == [old.id]
    assert ids(topic=AdviceTopic.RADICALISATION) == [recent.id]
    response = client_for(world.user(COORDINATOR)).get(
        reverse("advice:list"), {"topic": AdviceTopic.RADICALISATION}
    )
    assert response.status_code == 200
    assert list(response.context["page"].rows) == [recent]
    assert AuditEvent.objects.filter(action=Action.LIST, object_type="advice").exists()


def test_bad_filters_show_a_message_and_no_rows(world, client_for):
    AdviceFactory(house=world.house, requester_organisation=world.own_org)
    client = client_for(world.user(COORDINATOR))
    response = client.get(reverse("advice:list"), {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400
    assert response.context["page"] is None
    assert "De einddatum ligt vóór de begindatum." in response.context["form"].errors["end"]


def test_keyset_pages_cover_every_record_once(world):
    today = timezone.localdate()
    made = [
        AdviceFactory(
            house=world.house,
            requester_organisation=world.own_org,
            given_on=today - timedelta(days=n // 2),
        )
        for n in range(7)
    ]
    actor = actor_of(world.user(COORDINATOR), world.house)
    seen, cursor = [], None
    while True:
        page = selectors.advice_list(
            actor=actor, filters=selectors.AdviceFilters(), cursor=cursor, size=3
        )
        seen += [row.id for row in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(a.id for a in made)
    assert len(seen) == len(set(seen))


def test_the_list_costs_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.user(COORDINATOR))
    AdviceFactory(house=world.house, requester_organisation=world.own_org)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("advice:list"))
    for _ in range(20):
        AdviceFactory(house=world.house, requester_organisation=world.own_org)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("advice:list")).status_code == 200


def test_the_csv_export_holds_the_filtered_rows_quoted_against_formulas(world, client_for):
    AdviceFactory(
        house=world.house,
        requester_organisation=None,
        requester_name="=HYPERLINK()",
        topic=AdviceTopic.YOUTH,
    )
    AdviceFactory(house=world.house, requester_organisation=world.own_org)
    AdviceFactory(house=world.other_house, requester_organisation=world.own_org)
    response = client_for(world.user(COORDINATOR)).get(
        reverse("advice:export"), {"topic": AdviceTopic.YOUTH}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2
    assert "'=HYPERLINK()" in lines[1]
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="advice")
    assert event.detail["rows"] == 1


def test_a_stale_edit_is_refused_and_changes_nothing(world, client_for):
    advice = AdviceFactory(house=world.house, requester_organisation=world.own_org, minutes=30)
    client = client_for(world.user(COORDINATOR))
    url = reverse("advice:edit", args=[advice.id])
    assert client.get(url).status_code == 200
    first = client.post(url, _post(world, minutes="60", version="1"))
    assert first.status_code == 302
    second = client.post(url, _post(world, minutes="90", version="1"))
    assert second.status_code == 409
    advice.refresh_from_db()
    assert (advice.minutes, advice.version) == (60, 2)
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_type="advice").count() == 1


@pytest.mark.parametrize("name", ["advice:detail", "advice:edit"])
def test_another_houses_record_is_a_404_and_a_recorded_denial(world, client_for, name):
    elsewhere = AdviceFactory(house=world.other_house, requester_organisation=world.own_org)
    response = client_for(world.user(COORDINATOR)).get(reverse(name, args=[elsewhere.id]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        object_type="advice", object_id=str(elsewhere.id), result=Result.DENIED
    ).exists()


@pytest.mark.parametrize(
    "role", [Role.PARTNER_PROFESSIONAL, Role.STEERING_GROUP_MEMBER, Role.FUNCTIONAL_ADMIN]
)
def test_roles_that_give_no_advice_meet_a_404(world, client_for, role):
    advice = AdviceFactory(house=world.house, requester_organisation=world.own_org)
    client = client_for(world.user(role))
    assert client.get(reverse("advice:list")).status_code == 404
    assert client.get(reverse("advice:detail", args=[advice.id])).status_code == 404
    assert client.post(reverse("advice:create"), _post(world)).status_code == 404
    assert Advice.objects.count() == 1
