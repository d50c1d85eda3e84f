"""Forms of the case pages. Each form that changes the case carries the version it was opened
with (VersionFormMixin); the services check it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.core.concurrency import VersionFormMixin
from zvh.core.forms import DATE_ERRORS as DATE_ERRORS  # other apps' forms take them from here
from zvh.core.forms import DATE_FORMATS as DATE_FORMATS
from zvh.core.forms import DATE_WIDGET as DATE_WIDGET
from zvh.network.models import Organisation
from zvh.triage.forms import GroupCheckboxSelectMultiple, GroupRadioSelect

from .models import NEXT_STATUSES, Case, CaseStatus, CaseType, Theme
from .search import HINT


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        name = user.get_full_name() or user.username
        return f"{name} ({user.organisation.name})" if user.organisation is not None else name


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek een casus"), max_length=100, help_text=HINT, required=False, strip=True
    )


class CaseDetailsForm(VersionFormMixin):
    case_type = forms.ChoiceField(
        label=_("Soort casus"), choices=CaseType.choices, widget=GroupRadioSelect
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.none(),
        required=False,
        widget=GroupCheckboxSelectMultiple,
    )
    next_review_date = forms.DateField(
        label=_("Volgende evaluatie"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "case_type": case.case_type,
            "themes": [theme.pk for theme in case.themes.all()],
            "next_review_date": case.next_review_date,
        }


class RolesForm(VersionFormMixin):
    process_coordinator = UserChoiceField(
        label=_("Procesregisseur"),
        queryset=User.objects.none(),
        error_messages={"required": _("Kies een procesregisseur.")},
    )
    case_director = UserChoiceField(
        label=_("Casusregisseur"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Een professional van een deelnemende organisatie. Staat de persoon er niet bij? "
            "Voeg dan eerst de organisatie toe als deelnemer."
        ),
    )

    def __init__(
        self,
        *args: Any,
        coordinators: QuerySet[User],
        directors: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process_coordinator"].queryset = coordinators.select_related(  # type: ignore[attr-defined]
            "organisation"
        )
        self.fields["case_director"].queryset = directors  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "process_coordinator": case.process_coordinator_id,
            "case_director": case.case_director_id,
        }


class StatusForm(VersionFormMixin):
    to_status = forms.ChoiceField(
        label=_("Nieuwe status"),
        widget=GroupRadioSelect,
        error_messages={"required": _("Kies de nieuwe status.")},
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=5000, widget=_textarea()
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(CaseStatus.choices)
        self.fields["to_status"].choices = [  # type: ignore[attr-defined]
            (status, labels[status]) for status in NEXT_STATUSES[case.status]
        ]

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {"version": case.version}


class ReopenForm(VersionFormMixin):
    reason = forms.CharField(
        label=_("Reden van heropenen"),
        max_length=5000,
        widget=_textarea(),
        error_messages={"required": _("Geef de reden om de casus te heropenen.")},
    )

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {"version": case.version}


class JusticeResponseForm(VersionFormMixin):
    requested_justice_response = forms.CharField(
        label=_("Gevraagde justitiële reactie"),
        required=False,
        max_length=5000,
        widget=_textarea(4),
        help_text=_(
            "Wat het huis van de justitiële partners vraagt, bijvoorbeeld een voorwaardelijke "
            "straf met reclasseringstoezicht. Partners die via ZSM vragen of het huis iemand "
            "kent, zien deze tekst. Leeg laten wist de tekst."
        ),
    )

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "requested_justice_response": case.requested_justice_response,
        }


class ParticipantAddForm(VersionFormMixin):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Kies een organisatie.")},
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=5000,
        widget=_textarea(2),
        error_messages={"required": _("Geef de reden om deze organisatie toe te voegen.")},
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {"version": case.version}


class ParticipantEndForm(VersionFormMixin):
    reason = forms.CharField(
        label=_("Reden van beëindigen"),
        max_length=5000,
        widget=_textarea(2),
        error_messages={"required": _("Geef de reden om de deelname te beëindigen.")},
    )

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {"version": case.version}
