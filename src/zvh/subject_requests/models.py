"""Data-subject requests (GDPR art. 15-21), handled by the house's privacy officer as the one
contact point for all joint controllers (BGS art. 1.1).

A request outlives the person's data: retention may delete the person, and the request stays
as the house's proof that it answered (art. 5(2) and 12 AVG), pointing at nobody. What is
personal data about the person (the correction trail's old and new values) goes with the
person. See docs/decisions/0145-data-subject-requests.md.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionedModel
from zvh.core.models import BaseModel
from zvh.people.models import Person

# Art. 12(3) AVG: one month after receipt, extendable by two further months.
ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2
# The dashboard marks a request "due soon" this many days before its deadline.
DUE_SOON_DAYS = 7
MAX_NOTE = 2000


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day (31 January
    plus one month is 28 or 29 February), as the EDPB reads "one month" in art. 12(3)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Inzage (art. 15 AVG)")
    RECTIFICATION = "rectification", _("Rectificatie (art. 16 AVG)")
    ERASURE = "erasure", _("Wissen (art. 17 AVG)")
    RESTRICTION = "restriction", _("Beperking van de verwerking (art. 18 AVG)")
    OBJECTION = "objection", _("Bezwaar (art. 21 AVG)")


class ReceivedVia(models.TextChoices):
    LETTER = "letter", _("Per brief")
    EMAIL = "email", _("Per e-mail")
    DESK = "desk", _("Aan de balie")
    PHONE = "phone", _("Telefonisch")
    PARTNER = "partner", _("Via een partnerorganisatie")
    OTHER = "other", _("Anders")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    IN_PROGRESS = "in_progress", _("In behandeling")
    ANSWERED = "answered", _("Beantwoord")
    REFUSED = "refused", _("Geweigerd")


# The kinds whose handling shows the person's data (the access export, the correction form):
# their content opens only after the identity check and a second person's approval (0154).
CONTENT_KINDS = (RequestKind.ACCESS, RequestKind.RECTIFICATION)


class IdentityMethod(models.TextChoices):
    """How the requester's identity was established (art. 12 lid 6 AVG). Only how, never a copy
    of the document or its number."""

    DESK_ID_DOCUMENT = "desk_id", _("Identiteitsbewijs gezien aan de balie")
    DIGID = "digid", _("Ingelogd met DigiD")
    OTHER = "other", _("Anders (licht toe)")


OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)
CLOSED_STATUSES = (RequestStatus.ANSWERED, RequestStatus.REFUSED)
OPEN_REQUEST = Q(closed_at__isnull=True)


class SubjectRequest(VersionedModel, BaseModel):
    house = models.ForeignKey("network.House", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("nummer"), max_length=20)
    kind = models.CharField(_("soort verzoek"), max_length=16, choices=RequestKind.choices)
    # SET_NULL: the request is the house's record of how it answered and outlives the person's
    # data (retention); it then points at nobody and holds no identity of its own.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("betrokkene"),
    )
    received_on = models.DateField(_("ontvangen op"))
    received_via = models.CharField(_("ontvangen via"), max_length=10, choices=ReceivedVia.choices)
    notes = models.TextField(_("notities"), max_length=MAX_NOTE, blank=True)
    # Stored, not derived, so the dashboard reads open requests by deadline from an index.
    deadline = models.DateField(_("uiterste datum"))
    extended_at = models.DateTimeField(_("verlengd op"), null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    extension_reason = models.TextField(_("reden van verlenging"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("in behandeling genomen op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # What was answered, or why the request was refused (required then).
    outcome_note = models.TextField(_("toelichting bij afhandeling"), blank=True)
    # The four-eyes rule (0154): the identity check as recorded by a privacy officer of the
    # house (who, on which day, how), then the opening approved by a second person; the first
    # time the content was shown after that.
    identity_method = models.CharField(
        _("identiteit vastgesteld met"), max_length=8, choices=IdentityMethod.choices, blank=True
    )
    identity_checked_on = models.DateField(_("identiteit vastgesteld op"), null=True, blank=True)
    identity_note = models.TextField(_("toelichting bij de identiteit"), blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    identity_recorded_at = models.DateTimeField(null=True, blank=True)
    opening_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    opening_approved_at = models.DateTimeField(_("openen goedgekeurd op"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("inhoud voor het eerst geopend op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verzoek van betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")
        constraints = [
            models.UniqueConstraint(fields=["house", "number"], name="subject_request_number"),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.REFUSED) | ~Q(outcome_note=""),
                name="subject_request_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(extended_at__isnull=True) | ~Q(extension_reason=""),
                name="subject_request_extension_has_reason",
            ),
            # An identity check is recorded whole: who, on which day, how.
            models.CheckConstraint(
                condition=Q(
                    identity_checked_by__isnull=True,
                    identity_checked_on__isnull=True,
                    identity_recorded_at__isnull=True,
                    identity_method="",
                )
                | (
                    Q(
                        identity_checked_by__isnull=False,
                        identity_checked_on__isnull=False,
                        identity_recorded_at__isnull=False,
                    )
                    & ~Q(identity_method="")
                ),
                name="subject_request_identity_whole",
            ),
            models.CheckConstraint(
                condition=~Q(identity_method=IdentityMethod.OTHER) | ~Q(identity_note=""),
                name="subject_request_identity_other_explained",
            ),
            # Opening: after the identity check, by someone who neither registered the request
            # nor recorded the identity check.
            models.CheckConstraint(
                condition=Q(opening_approved_by__isnull=True, opening_approved_at__isnull=True)
                | Q(
                    opening_approved_by__isnull=False,
                    opening_approved_at__isnull=False,
                    identity_checked_by__isnull=False,
                ),
                name="subject_request_opening_after_identity",
            ),
            models.CheckConstraint(
                condition=Q(opening_approved_by__isnull=True)
                | (
                    ~Q(opening_approved_by=F("registered_by"))
                    & ~Q(opening_approved_by=F("identity_checked_by"))
                ),
                name="subject_request_opening_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(opened_at__isnull=True) | Q(opening_approved_at__isnull=False),
                name="subject_request_opened_after_approval",
            ),
        ]
        indexes = [
            # The dashboard: the house's open requests by deadline (keyset on deadline, id).
            models.Index(
                fields=["house", "deadline", "id"],
                condition=OPEN_REQUEST,
                name="subject_request_open",
            ),
            models.Index(fields=["house", "closed_at", "id"], name="subject_request_closed"),
            models.Index(fields=["person", "received_on"], name="subject_request_person"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def has_content(self) -> bool:
        """Handling it shows the person's data, so the four-eyes rule applies."""
        return self.kind in CONTENT_KINDS

    @property
    def identity_recorded(self) -> bool:
        return self.identity_checked_by_id is not None

    @property
    def is_opened(self) -> bool:
        """Its content may be shown to the house's privacy officers (0154)."""
        return self.opening_approved_at is not None

    @property
    def original_deadline(self) -> date:
        return add_months(self.received_on, ANSWER_MONTHS)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.localdate()

    @property
    def is_due_soon(self) -> bool:
        today = timezone.localdate()
        return self.is_open and today <= self.deadline <= today + timedelta(days=DUE_SOON_DAYS)


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Geregistreerd")
    STARTED = "started", _("In behandeling genomen")
    EXTENDED = "extended", _("Termijn verlengd")
    ANSWERED = "answered", _("Beantwoord")
    REFUSED = "refused", _("Geweigerd")
    EXPORTED = "exported", _("Inzageoverzicht gemaakt")
    WITHHELD = "withheld", _("Onderdeel achtergehouden")
    RELEASED = "released", _("Achterhouden opgeheven")
    CORRECTED = "corrected", _("Gegevens gecorrigeerd")
    IDENTITY = "identity", _("Identiteit van de verzoeker vastgesteld")
    APPROVED = "approved", _("Openen van de inhoud goedgekeurd")
    OPENED = "opened", _("Inhoud voor het eerst geopend")


