"""The case page: the case core with what the apps above it add (escalations, reviews, transfers,
information items), composed here at the top so that the case core imports none of them
(decisions 0195, 0196). Its URL names stay in the `cases` namespace (zvh.web.case_urls)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases import forms as case_forms
from zvh.cases import selectors
from zvh.cases.models import Case
from zvh.escalation.services import case_escalations
from zvh.network.request import actor_for_request
from zvh.sharing import selectors as sharing_selectors
from zvh.sharing import services as sharing_services
from zvh.sharing.forms import ItemForm
from zvh.stepdown.review import case_reviews
from zvh.transfers.services import case_transfer_records
from zvh.triage.forms import add_service_errors


@require_GET
def case_detail_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    return _case_page(request, actor, case)


def _case_page(
    request: HttpRequest,
    actor: Actor,
    case: Case,
    *,
    note_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    context = selectors.case_page_context(
        actor=actor, case=case, journal_cursor=request.GET.get("na")
    )
    can_manage = policy.can_use(actor, Function.MANAGE_CASES)
    context.update(
        case=case,
        can_manage=can_manage,
        is_staff=actor.is_house_staff,
        note_form=note_form or _item_form(case, initial=ItemForm.initial_new()),
        escalations=case_escalations(case),
        actor_organisation_id=actor.organisation_id,
        release_candidates=list(sharing_selectors.release_candidates(case, actor.organisation_id))
        if actor.organisation_id
        else [],
        reviews=case_reviews(case),
        can_plan_conference=not case.is_closed and policy.can_use(actor, Function.PLAN_CONFERENCES),
        **case_transfer_records(case),
    )
    if can_manage and not case.is_closed:
        context["participant_form"] = case_forms.ParticipantAddForm(
            initial=case_forms.ParticipantAddForm.initial_for(case),
            organisations=selectors.participant_candidates(actor=actor, case=case),
        )
    return render(request, "cases/case_detail.html", context, status=status)


@require_POST
def note_add_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The item form sits on the case page; with errors, the page comes back with them."""
    actor = actor_for_request(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    form = _item_form(case, data=request.POST, files=request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            sharing_services.item_add(
                actor=actor,
                case=case,
                item_id=data["item_id"],
                item=sharing_services.NewItem(
                    contact_date=data["contact_date"],
                    text=data["text"],
                    category=data["category"],
                    legal_basis_id=data["legal_basis"].id,
                    purpose=data["purpose"],
                    subject_ids=[person.id for person in data["subjects"]],
                    attachment=data["attachment"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het item is toegevoegd aan het journaal."))
            return redirect("cases:detail", case_id=case.id)
    return _case_page(request, actor, case, note_form=form, status=400)


def _item_form(case: Case, **kwargs: Any) -> ItemForm:
    legal_bases, persons = sharing_selectors.item_form_choices(case)
    return ItemForm(**kwargs, legal_bases=legal_bases, persons=persons)
