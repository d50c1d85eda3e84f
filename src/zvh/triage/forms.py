"""Forms of the triage screens: the decision, sessions and the configuration.

The decision form parses input and asks the service's own validation (`validate_decision`)
for the rules, so the screen and the service give the same Dutch messages.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User

# Moved to core (every app's screens use it, not only triage's); still importable from here.
from zvh.core.forms import add_service_errors as add_service_errors
from zvh.intake.models import Referral
from zvh.network.models import Organisation

from .criteria import (
    CRITERIA,
    CRITERION_EXPLANATIONS,
    CRITERION_LABELS,
    CriteriaAnswers,
    Derivation,
    is_complex,
)
from .models import Assessment, Decision, LocalCriterion, OtherTable, TriageSession, TriageTable
from .services import (
    NO_DECISION,
    DecisionInput,
    already_decided_error,
    departs_from_rule,
    validate_decision,
)

WEEKDAYS = [
    (0, _("maandag")),
    (1, _("dinsdag")),
    (2, _("woensdag")),
    (3, _("donderdag")),
    (4, _("vrijdag")),
    (5, _("zaterdag")),
    (6, _("zondag")),
]
WEEKDAY_LABELS = dict(WEEKDAYS)
MAX_TEXT = 5000


class GroupWidgetMixin:
    """For a group of radio buttons or checkboxes Django gives no id to link to, so the error
    summary's link would lead nowhere; it now lands on the group's first option."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)  # type: ignore[misc]


class GroupRadioSelect(GroupWidgetMixin, forms.RadioSelect):
    pass


class GroupCheckboxSelectMultiple(GroupWidgetMixin, forms.CheckboxSelectMultiple):
    pass


