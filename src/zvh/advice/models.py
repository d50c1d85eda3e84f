"""The advice register (the house's expertise function): consultations by professionals that do
not become a case. It holds no personal data: who asked (an organisation), for which
municipality, about which topic, what was advised and how long it took. See
docs/decisions/0166-advice-register.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionedModel
from zvh.core.models import BaseModel

MAX_ADVICE_TEXT = 4000
MAX_REQUESTER_NAME = 150
MAX_MINUTES = 480  # one working day: a longer consultation is casework, not advice


class AdviceTopic(models.TextChoices):
    """A fixed list, the same in every house, so that figures compare over houses and years."""

    MULTIPROBLEM = "multiproblem", _("Meervoudige problematiek")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Huiselijk geweld en kindermishandeling")
    CONFUSED_BEHAVIOUR = "confused_behaviour", _("Onbegrepen gedrag en psychiatrie")
    RADICALISATION = "radicalisation", _("Radicalisering en extremisme")
    REOFFENDING = "reoffending", _("Veelplegers en high impact crime")
    YOUTH = "youth", _("Jeugd en criminaliteit")
    RELEASE = "release", _("Terugkeer na detentie")
    SUBVERSION = "subversion", _("Ondermijning en mensenhandel")
    COMPULSORY_CARE = "compulsory_care", _("Verplichte zorg (Wvggz, Wzd)")
    INFORMATION_SHARING = "information_sharing", _("Gegevensdeling en privacy")
    OTHER = "other", _("Anders")


class Advice(VersionedModel, BaseModel):
    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    # A partner organisation of the house, or (not a partner) only its name.
    requester_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie van de vrager"),
    )
    requester_name = models.CharField(
        _("andere organisatie"), max_length=MAX_REQUESTER_NAME, blank=True
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    topic = models.CharField(_("onderwerp"), max_length=24, choices=AdviceTopic.choices)
    given_on = models.DateField(_("datum"))
    advice_text = models.TextField(_("gegeven advies"), max_length=MAX_ADVICE_TEXT)
    minutes = models.PositiveSmallIntegerField(_("tijdsbesteding (minuten)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(requester_organisation__isnull=False, requester_name="")
                    | models.Q(requester_organisation__isnull=True) & ~models.Q(requester_name="")
                ),
                name="advice_one_requester",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MAX_MINUTES),
                name="advice_minutes_range",
            ),
        ]
        indexes = [models.Index(fields=["house", "given_on"], name="advice_house_given_on")]

    def __str__(self) -> str:
        return f"{self.given_on} {self.get_topic_display()}"

    @property
    def requester_label(self) -> str:
        if self.requester_organisation is not None:
            return self.requester_organisation.name
        return self.requester_name
