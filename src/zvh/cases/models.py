"""The case as the need-to-know unit. The case-work issue fills in its workflow.

Only what the access policy needs lives here now: which house, which persons, which
organisations take part.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel


class CaseStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Geaccepteerd")
    PLAN_IN_PREPARATION = "plan_in_preparation", _("Plan in voorbereiding")
    IN_EXECUTION = "in_execution", _("In uitvoering")
    STEP_DOWN_PROPOSED = "step_down_proposed", _("Afschaling voorgesteld")
    CLOSED = "closed", _("Afgesloten")


class Case(BaseModel):
    house = models.ForeignKey("network.House", on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(_("casusnummer"), max_length=20)
    status = models.CharField(
        _("status"), max_length=32, choices=CaseStatus.choices, default=CaseStatus.ACCEPTED
    )
    persons = models.ManyToManyField(
        "people.Person", through="CasePerson", related_name="cases", verbose_name=_("betrokkenen")
    )
    origin_referral = models.OneToOneField(
        "intake.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("aanmelding"),
    )
    opened_at = models.DateTimeField(_("geopend op"), null=True, blank=True)
    life_domains = models.JSONField(_("problemen op leefgebieden"), default=list)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        constraints = [
            models.UniqueConstraint(fields=["house", "number"], name="case_unique_number")
        ]

    def __str__(self) -> str:
        return self.number


class CasePerson(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_persons")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_person_unique")
        ]
        indexes = [models.Index(fields=["person", "case"], name="case_person_by_person")]


class CaseParticipant(BaseModel):
    """An organisation takes part in a case: the need-to-know unit for its professionals."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="case_participations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="case_participant_unique")
        ]
        indexes = [models.Index(fields=["organisation", "case"], name="case_participant_by_org")]
