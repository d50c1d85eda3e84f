"""Case conferences (casusoverleg): a Casus op Maat for one case, or a periodic target-group
conference with many cases on its agenda. Invitations per person, the confidentiality
declaration for attendees whose organisation is no covenant party, minutes per agenda item
and decisions.

Who sees what is decided in `conferences/policy.py`: an attendee sees only the agenda
items of cases their organisation takes part in. See docs/decisions/0110-case-conferences.md.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionedModel
from zvh.core.models import BaseModel

MAX_TEXT = 5000
MAX_DECLARATION = 20000


class ConferenceKind(models.TextChoices):
    CASE = "case", _("Casus op Maat")
    TARGET_GROUP = "target_group", _("Doelgroepoverleg")


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Afgerond")
    CANCELLED = "cancelled", _("Geannuleerd")


class Conference(VersionedModel, BaseModel):
    """`number` names the conference everywhere outside the system (e-mail, calendar):
    never a person's name. `sequence` counts the changes calendars must follow (RFC 5545)."""

    house = models.ForeignKey("network.House", on_delete=models.PROTECT, related_name="conferences")
    number = models.CharField(_("nummer"), max_length=20)
    kind = models.CharField(_("soort overleg"), max_length=12, choices=ConferenceKind.choices)
    # The target group of a target-group conference (e.g. the priority list, aftercare).
    theme = models.ForeignKey(
        "cases.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
        verbose_name=_("doelgroep"),
    )
    starts_at = models.DateTimeField(_("aanvang"))
    ends_at = models.DateTimeField(_("einde"))
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    video_link = models.URLField(_("videoverbinding"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConferenceStatus.choices,
        default=ConferenceStatus.PLANNED,
    )
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    held_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    cancel_reason = models.TextField(_("reden van annuleren"), blank=True)

    class Meta:
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")
        constraints = [
            models.UniqueConstraint(fields=["house", "number"], name="conference_unique_number"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="conference_ends_after_start",
            ),
        ]
        indexes = [
            # The list: newest first, keyset on (starts_at, id).
            models.Index(fields=["house", "starts_at", "id"], name="conference_house_time"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_planned(self) -> bool:
        return self.status == ConferenceStatus.PLANNED

    @property
    def is_case_conference(self) -> bool:
        return self.kind == ConferenceKind.CASE


class Invitation(BaseModel):
    """One invited person. `organisation` is the one they worked for when invited; the
    covenant check reads their current organisation. `queued_sequence` is the conference's
    sequence last put in the outbox for them: lower than the conference's means an update is
    due. `sent_at`/`sent_sequence` say what the mail server accepted (decision 0187)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conference_invitations"
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_sequence = models.PositiveIntegerField(null=True, blank=True)
    queued_sequence = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conference", "user"], name="invitation_unique")
        ]
        # "Which conferences am I invited to": the policy's EXISTS per conference.
        indexes = [models.Index(fields=["user", "conference"], name="invitation_by_user")]


class AgendaItem(VersionedModel, BaseModel):
    """One case on the agenda, with its minutes. `version` guards the minutes."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="conference_items"
    )
    position = models.PositiveIntegerField(default=0)
    minutes = models.TextField(_("verslag"), blank=True)
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    minutes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        constraints = [
            models.UniqueConstraint(fields=["conference", "case"], name="conference_item_unique")
        ]
        indexes = [models.Index(fields=["case", "conference"], name="conference_item_by_case")]


class ConferenceDecision(BaseModel):
    """A decision on an agenda item. The primary key is chosen when the form is shown, so a
    double submit finds the decision it already created. The agreements it made belong to
    the case's plan; this only links them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("besluit"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    agreements = models.ManyToManyField(
        "plans.Agreement", blank=True, related_name="conference_decisions"
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        indexes = [models.Index(fields=["item", "decided_at"], name="conference_decision_item")]


class ConfidentialityDeclaration(BaseModel):
    """The text a non-covenant attendee accepts, per house and versioned. A new version
    replaces the active one; accepted versions are never changed or deleted."""

    house = models.ForeignKey(
        "network.House", on_delete=models.CASCADE, related_name="confidentiality_declarations"
    )
    version = models.PositiveIntegerField(_("versie"))
    text = models.TextField(_("tekst"))
    active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("geheimhoudingsverklaring")
        verbose_name_plural = _("geheimhoudingsverklaringen")
        constraints = [
            models.UniqueConstraint(fields=["house", "version"], name="declaration_unique_version"),
            models.UniqueConstraint(
                fields=["house"],
                condition=models.Q(active=True),
                name="declaration_one_active_per_house",
            ),
        ]


class DeclarationAcceptance(BaseModel):
    """An attendee accepted the declaration (this version, at this time) for one conference."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    declaration = models.ForeignKey(
        ConfidentialityDeclaration, on_delete=models.PROTECT, related_name="acceptances"
    )
    accepted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conference", "user"], name="acceptance_unique")
        ]
