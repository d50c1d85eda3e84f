"""Gives every existing house the default legal bases (zvh/sharing/categories.py).

Houses created later get them from `legal_bases_seed_defaults`; like that service, this only
creates the names a house lacks.
"""

from django.db import migrations

from zvh.sharing.categories import DEFAULT_LEGAL_BASES


def seed(apps, schema_editor):
    House = apps.get_model("network", "House")
    LegalBasis = apps.get_model("sharing", "LegalBasis")
    for house_id in House.objects.values_list("id", flat=True):
        names = {n.lower() for n in LegalBasis.objects.filter(house_id=house_id).values_list("name", flat=True)}
        LegalBasis.objects.bulk_create(
            [
                LegalBasis(
                    house_id=house_id,
                    name=name,
                    gdpr_basis=basis,
                    special_ground=ground,
                    framework=framework,
                    position=position,
                )
                for position, (name, basis, ground, framework) in enumerate(DEFAULT_LEGAL_BASES)
                if name.lower() not in names
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("sharing", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
