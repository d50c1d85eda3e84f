"""The case: the need-to-know unit of the house, with its roles, status history, participants,
themes, notes and journal.

Who sees a case is decided by `authz.policy.visible_cases`: house staff, and the professionals
of organisations with an *active* participation. Everything that happens to a case is written
by `cases/services.py`; see docs/decisions/0080-case-model-journal-and-search.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionedModel
from zvh.core.filetypes import default_upload_types
from zvh.core.life_domains import LifeDomain, ZrmScore
from zvh.core.models import BaseModel
from zvh.core.uploads import DEFAULT_UPLOAD_MB
from zvh.core.validation import DEFAULT_PLANNING_HORIZON_YEARS


class CaseStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Geaccepteerd")
    PLAN_IN_PREPARATION = "plan_in_preparation", _("Plan in voorbereiding")
    IN_EXECUTION = "in_execution", _("In uitvoering")
    STEP_DOWN_PROPOSED = "step_down_proposed", _("Afschaling voorgesteld")
    CLOSED = "closed", _("Afgesloten")


# The forward path, plus one step back: a step-down proposal that is withdrawn returns the case
# to execution. Closing (from any open status, with a reason) and reopening are acts of their own.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    CaseStatus.ACCEPTED: (CaseStatus.PLAN_IN_PREPARATION,),
    CaseStatus.PLAN_IN_PREPARATION: (CaseStatus.IN_EXECUTION,),
    CaseStatus.IN_EXECUTION: (CaseStatus.STEP_DOWN_PROPOSED,),
    CaseStatus.STEP_DOWN_PROPOSED: (CaseStatus.IN_EXECUTION,),
    CaseStatus.CLOSED: (),
}


class CaseType(models.TextChoices):
    """Same values as the referral's orientation, from which it is carried over."""

    PERSON = "person", _("Persoonsgericht")
    SYSTEM = "system", _("Systeemgericht (huishouden)")
    AREA = "area", _("Gebiedsgericht")


class ClosureReason(models.TextChoices):
    STEPPED_DOWN = "stepped_down", _("Afgeschaald naar lokale of reguliere zorg")
    GOALS_ACHIEVED = "goals_achieved", _("Doelen bereikt")
    TRANSFERRED = "transferred", _("Overgedragen aan een ander zorg- en veiligheidshuis")
    MOVED_OR_DECEASED = "moved_or_deceased", _("Verhuisd of overleden")
    DETENTION = "detention", _("Detentie (nazorg volgt)")
    NOT_INFLUENCEABLE = (
        "not_influenceable",
        _("Niet meer beïnvloedbaar / alleen nog strafrechtelijk"),
    )
    OTHER = "other", _("Overig")


class CaseSettings(models.Model):
    """Per-house case settings, with the defaults named in the issue."""

    house = models.OneToOneField(
        "network.House", on_delete=models.CASCADE, primary_key=True, related_name="case_settings"
    )
    coordinators_may_direct = models.BooleanField(
        _("procesregisseurs mogen ook casusregisseur zijn"), default=False
    )
    review_cadence_weeks = models.PositiveSmallIntegerField(
        _("evaluatiefrequentie (weken)"), default=6
    )
    # How far ahead a due date or review date may lie (zvh.core.validation, decision 0181).
    planning_horizon_years = models.PositiveSmallIntegerField(
        _("planningshorizon (jaren)"), default=DEFAULT_PLANNING_HORIZON_YEARS
    )
    # What the house accepts as an uploaded file (zvh.core.uploads, decision 0188).
    upload_max_mb = models.PositiveSmallIntegerField(
        _("grootste bijlage (MB)"), default=DEFAULT_UPLOAD_MB
    )
    upload_types = models.JSONField(_("toegestane bestandssoorten"), default=default_upload_types)