class DecisionRadioSelect(GroupRadioSelect):
    """Each decision says when it departs from the rule, for the live warning (static JS)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        value = option["value"]
        if value in Decision.values:
            decision = Decision(value)
            if departs_from_rule(decision, True):
                option["attrs"]["data-departs-if"] = "complex"
            elif departs_from_rule(decision, False):
                option["attrs"]["data-departs-if"] = "not-complex"
        return option


def _text(
    label: Any, *, required: bool = False, help_text: Any = "", required_message: Any = None
) -> Any:
    messages = {"max_length": _("Gebruik hoogstens %(limit_value)d tekens.")}
    if required_message is not None:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=messages,
    )


def rule_table() -> str:
    """The rule's outcome for all 32 combinations of C1, C2, C3a, C3b, C4 (C1 the highest bit),
    so that the browser shows the live outcome without a second copy of the rule."""
    return "".join(
        "1" if is_complex(CriteriaAnswers(*bits)) else "0"
        for bits in itertools.product([False, True], repeat=len(CRITERIA))
    )


class DecisionForm(forms.Form):
    c1 = forms.BooleanField(required=False, label=CRITERION_LABELS["c1"])
    c2 = forms.BooleanField(required=False, label=CRITERION_LABELS["c2"])
    c3a = forms.BooleanField(required=False, label=CRITERION_LABELS["c3a"])
    c3b = forms.BooleanField(required=False, label=CRITERION_LABELS["c3b"])
    c4 = forms.BooleanField(required=False, label=CRITERION_LABELS["c4"])
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=Decision.choices,
        widget=DecisionRadioSelect,
        error_messages={
            "required": _("Kies een besluit."),
            "invalid_choice": _("Kies een van de genoemde besluiten."),
        },
    )
    departure_confirmed = forms.BooleanField(
        required=False,
        label=_("Ik besluit bewust anders dan de regel en licht dat toe in de motivering."),
    )
    motivation = _text(
        _("Motivering"),
        required=True,
        help_text=_("Waarom dit besluit? Noem welke criteria de doorslag gaven."),
        required_message=_("Een motivering is verplicht."),
    )
    advice = _text(
        _("Advies aan de melder"),
        help_text=_("Verplicht bij 'niet geaccepteerd': wat te doen en wie te betrekken."),
    )
    referred_to = forms.ChoiceField(
        label=_("Doorverwezen naar"),
        required=False,
        choices=[("", _("Kies een tafel")), *OtherTable.choices],
        help_text=_("Verplicht bij 'doorverwezen naar andere tafel'."),
        error_messages={"invalid_choice": _("Kies een van de genoemde tafels.")},
    )
    questions = _text(
        _("Vragen aan de melder"),
        help_text=_("Verplicht bij 'meer informatie nodig': welke informatie ontbreekt?"),
    )
    based_on = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        referral: Referral,
        derivation: Derivation,
        local_criteria: list[LocalCriterion],
        current: Assessment | None,
        session_id: uuid.UUID | None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.session_id = session_id
        self.local_criteria = local_criteria
        self.reopening = current is not None and current.decision != Decision.MORE_INFORMATION
        self.current_id = current.id if current is not None else NO_DECISION
        self.fields["based_on"].initial = self.current_id
        self.already_decided = False
        self.criteria_rows = []
        for name in CRITERIA:
            derived = getattr(derivation.answers, name)
            field = self.fields[name]
            field.initial = derived
            field.help_text = CRITERION_EXPLANATIONS[name]
            hint = derivation.hints.get(name, "")
            described_by = f"id_{name}_helptext id_{name}-derived"
            field.widget.attrs["aria-describedby"] = (
                f"{described_by} id_{name}-clue" if hint else described_by
            )
            self.criteria_rows.append((self[name], derived, derivation.reasons[name], hint))
        for criterion in local_criteria:
            name = self.local_field_name(criterion)
            self.fields[name] = forms.BooleanField(
                required=False, label=criterion.name, help_text=criterion.explanation
            )
            if criterion.explanation:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-hint"
        if self.reopening:
            self.fields["reopen_reason"] = _text(
                _("Reden om te heropenen"),
                required=True,
                help_text=_("Over deze aanmelding is al besloten. Waarom wordt dat herzien?"),
                required_message=_("Geef een reden om het besluit te heropenen."),
            )

    @staticmethod
    def local_field_name(criterion: LocalCriterion) -> str:
        return f"local_{criterion.id.hex}"

    @property
    def local_rows(self) -> list[tuple[forms.BoundField, LocalCriterion]]:
        return [(self[self.local_field_name(c)], c) for c in self.local_criteria]

    # --- what the page shows beside the fields ---

    def _answers(self) -> CriteriaAnswers:
        """The answers as they stand: posted, or pre-filled from the derivation."""
        return CriteriaAnswers(**{name: bool(self[name].value()) for name in CRITERIA})

    @property
    def rule_outcome(self) -> bool:
        return is_complex(self._answers())

    @property
    def departs(self) -> bool:
        value = self["decision"].value()
        if value not in Decision.values:
            return False
        return departs_from_rule(Decision(value), self.rule_outcome)

    # --- validation ---

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "based_on" in cleaned and (cleaned["based_on"] or NO_DECISION) != self.current_id:
            # Decided meanwhile (a double submit, a colleague): nothing else matters now.
            self.already_decided = True
            self.errors.clear()
            add_service_errors(self, already_decided_error())
            return cleaned
        if not cleaned.get("decision"):
            return cleaned
        data = self.decision_input()
        try:
            validate_decision(
                referral=self.referral,
                data=data,
                required_local=[str(c.id) for c in self.local_criteria if c.required],
            )
        except ValidationError as error:
            add_service_errors(self, error)
        if self.departs and not cleaned.get("departure_confirmed"):
            self.add_error(
                "departure_confirmed",
                _(
                    "Dit besluit wijkt af van de uitkomst van de regel en wordt als afwijking "
                    "gemarkeerd. Bevestig dat en licht het toe in de motivering."
                ),
            )
        return cleaned

    def decision_input(self) -> DecisionInput:
        cleaned = self.cleaned_data
        return DecisionInput(
            answers=CriteriaAnswers(**{name: bool(cleaned.get(name)) for name in CRITERIA}),
            decision=Decision(cleaned["decision"]),
            motivation=cleaned.get("motivation") or "",
            local_answers={
                str(c.id): bool(cleaned.get(self.local_field_name(c))) for c in self.local_criteria
            },
            advice=cleaned.get("advice") or "",
            referred_to=cleaned.get("referred_to") or "",
            questions=cleaned.get("questions") or "",
            session_id=self.session_id,
            reopen_reason=cleaned.get("reopen_reason") or "",
            expected_current_id=cleaned.get("based_on") or NO_DECISION,
        )


# --- sessions ---------------------------------------------------------------------------------


class ParticipantField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation.name})" if obj.organisation else name


def _participant_fields(
    form: forms.Form, organisations: QuerySet[Organisation], users: QuerySet[User]
) -> None:
    form.fields["organisations"] = forms.ModelMultipleChoiceField(
        label=_("Deelnemende organisaties"),
        required=False,
        queryset=organisations.only("id", "name").order_by("name"),
        widget=GroupCheckboxSelectMultiple,
        help_text=_("Wie van deze organisaties werkt, ziet de agenda zolang de sessie open is."),
        error_messages={"invalid_choice": _("Kies alleen partnerorganisaties van het huis.")},
    )
    form.fields["users"] = ParticipantField(
        label=_("Deelnemende personen"),
        required=False,
        queryset=users.select_related("organisation").order_by("sort_name", "id"),
        widget=GroupCheckboxSelectMultiple,
        help_text=_("Personen die deelnemen los van hun organisatie."),
        error_messages={"invalid_choice": _("Kies alleen gebruikers van het huis.")},
    )


class SessionForm(forms.Form):
    table = forms.ModelChoiceField(
        label=_("Weegtafel"),
        queryset=TriageTable.objects.none(),
        empty_label=_("Kies een weegtafel"),
        error_messages={
            "required": _("Kies een weegtafel."),
            "invalid_choice": _("Kies een weegtafel van het huis."),
        },
    )
    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de datum in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 2026-12-01."),
        },
    )
    start_time = forms.TimeField(
        label=_("Begintijd"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Vul de begintijd in."),
            "invalid": _("Vul een geldige tijd in, bijvoorbeeld 10:00."),
        },
    )

    def __init__(
        self,
        *args: Any,
        tables: QuerySet[TriageTable],
        organisations: QuerySet[Organisation],
        users: QuerySet[User],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = tables.only("id", "name")  # type: ignore[attr-defined]
        _participant_fields(self, organisations, users)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, start = cleaned.get("date"), cleaned.get("start_time")
        if day is not None and start is not None:
            if day < timezone.localdate():
                self.add_error("date", _("De datum ligt in het verleden."))
            else:
                cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, start))
        return cleaned


def next_session_initial(table: TriageTable, today: date | None = None) -> dict[str, Any]:
    """The table's next meeting day (today if it meets today) and its organisations."""
    today = today or timezone.localdate()
    ahead = (table.weekday - today.weekday()) % 7
    return {
        "table": table.pk,
        "date": date.fromordinal(today.toordinal() + ahead),
        "start_time": table.start_time,
        "organisations": [organisation.pk for organisation in table.organisations.all()],
    }


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return session_label(obj)

    def to_python(self, value: Any) -> Any:
        # A malformed id is no choice either: one message, not the UUID field's.
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


