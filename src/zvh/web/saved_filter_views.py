"""Saving a list's filters, opening a saved filter, and deleting one (decision 0180). The
list page posts here; the start page links here. Another user's saved filter is a 404."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zvh.network.request import actor_for_request

from . import saved_filters
from .saved_filters import LISTS


@require_POST
def saved_filter_create_view(request: HttpRequest) -> HttpResponse:
    """Back to the list with its filters either way: saved, or with what was wrong (nothing
    is saved then)."""
    actor = actor_for_request(request)
    list_key = request.POST.get("list", "")
    query = request.POST.get("query", "")
    try:
        saved = saved_filters.saved_filter_create(
            actor=actor, list_key=list_key, name=request.POST.get("name", ""), query=query
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(
                request, _("Het filter is niet bewaard: %(reason)s") % {"reason": message}
            )
        door = LISTS.get(list_key)
        if door is None:
            return redirect("web:home")
        url = reverse(door.url_name)
        query = QueryDict(query).urlencode()  # re-encoded: nothing of the input goes raw
        return redirect(f"{url}?{query}" if query else url)
    messages.success(
        request,
        _("Het filter „%(name)s” is bewaard en staat op uw startpagina.") % {"name": saved.name},
    )
    return redirect(saved_filters.saved_filter_url(saved))


@require_GET
def saved_filter_open_view(request: HttpRequest, saved_filter_id: uuid.UUID) -> HttpResponse:
    saved = saved_filters.saved_filter_get(
        actor=actor_for_request(request), saved_filter_id=saved_filter_id
    )
    return redirect(saved_filters.saved_filter_url(saved))


@require_POST
def saved_filter_delete_view(request: HttpRequest, saved_filter_id: uuid.UUID) -> HttpResponse:
    saved_filters.saved_filter_delete(
        actor=actor_for_request(request), saved_filter_id=saved_filter_id
    )
    messages.success(request, _("Het filter is verwijderd."))
    return redirect("web:home")
