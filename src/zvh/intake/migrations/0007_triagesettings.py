# The house's triage settings move from triage to intake, which reads them when a referral
# arrives (decision 0195). State only: the table keeps its name and its rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0006_first_decided_at"),
        ("network", "0001_initial"),
        ("triage", "0002_seed_default_local_criteria"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TriageSettings",
                    fields=[
                        (
                            "house",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="triage_settings",
                                serialize=False,
                                to="network.house",
                            ),
                        ),
                        (
                            "acute_deadline_hours",
                            models.PositiveIntegerField(
                                default=24, verbose_name="beslistermijn acuut (uren)"
                            ),
                        ),
                        (
                            "priority_list_bypass",
                            models.BooleanField(
                                default=False,
                                verbose_name="prioriteitenlijsten stromen zonder triage in",
                            ),
                        ),
                    ],
                    options={"db_table": "triage_triagesettings"},
                ),
            ],
            database_operations=[],
        ),
    ]
