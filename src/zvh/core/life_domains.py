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


class ZrmScore(models.IntegerChoices):
    """A ZRM score per life domain, shown with the name of its level wherever a person reads
    it: a bare "2" says nothing to whoever does not know the matrix by heart."""

    ACUTE = 1, _("1 acute problematiek")
    NOT_SELF_RELIANT = 2, _("2 niet zelfredzaam")
    LIMITED = 3, _("3 beperkt zelfredzaam")
    SUFFICIENT = 4, _("4 voldoende zelfredzaam")
    FULLY = 5, _("5 volledig zelfredzaam")
