"""Saved filters (decision 0180): which list each is for, saving one from a list page, and
reading one's own. Only the owner, in the house it was saved in, sees or uses a saved filter:
any other id is a 404. A saved filter holds a query string, validated by the list's own filter
form when it is saved; the list validates it again when it is opened."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zvh.audit.reads import audited_get
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases.listing import CaseFilterForm
from zvh.conferences.listing import ConferenceFilterForm
from zvh.core.listing import ListFilterForm
from zvh.intake.listing import ReferralFilterForm
from zvh.people.listing import PersonFilterForm

from .models import MAX_SAVED_FILTER_NAME, MAX_SAVED_QUERY, SavedFilter, SavedList

# Enough for every list and status a coordinator works from; more is a sign of clutter.
MAX_SAVED_FILTERS = 20


@dataclass(frozen=True)
class ListDoor:
    url_name: str
    function: Function
    form: Callable[..., ListFilterForm]


LISTS: dict[str, ListDoor] = {
    SavedList.REFERRALS: ListDoor("intake:list", Function.VIEW_HOUSE_REFERRALS, ReferralFilterForm),
    SavedList.CASES: ListDoor("cases:list", Function.VIEW_CASES, CaseFilterForm),
    SavedList.CONFERENCES: ListDoor(
        "conferences:list", Function.VIEW_CONFERENCES, ConferenceFilterForm
    ),
    SavedList.PERSONS: ListDoor("people:list", Function.VIEW_PEOPLE, PersonFilterForm),
}


def saved_filter_url(saved: SavedFilter) -> str:
    url = reverse(LISTS[saved.list_key].url_name)
    return f"{url}?{saved.query}" if saved.query else url


def _owned(actor: Actor) -> Any:
    if actor.user_id is None or actor.house_id is None:
        return SavedFilter.objects.none()
    return SavedFilter.objects.filter(user_id=actor.user_id, house_id=actor.house_id)


def saved_filters(actor: Actor) -> list[SavedFilter]:
    """The actor's own saved filters in this house, of the lists the actor may open now."""
    lists = [key for key, door in LISTS.items() if policy.can_use(actor, door.function)]
    return list(_owned(actor).filter(list_key__in=lists).order_by("name", "id"))


def saved_filter_get(*, actor: Actor, saved_filter_id: uuid.UUID) -> SavedFilter:
    """The actor's own saved filter; any other, or an unknown id, is a 404 and a denial in the
    access log, as every refused object is."""
    return audited_get(
        actor=actor, queryset=_owned(actor), pk=saved_filter_id, object_type="saved_filter"
    )


def saved_filter_create(*, actor: Actor, list_key: str, name: str, query: str) -> SavedFilter:
    """Saves the list's filters as `name`. Refused (ValidationError, nothing saved) for a list
    the actor may not open, filters the list's form refuses, an empty or taken name, or one
    filter too many."""
    door = LISTS.get(list_key)
    if (
        door is None
        or not policy.can_use(actor, door.function)
        or actor.user_id is None
        or actor.house_id is None
    ):
        raise ValidationError(_("Deze lijst kunt u niet als filter bewaren."), code="list")
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Geef het filter een naam.")})
    if len(name) > MAX_SAVED_FILTER_NAME:
        raise ValidationError(
            {"name": _("Een naam is ten hoogste %(max)s tekens.") % {"max": MAX_SAVED_FILTER_NAME}}
        )
    form = door.form(QueryDict(query), actor=actor)
    if not form.is_valid():
        raise ValidationError(_("De filters van de lijst kloppen niet; pas ze eerst aan."))
    saved_query = form.saved_query()
    if len(saved_query) > MAX_SAVED_QUERY:
        raise ValidationError(_("Dit filter is te lang om te bewaren."))
    owned = _owned(actor)
    if owned.count() >= MAX_SAVED_FILTERS:
        raise ValidationError(
            _("U kunt ten hoogste %(max)s filters bewaren. Verwijder er eerst een.")
            % {"max": MAX_SAVED_FILTERS}
        )
    if owned.filter(name=name).exists():
        raise ValidationError({"name": _("U heeft al een filter met deze naam.")})
    try:
        with transaction.atomic():
            return SavedFilter.objects.create(
                user_id=actor.user_id,
                house_id=actor.house_id,
                list_key=list_key,
                name=name,
                query=saved_query,
            )
    except IntegrityError:  # the same name saved twice at once
        raise ValidationError({"name": _("U heeft al een filter met deze naam.")}) from None


def saved_filter_delete(*, actor: Actor, saved_filter_id: uuid.UUID) -> None:
    saved_filter_get(actor=actor, saved_filter_id=saved_filter_id).delete()
