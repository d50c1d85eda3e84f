"""The case journal: what happened to a case, in one chronological list.

Services write one entry per event in the same transaction as the change, through
`journal_record`. Other apps do the same for their events (a conference outcome, an agreement
done or overdue): add a kind to `JournalKind` and a line to `cases/_journal_entry.html`.
Entries hold codes and ids, never rendered text, so the journal reads in the user's language.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from zvh.authz.actor import Actor

from .models import Case, CaseJournalEntry

if TYPE_CHECKING:
    from zvh.sharing.models import InformationItem


class JournalKind(models.TextChoices):
    OPENED = "opened", _("Casus geopend")
    TRIAGE_DECISION = "triage_decision", _("Triagebesluit")
    STATUS_CHANGED = "status_changed", _("Status gewijzigd")
    CLOSED = "closed", _("Casus afgesloten")
    REOPENED = "reopened", _("Casus heropend")
    PARTICIPANT_ADDED = "participant_added", _("Organisatie toegevoegd")
    PARTICIPANT_ENDED = "participant_ended", _("Deelname beëindigd")
    ROLE_ASSIGNED = "role_assigned", _("Rol toegewezen")
    DETAILS_CHANGED = "details_changed", _("Casusgegevens gewijzigd")
    JUSTICE_RESPONSE_SET = "justice_response_set", _("Gevraagde justitiële reactie vastgelegd")
    NOTE = "note", _("Notitie contactmoment")
    PLAN_SET = "plan_set", _("Plan van aanpak vastgesteld")
    AGREEMENT_CREATED = "agreement_created", _("Afspraak gemaakt")
    AGREEMENT_DONE = "agreement_done", _("Afspraak nagekomen")
    AGREEMENT_NOT_DELIVERED = "agreement_not_delivered", _("Afspraak niet nagekomen")
    AGREEMENT_CANCELLED = "agreement_cancelled", _("Afspraak vervallen")
    AGREEMENT_OVERDUE = "agreement_overdue", _("Afspraak over de termijn")
    ESCALATION_PROPOSED = "escalation_proposed", _("Escalatie voorgesteld")
    ESCALATION_RAISED = "escalation_raised", _("Escalatie opgeschaald")
    ESCALATION_CLOSED = "escalation_closed", _("Escalatie afgesloten")
    REVIEW = "review", _("Evaluatie")


def journal_record(
    *,
    case: Case,
    kind: str,
    actor: Actor | None,
    at: datetime | None = None,
    by_user_id: int | None = None,
    organisation_id: Any = None,
    user_id: int | None = None,
    note: InformationItem | None = None,
    text: str = "",
    data: dict[str, Any] | None = None,
    conference_id: uuid.UUID | None = None,
) -> CaseJournalEntry:
    """Appends one entry. Call inside the transaction of the change it records. `by_user_id`
    overrides the actor as author (e.g. the triage decision taken by someone else).
    `conference_id` marks an entry that carries a conference's content (a decision, minutes):
    only readers who pass that conference's confidentiality declaration see it."""
    return CaseJournalEntry.objects.create(
        case=case,
        at=at or timezone.now(),
        kind=kind,
        by_id=by_user_id if by_user_id is not None else (actor.user_id if actor else None),
        by_organisation_id=actor.organisation_id if actor and by_user_id is None else None,
        organisation_id=organisation_id,
        user_id=user_id,
        note=note,
        text=text,
        data=data or {},
        conference_id=conference_id,
    )


# Apps above `cases` (conferences, ...) register their own kinds from AppConfig.ready(), so
# the journal can show them without `cases` importing those apps.
_extra_labels: dict[str, Any] = {}
_extra_describers: dict[str, Callable[[CaseJournalEntry], str]] = {}


def register_kinds(
    choices: Iterable[tuple[str, Any]], describe: Callable[[CaseJournalEntry], str]
) -> None:
    for kind, label in choices:
        _extra_labels[kind] = label
        _extra_describers[kind] = describe


def kind_label(kind: str) -> str:
    labels = dict(JournalKind.choices) | _extra_labels
    return str(labels.get(kind, kind))


