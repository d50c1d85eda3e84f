"""The network of a house: municipalities, partner organisations and who holds which role."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.authz.roles import Role
from zvh.core.concurrency import VersionedModel
from zvh.core.models import BaseModel

# The CBS municipality code: "GM" and four digits (GM0014 is Groningen).
cbs_code_validator = RegexValidator(
    r"^GM[0-9]{4}\Z",
    message=_("Een CBS-code bestaat uit GM en vier cijfers, bijvoorbeeld GM0014."),
    code="invalid_cbs_code",
)


class Municipality(VersionedModel, BaseModel):
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[cbs_code_validator],
        help_text=_("Bijvoorbeeld GM0014"),
    )
    inhabitants = models.PositiveIntegerField(_("inwoners"), default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class HouseKind(models.TextChoices):
    HOUSE = "house", _("Zorg- en veiligheidshuis")
    # The national monitor's office (decision 0184): a tenant like a house, so that accounts,
    # two factors, role grants and the access log serve it unchanged. It holds no cases; its
    # analysts read the house records of the national monitor, never a person.
    NATIONAL = "national", _("Landelijke monitor")


class House(BaseModel):
    """A zorg- en veiligheidshuis: the tenant. Nothing crosses houses unless a rule says so."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    kind = models.CharField(
        _("soort"), max_length=10, choices=HouseKind.choices, default=HouseKind.HOUSE
    )
    # The house's code in the national monitor's records (the exchange format's `id`).
    monitor_code = models.CharField(
        _("code in de landelijke monitor"), max_length=20, null=True, blank=True, unique=True
    )
    security_region = models.CharField(_("veiligheidsregio"), max_length=100)
    seat_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="seat_of_houses",
        verbose_name=_("centrumgemeente"),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="houses", verbose_name=_("deelnemende gemeenten")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("zorg- en veiligheidshuis")
        verbose_name_plural = _("zorg- en veiligheidshuizen")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    POLICE = "police", _("Politie")
    PUBLIC_PROSECUTION = "public_prosecution", _("Openbaar Ministerie")
    PROBATION = "probation", _("Reclassering")
    YOUTH_PROTECTION = "youth_protection", _("Jeugdbescherming")
    CHILD_PROTECTION_BOARD = "child_protection_board", _("Raad voor de Kinderbescherming")
    MENTAL_HEALTH_CARE = "mental_health_care", _("GGZ")
    PUBLIC_HEALTH = "public_health", _("GGD")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    MUNICIPALITY = "municipality", _("Gemeente / sociaal team")
    PRISON = "prison", _("Penitentiaire inrichting")
    HALT = "halt", _("Halt")
    SHELTER = "shelter", _("Maatschappelijke opvang")
    SOCIAL_WORK = "social_work", _("Maatschappelijk werk")
    LVB = "lvb", _("LVB-zorg")
    HOUSING_CORPORATION = "housing_corporation", _("Woningcorporatie")
    VICTIM_SUPPORT = "victim_support", _("Slachtofferhulp")
    HOUSE_STAFF = "house_staff", _("Zorg- en veiligheidshuis")
    OTHER = "other", _("Overig")


class Domain(models.TextChoices):
    CRIMINAL_JUSTICE = "criminal_justice", _("Strafrecht")
    CARE = "care", _("Zorg")
    ADMINISTRATIVE = "administrative", _("Bestuurlijk")
    SOCIAL = "social", _("Sociaal domein")


class Organisation(VersionedModel, BaseModel):
    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=32, choices=OrganisationKind.choices)
    domains = models.JSONField(
        _("domeinen"), default=list, help_text=_("Een of meer van: strafrecht, zorg, ...")
    )
    houses = models.ManyToManyField(
        House, through="Partnership", related_name="organisations", verbose_name=_("huizen")
    )
    # The municipality an organisation of the municipality (kind MUNICIPALITY) belongs to: a
    # bestuurder of it is "of municipality M" for the mayor's briefing (decision 0168).
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("gemeente"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [models.UniqueConstraint(fields=["name"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def domain_labels(self) -> list[str]:
        labels = dict(Domain.choices)
        return [str(labels.get(domain, domain)) for domain in self.domains]


class Partnership(BaseModel):
    """An organisation is a partner in a house."""

    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnerships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["house", "organisation"], name="partnership_unique")
        ]


# The roles a tenant of a kind can hold (decision 0184): the national monitor's office has its
# analysts and a functional administrator for its own accounts and role grants (four eyes); a
# house has every role but the national analyst.
NATIONAL_TENANT_ROLES = frozenset({Role.NATIONAL_ANALYST, Role.FUNCTIONAL_ADMIN})


def roles_for_house_kind(kind: str) -> tuple[Role, ...]:
    if kind == HouseKind.NATIONAL:
        return tuple(role for role in Role if role in NATIONAL_TENANT_ROLES)
    return tuple(role for role in Role if role != Role.NATIONAL_ANALYST)


class Membership(BaseModel):
    """One role of a user in one house. A user holds one or more per house."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(fields=["user", "house", "role"], name="membership_unique")
        ]
        indexes = [models.Index(fields=["house", "role"], name="membership_house_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.house}"


# Roles that open personal data (or, for the functional administrator, the granting of such
# roles): a grant of one is proposed by one person and approved by another (decision 0153).
# The partner professional is granted directly: what it opens follows its organisation's
# participation in a case, which the house decides case by case.
FOUR_EYES_ROLES: frozenset[str] = frozenset(
    {
        Role.FUNCTIONAL_ADMIN,
        Role.CHAIN_MANAGER,
        Role.PROCESS_COORDINATOR,
        Role.ADMINISTRATOR,
        Role.PRIVACY_OFFICER,
    }
)


class RoleGrantStatus(models.TextChoices):
    PROPOSED = "proposed", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")


class RoleGrant(BaseModel):
    """A proposal to give a user a role in a house that needs a second person's approval. It
    becomes a Membership only when a different account approves it; who may approve is
    network/role_grant_policy.py. Decided grants stay as the record of who proposed and who
    decided (the access log holds both steps as well)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RoleGrantStatus.choices,
        default=RoleGrantStatus.PROPOSED,
    )
    # SET_NULL: an account removed later (the demo's reset) must not take the record with it.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="role_grants_proposed",
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_grants_decided",
    )
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)

    class Meta:
        verbose_name = _("rolvoorstel")
        verbose_name_plural = _("rolvoorstellen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "house", "role"],
                condition=models.Q(status="proposed"),
                name="role_grant_one_pending",
            ),
            # Four eyes in the database too: the decider is neither the proposer nor the user.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("proposed_by")),
                name="role_grant_not_decided_by_proposer",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("user")),
                name="role_grant_not_decided_by_user",
            ),
        ]
        indexes = [models.Index(fields=["house", "status"], name="role_grant_house_status")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.get_status_display()}"


class NetworkImport(BaseModel):
    """One upload of the network import and its outcome, so that a refused file stays on the
    functional administrator's "Mijn werk" until a later import succeeds (decision 0179). The
    file itself is not kept: only its name, format and how many problems it had."""

    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    format = models.CharField(_("formaat"), max_length=10, blank=True)
    imported = models.BooleanField(_("geïmporteerd"))
    issue_count = models.PositiveIntegerField(_("aantal problemen"), default=0)

    class Meta:
        indexes = [
            models.Index(fields=["house", "imported", "created_at"], name="network_import_outcome")
        ]
