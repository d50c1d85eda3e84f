"""Triage (weging): local criteria, triage tables and sessions, and the assessment per referral."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel


class LocalCriterion(BaseModel):
    house = models.ForeignKey(
        "network.House", on_delete=models.CASCADE, related_name="local_criteria"
    )
    name = models.CharField(_("naam"), max_length=100)
    explanation = models.TextField(_("toelichting"), blank=True)
    required = models.BooleanField(
        _("verplicht"), default=False, help_text=_("Verplicht: moet vervuld zijn om te accepteren.")
    )
    active = models.BooleanField(_("actief"), default=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("lokaal criterium")
        verbose_name_plural = _("lokale criteria")
        constraints = [
            models.UniqueConstraint(fields=["house", "name"], name="local_criterion_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class TriageTable(BaseModel):
    """A recurring triage table (weegtafel), e.g. weekly on Tuesday at 10:00."""

    house = models.ForeignKey(
        "network.House", on_delete=models.CASCADE, related_name="triage_tables"
    )
    name = models.CharField(_("naam"), max_length=100)
    weekday = models.PositiveSmallIntegerField(
        _("weekdag"), help_text=_("0 = maandag … 6 = zondag")
    )
    start_time = models.TimeField(_("begintijd"))
    agenda_cutoff_hours = models.PositiveIntegerField(_("agenda sluit (uren vooraf)"), default=24)
    organisations = models.ManyToManyField(
        "network.Organisation", related_name="triage_tables", blank=True
    )

    class Meta:
        verbose_name = _("weegtafel")
        verbose_name_plural = _("weegtafels")

    def __str__(self) -> str:
        return self.name


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    CLOSED = "closed", _("Afgesloten")


class TriageSession(BaseModel):
    house = models.ForeignKey(
        "network.House", on_delete=models.CASCADE, related_name="triage_sessions"
    )
    table = models.ForeignKey(TriageTable, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("aanvang"))
    agenda_cutoff_at = models.DateTimeField(_("agenda sluit"))
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    participant_organisations = models.ManyToManyField(
        "network.Organisation", related_name="triage_sessions", blank=True
    )
    participant_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="triage_sessions", blank=True
    )

    class Meta:
        verbose_name = _("triagesessie")
        verbose_name_plural = _("triagesessies")
        indexes = [models.Index(fields=["house", "starts_at"], name="triage_session_house_time")]


class AgendaItem(models.Model):
    session = models.ForeignKey(TriageSession, on_delete=models.CASCADE, related_name="items")
    referral = models.ForeignKey(
        "intake.Referral", on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "referral"], name="agenda_item_unique")
        ]
        indexes = [models.Index(fields=["referral", "session"], name="agenda_item_by_referral")]


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Geaccepteerd")
    NOT_ACCEPTED = "not_accepted", _("Niet geaccepteerd, met advies")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Doorverwezen naar andere tafel")
    MORE_INFORMATION = "more_information", _("Meer informatie nodig")
    CONSULTATION = "consultation", _("Eenmalig als consultatie behandeld")


class OtherTable(models.TextChoices):
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    YOUTH_PROTECTION_TABLE = "youth_protection_table", _("Jeugdbeschermingstafel")
    ZSM = "zsm", _("ZSM")
    SOCIAL_TEAM = "social_team", _("Sociaal (wijk)team")
    MUNICIPAL_ESCALATION = "municipal_escalation", _("Gemeentelijk escalatieloket")
    RIEC = "riec", _("RIEC")
    OTHER_HOUSE = "other_house", _("Ander zorg- en veiligheidshuis")


class Assessment(BaseModel):
    """One triage assessment of a referral. The newest `is_current` row is the decision;
    a reopening keeps the earlier row and adds a new one."""

    referral = models.ForeignKey(
        "intake.Referral", on_delete=models.PROTECT, related_name="assessments"
    )
    session = models.ForeignKey(
        TriageSession, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    acute = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    c1 = models.BooleanField()
    c2 = models.BooleanField()
    c3a = models.BooleanField()
    c3b = models.BooleanField()
    c4 = models.BooleanField()
    derived = models.JSONField(default=dict)  # what the rule suggested, with reasons
    local_answers = models.JSONField(default=dict)  # {criterion id: true/false}
    rule_outcome = models.BooleanField()  # complex according to the confirmed answers
    decision = models.CharField(max_length=24, choices=Decision.choices)
    departs_from_rule = models.BooleanField(default=False)
    motivation = models.TextField()
    advice = models.TextField(blank=True)
    referred_to = models.CharField(max_length=32, choices=OtherTable.choices, blank=True)
    questions = models.TextField(blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=models.Q(is_current=True),
                name="assessment_one_current_per_referral",
            )
        ]
