# ImportBatch and ImportMapping now belong to the imports app (imports 0001), in the same
# tables. Here they leave actionplans' state, again without touching a table, and their
# ContentType rows change app label in place: the ids stay, so the audit history, the
# permissions and the admin's log entries that point at them keep pointing at them.

from django.db import migrations

MOVED = ['importbatch', 'importmapping']


def content_types_to_imports(apps, schema_editor):
    relabel(apps, schema_editor, source='actionplans', target='imports')


def content_types_to_actionplans(apps, schema_editor):
    relabel(apps, schema_editor, source='imports', target='actionplans')


def relabel(apps, schema_editor, *, source, target):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    ContentType.objects.using(schema_editor.connection.alias).filter(app_label=source, model__in=MOVED).update(
        app_label=target
    )


class Migration(migrations.Migration):

    dependencies = [
        ('actionplans', '0009_audit_history_cannot_be_truncated'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('imports', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ImportBatch'),
                migrations.DeleteModel(name='ImportMapping'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_imports, content_types_to_actionplans),
    ]
