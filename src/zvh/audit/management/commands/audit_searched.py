"""Was this term searched for? The access log keeps search terms only as keyed digests; this
hashes the term again under every key of the ring (current and former) and lists the matching
search events. For the privacy officer's investigations, run by an operator."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zvh.audit.models import Action, AuditEvent
from zvh.audit.services import search_term_digests

# A term's name is a key of the event's detail, never a lookup ("bsn__contains").
TERM_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")


class Command(BaseCommand):
    help = "Lists the search events of the access log whose terms include this one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--term",
            required=True,
            help="name=value as the search normalised it, e.g. bsn=123456782",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name, separator, value = options["term"].partition("=")
        if not separator or not value or not TERM_NAME.match(name) or "__" in name:
            raise CommandError("Give the term as name=value, e.g. bsn=123456782")
        digests = sorted(search_term_digests(name, value))
        events = AuditEvent.objects.filter(
            action=Action.SEARCH, **{f"detail__terms__{name}__in": digests}
        ).order_by("id")
        found = 0
        for event in events.only("id", "occurred_at", "user_id", "house_id", "object_type"):
            found += 1
            self.stdout.write(
                f"{event.id}\t{event.occurred_at.isoformat()}\tuser {event.user_id}\t"
                f"house {event.house_id}\t{event.object_type}"
            )
        self.stdout.write(f"{found} search event(s) with this term")
