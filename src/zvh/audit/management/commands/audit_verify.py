"""`manage.py audit_verify`: walks the access log and reports the first broken row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zvh.audit.verify import DEFAULT_CHUNK_SIZE, verify_chain


class Command(BaseCommand):
    help = (
        "Verify the access log: hashes, links to the predecessor, gap-free ids, the chain head "
        "and the per-person index. Exits non-zero at the first broken row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=DEFAULT_CHUNK_SIZE,
            help="Rows fetched per round trip while streaming (default %(default)s).",
        )

    def handle(self, *args: Any, chunk_size: int, **options: Any) -> None:
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1")
        verdict = verify_chain(chunk_size=chunk_size)
        if verdict.problem is not None:
            problem = verdict.problem
            # CommandError exits with status 1 and prints to stderr.
            raise CommandError(
                f"BROKEN: first broken row is event id {problem.event_id}: {problem.reason} "
                f"({verdict.events} events before it verified)"
            )
        pruned = (
            f" (events up to id {verdict.pruned_through} removed by retention)"
            if verdict.pruned_through
            else ""
        )
        self.stdout.write(f"OK: {verdict.events} events{pruned}")
