import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID primary key (ids in URLs reveal nothing about volume) and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Counter(models.Model):
    """Per-house running numbers (A-2026-000123). Incremented under a row lock."""

    house_id = models.UUIDField()
    name = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["house_id", "name", "year"], name="counter_unique")
        ]
