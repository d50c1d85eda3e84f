"""The roles a person can hold in a house: the vocabulary of the access rules. Kept in authz, the
lowest layer, so that the membership model (network) and every rule module build on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FUNCTIONAL_ADMIN = "functional_admin", _("Functioneel beheerder")
    CHAIN_MANAGER = "chain_manager", _("Ketenmanager")
    PROCESS_COORDINATOR = "process_coordinator", _("Procesregisseur")
    PARTNER_PROFESSIONAL = "partner_professional", _("Partnerprofessional")
    ADMINISTRATOR = "administrator", _("Bestuurder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")
    # Mayors, heads of police, OM and care partners in the house's steering group: aggregated
    # figures and the steering-group reports of their house, nothing about persons (issue 11).
    STEERING_GROUP_MEMBER = "steering_group_member", _("Stuurgroeplid")
    # The people who compare houses: the national monitor's records and tables, no cases
    # (issue 13, decision 0184). Held in the national monitor's tenant only.
    NATIONAL_ANALYST = "national_analyst", _("Landelijk analist")
