"""`manage.py audit_verify`: walks every chain of the access log with the keys, checks it
against its head and the newest checkpoint, and reports the first broken event of each chain."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zvh.audit.chain import SYSTEM_CHAIN
from zvh.audit.checkpoints import LEGACY_CHAIN
from zvh.audit.verify import CHECKPOINT_CHAIN, DEFAULT_CHUNK_SIZE, Problem, verify_chain
from zvh.network.models import House  # the report names each house's chain


class Command(BaseCommand):
    help = (
        "Verify the access log: every chain's keyed links, its place numbers, its head, the "
        "newest signed checkpoint, retention's prune records and the per-person index. "
        "Exits non-zero on any failure, naming the first broken event of each chain."
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
        if verdict.problems:
            names = _house_names(verdict.problems)
            first, *others = verdict.problems
            lines = [
                f"BROKEN: first broken row is event id {first.event_id} "
                f"({_chain_label(first.chain, names)}): {first.reason} "
                f"({verdict.events} events verified)"
            ]
            lines += [
                f"BROKEN: event id {problem.event_id} ({_chain_label(problem.chain, names)}): "
                f"{problem.reason}"
                for problem in others
            ]
            # CommandError exits with status 1 and prints to stderr.
            raise CommandError("\n".join(lines))
        notes = []
        if verdict.pruned:
            notes.append("older events removed by retention")
        if verdict.checkpoint:
            notes.append(f"matches checkpoint {verdict.checkpoint}")
        suffix = f" ({'; '.join(notes)})" if notes else ""
        self.stdout.write(f"OK: {verdict.events} events{suffix}")


def _house_names(problems: list[Problem]) -> dict[str, str]:
    ids = []
    for problem in problems:
        try:
            ids.append(uuid.UUID(problem.chain))
        except ValueError:
            continue
    return {
        str(pk): name for pk, name in House.objects.filter(pk__in=ids).values_list("pk", "name")
    }


def _chain_label(chain: str, names: dict[str, str]) -> str:
    if chain == SYSTEM_CHAIN:
        return "system chain"
    if chain == LEGACY_CHAIN:
        return "legacy chain"
    if chain == CHECKPOINT_CHAIN:
        return "checkpoint"
    if not chain:
        return "person index"
    return f"house {names.get(chain, 'no longer there')} {chain}"
