"""Saved filters (decision 0180): saved from a list, one click from the start page, deleted
there. Only their owner, in the house they were saved in, sees or uses them: anyone else gets
a 404. Invalid input is refused with a Dutch message and saves nothing."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from zvh.network.models import Role
from zvh.web.models import SavedFilter, SavedList
from zvh.web.saved_filters import MAX_SAVED_FILTERS

PC = Role.PROCESS_COORDINATOR
CREATE = reverse("web:saved-filter-create")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _save(client, list_key: str, query: str, name: str = "Mijn open casussen in Zwolle"):
    return client.post(CREATE, {"list": list_key, "query": query, "name": name})


def test_save_from_the_list_then_open_and_delete_from_the_start_page(world, client_for):
    client = client_for(world.user(PC))
    municipality = world.house.seat_municipality
    query = f"status=open&municipality={municipality.pk}&sort=-review&na=abc"
    response = _save(client, SavedList.CASES, query)
    saved = SavedFilter.objects.get()
    # Back to the list with the filters; the cursor is not part of a filter.
    assert response.status_code == 302
    assert saved.query == f"status=open&municipality={municipality.pk}&sort=-review"
    assert response["Location"] == f"{reverse('cases:list')}?{saved.query}"
    assert "is bewaard" in _messages(response)[0]

    home = client.get(reverse("web:home")).content.decode()
    open_url = reverse("web:saved-filter-open", args=[saved.pk])
    assert f'href="{open_url}"' in home and "Mijn open casussen in Zwolle" in home

    opened = client.get(open_url)
    assert opened.status_code == 302
    followed = client.get(opened["Location"])
    assert followed.status_code == 200
    assert followed.context["form"].cleaned_data["municipality"] == municipality

    deleted = client.post(reverse("web:saved-filter-delete", args=[saved.pk]))
    assert deleted.status_code == 302 and not SavedFilter.objects.exists()
    assert "Mijn open casussen" not in client.get(reverse("web:home")).content.decode()


@pytest.mark.parametrize(
    ("other", "house"),
    [(PC, "own"), (Role.CHAIN_MANAGER, "own"), (PC, "other")],
)
def test_another_user_can_neither_see_nor_use_a_saved_filter(world, client_for, other, house):
    owner = client_for(world.user(PC))
    _save(owner, SavedList.CASES, "status=all")
    saved = SavedFilter.objects.get()
    # The owner in another organisation, a colleague, someone of the other house.
    intruder = world.user(
        other, org="other" if other == PC and house == "own" else "own", house=house
    )
    client = client_for(intruder)
    assert client.get(reverse("web:saved-filter-open", args=[saved.pk])).status_code == 404
    assert client.post(reverse("web:saved-filter-delete", args=[saved.pk])).status_code == 404
    assert "Mijn open casussen" not in client.get(reverse("web:home")).content.decode()
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


@pytest.mark.parametrize(
    ("list_key", "query", "name", "message"),
    [
        (SavedList.CASES, "status=open", "   ", "Geef het filter een naam."),
        (SavedList.CASES, "status=verzonnen", "Fout", "De filters van de lijst kloppen niet"),
        (SavedList.CASES, "status=open", "x" * 101, "ten hoogste 100 tekens"),
        ("audit", "", "Toegangslog", "Deze lijst kunt u niet als filter bewaren."),
    ],
)
def test_invalid_input_saves_nothing_and_says_why(
    world, client_for, list_key, query, name, message
):
    response = _save(client_for(world.user(PC)), list_key, query, name)
    assert response.status_code == 302
    assert any(message in text for text in _messages(response))
    assert not SavedFilter.objects.exists()


def test_a_list_the_user_may_not_open_cannot_be_saved(world, client_for):
    """A partner professional has no house referral list."""
    response = _save(client_for(world.user(Role.PARTNER_PROFESSIONAL)), SavedList.REFERRALS, "")
    assert "Deze lijst kunt u niet als filter bewaren." in _messages(response)[0]
    assert not SavedFilter.objects.exists()


def test_a_name_is_unique_per_user_and_the_number_is_limited(world, client_for):
    client = client_for(world.user(PC))
    _save(client, SavedList.CASES, "status=all", "Alles")
    again = _save(client, SavedList.CONFERENCES, "", "Alles")
    assert any("U heeft al een filter met deze naam." in m for m in _messages(again))
    for n in range(MAX_SAVED_FILTERS - 1):
        _save(client, SavedList.PERSONS, "", f"Filter {n}")
    assert SavedFilter.objects.count() == MAX_SAVED_FILTERS
    refused = _save(client, SavedList.PERSONS, "", "Eén te veel")
    assert any("ten hoogste" in m for m in _messages(refused))
    assert SavedFilter.objects.count() == MAX_SAVED_FILTERS


def test_a_person_filter_keeps_no_name(world, client_for):
    """A surname typed into the person list would outlive the case it was for."""
    client = client_for(world.user(PC))
    _save(client, SavedList.PERSONS, "name=Jansen&sort=-registered", "Nieuwste betrokkenen")
    saved = SavedFilter.objects.get()
    assert parse_qs(saved.query) == {"sort": ["-registered"]}
    location = client.get(reverse("web:saved-filter-open", args=[saved.pk]))["Location"]
    assert urlsplit(location).path == reverse("people:list")


def test_the_list_offers_to_save_its_filters(world, client_for):
    html = client_for(world.user(PC)).get(reverse("cases:list"), {"status": "all"}).content
    page = html.decode()
    assert f'action="{CREATE}"' in page
    assert 'name="query" value="status=all"' in page
