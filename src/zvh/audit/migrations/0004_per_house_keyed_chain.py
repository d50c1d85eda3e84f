"""A chain per house, keyed (decision 0190). The cut-over needs no key: the events so far stay
as they are, the legacy global chain, verifiable (unkeyed) up to its head, which is frozen here
under its new name; new events go into the chain of their house, or the system chain, keyed.
The first `audit_checkpoint` after this migration puts the legacy head in a signed checkpoint.

On PostgreSQL event ids come from a sequence from now on (appends of different houses no longer
share one lock), starting after the highest id so far.
"""

from django.db import migrations, models

SEQUENCE = "zvh_audit_event_id"


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} AS bigint")
    schema_editor.execute(
        f"SELECT setval('{SEQUENCE}', (SELECT COALESCE(MAX(id), 0) + 1 FROM audit_auditevent), false)"
    )


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_head_prev_hash'),
    ]

    operations = [
        migrations.CreateModel(
            name='ChainHead',
            fields=[
                ('chain', models.CharField(max_length=36, primary_key=True, serialize=False)),
                ('last_seq', models.BigIntegerField(default=0)),
                ('last_event_id', models.BigIntegerField(default=0)),
                ('last_hash', models.CharField(max_length=64)),
            ],
        ),
        migrations.RenameModel(
            old_name='AuditChainHead',
            new_name='LegacyChainHead',
        ),
        migrations.AddField(
            model_name='auditevent',
            name='key_id',
            field=models.CharField(max_length=16, null=True),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='seq',
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['house_id', 'seq'], name='audit_chain_seq'),
        ),
        migrations.RunPython(create_sequence, drop_sequence),
    ]
