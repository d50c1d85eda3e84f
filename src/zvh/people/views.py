import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zvh.authz.actor import Actor
from zvh.core.listing import ListFilters, list_context
from zvh.core.views import filtered_export_response, filtered_list_response, list_filters
from zvh.core.web import GET_POST
from zvh.network import policy as network_policy
from zvh.network.request import actor_for_request

from . import listing, selectors, services
from .forms import PersonForm
from .listing import PersonFilterForm

LIST_TEMPLATE = "people/person_list.html"


def _list_filters(
    request: HttpRequest, actor: Actor
) -> tuple[PersonFilterForm, ListFilters | None]:
    form = PersonFilterForm(request.GET or None, actor=actor)
    return form, list_filters(form, lambda data: form.filters(), ListFilters())


@require_GET
def person_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _list_filters(request, actor)
    return filtered_list_response(
        request,
        template=LIST_TEMPLATE,
        form=form,
        filters=filters,
        page=lambda filters, cursor: selectors.person_list(
            actor=actor, filters=filters, sorting=listing.SORTING, cursor=cursor
        ),
        context=list_context(listing.SORTING, filters, saved_list="persons"),
    )


@require_GET
def person_export_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _list_filters(request, actor)
    return filtered_export_response(
        request,
        template=LIST_TEMPLATE,
        form=form,
        filters=filters,
        rows=lambda filters: selectors.person_export(
            actor=actor, filters=filters, sorting=listing.SORTING
        ),
        filename=f"betrokkenen-{timezone.localdate():%Y-%m-%d}.csv",
        header=listing.export_header(),
        cells=listing.export_cells,
        context=list_context(listing.SORTING, filters, saved_list="persons"),
    )


@require_GET
def person_detail_view(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = selectors.person_get(actor=actor_for_request(request), person_id=person_id)
    return render(request, "people/person_detail.html", {"person": person})


@GET_POST
def person_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form = PersonForm(
        request.POST or None, municipalities=network_policy.visible_municipalities(actor)
    )
    duplicate: services.PossibleDuplicate | None = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=actor, **form.person_data(), distinct_from=form.distinct_from()
            )
        except services.PossibleDuplicate as exc:
            duplicate = exc
            if exc.same_bsn:
                form.add_error("bsn", _("Dit zorg- en veiligheidshuis kent al iemand met dit BSN."))
            else:
                form.offer_confirmation(exc.matches)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De betrokkene is geregistreerd."))
            return redirect("people:detail", person_id=person.id)
    return render(request, "people/person_form.html", {"form": form, "duplicate": duplicate})
