"""`{% mayor_briefing_section %}`: the bestuurder's part of the start page (the briefing in
numbers and the escalations waiting for them). Renders nothing for anyone else."""

from __future__ import annotations

from typing import Any

from django import template

from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.briefing.selectors import LIGHT_LABELS, Light, start_section
from zvh.network.request import actor_for_request

register = template.Library()


@register.inclusion_tag("briefing/_start_section.html", takes_context=True)
def mayor_briefing_section(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"section": None}
    actor = actor_for_request(request)
    if not can_use(actor, Function.VIEW_MAYOR_BRIEFING):
        return {"section": None}
    return {"section": start_section(actor=actor)}


@register.filter
def light_label(light: str) -> str:
    """The words of a traffic light (the colour is never the only sign)."""
    return str(LIGHT_LABELS[Light(light)])
