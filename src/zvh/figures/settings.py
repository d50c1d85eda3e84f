"""Reading a house's figure settings (a row with defaults when the house never saved any)."""

import uuid

from zvh.figures.models import FigureSettings


def figure_settings(house_id: uuid.UUID) -> FigureSettings:
    found = FigureSettings.objects.filter(house_id=house_id).first()
    return found if found is not None else FigureSettings(house_id=house_id)