class RequestEvent(models.Model):
    """The request's own history: every step, timestamped, with who took it. `data` holds
    codes, field names and file digests, never personal data; notes are the officer's text."""

    id = models.BigAutoField(primary_key=True)
    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["request", "at", "id"], name="subject_request_event")]


class WithholdingGround(models.TextChoices):
    """The legal grounds to restrict the right of access: art. 15(4) AVG for a copy that would
    harm others, and the restrictions of art. 23 AVG as the Netherlands made them in art. 41
    lid 1 UAVG."""

    RIGHTS_OF_OTHERS = (
        "rights_of_others",
        _("Rechten en vrijheden van anderen (art. 15 lid 4 AVG, art. 41 lid 1 sub i UAVG)"),
    )
    PROTECTION_OF_SUBJECT = (
        "protection_of_subject",
        _("Bescherming van de betrokkene zelf (art. 41 lid 1 sub i UAVG)"),
    )
    CRIMINAL_INVESTIGATION = (
        "criminal_investigation",
        _(
            "Voorkomen, opsporen en vervolgen van strafbare feiten of tenuitvoerlegging van "
            "straffen (art. 41 lid 1 sub d UAVG)"
        ),
    )
    PUBLIC_SAFETY = "public_safety", _("Openbare veiligheid (art. 41 lid 1 sub c UAVG)")
    NATIONAL_SECURITY = "national_security", _("Nationale veiligheid (art. 41 lid 1 sub a UAVG)")
    SUPERVISION = (
        "supervision",
        _("Toezicht, inspectie of regelgeving (art. 41 lid 1 sub h UAVG)"),
    )
    OTHER_STATUTORY = (
        "other_statutory",
        _("Andere wettelijke beperking (art. 23 AVG): noem de wet in de toelichting"),
    )


