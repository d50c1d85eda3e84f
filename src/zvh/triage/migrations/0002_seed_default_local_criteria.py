"""Gives every existing house the five default local criteria (see zvh/triage/defaults.py).

Houses created later get them from `local_criteria_seed_defaults`. Like that service, this
creates only what a house lacks (by name, ignoring case), so it changes nothing a functional
administrator already set up.
"""

from django.db import migrations

from zvh.triage.defaults import DEFAULT_LOCAL_CRITERIA


def seed(apps, schema_editor):
    House = apps.get_model("network", "House")
    LocalCriterion = apps.get_model("triage", "LocalCriterion")
    for house_id in House.objects.values_list("id", flat=True):
        existing = {
            name.lower()
            for name in LocalCriterion.objects.filter(house_id=house_id).values_list(
                "name", flat=True
            )
        }
        LocalCriterion.objects.bulk_create(
            [
                LocalCriterion(
                    house_id=house_id, name=name, explanation=explanation, position=position
                )
                for position, (name, explanation) in enumerate(DEFAULT_LOCAL_CRITERIA, start=1)
                if name.lower() not in existing
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("triage", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
