# ImportBatch and ImportMapping now belong to the imports app (imports 0001), in the same
# tables. Here they leave actionplans' state, again without touching a table, and their
# ContentType rows change app label in place: the ids stay, so the audit history, the
# permissions and the admin's log entries that point at them keep pointing at them.

from django.db import migrations

from core.model_moves import content_type_moves


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0010_form_submission_moves_to_core"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ImportBatch"),
                migrations.DeleteModel(name="ImportMapping"),
            ],
            database_operations=[],
        ),
        content_type_moves("importbatch", "actionplans", "imports"),
        content_type_moves("importmapping", "actionplans", "imports"),
    ]
