# The information item moves from `cases` (CaseNote) to `sharing` (InformationItem), decision
# 0196. State only: the tables keep their names (`db_table`), so no row moves, no foreign key
# constraint is rebuilt, and the audit events keep the type string "case_note" they were
# written with.

import django.db.models.deletion
import uuid
import zvh.core.storage
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_case_settings_uploads"),
        ("network", "0008_house_kind_monitor_code_national_analyst"),
        ("people", "0002_person_cross_house_lookup_indexes"),
        ("sharing", "0002_seed_legal_bases"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="InformationItem",
                    fields=[
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("contact_date", models.DateField(verbose_name="datum contactmoment")),
                        ("text", models.TextField(verbose_name="notitie")),
                        (
                            "category",
                            models.CharField(
                                default="general", max_length=32, verbose_name="categorie"
                            ),
                        ),
                        (
                            "purpose",
                            models.CharField(blank=True, max_length=32, verbose_name="doel"),
                        ),
                        (
                            "attachment",
                            models.FileField(
                                blank=True,
                                storage=zvh.core.storage.private_storage,
                                upload_to=zvh.core.storage.item_attachment_path,
                                verbose_name="bijlage",
                            ),
                        ),
                        ("attachment_name", models.CharField(blank=True, max_length=200)),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notes",
                                to="cases.case",
                            ),
                        ),
                        (
                            "legal_basis",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="sharing.legalbasis",
                                verbose_name="grondslag",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="network.organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "informatie-item",
                        "verbose_name_plural": "informatie-items",
                        "db_table": "cases_casenote",
                    },
                ),
                migrations.AlterField(
                    model_name="itemrelease",
                    name="item",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="releases",
                        to="sharing.informationitem",
                    ),
                ),
                migrations.CreateModel(
                    name="InformationItemSubject",
                    fields=[
                        ("id", models.BigAutoField(primary_key=True, serialize=False)),
                        (
                            "note",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="subject_links",
                                to="sharing.informationitem",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="people.person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cases_casenotesubject",
                    },
                ),
                migrations.AddField(
                    model_name="informationitem",
                    name="subjects",
                    field=models.ManyToManyField(
                        related_name="+",
                        through="sharing.InformationItemSubject",
                        to="people.person",
                        verbose_name="over wie",
                    ),
                ),
                migrations.AddIndex(
                    model_name="informationitemsubject",
                    index=models.Index(fields=["person"], name="case_note_subject_person"),
                ),
                migrations.AddConstraint(
                    model_name="informationitemsubject",
                    constraint=models.UniqueConstraint(
                        fields=("note", "person"), name="case_note_subject_unique"
                    ),
                ),
                migrations.AddIndex(
                    model_name="informationitem",
                    index=models.Index(fields=["case", "contact_date"], name="case_note_by_case"),
                ),
            ],
            database_operations=[],
        ),
    ]
