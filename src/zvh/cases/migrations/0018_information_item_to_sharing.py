# The information item now lives in `sharing` (sharing 0003, decision 0196): drop it from this
# app's state only. Its tables stay as they are, with every row.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_case_settings_uploads"),
        ("sharing", "0003_information_item"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="casenote",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="casenote",
                    name="case",
                ),
                migrations.RemoveField(
                    model_name="casenote",
                    name="legal_basis",
                ),
                migrations.RemoveField(
                    model_name="casenote",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="casenote",
                    name="subjects",
                ),
                migrations.AlterField(
                    model_name="casejournalentry",
                    name="note",
                    field=models.OneToOneField(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="journal_entry",
                        to="sharing.informationitem",
                    ),
                ),
                migrations.RemoveField(
                    model_name="casenotesubject",
                    name="note",
                ),
                migrations.RemoveField(
                    model_name="casenotesubject",
                    name="person",
                ),
                migrations.DeleteModel(
                    name="CaseNote",
                ),
                migrations.DeleteModel(
                    name="CaseNoteSubject",
                ),
            ],
            database_operations=[],
        ),
    ]
