"""Forms of the plan pages. Edits carry the version they were opened with; a new agreement
carries an id chosen when the form is shown, so a second submit creates nothing new."""

from __future__ import annotations

import uuid
from itertools import groupby
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.cases.forms import DATE_ERRORS, DATE_FORMATS, DATE_WIDGET
from zvh.core.concurrency import VersionFormMixin
from zvh.core.life_domains import LifeDomain
from zvh.triage.forms import GroupRadioSelect

from .models import MAX_GOAL, MAX_NOTE, MAX_WHAT, Agreement, Goal, InterventionDomain, Plan


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class GoalsForm(VersionFormMixin):
    """One field per life domain; an empty field means no goal on that domain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in LifeDomain.choices:
            self.fields[value] = forms.CharField(
                label=label, required=False, max_length=MAX_GOAL, widget=_textarea(2)
            )

    @staticmethod
    def initial_for(plan: Plan | None, goals: list[Goal]) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": plan.version if plan else 1}
        initial.update({goal.life_domain: goal.description for goal in goals})
        return initial

    def goals(self) -> dict[str, str]:
        return {value: self.cleaned_data.get(value, "") for value in LifeDomain.values}


class OwnerField(forms.TypedChoiceField):
    """The owning person, grouped by organisation: the agreement's organisation is theirs."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, empty_value=None, **kwargs)
        self.users: dict[int, User] = {}

    def set_users(self, users: QuerySet[User]) -> None:
        rows = list(users)
        self.users = {user.pk: user for user in rows}
        groups = [
            (name, [(user.pk, user.get_full_name() or user.username) for user in members])
            for name, members in groupby(
                rows, key=lambda user: user.organisation.name if user.organisation else ""
            )
        ]
        self.choices = [("", _("Kies de eigenaar")), *groups]

    def clean(self, value: Any) -> User | None:
        pk = super().clean(value)
        return self.users.get(pk) if pk is not None else None


class AgreementForm(forms.Form):
    what = forms.CharField(
        label=_("Afspraak"),
        max_length=MAX_WHAT,
        widget=_textarea(3),
        help_text=_("Wat wordt er gedaan? Noem geen namen van betrokkenen als dat niet nodig is."),
        error_messages={"required": _("Beschrijf de afspraak.")},
    )
    domain = forms.ChoiceField(
        label=_("Interventiedomein"),
        choices=InterventionDomain.choices,
        widget=GroupRadioSelect,
        error_messages={"required": _("Kies het domein van de interventie.")},
    )
    owner = OwnerField(
        label=_("Eigenaar"),
        help_text=_("De organisatie van de eigenaar moet deelnemen aan de casus."),
        error_messages={"required": _("Kies de eigenaar van de afspraak.")},
    )
    due_date = forms.DateField(
        label=_("Streefdatum"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Vul de streefdatum in."), **DATE_ERRORS},
    )
    # Offered after the service refused an owner whose organisation does not take part.
    add_participant = forms.BooleanField(
        label=_("Voeg de organisatie van de eigenaar toe als deelnemer aan de casus"),
        required=False,
    )
    participant_reason = forms.CharField(
        label=_("Reden om de organisatie toe te voegen"),
        required=False,
        max_length=5000,
        widget=_textarea(2),
    )

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field: OwnerField = self.fields["owner"]  # type: ignore[assignment]
        owner_field.set_users(owners)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("add_participant") and not data.get("participant_reason", "").strip():
            self.add_error(
                "participant_reason", _("Geef de reden om deze organisatie toe te voegen.")
            )
        return data

    def reason_to_add(self) -> str:
        data = self.cleaned_data
        return data["participant_reason"] if data.get("add_participant") else ""

    @property
    def participant_fields(self) -> list[forms.BoundField]:
        return [self["add_participant"], self["participant_reason"]]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("what", "domain", "owner", "due_date")]


class AgreementCreateForm(AgreementForm):
    # Chosen when the form is shown: a second submit of the same form creates nothing new.
    agreement_id = forms.UUIDField(widget=forms.HiddenInput)

    @staticmethod
    def initial_new() -> dict[str, Any]:
        return {"agreement_id": uuid.uuid4()}


class AgreementEditForm(VersionFormMixin, AgreementForm):
    @staticmethod
    def initial_for(agreement: Agreement) -> dict[str, Any]:
        return {
            "version": agreement.version,
            "what": agreement.what,
            "domain": agreement.domain,
            "owner": agreement.owner_user_id,
            "due_date": agreement.due_date,
        }


class OutcomeForm(VersionFormMixin):
    """Done, not delivered or cancelled: the note is required (its message is the service's)."""

    note = forms.CharField(label=_("Toelichting"), max_length=MAX_NOTE, widget=_textarea(3))

    def __init__(self, *args: Any, required_message: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if required_message is not None:
            self.fields["note"].error_messages["required"] = required_message

    @staticmethod
    def initial_for(agreement: Agreement) -> dict[str, Any]:
        return {"version": agreement.version}


class PlanSetForm(forms.Form):
    # The number of the version the coordinator saw: they set exactly that.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
