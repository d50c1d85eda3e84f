"""Forms of the conference pages. Date and times are separate fields (each with its own
label); `schedule()` combines them in the house's time zone."""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.cases.forms import DATE_ERRORS, DATE_FORMATS, DATE_WIDGET
from zvh.cases.models import Case, Theme
from zvh.core.concurrency import VersionFormMixin
from zvh.plans.models import MAX_WHAT, InterventionDomain
from zvh.plans.services import AgreementInput
from zvh.triage.forms import GroupCheckboxSelectMultiple, GroupRadioSelect, add_service_errors

from .models import MAX_DECLARATION, MAX_TEXT, AgendaItem, Conference, ConferenceKind
from .services import MAX_MINUTES, Schedule

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TIME_ERRORS = {"invalid": _("Vul een geldige tijd in, bijvoorbeeld 14:30.")}
# Where the service's errors about the schedule land on these forms.
SCHEDULE_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}
NUMBER_SEPARATORS = re.compile(r"[\s,;]+")


def add_errors(form: forms.Form, error: ValidationError, renamed: dict[str, str]) -> None:
    """A service's errors on the form, with the service's field names mapped to the form's."""
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {renamed.get(name, name): messages for name, messages in error.message_dict.items()}
        )
    add_service_errors(form, error)


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class UserChoiceLabel:
    """ "Name (Organisation)", and whether the organisation is no covenant party."""

    def __init__(self, party_ids: Collection[uuid.UUID] | None = None) -> None:
        self.party_ids = party_ids

    def __call__(self, user: User) -> str:
        name = user.get_full_name() or user.username
        label = f"{name} ({user.organisation.name})" if user.organisation else name
        if self.party_ids is not None and user.organisation_id not in self.party_ids:
            label += " – " + str(_("geen partij bij het privacyconvenant"))
        return label


class ScheduleForm(forms.Form):
    date = forms.DateField(
        label=_("Datum"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Vul de datum in."), **DATE_ERRORS},
    )
    start_time = forms.TimeField(
        label=_("Begintijd"),
        widget=TIME_WIDGET,
        error_messages={"required": _("Vul de begintijd in."), **TIME_ERRORS},
    )
    end_time = forms.TimeField(
        label=_("Eindtijd"),
        widget=TIME_WIDGET,
        error_messages={"required": _("Vul de eindtijd in."), **TIME_ERRORS},
    )
    location = forms.CharField(
        label=_("Plaats"),
        max_length=200,
        required=False,
        help_text=_("Adres en zaal. Vul een plaats, een videoverbinding of beide in."),
    )
    video_link = forms.CharField(
        label=_("Videoverbinding"),
        max_length=500,
        required=False,
        widget=forms.URLInput,
        help_text=_("De link naar het videogesprek, beginnend met https://"),
    )

    def schedule(self) -> Schedule:
        data = self.cleaned_data
        return Schedule(
            starts_at=_at(data["date"], data["start_time"]),
            ends_at=_at(data["date"], data["end_time"]),
            location=data["location"],
            video_link=data["video_link"],
        )

    @staticmethod
    def initial_schedule(
        conference: Conference, *, start: datetime | None = None
    ) -> dict[str, Any]:
        starts = timezone.localtime(start or conference.starts_at)
        ends = starts + (conference.ends_at - conference.starts_at)
        return {
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "location": conference.location,
            "video_link": conference.video_link,
        }


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


class ConferenceForm(ScheduleForm):
    conference_id = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Soort overleg"),
        choices=ConferenceKind.choices,
        widget=GroupRadioSelect,
        help_text=_(
            "Casus op Maat: één casus, met de professionals die de persoon kennen. "
            "Doelgroepoverleg: periodiek, met vaste organisaties aan tafel en meer casussen."
        ),
        error_messages={
            "required": _("Kies de soort overleg."),
            "invalid_choice": _("Kies de soort overleg."),
        },
    )
    case = forms.CharField(
        label=_("Casusnummer (Casus op Maat)"),
        max_length=20,
        required=False,
        help_text=_("Bijvoorbeeld C-2026-000123."),
    )
    theme = forms.ModelChoiceField(
        label=_("Doelgroep (doelgroepoverleg)"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("Kies een doelgroep"),
        error_messages={"invalid_choice": _("Kies een doelgroep uit de lijst.")},
    )
    field_order = ["conference_id", "kind", "case", "theme"]

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]


class ConferenceEditForm(VersionFormMixin, ScheduleForm):
    pass


