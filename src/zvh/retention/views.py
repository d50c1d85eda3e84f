"""The chain manager's retention screen under /beheer/bewaartermijnen/: the house's terms, and
one form to change and confirm them all. Thin: form in, one service, page out."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zvh.core.concurrency import STALE_MESSAGE, StaleObjectError
from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request
from zvh.triage.forms import add_service_errors

from . import selectors, services
from .forms import RetentionTermsForm, version_field

TEMPLATE_EDIT = "retention/terms_form.html"


@require_GET
def terms_view(request: HttpRequest) -> HttpResponse:
    rows = selectors.retention_terms_for(actor=actor_for_request(request))
    return render(
        request,
        "retention/terms.html",
        {"rows": rows, "all_confirmed": all(row.confirmed for row in rows)},
    )


@GET_POST
def terms_edit_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    rows = selectors.retention_terms_for(actor=actor)
    if request.method != "POST":
        return render(request, TEMPLATE_EDIT, {"form": RetentionTermsForm(rows=rows)})
    form = RetentionTermsForm(request.POST, rows=rows)
    if form.is_valid():
        try:
            services.retention_terms_confirm(
                actor=actor, months=form.months(), versions=form.versions()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleObjectError:
            return _stale(request, actor_rows=selectors.retention_terms_for(actor=actor))
        else:
            messages.success(request, _("De bewaartermijnen zijn bevestigd."))
            return redirect("retention:terms")
    return render(request, TEMPLATE_EDIT, {"form": form}, status=400)


def _stale(request: HttpRequest, *, actor_rows: list[selectors.TermRow]) -> HttpResponse:
    """The user's input again, against the versions stored now, beside the stored terms: saving
    once more is a deliberate overwrite."""
    data = request.POST.copy()
    for row in actor_rows:
        data[version_field(row.kind)] = str(row.version)
    form = RetentionTermsForm(data, rows=actor_rows)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
    return render(request, TEMPLATE_EDIT, {"form": form, "current": actor_rows}, status=409)