def session_label(session: TriageSession) -> str:
    starts = timezone.localtime(session.starts_at)
    return f"{session.table.name}, {date_format(starts, 'l j F Y H:i')}"


class AgendaAddForm(forms.Form):
    """One referral onto an open session's agenda (from the referral's page)."""

    session = SessionChoiceField(
        label=_("Triagesessie"),
        queryset=TriageSession.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Kies een open triagesessie."),
            "invalid_choice": _("Kies een open triagesessie van het huis."),
        },
    )

    def __init__(self, *args: Any, sessions: QuerySet[TriageSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions.select_related("table").order_by(  # type: ignore[attr-defined]
            "starts_at", "id"
        )


class ParticipantsForm(forms.Form):
    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], users: QuerySet[User], **kwargs
    ):
        super().__init__(*args, **kwargs)
        _participant_fields(self, organisations, users)


# --- configuration ----------------------------------------------------------------------------

REQUIRED = "required"
INFORMATIVE = "informative"


class LocalCriterionForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        error_messages={
            "required": _("Geef het criterium een naam."),
            "max_length": _("Gebruik hoogstens %(limit_value)d tekens."),
        },
    )
    explanation = _text(
        _("Toelichting"), help_text=_("Wat betekent het criterium en wanneer is het vervuld?")
    )
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[
            (REQUIRED, _("Verplicht: moet vervuld zijn om te accepteren")),
            (INFORMATIVE, _("Informatief: wordt meegewogen, blokkeert niets")),
        ],
        widget=GroupRadioSelect,
        initial=INFORMATIVE,
        error_messages={
            "required": _("Kies of het criterium verplicht of informatief is."),
            "invalid_choice": _("Kies verplicht of informatief."),
        },
    )
    position = forms.IntegerField(
        label=_("Volgorde"),
        min_value=0,
        max_value=999,
        initial=0,
        help_text=_("Criteria met een lager nummer staan hoger in het formulier."),
        error_messages={
            "required": _("Vul een volgnummer in (0 of hoger)."),
            "invalid": _("Vul een geheel getal in."),
            "min_value": _("Vul 0 of hoger in."),
            "max_value": _("Vul hoogstens 999 in."),
        },
    )

    @staticmethod
    def initial_for(criterion: LocalCriterion) -> dict[str, Any]:
        return {
            "name": criterion.name,
            "explanation": criterion.explanation,
            "kind": REQUIRED if criterion.required else INFORMATIVE,
            "position": criterion.position,
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "explanation": data.get("explanation") or "",
            "required": data["kind"] == REQUIRED,
            "position": data["position"],
        }


