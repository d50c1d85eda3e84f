"""`{% covenant_warnings %}`: the chain manager's covenant warnings on any page (home, my work),
without the page's view knowing about covenants. Renders nothing for other roles."""

from __future__ import annotations

from typing import Any

from django import template

from zvh.covenants.warning_selectors import covenant_warnings as covenant_warnings_for
from zvh.network.request import actor_for_request

register = template.Library()


@register.inclusion_tag("covenants/_warnings.html", takes_context=True)
def covenant_warnings(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    warnings = covenant_warnings_for(actor=actor_for_request(request)) if request else None
    return {"warnings": warnings, "with_link": True}
