"""The append-only, hash-chained access log (NEN 7513 fields).

Ids only, never names or BSNs: a person's deletion must leave the chain verifiable.
No foreign keys: the log outlives what it refers to.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("Bekeken")
    LIST = "list", _("Lijst bekeken")
    SEARCH = "search", _("Gezocht")
    CREATE = "create", _("Aangemaakt")
    UPDATE = "update", _("Gewijzigd")
    DELETE = "delete", _("Verwijderd")
    EXPORT = "export", _("Geëxporteerd")
    PRINT = "print", _("Afgedrukt")
    IMPORT = "import", _("Geïmporteerd")
    LOGIN = "login", _("Ingelogd")
    LOGIN_FAILED = "login_failed", _("Inloggen mislukt")
    LOGOUT = "logout", _("Uitgelogd")
    DENIED = "denied", _("Geweigerd")


class Result(models.TextChoices):
    OK = "ok", _("Gelukt")
    DENIED = "denied", _("Geweigerd")
    FAILED = "failed", _("Mislukt")


class AuditEvent(models.Model):
    # Unique over all chains, rising within each (decision 0190); before it, gap-free.
    id = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField(_("tijdstip"))
    user_id = models.BigIntegerField(_("gebruiker"), null=True)
    api_token_id = models.UUIDField(_("API-sleutel"), null=True)
    organisation_id = models.UUIDField(_("organisatie"), null=True)
    house_id = models.UUIDField(_("huis"), null=True)
    action = models.CharField(_("handeling"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("soort object"), max_length=50, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    person_ids = models.JSONField(_("betrokkenen"), default=list)
    result = models.CharField(_("resultaat"), max_length=10, choices=Result.choices)
    request_id = models.CharField(_("request-id"), max_length=64, blank=True)
    detail = models.JSONField(_("details"), default=dict)
    # The event's place in its house's chain (the system chain for events of no house), gap-free
    # from 1, and the id of the key its link was computed with (audit/keys.py). Both NULL for
    # the events of the legacy global chain, before decision 0190.
    seq = models.BigIntegerField(null=True)
    key_id = models.CharField(max_length=16, null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("toegangsgebeurtenis")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["house_id", "occurred_at"], name="audit_house_time"),
            models.Index(fields=["user_id", "occurred_at"], name="audit_user_time"),
            models.Index(fields=["house_id", "seq"], name="audit_chain_seq"),
        ]


class AuditEventPerson(models.Model):
    """Index of events by person, for the per-person access report. Append-only as well."""

    id = models.BigAutoField(primary_key=True)
    event = models.ForeignKey(
        AuditEvent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="person_links"
    )
    person_id = models.UUIDField()

    class Meta:
        indexes = [models.Index(fields=["person_id", "event"], name="audit_person_event")]


class ChainHead(models.Model):
    """The head of one chain: a house's (its id as text) or the system chain ("system"). Its
    row lock serialises the appends of that chain only (decision 0190)."""

    chain = models.CharField(max_length=36, primary_key=True)
    last_seq = models.BigIntegerField(default=0)
    last_event_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)


class LegacyChainHead(models.Model):
    """The head of the legacy global chain, frozen at the cut-over to a chain per house
    (decision 0190): its events stay verifiable up to here."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_event_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    # The newest event's prev_hash, which the one-statement append of decision 0151 used.
    last_prev_hash = models.CharField(max_length=64, default="0" * 64)
