# RateWindow moves from the api app to core (decision 0157). The table stays where it is, as
# `api_ratewindow` (created, and made UNLOGGED on PostgreSQL, by api migration 0002): this
# migration only tells Django's state that core owns the model now.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("api", "0002_rate_window"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RateWindow",
                    fields=[
                        (
                            "key",
                            models.CharField(max_length=100, primary_key=True, serialize=False),
                        ),
                        ("started", models.FloatField()),
                        ("hits", models.PositiveIntegerField()),
                    ],
                    options={"db_table": "api_ratewindow"},
                ),
            ],
            database_operations=[],
        ),
    ]
