import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Counter


def next_number(*, house_id: uuid.UUID, name: str, prefix: str) -> str:
    """The next number of a per-house, per-year series, e.g. A-2026-000123. Gap-free per house."""
    year = timezone.localdate().year
    with transaction.atomic():
        counter = (
            Counter.objects.select_for_update()
            .filter(house_id=house_id, name=name, year=year)
            .first()
        )
        if counter is None:
            try:
                with transaction.atomic():
                    counter = Counter.objects.create(house_id=house_id, name=name, year=year)
            except IntegrityError:  # created concurrently: lock the winner's row
                counter = Counter.objects.select_for_update().get(
                    house_id=house_id, name=name, year=year
                )
        counter.value += 1
        counter.save(update_fields=["value"])
    return f"{prefix}-{year}-{counter.value:06d}"