class Theme(BaseModel):
    """A theme a case is tagged with (e.g. domestic violence). Configurable per house; the
    defaults carry a `code` so that figures can be compared across houses."""

    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField(_("code"), max_length=40, blank=True)
    name = models.CharField(_("naam"), max_length=100)
    active = models.BooleanField(_("actief"), default=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        constraints = [
            models.UniqueConstraint(fields=["house", "name"], name="theme_unique_name"),
            models.UniqueConstraint(
                fields=["house", "code"], condition=~models.Q(code=""), name="theme_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Case(VersionedModel, BaseModel):
    house = models.ForeignKey("network.House", on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(_("casusnummer"), max_length=20)
    case_type = models.CharField(
        _("soort casus"), max_length=10, choices=CaseType.choices, default=CaseType.PERSON
    )
    status = models.CharField(
        _("status"), max_length=32, choices=CaseStatus.choices, default=CaseStatus.ACCEPTED
    )
    persons = models.ManyToManyField(
        "people.Person", through="CasePerson", related_name="cases", verbose_name=_("betrokkenen")
    )
    themes = models.ManyToManyField(
        Theme, related_name="cases", blank=True, verbose_name=_("thema's")
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
    # The start of the earliest held conference with the case on its agenda: written when a
    # conference is closed, read by the throughput figures (decision 0175).
    first_conference_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Carried over from the referral.
    life_domains = models.JSONField(_("problemen op leefgebieden"), default=list)
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("woongemeente"),
    )
    referring_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_cases",
        verbose_name=_("aanmeldende organisatie"),
    )
    # Roles.
    process_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_cases",
        verbose_name=_("procesregisseur"),
    )
    case_director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directed_cases",
        verbose_name=_("casusregisseur"),
    )
    next_review_date = models.DateField(_("volgende evaluatie"), null=True, blank=True)
    # What the process coordinator asks of the justice partners; the hit/no-hit signal returns
    # it to ZSM. Free text, so it never goes into the access log.
    requested_justice_response = models.TextField(_("gevraagde justitiële reactie"), blank=True)
    # Set while the case is closed; the history keeps every closure (CaseStatusChange).
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reden van afsluiten"), max_length=24, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("toelichting bij afsluiten"), blank=True)
    receiving_party = models.CharField(
        _("overnemende partij"),
        max_length=200,
        blank=True,
        help_text=_("Organisatie en contactpersoon die de zorg overnemen."),
    )
    receiving_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_cases",
        verbose_name=_("overnemende organisatie"),
    )
    # Not a field: the persons' links of a listed case, set by the prefetch
    # `cases.selectors.listed_persons`.
    listed_persons: list[CasePerson]

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        constraints = [
            models.UniqueConstraint(fields=["house", "number"], name="case_unique_number")
        ]
        indexes = [
            # The case list: newest first, keyset on (created_at, id).
            models.Index(fields=["house", "created_at", "id"], name="case_house_created"),
            # The figures count cases opened, and closed, in a period (decision 0171).
            models.Index(fields=["house", "opened_at"], name="case_house_opened"),
            models.Index(fields=["house", "closed_at"], name="case_house_closed"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def life_domain_labels(self) -> list[str]:
        labels = dict(LifeDomain.choices)
        return [str(labels.get(value, value)) for value in self.life_domains]


class CasePerson(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_persons")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_person_unique")
        ]
        indexes = [models.Index(fields=["person", "case"], name="case_person_by_person")]


class CaseStatusChange(models.Model):
    """One transition, timestamped: the opening ("" → accepted), each change, every closure
    (with its reason) and every reopening (with its reason in `note`)."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=32, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=CaseStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    closure_reason = models.CharField(max_length=24, choices=ClosureReason.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "at", "id"], name="case_status_change_time")]


class CaseParticipantQuerySet(models.QuerySet["CaseParticipant"]):
    def active(self) -> CaseParticipantQuerySet:
        return self.filter(ended_at__isnull=True)


ACTIVE_PARTICIPATION = models.Q(ended_at__isnull=True)


class CaseParticipant(BaseModel):
    """An organisation takes part in a case: the need-to-know unit for its professionals.

    Ending a participation keeps the row (history); only active rows open the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="case_participations"
    )
    added_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reden van toevoegen"), blank=True)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(_("reden van beëindigen"), blank=True)

    objects = CaseParticipantQuerySet.as_manager()

    class Meta:
        constraints = [
            # One active participation per organisation; ended ones stay as history.
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=ACTIVE_PARTICIPATION,
                name="case_participant_active_unique",
            )
        ]
        indexes = [
            # The need-to-know check of `visible_cases` / `visible_persons` for an organisation.
            models.Index(
                fields=["organisation", "case"],
                condition=ACTIVE_PARTICIPATION,
                name="case_participant_active_by_org",
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class CaseJournalEntry(models.Model):
    """One line of the case journal: a system event written by a service, or a note.

    The journal is this one table, read newest first with keyset pagination; a note's line
    points at the note, so the information-item rules can filter notes in the same query.
    `kind` is stored without database choices: other apps (plans, conferences) add kinds
    without a migration here (see `cases/journal.py`)."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="journal")
    at = models.DateTimeField()
    kind = models.CharField(max_length=40)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # What the event is about, where it concerns an organisation, a user or a note.
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The information item lives in `sharing` (decision 0196); referred to by name only.
    note = models.OneToOneField(
        "sharing.InformationItem", on_delete=models.CASCADE, null=True, related_name="journal_entry"
    )
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict)  # codes and ids only, rendered by the template
    # Set on a line that carries a case conference's content (a decision, minutes): the id of
    # that conference, whose confidentiality declaration gates the line. A plain id, not a
    # foreign key: conferences sit above cases. The journal selector filters on it through
    # `authz.conference_policy.conference_content_visible`.
    conference_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["case", "at", "id"], name="case_journal_time")]


# --- escalation (cases/escalation.py) ---------------------------------------------------------


class EscalationReason(models.TextChoices):
    PARTNER_NOT_DELIVERING = "partner_not_delivering", _("Partner levert niet")
    MISSING_MANDATE = "missing_mandate", _("Mandaat ontbreekt")
    SYSTEM_OBSTACLE = "system_obstacle", _("Belemmering in systeem of regelgeving")
    DISAGREEMENT = "disagreement", _("Onenigheid")
    OTHER = "other", _("Overig")


class EscalationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    RAISED = "raised", _("Opgeschaald")
    RESOLVED = "resolved", _("Afgesloten: opgelost")
    UNRESOLVED = "unresolved", _("Afgesloten: niet opgelost")


class Escalation(BaseModel):
    """A case that is stuck, put before someone with the mandate to unblock it.

    Proposed by any participant, raised by house staff to the chain manager or an
    administrator, answered and closed by that addressee. The addressee sees this row and the
    minimum of the case (see cases/escalation_policy.py), never the case itself."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    house = models.ForeignKey("network.House", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EscalationStatus.choices,
        default=EscalationStatus.PROPOSED,
    )
    reason = models.CharField(_("reden"), max_length=32, choices=EscalationReason.choices)
    explanation = models.TextField(_("toelichting"))
    agreement = models.ForeignKey(
        "plans.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("vastgelopen afspraak"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(_("opgeschaald op"), null=True, blank=True)
    addressee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="addressed_escalations",
        verbose_name=_("gericht aan"),
    )
    response = models.TextField(_("reactie"), blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("escalatie")
        verbose_name_plural = _("escalaties")
        indexes = [
            models.Index(fields=["addressee", "status"], name="escalation_by_addressee"),
            models.Index(fields=["case", "proposed_at"], name="escalation_by_case"),
        ]

    @property
    def is_closed(self) -> bool:
        return self.status in (EscalationStatus.RESOLVED, EscalationStatus.UNRESOLVED)


# --- step-down (cases/stepdown.py) ------------------------------------------------------------


class StepDownCriterion(BaseModel):
    """One item of the house's step-down checklist. The defaults carry a `code`."""

    house = models.ForeignKey(
        "network.House", on_delete=models.CASCADE, related_name="step_down_criteria"
    )
    code = models.SlugField(_("code"), max_length=40, blank=True)
    text = models.CharField(_("criterium"), max_length=300)
    active = models.BooleanField(_("actief"), default=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "text"]
        verbose_name = _("afschalingscriterium")
        verbose_name_plural = _("afschalingscriteria")
        constraints = [
            models.UniqueConstraint(
                fields=["house", "code"],
                condition=~models.Q(code=""),
                name="step_down_criterion_unique_code",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class StepDownCheck(models.Model):
    """How one criterion was judged when a case was stepped down: met, or not met with the
    documented exception. Written with the closure; never changed."""

    id = models.BigAutoField(primary_key=True)
    status_change = models.ForeignKey(
        CaseStatusChange, on_delete=models.CASCADE, related_name="step_down_checks"
    )
    criterion = models.ForeignKey(StepDownCriterion, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField()
    exception = models.TextField(blank=True)


# --- review (cases/review.py) -----------------------------------------------------------------


class CaseReview(BaseModel):
    """One review (evaluatie) of a case: progress per goal of the plan, optional ZRM scores
    per life domain (the outcome measure), and the next review date it set.

    `progress` is {goal_id: text}, or {"": text} when the plan had no goals; `goal_domains`
    keeps {goal_id: life_domain} as the goals were, so a review reads the same after the plan
    changes and the case page needs no query for the goals. Written once; never changed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("datum evaluatie"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    progress = models.JSONField(_("voortgang"), default=dict)
    goal_domains = models.JSONField(default=dict)
    zrm_scores = models.JSONField(_("ZRM-scores"), default=dict, blank=True)
    next_review_date = models.DateField(_("volgende evaluatie"))

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        indexes = [models.Index(fields=["case", "held_on"], name="case_review_by_case")]

    @property
    def progress_rows(self) -> list[tuple[str, str]]:
        """(life domain of the goal, text); the domain is empty for a plan without goals."""
        labels = dict(LifeDomain.choices)
        return [
            (str(labels.get(self.goal_domains.get(key, ""), "")), text)
            for key, text in self.progress.items()
        ]

    @property
    def zrm_rows(self) -> list[tuple[str, int]]:
        return [
            (str(label), self.zrm_scores[value])
            for value, label in LifeDomain.choices
            if value in self.zrm_scores
        ]

    @property
    def zrm_level_rows(self) -> list[tuple[str, str]]:
        """(life domain, score with its level name: "2 niet zelfredzaam"), for the page."""
        return [(domain, str(ZrmScore(score).label)) for domain, score in self.zrm_rows]


class CaseZrmChange(models.Model):
    """Per case and life domain scored in its reviews: the first and the last ZRM score (reviews
    in order of date, then of writing) and how many reviews scored it. Derived from the reviews
    and rewritten with them (`zvh.cases.zrm`), so that the outcome figures count indexed rows
    instead of reading every review's scores (decision 0175)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="zrm_changes")
    life_domain = models.CharField(max_length=40, choices=LifeDomain.choices)
    first_score = models.PositiveSmallIntegerField()
    last_score = models.PositiveSmallIntegerField()
    scored_reviews = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "life_domain"], name="zrm_change_per_domain")
        ]


# --- transfer to another house (cases/transfer.py) --------------------------------------------


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    ACCEPTED = "accepted", _("Geaccepteerd")
    REFUSED = "refused", _("Geweigerd")


class TransferReason(models.TextChoices):
    RESIDENCE_CHANGED = "residence_changed", _("Verhuisd naar het werkgebied van het andere huis")
    OTHER = "other", _("Overig")


PENDING_TRANSFER = models.Q(status=TransferStatus.REQUESTED)


class CaseTransfer(VersionedModel, BaseModel):
    """A request to hand a case over to another house, and its outcome.

    Both houses see this row (cases/transfer_policy.py); it is the sending house's lasting
    record of where and when the case went, with the number it had there. The receiving house
    sees of the case only what it needs to decide, and only while the request is open.
    `version` guards the decision: of a concurrent accept and refuse only one succeeds.
    See docs/decisions/0141-case-transfer.md."""

    # Case content (the explanation and the refusal may name people): it goes with the case
    # when a house deletes the case under its retention terms.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_house = models.ForeignKey(
        "network.House", on_delete=models.PROTECT, related_name="+", verbose_name=_("van huis")
    )
    to_house = models.ForeignKey(
        "network.House", on_delete=models.PROTECT, related_name="+", verbose_name=_("naar huis")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TransferStatus.choices,
        default=TransferStatus.REQUESTED,
    )
    reason = models.CharField(_("reden"), max_length=24, choices=TransferReason.choices)
    explanation = models.TextField(_("toelichting"))
    # The case number in the sending house, and the one the receiving house gave it.
    from_number = models.CharField(_("casusnummer bij het verzendende huis"), max_length=20)
    to_number = models.CharField(
        _("casusnummer bij het ontvangende huis"), max_length=20, blank=True
    )
    # The referral the case came from stays in the sending house's intake history (and under
    # its retention terms); its number is the sending house's reminder of that link.
    origin_referral_number = models.CharField(
        _("aanmeldnummer bij het verzendende huis"), max_length=20, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("aangevraagd op"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    refusal_reason = models.TextField(_("reden van weigeren"), blank=True)

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        constraints = [
            # One open request per case; decided ones stay as history.
            models.UniqueConstraint(
                fields=["case"], condition=PENDING_TRANSFER, name="case_transfer_one_pending"
            ),
        ]
        indexes = [
            # The incoming and outgoing lists: newest first, keyset on (requested_at, id).
            models.Index(fields=["to_house", "requested_at", "id"], name="case_transfer_in"),
            models.Index(fields=["from_house", "requested_at", "id"], name="case_transfer_out"),
            models.Index(fields=["case", "requested_at"], name="case_transfer_by_case"),
        ]

    @property
    def is_pending(self) -> bool:
        return self.status == TransferStatus.REQUESTED
