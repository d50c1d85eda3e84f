"""The step-down page: the house's checklist, the receiving party, and closing the case."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.authz import policy
from zvh.authz.request import actor_for_request
from zvh.core.concurrency import VersionFormMixin
from zvh.network.models import Organisation

from . import selectors, stepdown
from .forms import UserChoiceField
from .models import Case, StepDownCriterion
from .services import MAX_TEXT
from .views import GET_POST, _Action, _case_action


class StepDownForm(VersionFormMixin):
    receiving_organisation = forms.ModelChoiceField(
        label=_("Overnemende organisatie"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Kies de organisatie die de zorg overneemt.")},
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
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
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
        # The checklist first: one "met" box and one exception per criterion.
        checklist: dict[str, forms.Field] = {}
        for criterion in criteria:
            checklist[f"met_{criterion.id}"] = forms.BooleanField(
                label=criterion.text, required=False
            )
            checklist[f"exception_{criterion.id}"] = forms.CharField(
                label=_("Uitzondering: waarom kan de casus toch worden afgeschaald?"),
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Alleen als het criterium hierboven niet is vervuld."),
            )
        self.fields = {**checklist, **self.fields}

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {"version": case.version}


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
        "organisations": policy.visible_organisations(actor),
        "users": stepdown.receiving_user_candidates(case),
    }


def _save(actor: Any, case: Case, version: int, data: dict[str, Any]) -> object:
    criteria = list(stepdown.step_down_criteria(case.house_id))
    return stepdown.case_step_down(
        actor=actor,
        case=case,
        expected_version=version,
        step_down=_step_down_input(criteria, data),
    )


STEP_DOWN = _Action(
    form_class=StepDownForm,
    title=_("Afschalen en afsluiten"),
    submit=_("Afschalen en casus afsluiten"),
    success=_("De casus is afgeschaald en afgesloten. De overnemende partij is genoemd."),
    intro=_(
        "Vink elk criterium aan dat is vervuld. Is een criterium niet vervuld, leg dan vast "
        "waarom de casus toch wordt afgeschaald. De casus sluit met de reden 'afgeschaald'."
    ),
    form_kwargs=_form_kwargs,
    save=_save,
)


@GET_POST
def case_step_down_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    return _case_action(request, actor, case, STEP_DOWN)
