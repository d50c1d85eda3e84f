"""The plan of approach of a case: goals per life domain and agreements, versioned.

One living plan per case. Every change writes a `PlanVersion` snapshot (who, when, what the
plan then said), so no earlier state is ever lost. Plan and agreements carry an optimistic-lock
version (see `core/concurrency.py`). Whether an agreement is overdue is derived from its status
and due date, never stored. See docs/decisions/0100-plan-of-approach-and-agreements.md.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionedModel
from zvh.core.life_domains import LifeDomain
from zvh.core.models import BaseModel

# "Due soon": what "my work" and the reminders look ahead.
DUE_SOON_DAYS = 14
MAX_WHAT = 1000
MAX_GOAL = 1000
MAX_NOTE = 2000


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SET = "set", _("Vastgesteld")


class InterventionDomain(models.TextChoices):
    CRIMINAL_JUSTICE = "criminal_justice", _("Strafrecht")
    CARE = "care", _("Zorg")
    ADMINISTRATIVE = "administrative", _("Bestuurlijke maatregel")
    SOCIAL = "social", _("Sociaal domein")
    OTHER = "other", _("Overig")


class AgreementStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Uitgevoerd")
    NOT_DELIVERED = "not_delivered", _("Niet geleverd")
    CANCELLED = "cancelled", _("Vervallen")


class Plan(VersionedModel, BaseModel):
    """`version` guards the goals and the status; `revision` numbers the snapshots, which
    every change of goals or agreements adds (under a row lock on the plan)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="plan")
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("versienummer"), default=0)
    # The last time the plan was set; `set_revision` is the snapshot that was set then, which
    # the PDF export shows even after later changes turned the plan back into a draft.
    set_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    # The first time the plan was set, kept for the throughput figures (decision 0175).
    first_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_revision = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")

    @property
    def is_set(self) -> bool:
        return self.status == PlanStatus.SET


class PlanVersion(models.Model):
    """One state of the plan, written with the change that produced it. Never updated."""

    id = models.BigAutoField(primary_key=True)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    change = models.CharField(_("wijziging"), max_length=40)
    snapshot = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]


class Goal(BaseModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    life_domain = models.CharField(_("leefgebied"), max_length=30, choices=LifeDomain.choices)
    description = models.TextField(_("gewenste situatie"), max_length=MAX_GOAL)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        constraints = [
            models.UniqueConstraint(fields=["plan", "life_domain"], name="goal_unique_domain")
        ]


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def open(self) -> AgreementQuerySet:
        return self.filter(status=AgreementStatus.OPEN)

    def overdue(self, today: date) -> AgreementQuerySet:
        """Open and past the due date: derived, never stored."""
        return self.filter(status=AgreementStatus.OPEN, due_date__lt=today)

    def needs_attention(self, today: date, days: int = DUE_SOON_DAYS) -> AgreementQuerySet:
        """Open and due within `days`, or overdue."""
        return self.filter(status=AgreementStatus.OPEN, due_date__lte=today + timedelta(days=days))


OPEN_AGREEMENT = models.Q(status=AgreementStatus.OPEN)


class Agreement(VersionedModel, BaseModel):
    """Who does what by when. `case` and `house` repeat the plan's, so that "my work", the
    reminders and the delivery view filter on indexed columns without joining the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agreements")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="agreements")
    house = models.ForeignKey("network.House", on_delete=models.PROTECT, related_name="+")
    what = models.TextField(_("afspraak"), max_length=MAX_WHAT)
    domain = models.CharField(
        _("interventiedomein"), max_length=20, choices=InterventionDomain.choices
    )
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="owned_agreements",
        verbose_name=_("organisatie"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_agreements",
        verbose_name=_("eigenaar"),
    )
    due_date = models.DateField(_("streefdatum"))
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.OPEN
    )
    # Why it was done, refused or cancelled: required for each of these.
    note = models.TextField(_("toelichting"), max_length=MAX_NOTE, blank=True)
    completed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        indexes = [
            # The plan page: a case's agreements by due date.
            models.Index(fields=["case", "due_date", "id"], name="agreement_by_case"),
            # The delivery view: one aggregate over the house's agreements per organisation.
            models.Index(
                fields=["house", "owner_organisation", "status", "due_date", "completed_at"],
                name="agreement_delivery",
            ),
            # "My work" and the reminders: open agreements by due date, per owner.
            models.Index(
                fields=["owner_organisation", "due_date", "id"],
                condition=OPEN_AGREEMENT,
                name="agreement_open_by_org",
            ),
            models.Index(
                fields=["owner_user", "due_date", "id"],
                condition=OPEN_AGREEMENT,
                name="agreement_open_by_user",
            ),
            models.Index(
                fields=["house", "due_date", "id"],
                condition=OPEN_AGREEMENT,
                name="agreement_open_by_house",
            ),
            # Delivery per partner counts every agreement due in a period (decision 0171).
            models.Index(fields=["house", "due_date"], name="agreement_house_due"),
        ]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def is_open(self) -> bool:
        return self.status == AgreementStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()


class ReminderKind(models.TextChoices):
    OWNER = "owner", _("Aan de eigenaar")
    SUMMARY = "summary", _("Overzicht aan de casusregisseur")


class AgreementReminder(models.Model):
    """What `send_reminders` sent, per agreement, day and kind: a second run on the same day
    finds these rows and sends nothing again."""

    id = models.BigAutoField(primary_key=True)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    overdue = models.BooleanField(default=False)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "day", "kind"], name="agreement_reminder_once_a_day"
            )
        ]
