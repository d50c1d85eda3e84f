"""What a conference writes into the case journal (`cases.journal.journal_record`), with the
labels and one-line descriptions the journal shows. `kind` is free text in the journal, so
these need no migration there; the case page reads the labels from here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from zvh.cases.models import CaseJournalEntry


class ConferenceJournalKind(models.TextChoices):
    CONFERENCE_HELD = "conference_held", _("Casusoverleg gehouden")
    CONFERENCE_DECISION = "conference_decision", _("Besluit in casusoverleg")


def describe(entry: CaseJournalEntry) -> str:
    """One line for a conference entry (the decision's text is the entry's `text`)."""
    line = str(_("Overleg %(number)s.")) % {"number": entry.data.get("number", "")}
    agreements = len(entry.data.get("agreements", []))
    if entry.kind == ConferenceJournalKind.CONFERENCE_DECISION and agreements:
        line += " " + ngettext(
            "%(count)d afspraak in het plan gezet.",
            "%(count)d afspraken in het plan gezet.",
            agreements,
        ) % {"count": agreements}
    return line
