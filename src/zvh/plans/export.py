"""The set plan as a PDF, for sharing with the participants. Exporting is an audited act.

The PDF shows the version that was last set (its snapshot), not later drafts: what the
participants share is what the process coordinator set. WeasyPrint renders it without fetching
anything: every resource request is refused, so a text in the plan cannot make the server
read a file or call a URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases import policy as case_policy
from zvh.cases.models import Case

from .models import PlanVersion
from .selectors import snapshot_view

STYLESHEET = Path(__file__).with_name("plan_pdf.css")


class NotSetError(Exception):
    """The plan has never been set: there is nothing to share yet."""


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError("external resources are not loaded into plan PDFs")


def plan_export_pdf(*, actor: Actor, case: Case) -> bytes:
    if not policy.can_use(actor, Function.VIEW_CASES) or not case_policy.can_view_case(actor, case):
        raise PermissionDenied
    version = (
        PlanVersion.objects.select_related("plan__set_by")
        .filter(plan__case=case, number=F("plan__set_revision"))
        .first()
    )
    if version is None:
        raise NotSetError
    html = render_to_string(
        "plans/plan_pdf.html",
        {
            "case": case,
            "plan": version.plan,
            "version": version,
            "snapshot": snapshot_view(version.snapshot),
            "exported_at": timezone.now(),
        },
    )
    from weasyprint import CSS, HTML  # imported here: it loads native libraries (Pango)

    pdf: bytes = HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_no_fetching)]
    )
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        object_type="plan",
        object_id=case.id,
        person_ids=case.case_persons.values_list("person_id", flat=True),
        detail={"format": "pdf", "revision": version.number},
    )
    return pdf
