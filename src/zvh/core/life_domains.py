"""The 13 life domains of the Zelfredzaamheid-Matrix (ZRM), used by referrals, cases and plans."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LifeDomain(models.TextChoices):
    FINANCES = "finances", _("Financiën")
    WORK_EDUCATION = "work_education", _("Werk & opleiding")
    DAYTIME_ACTIVITIES = "daytime_activities", _("Tijdsbesteding")
    HOUSING = "housing", _("Huisvesting")
    DOMESTIC_RELATIONS = "domestic_relations", _("Huiselijke relaties")
    MENTAL_HEALTH = "mental_health", _("Geestelijke gezondheid")
    PHYSICAL_HEALTH = "physical_health", _("Lichamelijke gezondheid")
    SUBSTANCE_USE = "substance_use", _("Middelengebruik")
    BASIC_ADL = "basic_adl", _("Basale ADL")
    INSTRUMENTAL_ADL = "instrumental_adl", _("Instrumentele ADL")
    SOCIAL_NETWORK = "social_network", _("Sociaal netwerk")
    SOCIAL_PARTICIPATION = "social_participation", _("Maatschappelijke participatie")
    JUSTICE = "justice", _("Justitie")
