"""After a restore (docs/operations.md, section 5): does every stored file the database refers
to exist in the private storage? Lists the missing ones by model, id and storage name (no
personal data: names are generated ids) and exits with status 1 if there are any."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models


class Command(BaseCommand):
    help = "Checks that every attachment the database refers to is in the storage."

    def handle(self, *args: Any, **options: Any) -> None:
        checked = missing = 0
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.FileField):
                    continue
                rows = (
                    model._default_manager.exclude(**{field.name: ""})
                    .values_list("pk", field.name)
                    .iterator(chunk_size=2000)
                )
                for pk, name in rows:
                    checked += 1
                    if not field.storage.exists(name):
                        missing += 1
                        self.stdout.write(f"{model._meta.label}.{field.name} {pk}: {name}")
        self.stdout.write(f"{checked} files checked, {missing} missing")
        if missing:
            raise CommandError(f"{missing} stored files are missing")
