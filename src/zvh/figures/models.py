"""The house's settings for its figures: the suppression threshold, the open-case norm and the
mayor's briefing. One row per house, created with defaults on first read."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_SUPPRESSION_THRESHOLD = 5
DEFAULT_OPEN_CASE_NORM_DAYS = 365


class BriefingNames(models.TextChoices):
    """What the mayor's briefing may show of a person besides the case number."""

    NONE = "none", _("Alleen casusnummer")
    INITIALS = "initials", _("Casusnummer en initialen")


class FigureSettings(models.Model):
    house = models.OneToOneField(
        "network.House", on_delete=models.CASCADE, related_name="figure_settings"
    )
    # Cells below this count show as "<threshold" wherever figures leave the chain manager.
    suppression_threshold = models.PositiveSmallIntegerField(
        _("drempel kleine aantallen"),
        default=DEFAULT_SUPPRESSION_THRESHOLD,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
    )
    # A case open longer than this is listed under "open langer dan de norm".
    open_case_norm_days = models.PositiveSmallIntegerField(
        _("norm doorlooptijd casus (dagen)"),
        default=DEFAULT_OPEN_CASE_NORM_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    mayor_briefing_enabled = models.BooleanField(_("burgemeestersbriefing aan"), default=False)
    mayor_briefing_names = models.CharField(
        _("wat de briefing van de persoon toont"),
        max_length=12,
        choices=BriefingNames.choices,
        default=BriefingNames.NONE,
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("instellingen cijfers")
        verbose_name_plural = _("instellingen cijfers")

    def __str__(self) -> str:
        return f"{self.house}"
