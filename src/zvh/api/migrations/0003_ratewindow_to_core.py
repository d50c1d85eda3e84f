# RateWindow moves to core (decision 0157): state only, the table `api_ratewindow` stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0002_rate_window"),
        ("core", "0002_ratewindow"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RateWindow")],
            database_operations=[],
        ),
    ]
