"""Gives every existing house the default step-down criteria (zvh/cases/defaults.py).

Houses created later get them from `step_down_criteria_seed_defaults`; like that service,
this only creates the codes a house lacks.
"""

from django.db import migrations

from zvh.cases.defaults import DEFAULT_STEP_DOWN_CRITERIA


def seed(apps, schema_editor):
    House = apps.get_model("network", "House")
    Criterion = apps.get_model("cases", "StepDownCriterion")
    for house_id in House.objects.values_list("id", flat=True):
        codes = set(Criterion.objects.filter(house_id=house_id).values_list("code", flat=True))
        Criterion.objects.bulk_create(
            [
                Criterion(house_id=house_id, code=code, text=text, position=position)
                for position, (code, text) in enumerate(DEFAULT_STEP_DOWN_CRITERIA, start=1)
                if code not in codes
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("cases", "0006_escalation_step_down"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
