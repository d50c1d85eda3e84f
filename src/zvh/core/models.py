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


class RateWindow(models.Model):
    """One rate-limit budget's current window: opened by its first call, counted per call
    (`zvh.core.rate_window`). A row per budget key: API token or user and scope (`api_token`,
    `api_user`, `signal_lookup`), or a user's referral checks (`referral_check`); nothing
    personal. The table keeps the name it had in the api app (decision 0157). On PostgreSQL it
    is UNLOGGED (api migration 0002): a count lost in a database crash costs nothing, and a
    commit that wrote only such a table does not wait for the disk."""

    key = models.CharField(max_length=100, primary_key=True)
    started = models.FloatField()  # Unix time, as the throttles' timer gives it
    hits = models.PositiveIntegerField()

    class Meta:
        db_table = "api_ratewindow"