class TriageSettingsForm(forms.Form):
    acute_deadline_hours = forms.IntegerField(
        label=_("Beslistermijn voor acute aanmeldingen (uren)"),
        min_value=1,
        max_value=24 * 14,
        help_text=_("Binnen zoveel uur na ontvangst moet over een acute aanmelding besloten zijn."),
        error_messages={
            "required": _("Vul de beslistermijn in."),
            "invalid": _("Vul een geheel aantal uren in."),
            "min_value": _("Kies een beslistermijn van 1 tot 336 uur."),
            "max_value": _("Kies een beslistermijn van 1 tot 336 uur."),
        },
    )
    priority_list_bypass = forms.BooleanField(
        label=_("Prioriteitenlijsten stromen zonder triage in"),
        required=False,
        help_text=_(
            "Aan: personen op een Top-X- of PGA-lijst worden meteen een casus, gemarkeerd als "
            "'zonder triage ingestroomd'. Uit: zij komen op de agenda van de weegtafel."
        ),
    )


class TriageTableForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        error_messages={
            "required": _("Geef de weegtafel een naam."),
            "max_length": _("Gebruik hoogstens %(limit_value)d tekens."),
        },
    )
    weekday = forms.TypedChoiceField(
        label=_("Vaste dag"),
        choices=WEEKDAYS,
        coerce=int,
        error_messages={
            "required": _("Kies een dag van de week."),
            "invalid_choice": _("Kies een dag van de week."),
        },
    )
    start_time = forms.TimeField(
        label=_("Begintijd"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Vul de begintijd in."),
            "invalid": _("Vul een geldige tijd in, bijvoorbeeld 10:00."),
        },
    )
    agenda_cutoff_hours = forms.IntegerField(
        label=_("Agenda sluit (uren vooraf)"),
        min_value=0,
        max_value=24 * 14,
        initial=24,
        help_text=_("Aanmeldingen die later binnenkomen, gaan naar de volgende sessie."),
        error_messages={
            "required": _("Vul in hoeveel uur vooraf de agenda sluit."),
            "invalid": _("Vul een geheel aantal uren in."),
            "min_value": _("Kies 0 tot 336 uur."),
            "max_value": _("Kies 0 tot 336 uur."),
        },
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Vaste deelnemers (organisaties)"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=GroupCheckboxSelectMultiple,
        help_text=_("Een nieuwe sessie neemt deze organisaties als deelnemers over."),
        error_messages={"invalid_choice": _("Kies alleen partnerorganisaties van het huis.")},
    )

    def __init__(self, *args: Any, partners: QuerySet[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = partners.only("id", "name").order_by("name")  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(table: TriageTable) -> dict[str, Any]:
        return {
            "name": table.name,
            "weekday": table.weekday,
            "start_time": table.start_time,
            "agenda_cutoff_hours": table.agenda_cutoff_hours,
            "organisations": [organisation.pk for organisation in table.organisations.all()],
        }
