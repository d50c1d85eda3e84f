from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "zvh.retention"
    label = "retention"
    verbose_name = _("Bewaartermijnen")

    def ready(self) -> None:
        from zvh.audit.verify import register_prune_records

        register_prune_records(_prune_records)


def _prune_records() -> Iterable[tuple[Any, Any, int | None, int]]:
    """Every prune record, for the access log's verification (which sits below retention)."""
    from .models import AuditPrune

    return (
        AuditPrune.objects.values_list("id", "house_id", "through_seq", "through_event_id")
        .order_by("id")
        .iterator()
    )