ACTIVE_WITHHOLDING = Q(lifted_at__isnull=True)

# The kinds of parts of an access export that can be withheld (keys "<kind>:<id>").
RECORD_KINDS = {
    "referral": _("Aanmelding"),
    "case": _("Casus (met alles daarin)"),
    "goal": _("Doel van het plan"),
    "agreement": _("Afspraak"),
    "review": _("Evaluatie"),
    "conference_item": _("Bespreking in een overleg"),
    "item": _("Informatie-item"),
}


class Withholding(models.Model):
    """One part of the access export kept back, with its legal ground. `record` is the part's
    key in the export ("item:<id>", "case:<id>", ...): ids only. Lifting keeps the row."""

    id = models.BigAutoField(primary_key=True)
    request = models.ForeignKey(
        SubjectRequest, on_delete=models.CASCADE, related_name="withholdings"
    )
    record = models.CharField(max_length=80)
    ground = models.CharField(_("grond"), max_length=24, choices=WithholdingGround.choices)
    explanation = models.TextField(_("toelichting"))
    withheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withheld_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "record"],
                condition=ACTIVE_WITHHOLDING,
                name="withholding_once_per_record",
            ),
            models.CheckConstraint(condition=~Q(explanation=""), name="withholding_explained"),
        ]

    @property
    def record_kind(self) -> str:
        return str(RECORD_KINDS.get(self.record.partition(":")[0], self.record))


class PersonCorrection(models.Model):
    """One field of the person record corrected on a rectification request: what it was, what
    it became, who, when and why. Personal data itself, so it goes when the person goes
    (CASCADE); the access log only says which fields changed."""

    id = models.BigAutoField(primary_key=True)
    request = models.ForeignKey(
        SubjectRequest, on_delete=models.CASCADE, related_name="corrections"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    field = models.CharField(_("gegeven"), max_length=40)
    old_value = models.TextField(_("was"), blank=True)
    new_value = models.TextField(_("wordt"), blank=True)
    reason = models.TextField(_("reden"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["person", "corrected_at"], name="person_correction")]

    @property
    def field_label(self) -> str:
        """The field's name on the person form ("geslachtsnaam")."""
        try:
            field = Person._meta.get_field(self.field)
        except FieldDoesNotExist:
            return self.field
        return str(getattr(field, "verbose_name", self.field))
