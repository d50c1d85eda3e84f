"""Gives every existing house the default themes (see zvh/cases/defaults.py).

Houses created later get them from `themes_seed_defaults`. Like that service, this creates
only what a house lacks (by code, or by name ignoring case), so it changes nothing a house
already set up.
"""

from django.db import migrations

from zvh.cases.defaults import DEFAULT_THEMES


def seed(apps, schema_editor):
    House = apps.get_model("network", "House")
    Theme = apps.get_model("cases", "Theme")
    for house_id in House.objects.values_list("id", flat=True):
        existing = Theme.objects.filter(house_id=house_id)
        codes = set(existing.values_list("code", flat=True))
        names = {name.lower() for name in existing.values_list("name", flat=True)}
        Theme.objects.bulk_create(
            [
                Theme(house_id=house_id, code=code, name=name, position=position)
                for position, (code, name) in enumerate(DEFAULT_THEMES, start=1)
                if code not in codes and name.lower() not in names
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("cases", "0004_case_work"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
