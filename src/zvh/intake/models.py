"""Referrals (aanmeldingen): every channel lands here as one Referral with its channel recorded."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel


class Channel(models.TextChoices):
    WEB = "web", _("Webformulier")
    API = "api", _("REST-API")
    JZV = "jzv", _("JZV Meldingen")
    PRIORITY_LIST = "priority_list", _("Prioriteitenlijst")


class Source(models.TextChoices):
    PARTNER = "partner", _("Partner")
    ZSM = "zsm", _("ZSM")
    JUSTICE_TRAJECTORY = "justice_trajectory", _("Lopend justitieel traject")
    CARE_TRAJECTORY = "care_trajectory", _("Lopend zorgtraject")
    SOCIAL_TEAM = "social_team", _("Sociaal team")
    PRIORITY_LIST = "priority_list", _("Prioriteitenlijst")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")


class Orientation(models.TextChoices):
    PERSON = "person", _("Persoonsgericht")
    SYSTEM = "system", _("Systeemgericht (huishouden)")
    AREA = "area", _("Gebiedsgericht")


class Behaviour(models.TextChoices):
    NONE = "none", _("Geen")
    PRESENT = "present", _("Aanwezig")
    EXPECTED = "expected", _("Verwacht")


class Urgency(models.TextChoices):
    REGULAR = "regular", _("Regulier")
    ACUTE = "acute", _("Acuut")


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    ON_AGENDA = "on_agenda", _("Geagendeerd")
    MORE_INFORMATION = "more_information", _("Meer informatie nodig")
    DECIDED = "decided", _("Besloten")
    FORWARDED = "forwarded", _("Doorgestuurd naar ander huis")
    ENTERED_DIRECTLY = "entered_directly", _("Zonder triage ingestroomd")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class PriorityList(BaseModel):
    """A Top-X / PGA list: one upload, many persons, each a referral tagged with the list."""

    house = models.ForeignKey(
        "network.House", on_delete=models.PROTECT, related_name="priority_lists"
    )
    name = models.CharField(_("naam"), max_length=150)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="priority_lists"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    bypassed_triage = models.BooleanField(_("zonder triage ingestroomd"), default=False)

    class Meta:
        verbose_name = _("prioriteitenlijst")
        verbose_name_plural = _("prioriteitenlijsten")


class Referral(BaseModel):
    house = models.ForeignKey("network.House", on_delete=models.PROTECT, related_name="referrals")
    number = models.CharField(_("aanmeldnummer"), max_length=20)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    source = models.CharField(_("bron"), max_length=24, choices=Source.choices)
    referring_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_made",
        verbose_name=_("aanmeldende organisatie"),
    )
    referring_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
        verbose_name=_("melder"),
    )
    referrer_contact = models.CharField(_("contactgegevens melder"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("ontvangen op"))
    # The moment of the first final triage decision (not "more information"): written by the
    # triage service, read by the triage figures (decision 0175).
    first_decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    orientation = models.CharField(
        _("oriëntatie"), max_length=10, choices=Orientation.choices, default=Orientation.PERSON
    )
    persons = models.ManyToManyField(
        "people.Person", through="ReferralPerson", related_name="referrals"
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("woongemeente"),
    )
    outside_region = models.BooleanField(_("woont buiten de regio"), default=False)
    residence_kept_reason = models.TextField(_("reden behouden ondanks woonplaats"), blank=True)
    reason = models.TextField(_("reden van aanmelding"))
    request = models.TextField(_("hulpvraag aan het huis"))
    life_domains = models.JSONField(_("problemen op leefgebieden"), default=list)
    behaviour = models.CharField(
        _("crimineel of overlastgevend gedrag"),
        max_length=10,
        choices=Behaviour.choices,
        default=Behaviour.NONE,
    )
    chains_involved = models.JSONField(_("betrokken ketens"), default=list)
    # The referrer's own statement that the problems affect, and are affected by, the (family)
    # system or the direct social environment: what triage suggests C3a from (decision 0176).
    system_impact = models.BooleanField(_("gevolgen voor het systeem"), default=False)
    local_approach_tried = models.BooleanField(_("lokale aanpak geprobeerd"), default=False)
    local_approach_stuck = models.BooleanField(_("lokale aanpak vastgelopen"), default=False)
    urgency = models.CharField(
        _("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.REGULAR
    )
    acute_deadline = models.DateTimeField(_("uiterste beslismoment"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED
    )
    priority_list = models.ForeignKey(
        PriorityList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    entered_without_triage = models.BooleanField(_("zonder triage ingestroomd"), default=False)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("gekoppeld aan aanmelding"),
    )
    linked_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="linked_referrals",
        verbose_name=_("gekoppeld aan casus"),
    )
    external_id = models.CharField(_("registratienummer afzender"), max_length=64, blank=True)
    external_payload = models.JSONField(_("oorspronkelijk bericht"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        constraints = [
            models.UniqueConstraint(fields=["house", "number"], name="referral_unique_number"),
            models.UniqueConstraint(
                fields=["house", "channel", "external_id"],
                condition=~models.Q(external_id=""),
                name="referral_unique_external_id",
            ),
        ]
        indexes = [
            models.Index(fields=["house", "status", "received_at"], name="referral_house_status"),
            # The house list: newest first, keyset on (received_at, id).
            models.Index(fields=["house", "received_at", "id"], name="referral_house_received"),
            models.Index(
                fields=["referring_user", "received_at", "id"], name="referral_by_referrer"
            ),
            models.Index(
                fields=["house", "urgency", "acute_deadline"], name="referral_house_acute"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ReferralPerson(models.Model):
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="referral_persons"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="referral_links"
    )
    # The person as the referrer named them (given names, prefix, surname, date of birth as
    # ISO text). The house links the referral to the person it knows (decision 0050); the
    # referrer's side is shown this, never the house's registration (decision 0157).
    entered = models.JSONField(_("opgegeven als"), default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "person"], name="referral_person_unique")
        ]
        indexes = [models.Index(fields=["person", "referral"], name="referral_person_by_person")]

    @property
    def entered_name(self) -> str:
        entered = self.entered or {}
        family = " ".join(
            part for part in (entered.get("surname_prefix"), entered.get("surname")) if part
        )
        return f"{entered.get('given_names') or ''} {family}".strip()

    @property
    def entered_date_of_birth(self) -> date | None:
        value = (self.entered or {}).get("date_of_birth")
        return date.fromisoformat(value) if value else None

    @property
    def differs_from_registration(self) -> bool:
        """The referrer named the person otherwise than the house registered them."""
        person = self.person
        return (self.entered_name, self.entered_date_of_birth) != (
            person.display_name,
            person.date_of_birth,
        )


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    LINKED_DUPLICATE = "linked_duplicate", _("Gekoppeld aan bestaande aanmelding of casus")
    ON_AGENDA = "on_agenda", _("Geagendeerd")
    INFORMATION_REQUESTED = "information_requested", _("Meer informatie gevraagd")
    INFORMATION_SUPPLIED = "information_supplied", _("Informatie aangevuld")
    DECIDED = "decided", _("Besloten")
    FED_BACK = "fed_back", _("Teruggekoppeld aan melder")
    FORWARDED = "forwarded", _("Doorgestuurd naar ander huis")
    RESIDENCE_KEPT = "residence_kept", _("Behouden ondanks woonplaats")
    REOPENED = "reopened", _("Besluit heropend")
    ENTERED_WITHOUT_TRIAGE = "entered_without_triage", _("Zonder triage ingestroomd")


class ReferralEvent(models.Model):
    """Every state change with its timestamp: the raw material for throughput figures."""

    id = models.BigAutoField(primary_key=True)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["referral", "at"], name="referral_event_time")]


class ReferralTransfer(BaseModel):
    """A referral forwarded to the house where the person lives. Both houses see this row."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="transfer")
    from_house = models.ForeignKey("network.House", on_delete=models.PROTECT, related_name="+")
    to_house = models.ForeignKey("network.House", on_delete=models.PROTECT, related_name="+")
    new_referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, related_name="transferred_from"
    )
    reason = models.TextField(_("toelichting"))
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )


class TriageSettings(models.Model):
    """Per-house settings of the way to triage, with the defaults named in the issue. They are
    read when a referral arrives (the acute deadline, the priority-list bypass), so they live in
    intake, below triage (decision 0195); the table keeps its name."""

    house = models.OneToOneField(
        "network.House", on_delete=models.CASCADE, primary_key=True, related_name="triage_settings"
    )
    acute_deadline_hours = models.PositiveIntegerField(_("beslistermijn acuut (uren)"), default=24)
    priority_list_bypass = models.BooleanField(
        _("prioriteitenlijsten stromen zonder triage in"), default=False
    )

    class Meta:
        db_table = "triage_triagesettings"
