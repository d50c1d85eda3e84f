"""`manage.py audit_checkpoint`: writes the signed checkpoint of every chain head and mails each
house's privacy officers their house's head (decision 0190). Run it daily, and once right after
the migration to per-house chains and after a key rotation."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zvh.audit.checkpoints import CheckpointError, write_checkpoint
from zvh.audit.keys import key_ring, public_key_text


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of every chain head of the access log outside the database "
        "and mail each house's privacy officers their house's head."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--public-key",
            action="store_true",
            help="Print the public key (base64, Ed25519) that checks the checkpoints, and stop.",
        )

    def handle(self, *args: Any, public_key: bool, **options: Any) -> None:
        ring = key_ring()
        if public_key:
            self.stdout.write(f"{ring.current_id} {public_key_text(ring.current)}")
            return
        try:
            checkpoint = write_checkpoint()
        except CheckpointError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Checkpoint {checkpoint.name}: chains {len(checkpoint.heads)}, key {checkpoint.key_id}"
        )
