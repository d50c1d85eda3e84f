# The triage settings now belong to intake (intake 0007, decision 0195). State only: the table
# stays, intake's model uses it.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0002_seed_default_local_criteria"),
        ("intake", "0007_triagesettings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TriageSettings")],
            database_operations=[],
        ),
    ]
