"""`{% latest_steering_report %}`: the start page's section for whoever sees the house's
steering-group reports: the newest final report, with a link to it and its PDF."""

from __future__ import annotations

from typing import Any

from django import template

from zvh.network.request import actor_for_request
from zvh.reports.selectors import latest_final_report

register = template.Library()


@register.inclusion_tag("reports/_latest.html", takes_context=True)
def latest_steering_report(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"report": None, "show_empty": False}
    return {"report": latest_final_report(actor=actor_for_request(request)), "show_empty": True}
