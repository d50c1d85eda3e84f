"""Referral pages: the form, the referrer's list, the house's list, one referral, and the
actions on it. Thin: forms in, one service or selector, a template out."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zvh.authz.actor import Actor
from zvh.core.forms import ErrorSummary
from zvh.core.listing import ListFilters, list_context
from zvh.core.views import filtered_export_response, filtered_list_response, list_filters
from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request

from . import listing, selectors, services
from .forms import (
    ForwardForm,
    HouseholdFormSet,
    KeepForm,
    PersonForm,
    PriorityListUploadForm,
    ReferralForm,
    SupplyInformationForm,
)
from .listing import ReferralFilterForm
from .models import Behaviour, Channel, Orientation, Source, Urgency
from .policy import is_referrer
from .priority_lists import parse_csv, priority_list_import

HOUSE_LIST_TEMPLATE = "intake/house_referrals.html"


def _person_inputs(main: PersonForm, household: Any) -> list[services.PersonInput]:
    filled = [main.cleaned_data] + [
        f.cleaned_data for f in household if f.cleaned_data.get("surname")
    ]
    return [
        services.PersonInput(
            surname=p["surname"],
            given_names=p.get("given_names") or "",
            surname_prefix=p.get("surname_prefix") or "",
            date_of_birth=p.get("date_of_birth"),
            bsn=p.get("bsn") or "",
            street=p.get("street") or "",
            house_number=p.get("house_number") or "",
            postcode=p.get("postcode") or "",
            city=p.get("city") or "",
        )
        for p in filled
    ]


# The no-script way to "Huisgenoot toevoegen": the form comes back with one more block.
ADD_MEMBER = "add_member"


def _as_initial(form: Any) -> dict[str, Any]:
    """What was entered in a bound form, as the initial values of an unbound one."""
    return {name: form[name].data for name in form.fields}


def _with_new_member(
    form: ReferralForm, person: PersonForm, household: Any
) -> tuple[ReferralForm, PersonForm, Any]:
    """The same entries, unchecked, and one more household block, which gets the focus."""
    members = [_as_initial(member) for member in household.forms]
    if len(members) < household.max_num:
        members.append({})
    grown = HouseholdFormSet(prefix="household", initial=members)
    grown.forms[-1].fields["given_names"].widget.attrs["autofocus"] = True
    return (
        ReferralForm(initial=_as_initial(form)),
        PersonForm(prefix="person", initial=_as_initial(person)),
        grown,
    )


def _error_summary(form: ReferralForm, person: PersonForm, household: Any) -> ErrorSummary:
    summary = ErrorSummary().add(person).add(form)
    if household.is_bound:
        summary.add_general(household.non_form_errors())
        for number, member in enumerate(household.forms, start=1):
            summary.add(member, of=_("huisgenoot %(number)d") % {"number": number})
    return summary


@GET_POST
def referral_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    data = request.POST if request.method == "POST" else None
    form = ReferralForm(data)
    person = PersonForm(data, prefix="person")
    household = HouseholdFormSet(data, prefix="household")
    known = 0
    likely_duplicate = None
    if data is not None and ADD_MEMBER in data:
        form, person, household = _with_new_member(form, person, household)
    elif data is not None and form.is_valid() and person.is_valid() and household.is_valid():
        cleaned = form.cleaned_data
        token = cleaned["submission"]
        try:
            submitted = services.referral_submit_web(
                actor=actor,
                house=selectors.current_house(actor),
                confirmed=request.POST.get("confirmed") == "1",
                duplicate_confirmed=request.POST.get("duplicate_confirmed") == "1",
                data=services.ReferralInput(
                    channel=Channel.WEB,
                    source=Source(cleaned["source"]),
                    referring_organisation_id=actor.organisation_id,  # type: ignore[arg-type]
                    referring_user_id=actor.user_id,
                    referrer_contact=cleaned["referrer_contact"],
                    persons=_person_inputs(person, household),
                    reason=cleaned["reason"],
                    request=cleaned["request"],
                    orientation=Orientation(cleaned["orientation"]),
                    municipality_id=cleaned["municipality"].id if cleaned["municipality"] else None,
                    life_domains=cleaned["life_domains"],
                    behaviour=Behaviour(cleaned["behaviour"]),
                    chains_involved=cleaned["chains_involved"],
                    system_impact=cleaned["system_impact"],
                    local_approach_tried=cleaned["local_approach_tried"],
                    local_approach_stuck=cleaned["local_approach_stuck"],
                    urgency=Urgency(cleaned["urgency"]),
                    external_id=token.hex if token else "",
                ),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            created = submitted.created
            if submitted.earlier is not None:
                messages.warning(
                    request,
                    _(
                        "Dit formulier was al verstuurd als aanmelding %(number)s. Er is geen "
                        "tweede aanmelding gemaakt."
                    )
                    % {"number": submitted.earlier.number},
                )
                return redirect("intake:detail", referral_id=submitted.earlier.id)
            likely_duplicate = submitted.likely_duplicate
            if created is None:
                # BSN, surname and date of birth all known: confirm before it is linked.
                known = submitted.check.full_matches
            else:
                referral = created.referral
                messages.success(
                    request,
                    _("Uw aanmelding %(number)s is ontvangen.") % {"number": referral.number},
                )
                if created.linked and created.referrer_may_know:
                    messages.info(
                        request,
                        _(
                            "Voor deze persoon loopt al een aanmelding of casus bij het huis. "
                            "Uw aanmelding is daaraan gekoppeld."
                        ),
                    )
                return redirect("intake:detail", referral_id=referral.id)
    return render(
        request,
        "intake/referral_form.html",
        {
            "form": form,
            "person": person,
            "household": household,
            "known": known,
            "likely_duplicate": likely_duplicate,
            "summary": _error_summary(form, person, household),
        },
    )


@require_GET
def my_referrals_view(request: HttpRequest) -> HttpResponse:
    page = selectors.referrals_of_referrer(
        actor=actor_for_request(request), cursor=request.GET.get("na")
    )
    return render(request, "intake/my_referrals.html", {"page": page})


def _house_filters(
    request: HttpRequest, actor: Actor
) -> tuple[ReferralFilterForm, ListFilters | None]:
    form = ReferralFilterForm(request.GET or None, actor=actor)
    return form, list_filters(form, lambda data: form.filters(), ListFilters())


@require_GET
def house_referrals_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _house_filters(request, actor)
    return filtered_list_response(
        request,
        template=HOUSE_LIST_TEMPLATE,
        form=form,
        filters=filters,
        page=lambda filters, cursor: selectors.house_referrals(
            actor=actor, filters=filters, sorting=listing.SORTING, cursor=cursor
        ),
        context=list_context(listing.SORTING, filters, saved_list="referrals"),
    )


@require_GET
def house_referrals_export_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _house_filters(request, actor)
    return filtered_export_response(
        request,
        template=HOUSE_LIST_TEMPLATE,
        form=form,
        filters=filters,
        rows=lambda filters: selectors.house_referrals_export(
            actor=actor, filters=filters, sorting=listing.SORTING
        ),
        filename=f"aanmeldingen-{timezone.localdate():%Y-%m-%d}.csv",
        header=listing.export_header(),
        cells=listing.export_cells,
        context=list_context(listing.SORTING, filters, saved_list="referrals"),
    )


@require_GET
def referral_detail_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    referral = selectors.referral_get(actor=actor, referral_id=referral_id)
    context = selectors.referral_page_context(actor=actor, referral=referral)
    context.update(
        referral=referral,
        is_staff=actor.is_house_staff,
        is_referrer=is_referrer(actor, referral),
    )
    return render(request, "intake/referral_detail.html", context)


@GET_POST
def supply_information_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    referral = selectors.referral_get(actor=actor, referral_id=referral_id)
    if not is_referrer(actor, referral):
        raise Http404
    form = SupplyInformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_supply_information(
                actor=actor, referral=referral, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("De informatie is toegevoegd aan uw aanmelding."))
            return redirect("intake:detail", referral_id=referral.id)
    context = selectors.referral_page_context(actor=actor, referral=referral)
    context.update(referral=referral, form=form)
    return render(request, "intake/supply_information.html", context)


@GET_POST
def keep_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    referral = selectors.referral_get(actor=actor, referral_id=referral_id)
    form = KeepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.referral_keep_despite_residence(
            actor=actor, referral=referral, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("De aanmelding blijft bij dit huis."))
        return redirect("intake:detail", referral_id=referral.id)
    return render(
        request,
        "intake/residence_form.html",
        {"referral": referral, "form": form, "action": "keep"},
    )


@GET_POST
def forward_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    referral = selectors.referral_get(actor=actor, referral_id=referral_id)
    form = ForwardForm(request.POST or None, house_id=referral.house_id)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.referral_forward(
                actor=actor,
                referral=referral,
                to_house=form.cleaned_data["to_house"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Doorgestuurd naar %(house)s als %(number)s.")
                % {"house": form.cleaned_data["to_house"].name, "number": created.number},
            )
            return redirect("intake:detail", referral_id=referral.id)
    return render(
        request,
        "intake/residence_form.html",
        {"referral": referral, "form": form, "action": "forward"},
    )


@GET_POST
def priority_list_upload_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form = PriorityListUploadForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            parsed = parse_csv(form.cleaned_data["file"].read())
            problems = parsed.problems
            imported = priority_list_import(
                actor=actor,
                house=selectors.current_house(actor),
                name=form.cleaned_data["name"],
                organisation_id=actor.organisation_id,  # type: ignore[arg-type]
                parsed=parsed,
                only_valid_rows=form.cleaned_data["only_valid_rows"],
                referring_user_id=actor.user_id,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(count)d personen van de lijst zijn aangemeld.") % {"count": imported.created},
            )
            if imported.skipped_rows:
                messages.warning(
                    request,
                    _("Overgeslagen regels: %(rows)s.")
                    % {"rows": ", ".join(str(row) for row in imported.skipped_rows)},
                )
            return redirect("intake:mine")
    return render(request, "intake/priority_list_upload.html", {"form": form, "problems": problems})
