"""`manage.py apply_retention [--dry-run] [--today YYYY-MM-DD]`: removes what is past the
house's retention terms, or with --dry-run only lists it. Safe to run daily: a second run finds
nothing and writes nothing. Refuses while any term of any house is not confirmed.

Operator output is English, like Django's own commands (and audit_verify); it names houses,
kinds, counts and internal ids, never a person."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zvh.jobs.outbox import technical_rows_prune
from zvh.network.models import House
from zvh.retention.models import DeletedObject
from zvh.retention.plan import Item, RetentionPlan, retention_plan
from zvh.retention.services import retention_apply
from zvh.retention.terms import confirmed_terms

HEADINGS = {
    DeletedObject.CASE: "closed cases",
    DeletedObject.REFERRAL: "referrals",
    DeletedObject.PERSON: "persons",
}


# Cases first: their referrals and persons go with them.
_ORDER = [DeletedObject.CASE, DeletedObject.REFERRAL, DeletedObject.PERSON]


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: '{value}' is not a date as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Verwijdert wat de bewaartermijnen van de huizen voorbij is (gesloten casussen, niet "
        "geaccepteerde aanmeldingen, betrokkenen die nergens meer bij horen, de oudste "
        "gebeurtenissen van de toegangslog) en legt dat vast in het verwijderlog. Met "
        "--dry-run alleen een opsomming."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go; change nothing."
        )
        parser.add_argument(
            "--today",
            help="The day to apply the terms on (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: Any, dry_run: bool, today: str | None, **options: Any) -> None:
        day = _date(today) if today else timezone.localdate()
        # The e-mail outbox and the task results first: their terms are the operator's
        # settings, not the houses', so they go even while a house's terms wait (decision 0187).
        pruned = technical_rows_prune(now=timezone.now(), dry_run=dry_run)
        self.stdout.write(
            f"Outbox: {pruned['outgoing_messages']} sent or failed e-mail(s) past their term, "
            f"{pruned['task_results']} finished task result(s) "
            + ("would go." if dry_run else "removed.")
        )
        terms, missing = confirmed_terms()
        if missing:
            raise CommandError(
                "Retention refused: not every retention term is configured. A chain manager "
                "confirms them under Beheer > Bewaartermijnen. Missing: "
                + "; ".join(str(term) for term in missing)
            )
        plan = retention_plan(today=day, terms=terms)
        if dry_run:
            self.stdout.write(f"Dry run for {day.isoformat()}: nothing is removed.")
            self._list(plan)
            return
        outcome = retention_apply(plan=plan)
        if outcome.run is None and not outcome.audit_needs_owner:
            self.stdout.write(f"Retention for {day.isoformat()}: nothing past its term.")
            return
        if outcome.run is not None:
            self.stdout.write(f"Retention for {day.isoformat()}: run {outcome.run.id}.")
            self._list(plan, removed=outcome.removed, audit_events=outcome.audit_events)
        problems = []
        if outcome.audit_needs_owner and plan.audit is not None:
            problems.append(
                f"{plan.audit.events} access-log events are past their term, but only the role "
                "that owns the tables may remove them: run apply_retention with the owner's "
                "DATABASE_URL (zvh-manage --owner apply_retention)."
            )
        if outcome.kept:
            kept = "; ".join(
                f"{item.object_type.value} {item.object_id} (held by {held})"
                for item, held in outcome.kept
            )
            problems.append(f"Kept, because other data still refers to it: {kept}")
        if problems:
            raise CommandError(" ".join(problems))

    def _list(
        self,
        plan: RetentionPlan,
        *,
        removed: list[Item] | None = None,
        audit_events: int | None = None,
    ) -> None:
        items = plan.items() if removed is None else removed
        verb = "would go" if removed is None else "removed"
        if not items and (plan.audit is None or audit_events == 0):
            self.stdout.write("Nothing past its term.")
            return
        grouped: dict[Any, dict[Any, list[Item]]] = defaultdict(lambda: defaultdict(list))
        for item in items:
            grouped[item.house_id][(item.object_type, item.term, item.term_months)].append(item)
        names = dict(House.objects.filter(pk__in=list(grouped)).values_list("id", "name"))
        for house_id in sorted(grouped, key=lambda pk: names.get(pk, "")):
            self.stdout.write(f"{names.get(house_id, house_id)}:")
            for (object_type, term, months), group in sorted(
                grouped[house_id].items(), key=lambda entry: _ORDER.index(entry[0][0])
            ):
                self.stdout.write(
                    f"  {HEADINGS[object_type]} {verb} under the {term.value} term "
                    f"({months} months): {len(group)}"
                )
                for item in group:
                    self.stdout.write(
                        f"    {item.object_id} (term counted from {item.term_started_on})"
                    )
        if plan.audit is not None and audit_events != 0:
            count = plan.audit.events if audit_events is None else audit_events
            self.stdout.write(
                f"Access log: events {plan.audit.first_id}-{plan.audit.through_id} "
                f"{verb} under the audit_event terms: {count}"
            )
