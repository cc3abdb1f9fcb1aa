# The import's models move here from actionplans. Their tables keep their names
# (actionplans_importbatch, actionplans_importmapping), so this changes Django's state only:
# no table is created or copied. actionplans 0011 removes them from actionplans' state.

import core.text
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('actionplans', '0009_audit_history_cannot_be_truncated'),
        ('agencies', '0007_new_fields_refuse_control_characters'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ImportBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('file_name', models.CharField(max_length=255, validators=[core.text.refuse_control_characters])),
                        ('kind', models.CharField(help_text='docx, xlsx or csv.', max_length=10, validators=[core.text.refuse_control_characters])),
                        ('tables', models.JSONField(default=list, help_text='Every table read from the file.')),
                        ('heading_lines', models.JSONField(default=list, help_text="The document's words before its first table.")),
                        ('table_index', models.PositiveIntegerField(default=0)),
                        ('mapping', models.JSONField(blank=True, null=True)),
                        ('imported_at', models.DateTimeField(blank=True, null=True)),
                        ('report', models.JSONField(blank=True, default=dict)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('into', models.ForeignKey(blank=True, help_text='The plan this file updates; empty for a new plan.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='actionplans.actionplan')),
                        ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='agencies.partnership')),
                        ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='actionplans.actionplan')),
                    ],
                    options={
                        'verbose_name_plural': 'import batches',
                        'db_table': 'actionplans_importbatch',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ImportMapping',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, validators=[core.text.refuse_control_characters])),
                        ('mapping', models.JSONField(help_text='Columns by heading, part agencies and the default agency.')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='agencies.partnership')),
                    ],
                    options={
                        'db_table': 'actionplans_importmapping',
                        'ordering': ['partnership', 'name'],
                        'constraints': [models.UniqueConstraint(fields=('partnership', 'name'), name='import_mapping_name_unique_in_partnership')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