class InviteesForm(VersionFormMixin):
    invitees = forms.ModelMultipleChoiceField(
        label=_("Genodigden"),
        queryset=User.objects.none(),
        required=False,
        widget=GroupCheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        candidates: QuerySet[User],
        party_ids: Collection[uuid.UUID],
        case_conference: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["invitees"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = UserChoiceLabel(party_ids)  # type: ignore[attr-defined]
        field.help_text = (
            _(
                "Medewerkers van het huis en professionals van organisaties die aan de casus "
                "deelnemen. Staat iemand er niet bij? Voeg eerst de organisatie toe als "
                "deelnemer aan de casus."
            )
            if case_conference
            else _(
                "Elke genodigde ziet alleen de agendapunten van casussen waaraan de eigen "
                "organisatie deelneemt."
            )
        )


class AgendaForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(
        label=_("Casussen van deze doelgroep"),
        queryset=Case.objects.none(),
        required=False,
        widget=GroupCheckboxSelectMultiple,
    )
    numbers = forms.CharField(
        label=_("Andere casussen, op nummer"),
        required=False,
        max_length=2000,
        widget=_textarea(2),
        help_text=_("Casusnummers, gescheiden door spaties of komma's."),
    )

    def __init__(self, *args: Any, candidates: QuerySet[Case], shown: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cases"]
        field.queryset = candidates  # type: ignore[attr-defined]
        # Only the newest `shown` as checkboxes; the others are added by number.
        field.widget.choices = [(case.pk, case.number) for case in candidates[:shown]]

    def clean_numbers(self) -> list[str]:
        text = self.cleaned_data.get("numbers") or ""
        return list(dict.fromkeys(n.upper() for n in NUMBER_SEPARATORS.split(text) if n))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("cases") and not data.get("numbers") and not self.errors:
            raise ValidationError(_("Kies ten minste één casus of vul een casusnummer in."))
        return data


class MinutesForm(VersionFormMixin):
    minutes = forms.CharField(
        label=_("Verslag"),
        required=False,
        max_length=MAX_MINUTES,
        widget=_textarea(8),
        help_text=_(
            "Alleen wat nodig is voor de aanpak. Zichtbaar voor de deelnemers aan deze casus."
        ),
    )

    @staticmethod
    def initial_for(item: AgendaItem) -> dict[str, Any]:
        return {"version": item.version, "minutes": item.minutes}


class DecisionForm(forms.Form):
    """A decision, and optionally one agreement that goes into the case's plan. The plan
    validates the agreement (`plans.services.agreement_create`); its errors land on the same
    field names here."""

    decision_id = forms.UUIDField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Besluit"),
        max_length=MAX_TEXT,
        widget=_textarea(3),
        error_messages={"required": _("Schrijf het besluit op.")},
    )
    what = forms.CharField(
        label=_("Afspraak: wat"),
        required=False,
        max_length=MAX_WHAT,
        widget=_textarea(2),
        help_text=_("Laat de afspraakvelden leeg als het besluit geen afspraak maakt."),
    )
    domain = forms.ChoiceField(
        label=_("Interventiedomein"),
        required=False,
        choices=[("", _("Kies een domein")), *InterventionDomain.choices],
        error_messages={"invalid_choice": _("Kies een van de genoemde domeinen.")},
    )
    owner = forms.ModelChoiceField(
        label=_("Eigenaar"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Een professional van een organisatie die aan de casus deelneemt."),
        error_messages={"invalid_choice": _("Kies een eigenaar uit de lijst.")},
    )
    due_date = forms.DateField(
        label=_("Streefdatum"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
    )
    AGREEMENT_FIELDS = ("what", "domain", "owner", "due_date")
    MISSING = {
        "what": _("Beschrijf de afspraak."),
        "domain": _("Kies het domein van de interventie."),
        "owner": _("Kies de eigenaar van de afspraak."),
        "due_date": _("Vul de streefdatum in."),
    }

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].label_from_instance = UserChoiceLabel()  # type: ignore[attr-defined]

    @staticmethod
    def initial_new() -> dict[str, Any]:
        return {"decision_id": uuid.uuid4()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(name) for name in self.AGREEMENT_FIELDS):
            for name in self.AGREEMENT_FIELDS:
                if not data.get(name) and not self.has_error(name):
                    self.add_error(name, self.MISSING[name])
        return data

    def agreements(self) -> list[AgreementInput]:
        data = self.cleaned_data
        if not data.get("what"):
            return []
        return [
            AgreementInput(
                what=data["what"],
                domain=data["domain"],
                owner=data["owner"],
                due_date=data["due_date"],
            )
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van annuleren"),
        max_length=MAX_TEXT,
        widget=_textarea(3),
        help_text=_(
            "De genodigden krijgen bericht dat het overleg niet doorgaat, zonder deze reden."
        ),
        error_messages={"required": _("Geef de reden om het overleg te annuleren.")},
    )


class DeclarationForm(forms.Form):
    text = forms.CharField(
        label=_("Tekst van de verklaring"),
        max_length=MAX_DECLARATION,
        widget=_textarea(12),
        error_messages={"required": _("Schrijf de tekst van de verklaring.")},
    )


class AcceptForm(forms.Form):
    declaration_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(
        label=_("Ik heb de verklaring gelezen en houd mij eraan."),
        error_messages={
            "required": _("Bevestig dat u de verklaring hebt gelezen en u eraan houdt.")
        },
    )
