"""Closing a case: one form, one button (decision 0178). It asks for the reason; when the
reason is "stepped down", the house's step-down checklist and the receiving party apply, and
the closure goes through `stepdown.case_step_down`; any other reason through `case_close`."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zvh.accounts.models import User
from zvh.cases import selectors
from zvh.cases.forms import UserChoiceField, _textarea
from zvh.cases.models import Case, CaseStatus, ClosureReason, StepDownCriterion
from zvh.cases.services import MAX_TEXT
from zvh.cases.views import _Action, _case_action
from zvh.core.concurrency import VersionFormMixin
from zvh.core.web import GET_POST
from zvh.network import policy as network_policy
from zvh.network.models import Organisation
from zvh.network.request import actor_for_request
from zvh.triage.forms import GroupRadioSelect

from . import services as stepdown

STEP_DOWN_FIELDS = ("receiving_organisation", "receiving_person", "receiving_user")


class CloseForm(VersionFormMixin):
    reason = forms.ChoiceField(
        label=_("Reden van afsluiten"),
        choices=ClosureReason.choices,
        widget=GroupRadioSelect,
        error_messages={
            "required": _("Kies de reden van afsluiten."),
            "invalid_choice": _("Kies de reden van afsluiten."),
        },
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(),
        help_text=_("Verplicht bij 'overig'."),
    )
    receiving_organisation = forms.ModelChoiceField(
        label=_("Overnemende organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    receiving_person = forms.CharField(
        label=_("Overnemende persoon"),
        max_length=150,
        required=False,
        help_text=_("Naam en functie van de contactpersoon die de zorg overneemt."),
    )
    receiving_user = UserChoiceField(
        label=_("Overnemende persoon als gebruiker van ZVH"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Als de persoon ZVH gebruikt, krijgt die een bericht."),
        error_messages={"invalid_choice": _("Kies een gebruiker van dit huis.")},
    )

    def __init__(
        self,
        *args: Any,
        criteria: list[StepDownCriterion],
        organisations: QuerySet[Organisation],
        users: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["receiving_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["receiving_user"].queryset = users  # type: ignore[attr-defined]
        # One "met" box and one exception per criterion of the house's checklist.
        for criterion in criteria:
            self.fields[f"met_{criterion.id}"] = forms.BooleanField(
                label=criterion.text, required=False
            )
            self.fields[f"exception_{criterion.id}"] = forms.CharField(
                label=_("Uitzondering: waarom kan de casus toch worden afgeschaald?"),
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Alleen als het criterium hierboven niet is vervuld."),
            )

    @property
    def general_fields(self) -> list[forms.BoundField]:
        return [self["reason"], self["note"]]

    @property
    def step_down_fields(self) -> list[forms.BoundField]:
        checklist = [
            self[f"{prefix}_{criterion.id}"]
            for criterion in self.criteria
            for prefix in ("met", "exception")
        ]
        return checklist + [self[name] for name in STEP_DOWN_FIELDS]

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": case.version}
        # A proposed step-down is what the coordinator closes most likely.
        if case.status == CaseStatus.STEP_DOWN_PROPOSED:
            initial["reason"] = ClosureReason.STEPPED_DOWN
        return initial


def _step_down_input(criteria: list[StepDownCriterion], data: dict[str, Any]) -> stepdown.StepDown:
    return stepdown.StepDown(
        judgements={
            criterion.id: stepdown.CriterionJudgement(
                met=bool(data.get(f"met_{criterion.id}")),
                exception=data.get(f"exception_{criterion.id}") or "",
            )
            for criterion in criteria
        },
        receiving_organisation=data["receiving_organisation"],
        receiving_person=data["receiving_person"],
        receiving_user=data["receiving_user"],
        note=data["note"],
    )


def _form_kwargs(actor: Any, case: Case) -> dict[str, Any]:
    return {
        "criteria": list(stepdown.step_down_criteria(case.house_id)),
        "organisations": network_policy.visible_organisations(actor),
        "users": stepdown.receiving_user_candidates(case),
    }


def _save(actor: Any, case: Case, version: int, data: dict[str, Any]) -> object:
    criteria = list(stepdown.step_down_criteria(case.house_id))
    return stepdown.case_close_with(
        actor=actor,
        case=case,
        expected_version=version,
        reason=data["reason"],
        note=data["note"],
        step_down=_step_down_input(criteria, data),
    )


CLOSE = _Action(
    form_class=CloseForm,
    title=_("Casus afsluiten"),
    submit=_("Casus afsluiten"),
    success=_("De casus is afgesloten."),
    intro=_(
        "Kies de reden. Bij afschalen vinkt u elk criterium aan dat is vervuld; is een "
        "criterium niet vervuld, leg dan vast waarom de casus toch wordt afgeschaald, en noem "
        "de partij die de zorg overneemt. Na het afsluiten ziet niemand nog een volgende "
        "evaluatie. Heropenen kan, met een reden."
    ),
    form_kwargs=_form_kwargs,
    save=_save,
    template="cases/case_close.html",
)


@GET_POST
def case_close_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    return _case_action(request, actor, case, CLOSE)


@require_GET
def case_step_down_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The former step-down page: closing is one form now. Kept for links and bookmarks."""
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    return redirect(reverse("cases:close", kwargs={"case_id": case.id}), permanent=True)