def describe(entry: CaseJournalEntry) -> str:
    """One line saying what happened, in the reader's language. Related rows must have been
    selected with the entry (see selectors.case_journal): this runs no query."""
    from zvh.triage.models import Decision

    from .models import CaseStatus, CaseType, ClosureReason

    if entry.kind in _extra_describers:
        return _extra_describers[entry.kind](entry)
    data = entry.data
    statuses = dict(CaseStatus.choices)
    organisation = entry.organisation.name if entry.organisation else ""
    user = (entry.user.get_full_name() or entry.user.username) if entry.user else ""
    if entry.kind == JournalKind.OPENED:
        if data.get("without_triage"):
            return str(_("Zonder triage ingestroomd."))
        return str(_("Geopend na acceptatie van de aanmelding."))
    if entry.kind == JournalKind.TRIAGE_DECISION:
        line = str(_("Besluit: %(decision)s.")) % {
            "decision": dict(Decision.choices).get(data.get("decision", ""), "")
        }
        if data.get("departs_from_rule"):
            line += " " + str(_("Wijkt af van de uitkomst van de criteria."))
        return line
    if entry.kind == JournalKind.STATUS_CHANGED:
        return str(_("Van '%(from)s' naar '%(to)s'.")) % {
            "from": statuses.get(data.get("from", ""), ""),
            "to": statuses.get(data.get("to", ""), ""),
        }
    if entry.kind == JournalKind.CLOSED:
        line = str(_("Reden: %(reason)s.")) % {
            "reason": dict(ClosureReason.choices).get(data.get("reason", ""), "")
        }
        if data.get("receiving_party"):
            line += " " + str(_("Overnemende partij: %(party)s.")) % {
                "party": data["receiving_party"]
            }
        return line
    if entry.kind == JournalKind.REOPENED:
        return str(_("Terug naar '%(to)s'.")) % {"to": statuses.get(data.get("to", ""), "")}
    if entry.kind in (JournalKind.PARTICIPANT_ADDED, JournalKind.PARTICIPANT_ENDED):
        return organisation
    if entry.kind == JournalKind.ROLE_ASSIGNED:
        role = (
            _("Procesregisseur")
            if data.get("role") == "process_coordinator"
            else _("Casusregisseur")
        )
        return f"{role}: {user or _('niemand')}"
    if entry.kind == JournalKind.DETAILS_CHANGED:
        line = str(_("Soort: %(type)s.")) % {
            "type": dict(CaseType.choices).get(data.get("case_type", ""), "")
        }
        if data.get("next_review_date"):
            line += " " + str(_("Volgende evaluatie: %(date)s.")) % {
                "date": date_format(date.fromisoformat(data["next_review_date"]))
            }
        if data.get("themes_added") or data.get("themes_removed"):
            line += " " + str(_("Thema's gewijzigd."))
        return line
    if entry.kind in ESCALATION_KINDS:
        return _describe_escalation(entry, user)
    if entry.kind == JournalKind.REVIEW:
        return str(_("Gehouden op %(held_on)s. Volgende evaluatie: %(date)s.")) % {
            "held_on": date_format(date.fromisoformat(data["held_on"])),
            "date": date_format(date.fromisoformat(data["next_review_date"])),
        }
    return ""


ESCALATION_KINDS = frozenset(
    {JournalKind.ESCALATION_PROPOSED, JournalKind.ESCALATION_RAISED, JournalKind.ESCALATION_CLOSED}
)


def _describe_escalation(entry: CaseJournalEntry, user: str) -> str:
    from .models import EscalationReason

    data = entry.data
    if entry.kind == JournalKind.ESCALATION_PROPOSED:
        return str(_("Reden: %(reason)s.")) % {
            "reason": dict(EscalationReason.choices).get(data.get("reason", ""), "")
        }
    if entry.kind == JournalKind.ESCALATION_RAISED:
        return str(_("Gericht aan %(user)s.")) % {"user": user}
    if data.get("resolved"):
        return str(_("Opgelost."))
    return str(_("Niet opgelost."))


# A journal line that carries another app's content (an information item, a conference's
# decision or minutes) is shown only as far as that app's rule allows; the app registers its
# condition, since it sits above the case core (sharing, conferences; decision 0196). A line whose
# content app has not registered is shown to nobody: the journal fails closed.
LineCondition = Callable[[Actor, Case], Q]
CONTENT_FIELDS = ("note", "conference_id")
_line_conditions: dict[str, LineCondition] = {}


def register_line_condition(field: str, condition: LineCondition) -> None:
    """`condition(actor, case)`: the lines with content in `field` the actor may see."""
    if field not in CONTENT_FIELDS:
        raise ValueError(f"no journal content field {field!r}")
    _line_conditions[field] = condition


def journal_line_conditions(actor: Actor, case: Case) -> list[Q]:
    """One condition per content field: no content there, or content the actor may see."""
    conditions = []
    for field in CONTENT_FIELDS:
        condition = _line_conditions.get(field)
        allowed = condition(actor, case) if condition is not None else Q(pk__in=[])
        conditions.append(Q(**{f"{field}__isnull": True}) | allowed)
    return conditions
