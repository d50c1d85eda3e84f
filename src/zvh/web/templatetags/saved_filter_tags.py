"""`{% saved_filter_links %}`: the user's own saved filters on the start page, each a link to
its list and a button to delete it (decision 0180). Renders nothing when there are none."""

from __future__ import annotations

from typing import Any

from django import template

from zvh.network.request import actor_for_request
from zvh.web.saved_filters import saved_filters

register = template.Library()


@register.inclusion_tag("web/_saved_filters.html", takes_context=True)
def saved_filter_links(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"saved": []}
    return {
        "saved": saved_filters(actor_for_request(request)),
        "csrf_token": context.get("csrf_token"),
    }
