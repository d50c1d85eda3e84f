"""Lawful sharing: the house's legal bases and category rules, the person's consent, and the
contributor's release of one item, and the items themselves (`InformationItem`, moved here
from `cases` by decision 0196): see docs/decisions/0150-information-items.md and the
defaults table in docs/information-sharing.md.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel
from zvh.core.storage import item_attachment_path, private_storage

from .categories import Audience, GdprBasis, InformationCategory, Purpose


class LegalBasis(BaseModel):
    """One legal basis as the house has configured it: the art. 6 AVG basis, the art. 9/10
    ground where relevant, and the covenant or WGS article."""

    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("naam"), max_length=120)
    gdpr_basis = models.CharField(
        _("grondslag (art. 6 AVG)"), max_length=1, choices=GdprBasis.choices
    )
    special_ground = models.CharField(
        _("uitzonderingsgrond (art. 9/10 AVG)"), max_length=200, blank=True
    )
    framework = models.CharField(_("convenant of WGS-artikel"), max_length=200)
    active = models.BooleanField(_("actief"), default=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("grondslag")
        verbose_name_plural = _("grondslagen")
        constraints = [
            models.UniqueConstraint(fields=["house", "name"], name="legal_basis_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class CategoryRule(models.Model):
    """The audience a house gives one category. A category without a row has its default.
    Edits compare the audience the editor saw with the stored one (services)."""

    id = models.BigAutoField(primary_key=True)
    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("categorie"), max_length=32, choices=InformationCategory.choices)
    audience = models.CharField(_("wie ziet het"), max_length=40, choices=Audience.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["house", "category"], name="category_rule_unique")
        ]


class Consent(BaseModel):
    """The person's consent to share items of some categories with some organisations.

    The scope is kept as grants (one row per organisation × category) so the access policy
    can test it in one indexed subquery. Withdrawal is a timestamp, effective at once."""

    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("gegeven op"))
    expires_on = models.DateField(_("geldig tot en met"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-recorded_at"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("given_on")),
                name="consent_expires_after_given",
            )
        ]


class ConsentGrant(models.Model):
    id = models.BigAutoField(primary_key=True)
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(max_length=32, choices=InformationCategory.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consent", "organisation", "category"], name="consent_grant_unique"
            )
        ]
        indexes = [models.Index(fields=["organisation", "category"], name="consent_grant_lookup")]


class InformationItem(BaseModel):
    """An information item: what a participant contributes to a case (a note of a contact
    moment, with an optional attachment), with its category, legal basis and purpose, and the
    persons it is about. Who sees it is `authz.sharing_policy.visible_items`.

    The primary key is chosen by the form when it is shown, so a double submit finds the item
    it already created."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    contact_date = models.DateField(_("datum contactmoment"))
    text = models.TextField(_("notitie"))
    # Stored without database choices: the categories live in sharing/categories.py.
    category = models.CharField(_("categorie"), max_length=32, default="general")
    legal_basis = models.ForeignKey(
        "sharing.LegalBasis",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("grondslag"),
    )
    purpose = models.CharField(_("doel"), max_length=32, blank=True)
    subjects = models.ManyToManyField(
        "people.Person",
        through="InformationItemSubject",
        related_name="+",
        verbose_name=_("over wie"),
    )
    attachment = models.FileField(
        _("bijlage"), storage=private_storage, upload_to=item_attachment_path, blank=True
    )
    attachment_name = models.CharField(max_length=200, blank=True)

    class Meta:
        # The table keeps its name from when the item lived in `cases` (decision 0196).
        db_table = "cases_casenote"
        verbose_name = _("informatie-item")
        verbose_name_plural = _("informatie-items")
        indexes = [models.Index(fields=["case", "contact_date"], name="case_note_by_case")]

    @property
    def category_label(self) -> str:
        labels = dict(InformationCategory.choices)
        return str(labels.get(self.category, self.category))

    @property
    def purpose_label(self) -> str:
        return str(dict(Purpose.choices).get(self.purpose, self.purpose or "–"))

    @property
    def subject_names(self) -> list[str]:
        """Prefetch `subject_links__person` to read this without a query per item."""
        return [link.person.display_name for link in self.subject_links.all()]


class InformationItemSubject(models.Model):
    """A person an item is about. In a household case it keeps one member's items out of
    another member's access export."""

    id = models.BigAutoField(primary_key=True)
    note = models.ForeignKey(
        InformationItem, on_delete=models.CASCADE, related_name="subject_links"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "cases_casenotesubject"
        constraints = [
            models.UniqueConstraint(fields=["note", "person"], name="case_note_subject_unique")
        ]
        indexes = [models.Index(fields=["person"], name="case_note_subject_person")]


class ItemRelease(models.Model):
    """The contributor opens one item to one participating organisation."""

    id = models.BigAutoField(primary_key=True)
    item = models.ForeignKey(
        "sharing.InformationItem", on_delete=models.CASCADE, related_name="releases"
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "organisation"], name="item_release_unique")
        ]
