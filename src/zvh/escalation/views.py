"""Escalation pages: propose (participants), raise (house staff), the inbox and one
escalation with the addressee's response. The addressee's page shows the minimum of the case
and never links into it: an administrator sees no cases (cases/escalation_policy.py)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zvh.accounts.models import User
from zvh.audit.denials import record_denial
from zvh.cases import selectors
from zvh.cases.forms import UserChoiceField
from zvh.cases.models import Case, Escalation, EscalationReason
from zvh.cases.services import MAX_TEXT
from zvh.core.web import GET_POST
from zvh.escalation.policy import can_answer_escalation
from zvh.network.request import actor_for_request
from zvh.plans.models import Agreement
from zvh.triage.forms import add_service_errors

from . import services as escalation


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        agreement: Agreement = obj
        return f"{agreement.what[:80]} ({agreement.due_date:%d-%m-%Y})"


class ProposeForm(forms.Form):
    # Chosen when the form is shown: a second submit of the same form creates nothing twice.
    escalation_id = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reden"), choices=EscalationReason.choices)
    explanation = forms.CharField(
        label=_("Toelichting"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat loopt vast, en wat is er al geprobeerd?"),
    )
    agreement = AgreementChoiceField(
        label=_("Vastgelopen afspraak"), queryset=Agreement.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = escalation.stuck_agreement_choices(case)  # type: ignore[attr-defined]


class RaiseForm(forms.Form):
    addressee = UserChoiceField(
        label=_("Gericht aan"),
        queryset=User.objects.none(),
        help_text=_("De ketenmanager of een bestuurder van het huis."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = escalation.addressee_candidates(case)  # type: ignore[attr-defined]


class RespondForm(forms.Form):
    response = forms.CharField(
        label=_("Uw reactie"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5})
    )
    resolved = forms.TypedChoiceField(
        label=_("Is de escalatie opgelost?"),
        choices=[("yes", _("Ja, opgelost")), ("no", _("Nee, niet opgelost"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


def _form_page(
    request: HttpRequest, case: Case, form: forms.Form, title: Any, submit: Any, intro: Any
) -> HttpResponse:
    action = SimpleNamespace(title=title, submit=submit, intro=intro)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "cases/case_action.html",
        {"case": case, "action": action, "form": form},
        status=status,
    )


@GET_POST
def escalation_propose_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    if case.is_closed:
        messages.info(request, _("De casus is afgesloten. Heropen de casus eerst."))
        return redirect("cases:detail", case_id=case.id)
    if request.method == "POST":
        form = ProposeForm(request.POST, case=case)
    else:
        form = ProposeForm(initial={"escalation_id": uuid.uuid4()}, case=case)
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        escalation_id = data.pop("escalation_id")
        try:
            escalation.escalation_propose(
                actor=actor,
                case=case,
                data=escalation.EscalationInput(**data),
                escalation_id=escalation_id,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("De escalatie is voorgesteld. De procesregisseur schaalt haar op.")
            )
            return redirect("cases:detail", case_id=case.id)
    return _form_page(
        request,
        case,
        form,
        _("Escalatie voorstellen"),
        _("Voorstellen"),
        _(
            "De procesregisseur of ketenmanager beslist of en bij wie de escalatie wordt "
            "neergelegd. De geadresseerde ziet alleen de naam van de betrokkene, de "
            "vastgelopen afspraak en de reden."
        ),
    )


@GET_POST
def escalation_raise_view(
    request: HttpRequest, case_id: uuid.UUID, escalation_id: uuid.UUID
) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    item = case.escalations.filter(pk=escalation_id).first()
    if item is None:
        record_denial(actor, object_type="escalation", object_id=escalation_id)
        raise Http404
    form = RaiseForm(request.POST if request.method == "POST" else None, case=case)
    if form.is_bound and form.is_valid():
        try:
            escalation.escalation_raise(
                actor=actor, escalation=item, addressee=form.cleaned_data["addressee"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("De escalatie is opgeschaald. De geadresseerde krijgt een bericht.")
            )
            return redirect("cases:detail", case_id=case.id)
    return _form_page(
        request,
        case,
        form,
        _("Escalatie opschalen"),
        _("Opschalen"),
        _("Eerst naar de ketenmanager; lukt het daar niet, dan naar een bestuurder."),
    )


@require_GET
def escalation_list_view(request: HttpRequest) -> HttpResponse:
    rows = escalation.escalation_list(actor=actor_for_request(request))
    return render(request, "cases/escalation_list.html", {"escalations": rows})


def _detail_page(
    request: HttpRequest, item: Escalation, form: RespondForm | None, status: int = 200
) -> HttpResponse:
    actor = actor_for_request(request)
    can_answer = can_answer_escalation(actor, item)
    context = {
        "escalation": item,
        "persons": escalation.escalation_persons(item),
        "can_answer": can_answer,
        "form": form or (RespondForm() if can_answer else None),
        "is_staff": actor.is_house_staff,
    }
    return render(request, "cases/escalation_detail.html", context, status=status)


@require_GET
def escalation_detail_view(request: HttpRequest, escalation_id: uuid.UUID) -> HttpResponse:
    item = escalation.escalation_get(actor=actor_for_request(request), escalation_id=escalation_id)
    return _detail_page(request, item, None)


@require_POST
def escalation_respond_view(request: HttpRequest, escalation_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    item = escalation.escalation_get(actor=actor, escalation_id=escalation_id)
    if item.addressee_id != actor.user_id:
        record_denial(actor, object_type="escalation", object_id=escalation_id)
        raise Http404
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            escalation.escalation_respond(
                actor=actor,
                escalation=item,
                response=form.cleaned_data["response"],
                resolved=form.cleaned_data["resolved"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Uw reactie is vastgelegd en de escalatie is afgesloten."))
            return redirect("cases:escalation-detail", escalation_id=item.id)
    return _detail_page(request, item, form, status=400)
