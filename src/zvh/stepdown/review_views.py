"""The review page: progress per goal, optional ZRM scores, and the next review date.

A review adds a row rather than editing the case, so the form carries an id against double
submits instead of the case's version.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.cases import selectors
from zvh.cases.forms import DATE_ERRORS, DATE_FORMATS, DATE_WIDGET, _textarea
from zvh.cases.models import Case
from zvh.cases.selectors import case_settings_for
from zvh.cases.services import MAX_TEXT
from zvh.core.life_domains import LifeDomain, ZrmScore
from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request
from zvh.plans.models import Goal
from zvh.triage.forms import add_service_errors

from . import review

ZRM_CHOICES = [("", _("Geen score")), *((str(n), label) for n, label in ZrmScore.choices)]


class ReviewForm(forms.Form):
    review_id = forms.UUIDField(widget=forms.HiddenInput)
    held_on = forms.DateField(
        label=_("Datum evaluatie"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Vul de datum van de evaluatie in."), **DATE_ERRORS},
    )

    def __init__(self, *args: Any, goals: list[Goal], cadence_weeks: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        domains = dict(LifeDomain.choices)
        if goals:
            for goal in goals:
                self.fields[f"progress_{goal.id}"] = forms.CharField(
                    label=_("Voortgang: %(domain)s") % {"domain": domains[goal.life_domain]},
                    help_text=goal.description,
                    required=False,
                    max_length=MAX_TEXT,
                    widget=_textarea(),
                )
        else:
            self.fields["progress"] = forms.CharField(
                label=_("Voortgang"),
                help_text=_("Het plan van aanpak heeft nog geen doelen."),
                max_length=MAX_TEXT,
                widget=_textarea(),
                error_messages={"required": _("Beschrijf de voortgang.")},
            )
        self.fields["next_review_date"] = forms.DateField(
            label=_("Volgende evaluatie"),
            required=False,
            widget=DATE_WIDGET,
            input_formats=DATE_FORMATS,
            error_messages=DATE_ERRORS,
            help_text=_("Leeg laten: %(weeks)d weken na deze evaluatie.")
            % {"weeks": cadence_weeks},
        )
        for value, label in LifeDomain.choices:
            self.fields[f"zrm_{value}"] = forms.TypedChoiceField(
                label=_("ZRM-score %(domain)s") % {"domain": label},
                choices=ZRM_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={
                    "invalid_choice": _("Een ZRM-score is een getal van 1 tot en met 5.")
                },
            )

    @staticmethod
    def initial_new() -> dict[str, Any]:
        return {"review_id": uuid.uuid4(), "held_on": timezone.localdate()}

    def progress(self) -> dict[str, str] | str:
        data = self.cleaned_data
        if not self.goals:
            return str(data["progress"])
        return {str(goal.id): data[f"progress_{goal.id}"] for goal in self.goals}

    def zrm_scores(self) -> dict[str, int]:
        return {
            value: self.cleaned_data[f"zrm_{value}"]
            for value in LifeDomain.values
            if self.cleaned_data.get(f"zrm_{value}") is not None
        }


PAGE = {
    "title": _("Evaluatie vastleggen"),
    "submit": _("Evaluatie opslaan"),
    "intro": _(
        "Beschrijf de voortgang per doel. ZRM-scores per leefgebied, van 1 (acute problematiek) "
        "tot en met 5 (volledig zelfredzaam), zijn optioneel. De volgende evaluatie kan niet in "
        "het verleden liggen."
    ),
}


def _form(case: Case, data: Any = None) -> ReviewForm:
    return ReviewForm(
        data,
        initial=None if data is not None else ReviewForm.initial_new(),
        goals=review.review_goals(case),
        cadence_weeks=case_settings_for(case.house_id).review_cadence_weeks,
    )


@GET_POST
def case_review_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    if case.is_closed:
        messages.info(request, _("De casus is afgesloten. Heropen de casus eerst."))
        return redirect("cases:detail", case_id=case.id)
    form = _form(case, request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            try:
                review.case_review_record(
                    actor=actor,
                    case=case,
                    held_on=data["held_on"],
                    progress=form.progress(),
                    zrm_scores=form.zrm_scores(),
                    next_review_date=data["next_review_date"],
                    review_id=data["review_id"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De evaluatie is vastgelegd."))
                return redirect("cases:detail", case_id=case.id)
        status = 400
    return render(
        request,
        "cases/case_action.html",
        {"case": case, "action": PAGE, "form": form},
        status=status,
    )
